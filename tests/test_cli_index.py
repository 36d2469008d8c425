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
    assert "exists; use --force" in result.stderr
    assert out.read_text(encoding="utf-8") == "oud"
    assert run(source, "--naar", "2022", "-o", out, "--force").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# IPO-Begroting 2022")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_rate_for_a_name_the_budget_does_not_use_is_an_error(source):
    result = run(source, "--naar", "2022", "--rate", "dos=3%")
    assert result.exit_code == 2
    assert "the budget uses no rate 'dos'" in result.stderr


def test_a_rate_that_is_no_number_is_an_error(source):
    result = run(source, "--naar", "2022", "--personeel", "veel")
    assert result.exit_code == 2
    assert "is not a rate" in result.output


def test_more_years_compound_and_say_so(source):
    result = run(source, "--naar", "2023")
    assert "samengesteld over 2 jaar: personeel 1,6% per jaar = 3,23%" in (
        result.stderr.replace("\n", " "))


def test_a_year_before_the_budget_is_an_error(source):
    result = run(source, "--naar", "2020")
    assert result.exit_code == 2
    assert "is not after the budget's year 2021" in result.stderr


def test_totals_meerjarig_prints_the_projection():
    result = runner.invoke(app, ["totals", "--meerjarig", "2024"])
    assert result.exit_code == 0
    assert "IPO-Begroting 2021: meerjarenraming (x € 1.000)" in result.stdout
    assert "┃   2021 ┃   2022 ┃   2023 ┃   2024 ┃" in result.stdout
    assert "Indexatie t.o.v. vorig jaar" in result.stdout


def test_totals_meerjarig_with_a_given_rate_as_csv():
    result = runner.invoke(app, ["totals", str(PREVIOUS), "--meerjarig", "2022",
                                 "--personeel", "2%", "-f", "csv"])
    assert result.stdout.splitlines() == [
        "code,naam,2020,2021,2022",
        "totaal,Totaal,17003,17160,17321",
        "indexatie,Indexatie t.o.v. vorig jaar,,157,161",
    ]
