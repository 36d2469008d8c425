"""A budget from a pull request is hostile input (docs/security.md): each way it could harm
the machine that checks it, tried once with a small input."""

import os
import shutil
import subprocess

import pytest
from typer.testing import CliRunner

from begroting_cli.cli import app
from begroting_cli.load import load, load_revision, load_vorige
from tests.samples import MINIMAL, PREVIOUS, REFERENCE

runner = CliRunner()

WITH_VORIGE = MINIMAL.replace('eenheid = 1000\n', 'eenheid = 1000\nvorige = "{}"\n')


def only(loaded):
    assert loaded.begroting is None
    (diagnostic,) = loaded.diagnostics
    return diagnostic


# Reads: only regular files, never more than the limit.

def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "begroting.toml"
    os.mkfifo(fifo)
    found = only(load(fifo))
    assert (found.code, found.message) == (
        "BGR001", "is geen gewoon bestand (maar een apparaat, een pipe of een socket)")


def test_a_link_to_an_endless_device_is_refused_unread(tmp_path):
    link = tmp_path / "begroting.toml"
    link.symlink_to("/dev/zero")
    assert only(load(link)).message.startswith("is geen gewoon bestand")
    result = runner.invoke(app, ["totals", "/dev/zero"])
    assert result.exit_code == 2
    assert "is geen gewoon bestand" in result.stderr


def test_validate_dir_reports_a_linked_device_and_checks_the_other_files(tmp_path):
    shutil.copy(REFERENCE, tmp_path / REFERENCE.name)
    shutil.copy(PREVIOUS, tmp_path / PREVIOUS.name)
    (tmp_path / "zero.toml").symlink_to("/dev/zero")
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert "zero.toml:1: fout BGR001 file: is geen gewoon bestand" in result.stdout
    assert "3 bestanden gecontroleerd" in result.stdout


def test_a_file_above_the_limit_is_refused_with_its_size(write):
    found = only(load(write(MINIMAL), max_size=10))
    assert found.message == (
        f"het bestand is {len(MINIMAL)} bytes, groter dan het maximum van 10 bytes (zie "
        "--max-size)")


def test_import_reads_its_table_with_the_same_limits(tmp_path):
    result = runner.invoke(app, ["import", "/dev/zero", "--naam", "n", "--organisatie", "o",
                                 "--eenheid", "1"])
    assert result.exit_code == 2
    assert "is geen gewoon bestand" in result.stderr


# vorige: a relative path inside the budget's own repository or folder.

@pytest.mark.parametrize("vorige", ["/etc/passwd", "../buiten.toml", "../../x/../buiten.toml",
                                    "~/x.toml", "C:/x.toml", "\\\\\\\\server\\\\x.toml", ""])
def test_a_vorige_outside_the_budget_folder_is_not_read(tmp_path, vorige):
    (tmp_path / "buiten.toml").write_text(MINIMAL, encoding="utf-8")
    folder = tmp_path / "map"
    folder.mkdir()
    budget = folder / "begroting.toml"
    budget.write_text(WITH_VORIGE.format(vorige), encoding="utf-8")
    found = only(load_vorige(load(budget)))
    assert found.message.startswith("geen relatief pad binnen de repository van de begroting")


def test_a_link_that_leads_out_of_the_folder_is_refused_whether_its_target_exists_or_not(
        tmp_path):
    folder = tmp_path / "map"
    folder.mkdir()
    (tmp_path / "buiten.toml").write_text(MINIMAL, encoding="utf-8")
    (folder / "bestaat.toml").symlink_to(tmp_path / "buiten.toml")
    (folder / "bestaat-niet.toml").symlink_to(tmp_path / "nergens.toml")
    messages = set()
    for name in ("bestaat.toml", "bestaat-niet.toml"):
        budget = folder / "begroting.toml"
        budget.write_text(WITH_VORIGE.format(name), encoding="utf-8")
        messages.add(only(load_vorige(load(budget))).message)
    assert len(messages) == 1  # the answer tells nothing about the machine


def test_the_validate_message_says_why_vorige_was_not_read(tmp_path):
    budget = tmp_path / "begroting.toml"
    budget.write_text(WITH_VORIGE.format("/etc/hostname"), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(budget)])
    assert result.exit_code == 1
    assert ("fout BGR501 verklaring: vorige /etc/hostname is niet te gebruiken: geen relatief pad "
            "binnen de repository van de begroting") in result.stdout


def test_a_vorige_elsewhere_in_the_same_repository_is_read(tmp_path):
    (tmp_path / ".git").mkdir()
    for year in ("2020", "2021"):
        (tmp_path / year).mkdir()
    shutil.copy(PREVIOUS, tmp_path / "2020" / PREVIOUS.name)
    text = REFERENCE.read_text(encoding="utf-8").replace(
        f'vorige = "{PREVIOUS.name}"', f'vorige = "../2020/{PREVIOUS.name}"')
    budget = tmp_path / "2021" / REFERENCE.name
    budget.write_text(text, encoding="utf-8")
    assert load_vorige(load(budget)).begroting.begroting.jaar == 2020


def test_validate_of_a_folder_loads_a_shared_vorige_once(tmp_path, monkeypatch):
    import begroting_cli.load as module

    shutil.copy(PREVIOUS, tmp_path / PREVIOUS.name)
    for name in ("a.toml", "b.toml", "c.toml"):
        shutil.copy(REFERENCE, tmp_path / name)
    opened = []
    real = module.load
    monkeypatch.setattr(module, "load", lambda path, **kw: opened.append(str(path)) or real(
        path, **kw))
    runner.invoke(app, ["validate", str(tmp_path)])
    assert opened.count(str(tmp_path / PREVIOUS.name)) == 2  # as a file of the folder, as vorige


# git: a revision is never an option, and a blob's size is known before it is read.

@pytest.fixture
def repository(tmp_path, monkeypatch):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.chdir(tmp_path)
    shutil.copy(REFERENCE, tmp_path / "begroting.toml")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "begroting"], check=True)
    return tmp_path


@pytest.mark.parametrize("spec", ["--output=geschreven:begroting.toml",
                                  "-ogeschreven:begroting.toml"])
def test_a_revision_that_looks_like_an_option_is_refused(repository, spec):
    found = only(load_revision(spec))
    assert found.message == "een revisie begint niet met '-'"
    result = runner.invoke(app, ["diff", "--", spec, "begroting.toml"])
    assert result.exit_code == 2
    assert not (repository / "geschreven").exists()


def test_a_blob_above_the_limit_is_refused_before_it_is_read(repository):
    size = REFERENCE.stat().st_size
    found = only(load_revision("main:begroting.toml", max_size=1000))
    shown = f"{size:,}".replace(",", ".")
    assert found.message == (f"het bestand is {shown} bytes, groter dan het maximum van 1.000 "
                             "bytes (zie --max-size)")


def test_a_folder_in_a_revision_is_no_budget(repository):
    assert only(load_revision("main:")).message.startswith("git: ")


# Codes: one line of visible text.

PROGRAMMA = '\n[[programma]]\ncode = "{}"\nnaam = "Programma"\nlasten = {}\n'


def codes(*codes_and_amounts):
    return MINIMAL + "".join(PROGRAMMA.format(code, amount) for code, amount in codes_and_amounts)


@pytest.mark.parametrize("code", ["1\\n::error::x", "1\\u001b[2J", "1\\r", "1\\u0085"])
def test_a_code_with_a_control_character_is_refused(write, code):
    found = only(load(write(codes((code, 1)))))
    assert (found.code, found.line) == ("BGR011", 8)


def test_codes_that_look_the_same_are_one_code_and_the_hidden_character_is_named(write):
    from begroting_cli.rules import check

    found = check(load(write(codes(("1.1", 1), ("1.1\\u200b", 2), ("\\u00a01.1", 3)))))
    assert [(d.code, d.severity.value, d.line) for d in found if d.code != "BGR501"] == [
        ("BGR008", "error", 13), ("BGR604", "warning", 13),
        ("BGR008", "error", 18), ("BGR604", "warning", 18)]


# Amounts: bounded, so that every output is as long as the file.

@pytest.mark.parametrize("amount", ["1e-999990", "1.0000001", "1e15", "-1e15", "nan", "inf"])
def test_an_amount_beyond_the_bounds_is_refused(write, amount):
    assert only(load(write(codes(("1", amount))))).code == "BGR006"


@pytest.mark.parametrize(("amount", "value"), [("1.500000000", "1.5"), ("1e3", "1000"),
                                               ("999999999999999.999999", None)])
def test_an_amount_within_the_bounds_is_kept_as_written(write, amount, value):
    from decimal import Decimal

    loaded = load(write(codes(("1", amount))))
    assert loaded.begroting.programma[0].lasten == Decimal(value or amount)


@pytest.mark.parametrize("text", ["personeel = 0.01234567891", "personeel = 1e-200",
                                  "personeel = 1e200", "personeel = -1"])
def test_a_rate_beyond_the_bounds_is_refused(write, text):
    assert only(load(write(MINIMAL + f"[indexatie]\n{text}\n"))).code == "BGR006"


def test_a_number_of_thousands_of_digits_is_a_toml_error_on_its_line(write):
    found = only(load(write(codes(("1", "1"), ("2", "9" * 5000)))))
    assert (found.code, found.line, found.message) == (
        "BGR002", 15, "ongeldige TOML: een getal van meer dan 4.300 cijfers")


@pytest.mark.parametrize("jaar", [1, 20211, -2021])
def test_a_year_without_four_digits_is_refused(write, jaar):
    found = only(load(write(MINIMAL.replace("jaar = 2021", f"jaar = {jaar}"))))
    assert (found.code, found.message) == (
        "BGR004", f"'jaar' moet een geheel getal van 1000 tot en met 9999 zijn, niet {jaar}")


def test_the_meerjarenraming_looks_ten_years_ahead_at_most(write):
    path = write(codes(("1", 1)).replace("jaar = 2021", "jaar = 1900"))
    result = runner.invoke(app, ["totals", str(path), "--meerjarig", "2200"])
    assert result.exit_code == 2
    assert "2200 ligt meer dan 10 jaar na het begrotingsjaar 1900" in result.stderr


# A mistake on every line: the first MAX_DIAGNOSTICS findings, and how many more.

def regels(count, line):
    return MINIMAL + '\n[[programma]]\ncode = "1"\nnaam = "P"\n' + "".join(
        f'\n[[programma.regel]]\ncode = "1.{n}"\nnaam = "R"\n{line}\n' for n in range(count))


def test_a_file_reports_its_first_thousand_findings_and_counts_the_rest(write):
    from begroting_cli.rules import check

    found = check(load(write(regels(1500, "lasten = 10\nbaten = 5\nsaldo = 1"))))
    assert len(found) == 1001
    assert (found[-1].code, found[-1].severity.value, found[-1].message) == (
        "BGR702", "error", "nog 501 bevindingen worden niet getoond (500 fouten, 1 melding): per "
        "bestand worden alleen de eerste 1.000 gemeld")


def test_a_waiver_for_a_finding_beyond_the_thousandth_is_still_used(write):
    from begroting_cli.rules import check

    waiver = '\n[[uitzondering]]\nregel = "BGR121"\nonderwerp = "1.1499"\nreden = "bekend"\n'
    text = regels(1500, "lasten = 10\nbaten = 5\nsaldo = 1").replace(
        "\n[[programma]]", waiver + "\n[[programma]]", 1)
    assert not [d for d in check(load(write(text))) if d.code == "BGR701"]


def test_a_table_of_a_million_unknown_keys_is_reported_in_a_few_lines(write):
    text = MINIMAL + "".join(f"k{n} = 1\n" for n in range(100_000))
    found = load(write(text)).diagnostics
    assert len(found) == 65
    assert "nog 99.936 onbekende sleutels worden niet getoond" in {d.message for d in found}


def test_validation_stops_counting_a_little_past_the_limit(write):
    found = load(write(regels(5000, 'lasten = "tien"'))).diagnostics
    assert len(found) == 1001
    assert found[-1].message.startswith("nog minstens ")
    assert found[-1].code == "BGR702"


# Writes: -o replaces a regular file and nothing else, and what is written reads back.

def index(source, out, *more):
    return runner.invoke(app, ["index", str(source), "--naar", "2022", "-o", str(out), *more])


@pytest.fixture
def source(tmp_path):
    shutil.copy(PREVIOUS, tmp_path / PREVIOUS.name)
    shutil.copy(REFERENCE, tmp_path / REFERENCE.name)
    return tmp_path / REFERENCE.name


@pytest.mark.parametrize("kind", ["device", "link", "folder", "fifo"])
def test_output_that_is_not_a_regular_file_is_refused_even_with_force(source, tmp_path, kind):
    out = tmp_path / "uit.toml"
    if kind == "device":
        out.symlink_to("/dev/null")  # a link to a device: the link is what -o names
    elif kind == "link":
        (tmp_path / "elders.toml").write_text("x", encoding="utf-8")
        out.symlink_to(tmp_path / "elders.toml")
    elif kind == "folder":
        out.mkdir()
    else:
        os.mkfifo(out)
    result = index(source, out, "--force")
    assert result.exit_code == 2
    assert "geen bestand: alleen een bestand wordt vervangen" in result.stderr
    if kind == "link":
        assert (tmp_path / "elders.toml").read_text(encoding="utf-8") == "x"


def test_a_device_itself_is_refused(source):
    result = index(source, "/dev/null", "--force")
    assert (result.exit_code, "/dev/null is een apparaat" in result.stderr) == (2, True)


def test_the_written_file_keeps_the_mode_of_the_file_it_replaces(source, tmp_path):
    out = tmp_path / "uit.toml"
    out.write_text("oud", encoding="utf-8")
    out.chmod(0o640)
    assert index(source, out, "--force").exit_code == 0
    assert (out.stat().st_mode & 0o777) == 0o640


def test_a_new_file_gets_what_the_umask_leaves(source, tmp_path):
    umask = os.umask(0o027)
    try:
        assert index(source, tmp_path / "uit.toml").exit_code == 0
    finally:
        os.umask(umask)
    assert ((tmp_path / "uit.toml").stat().st_mode & 0o777) == 0o640


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_a_signal_during_the_write_leaves_no_temporary_file(tmp_path, monkeypatch, signal_name):
    import signal

    from begroting_cli import atomic

    def interrupted(handle):  # the signal arrives while the data is flushed to disk
        os.kill(os.getpid(), getattr(signal, signal_name))

    monkeypatch.setattr(atomic.os, "fsync", interrupted)
    with pytest.raises(SystemExit):
        atomic.write(tmp_path / "uit.toml", "tekst", force=False)
    assert list(tmp_path.iterdir()) == []


def test_a_name_with_control_characters_is_written_so_that_it_reads_back(source, tmp_path):
    text = source.read_text(encoding="utf-8").replace(
        'naam = "IPO-Begroting 2021"', 'naam = "IPO\\n::error::x \\u001b[2J 2021"', 1)
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "uit.toml"
    assert index(source, out).exit_code == 0
    loaded = load(out)
    assert loaded.diagnostics == ()
    assert loaded.begroting.begroting.naam == "IPO\n::error::x \x1b[2J 2022"
    assert not any(line.lstrip().startswith("::")
                   for line in out.read_text(encoding="utf-8").splitlines())


def test_validate_of_a_folder_does_not_follow_links_to_folders(tmp_path):
    shutil.copy(REFERENCE, tmp_path / REFERENCE.name)
    shutil.copy(PREVIOUS, tmp_path / PREVIOUS.name)
    for name in ("a", "b"):  # followed, these would make 2^40 paths
        (tmp_path / name).symlink_to(tmp_path)
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert "2 bestanden gecontroleerd" in result.stdout
