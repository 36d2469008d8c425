"""The geometry of the report's charts (render/rapport/grafiek.py): pure functions of Decimal
amounts, so the tile bars and the waterfall are checked here without HTML or a browser."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

from begroting_cli.render.rapport.grafiek import (
    BALK,
    BREEDTE,
    LETTER,
    RIJ,
    WATERVAL_BREEDTE,
    Balk,
    Trede,
    Waterval,
    balk,
    waterval,
)

D = Decimal
TIENDE = D("0.1")
# The IPO-Begroting 2021 (budgets/ipo-begroting-2021.toml): programme 9 is the largest.
GROOTSTE = D(9301)
IPO_WAS, IPO_WORDT = D(17003), D("16020.6")
"""Was and Wordt (2) of the IPO 2021's Was / Wordt table: `diff` of 2020 and 2021."""
IPO_STAPPEN = [("Opname DSO in IPO BGR", D(1650)), ("Correctie formatieraming", D(778)),
               ("Indexatie personeelslasten", D(156)),
               ("Toer. App.lstn aan K-functie", D(-2382)),
               ("Verlaging diverse ramingen", D(-1184)), ("Onverklaard", D("-0.4"))]
"""The verklaring as changes of the level (an item of Was - Wordt lowers it by its amount),
and the 0,4 it leaves unexplained."""


def in_tenths(value: Decimal) -> bool:
    """A coordinate as the SVG gets it: one decimal, the same bytes for the same budget."""
    return value == value.quantize(TIENDE) and value.as_tuple().exponent == -1


# The bar of a tile


def test_the_largest_programme_fills_the_bar():
    bar = balk(D(300), D(9001), GROOTSTE)  # programme 9: Overig
    assert bar == Balk(D("3.2"), D("96.8"))
    assert bar.basis + bar.kassiersfunctie == BREEDTE


def test_a_bar_is_proportional_to_the_largest_programme():
    # programme 1: 3.658 basis and 1.086 kassiersfunctie of 9.301
    assert balk(D(3658), D(1086), GROOTSTE) == Balk(D("39.3"), D("11.7"))
    # programme 6, Cultuur en erfgoed: 158, all basis
    assert balk(D(158), D(0), GROOTSTE) == Balk(D("1.7"), D("0.0"))


def test_halves_are_halves():
    assert balk(D(50), D(50), D(100)) == Balk(D("50.0"), D("50.0"))
    assert balk(D(4650), D(0), D(9300)) == Balk(D("50.0"), D("0.0"))
    assert balk(D(0), D("4650.5"), D(9301)) == Balk(D("0.0"), D("50.0"))


def test_a_negative_part_draws_as_nothing():
    assert balk(D(-200), D(500), D(1000)) == Balk(D("0.0"), D("50.0"))
    assert balk(D(500), D(-200), D(1000)) == Balk(D("50.0"), D("0.0"))


def test_a_largest_programme_of_zero_or_less_draws_nothing():
    assert balk(D(0), D(0), D(0)) == Balk(D(0), D(0))
    assert balk(D(10), D(5), D(0)) == Balk(D(0), D(0))
    assert balk(D(10), D(5), D(-15)) == Balk(D(0), D(0))


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False,
                      allow_infinity=False)


@given(basis=amounts, kassiersfunctie=amounts, rest=amounts)
@example(basis=D(300), kassiersfunctie=D(9001), rest=D(0))
@example(basis=D("0.01"), kassiersfunctie=D(0), rest=D(10**9))
def test_a_bar_is_its_parts_share_of_the_width(basis, kassiersfunctie, rest):
    """For a programme whose total is at most the largest: each part is its share of the
    width, to a tenth; together they never pass the width, and the largest fills it."""
    grootste = basis + kassiersfunctie + rest
    bar = balk(basis, kassiersfunctie, grootste)
    if grootste == 0:
        assert bar == Balk(D(0), D(0))
        return
    for drawn, amount in ((bar.basis, basis), (bar.kassiersfunctie, kassiersfunctie)):
        assert in_tenths(drawn)
        assert abs(drawn - amount * BREEDTE / grootste) <= D("0.05")
        assert D(0) <= drawn <= BREEDTE
    assert bar.basis + bar.kassiersfunctie <= BREEDTE + TIENDE
    if rest == 0:  # the largest programme
        assert abs(bar.basis + bar.kassiersfunctie - BREEDTE) <= TIENDE
    # more is never drawn smaller
    assert balk(basis + 1, kassiersfunctie, grootste + 1).basis >= balk(
        basis, kassiersfunctie, grootste + 1).basis


# The waterfall


def ends(trede: Trede) -> tuple[Decimal, Decimal]:
    """(x of the level before, x of the level after) of a step; (x of zero, x of the level)
    of a level drawn from zero."""
    left, right = trede.x, trede.x + trede.breedte
    if trede.soort == "lager" or (trede.soort == "stand" and trede.bedrag < 0):
        return right, left
    return left, right


def x_of(grafiek: Waterval, levels: list[Decimal], value: Decimal) -> Decimal:
    """Where a value lies on the scale from the lowest to the highest of zero and the levels."""
    low, high = min(D(0), *levels), max(D(0), *levels)
    return (value - low) * grafiek.breedte / (high - low or 1)


def test_the_rows_go_was_each_step_wordt():
    grafiek = waterval(("Was", IPO_WAS), IPO_STAPPEN, ("Wordt (2)", IPO_WORDT))
    assert [t.label for t in grafiek.treden] == [
        "Was", "Opname DSO in IPO BGR", "Correctie formatieraming", "Indexatie personeelslasten",
        "Toer. App.lstn aan K-functie", "Verlaging diverse ramingen", "Onverklaard", "Wordt (2)"]
    assert [t.soort for t in grafiek.treden] == [
        "stand", "hoger", "hoger", "hoger", "lager", "lager", "lager", "stand"]
    assert [t.bedrag for t in grafiek.treden] == [
        IPO_WAS, *(change for _label, change in IPO_STAPPEN), IPO_WORDT]


def test_the_ipo_waterfall_as_drawn():
    """The highest level, 19.587 (Was and the three nadelen), is the full width of 400."""
    grafiek = waterval(("Was", IPO_WAS), IPO_STAPPEN, ("Wordt (2)", IPO_WORDT))
    assert [(t.x, t.breedte) for t in grafiek.treden] == [
        (D("0.0"), D("347.2")), (D("347.2"), D("33.7")), (D("380.9"), D("15.9")),
        (D("396.8"), D("3.2")), (D("351.4"), D("48.6")), (D("327.2"), D("24.2")),
        (D("327.2"), D("0.0")), (D("0.0"), D("327.2"))]
    assert grafiek.nul == D("0.0")
    assert (grafiek.breedte, grafiek.hoogte) == (WATERVAL_BREEDTE, 8 * RIJ)


def test_each_step_starts_where_the_level_before_it_ended():
    grafiek = waterval(("Was", IPO_WAS), IPO_STAPPEN, ("Wordt (2)", IPO_WORDT))
    treden = grafiek.treden
    for before, step in zip(treden[:-2], treden[1:-1], strict=True):
        assert ends(step)[0] == ends(before)[1], step.label
    # the steps come to Wordt: the last level is where the Wordt bar ends
    assert IPO_WAS + sum(change for _label, change in IPO_STAPPEN) == IPO_WORDT
    assert ends(treden[-2])[1] == ends(treden[-1])[1]


def test_the_rows_are_evenly_spaced():
    grafiek = waterval(("Was", IPO_WAS), IPO_STAPPEN, ("Wordt (2)", IPO_WORDT))
    ys = [t.y for t in grafiek.treden]
    assert ys[0] == RIJ - BALK - 4
    assert [b - a for a, b in zip(ys, ys[1:], strict=False)] == [RIJ] * (len(ys) - 1)
    assert (grafiek.rij, grafiek.balk) == (RIJ, BALK)


def test_negative_levels_are_drawn_left_of_zero():
    grafiek = waterval(("Was", D(-100)), [("Meer", D(300))], ("Wordt", D(200)))
    was, meer, wordt = grafiek.treden
    assert grafiek.nul == D("133.3")  # zero lies a third of the way from -100 to 200
    assert (was.x, was.x + was.breedte) == (D("0.0"), grafiek.nul)
    assert (meer.x, meer.breedte) == (D("0.0"), D("400.0"))
    assert (wordt.x, wordt.x + wordt.breedte) == (grafiek.nul, D("400.0"))


def test_all_zero_is_a_waterfall_of_nothing():
    grafiek = waterval(("Was", D(0)), [("Niets", D(0))], ("Wordt", D(0)))
    assert [(t.x, t.breedte) for t in grafiek.treden] == [(D("0.0"), D("0.0"))] * 3
    assert grafiek.nul == D("0.0")


levels = st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False,
                     allow_infinity=False)
changes = st.lists(st.tuples(st.text(max_size=8), levels), max_size=10)


@given(was=levels, stappen=changes, rest=levels, closes=st.booleans())
@example(was=IPO_WAS, stappen=IPO_STAPPEN, rest=D(0), closes=True)
@example(was=D(0), stappen=[], rest=D(0), closes=True)
@example(was=D("-0.01"), stappen=[("x", D("0.02"))], rest=D(0), closes=False)
def test_the_waterfall_keeps_its_invariants(was, stappen, rest, closes):
    """Rows Was, steps, Wordt; each step from the level before to the level after; evenly
    spaced rows; all of it inside the viewBox; the last level is Wordt when the steps come
    to it (the report adds the unexplained rest as a step so that they do)."""
    level = was + sum((change for _label, change in stappen), D(0))
    wordt = level if closes else level + rest
    grafiek = waterval(("Was", was), stappen, ("Wordt", wordt))
    treden = grafiek.treden
    assert [t.label for t in treden] == ["Was", *(label for label, _c in stappen), "Wordt"]
    assert [t.bedrag for t in treden] == [was, *(change for _l, change in stappen), wordt]
    assert [t.soort for t in treden[1:-1]] == [
        "hoger" if change >= 0 else "lager" for _l, change in stappen]
    assert treden[0].soort == treden[-1].soort == "stand"
    # the geometry: every coordinate a tenth, inside the viewBox
    assert grafiek.hoogte == RIJ * len(treden)
    assert D(0) <= grafiek.nul <= grafiek.breedte == WATERVAL_BREEDTE
    for n, trede in enumerate(treden):
        assert all(in_tenths(v) for v in (trede.x, trede.breedte, trede.y))
        assert trede.breedte >= 0
        assert D(0) <= trede.x and trede.x + trede.breedte <= grafiek.breedte
        assert trede.y == RIJ * n + RIJ - BALK - 4  # evenly spaced
        assert trede.y - 5 - LETTER >= RIJ * n  # its label fits in its own row, above the bar
        assert trede.y + grafiek.balk <= grafiek.hoogte
    # a level is drawn from zero; each step from where the level before it ended
    all_levels = [was]
    for _label, change in stappen:
        all_levels.append(all_levels[-1] + change)
    all_levels.append(wordt)
    assert ends(treden[0]) == (grafiek.nul, ends(treden[0])[1])
    assert abs(ends(treden[0])[1] - x_of(grafiek, all_levels, was)) <= D("0.05")
    for before, step in zip(treden[:-2], treden[1:-1], strict=True):
        assert ends(step)[0] == ends(before)[1]
    for step, after in zip(treden[1:-1], all_levels[1:-1], strict=True):
        assert abs(ends(step)[1] - x_of(grafiek, all_levels, after)) <= D("0.05")
    assert ends(treden[-1])[0] == grafiek.nul
    if closes:
        assert ends(treden[-2] if stappen else treden[0])[1] == ends(treden[-1])[1]
