"""The geometry of the report's charts, as pure functions of the amounts: the template only
draws what these return (docs/rapport.md). Coordinates are in the units of the SVG's viewBox,
rounded to a tenth, so the same budget gives the same bytes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

ZERO = Decimal(0)
TIENDE = Decimal("0.1")


def _maat(value: Decimal) -> Decimal:
    return value.quantize(TIENDE, ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Balk:
    """A programme's bar on its tile: basis and kassiersfunctie side by side, as parts of
    BREEDTE, scaled to the largest total of the overview."""

    basis: Decimal
    kassiersfunctie: Decimal


BREEDTE = Decimal(100)
"""The width of a tile's bar in viewBox units."""


def balk(basis: Decimal, kassiersfunctie: Decimal, grootste: Decimal) -> Balk:
    """The bar of a programme whose basis and kassiersfunctie are given, next to the largest
    programme total; a negative part (a correction) draws as nothing."""
    if grootste <= 0:
        return Balk(ZERO, ZERO)
    schaal = BREEDTE / grootste
    return Balk(_maat(max(basis, ZERO) * schaal), _maat(max(kassiersfunctie, ZERO) * schaal))


Soort = Literal["stand", "hoger", "lager"]


@dataclass(frozen=True, slots=True)
class Trede:
    """One row of a waterfall: a level (Was, Wordt) drawn from zero, or a step drawn from the
    level before it to the level after."""

    label: str
    bedrag: Decimal
    """For a level the level; for a step the change of the level."""
    soort: Soort
    x: Decimal
    breedte: Decimal
    y: Decimal
    """The top of the bar; its label's baseline is just above."""


@dataclass(frozen=True, slots=True)
class Waterval:
    """A horizontal waterfall: one row per level or step, top to bottom."""

    treden: tuple[Trede, ...]
    breedte: Decimal
    hoogte: Decimal
    nul: Decimal
    """The x of zero: the line the levels start from."""
    rij: Decimal
    balk: Decimal


WATERVAL_BREEDTE = Decimal(400)
RIJ = Decimal(44)
"""A row: its label (LETTER high) above its bar (BALK high)."""
BALK = Decimal(18)
LETTER = Decimal(16)


def waterval(begin: tuple[str, Decimal], stappen: Sequence[tuple[str, Decimal]],
             eind: tuple[str, Decimal]) -> Waterval:
    """From the level `begin` through each step (a change of the level) to the level `eind`.

    What the steps leave between their last level and `eind` is the caller's to show as a
    step of its own (an unexplained rest); the drawing does not hide it.
    """
    levels = [begin[1]]
    for _label, change in stappen:
        levels.append(levels[-1] + change)
    levels.append(eind[1])
    low, high = min(ZERO, *levels), max(ZERO, *levels)
    span = high - low or Decimal(1)
    schaal = WATERVAL_BREEDTE / span

    def x(value: Decimal) -> Decimal:
        return _maat((value - low) * schaal)

    treden: list[Trede] = []

    def add(label: str, bedrag: Decimal, soort: Soort, van: Decimal, tot: Decimal) -> None:
        left, right = sorted((x(van), x(tot)))
        y = _maat(RIJ * len(treden) + RIJ - BALK - 4)
        treden.append(Trede(label, bedrag, soort, left, right - left, y))

    add(begin[0], begin[1], "stand", ZERO, begin[1])
    level = begin[1]
    for label, change in stappen:
        add(label, change, "hoger" if change >= 0 else "lager", level, level + change)
        level += change
    add(eind[0], eind[1], "stand", ZERO, eind[1])
    return Waterval(tuple(treden), WATERVAL_BREEDTE, RIJ * len(treden), x(ZERO), RIJ, BALK)
