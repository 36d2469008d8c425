"""`begroting import`: flat tables of amounts in, budget files out."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from typer.testing import CliRunner

from begroting_cli.cli import app
from begroting_cli.diagnostic import Severity
from begroting_cli.flat import Kop, lees
from begroting_cli.load import load, load_bytes
from begroting_cli.model import PM, Periode
from begroting_cli.overzicht import nodig, overzicht
from begroting_cli.render.diagnostics.text import diagnostic
from tests.samples import BRONCKHORST, DRIMMELEN, DRONTEN, TABLES, ZUID_HOLLAND, line_of
from tests.strategies import overzicht_budgets

runner = CliRunner()
HEADER = "programma,programma_naam,regel,naam,taakveld,soort,periode,bedrag\n"
RULES = Path(__file__).resolve().parents[1] / "docs" / "rules.md"
KOP = ["--naam", "Begroting 2024", "--organisatie", "Gemeente Voorbeeld", "--eenheid", "1000"]


def run(*args):
    return runner.invoke(app, ["import", *map(str, args)])


def read(text, **kop):
    """What lees makes of a table's text: the budget (or None) and the problems."""
    return lees(text.encode(), "t.csv", Kop("B", "G", 1000, **kop))


def errors(text, **kop):
    """(line, message) of every problem lees finds in a table's text, which it refuses."""
    budget, problems = read(text, **kop)
    assert budget is None
    return [(problem.line, problem.message) for problem in problems]


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
    assert [line.split(": ")[0] for line in found] == [
        f"{table}:{n}" for n in (3, 4, 5, 6, 7, 8)]
    assert "onbekende soort 'lasen'; bedoelt u 'lasten'?" in found[0]
    assert "periode 'begrotng 2024' is geen periode" in found[1]
    assert 'bedrag \'pm\' is geen bedrag' in found[2] and 'bedoelt u "p.m."?' in found[2]
    assert "noemt geen regel" in found[3]
    assert "programma 1 heet hier 'Anders' en in rij 2 'Bestuur'" in found[4]
    assert "lasten begroting 2024 is twee keer opgegeven: ook in rij 2" in found[5]


@pytest.mark.parametrize(("header", "message"), [
    ("programma,soort,periode", "kolom 'bedrag' ontbreekt: de kolommen zijn programma, "
     "programma_naam, regel, naam, taakveld, soort, periode, bedrag"),
    ("programma,soort,periode,bedrag,kleur", "onbekende kolom 'kleur': de kolommen zijn "),
    ("programa,soort,periode,bedrag", "onbekende kolom 'programa'; bedoelt u 'programma'?"),
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


def test_the_year_is_the_one_begroting_unless_given(tmp_path):
    rows = HEADER + "1,B,,,,lasten,rekening 2022,1\n1,B,,,,lasten,begroting 2024,2\n"
    budget, _ = lees(rows.encode(), "t.csv", Kop("B", "G", 1000))
    assert budget.begroting.jaar == 2024
    _, problems = lees(HEADER.encode() + b"1,B,,,,lasten,rekening 2022,1\n", "t.csv",
                       Kop("B", "G", 1000))
    assert "geef het jaar van de begroting op met --jaar" in problems[0].message


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
    assert result.exit_code == 2 and "gebruik --force" in result.stderr
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


SEMI = "programma;regel;soort;periode;bedrag\n"
COMMA = "programma,regel,soort,periode,bedrag\n"


@pytest.mark.parametrize(("bedrag", "write"), [
    ("12.3", "schrijf 12,3"), ("1234.56", "schrijf 1234,56"), ("1,234.5", "schrijf 1234,5"),
    ("1.2345", "schrijf 1,2345"), ("0.123", "schrijf 0,123"), ("1.234.56", "(1.234.567,8)"),
])
def test_a_decimal_point_in_a_semicolon_table_is_an_error(bedrag, write):
    ((line, message),) = errors(SEMI + "1;;lasten;begroting 2024;100\n"
                                f"1;;baten;begroting 2024;{bedrag}\n")
    assert line == 3
    assert message.startswith(f"bedrag '{bedrag}' is geen bedrag (een getal met een decimale "
                              "komma, of \"p.m.\"): het scheidingsteken van de tabel is ';', dus "
                              "een '.' staat alleen tussen duizendtallen (1.234.567,8)")
    assert message.endswith(write)


@pytest.mark.parametrize(("bedrag", "amount"), [
    ("1.234", "1234"), ("-1.234.567,89", "-1234567.89"), ("12,5", "12.5"), ("1 234,5", "1234.5"),
    ("999", "999"), (",5", "0.5"),
])
def test_a_semicolon_table_reads_a_point_only_between_groups_of_three_digits(bedrag, amount):
    budget, problems = read(SEMI + f"1;;lasten;begroting 2024;{bedrag}\n")
    assert problems == ()
    assert budget.programma[0].lasten == Decimal(amount)


def test_an_amount_like_1_234_in_a_comma_table_is_ambiguous_and_an_error():
    assert errors(COMMA + "1,,lasten,begroting 2024,1.234\n1,,baten,begroting 2024,-250\n"
                  "1,,saldo,raming 2025,-1.500\n") == [
        (2, "bedrag '1.234' kan 1234 zijn (met een punt tussen duizendtallen) of 1.234 (met een "
            "decimale punt), en geen ander bedrag in de tabel laat zien welke (het "
            "scheidingsteken is ','): schrijf 1234, of 1.2340 voor de decimalen"),
        (4, "bedrag '-1.500' kan -1500 zijn (met een punt tussen duizendtallen) of -1.500 (met "
            "een decimale punt), en geen ander bedrag in de tabel laat zien welke (het "
            "scheidingsteken is ','): schrijf -1500, of -1.5000 voor de decimalen")]


@pytest.mark.parametrize("other", ["12.5", "0.125", "1234.567", "7.1234"])
def test_1_234_in_a_comma_table_is_a_decimal_when_another_amount_shows_decimal_points(other):
    budget, problems = read(COMMA + "1,,lasten,begroting 2024,1.234\n"
                            f"1,,lasten,raming 2025,{other}\n")
    assert problems == ()
    assert budget.programma[0].lasten == {Periode.eigen(2024): Decimal("1.234"),
                                          Periode.lees("raming 2025"): Decimal(other)}


POINT = (": het scheidingsteken van de tabel is ',', dus heeft een bedrag een decimale punt en "
         "geen scheiding tussen duizendtallen")


@pytest.mark.parametrize(("bedrag", "end"), [
    ("1.234.567", f"{POINT}; schrijf 1234567"),
    ('"1.234,5"', f"{POINT}; schrijf 1234.5"),
    ('"12,345"', f"{POINT}; schrijf 12.345 of 12345"),
    ('"1,234.5"', f"{POINT}; schrijf 1234.5"),
    ("1_000", "; schrijf 1000"),
])
def test_thousands_separators_in_a_comma_table_are_an_error_that_says_what_to_write(bedrag, end):
    shown = bedrag.strip('"')
    assert errors(COMMA + f"1,,lasten,begroting 2024,{bedrag}\n") == [
        (2, f"bedrag '{shown}' is geen bedrag (een getal met een decimale punt, of \"p.m.\"){end}")]


@pytest.mark.parametrize(("bedrag", "hint"), [
    ("(1.234)", "; een negatief bedrag krijgt een minteken vooraan: -1.234"),
    ("1.234-", "; een negatief bedrag krijgt een minteken vooraan: -1.234"),
    ("\u2212100", "; '\u2212' is niet het minteken van een getal: schrijf -100"),
    ("p. m.", '; bedoelt u "p.m."?'),
    ("pm", '; bedoelt u "p.m."?'),
    ("€ 1.234,5", "; schrijf het zonder valuta: 1.234,5"),
    ("1e5", ""),
])
def test_spreadsheet_spellings_of_negatives_and_pm_get_a_hint(bedrag, hint):
    ((line, message),) = errors(SEMI + f"1;1A;lasten;begroting 2024;{bedrag}\n")
    assert (line, message) == (2, f"bedrag '{bedrag}' is geen bedrag (een getal met een decimale "
                                  f"komma, of \"p.m.\"){hint}")


def test_the_bgr010_example_in_the_rules_is_a_message_import_prints():
    example = next(line for line in RULES.read_text(encoding="utf-8").splitlines()
                   if line.startswith("**Example:** `begroting.csv:"))
    rows = "".join(f"1;1{c};lasten;begroting 2024;1.000\n" for c in "BCDEF")
    budget, problems = lees((SEMI + rows + "1;1A;lasten;begroting 2024;12.3\n").encode(),
                            "begroting.csv", Kop("B", "G", 1000))
    assert budget is None
    assert example == f"**Example:** `{diagnostic(problems[0])}`"


def test_the_errors_in_the_import_docs_are_what_import_prints(tmp_path, monkeypatch):
    docs = (RULES.parent / "import.md").read_text(encoding="utf-8")
    command = "$ begroting import tabel.csv --naam B --organisatie G --eenheid 1000\n"
    shown = docs.split(command, 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    Path("tabel.csv").write_text(COMMA + "1,,lasten,begroting 2024,100\n,,lasen,begroting 2024,5\n"
                                 "1,1B,baten,begroting 2024,-5\n1,,saldo,begroting 2024,pm\n"
                                 "1,1A,lasten,begroting 2024,1.234\n1,1B,lasten,begroting 2024,50\n"
                                 "1,,lasten,begroting 2024,100\n", encoding="utf-8")
    result = run("tabel.csv", "--naam", "B", "--organisatie", "G", "--eenheid", "1000")
    assert result.exit_code == 2
    assert result.stderr == shown


def test_a_file_that_ends_inside_a_quoted_cell_is_an_error_naming_the_row_that_opened_it():
    assert errors("programma,soort,periode,bedrag,naam,regel\n"
                  '1,lasten,begroting 2024,10,"Raad,1A\n'
                  "1,baten,begroting 2024,-5,Raad,1A\n"
                  "1,saldo,begroting 2024,5,Raad,1A\n") == [
        (2, "het aanhalingsteken dat in rij 2 wordt geopend, wordt nooit gesloten: het bestand "
            "eindigt erbinnen")]


def test_text_after_a_closing_quote_is_an_error_and_the_rows_after_it_are_read():
    assert errors(COMMA + '1,"1A" x,lasten,begroting 2024,10\n1,1A,lasten,begroting 2024,pm\n') == [
        (2, "een cel tussen aanhalingstekens gaat door na het sluitende aanhalingsteken (een "
            'aanhalingsteken binnen zo\'n cel wordt geschreven als "")'),
        (3, "bedrag 'pm' is geen bedrag (een getal met een decimale punt, of \"p.m.\"); bedoelt "
            'u "p.m."?')]


def test_a_short_row_is_an_error_that_says_which_cells_it_lacks():
    assert errors("programma;soort;periode;bedrag\n1;lasten;begroting 2024;100;\n"
                  "1;baten;begroting 2024\n1;saldo\n") == [
        (3, "de rij is te kort: ze heeft 3 cellen, de kopregel 4, en geen cel voor bedrag"),
        (4, "de rij is te kort: ze heeft 2 cellen, de kopregel 4, en geen cel voor periode, "
            "bedrag")]


def test_a_row_without_its_trailing_optional_cells_reads_them_as_empty():
    budget, problems = read("programma,soort,periode,bedrag,regel,naam\n"
                            "1,lasten,begroting 2024,100,1A,Raad\n"
                            "1,lasten,begroting 2024,40\n")
    assert problems == ()
    (programma,) = budget.programma
    assert (programma.lasten, programma.regels[0].lasten) == (40, 100)


def test_trailing_delimiters_on_the_header_and_the_rows_are_no_columns():
    budget, problems = read("programma;soort;periode;bedrag;\n1;lasten;begroting 2024;100;\n"
                            "1;baten;begroting 2024;-50;;\n1;saldo;begroting 2024;50\n")
    assert problems == ()
    assert (budget.programma[0].lasten, budget.programma[0].baten) == (100, 50)


def test_a_row_with_more_cells_than_the_header_is_an_error_when_they_are_not_empty():
    assert errors(SEMI + "1;;lasten;begroting 2024;100;;x\n") == [
        (2, "de rij heeft 7 cellen, de kopregel 5: de cellen na de laatste kolom zijn niet "
            "leeg")]


def test_a_column_without_a_name_between_others_is_an_error():
    assert errors("programma;;soort;periode;bedrag\n1;;lasten;begroting 2024;1\n") == [
        (1, "kolom 2 heeft geen naam: de kolommen zijn programma, programma_naam, regel, naam, "
            "taakveld, soort, periode, bedrag")]


def test_leading_empty_lines_are_skipped_and_the_lines_stay_right():
    assert errors("\n;;;\nprogramma;soort;periode;bedrag\n1;lasten;begroting 2024;100\n"
                  "1;baten;begroting 2024;x\n") == [
        (5, "bedrag 'x' is geen bedrag (een getal met een decimale komma, of \"p.m.\")")]


@pytest.mark.parametrize(("sep", "row", "lasten"), [
    ("sep=;", "1;A,B;1A;lasten;begroting 2024;1.234,5", Decimal("1234.5")),
    ('"sep=,"', "1,A;B;C,1A,lasten,begroting 2024,12.5", Decimal("12.5")),
])
def test_excels_sep_line_chooses_the_delimiter(sep, row, lasten):
    header = sep.strip('"')[-1].join(("programma", "naam", "regel", "soort", "periode", "bedrag"))
    budget, problems = read(f"{sep}\r\n{header}\r\n{row}\r\n")
    assert problems == ()
    assert budget.programma[0].regels[0].lasten == lasten


def test_a_sep_line_with_another_delimiter_is_an_error():
    assert errors("sep=|\nprogramma|soort|periode|bedrag\n") == [
        (1, "de regel 'sep=|' noemt het scheidingsteken '|': het scheidingsteken van een tabel "
            "is ';' of ','")]


BATEN_POSITIEF = ("programma,regel,soort,periode,bedrag\n"
                  "1,1A,lasten,begroting 2024,1000\n1,1A,baten,begroting 2024,400\n"
                  "1,1B,lasten,begroting 2024,800\n1,1B,baten,begroting 2024,600\n"
                  ",,onttrekking_reserve,begroting 2024,200\n"
                  ",,toevoeging_reserve,begroting 2024,50\n")


def test_baten_that_all_end_up_negative_are_a_warning_naming_baten_positief():
    budget, problems = read(BATEN_POSITIEF)
    assert budget.programma[0].regels[0].baten == -400  # imported as asked, but ...
    ((warning),) = problems
    assert (warning.severity, warning.code, warning.line) == (Severity.WARNING, "BGR010", 3)
    assert warning.message == (
        "alle 3 bedragen van baten en onttrekking_reserve worden negatief doordat --baten "
        "negatief hun teken omdraait: de tabel lijkt baten positief weer te geven; gebruik "
        "--baten positief")


def test_negative_baten_read_with_baten_positief_are_a_warning_naming_baten_negatief():
    table = BATEN_POSITIEF.replace(",400", ",-400").replace(",600", ",-600").replace(
        ",200", ",-200")
    _, problems = read(table, baten="positief")
    assert [p.message.rsplit("; ", 1)[1] for p in problems] == ["gebruik --baten negatief"]


@pytest.mark.parametrize("table", [
    BATEN_POSITIEF.replace(",400", ",-400"),  # one baten printed negative: a correction
    BATEN_POSITIEF.replace(",,onttrekking_reserve,begroting 2024,200\n", ""),  # only two
    BATEN_POSITIEF.replace(",400", ",-400").replace(",600", ",-600").replace(",200", ",-200"),
])
def test_baten_signed_as_the_table_says_or_too_few_to_tell_give_no_warning(table):
    budget, problems = read(table)
    assert budget is not None and problems == ()


def test_the_warnings_of_a_table_that_is_imported_reach_stderr(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text(BATEN_POSITIEF, encoding="utf-8")
    result = run(table, *KOP)
    assert result.exit_code == 0
    assert "waarschuwing BGR010 table: alle 3 bedragen van baten en onttrekking_reserve" in (
        result.stderr)


def test_a_regel_code_in_two_programmes_is_an_error_at_the_second_naming_the_first():
    assert errors("programma,regel,naam,taakveld,soort,periode,bedrag\n"
                  "1,0.1,Bestuur,0.1,lasten,begroting 2024,100\n"
                  "2,0.1,Bestuur,0.1,lasten,begroting 2024,50\n"
                  "2,0.1,Bestuur,0.1,baten,begroting 2024,-5\n"
                  "1,0.1,Bestuur,0.1,baten,begroting 2024,-10\n") == [
        (3, "regel 0.1 staat ook in programma 1 (rij 2): de code van een regel komt één keer "
            "voor in het bestand")]


def test_several_begroting_years_without_jaar_are_an_error_listing_them():
    table = COMMA + "".join(f"1,,lasten,begroting {year},{year - 1000}\n"
                            for year in range(2023, 2028))
    assert errors(table) == [(1, "de tabel heeft begroting 2023, 2024, 2025, 2026 en 2027: geef "
                                 "het jaar van de begroting op met --jaar")]
    budget, problems = read(table, jaar=2024)
    assert (budget.begroting.jaar, problems) == (2024, ())


def test_a_begroting_year_with_later_columns_than_ramingen_is_not_taken_as_the_year():
    assert errors(COMMA + "1,,lasten,begroting 2023 na wijziging,100\n"
                  "1,,lasten,rekening 2023,90\n1,,lasten,begroting 2022,80\n") == [
        (1, "de tabel heeft begroting 2022, maar ook begroting 2023 na wijziging, rekening 2023 "
            "van een later jaar: geef het jaar van de begroting op met --jaar")]


def test_the_year_of_a_table_with_earlier_columns_and_later_ramingen_is_its_begroting():
    budget, problems = read(COMMA + "1,,lasten,rekening 2022,1\n"
                            "1,,lasten,begroting 2023 na wijziging,2\n"
                            "1,,lasten,begroting 2024,3\n1,,lasten,raming 2025,4\n")
    assert (budget.begroting.jaar, problems) == (2024, ())


def test_a_jaar_without_a_begroting_column_is_a_warning():
    budget, problems = read(COMMA + "1,,lasten,begroting 2024,100\n1,,lasten,raming 2025,110\n",
                            jaar=2025)
    assert budget.begroting.jaar == 2025
    assert [(p.severity, p.message) for p in problems] == [
        (Severity.WARNING, "--jaar 2025: de tabel heeft begroting 2024 maar geen periode "
                           "'begroting 2025', dus de begroting heeft geen bedragen voor haar "
                           "eigen periode")]


FORMULAS = """\
[begroting]
naam = "Formules"
organisatie = "Gemeente Voorbeeld"
jaar = 2024
eenheid = 1000

[[programma]]
code = "-1"
naam = "-/- Bezuinigingen"

[[programma.regel]]
code = "+1"
naam = "=Taakstelling"
lasten = 100
baten = 10

[[programma.regel]]
code = "@2"
naam = "'s-Hertogenbosch"
lasten = 50
"""


def test_texts_guarded_against_formulas_come_back_from_a_csv_round_trip(tmp_path):
    source = tmp_path / "b.toml"
    source.write_text(FORMULAS, encoding="utf-8")
    exported = runner.invoke(app, ["totals", str(source), "-f", "csv"]).stdout
    assert "-1,'-/- Bezuinigingen,'+1,'=Taakstelling," in exported.replace("'-1", "-1")
    table = tmp_path / "t.csv"
    table.write_text(exported, encoding="utf-8")
    imported = run(table, *KOP)
    assert imported.exit_code == 0, imported.output
    (programma,) = load_bytes(imported.stdout.encode(), "b").begroting.programma
    assert (programma.code, programma.naam) == ("-1", "-/- Bezuinigingen")
    assert [(r.code, r.naam, r.lasten) for r in programma.regels] == [
        ("+1", "=Taakstelling", 100), ("@2", "'s-Hertogenbosch", 50)]


def test_a_quote_never_closed_in_the_header_is_the_one_error():
    assert errors('programma,"soort,periode,bedrag\n1,lasten,begroting 2024,1\n') == [
        (1, "het aanhalingsteken dat in rij 1 wordt geopend, wordt nooit gesloten: het bestand "
            "eindigt erbinnen")]


SPLIT_AND_PM = """\
[begroting]
naam = "N"
organisatie = "O"
jaar = 2024
eenheid = 1000

[[programma]]
code = "1"
naam = "A"

[[programma.regel]]
code = "1A"
naam = "split for 2024, lasten for the ramingen"
programmalasten = 100
directe_personeelslasten = 50
overhead = 30
lasten = { "begroting 2024" = 180, "raming 2025" = 200 }
baten = { "begroting 2024" = 20, "raming 2025" = 20 }

[[programma.regel]]
code = "1B"
naam = "p.m. baten"
lasten = 400
baten = "p.m."
"""
"""The review's delen-raming.toml and pm.toml in one: what a CSV round trip lost (F18)."""


def test_a_csv_round_trip_keeps_the_split_and_the_pm_amounts(tmp_path):
    source = tmp_path / "b.toml"
    source.write_text(SPLIT_AND_PM, encoding="utf-8")
    table = tmp_path / "t.csv"
    table.write_text(runner.invoke(app, ["totals", str(source), "-f", "csv"]).stdout,
                     encoding="utf-8")
    imported = run(table, *KOP)
    assert imported.exit_code == 0, imported.output
    back = load_bytes(imported.stdout.encode(), "b").begroting
    split, pm = back.programma[0].regels
    assert (split.programmalasten, split.directe_personeelslasten, split.overhead) == (
        100, 50, 30)
    assert pm.baten is PM

    def figures(path):  # what is computed; the export's totals come back as stated ones
        found = json.loads(runner.invoke(app, ["totals", str(path), "-f", "json"]).stdout)
        return {key: found["totaal"][key] for key in ("bedragen", "pm", "deels")}

    written = tmp_path / "terug.toml"
    written.write_text(imported.stdout, encoding="utf-8")
    assert figures(written) == figures(source)
