"""Spreadsheets both ways: `begroting export` to XLSX and `begroting import` back
(docs/werkboek.md). The workbook is read back with openpyxl, a reader that shares no code with
the writer (XlsxWriter) or with the import (python-calamine)."""

from __future__ import annotations

import json
import shutil
import tempfile
import tomllib
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import tomli_w
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from begroting_cli import werkboek
from begroting_cli.cli import app
from begroting_cli.load import load
from tests.samples import BUDGETS, REFERENCE
from tests.strategies import budgets, overzicht_budgets

ALL = sorted(BUDGETS.glob("*.toml"))

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]


def export(budget: Path, out: Path) -> Path:
    result = runner.invoke(app, ["export", str(budget), "-o", str(out), "--force"])
    assert result.exit_code == 0, result.output
    return out


def importeer(book: Path, out: Path, *extra: str):
    return runner.invoke(app, ["import", str(book), "-o", str(out), *extra])


@pytest.fixture(scope="module")
def ipo_boek(tmp_path_factory) -> Path:
    return export(REFERENCE, tmp_path_factory.mktemp("boek") / "ipo.xlsx")


def kolommen(sheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[1] if cell.value is not None}


def rij_van(sheet, code: str, kolom: str = "code") -> int:
    col = kolommen(sheet)[kolom]
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, col).value == code)


@pytest.mark.parametrize("budget", ALL, ids=lambda p: p.stem)
def test_export_then_import_gives_the_same_budget(budget, tmp_path):
    book = export(budget, tmp_path / "b.xlsx")
    result = importeer(book, tmp_path / "terug.toml")
    assert result.exit_code == 0, result.output
    assert load(tmp_path / "terug.toml").begroting == load(budget).begroting


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.one_of(budgets(max_programmas=3, max_lines=3), overzicht_budgets()),
       st.sampled_from(["=HYPERLINK(\"http://x\")", "+31 6", "-/- Bezuinigingen", "@SUM(A1)",
                        "Gewoon", "'s-Hertogenbosch", "2021", "p.m.", " spaties ",
                        "<b>&amp;</b>", "_x0041_ is geen A", "tab\tin", "bel\x07"]))
def test_a_generated_budget_comes_back_equal_with_its_texts(tmp_path, data, naam):
    if isinstance(data, str):  # overzicht_budgets gives a TOML text
        data = tomllib.loads(data)
    data["programma"][0]["naam"] = naam
    data["begroting"]["organisatie"] = naam
    for programma in data["programma"]:  # the texts of the sheets of many rows, too
        for regel in programma.get("beleidsopgave", programma.get("regel", [])):
            regel["naam"] = naam
            regel["output"] = [naam, "gewoon"]
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # one per example: a new file, not an update
    source = folder / "bron.toml"
    source.write_text(tomli_w.dumps(_toml(data)), encoding="utf-8")
    original = load(source)
    assert original.begroting is not None, original.diagnostics
    book = export(source, folder / "g.xlsx")
    result = importeer(book, folder / "terug.toml")
    assert result.exit_code == 0, result.output
    assert load(folder / "terug.toml").begroting == original.begroting


@settings(max_examples=60, deadline=None)
@given(st.one_of(budgets(max_programmas=3, max_lines=3), overzicht_budgets()),
       st.one_of(budgets(max_programmas=3, max_lines=3), overzicht_budgets()))
def test_updating_a_file_in_place_makes_it_hold_the_new_budget(was, wordt):
    from begroting_cli.load import load_bytes
    from begroting_cli.render.toml_bijwerken import bijwerken

    texts = [tomli_w.dumps(_toml(tomllib.loads(d) if isinstance(d, str) else d))
             for d in (was, wordt)]
    before, after = (load_bytes(t.encode(), "b.toml").begroting for t in texts)
    assume(before is not None and after is not None)
    updated = load_bytes(bijwerken(texts[0], before, after).encode(), "b.toml")
    assert updated.begroting == after, updated.diagnostics


def _toml(value):
    """Decimals as TOML numbers for tomli-w: whole ones as integers."""
    if isinstance(value, dict):
        return {k: _toml(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_toml(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value
    return value


def test_every_total_is_a_formula_that_holds_the_engines_value(ipo_boek):
    totals = json.loads(runner.invoke(app, ["totals", str(REFERENCE), "--detail", "-f",
                                            "json"]).stdout)
    formulas = openpyxl.load_workbook(ipo_boek)
    values = openpyxl.load_workbook(ipo_boek, data_only=True)
    sheet, cached = formulas["Programma's"], values["Programma's"]
    col = kolommen(sheet)["lasten (berekend)"]
    for programma in totals["programmas"]:
        row = rij_van(sheet, programma["code"])
        assert sheet.cell(row, col).value.startswith("=SUMPRODUCT((Regels!$A$2:$A$60=$A")
        assert Decimal(str(cached.cell(row, col).value)) == Decimal(str(programma["totaal"]))
    total = kolommen(sheet)["totaal (berekend)"]  # beside the rows, not below them
    assert sheet.cell(2, total).value == "=SUM(F2:F1048576)"
    assert cached.cell(2, total).value == 30547
    regels, regels_cached = formulas["Regels"], values["Regels"]
    rcol = kolommen(regels)["lasten (berekend)"]
    row = rij_van(regels, "3.9")  # p.m. programmalasten: SUM skips the text, as the engine does
    assert regels.cell(row, kolommen(regels)["programmalasten"]).value == "p.m."
    assert regels.cell(row, rcol).value == f"=SUM(H{row},I{row},J{row})"
    assert regels_cached.cell(row, rcol).value == 197
    verschil = kolommen(regels)["verschil totaal"]
    row = rij_van(regels, "2.5")  # printed 467, computed 466: the afrondingsverschil
    assert (regels.cell(row, verschil).value, regels_cached.cell(row, verschil).value) == (
        f"=K{row}-L{row}", 1)


def test_inputs_are_unlocked_and_formulas_locked_in_protected_sheets(ipo_boek):
    book = openpyxl.load_workbook(ipo_boek)
    regels = book["Regels"]
    row = rij_van(regels, "1.1")
    cols = kolommen(regels)
    assert regels.protection.sheet and not regels.protection.password
    assert not regels.cell(row, cols["programmalasten"]).protection.locked
    assert not regels.cell(row, cols["naam"]).protection.locked
    assert regels.cell(row, cols["lasten (berekend)"]).protection.locked
    assert regels.cell(row, cols["programmalasten"]).fill.fgColor.rgb != (
        regels.cell(row, cols["lasten (berekend)"]).fill.fgColor.rgb)


def test_amounts_read_the_dutch_way_and_a_nadeel_as_minus_slash_minus(ipo_boek):
    book = openpyxl.load_workbook(ipo_boek)
    regels = book["Regels"]
    assert regels.cell(2, kolommen(regels)["programmalasten"]).number_format == "#,##0"
    verklaring = book["Verklaring"]
    assert verklaring["A2"].value == "Opname DSO in IPO BGR"
    assert verklaring["B2"].value == -1650  # the value stays a number
    assert verklaring["B2"].number_format == '#,##0;"-/- "#,##0'


def test_a_text_that_looks_like_a_formula_is_stored_as_text(tmp_path):
    source = tmp_path / "b.toml"
    text = REFERENCE.read_text(encoding="utf-8").replace(
        'naam = "Ruimtelijke ontwikkeling"', 'naam = "=HYPERLINK(\\"http://x\\",\\"klik\\")"')
    source.write_text(text, encoding="utf-8")
    book = openpyxl.load_workbook(export(source, tmp_path / "b.xlsx"))
    regels = book["Regels"]
    cell = regels.cell(rij_van(regels, "1.1"), kolommen(regels)["naam"])
    assert (cell.data_type, cell.value) == ("s", '=HYPERLINK("http://x","klik")')
    assert cell.quotePrefix
    importeer(tmp_path / "b.xlsx", tmp_path / "terug.toml")
    assert load(tmp_path / "terug.toml").begroting == load(source).begroting


def test_one_edited_cell_changes_one_line_and_keeps_the_comments(ipo_boek, tmp_path):
    for name in ("ipo-begroting-2021.toml", "ipo-begroting-2020.toml"):
        shutil.copy(ROOT / "budgets" / name, tmp_path / name)
    book = openpyxl.load_workbook(ipo_boek)
    regels = book["Regels"]
    regels.cell(rij_van(regels, "1.5"), kolommen(regels)["programmalasten"]).value = 1700
    book.save(tmp_path / "bewerkt.xlsx")
    target = tmp_path / "ipo-begroting-2021.toml"
    before = target.read_text(encoding="utf-8")
    assert importeer(tmp_path / "bewerkt.xlsx", target).exit_code == 2  # it exists: --force
    result = importeer(tmp_path / "bewerkt.xlsx", target, "--force")
    assert result.exit_code == 0, result.output
    after = target.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True)
               if a != b]
    assert changed == [("programmalasten = 1650", "programmalasten = 1700")]
    diff = runner.invoke(app, ["diff", str(REFERENCE), str(target), "--scope", "totaal",
                               "-f", "json"])
    lines = json.loads(diff.stdout)["beleidsopgaven"]
    assert [(line["code"], line["verschil"]) for line in lines] == [("1.5", -50)]


def test_errors_name_the_sheet_and_the_cell_and_nothing_is_written(ipo_boek, tmp_path):
    book = openpyxl.load_workbook(ipo_boek)
    regels = book["Regels"]
    cols = kolommen(regels)
    regels.cell(7, cols["programmalasten"]).value = "pm"
    regels.cell(8, cols["overhead"]).value = "veel"
    book["Begroting"]["A2"] = "begroting.naaam"
    book.save(tmp_path / "fout.xlsx")
    result = importeer(tmp_path / "fout.xlsx", tmp_path / "uit.toml")
    assert result.exit_code == 2
    assert "Regels!H7: 'pm' is geen bedrag; bedoelt u \"p.m.\"?" in result.stderr
    assert "Regels!J8: 'veel' is tekst, geen bedrag" in result.stderr
    assert "Begroting!C2: onbekende sleutel 'naaam'; bedoelt u 'naam'?" in result.stderr
    assert "ontbreekt" not in result.stderr  # the amounts that could not be read: told once
    assert not (tmp_path / "uit.toml").exists()


def test_a_schema_error_names_the_cell_of_the_value(ipo_boek, tmp_path):
    book = openpyxl.load_workbook(ipo_boek)
    begroting = book["Begroting"]
    row = next(r for r in range(2, begroting.max_row + 1)
               if begroting.cell(r, 1).value == "begroting.eenheid")
    begroting.cell(row, 3).value = 7
    book.save(tmp_path / "fout.xlsx")
    result = importeer(tmp_path / "fout.xlsx", tmp_path / "uit.toml")
    assert result.exit_code == 2
    assert f"Begroting!C{row}: eenheid moet 1, 1000 of 1000000 zijn, niet 7" in result.stderr


def test_a_computed_cell_that_no_longer_matches_its_inputs_is_a_warning():
    gelezen = werkboek.Gelezen(naam="b.xlsx")
    gelezen.berekend[("regel", "1.5")] = ("Regels", 5, 12, 1650.0)
    gelezen.berekend[("regel", "1.6")] = ("Regels", 6, 12, 325.0)
    found = werkboek.verouderd(gelezen, {("regel", "1.5"): Decimal(1700),
                                          ("regel", "1.6"): Decimal(325)})
    assert [(d.severity.value, d.subject) for d in found] == [("warning", "Regels!M6")]
    assert "de cel houdt 1650, maar de invoer geeft 1700" in found[0].message


def test_a_flat_table_in_the_first_sheet_reads_as_the_csv_does(tmp_path):
    import csv

    import xlsxwriter

    table = ROOT / "tests" / "data" / "import" / "drimmelen-jaarstukken-2021.csv"
    rows = list(csv.reader(table.read_text(encoding="utf-8-sig").splitlines()))
    book = xlsxwriter.Workbook(tmp_path / "tabel.xlsx")
    sheet = book.add_worksheet("Blad1")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if r and c == 7 and value not in ("", "p.m."):
                sheet.write_number(r, c, float(value))  # a number cell, as a user types it
            else:
                sheet.write_string(r, c, value)
    book.close()
    result = runner.invoke(app, ["import", str(tmp_path / "tabel.xlsx"), "--naam", "Jaarstukken "
                                 "2021", "--organisatie", "Gemeente Drimmelen", "--eenheid", "1000",
                                 "--soort-organisatie", "gemeente", "-o", str(tmp_path / "t.toml")])
    assert result.exit_code == 0, result.output
    expected = load(ROOT / "budgets" / "drimmelen-jaarstukken-2021.toml").begroting
    assert load(tmp_path / "t.toml").begroting.programma == expected.programma
    without = runner.invoke(app, ["import", str(tmp_path / "tabel.xlsx")])
    assert without.exit_code == 2 and "--naam, --organisatie, --eenheid" in without.stderr


def test_an_amount_of_more_digits_than_a_spreadsheet_keeps_comes_back_exactly(tmp_path):
    source = tmp_path / "b.toml"
    source.write_text(REFERENCE.read_text(encoding="utf-8").replace(
        "programmalasten = 1650", "programmalasten = 123456789012.3456"), encoding="utf-8")
    book = export(source, tmp_path / "b.xlsx")
    assert importeer(book, tmp_path / "t.toml").exit_code == 0
    assert load(tmp_path / "t.toml").begroting == load(source).begroting


def test_export_refuses_what_it_should_not_write(tmp_path):
    assert runner.invoke(app, ["export", "-o", str(tmp_path / "b.csv")]).exit_code == 2
    (tmp_path / "b.xlsx").write_bytes(b"")
    result = runner.invoke(app, ["export", "-o", str(tmp_path / "b.xlsx")])
    assert result.exit_code == 2 and "--force" in result.stderr
    broken = tmp_path / "kapot.xlsx"
    broken.write_text("geen zip", encoding="utf-8")
    result = runner.invoke(app, ["import", str(broken)])
    assert result.exit_code == 2 and "geen werkboek dat te lezen is" in result.stderr


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed: apt-get install "
                           "libreoffice-calc to check the formulas in a spreadsheet program")
def test_libreoffice_recalculates_the_formulas_to_the_engines_totals(ipo_boek, tmp_path):
    import subprocess

    from python_calamine import CalamineWorkbook

    book = openpyxl.load_workbook(ipo_boek)  # openpyxl drops the stored values: LO must compute
    regels = book["Regels"]
    regels.cell(rij_van(regels, "1.5"), kolommen(regels)["programmalasten"]).value = 1700
    book.save(tmp_path / "bewerkt.xlsx")
    profile = tmp_path / "profiel" / "user"
    profile.mkdir(parents=True)
    (profile / "registrymodifications.xcu").write_text(  # recalculate on load, always
        '<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/'
        '2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.'
        'org/2001/XMLSchema-instance"><item oor:path="/org.openoffice.Office.Calc/Formula/'
        'Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>'
        '</oor:items>', encoding="utf-8")
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profiel').as_uri()}",
                    "--headless", "--convert-to", "ods", "--outdir", str(tmp_path / "uit"),
                    str(tmp_path / "bewerkt.xlsx")], check=True, capture_output=True, timeout=120)
    rows = CalamineWorkbook.from_path(str(tmp_path / "uit" / "bewerkt.ods")).get_sheet_by_name(
        "Programma's").to_python()
    header = rows[0]
    berekend = {row[0]: row[header.index("lasten (berekend)")] for row in rows[1:] if row[0]}
    assert berekend["1"] == 4794 and berekend["2"] == 2636  # 4.744 + the 50 typed in
    assert rows[1][header.index("totaal (berekend)")] == 30597


def bewerkt(ipo_boek, tmp_path, edit) -> Path:
    """The IPO workbook, changed by edit(book) as a user would in a spreadsheet."""
    book = openpyxl.load_workbook(ipo_boek)
    edit(book)
    path = tmp_path / "bewerkt.xlsx"
    book.save(path)
    return path


def test_an_empty_row_is_passed_over_and_a_row_added_below_is_read(ipo_boek, tmp_path):
    def edit(book):
        regels = book["Regels"]
        regels.insert_rows(5)  # an empty row among the regels
        verklaring = book["Verklaring"]
        verklaring.append(["Nieuw in de verklaring", -10])  # below the last item
    result = importeer(bewerkt(ipo_boek, tmp_path, edit), tmp_path / "uit.toml")
    assert result.exit_code == 0, result.output
    budget = load(tmp_path / "uit.toml").begroting
    assert sum(len(p.regels) for p in budget.programma) == 59
    assert [v.omschrijving for v in budget.verklaring][-1] == "Nieuw in de verklaring"
    assert len(budget.verklaring) == len(load(REFERENCE).begroting.verklaring) + 1


@pytest.mark.parametrize(("edit", "said"), [
    (lambda book: setattr(book["Regels"], "title", "Regel"),
     "Regels!A1: het werkblad Regels ontbreekt"),
    (lambda book: book["Regels"].cell(1, 12, "programmalasten"),
     "Regels!L1: kolom 'programmalasten' staat er twee keer (ook in Regels!H1)"),
    (lambda book: book["Regels"].cell(7, 8, "1.650"),
     "Regels!H7: '1.650' is tekst, geen bedrag: typ het bedrag als getal"),
])
def test_a_workbook_changed_so_that_it_could_be_misread_is_refused(ipo_boek, tmp_path, edit,
                                                                    said):
    result = importeer(bewerkt(ipo_boek, tmp_path, edit), tmp_path / "uit.toml")
    assert result.exit_code == 2 and said in result.stderr
    assert not (tmp_path / "uit.toml").exists()


def test_headers_in_capitals_a_one_for_waar_and_a_lost_marker_sheet_are_understood(
        ipo_boek, tmp_path):
    def edit(book):
        regels = book["Regels"]
        regels["H1"] = "Programmalasten"
        kolom = kolommen(regels)["kassiersfunctie"]
        for row in range(2, regels.max_row + 1):  # as LibreOffice's .ods gives WAAR
            if regels.cell(row, kolom).value is True:
                regels.cell(row, kolom).value = 1
        del book["_begroting"]
    result = importeer(bewerkt(ipo_boek, tmp_path, edit), tmp_path / "uit.toml")
    assert result.exit_code == 0, result.output
    assert load(tmp_path / "uit.toml").begroting == load(REFERENCE).begroting


def test_a_sheet_that_reaches_far_out_is_refused_unread(tmp_path):
    import xlsxwriter

    path = tmp_path / "ver.xlsx"
    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("Blad1")
    sheet.write_string(0, 0, "programma")
    sheet.write_string(1048575, 16383, "x")  # XFD1048576: 17 billion cells from A1
    book.close()
    result = runner.invoke(app, ["import", str(path), "--naam", "B", "--organisatie", "G",
                                 "--eenheid", "1000"])
    assert result.exit_code == 2
    assert "een werkblad loopt tot rij 1.048.576, kolom 16.384" in result.stderr


def test_an_indexatie_rate_whose_name_holds_a_point_comes_back(tmp_path):
    source = tmp_path / "b.toml"
    source.write_text(REFERENCE.read_text(encoding="utf-8").replace(
        "dso = 0.03125", 'dso = 0.03125\n"cao.2021" = 0.02'), encoding="utf-8")
    assert importeer(export(source, tmp_path / "b.xlsx"), tmp_path / "t.toml").exit_code == 0
    assert load(tmp_path / "t.toml").begroting == load(source).begroting


@pytest.mark.parametrize(("old", "new", "said"), [
    ('naam = "Water"', 'naam = "' + "x" * 40_000 + '"',
     "een tekst van 1.2 heeft 40.000 tekens; een cel van een werkboek houdt er 32.767"),
    ('code = "1.2"', 'code = "1.1"', "regelcode '1.1' staat twee keer in de begroting"),
])
def test_a_budget_a_workbook_cannot_hold_exactly_is_not_exported(tmp_path, old, new, said):
    source = tmp_path / "b.toml"
    source.write_text(REFERENCE.read_text(encoding="utf-8").replace(old, new, 1),
                      encoding="utf-8")
    result = runner.invoke(app, ["export", str(source), "-o", str(tmp_path / "b.xlsx")])
    assert result.exit_code == 1 and said in result.stderr
    assert not (tmp_path / "b.xlsx").exists()
