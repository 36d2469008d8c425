"""Every output format provides what its protocol asks, with the protocol's signatures."""

import inspect

import pytest

from begroting_cli.render import (
    DiagnosticsFormat,
    DiagnosticsRenderer,
    ReportFormat,
    ReportRenderer,
    diagnostics_renderer,
    report_renderer,
    rows,
)
from begroting_cli.tekst import _


def methods(protocol: type) -> dict[str, inspect.Signature]:
    found = {}
    for name, member in vars(protocol).items():
        if inspect.isfunction(member) and not name.startswith("_"):
            signature = inspect.signature(member)
            found[name] = signature.replace(parameters=list(signature.parameters.values())[1:])
    return found


def test_the_protocols_name_what_the_commands_call():
    assert sorted(methods(ReportRenderer)) == ["diff", "programma", "raming", "taakvelden",
                                               "totals", "vergelijking"]
    assert sorted(methods(DiagnosticsRenderer)) == ["rules", "validation"]


@pytest.mark.parametrize("format", list(ReportFormat))
def test_each_report_format_implements_the_report_protocol(format):
    module = report_renderer(format)
    assert module.__name__ == f"begroting_cli.render.{format.value}"
    for name, signature in methods(ReportRenderer).items():
        assert inspect.signature(getattr(module, name)) == signature, f"{format}.{name}"


@pytest.mark.parametrize("format", list(DiagnosticsFormat))
def test_each_diagnostics_format_implements_the_diagnostics_protocol(format):
    module = diagnostics_renderer(format)
    assert module.__name__ == f"begroting_cli.render.diagnostics.{format.value}"
    for name, signature in methods(DiagnosticsRenderer).items():
        assert inspect.signature(getattr(module, name)) == signature, f"{format}.{name}"


@pytest.mark.parametrize(("decimalen", "note"), [
    ((0,), "Afgerond op hele eenheden (overhead met de grootsterestmethode, zodat de totalen "
           "sluiten)"),
    ((1,), "Afgerond op 1 decimaal"),
    ((2,), "Afgerond op 2 decimalen"),
    ((0, 2), "Elk bedrag afgerond zoals het in de bron stond: hele eenheden of 2 decimalen "
             "(overhead in hele eenheden met de grootsterestmethode)"),
    ((1, 2), "Elk bedrag afgerond zoals het in de bron stond: 1 decimaal of 2 decimalen"),
])
def test_the_index_summary_says_what_it_rounded_to(decimalen, note):
    assert rows.afgerond_op(decimalen) == note


def test_the_notes_under_an_overview_name_the_programmes_that_give_a_column():
    from begroting_cli.load import load
    from begroting_cli.overzicht import overzicht
    from tests.samples import BRONCKHORST

    notes = rows.overzicht_notes(overzicht(load(BRONCKHORST).begroting))
    assert ("Rekening 2022: alleen programma 2; de totalen van die kolom zijn van wat er "
            "is.") in notes
    assert ("Raming 2025: alleen 8 van de 9 programma's; de totalen van die kolom zijn van wat er "
            "is.") in notes


def test_a_note_on_a_regel_is_dutch_in_json_and_in_the_language_of_the_run_in_a_table():
    from begroting_cli import tekst
    from begroting_cli.diff import Opmerking

    note = Opmerking("code {was} werd {wordt} (gekoppeld op naam)", was="2.1", wordt="2.99")
    assert note == "code 2.1 werd 2.99 (gekoppeld op naam)" == note.vertaald()
    tekst.kies_taal("en")
    assert note.vertaald() == "code 2.1 became 2.99 (matched by naam)"
    assert note == "code 2.1 werd 2.99 (gekoppeld op naam)"  # JSON's value stays what it was


def test_in_english_the_labels_keep_the_domain_words_and_translate_the_rest():
    from begroting_cli import tekst
    from begroting_cli.diagnostic import Diagnostic, Severity
    from begroting_cli.render.diagnostics import text

    finding = Diagnostic("x.toml", 3, None, Severity.ERROR, "BGR101", "1", "bericht")
    assert text.diagnostic(finding) == "x.toml:3: fout BGR101 1: bericht"
    assert [_(label) for label in rows.TOTAAL_LABELS.values()][:3] == [
        "Totaal lasten", "Totaal baten", "Saldo van baten en lasten"]
    tekst.kies_taal("en")
    assert text.diagnostic(finding) == "x.toml:3: error BGR101 1: bericht"
    assert [_(label) for label in rows.TOTAAL_LABELS.values()][:3] == [
        "Total lasten", "Total baten", "Saldo of baten and lasten"]
    assert rows.programma_header(False) == [
        "Code", "Name", "Total", "p.m.", "Basis", "Kassiersfunctie"]


def test_a_word_too_long_for_its_column_breaks_after_a_bracket_or_slash_else_where_it_must():
    from begroting_cli.render.table import _afgebroken

    assert _afgebroken("Gebruik van (bestemmings)reserves", 17) == (
        "Gebruik van\n(bestemmings)\nreserves")
    assert _afgebroken("Abonnementen/Kennisdeling Internationaal", 16) == (
        "Abonnementen/\nKennisdeling\nInternationaal")
    assert _afgebroken("Zorg en ondersteuning", 17) == "Zorg en\nondersteuning"
    assert _afgebroken("x" * 20, 8) == "xxxxxxxx\nxxxxxxxx\nxxxx"
    assert _afgebroken("kort", 8) == "kort"


def test_a_table_too_wide_is_split_into_parts_that_keep_together_what_belongs_together():
    from begroting_cli.render.table import Blad, Kolom, Rij, _delen

    kolommen = [Kolom("Code", "code"), Kolom("Naam", "naam"), Kolom("Totaal", "bedrag"),
                Kolom("", "bedrag", bij_vorige=True, links=True),
                *(Kolom(f"Kolom {n}", "bedrag") for n in range(6))]
    blad = Blad("t", kolommen, vast=2, rijen=[
        Rij(["1", "Een naam van een programma", "1.234.567", "+ p.m.",
             *(["123.456.789"] * 6)])])
    delen = _delen(blad, 80)
    assert len(delen) > 1
    for kolom_nummers, widths in delen:
        assert kolom_nummers[:2] == [0, 1]  # code and naam in every part
        assert 1 + sum(w + 3 for w in widths) <= 80
        assert (2 in kolom_nummers) == (3 in kolom_nummers)  # a total with its "+ p.m."
    shown = [i for kolom_nummers, _widths in delen for i in kolom_nummers[2:]]
    assert shown == list(range(2, 10))  # every column, once, in order
    assert _delen(blad, 250) == [(list(range(10)), [4, 26, 9, 6, *([11] * 6)])]
