import json
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from begroting_cli.bundled import BUDGETS
from begroting_cli.cli import app
from tests.samples import BRONCKHORST, EXACT, MINIMAL, PREVIOUS, REFERENCE

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_without_a_file_it_shows_the_bundled_reference_budget():
    result = run("totals")
    assert result.exit_code == 0
    assert "IPO-Begroting 2021: programma's (x € 1.000)" in result.stdout
    assert "30.547" in result.stdout and "+ p.m." in result.stdout
    assert "Overhead: 64,2% van de directe personeelslasten" in result.stdout
    assert "Indexatie personeel (1,6%): 156 in de bedragen" in result.stdout
    assert "Indexatie dso (3,125%): 50 in de bedragen" in result.stdout


def test_json_carries_every_line_and_the_contract_keys():
    result = run("totals", REFERENCE, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout, parse_float=Decimal)
    assert (data["totaal"], data["basis"], data["kassiersfunctie"]) == (30547, 16023, 14524)
    assert data["pm"] is True
    assert data["overheadpercentage"] == Decimal("64.23")
    assert data["indexatie"] == {"personeel": Decimal("155.51"), "dso": 50}
    assert data["begroting"] == {"naam": "IPO-Begroting 2021",
                                 "organisatie": "Interprovinciaal Overleg", "jaar": 2021,
                                 "eenheid": 1000, "valuta": "EUR"}
    programma_3 = data["programmas"][2]
    assert (programma_3["totaal"], programma_3["totaal_opgegeven"], programma_3["pm"]) == (
        2871, 2869, True)
    stikstof = programma_3["beleidsopgaven"][8]
    assert stikstof == {"code": "3.9", "naam": "Stikstof", "programmalasten": "p.m.",
                        "directe_personeelslasten": 120, "overhead": 77, "totaal": 197,
                        "totaal_opgegeven": 197, "kassiersfunctie": True, "pm": True}
    assert sum(len(p["beleidsopgaven"]) for p in data["programmas"]) == 59


def test_json_amounts_are_exact_not_float(write):
    result = run("totals", write(EXACT), "-f", "json")
    assert '"programmalasten": 2300.75' in result.stdout
    assert '"totaal": 2301.05' in result.stdout
    assert '"totaal_opgegeven": null' in result.stdout


def test_csv_has_a_row_per_programme_and_beleidsopgave():
    result = run("totals", REFERENCE, "-f", "csv")
    rows = result.stdout.splitlines()
    assert rows[0].startswith("niveau,code,naam,programmalasten")
    assert len(rows) == 1 + 9 + 59 + 1
    assert "beleidsopgave,3.9,Stikstof,p.m.,120,77,197,197,0,197,true" in rows
    assert rows[-1] == "begroting,,IPO-Begroting 2021,,,,30547,,16023,14524,true"


def test_markdown_tables():
    result = run("totals", REFERENCE, "-f", "markdown", "--detail")
    assert "| Code | Naam | Progr.lasten | Dir. pers. | Overhead | Totaal |" in result.stdout
    assert "| 3.9 | Stikstof | p.m. | 120 | 77 | 197 | + p.m. |  | 197 |" in result.stdout
    assert "| Totaal | 30.544 | 14.523 | 16.021 |" in result.stdout


def test_detail_lists_every_beleidsopgave():
    result = run("totals", REFERENCE, "--detail")
    assert "3.10" in result.stdout and "Nationale" in result.stdout


def test_texts_print_as_written_not_as_rich_markup_or_emoji(write):
    budget = EXACT.replace('naam = "Informatiehuizen"', 'naam = "[/x] [bold]:smile:"')
    result = run("totals", write(budget), "--detail")
    assert result.exit_code == 0
    assert "[/x] [bold]:smile:" in result.stdout


def test_one_programme():
    result = run("totals", REFERENCE, "--programma", "8")
    assert result.exit_code == 0
    assert "programma 8 Werkgeverszaken" in result.stdout
    assert "8.3" in result.stdout and "2.1" not in result.stdout


def test_one_programme_as_json_has_only_that_programme():
    data = json.loads(run("totals", REFERENCE, "--programma", "8", "-f", "json").stdout)
    assert [p["code"] for p in data["programmas"]] == ["8"]


def test_one_programme_is_all_the_output_is_about_in_every_format():
    data = json.loads(run("totals", REFERENCE, "--programma", "3", "-f", "json").stdout,
                      parse_float=Decimal)
    assert data["programma"] == "3"
    assert (data["totaal"], data["basis"], data["kassiersfunctie"], data["pm"]) == (
        2871, 1774, 1097, True)  # the programme's, not the budget's 30547
    assert "kostensoorten" not in data and "overheadpercentage" not in data
    rows = run("totals", REFERENCE, "--programma", "3", "-f", "csv").stdout.splitlines()
    assert rows[1].startswith("programma,3,Vitaal Platteland,")
    assert not any(row.startswith("begroting,") for row in rows)
    overview = json.loads(run("totals", BRONCKHORST, "--programma", "2", "-f", "json").stdout)
    assert overview["programma"] == "2"
    assert overview["totaal"]["bedragen"]["lasten"]["begroting 2024"] == 32506
    assert "kostensoorten" not in overview


def test_two_totals_that_differ_on_one_screen_say_why():
    out = " ".join(run("totals", REFERENCE).stdout.split())
    assert "│ 30.547 │ + p.m. │" in run("totals", REFERENCE).stdout
    assert ("De programma's tellen op tot 30.547, de kostensoorten tot 30.544 (verschil 3). De "
            "kostensoorten nemen personeelslasten en huisvesting uit de tabel [lasten] van het "
            "bestand (samen 11.953); de regels hebben 11.956 aan directe personeelslasten en "
            "overhead. Daardoor verschillen ook basis (16.023 en 16.021) en kassiersfunctie "
            "(14.524 en 14.523).") in out
    assert "De programma's tellen op tot 30.547" in run("totals", REFERENCE, "-f",
                                                         "markdown").stdout
    assert "tellen op tot" not in run("totals", PREVIOUS).stdout  # one total: nothing to say


def wide(*args, columns="80"):
    result = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": columns})
    assert result.exit_code == 0, result.output
    return result.stdout


def fits(out, width=80):
    """Every line within the width, no cell cut short, no table cut off at its right edge."""
    from rich.cells import cell_len

    for line in out.splitlines():
        assert cell_len(line) <= width, line
        assert "…" not in line, line
        if line[:1] in "┏┃┡│├└":
            assert line[-1] in "┓┃┩│┤┘", line
    return out


def test_at_80_columns_detail_keeps_every_column_in_two_parts():
    out = fits(wide("totals", REFERENCE, "--detail"))
    assert "IPO-Begroting 2021: programma's (x € 1.000), deel 1 van 2" in out
    assert "IPO-Begroting 2021: programma's (x € 1.000), deel 2 van 2" in out
    for header in ("Progr.lasten", "Overhead", "Totaal", "Basis", "Kassiersfunctie"):
        assert f" {header} ┃" in out
    assert "│ 3.9  │ Stikstof" in out or "│   3.9  │ Stikstof" in out


def test_at_80_columns_an_overview_of_six_periods_prints_three_and_three():
    out = fits(wide("totals", BRONCKHORST))
    first, second = out.split("deel 2 van 2")
    assert all(year in first for year in ("2022", "2023", "2024"))
    assert all(year in second for year in ("2025", "2026", "2027"))
    assert "(bestemmings)" in out  # a long word breaks after its bracket


@pytest.mark.parametrize("budget", sorted(BUDGETS.glob("*.toml")), ids=lambda p: p.stem)
@pytest.mark.parametrize("columns", ["80", "100"])
def test_every_table_of_every_bundled_budget_fits(budget, columns):
    from begroting_cli.load import load

    width = int(columns)
    fits(wide("totals", budget, columns=columns), width)
    fits(wide("totals", budget, "--detail", columns=columns), width)
    fits(wide("totals", budget, "--per", "taakveld", columns=columns), width)
    for programma in load(budget).begroting.programma:
        fits(wide("totals", budget, "--programma", programma.code, columns=columns), width)


def test_a_pipe_is_as_wide_as_columns_says_else_120():
    at_120 = fits(wide("totals", REFERENCE, columns=""), 120)
    assert "deel 1 van 2" not in at_120  # the table of 112 columns as it is
    assert any(line.startswith("┏") and len(line) == 112 for line in at_120.splitlines())
    fits(wide("totals", REFERENCE, columns="100"), 100)


def test_an_unknown_programme_code_exits_2_and_names_the_codes():
    result = run("totals", REFERENCE, "--programma", "99")
    assert result.exit_code == 2
    assert "geen programma met code '99' (codes: 1, 2, 3, 4, 5, 6, 7, 8, 9)" in result.stderr


def test_the_summary_budget_2020_shows_its_basis():
    result = run("totals", PREVIOUS)
    assert result.exit_code == 0
    assert "6.497" in result.stdout and "17.003" in result.stdout


def test_a_missing_file_exits_2_with_a_message_and_no_traceback(tmp_path):
    result = run("totals", tmp_path / "nope.toml")
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'nope.toml'}:1: fout BGR001 file: bestand bestaat niet\n"
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_schema_error_exits_1_naming_file_and_line(write):
    # the file was read: it is an invalid budget (1), as validate says, not unreadable (2)
    path = write(MINIMAL.replace("jaar = 2021", "jaar = 20.21"))
    result = run("totals", path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:4:1: fout BGR004 begroting: 'jaar' moet een geheel")
    assert "Traceback" not in result.output


def test_max_size_refuses_a_large_file_unread():
    result = run("totals", REFERENCE, "--max-size", "1000")
    assert result.exit_code == 2
    assert "groter dan het maximum van 1.000 bytes (zie --max-size)" in result.stderr
