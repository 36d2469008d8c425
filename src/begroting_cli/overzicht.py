"""The overview of baten en lasten: every soort, every period, at every level (docs/engine.md).

Pure functions over the models. A figure of a programme or of the budget is computed from
what lies below it: the sum of its regels (or programmes) where they give that soort for that
period, its own stated amount where nothing below does. saldo = lasten - baten,
mutatie_reserves = toevoeging_reserve - onttrekking_reserve and resultaat = saldo +
mutatie_reserves are computed at every level from that level's figures.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from begroting_cli import taakvelden
from begroting_cli.model import (
    DELEN,
    PM,
    SOORTEN,
    Bedrag,
    Bedragen,
    Begroting,
    Periode,
    PeriodeSoort,
    Programma,
    Regel,
    Totaal,
    is_pm,
    or_zero,
)

ZERO = Decimal(0)

PRIMAIR = ("lasten", "baten", "toevoeging_reserve", "onttrekking_reserve")
"""The soorten that are amounts; the others are computed from them."""

AFGELEID = (("saldo", "lasten", "baten", -1),
            ("mutatie_reserves", "toevoeging_reserve", "onttrekking_reserve", -1),
            ("resultaat", "saldo", "mutatie_reserves", 1))
"""(soort, a, b, sign): soort = a + sign x b, in this order."""

Waarden = dict[str, dict[Periode, Decimal]]
"""Figures by soort and period; a soort or period that is absent is not known."""


@dataclass(frozen=True, slots=True)
class Cijfers:
    """The computed figures of a regel, a programme or the budget."""

    waarden: Waarden
    pm: frozenset[tuple[str, Periode]]
    """(soort, periode) where a p.m. amount is part of the figure: it is "+ p.m."."""

    def get(self, soort: str, periode: Periode) -> Decimal | None:
        """The figure, or None when nothing gives it."""
        return self.waarden.get(soort, {}).get(periode)

    def perioden(self) -> set[Periode]:
        """Every period with a figure."""
        return {periode for per in self.waarden.values() for periode in per}


class Opgegeven(NamedTuple):
    """What a regel, programme or the budget states, by soort and period (plain amounts are
    the own period's)."""

    bedragen: dict[str, dict[Periode, Bedrag]]

    def get(self, soort: str, periode: Periode) -> Bedrag | None:
        return self.bedragen.get(soort, {}).get(periode)


@dataclass(frozen=True, slots=True)
class RegelOverzicht:
    """A regel with its figures."""

    regel: Regel
    opgegeven: Opgegeven
    cijfers: Cijfers


@dataclass(frozen=True, slots=True)
class ProgrammaOverzicht:
    """A programme with its figures and those of its regels."""

    programma: Programma
    opgegeven: Opgegeven
    cijfers: Cijfers
    regels: tuple[RegelOverzicht, ...]


@dataclass(frozen=True, slots=True)
class VerschilKolom:
    """A computed column: was - wordt, e.g. begroting na wijziging - rekening of one year."""

    was: Periode
    wordt: Periode

    def __str__(self) -> str:
        return f"verschil {self.wordt.jaar}"


Kolom = Periode | VerschilKolom
"""A column of the overview: a period of the file, or a verschil between two of them."""


@dataclass(frozen=True, slots=True)
class Overzicht:
    """Everything the overview of baten en lasten reports about one budget."""

    begroting: Begroting
    perioden: tuple[Periode, ...]
    """Every period the file gives an amount for, in the order of the columns."""
    verschillen: tuple[VerschilKolom, ...]
    """Per year with a rekening: begroting na wijziging (or begroting) - rekening."""
    opgegeven: Opgegeven
    """What [totaal] states."""
    cijfers: Cijfers
    programmas: tuple[ProgrammaOverzicht, ...]

    @property
    def kolommen(self) -> tuple[Kolom, ...]:
        """The periods in order, each verschil right after the rekening it is of."""
        found: list[Kolom] = []
        for periode in self.perioden:
            found.append(periode)
            found += [v for v in self.verschillen if v.wordt == periode]
        return tuple(found)

    @property
    def soorten(self) -> tuple[str, ...]:
        """The soorten that have a figure anywhere, in SOORTEN order."""
        present = set(self.cijfers.waarden)
        for programma in self.programmas:
            present |= programma.cijfers.waarden.keys()
        return tuple(soort for soort in SOORTEN if soort in present)


def waarde(cijfers: Cijfers, soort: str, kolom: Kolom) -> Decimal | None:
    """The figure of one column: a period's, or a verschil (was - wordt) when both are known."""
    if isinstance(kolom, Periode):
        return cijfers.get(soort, kolom)
    was, wordt = cijfers.get(soort, kolom.was), cijfers.get(soort, kolom.wordt)
    return None if was is None or wordt is None else was - wordt


def is_pm_in(cijfers: Cijfers, soort: str, kolom: Kolom) -> bool:
    """Whether a p.m. amount is part of a column's figure."""
    if isinstance(kolom, Periode):
        return (soort, kolom) in cijfers.pm
    return (soort, kolom.was) in cijfers.pm or (soort, kolom.wordt) in cijfers.pm


def opgegeven(item: Regel | Programma | Totaal, eigen: Periode) -> Opgegeven:
    """What a regel, programme or [totaal] states, by soort and period.

    A programme's or regel's `totaal` (format v1) is its lasten in the own period where it
    states no lasten for it.
    """
    found: dict[str, dict[Periode, Bedrag]] = {}
    for soort in SOORTEN:
        amounts = per_periode(getattr(item, soort), eigen)
        if amounts:
            found[soort] = amounts
    totaal = None if isinstance(item, Totaal) else item.totaal
    if totaal is not None and eigen not in found.get("lasten", {}):
        found["lasten"] = {**found.get("lasten", {}), eigen: totaal}
    return Opgegeven(found)


def per_periode(amounts: Bedragen | None, eigen: Periode) -> dict[Periode, Bedrag]:
    """An amount as a table by period: a plain amount is the own period's."""
    if amounts is None:
        return {}
    if isinstance(amounts, dict):
        return amounts
    return {eigen: amounts}


def overzicht(begroting: Begroting) -> Overzicht:
    """The overview of a budget: its figures, its programmes' and its regels'."""
    eigen = Periode.eigen(begroting.begroting.jaar)
    programmas = tuple(_programma(programma, eigen) for programma in begroting.programma)
    own = opgegeven(begroting.totaal, eigen) if begroting.totaal else Opgegeven({})
    cijfers = _som([p.cijfers for p in programmas], own)
    perioden = set(cijfers.perioden())
    for programma in programmas:
        perioden |= programma.cijfers.perioden()
    ordered = tuple(sorted(perioden, key=lambda p: p.sleutel))
    return Overzicht(begroting, ordered, _verschillen(ordered), own, cijfers, programmas)


def _verschillen(perioden: Iterable[Periode]) -> tuple[VerschilKolom, ...]:
    by_year: dict[int, dict[PeriodeSoort, Periode]] = {}
    for periode in perioden:
        by_year.setdefault(periode.jaar, {})[periode.soort] = periode
    found = []
    for kinds in by_year.values():
        rekening = kinds.get(PeriodeSoort.REKENING)
        begroting = kinds.get(PeriodeSoort.NA_WIJZIGING) or kinds.get(PeriodeSoort.BEGROTING)
        if rekening is not None and begroting is not None:
            found.append(VerschilKolom(begroting, rekening))
    return tuple(found)


def _programma(programma: Programma, eigen: Periode) -> ProgrammaOverzicht:
    regels = tuple(_regel(regel, eigen) for regel in programma.regels)
    own = opgegeven(programma, eigen)
    return ProgrammaOverzicht(programma, own, _som([r.cijfers for r in regels], own), regels)


def _regel(regel: Regel, eigen: Periode) -> RegelOverzicht:
    own = opgegeven(regel, eigen)
    waarden: Waarden = {}
    pm: set[tuple[str, Periode]] = set()
    lasten = _gesplitst(regel, eigen, pm)
    if lasten:
        waarden["lasten"] = lasten
    for soort in PRIMAIR:
        if soort in waarden:
            continue
        stated = own.bedragen.get(soort)
        if stated:
            waarden[soort] = _known(soort, stated, pm)
    _afgeleid_regel(waarden, pm, own)
    return RegelOverzicht(regel, own, Cijfers(waarden, frozenset(pm)))


def _afgeleid_regel(waarden: Waarden, pm: set[tuple[str, Periode]], own: Opgegeven) -> None:
    """saldo, mutatie_reserves and resultaat of a regel: from its amounts, else as stated.

    _afgeleid without children: a budget can have 100.000 regels.
    """
    for soort, a, b, sign in AFGELEID:
        first, second = waarden.get(a), waarden.get(b)
        if first is None and second is None:
            stated = own.bedragen.get(soort)
            if stated:
                waarden[soort] = _known(soort, stated, pm)
            continue
        if first is not None and second is not None and first.keys() == second.keys():
            computed = {p: first[p] + sign * second[p] for p in first}
        else:
            first, second = first or {}, second or {}
            computed = {p: first.get(p, ZERO) + sign * second.get(p, ZERO)
                        for p in first.keys() | second.keys()}
        if pm:
            pm.update((soort, p) for p in computed if (a, p) in pm or (b, p) in pm)
        waarden[soort] = computed


def _gesplitst(regel: Regel, eigen: Periode, pm: set[tuple[str, Periode]]) -> dict[Periode,
                                                                                   Decimal]:
    """The lasten of a regel that splits them: the sum of its DELEN, per period."""
    lasten: dict[Periode, Decimal] = {}
    if regel.programmalasten is None and regel.directe_personeelslasten is None and (
            regel.overhead is None):
        return lasten
    for deel in DELEN:
        for periode, amount in per_periode(getattr(regel, deel), eigen).items():
            lasten[periode] = lasten.get(periode, ZERO) + or_zero(amount)
            if is_pm(amount):
                pm.add(("lasten", periode))
    return lasten


def _known(soort: str, stated: dict[Periode, Bedrag],
           pm: set[tuple[str, Periode]]) -> dict[Periode, Decimal]:
    """The stated amounts as figures: the file's own table where it has no p.m. (it is read,
    never changed), else a copy with p.m. as 0."""
    if PM not in stated.values():
        return stated  # type: ignore[return-value]
    for periode, amount in stated.items():
        if is_pm(amount):
            pm.add((soort, periode))
    return {periode: or_zero(amount) for periode, amount in stated.items()}


def _som(kinderen: list[Cijfers], own: Opgegeven) -> Cijfers:
    """A programme's figures from its regels, or the budget's from its programmes.

    Each amount (PRIMAIR) is the sum of the children that give it for a period, or the own
    stated amount where none does. Each computed soort is computed from this level's amounts;
    children that give it without the amounts it is computed from add to it; where this level
    has only amounts of its own, children that give the computed soort make it (the own amounts
    then summarise them).
    """
    waarden: Waarden = {}
    pm: set[tuple[str, Periode]] = set()
    van_kinderen: dict[str, set[Periode]] = {}
    for soort in PRIMAIR:
        som: dict[Periode, Decimal] = {}
        for kind in kinderen:
            for periode, amount in kind.waarden.get(soort, {}).items():
                som[periode] = som.get(periode, ZERO) + amount
                if (soort, periode) in kind.pm:
                    pm.add((soort, periode))
        van_kinderen[soort] = set(som)
        for periode, stated in own.bedragen.get(soort, {}).items():
            if periode not in som:
                som[periode] = or_zero(stated)
                if is_pm(stated):
                    pm.add((soort, periode))
        if som:
            waarden[soort] = som
    _afgeleid(waarden, pm, own, kinderen, van_kinderen)
    return Cijfers(waarden, frozenset(pm))


def _afgeleid(waarden: Waarden, pm: set[tuple[str, Periode]], own: Opgegeven,
              kinderen: list[Cijfers], van_kinderen: dict[str, set[Periode]]) -> None:
    """Add saldo, mutatie_reserves and resultaat to waarden (see _som)."""
    for soort, a, b, sign in AFGELEID:
        first, second = waarden.get(a, {}), waarden.get(b, {})
        computed: dict[Periode, Decimal] = {}
        below: set[Periode] = set()
        for periode in first.keys() | second.keys():
            value = first.get(periode, ZERO) + sign * second.get(periode, ZERO)
            if (a, periode) in pm or (b, periode) in pm:
                pm.add((soort, periode))
            giving = [kind for kind in kinderen if periode in kind.waarden.get(soort, {})]
            if periode in van_kinderen.get(a, ()) or periode in van_kinderen.get(b, ()):
                # children without the amounts it is computed from add what they give
                giving = [kind for kind in giving if periode not in kind.waarden.get(a, {})
                          and periode not in kind.waarden.get(b, {})]
            elif giving:
                value = ZERO  # this level's own amounts summarise the children that give it
            computed[periode] = value + _add(giving, soort, periode, pm)
            if giving or periode in van_kinderen.get(a, ()) or periode in van_kinderen.get(b, ()):
                below.add(periode)
        for kind in kinderen:
            for periode in kind.waarden.get(soort, {}).keys() - computed.keys():
                computed[periode] = _add([kind for kind in kinderen
                                          if periode in kind.waarden.get(soort, {})],
                                         soort, periode, pm)
                below.add(periode)
        for periode, amount in own.bedragen.get(soort, {}).items():
            if periode not in computed:
                computed[periode] = or_zero(amount)
                if is_pm(amount):
                    pm.add((soort, periode))
        van_kinderen[soort] = below
        if computed:
            waarden[soort] = computed


def _add(kinderen: list[Cijfers], soort: str, periode: Periode,
         pm: set[tuple[str, Periode]]) -> Decimal:
    total = ZERO
    for kind in kinderen:
        total += kind.waarden[soort][periode]
        if (soort, periode) in kind.pm:
            pm.add((soort, periode))
    return total


def spreekt_v2(begroting: Begroting) -> bool:
    """Whether the budget uses what format v2 added: the soorten, [totaal], amounts by period."""
    if begroting.totaal is not None:
        return True
    for programma in begroting.programma:
        if any(getattr(programma, soort) is not None for soort in SOORTEN):
            return True
        for regel in programma.regels:
            if (regel.lasten is not None or regel.baten is not None or regel.saldo is not None
                    or regel.toevoeging_reserve is not None
                    or regel.onttrekking_reserve is not None
                    or regel.mutatie_reserves is not None or regel.resultaat is not None
                    or type(regel.programmalasten) is dict
                    or type(regel.directe_personeelslasten) is dict
                    or type(regel.overhead) is dict):
                return True
    return False


def nodig(overzicht: Overzicht) -> bool:
    """Whether the overview tells more than the totals of format v1: baten, saldo, reserves,
    resultaat, or more than the budget's own period."""
    eigen = Periode.eigen(overzicht.begroting.begroting.jaar)
    return bool(set(overzicht.soorten) - {"lasten", "saldo", "resultaat"}) or any(
        p != eigen for p in overzicht.perioden) or any(
        s in o.bedragen for o in _alle_opgegeven(overzicht) for s in ("saldo", "resultaat"))


def _alle_opgegeven(overzicht: Overzicht) -> Iterator[Opgegeven]:
    yield overzicht.opgegeven
    for programma in overzicht.programmas:
        yield programma.opgegeven
        for regel in programma.regels:
            yield regel.opgegeven


def _zonder_regels(programma: ProgrammaOverzicht) -> Cijfers:
    """A programme's figures for the soorten and periods that none of its regels give."""
    waarden: Waarden = {}
    for soort, amounts in programma.cijfers.waarden.items():
        rest = {periode: amount for periode, amount in amounts.items()
                if all(r.cijfers.get(soort, periode) is None for r in programma.regels)}
        if rest:
            waarden[soort] = rest
    return Cijfers(waarden, frozenset(item for item in programma.cijfers.pm
                                      if item[1] in waarden.get(item[0], {})))


@dataclass(frozen=True, slots=True)
class TaakveldTotaal:
    """The figures of every regel with one taakveld, across programmes."""

    code: str
    """The taakveld's code; "" for regels (and programmes without regels) that name none."""
    naam: str | None
    """Its name in the national list for the budget's body and year; None if it has none."""
    regels: int
    cijfers: Cijfers


@dataclass(frozen=True, slots=True)
class PerTaakveld:
    """The overview by Iv3 taakveld: `begroting totals --per taakveld`."""

    overzicht: Overzicht
    taakvelden: tuple[TaakveldTotaal, ...]
    """In the order of the national list; unknown codes after it; "" last."""


def per_taakveld(report: Overzicht) -> PerTaakveld:
    """The figures of the regels summed by taakveld, across programmes."""
    groups: dict[str, list[Cijfers]] = {}
    for programma in report.programmas:
        rest = _zonder_regels(programma)
        if rest.waarden:
            groups.setdefault("", []).append(rest)
        for regel in programma.regels:
            groups.setdefault(regel.regel.taakveld or "", []).append(regel.cijfers)
    meta = report.begroting.begroting
    soort = meta.soort_organisatie
    found = []
    for code, members in groups.items():
        known = (taakvelden.taakveld(soort, code, meta.jaar)
                 if code and soort is not None and taakvelden.heeft_lijst(soort) else None)
        found.append(TaakveldTotaal(code, None if known is None else known.naam, len(members),
                                    _som(members, Opgegeven({}))))
    order = taakvelden.volgorde(soort) if soort is not None else {}
    found.sort(key=lambda t: (t.code == "", order.get(t.code, len(order)), t.code))
    return PerTaakveld(report, tuple(found))
