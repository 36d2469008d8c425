"""Hostile texts through every command and format (docs/security.md): no output line is a
workflow command, no escape sequence or unseen character survives, no command fails with a
traceback."""

import re
import tempfile
import unicodedata
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from begroting_cli.characters import has_unseen
from begroting_cli.cli import app

runner = CliRunner()

HOSTILE = ["\n::error file=x,line=1::pwned", "\r::warning::x", "\x1b]0;titel\x07", "\x1b[2J",
           "\x9b2J", "\x85", "\u202eevil", "\u200b", "##[error]x", '=HYPERLINK("http://x")',
           "+1", "-/- x", "@user", "| a | b |", "# kop", "<script>x</script>",
           "[l](http://x)", "www.x.nl", "`c`", "*x*", "\\", '"', "'", "%0A::error::x", "\t",
           "\u2028::error::x", "\U000e0041", "  ::notice::x", "\n  ", "é€‘"]
texts = st.lists(st.sampled_from(HOSTILE) | st.text(max_size=4), min_size=1, max_size=3).map(
    "".join)
codes = texts.map(lambda text: "".join(c for c in text if unicodedata.category(c) != "Cc"))
ALL = "".join(HOSTILE)
CODE = "".join(c for c in ALL if unicodedata.category(c) != "Cc")

COMMAND = re.compile(r"::(error|warning|notice) file=[^:,\n]*,line=\d+(,col=\d+)?,"
                     r"title=[^:,\n]*::")


def budget(naam, code_p, code_r, tekst, v2):
    """A small budget whose every text is hostile; v2 with baten and periods."""
    regel = {"code": code_r, "naam": tekst, "toelichting": tekst, "output": [tekst, naam]}
    if v2:
        regel |= {"taakveld": code_r, "lasten": {"begroting 2024": 100, "raming 2025": 110},
                  "baten": {"begroting 2024": 40, "raming 2025": 40}}
    else:
        regel |= {"programmalasten": 100, "directe_personeelslasten": 60, "overhead": 36}
    return {
        "begroting": {"naam": naam, "organisatie": tekst, "jaar": 2024, "eenheid": 1000},
        "indexatie": {"personeel": 0.02},
        "programma": [{"code": code_p, "naam": naam, "toelichting": tekst,
                       ("regel" if v2 else "beleidsopgave"): [regel]},
                      {"code": code_p + "2", "naam": tekst, "lasten": 5}],
        "verklaring": [{"omschrijving": tekst, "bedrag": 1}],
        "uitzondering": [{"regel": "BGR201", "onderwerp": code_r, "reden": tekst}],
    }


def check(result, github=False):
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception)
    assert result.exit_code in (0, 1, 2)
    for stream in (result.stdout, result.stderr):
        for line in re.split(r"\r\n|\r|\n", stream):
            if github and COMMAND.match(line):
                continue
            assert not line.lstrip().startswith("::"), line
        assert "##[" not in stream
        # a tab is white space (TOML keeps it in strings), not an escape
        assert not has_unseen(stream.replace("\n", "").replace("\t", "")), repr(stream)


def run_everything(folder: Path, data: dict, code_p: str) -> None:
    path = folder / "begroting.toml"
    path.write_text(tomli_w.dumps(data, multiline_strings=True), encoding="utf-8")
    later = folder / "later.toml"
    data["programma"][1]["lasten"] = 7
    later.write_text(tomli_w.dumps(data, multiline_strings=True), encoding="utf-8")
    for fmt in ("text", "json", "github"):
        check(runner.invoke(app, ["validate", str(path), "-f", fmt]), github=fmt == "github")
    for fmt in ("table", "json", "csv", "markdown"):
        for more in ([], ["--detail"], ["--per", "taakveld"], ["--programma", code_p]):
            check(runner.invoke(app, ["totals", str(path), "-f", fmt, *more]))
        check(runner.invoke(app, ["diff", str(path), str(later), "-f", fmt]))
    check(runner.invoke(app, ["index", str(path), "--naar", "2025"]))
    exported = runner.invoke(app, ["totals", str(path), "-f", "csv", "--detail"])
    table = folder / "tabel.csv"
    table.write_text(exported.stdout, encoding="utf-8")
    check(runner.invoke(app, ["import", str(table), "--naam", data["begroting"]["naam"],
                              "--organisatie", "o", "--eenheid", "1000"]))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(naam=texts, code_p=codes, code_r=codes, tekst=texts, v2=st.booleans())
@example(naam=ALL, code_p=CODE, code_r=CODE + "r", tekst=ALL, v2=True)
@example(naam=ALL, code_p=CODE, code_r=CODE + "r", tekst=ALL, v2=False)
def test_no_command_prints_a_workflow_command_or_an_escape(naam, code_p, code_r, tekst, v2):
    with tempfile.TemporaryDirectory() as folder:
        run_everything(Path(folder), budget(naam, code_p, code_r, tekst, v2), code_p)


def test_a_file_name_found_in_a_folder_is_data_too(tmp_path):
    name = "x\n::error file=a,line=1::pwned \x1b[2J.toml"
    (tmp_path / name).write_text("[begroting]\n", encoding="utf-8")
    for fmt in ("text", "json", "github"):
        check(runner.invoke(app, ["validate", str(tmp_path), "-f", fmt]), github=fmt == "github")


EXTREME = ["999999999999999.999999", "-999999999999999.999999", "0.000001", "-0.000001", "0",
           "1", '"p.m."', "123456789.123456"]
RATES = ["-0.9999999999", "99.9999999999", "0.0000000001", "0"]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(amounts=st.lists(st.sampled_from(EXTREME), min_size=8, max_size=8),
       rate=st.sampled_from(RATES), v2=st.booleans())
@example(amounts=EXTREME[:1] * 8, rate=RATES[1], v2=False)
@example(amounts=EXTREME[2:3] * 8, rate=RATES[0], v2=True)
def test_amounts_at_their_bounds_give_figures_not_tracebacks(amounts, rate, v2):
    """Every amount and rate the model accepts, at its extremes, through the arithmetic of
    every command: sums, overhead rates, indexation over ten years, differences."""
    a = amounts
    if v2:
        regels = "".join(f'\n[[programma.regel]]\ncode = "1.{n}"\nnaam = "r"\nindex = "dso"\n'
                         f'lasten = {{ "begroting 2024" = {a[n]}, "raming 2025" = {a[n + 1]} }}\n'
                         f"baten = {a[n + 2]}\nsaldo = {a[n + 3]}\n" for n in range(2))
    else:
        regels = "".join(f'\n[[programma.beleidsopgave]]\ncode = "1.{n}"\nnaam = "r"\n'
                         f'index = "dso"\nprogrammalasten = {a[n]}\n'
                         f"directe_personeelslasten = {a[n + 1]}\noverhead = {a[n + 2]}\n"
                         f"totaal = {a[n + 3]}\n" for n in range(2))
    text = (f'[begroting]\nnaam = "n"\norganisatie = "o"\njaar = 2024\neenheid = 1\n'
            f"tolerantie = 999999999999999.999999\n\n[indexatie]\npersoneel = {rate}\n"
            f"dso = {rate}\n\n[lasten]\npersoneelslasten_direct = {a[4]}\nhuisvesting = {a[5]}\n"
            f'\n[[programma]]\ncode = "1"\nnaam = "p"\n{regels}'
            f'\n[[verklaring]]\nomschrijving = "x"\nbedrag = {a[6]}\n')
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "begroting.toml"
        path.write_text(text, encoding="utf-8")
        for fmt in ("text", "json", "github"):
            check(runner.invoke(app, ["validate", str(path), "-f", fmt]), github=fmt == "github")
        for fmt in ("table", "json", "csv", "markdown"):
            check(runner.invoke(app, ["totals", str(path), "-f", fmt, "--detail"]))
            check(runner.invoke(app, ["totals", str(path), "-f", fmt, "--meerjarig", "2034"]))
            check(runner.invoke(app, ["diff", str(path), str(path), "-f", fmt, "--all"]))
        check(runner.invoke(app, ["index", str(path), "--naar", "2034"]))
