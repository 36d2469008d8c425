"""`begroting import`: flat tables of amounts in, budget files out."""

import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from typer.testing import CliRunner

from begroting_cli.cli import app
from begroting_cli.flat import Kop, lees
from begroting_cli.load import load, load_bytes
from begroting_cli.overzicht import nodig, overzicht
from tests.samples import BRONCKHORST, DRIMMELEN, DRONTEN, TABLES, ZUID_HOLLAND, line_of
from tests.strategies import overzicht_budgets

runner = CliRunner()
HEADER = "programma,programma_naam,regel,naam,taakveld,soort,periode,bedrag\n"
KOP = ["--naam", "Begroting 2024", "--organisatie", "Gemeente Voorbeeld", "--eenheid", "1000"]


def run(*args):
    return runner.invoke(app, ["import", *map(str, args)])


@pytest.mark.parametrize(("table", "budget", "options"), [
    ("bronckhorst-2024.csv", BRONCKHORST,
     ["--naam", "Programmabegroting 2024-2027", "--organisatie", "Gemeente Bronckhorst"]),
    ("drimmelen-jaarstukken-2021.csv", DRIMMELEN,
     ["--naam", "Jaarstukken 2021", "--organisatie", "Gemeente Drimmelen"]),
    ("dronten-2019.csv", DRONTEN,
     ["--naam", "Begroting 2019 (programma's 4 en 6)", "--organisatie", "Gemeente Dronten",
      "--jaar", "2019"]),
    ("zuid-holland-2018.csv", ZUID_HOLLAND,
     ["--naam", "Begroting 2018", "--organisatie", "Provincie Zuid-Holland",
      "--soort-organisatie", "provincie"]),
], ids=lambda v: getattr(v, "stem", None))
def test_the_real_tables_import_to_the_bundled_budgets(table, budget, options):
    kind = [] if "--soort-organisatie" in options else ["--soort-organisatie", "gemeente"]
    result = run(TABLES / table, *options, *kind, "--eenheid", "1000")
    assert result.exit_code == 0, result.output
    written = result.stdout.split("\n\n", 1)[1]  # after the comment on top
    assert written == budget.read_text(encoding="utf-8").split("\n\n", 1)[1]


def test_a_semicolon_table_has_decimal_commas_and_thousands_dots(tmp_path):
    table = tmp_path / "t.csv"
    table.write_bytes(("\ufeff" + HEADER.replace(",", ";")
                       + "1;Bestuur;;;;lasten;begroting 2024;1.234,5\n"
                       + "1;Bestuur;;;;baten;begroting 2024;-234,5\n").encode())
    result = run(table, *KOP)
    assert result.exit_code == 0, result.output
    assert "lasten = 1234.5\nbaten = 234.5\n" in result.stdout


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_written(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text(HEADER
                     + "1,Bestuur,,,,lasten,begroting 2024,100\n"
                     + "1,Bestuur,,,,lasen,begroting 2024,100\n"
                     + "1,Bestuur,,,,baten,begrotng 2024,100\n"
                     + "1,Bestuur,,,,saldo,begroting 2024,pm\n"
                     + ",,1.1,Los,,lasten,begroting 2024,5\n"
                     + "1,Anders,,,,lasten,raming 2025,5\n"
                     + "1,Bestuur,,,,lasten,begroting 2024,100\n", encoding="utf-8")
    out = tmp_path / "b.toml"
    result = run(table, *KOP, "-o", out)
    assert result.exit_code == 2
    assert not out.exists()
    found = result.stderr.splitlines()
    assert [line.split(": error BGR010 ")[0] for line in found] == [
        f"{table}:{n}" for n in (3, 4, 5, 6, 7, 8)]
    assert "soort 'lasen' is not one of" in found[0] and "did you mean 'lasten'?" in found[0]
    assert "periode 'begrotng 2024' is not a period" in found[1]
    assert 'bedrag \'pm\' is not an amount' in found[2] and 'did you mean "p.m."?' in found[2]
    assert "names no regel" in found[3]
    assert "programma 1 is called 'Anders' here and 'Bestuur' in row 2" in found[4]
    assert "lasten begroting 2024 is given twice: also in row 2" in found[5]


@pytest.mark.parametrize(("header", "message"), [
    ("programma,soort,periode", "missing column 'bedrag': the columns are programma, "
     "programma_naam, regel, naam, taakveld, soort, periode, bedrag"),
    ("programma,soort,periode,bedrag,kleur", "unknown column 'kleur'"),
    ("programa,soort,periode,bedrag", "unknown column 'programa': did you mean 'programma'?"),
])
def test_a_missing_or_unknown_column_names_the_allowed_ones(tmp_path, header, message):
    table = tmp_path / "t.csv"
    table.write_text(header + "\n", encoding="utf-8")
    result = run(table, *KOP)
    assert result.exit_code == 2
    assert message in result.stderr


def test_baten_positief_keeps_the_signs_and_negatief_turns_them():
    rows = HEADER + "1,Bestuur,,,,baten,begroting 2024,200\n"
    kop = Kop("B", "G", 1000)
    negatief, _ = lees(rows.encode(), "t.csv", kop)
    positief, _ = lees(rows.encode(), "t.csv", Kop("B", "G", 1000, baten="positief"))
    assert (negatief.programma[0].baten, positief.programma[0].baten) == (-200, 200)


def test_the_year_is_the_last_begroting_unless_given(tmp_path):
    rows = HEADER + "1,B,,,,lasten,rekening 2022,1\n1,B,,,,lasten,begroting 2024,2\n"
    budget, _ = lees(rows.encode(), "t.csv", Kop("B", "G", 1000))
    assert budget.begroting.jaar == 2024
    _, problems = lees(HEADER.encode() + b"1,B,,,,lasten,rekening 2022,1\n", "t.csv",
                       Kop("B", "G", 1000))
    assert "give the budget's year with --jaar" in problems[0].message


def test_a_programme_row_is_a_stated_total_where_its_regels_give_the_soort(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text(HEADER + "1,Bestuur,,,,lasten,begroting 2024,150\n"
                     "1,Bestuur,1.1,Raad,0.1,lasten,begroting 2024,100\n"
                     "1,Bestuur,1.2,Zaken,0.2,lasten,begroting 2024,40\n", encoding="utf-8")
    out = tmp_path / "b.toml"
    assert run(table, *KOP, "--soort-organisatie", "gemeente", "-o", out).exit_code == 0
    validated = runner.invoke(app, ["validate", str(out), "-f", "json"])
    (error,) = [d for d in json.loads(validated.stdout)["diagnostics"]
                if d["severity"] == "error"]
    assert (error["code"], error["subject"], error["expected"], error["found"]) == (
        "BGR124", "1", 140, 150)
    assert error["line"] == line_of(out.read_text(encoding="utf-8"), "lasten = 150")


def test_it_refuses_to_overwrite_without_force(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text(HEADER + "1,B,,,,lasten,begroting 2024,1\n", encoding="utf-8")
    out = tmp_path / "b.toml"
    out.write_text("old", encoding="utf-8")
    result = run(table, *KOP, "-o", out)
    assert result.exit_code == 2 and "use --force" in result.stderr
    assert out.read_text(encoding="utf-8") == "old"
    assert run(table, *KOP, "-o", out, "--force").exit_code == 0
    assert load(out).diagnostics == ()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.toml", "t.csv"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(overzicht_budgets())
def test_what_totals_writes_as_csv_imports_to_the_same_figures(tmp_path_factory, text):
    before = overzicht(load_bytes(text.encode(), "a").begroting)
    assume(nodig(before))  # a budget of lasten for its own year is written as format v1 is
    folder = tmp_path_factory.mktemp("rondje")
    source = folder / "b.toml"
    source.write_text(text, encoding="utf-8")
    exported = runner.invoke(app, ["totals", str(source), "-f", "csv"])
    table = folder / "t.csv"
    table.write_text(exported.stdout, encoding="utf-8")
    imported = run(table, *KOP, "--jaar", "2024")
    assert imported.exit_code == 0, imported.output
    after = overzicht(load_bytes(imported.stdout.encode(), "b").begroting)
    assert after.cijfers.waarden == before.cijfers.waarden
    # a programme without a single amount has no row in a flat table
    assert [p.cijfers.waarden for p in after.programmas] == [
        p.cijfers.waarden for p in before.programmas if p.cijfers.waarden]
