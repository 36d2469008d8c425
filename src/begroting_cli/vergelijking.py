"""Two periods compared: of two budgets, or of one (docs/diff.md). Pure functions."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from begroting_cli.diff import Status
from begroting_cli.model import SOORTEN, Periode
from begroting_cli.overzicht import Cijfers, Overzicht, ProgrammaOverzicht


@dataclass(frozen=True, slots=True)
class Paar:
    """One figure in both periods; verschil is was - wordt, None where either is unknown."""

    was: Decimal | None
    wordt: Decimal | None
    was_pm: bool
    """Whether p.m. is part of the was figure."""
    wordt_pm: bool
    """Whether p.m. is part of the wordt figure."""

    @property
    def pm(self) -> bool:
        """Whether p.m. is part of either figure, and so of the verschil."""
        return self.was_pm or self.wordt_pm

    @property
    def verschil(self) -> Decimal | None:
        return None if self.was is None or self.wordt is None else self.was - self.wordt


@dataclass(frozen=True, slots=True)
class ProgrammaVergelijking:
    """A programme in both periods, matched by code (or else by naam)."""

    code: str
    naam: str
    status: Status
    bedragen: dict[str, Paar]
    """By soort, the soorten that either period gives."""


@dataclass(frozen=True, slots=True)
class Vergelijking:
    """Everything `begroting diff` reports about budgets with baten, reserves or periods."""

    was: Overzicht
    wordt: Overzicht
    was_periode: Periode
    wordt_periode: Periode
    soorten: tuple[str, ...]
    totaal: dict[str, Paar]
    programmas: tuple[ProgrammaVergelijking, ...]
    """Every programme of either, in the order of wordt, then those only was has."""


def vergelijk(was: Overzicht, wordt: Overzicht, was_periode: Periode,
              wordt_periode: Periode) -> Vergelijking:
    """Compare was_periode of one overview with wordt_periode of another (or the same)."""
    pairs = _match(was.programmas, wordt.programmas)
    soorten = tuple(s for s in SOORTEN if any(
        s in cijfers.waarden for cijfers in (was.cijfers, wordt.cijfers)))
    programmas = []
    for before, after in pairs:
        bedragen = _paren(before.cijfers if before else None, after.cijfers if after else None,
                          was_periode, wordt_periode, soorten)
        if before is None and after is not None:
            status = Status.nieuw
        elif after is None and before is not None:
            status = Status.vervallen
        elif any(p.verschil for p in bedragen.values()) or any(
                (p.was is None) != (p.wordt is None) for p in bedragen.values()):
            status = Status.gewijzigd
        else:
            status = Status.ongewijzigd
        shown = (after or before)
        assert shown is not None, "a pair has at least one programme"
        programmas.append(ProgrammaVergelijking(shown.programma.code, shown.programma.naam,
                                                status, bedragen))
    return Vergelijking(was, wordt, was_periode, wordt_periode, soorten,
                        _paren(was.cijfers, wordt.cijfers, was_periode, wordt_periode, soorten),
                        tuple(programmas))


def _paren(was: Cijfers | None, wordt: Cijfers | None, was_periode: Periode,
           wordt_periode: Periode, soorten: tuple[str, ...]) -> dict[str, Paar]:
    found = {}
    for soort in soorten:
        before = None if was is None else was.get(soort, was_periode)
        after = None if wordt is None else wordt.get(soort, wordt_periode)
        if before is None and after is None:
            continue
        found[soort] = Paar(before, after,
                            was is not None and (soort, was_periode) in was.pm,
                            wordt is not None and (soort, wordt_periode) in wordt.pm)
    return found


Pair = tuple[ProgrammaOverzicht | None, ProgrammaOverzicht | None]


def _match(was: tuple[ProgrammaOverzicht, ...],
           wordt: tuple[ProgrammaOverzicht, ...]) -> list[Pair]:
    """Pairs by code, then by naam; what is left pairs with None."""
    by_code = {p.programma.code: p for p in was}
    pairs: list[Pair] = [(by_code.pop(p.programma.code, None), p) for p in wordt]
    by_naam = {p.programma.naam: p for p in by_code.values()}
    pairs = [(a if a is not None else by_naam.pop(b.programma.naam, None) if b else None, b)
             for a, b in pairs]
    return pairs + [(p, None) for p in by_naam.values()]
