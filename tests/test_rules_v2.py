"""The rules of format v2: saldo, reserves, resultaat, sums, periods and taakvelden."""

from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from begroting_cli.diagnostic import Severity
from begroting_cli.load import load, load_bytes
from begroting_cli.notation import bedrag
from begroting_cli.rules import check
from tests.samples import (
    BRONCKHORST,
    DRIMMELEN,
    DRONTEN,
    GEMEENTE,
    HEAD_2024,
    REFERENCE,
    STATED_OVER_A_SALDO,
    ZUID_HOLLAND,
    line_of,
)
from tests.strategies import consistent_v2_budgets, overzicht_budgets_met_saldi

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def findings(text, code=None):
    found = check(load_bytes(text.encode(), "x.toml"))
    return [d for d in found if code is None or d.code == code]


def test_a_budget_whose_figures_add_up_has_nothing_to_report():
    assert [d.code for d in findings(GEMEENTE)] == ["BGR501"]  # no vorige: info


def test_a_saldo_that_is_not_lasten_minus_baten_is_an_error_at_its_line():
    text = GEMEENTE.replace('saldo = { "begroting 2024" = 800,',
                            'saldo = { "begroting 2024" = 900,')
    (found,) = findings(text, "BGR121")
    assert (found.severity, found.subject, found.line) == (ERROR, "1", line_of(text, "= 900"))
    assert found.message == ("saldo begroting 2024 900, maar berekend 800 (lasten 1.000 - baten "
                             "200): wijkt 100 af, meer dan afronding (grens 1,5)")


def test_a_saldo_off_by_one_is_an_afrondingsverschil():
    text = GEMEENTE.replace('saldo = { "begroting 2024" = 800,',
                            'saldo = { "begroting 2024" = 801,')
    (found,) = findings(text, "BGR121")
    assert (found.severity, found.expected, found.found) == (INFO, 800, 801)


def test_a_programme_total_that_is_not_the_sum_of_its_regels_is_an_error():
    text = GEMEENTE.replace('lasten = { "begroting 2024" = 1000,',
                            'lasten = { "begroting 2024" = 1100,')
    found = findings(text, "BGR124")
    assert [(d.severity, d.subject, d.message.split(" (")[0]) for d in found] == [
        (ERROR, "1", "lasten begroting 2024 1.100, maar berekend 1.000")]


def test_a_resultaat_that_is_not_saldo_plus_mutatie_is_an_error_as_in_the_jaarrekening():
    # what the issue saw: a rekening that prints a resultaat of -3.650 where its rows make 17.350
    text = GEMEENTE.replace('resultaat = { "begroting 2024" = 70,',
                            'resultaat = { "begroting 2024" = -3650,')
    found = [d for d in findings(text, "BGR123")]
    assert [(d.severity, d.subject, d.expected, d.found) for d in found] == [
        (ERROR, "totaal", 70, -3650)]


def test_a_mutatie_that_is_not_toevoeging_minus_onttrekking_is_an_error():
    text = GEMEENTE.replace('mutatie_reserves = { "begroting 2024" = -30 }',
                            'mutatie_reserves = { "begroting 2024" = 30 }')
    (found,) = findings(text, "BGR122")
    assert (found.severity, found.expected, found.found) == (ERROR, -30, 30)


def test_na_wijziging_is_begroting_plus_wijziging():
    text = GEMEENTE.replace(
        'lasten = { "begroting 2024" = 500, "raming 2025" = 500 }',
        'lasten = { "begroting 2024" = 500, "wijziging 2024" = 40, '
        '"begroting 2024 na wijziging" = 550, "raming 2025" = 500 }')
    (found,) = findings(text, "BGR126")
    assert (found.severity, found.subject, found.expected, found.found) == (ERROR, "AD", 540, 550)


def test_a_regel_that_states_lasten_and_splits_them_is_checked_against_its_parts():
    text = GEMEENTE.replace('lasten = { "begroting 2024" = 600, "raming 2025" = 650 }',
                            'programmalasten = 300\ndirecte_personeelslasten = 200\n'
                            'overhead = 100\nlasten = 601')
    (found,) = findings(text, "BGR125")
    assert (found.severity, found.subject, found.expected) == (INFO, "1.1", 600)


def test_p_m_is_reported_and_leaves_what_it_is_part_of_unchecked():
    text = GEMEENTE.replace('baten = { "begroting 2024" = 200, "raming 2025" = 250 }\n\n',
                            'baten = { "begroting 2024" = "p.m.", "raming 2025" = 250 }\n\n', 1)
    (found,) = [d for d in findings(text) if d.severity is not INFO]
    assert (found.code, found.subject, found.message) == (
        "BGR301", "1.2", "baten begroting 2024 is p.m.: de totalen zijn onvolledig "
        "(en er is geen indicatie opgegeven)")
    assert not findings(text, "BGR121")


def test_an_unknown_taakveld_is_a_warning_that_says_when_it_was_one():
    text = GEMEENTE.replace('taakveld = "0.1"', 'taakveld = "6.71"').replace(
        "jaar = 2024", "jaar = 2025").replace("2024", "2025").replace('"raming 2025"',
                                                                     '"raming 2026"')
    (found,) = findings(text, "BGR127")
    assert (found.severity, found.line) == (WARNING, line_of(text, 'taakveld = "6.71"'))
    assert found.message == ("taakveld '6.71' is geen Iv3-taakveld van een gemeente in 2025 "
                             "(het was er een van 2017 tot en met 2024)")


def test_taakvelden_of_a_provincie_are_checked_against_its_own_list():
    text = GEMEENTE.replace('"gemeente"', '"provincie"')  # 0.1 is a provincial code, 0.2 too
    assert findings(text, "BGR127") == []
    text = text.replace('taakveld = "0.2"', 'taakveld = "0.10"')
    assert [d.message for d in findings(text, "BGR127")] == [
        "taakveld '0.10' is geen Iv3-taakveld van een provincie in 2024"]


def test_without_a_kind_of_body_taakvelden_are_not_checked_and_it_says_so():
    (found,) = findings(GEMEENTE.replace('soort_organisatie = "gemeente"\n', ""), "BGR127")
    assert found.severity is INFO
    assert found.message == ("taakvelden niet gecontroleerd: [begroting] soort_organisatie "
                             "ontbreekt, en alleen gemeenten, gemeenschappelijke regelingen en "
                             "provincies hebben een lijst")


def test_the_ipo_budget_gets_no_findings_of_the_new_rules():
    codes = {d.code for d in check(load(REFERENCE))}
    assert not codes & {"BGR121", "BGR122", "BGR123", "BGR124", "BGR125", "BGR126", "BGR127"}


def real(path):
    return Counter((d.code, d.severity.value) for d in check(load(path)))


def test_zuid_holland_2018_has_nine_afrondingsverschillen_and_no_errors():
    # Financieel beeld Begroting 2018: five Totaal figures and four row figures are off by one
    assert real(ZUID_HOLLAND) == {("BGR124", "info"): 5, ("BGR121", "info"): 3,
                                  ("BGR123", "info"): 1, ("BGR501", "info"): 1}


def test_drimmelen_2021_rounds_its_saldi_and_totals_and_has_no_errors():
    # [totaal]'s resultaat is its own saldo + mutatie exactly in all three columns, and its
    # mutaties na wijziging and rekening are reported once (BGR122), not also as a sum (BGR124)
    assert real(DRIMMELEN) == {("BGR121", "info"): 11, ("BGR122", "info"): 5,
                               ("BGR124", "info"): 12, ("BGR501", "info"): 1}


def test_bronckhorst_2024_rounds_and_its_reserve_table_is_one_short():
    found = check(load(BRONCKHORST))
    assert not [d for d in found if d.severity is not INFO]
    onttrekkingen = next(d for d in found if d.message.startswith(
        "onttrekking_reserve begroting 2024"))
    assert (onttrekkingen.code, onttrekkingen.found, onttrekkingen.expected) == (
        "BGR124", 2158, 2157)  # the per-reserve lines add up to 2.157


def test_dronten_2019_has_valid_taakvelden_and_resultaten_one_or_two_too_high():
    found = check(load(DRONTEN))
    assert not [d for d in found if d.severity is ERROR]
    resultaten = [d for d in found if d.code == "BGR123"]
    assert sorted(d.found - d.expected for d in resultaten) == [1, 1, 1, 1, 1, 2, 2, 2]
    # made of the programme's stated lasten and baten and of two reserve regels: bound 2.5
    assert all(d.message.endswith("(grens 2,5)") for d in resultaten)


def test_dronten_2019_adds_negative_amounts_to_and_takes_them_from_its_reserves():
    # the source prints a toevoeging of -12 for 2019-2022 and an onttrekking of -355 for 2021
    # and 2022 on taakveld 0.10 of programma 6: unusual, so a warning each
    warnings = [(d.code, d.subject, d.message) for d in check(load(DRONTEN))
                if d.severity is WARNING]
    assert warnings == [
        *(("BGR602", "6-RT", f"toevoeging_reserve {p} is negatief (-12)")
          for p in ("begroting 2019", "raming 2020", "raming 2021", "raming 2022")),
        *(("BGR602", "6-RO", f"onttrekking_reserve {p} is negatief (-355)")
          for p in ("raming 2021", "raming 2022"))]


@pytest.mark.parametrize("path", [BRONCKHORST, DRIMMELEN, DRONTEN, ZUID_HOLLAND],
                         ids=lambda p: p.stem)
def test_a_real_budget_says_where_its_source_is(path):
    assert "https://" in path.read_text(encoding="utf-8").split("[begroting]")[0]


HEAD = HEAD_2024

CASCADE = HEAD + """
[totaal]
lasten = 1500
baten = 300
saldo = 1200

[[programma]]
code = "1"
naam = "A"
lasten = 1000
baten = 200
saldo = 800

[[programma.regel]]
code = "1A"
naam = "a (typo: 6000 for 600)"
lasten = 6000
baten = 100
saldo = 500

[[programma.regel]]
code = "1B"
naam = "b"
lasten = 400
baten = 100
saldo = 300

[[programma]]
code = "2"
naam = "B"
lasten = 500
baten = 100
saldo = 400
"""
"""The review's cascade.toml: one typo, every other figure right."""


def errors(text):
    return [d for d in findings(text) if d.severity is ERROR]


def test_a_typo_in_a_regels_lasten_is_one_error_at_that_lasten():
    (found,) = errors(CASCADE)
    assert (found.code, found.subject, found.line) == ("BGR121", "1A",
                                                        line_of(CASCADE, "lasten = 6000"))
    assert (found.expected, found.found) == (600, 6000)
    assert found.message == ("lasten begroting 2024 6.000, maar berekend 600 (saldo 500 + baten "
                             "100): wijkt 5.400 af, meer dan afronding (grens 1,5)")


def test_a_typo_no_relation_can_pin_on_one_regel_is_reported_at_the_sum_that_shows_it():
    text = CASCADE.replace("saldo = 500\n", "").replace("saldo = 300\n", "")
    (found,) = errors(text)
    assert (found.code, found.subject, found.line) == ("BGR124", "1",
                                                        line_of(text, "lasten = 1000"))
    assert found.message == ("lasten begroting 2024 1.000, maar berekend 6.400 (de som van 2 "
                             "regels): wijkt -5.400 af, meer dan afronding (grens 1,5); het klopt "
                             "wel met saldo 800 (lasten 1.000 - baten 200), dus waarschijnlijk is "
                             "een van de 2 regels onjuist")


def test_a_wrong_figure_that_three_rules_see_is_reported_once():
    # the review's triple.toml: BGR121, BGR124 and BGR126 all reported this one saldo
    text = """\
[begroting]
naam = "Jaarstukken 2021"
organisatie = "O"
jaar = 2021
eenheid = 1000

[[programma]]
code = "1"
naam = "A"
lasten = { "begroting 2021" = 1000, "wijziging 2021" = 200, "begroting 2021 na wijziging" = 1200 }
baten = { "begroting 2021" = 300, "wijziging 2021" = 0, "begroting 2021 na wijziging" = 300 }
saldo = { "begroting 2021" = 700, "wijziging 2021" = 200, "begroting 2021 na wijziging" = 1000 }

[[programma.regel]]
code = "1A"
naam = "a"
lasten = { "begroting 2021" = 600, "wijziging 2021" = 100, "begroting 2021 na wijziging" = 700 }
baten = { "begroting 2021" = 300, "wijziging 2021" = 0, "begroting 2021 na wijziging" = 300 }

[[programma.regel]]
code = "1B"
naam = "b"
lasten = { "begroting 2021" = 400, "wijziging 2021" = 100, "begroting 2021 na wijziging" = 500 }
"""
    assert [(d.code, d.line, d.expected, d.found) for d in errors(text)] == [
        ("BGR121", line_of(text, "saldo = "), 900, 1000)]


def test_a_wrong_resultaat_of_the_budget_is_reported_once():
    text = HEAD + """
[totaal]
resultaat = 500

[[programma]]
code = "1"
naam = "A"
lasten = 1000
baten = 200

[[programma]]
code = "2"
naam = "B"
lasten = 300
baten = 100
"""
    assert [(d.code, d.subject, d.expected, d.found) for d in findings(text)
            if d.code != "BGR501"] == [("BGR123", "totaal", 1000, 500)]


def test_a_rounded_saldo_that_two_rules_see_is_one_afrondingsverschil():
    # Bronckhorst programma 3 prints saldo 1.959 for lasten 9.474 - baten 7.516 = 1.958, and
    # its regels' saldi add up to 1.958: one info, not two
    found = [d for d in check(load(BRONCKHORST))
             if d.subject == "3" and "saldo begroting 2024" in d.message]
    assert [(d.code, d.severity) for d in found] == [("BGR121", INFO)]


REGELS_SALDO = HEAD + """
[[programma]]
code = "1"
naam = "A"
lasten = 1000
baten = 100
saldo = 800

[[programma.regel]]
code = "1A"
naam = "a"
saldo = 500

[[programma.regel]]
code = "1B"
naam = "b"
saldo = 300
"""
"""The review's regels-saldo-only.toml: the regels give only a saldo."""


def test_a_programme_whose_lasten_minus_baten_is_not_its_saldo_is_an_error_whatever_regels_give():
    (found,) = errors(REGELS_SALDO)
    assert (found.code, found.subject, found.line) == ("BGR121", "1",
                                                        line_of(REGELS_SALDO, "saldo = 800"))
    assert (found.expected, found.found) == (900, 800)
    assert found.message.endswith("; het klopt wel met de som van 2 regels, dus waarschijnlijk "
                                  "is lasten of baten onjuist")
    assert errors(REGELS_SALDO.replace("baten = 100", "baten = 200")) == []


def test_lasten_and_baten_of_a_programme_whose_regels_give_only_a_saldo_match_their_saldi():
    text = REGELS_SALDO.replace("saldo = 800\n", "")  # the programme states no saldo
    (found,) = errors(text)
    assert (found.code, found.subject, found.line) == ("BGR121", "1",
                                                        line_of(text, "lasten = 1000"))
    assert found.message.startswith("lasten begroting 2024 1.000, maar berekend 900 (saldo van "
                                    "de regels 800 + baten 100)")


MIXED = STATED_OVER_A_SALDO


def test_a_sum_of_regels_of_which_one_gives_only_a_saldo_is_not_checked_and_says_why():
    found = findings(MIXED, "BGR124")
    assert [(d.severity, d.line, d.expected, d.found) for d in found] == [
        (INFO, line_of(MIXED, "lasten = 1000"), 600, 1000),
        (INFO, line_of(MIXED, "baten = 200"), 100, 200)]
    assert found[0].message == (
        "lasten begroting 2024 1.000, berekend 600 (de som van 1 regel): niet gecontroleerd, de "
        "som is maar een deel: 1B (alleen een saldo) geeft voor begroting 2024 geen lasten op")


PARTIAL = HEAD + """
[totaal]
lasten = { "rekening 2022" = 1500, "begroting 2024" = 1600 }

[[programma]]
code = "1"
naam = "A"
lasten = { "rekening 2022" = 1000, "begroting 2024" = 1050 }

[[programma]]
code = "2"
naam = "B"
lasten = 550
"""
"""The review's partial-period.toml: programme 2 gives no rekening 2022."""


def test_a_column_that_one_programme_does_not_give_is_not_checked_and_says_which():
    (found,) = [d for d in findings(PARTIAL) if d.code != "BGR501"]
    assert (found.code, found.severity, found.subject) == ("BGR124", INFO, "totaal")
    assert found.message.endswith("2 (lasten alleen voor andere perioden) geeft voor rekening "
                                  "2022 geen lasten op")


def test_a_total_below_what_part_of_it_adds_up_to_is_a_warning():
    text = PARTIAL.replace('"rekening 2022" = 1500', '"rekening 2022" = 900')
    (found,) = [d for d in findings(text) if d.code != "BGR501"]
    assert (found.code, found.severity, found.expected, found.found) == (
        "BGR124", WARNING, 1000, 900)
    assert found.message.endswith("; toch is het minder dan die som, meer dan afronding")


def test_one_amount_with_a_decimal_does_not_shrink_the_rounding_bound_of_other_totals():
    # the review's bronckhorst-one-decimal.toml: 33 infos became 36 errors
    text = BRONCKHORST.read_text(encoding="utf-8").replace("lasten = 5467\n",
                                                           "lasten = 5466.6\n")
    found = findings(text)
    assert [d for d in found if d.severity is not INFO] == []
    assert [d.message for d in found if "berekend 40.832,6" in d.message] == [
        "lasten begroting 2024 40.833, berekend 40.832,6 (de som van 2 regels): "
        "afrondingsverschil 0,4 (grens 1,05)"]  # two whole amounts, one with a decimal


def test_a_bound_in_tenths_for_a_budget_printed_in_tenths():
    text = HEAD.replace("1000", "1000000") + """
[[programma]]
code = "1"
naam = "A"
lasten = 12.3
baten = 5.1
saldo = 7.4
"""
    (found,) = findings(text, "BGR121")
    assert (found.severity, found.message.rsplit("(", 1)[1]) == (ERROR, "grens 0,15)")


def test_every_pm_amount_is_reported_in_every_period_at_every_level():
    text = HEAD + """
[totaal]
lasten = 1500

[[programma]]
code = "1"
naam = "A"
lasten = 1000

[[programma.regel]]
code = "1A"
naam = "a"
programmalasten = { "begroting 2024" = 100, "raming 2025" = "p.m." }
directe_personeelslasten = { "begroting 2024" = 10, "raming 2025" = 10 }
overhead = { "begroting 2024" = 5, "raming 2025" = 5 }

[[programma.regel]]
code = "1B"
naam = "b"
lasten = 50
baten = "p.m."

[[programma]]
code = "2"
naam = "B"
lasten = { "begroting 2024" = 500, "raming 2025" = "p.m." }
"""
    assert [(d.severity, d.subject, d.line, d.message.split(":")[0])
            for d in findings(text, "BGR301")] == [
        (WARNING, "1A", line_of(text, "programmalasten ="), "programmalasten raming 2025 is p.m."),
        (WARNING, "1B", line_of(text, 'baten = "p.m."'), "baten is p.m."),
        (WARNING, "2", line_of(text, '"raming 2025" = "p.m." }', 2),
         "lasten raming 2025 is p.m.")]


def test_negative_amounts_of_a_regel_are_warned_in_every_period():
    text = HEAD + """
[[programma]]
code = "1"
naam = "A"

[[programma.regel]]
code = "1B"
naam = "b"
programmalasten = { "begroting 2024" = -125, "raming 2025" = -130 }
directe_personeelslasten = { "begroting 2024" = 10, "raming 2025" = 10 }
overhead = { "begroting 2024" = 5, "raming 2025" = 5 }
baten = { "begroting 2024" = -20, "raming 2025" = 20 }
saldo = { "begroting 2024" = -90 }
"""
    assert [d.message for d in findings(text, "BGR602")] == [
        "programmalasten begroting 2024 is negatief (-125)",
        "programmalasten raming 2025 is negatief (-130)",
        "baten begroting 2024 is negatief (-20)"]  # a saldo may be negative: a voordeel


def test_a_period_with_only_part_of_a_split_says_so():
    # the review's delen-periode.toml
    text = HEAD + """
[[programma]]
code = "1"
naam = "A"

[[programma.regel]]
code = "1A"
naam = "a"
programmalasten = { "begroting 2024" = 100, "raming 2025" = 110 }
directe_personeelslasten = { "begroting 2024" = 50, "raming 2026" = 60 }
overhead = 30
lasten = { "begroting 2024" = 180, "raming 2025" = 200 }
"""
    assert [(d.severity, d.message) for d in findings(text, "BGR125")] == [
        (WARNING, "lasten raming 2026 is onbekend: van programmalasten, "
                  "directe_personeelslasten en overhead is voor raming 2026 alleen "
                  "directe_personeelslasten opgegeven, en geen lasten"),
        (INFO, "lasten raming 2025 is niet gecontroleerd: van programmalasten, "
               "directe_personeelslasten en overhead is voor raming 2025 alleen programmalasten "
               "opgegeven")]
    text = text.replace('"raming 2025" = 110 }', '"raming 2025" = 110, "raming 2026" = 120 }')
    assert [d.message for d in findings(text, "BGR125")][0] == (
        "lasten raming 2026 is onbekend: van programmalasten, directe_personeelslasten en "
        "overhead zijn voor raming 2026 alleen programmalasten en directe_personeelslasten "
        "opgegeven, en geen lasten")


@settings(max_examples=60, deadline=None)
@given(consistent_v2_budgets(), st.data())
def test_one_wrong_figure_gives_one_error(data, draw):
    import tomli_w

    assert [d for d in findings(tomli_w.dumps(data)) if d.code != "BGR501"] == []
    items = [("totaal", data["totaal"])]
    for programma in data["programma"]:
        items += [(programma["code"], programma)]
        items += [(regel["code"], regel) for regel in programma["regel"]]
    subject, item = draw.draw(st.sampled_from(items))
    soort = draw.draw(st.sampled_from([s for s in ("lasten", "baten", "saldo") if s in item]))
    periode = draw.draw(st.sampled_from(sorted(item[soort])))
    item[soort][periode] += 1_000_000
    wrong = [d for d in findings(tomli_w.dumps(data)) if d.severity is not INFO]
    assert len(wrong) == 1
    (found,) = wrong
    if subject == "totaal" or subject.count(".") == 0 or "saldo" in item:
        # a figure that a relation of its own pins down: the error is at it
        assert (found.subject, found.message.split(", maar")[0]) == (
            subject, f"{soort} {periode} {bedrag(Decimal(item[soort][periode]), None)}")


@settings(max_examples=60, deadline=None)
@given(overzicht_budgets_met_saldi())
def test_every_pm_amount_gets_a_warning_of_its_own(text):
    import tomllib

    data = tomllib.loads(text)
    items = [data.get("totaal", {}), *data["programma"]]
    items += [regel for programma in data["programma"] for regel in programma.get("regel", [])]
    stated = sum(1 for item in items for amounts in item.values() if isinstance(amounts, dict)
                 for amount in amounts.values() if amount == "p.m.")
    assert len(findings(text, "BGR301")) == stated


def test_a_regel_comes_before_its_programme_and_the_programmes_before_totaal():
    # A negative baten on regel 1.2 (line 36), the programme baten it makes wrong (line 21),
    # and a resultaat typed wrong in [totaal] (line 15): listed regel, programme, budget.
    text = GEMEENTE.replace(
        'baten = { "begroting 2024" = 200, "raming 2025" = 250 }\n\n[[programma]]',
        'baten = { "begroting 2024" = -200, "raming 2025" = 250 }\n\n[[programma]]').replace(
        'resultaat = { "begroting 2024" = 70,', 'resultaat = { "begroting 2024" = 80,')
    found = [d for d in findings(text) if d.code != "BGR501"]
    assert [(d.code, d.subject, d.line) for d in found] == [
        ("BGR602", "1.2", line_of(text, "= -200")),
        ("BGR124", "1", line_of(text, 'baten = { "begroting 2024" = 200', 1)),
        ("BGR123", "totaal", line_of(text, "= 80,")),
    ]
