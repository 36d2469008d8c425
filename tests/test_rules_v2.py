"""The rules of format v2: saldo, reserves, resultaat, sums, periods and taakvelden."""

from collections import Counter

import pytest

from begroting_cli.diagnostic import Severity
from begroting_cli.load import load, load_bytes
from begroting_cli.rules import check
from tests.samples import (
    BRONCKHORST,
    DRIMMELEN,
    DRONTEN,
    GEMEENTE,
    REFERENCE,
    ZUID_HOLLAND,
    line_of,
)

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
    assert found.message == ("saldo begroting 2024 900 but computed 800 (lasten 1000 - baten "
                             "200): off by 100, more than rounding (bound 1.5)")


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
        (ERROR, "1", "lasten begroting 2024 1100 but computed 1000")]


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
    assert [d.code for d in findings(text) if d.severity is not INFO] == []
    assert not findings(text, "BGR121")


def test_an_unknown_taakveld_is_a_warning_that_says_when_it_was_one():
    text = GEMEENTE.replace('taakveld = "0.1"', 'taakveld = "6.71"').replace(
        "jaar = 2024", "jaar = 2025").replace("2024", "2025").replace('"raming 2025"',
                                                                     '"raming 2026"')
    (found,) = findings(text, "BGR127")
    assert (found.severity, found.line) == (WARNING, line_of(text, 'taakveld = "6.71"'))
    assert found.message == ("taakveld '6.71' is not an Iv3 taakveld of a gemeente in 2025 "
                             "(it was one from 2017 to 2024)")


def test_taakvelden_of_a_provincie_are_checked_against_its_own_list():
    text = GEMEENTE.replace('"gemeente"', '"provincie"')  # 0.1 is a provincial code, 0.2 too
    assert findings(text, "BGR127") == []
    text = text.replace('taakveld = "0.2"', 'taakveld = "0.10"')
    assert [d.message[:40] for d in findings(text, "BGR127")] == [
        "taakveld '0.10' is not an Iv3 taakveld o"]


def test_without_a_kind_of_body_taakvelden_are_not_checked_and_it_says_so():
    (found,) = findings(GEMEENTE.replace('soort_organisatie = "gemeente"\n', ""), "BGR127")
    assert found.severity is INFO and "not checked" in found.message


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
    assert real(DRIMMELEN) == {("BGR121", "info"): 11, ("BGR122", "info"): 5,
                               ("BGR124", "info"): 17, ("BGR501", "info"): 1}


def test_bronckhorst_2024_rounds_and_its_reserve_table_is_one_short():
    found = check(load(BRONCKHORST))
    assert not [d for d in found if d.severity is not INFO]
    onttrekkingen = next(d for d in found if d.message.startswith(
        "onttrekking_reserve begroting 2024"))
    assert (onttrekkingen.code, onttrekkingen.found, onttrekkingen.expected) == (
        "BGR124", 2158, 2157)  # the per-reserve lines add up to 2.157


def test_dronten_2019_has_valid_taakvelden_and_resultaten_one_or_two_too_high():
    found = check(load(DRONTEN))
    assert not [d for d in found if d.severity is not INFO]
    resultaten = [d for d in found if d.code == "BGR123"]
    assert sorted(d.found - d.expected for d in resultaten) == [1, 1, 1, 1, 1, 2, 2, 2]


@pytest.mark.parametrize("path", [BRONCKHORST, DRIMMELEN, DRONTEN, ZUID_HOLLAND],
                         ids=lambda p: p.stem)
def test_a_real_budget_says_where_its_source_is(path):
    assert "https://" in path.read_text(encoding="utf-8").split("[begroting]")[0]
