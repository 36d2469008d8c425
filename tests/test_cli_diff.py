import csv
import io
import json
import shutil
import subprocess
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from begroting_cli.cli import app
from tests.samples import BRONCKHORST, DRIMMELEN, PREVIOUS, REFERENCE, ZUID_HOLLAND

runner = CliRunner()


def run(*args):
    return runner.invoke(app, ["diff", *(str(a) for a in args)])


def test_the_table_has_the_shape_of_the_source():
    result = run(PREVIOUS, REFERENCE)
    assert result.exit_code == 0
    out = result.stdout
    assert "Was ┃ Wordt (1) ┃ Kassiersfunctie ┃ Wordt (2) ┃ Verschil" in out
    assert "│ Totaal                    │ 17.003 │    30.544 │         -14.523 │    16.021 │" in out
    assert "Verschil = Was - Wordt (2); -/- = nadeel" in out
    assert "│ Opname DSO in IPO BGR        │ -/- 1.650 │" in out
    notes = out.replace("\n", " ")
    assert "geeft andere bedragen op dan berekend: Totaal Was 17.002 (berekend 17.003)" in notes


def test_without_was_it_takes_the_vorige_of_wordt():
    assert run(REFERENCE).stdout == run(PREVIOUS, REFERENCE).stdout


def test_a_budget_without_vorige_needs_both_sides():
    result = run(PREVIOUS)
    assert result.exit_code == 2
    assert "noemt geen vorige begroting: geef zowel WAS als WORDT op" in result.stderr


def test_an_invalid_budget_alone_is_reported_not_a_crash(tmp_path):
    broken = tmp_path / "kapot.toml"
    broken.write_text("[begroting\n", encoding="utf-8")
    result = run(broken)
    assert result.exit_code == 2
    assert f"{broken}:1:" in result.stderr and "BGR002" in result.stderr


def test_json_carries_the_contract():
    data = json.loads(run(PREVIOUS, REFERENCE, "-f", "json").stdout, parse_float=Decimal)
    assert data["was"] == {"naam": "IPO-Begroting 2020", "jaar": 2020}
    assert data["scope"] == "basis"
    assert data["kostensoorten"][0] == {
        "kostensoort": "programmalasten", "was": 6497, "wordt": 18591, "kassiersfunctie": 12138,
        "wordt_basis": 6453, "verschil": 44}
    assert data["verklaard"] == 982 and data["onverklaard"] == Decimal("0.4")
    assert len(data["verklaring"]) == 5
    assert data["beleidsopgaven"] is None


def test_markdown_and_csv_carry_the_same_figures():
    markdown = run(PREVIOUS, REFERENCE, "-f", "markdown").stdout
    assert "| Totaal | 17.003 | 30.544 | -14.523 | 16.021 | 982 |" in markdown
    assert "| Verlaging diverse ramingen | 1.184 |" in markdown
    rows = list(csv.DictReader(io.StringIO(run(PREVIOUS, REFERENCE, "-f", "csv").stdout)))
    totaal = next(r for r in rows if r["code"] == "totaal")
    assert (totaal["was"], totaal["wordt"], totaal["kassiersfunctie"], totaal["wordt_basis"],
            totaal["verschil"]) == ("17003", "30544", "14523.4", "16020.6", "982.4")
    assert next(r for r in rows if r["code"] == "verklaard")["verschil"] == "982"


def test_an_unexplained_rest_beyond_rounding_is_shown(tmp_path):
    shutil.copy(PREVIOUS, tmp_path / PREVIOUS.name)
    wordt = tmp_path / REFERENCE.name
    wordt.write_text(REFERENCE.read_text(encoding="utf-8").replace("bedrag = 1184",
                                                                   "bedrag = 1284"))
    result = run(wordt)
    assert "│ Onverklaard                  │   -/- 100 │" in result.stdout
    assert "Onverklaard -/- 100 is meer dan afronding (grens 4,0)" in result.stdout


def test_changed_beleidsopgaven_largest_first_with_top(tmp_path):
    wordt = tmp_path / "wordt.toml"
    text = REFERENCE.read_text(encoding="utf-8")
    wordt.write_text(text.replace("programmalasten = 125\n", "programmalasten = 175\n", 1).replace(
        "programmalasten = 713\n", "programmalasten = 913\n"), encoding="utf-8")
    result = run(REFERENCE, wordt, "--top", "1", "-f", "json")
    lines = json.loads(result.stdout)["beleidsopgaven"]
    assert [(x["code"], x["status"], x["verschil"]) for x in lines] == [("1.2", "gewijzigd", -200)]


def test_top_says_what_it_left_out_in_every_format(tmp_path):
    wordt = tmp_path / "wordt.toml"
    text = REFERENCE.read_text(encoding="utf-8")
    wordt.write_text(text.replace("programmalasten = 125\n", "programmalasten = 175\n", 1).replace(
        "programmalasten = 713\n", "programmalasten = 913\n").replace(
        "programmalasten = 47\n", "programmalasten = 57\n"), encoding="utf-8")
    note = ("en 2 andere gewijzigde beleidsopgaven (verschil samen -60), niet getoond (--top 1)")
    assert note in " ".join(run(REFERENCE, wordt, "--top", "1").stdout.split())
    assert note in run(REFERENCE, wordt, "--top", "1", "-f", "markdown").stdout
    data = json.loads(run(REFERENCE, wordt, "--top", "1", "-f", "json").stdout)
    assert (data["top"], data["beleidsopgaven_niet_getoond"]) == (1, 2)
    rows = list(csv.DictReader(io.StringIO(run(REFERENCE, wordt, "--top", "1", "-f",
                                               "csv").stdout)))
    assert [r["code"] for r in rows if r["sectie"] == "beleidsopgave"] == ["1.2"]
    weg = rows[-1]
    assert (weg["sectie"], weg["omschrijving"], weg["was"], weg["wordt"], weg["verschil"]) == (
        "niet_getoond", "2 niet getoond (--top 1)", "881", "941", "-60")
    everything = run(REFERENCE, wordt, "--top", "3")
    assert "niet getoond" not in everything.stdout
    assert json.loads(run(REFERENCE, wordt, "-f", "json").stdout)[
        "beleidsopgaven_niet_getoond"] == 0


def test_an_empty_column_is_explained():
    out = " ".join(run(PREVIOUS, REFERENCE, "--scope", "totaal").stdout.split())
    assert ("Leeg onder Was: IPO-Begroting 2020 geeft geen lasten per kostensoort voor de hele "
            "begroting. Met --scope basis vergelijkt diff de basisbegroting.") in out
    assert "Zonder beide bedragen is er geen verschil." in out
    assert "Leeg onder" not in run(PREVIOUS, REFERENCE).stdout
    periods = " ".join(run(BRONCKHORST, "--periode", "begroting 2024", "--periode",
                           "raming 2025").stdout.split())
    assert ("Leeg onder Wordt: raming 2025 geeft geen bedrag voor ONV (lasten, baten); RES "
            "(toevoeging reserves, onttrekking reserves, mutatie reserves, resultaat).") in periods
    assert "- Zonder beide bedragen is er geen verschil." in run(
        BRONCKHORST, "--periode", "begroting 2024", "--periode", "raming 2025", "-f",
        "markdown").stdout


@pytest.mark.parametrize("args", [
    (PREVIOUS, REFERENCE), (PREVIOUS, REFERENCE, "--scope", "totaal", "--all"),
    (REFERENCE, REFERENCE, "--all", "--top", "3"),
    (DRIMMELEN, "--periode", "begroting 2021 na wijziging", "--periode", "rekening 2021"),
    (BRONCKHORST, "--periode", "rekening 2022", "--periode", "raming 2027"),
    (ZUID_HOLLAND, DRIMMELEN),
], ids=["ipo", "totaal", "top", "drimmelen", "bronckhorst", "twee"])
def test_every_diff_table_fits_in_80_columns(args):
    from rich.cells import cell_len

    result = runner.invoke(app, ["diff", *(str(a) for a in args)], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    for line in result.stdout.splitlines():
        assert cell_len(line) <= 80 and "…" not in line, line
        if line[:1] in "┏┃┡│├└":
            assert line[-1] in "┓┃┩│┤┘", line


@pytest.fixture
def repository(tmp_path, monkeypatch):
    """A git repository with the reference budget committed, then changed in the work tree."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    budgets = tmp_path / "budgets"
    budgets.mkdir()
    shutil.copy(REFERENCE, budgets / REFERENCE.name)
    shutil.copy(PREVIOUS, budgets / PREVIOUS.name)
    monkeypatch.chdir(tmp_path)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "begroting"], check=True)
    path = budgets / REFERENCE.name
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("programmalasten = 125\n", "programmalasten = 175\n", 1))
    return tmp_path


def test_the_git_form_reads_a_file_as_it_was_in_a_revision(repository):
    result = run(f"main:budgets/{REFERENCE.name}", f"budgets/{REFERENCE.name}", "-f", "json")
    assert result.exit_code == 0, result.output
    (line,) = json.loads(result.stdout)["beleidsopgaven"]
    assert (line["code"], line["verschil"]) == ("1.1", -50)


def test_the_git_form_finds_vorige_in_the_same_revision(repository):
    result = run(f"main:budgets/{REFERENCE.name}", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["was"]["jaar"] == 2020


def test_an_unknown_revision_is_a_clear_error(repository):
    result = run(f"nope:budgets/{REFERENCE.name}", f"budgets/{REFERENCE.name}")
    assert result.exit_code == 2
    assert "git: invalid object name 'nope'" in result.stderr


def test_outside_a_git_repository_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = run("main:budgets/x.toml", REFERENCE)
    assert result.exit_code == 2
    assert "not a git repository" in result.stderr


MILLIONS_V1 = """\
[begroting]
naam = "Begroting {jaar}"
organisatie = "Provincie X"
jaar = {jaar}
eenheid = 1000000
decimalen = 1

[[programma]]
code = "1"
naam = "A"

[[programma.regel]]
code = "1.1"
naam = "a"
programmalasten = 1.4
directe_personeelslasten = {personeel}
overhead = 1.1
"""
"""Format v1 in millions with one decimal: a regel of 4,8 that becomes 4,9."""


@pytest.mark.parametrize(("format", "row"), [
    ("table", "│ 1.1  │ a    │ gewijzigd │ 4,8 │   4,9 │     -0,1 │ Dir. pers. -0,1 │"),
    ("markdown", "| 1.1 | a | gewijzigd | 4,8 | 4,9 | -0,1 | Dir. pers. -0,1 |"),
])
def test_changed_beleidsopgaven_show_the_decimals_the_files_have(write, format, row):
    was = write(MILLIONS_V1.format(jaar=2024, personeel="2.3"), "was.toml")
    wordt = write(MILLIONS_V1.format(jaar=2025, personeel="2.4"), "wordt.toml")
    result = run(was, wordt, "-f", format)
    assert result.exit_code == 0, result.output
    assert row in result.stdout


PM_WAS = """\
[begroting]
naam = "Begroting 2023"
organisatie = "O"
jaar = 2023
eenheid = 1000

[[programma]]
code = "1"
naam = "A"
lasten = "p.m."
baten = 100
"""
"""lasten p.m. in WAS only; WORDT (PM_WORDT) gives 500."""

PM_WORDT = PM_WAS.replace("2023", "2024").replace('"p.m."', "500")


@pytest.mark.parametrize(("format", "rows"), [
    ("table", ["│ Lasten │     0 + p.m. │       500 │ 500 N + p.m. │",
               "│ Baten  │          100 │       100 │            0 │",
               "│ Saldo  │ 100 V + p.m. │     400 N │ 500 N + p.m. │"]),
    ("markdown", ["| 1 | A | Lasten | 0 + p.m. | 500 | 500 N + p.m. |",
                  "|  |  | Baten | 100 | 100 | 0 |",
                  "|  |  | Saldo | 100 V + p.m. | 400 N | 500 N + p.m. |"]),
])
def test_p_m_is_marked_on_the_side_that_has_it_and_on_the_verschil(write, format, rows):
    result = run(write(PM_WAS, "was.toml"), write(PM_WORDT, "wordt.toml"), "-f", format)
    assert result.exit_code == 0, result.output
    for row in rows:
        assert row in result.stdout


def test_p_m_only_in_wordt_is_marked_on_wordt(write):
    result = run(write(PM_WORDT, "was.toml"), write(PM_WAS.replace("2023", "2024"),
                                                     "wordt.toml"), "-f", "markdown")
    assert "| 1 | A | Lasten | 500 | 0 + p.m. | 500 V + p.m. |" in result.stdout


def test_json_flags_p_m_per_side_and_keeps_pm_for_either(write):
    result = run(write(PM_WAS, "was.toml"), write(PM_WORDT, "wordt.toml"), "-f", "json")
    data = json.loads(result.stdout)
    lasten = {"was": 0, "wordt": 500, "verschil": -500, "pm": True, "was_pm": True,
              "wordt_pm": False}
    assert data["totaal"]["lasten"] == lasten
    assert data["programmas"][0]["bedragen"]["lasten"] == lasten
    assert data["totaal"]["baten"] == {"was": 100, "wordt": 100, "verschil": 0, "pm": False,
                                       "was_pm": False, "wordt_pm": False}
