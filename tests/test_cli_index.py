import shutil
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from begroting_cli.cli import _tarief, app
from begroting_cli.load import load
from begroting_cli.rules import check
from tests.samples import PREVIOUS, REFERENCE

runner = CliRunner()


@pytest.fixture
def source(tmp_path):
    shutil.copy(PREVIOUS, tmp_path / PREVIOUS.name)
    shutil.copy(REFERENCE, tmp_path / REFERENCE.name)
    return tmp_path / REFERENCE.name


def run(*args):
    return runner.invoke(app, ["index", *(str(a) for a in args)])


@pytest.mark.parametrize("text", ["0.016", "1.6%", "1,6%", " 1,6 % "])
def test_a_rate_is_accepted_as_fraction_or_percentage(text):
    assert _tarief(text) == Decimal("0.016")


def test_the_done_when_example_writes_a_budget_that_validates(source, tmp_path):
    out = tmp_path / "b2022.toml"
    result = run(source, "--naar", "2022", "--personeel", "2%", "-o", out)
    assert result.exit_code == 0, result.output
    assert "personeel │       2% │ Personeelslasten (direct) │        198" in result.stdout
    assert "Overhead herverdeeld over de directe personeelslasten: 64,2% -> 63,8%" in (
        result.stdout)
    loaded = load(out)
    found = check(loaded, load(source))
    assert [d for d in found if d.severity.value == "error"] == []
    assert loaded.begroting.begroting.vorige == REFERENCE.name
    assert loaded.begroting.programma[0].beleidsopgave[0].output  # texts are still there
    assert 'toelichting = """\n' in out.read_text(encoding="utf-8")  # and readable


def test_without_output_the_budget_goes_to_stdout_and_the_summary_to_stderr(source):
    result = run(source, "--naar", "2022")
    assert result.exit_code == 0
    assert result.stdout.startswith("# IPO-Begroting 2022: ontwerp")
    assert "[[programma.beleidsopgave]]" in result.stdout
    assert "Toegevoegd" in result.stderr


def test_an_existing_output_is_left_untouched_without_force(source, tmp_path):
    out = tmp_path / "b2022.toml"
    out.write_text("oud", encoding="utf-8")
    result = run(source, "--naar", "2022", "-o", out)
    assert result.exit_code == 2
    assert "bestaat al; gebruik --force" in result.stderr
    assert out.read_text(encoding="utf-8") == "oud"
    assert run(source, "--naar", "2022", "-o", out, "--force").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# IPO-Begroting 2022")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_rate_for_a_name_the_budget_does_not_use_is_an_error(source):
    result = run(source, "--naar", "2022", "--tarief", "dos=3%")
    assert result.exit_code == 2
    assert "de begroting gebruikt geen tarief 'dos' (bruikbare tarieven: dso, " in result.stderr


def test_a_rate_that_is_no_number_is_an_error(source):
    result = run(source, "--naar", "2022", "--personeel", "veel")
    assert result.exit_code == 2
    assert "'veel' is geen tarief zoals 0.016, 1.6% of 1,6%" in result.output


def test_more_years_compound_and_say_so(source):
    result = run(source, "--naar", "2023")
    assert "samengesteld over 2 jaar: personeel 1,6% per jaar = 3,23%" in (
        result.stderr.replace("\n", " "))


def test_a_year_before_the_budget_is_an_error(source):
    result = run(source, "--naar", "2020")
    assert result.exit_code == 2
    assert "2020 ligt niet na het begrotingsjaar 2021" in result.stderr


def test_totals_meerjarig_prints_the_projection():
    result = runner.invoke(app, ["totals", "--meerjarig", "2024"])
    assert result.exit_code == 0
    assert "IPO-Begroting 2021: meerjarenraming (x € 1.000)" in result.stdout
    assert "┃   2021 ┃   2022 ┃   2023 ┃   2024 ┃" in result.stdout
    assert "Indexatie t.o.v. vorig jaar" in result.stdout


def test_a_meerjarenraming_of_many_years_at_80_columns_comes_in_parts_with_every_year():
    from rich.cells import cell_len

    result = runner.invoke(app, ["totals", "--meerjarig", "2030"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    out = result.stdout
    assert "IPO-Begroting 2021: meerjarenraming (x € 1.000), deel 2 van 2" in out
    assert all(f" {jaar} ┃" in out for jaar in range(2021, 2031))
    assert all(cell_len(line) <= 80 and "…" not in line for line in out.splitlines())


def test_the_summary_of_index_fits_in_80_columns(source):
    from rich.cells import cell_len

    result = runner.invoke(app, ["index", str(source), "--naar", "2024", "--personeel", "2%"],
                           env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert "│ personeel │" in result.stderr
    assert all(cell_len(line) <= 80 for line in result.stderr.splitlines())


def test_totals_meerjarig_with_a_given_rate_as_csv():
    result = runner.invoke(app, ["totals", str(PREVIOUS), "--meerjarig", "2022",
                                 "--personeel", "2%", "-f", "csv"])
    assert result.stdout.splitlines() == [
        "code,naam,2020,2021,2022",
        "totaal,Totaal,17003,17160,17321",
        "indexatie,Indexatie t.o.v. vorig jaar,,157,161",
    ]


MILLIONS = """\
[begroting]
naam = "Begroting 2024"
organisatie = "Provincie X"
jaar = 2024
eenheid = 1000000

[[programma]]
code = "1"
naam = "A"
lasten = 12.3
baten = 5.1

[[programma]]
code = "2"
naam = "B"
lasten = 13.2
baten = 7.1
"""
"""A budget in millions with one decimal, as a province prints it."""

MILLIONS_V1 = """\
[begroting]
naam = "Begroting 2024"
organisatie = "Provincie X"
jaar = 2024
eenheid = 1000000
decimalen = 1

[indexatie]
personeel = 0.03

[[programma]]
code = "1"
naam = "A"

[[programma.regel]]
code = "1.1"
naam = "a"
programmalasten = 1.4
directe_personeelslasten = 2.3
overhead = 1.1
totaal = 4.8
"""
"""Format v1 in millions: 2,3 x 1,03 = 2,369 is written 2,4, so 0,1 is added."""


@pytest.mark.parametrize("format", ["table", "markdown"])
def test_the_meerjarenraming_shows_the_decimals_the_file_has(write, format):
    result = runner.invoke(app, ["totals", str(write(MILLIONS)), "--meerjarig", "2025",
                                 "-f", format])
    assert result.exit_code == 0, result.output
    rows = [[cell.strip(" *") for cell in line.strip("│|").split("│" if "│" in line else "|")]
            for line in result.stdout.splitlines() if line.startswith(("│", "|"))]
    assert ["1", "A", "12,3", "12,3"] in rows
    assert ["2", "B", "13,2", "13,2"] in rows
    assert ["", "Totaal", "25,5", "25,5"] in rows
    assert ["", "Indexatie t.o.v. vorig jaar", "", "0,0"] in rows


def test_the_meerjarenraming_of_a_decimal_budget_shows_each_years_indexation(write):
    result = runner.invoke(app, ["totals", str(write(MILLIONS_V1)), "--meerjarig", "2026",
                                 "-f", "markdown"])
    assert "| 1 | A | 4,8 | 4,9 | 5,0 |" in result.stdout
    assert "|  | Indexatie t.o.v. vorig jaar |  | 0,1 | 0,1 |" in result.stdout


def test_the_summary_of_a_decimal_budget_shows_what_was_added_and_what_it_rounded_to(write):
    result = run(write(MILLIONS_V1), "--naar", "2025")
    assert result.exit_code == 0, result.output
    summary = result.stderr
    assert "│ personeel │       3% │ Personeelslasten (direct) │        0,1 │" in summary
    assert "│ Totaal    │          │                           │        0,1 │" in summary
    assert "Afgerond op 1 decimaal; afgerond min exact: Progr.lasten 0, Dir. pers. 0,03, " \
           "Overhead -0,03" in summary.replace("\n", " ")
    assert "hele eenheden" not in summary
    assert "directe_personeelslasten = 2.4\n" in result.stdout

