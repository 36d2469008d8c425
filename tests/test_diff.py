from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given

from begroting_cli.diff import Scope, Status, verschil
from begroting_cli.load import load
from begroting_cli.model import Begroting
from tests.samples import PREVIOUS, REFERENCE
from tests.strategies import budgets

D = Decimal
PRINTED = {  # the source's Was/Wordt table: Was, Wordt (1), Kassiersfunctie, Wordt (2), Verschil
    "programmalasten": (6497, 18590, -12138, 6452, 44),
    "personeelslasten_direct": (7870, 9875, -1970, 7904, -35),
    "personeelslasten_overig": (557, 450, -90, 360, 197),
    "huisvesting": (2079, 1628, -325, 1303, 775),
    "totaal": (17002, 30543, -14523, 16021, 982),
}


@pytest.fixture(scope="module")
def pair():
    return load(PREVIOUS).begroting, load(REFERENCE).begroting


def test_the_reference_pair_reproduces_the_printed_table_within_rounding(pair):
    report = verschil(*pair)
    for row in report.kostensoorten:
        computed = (row.was, row.wordt, -row.kassiersfunctie, row.wordt_basis, row.verschil)
        for cell, printed in zip(computed, PRINTED[row.kostensoort], strict=True):
            assert abs(cell - printed) <= 2, (row.kostensoort, cell, printed)


def test_the_five_explanation_items_add_up_to_982(pair):
    report = verschil(*pair)
    assert [v.bedrag for v in report.verklaring] == [-1650, -778, -156, 2382, 1184]
    assert report.verklaard == 982
    assert report.onverklaard == D("0.4")
    assert not report.onverklaard_buiten_afronding


def test_cells_where_the_file_differs_from_the_computation_are_listed(pair):
    report = verschil(*pair)
    assert ("was", "totaal", D(17002), D(17003)) in [
        (a.kolom, a.kostensoort, a.opgegeven, a.berekend) for a in report.afrondingen]


def test_beleidsopgaven_are_compared_only_when_both_sides_have_them(pair):
    assert verschil(*pair).regels is None


def test_a_budget_against_itself_is_all_zeros_and_nothing_unexplained(pair):
    report = verschil(pair[1], pair[1])
    assert all(row.verschil == 0 for row in report.kostensoorten)
    assert report.regels == ()
    assert report.verklaring is None and report.onverklaard is None


def test_scope_totaal_compares_the_whole_budgets(pair):
    report = verschil(pair[1], pair[1], Scope.totaal)
    assert report.kostensoorten[-1].was == D(30544)
    assert verschil(*pair, Scope.totaal).kostensoorten[-1].verschil is None  # 2020 gives basis only


def _changed(begroting: Begroting, **changes) -> Begroting:
    """begroting with beleidsopgaven changed: code -> new fields, or None to remove it."""
    programmas = []
    for programma in begroting.programma:
        lines = []
        for opgave in programma.regels:
            change = changes.get(opgave.code.replace(".", "_"), {})
            if change is not None:
                lines.append(replace(opgave, **change))
        programmas.append(programma.model_copy(update={"beleidsopgave": tuple(lines)}))
    return begroting.model_copy(update={"programma": tuple(programmas)})


def test_a_changed_an_added_and_a_removed_beleidsopgave(pair):
    was = _changed(pair[1], **{"9_2": None})
    wordt = _changed(pair[1], **{"1_1": {"programmalasten": D(175)}, "9_4": None})
    report = verschil(was, wordt)
    got = {(line.code, line.status, line.verschil) for line in report.regels}
    assert got == {("1.1", Status.gewijzigd, D(-50)), ("9.2", Status.nieuw, D(0)),
                   ("9.4", Status.vervallen, D(6700))}
    assert [line.code for line in report.regels][0] == "9.4"  # largest change first
    changed = next(line for line in report.regels if line.code == "1.1")
    assert changed.per_deel["programmalasten"] == D(-50)


def test_a_changed_code_is_matched_by_naam_and_says_so(pair):
    wordt = _changed(pair[1], **{"2_1": {"code": "2.99"}})
    (line,) = verschil(pair[1], wordt).regels
    assert (line.code, line.status) == ("2.99", Status.gewijzigd)
    assert line.opmerkingen == ("code 2.1 werd 2.99 (gekoppeld op naam)",)


def test_a_moved_kassiersfunctie_flag_and_pm_that_became_an_amount(pair):
    wordt = _changed(pair[1], **{"1_4": {"kassiersfunctie": False},
                                 "3_9": {"programmalasten": D(4200)}})
    notes = {line.code: line.opmerkingen for line in verschil(pair[1], wordt).regels}
    assert notes["1.4"] == ("niet langer kassiersfunctie",)
    assert notes["3.9"] == ("programmalasten: p.m. werd een bedrag",)


def test_all_keeps_unchanged_lines(pair):
    assert len(verschil(pair[1], pair[1], alle=True).regels) == 59


@given(budgets(), budgets())
def test_diff_is_antisymmetric_in_every_cell(a, b):
    a, b = Begroting.model_validate(a), Begroting.model_validate(b)
    forward, backward = verschil(a, b, alle=True), verschil(b, a, alle=True)
    for there, back in zip(forward.kostensoorten, backward.kostensoorten, strict=True):
        assert (there.verschil is None) == (back.verschil is None)
        if there.verschil is not None:
            assert there.verschil == -back.verschil
    there = {line.code: line for line in forward.regels or ()}
    back = {line.code: line for line in backward.regels or ()}
    assert there.keys() == back.keys()
    for code, line in there.items():
        assert line.per_deel == {k: -v for k, v in back[code].per_deel.items()}


def test_a_code_used_twice_loses_no_line(pair):
    was = _changed(pair[1], **{"1_2": {"code": "1.1", "naam": "Tweede"}})
    lines = {(line.code, line.naam, line.status) for line in verschil(was, pair[1]).regels}
    assert lines == {("1.1", "Tweede", Status.vervallen), ("1.2", "Water", Status.nieuw)}
