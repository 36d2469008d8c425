"""The national list of Iv3 taakvelden, by kind of body and year (taakvelden.toml)."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import NamedTuple

LIJST = Path(__file__).with_name("taakvelden.toml")

LIJSTEN = {"gemeente": "gemeente", "gemeenschappelijke regeling": "gemeente",
           "provincie": "provincie"}
"""Which list each kind of body uses; water boards and associations have none."""


class Taakveld(NamedTuple):
    """A taakveld's code and its name in one year."""

    code: str
    naam: str


def taakveld(soort_organisatie: str, code: str, jaar: int) -> Taakveld | None:
    """The taakveld with this code in the body's list of that year; None if there is none.

    Years before the list began (2017) read the first year's list, years after the last one
    the latest.
    """
    entries = _lijst(LIJSTEN[soort_organisatie]).get(code, ())
    for van, tot, naam in entries:
        if (van <= jaar or van == _first(soort_organisatie)) and (tot is None or jaar <= tot):
            return Taakveld(code, naam)
    return None


def geldig_in(soort_organisatie: str, code: str) -> tuple[int, int | None] | None:
    """(first year, last year or None) in which the code is in the body's list at all."""
    entries = _lijst(LIJSTEN[soort_organisatie]).get(code)
    if not entries:
        return None
    last = [tot for _, tot, _ in entries]
    return entries[0][0], None if None in last else max(t for t in last if t is not None)


def heeft_lijst(soort_organisatie: str | None) -> bool:
    """Whether taakvelden of this kind of body can be checked."""
    return soort_organisatie in LIJSTEN


def _first(soort_organisatie: str) -> int:
    return min(van for entries in _lijst(LIJSTEN[soort_organisatie]).values()
               for van, _, _ in entries)


@cache
def _lijst(naam: str) -> dict[str, tuple[tuple[int, int | None, str], ...]]:
    data = tomllib.loads(LIJST.read_text(encoding="utf-8"))[naam]
    return {code: tuple((e["van"], e.get("tot"), e["naam"]) for e in entries)
            for code, entries in data.items()}


def volgorde(soort_organisatie: str) -> dict[str, int]:
    """The place of each code in the body's list: the list's own order."""
    if not heeft_lijst(soort_organisatie):
        return {}
    return {code: place for place, code in enumerate(_lijst(LIJSTEN[soort_organisatie]))}
