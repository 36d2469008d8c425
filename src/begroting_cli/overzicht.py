"""The overview of baten en lasten: every soort, every period, at every level (docs/engine.md).

Pure functions over the models. A figure of a programme or of the budget is computed from
what lies below it: the sum of its regels (or programmes) where they give that soort for that
period, its own stated amount where nothing below does, or where what lies below is not all of
it. saldo = lasten - baten, mutatie_reserves = toevoeging_reserve - onttrekking_reserve and
resultaat = saldo + mutatie_reserves are the sum of the children's, however each gives it,
plus what the level's own amounts add.
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

BEVAT = {"saldo": ("lasten", "baten"),
         "mutatie_reserves": ("toevoeging_reserve", "onttrekking_reserve"),
         "resultaat": ("saldo", "mutatie_reserves", "lasten", "baten", "toevoeging_reserve",
                       "onttrekking_reserve")}
"""The soorten that a saldo, mutatie_reserves or resultaat holds when it is given without them."""

Waarden = dict[str, dict[Periode, Decimal]]
"""Figures by soort and period; a soort or period that is absent is not known."""

_GEEN: frozenset[tuple[str, Periode]] = frozenset()


@dataclass(frozen=True, slots=True)
class Cijfers:
    """The computed figures of a regel, a programme or the budget."""

    waarden: Waarden
    pm: frozenset[tuple[str, Periode]]
    """(soort, periode) where a p.m. amount is part of the figure: it is "+ p.m."."""
    onvolledig: frozenset[tuple[str, Periode]] = _GEEN
    """(soort, periode) where the figure, or its absence, is not all there is: below it a regel
    holds that soort only inside a saldo (or a mutatie, a resultaat), or gives it for other
    periods but not this one. Where the level states that figure, its own is the figure."""

    def get(self, soort: str, periode: Periode) -> Decimal | None:
        """The figure, or None when nothing gives it."""
        return self.waarden.get(soort, {}).get(periode)

    def perioden(self) -> set[Periode]:
        """Every period with a figure."""
        return {periode for per in self.waarden.values() for periode in per}


_LEEG = Cijfers({}, _GEEN)


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
    eigen: Cijfers = _LEEG
    """Its own figures: those of a soort and period that none of its regels gives or holds."""


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


def is_deels(cijfers: Cijfers, soort: str, kolom: Kolom) -> bool:
    """Whether a column's figure is a sum that is not all of it (Cijfers.onvolledig)."""
    if isinstance(kolom, Periode):
        return (soort, kolom) in cijfers.onvolledig
    return (soort, kolom.was) in cijfers.onvolledig or (soort, kolom.wordt) in cijfers.onvolledig


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
    cijfers, _ = _som([p.cijfers for p in programmas], own)
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
    cijfers, zelf = _som([r.cijfers for r in regels], own)
    return ProgrammaOverzicht(programma, own, cijfers, regels, zelf)


def _regel(regel: Regel, eigen: Periode) -> RegelOverzicht:
    own = opgegeven(regel, eigen)
    waarden: Waarden = {}
    pm: set[tuple[str, Periode]] = set()
    onvolledig: set[tuple[str, Periode]] = set()
    lasten = _lasten(regel, own, eigen, pm, onvolledig)
    if lasten:
        waarden["lasten"] = lasten
    for soort in PRIMAIR[1:]:
        stated = own.bedragen.get(soort)
        if stated:
            waarden[soort] = _known(soort, stated, pm)
    _afgeleid_regel(waarden, pm, own, onvolledig)
    return RegelOverzicht(regel, own, Cijfers(waarden, frozenset(pm) if pm else _GEEN,
                                              frozenset(onvolledig) if onvolledig else _GEEN))


def _lasten(regel: Regel, own: Opgegeven, eigen: Periode, pm: set[tuple[str, Periode]],
            onvolledig: set[tuple[str, Periode]]) -> dict[Periode, Decimal]:
    """A regel's lasten, per period: the sum of programmalasten, directe_personeelslasten and
    overhead where it gives all three for that period, else its stated lasten. A period with
    only some of the three and no lasten has lasten that are not known (onvolledig)."""
    stated = own.bedragen.get("lasten")
    if regel.programmalasten is None and regel.directe_personeelslasten is None and (
            regel.overhead is None):
        return _known("lasten", stated, pm) if stated else {}
    delen = [per_periode(getattr(regel, deel), eigen) for deel in DELEN]
    lasten: dict[Periode, Decimal] = {}
    for periode in {**delen[0], **delen[1], **delen[2]}:
        amounts = [d.get(periode) for d in delen]
        if None not in amounts:
            lasten[periode] = sum((or_zero(a) for a in amounts), ZERO)
            if PM in amounts:
                pm.add(("lasten", periode))
        elif stated is None or periode not in stated:
            onvolledig.add(("lasten", periode))
    for periode, amount in (stated or {}).items():
        if periode not in lasten:
            lasten[periode] = or_zero(amount)
            if is_pm(amount):
                pm.add(("lasten", periode))
    return lasten


def _afgeleid_regel(waarden: Waarden, pm: set[tuple[str, Periode]], own: Opgegeven,
                    onvolledig: set[tuple[str, Periode]]) -> None:
    """saldo, mutatie_reserves and resultaat of a regel, per period: from its amounts where it
    gives one of them, else as stated. A stated one without its amounts holds them.

    _afgeleid without children: a budget can have 100.000 regels.
    """
    for soort, a, b, sign in AFGELEID:
        first, second = waarden.get(a), waarden.get(b)
        stated = own.bedragen.get(soort)
        if first is None and second is None and not onvolledig:
            if stated:
                waarden[soort] = _known(soort, stated, pm)
                onvolledig.update((deel, p) for p in stated for deel in BEVAT[soort])
            continue
        if (first is not None and second is not None and first.keys() == second.keys()
                and not onvolledig and (stated is None or stated.keys() <= first.keys())):
            computed = {p: first[p] + sign * second[p] for p in first}  # the common case
            if pm:
                pm.update((soort, p) for p in computed if (a, p) in pm or (b, p) in pm)
        else:
            computed = _afgeleid_per_periode((soort, a, b, sign), waarden, stated or {}, pm,
                                             onvolledig)
        if computed:
            waarden[soort] = computed


def _afgeleid_per_periode(afgeleid: tuple[str, str, str, int], waarden: Waarden,
                          stated: dict[Periode, Bedrag], pm: set[tuple[str, Periode]],
                          onvolledig: set[tuple[str, Periode]]) -> dict[Periode, Decimal]:
    soort, a, b, sign = afgeleid
    first, second = waarden.get(a, {}), waarden.get(b, {})
    computed: dict[Periode, Decimal] = {}
    for periode in {**first, **second, **stated}:
        known = (a, periode) not in onvolledig and (b, periode) not in onvolledig
        if known and (periode in first or periode in second):
            computed[periode] = first.get(periode, ZERO) + sign * second.get(periode, ZERO)
            if (a, periode) in pm or (b, periode) in pm:
                pm.add((soort, periode))
        elif periode in stated:  # given without (all) its amounts: it holds what is missing
            computed[periode] = or_zero(stated[periode])
            if is_pm(stated[periode]):
                pm.add((soort, periode))
            onvolledig.update((deel, periode) for deel in BEVAT[soort]
                              if periode not in waarden.get(deel, {}))
        else:
            onvolledig.add((soort, periode))
    return computed


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


def _som(kinderen: list[Cijfers], own: Opgegeven) -> tuple[Cijfers, Cijfers]:
    """A programme's figures from its regels, or the budget's from its programmes; and the
    figures that are its own, not its children's (docs/engine.md)."""
    return _Optelling(kinderen, own).cijfers()


class _Optelling:
    """The figures of one level from those of its children and its own stated amounts.

    An amount (PRIMAIR) for a period is the sum of the children that give it. Where a child
    holds it only inside a saldo (or a mutatie, a resultaat), or gives it for other periods but
    not this one, that sum is not all of it: the level's stated amount is the figure where it
    states one, else the sum is onvolledig. Where no child gives or holds it, the stated amount
    is the figure, and the level's own.
    saldo, mutatie_reserves and resultaat are the sum of the children's plus what the level's
    own amounts add; where that sum is not all of it, as stated, or else from the level's own
    figures where those are complete.
    """

    def __init__(self, kinderen: list[Cijfers], own: Opgegeven) -> None:
        self.kinderen = kinderen
        self.own = own
        self.waarden: Waarden = {}
        self.pm: set[tuple[str, Periode]] = set()
        self.onvolledig: set[tuple[str, Periode]] = set()
        self.ontbreekt: set[tuple[str, Periode]] = set()
        """(soort, periode) where a child lacks what it gives for other periods."""
        self.eigen: Waarden = {}
        self.eigen_pm: set[tuple[str, Periode]] = set()
        self.verborgen: set[tuple[str, Periode]] = set()
        """What the children's figures are not all of: a sum of them cannot be complete."""
        for kind in kinderen:
            if kind.onvolledig:
                self.verborgen |= kind.onvolledig

    def cijfers(self) -> tuple[Cijfers, Cijfers]:
        for soort in PRIMAIR:
            self._bedrag(soort)
        for soort, a, b, sign in AFGELEID:
            self._afgeleid(soort, a, b, sign)
        for item in self.verborgen:
            if item[1] not in self.waarden.get(item[0], {}):
                self.onvolledig.add(item)  # not given here, and held below: not known
        return (Cijfers(self.waarden, frozenset(self.pm), frozenset(self.onvolledig)),
                Cijfers(self.eigen, frozenset(self.eigen_pm)))

    def _optellen(self, soort: str) -> tuple[dict[Periode, Decimal], bool]:
        """The sum per period of the children that give soort, and whether every child that
        gives it gives it for every one of those periods."""
        som: dict[Periode, Decimal] = {}
        entries = givers = 0
        for kind in self.kinderen:
            amounts = kind.waarden.get(soort)
            if not amounts:
                continue
            givers += 1
            entries += len(amounts)
            for periode, amount in amounts.items():
                som[periode] = som[periode] + amount if periode in som else amount
            if kind.pm:
                self.pm.update(item for item in kind.pm if item[0] == soort)
        return som, entries == givers * len(som)

    def _ontbrekend(self, soort: str, som: dict[Periode, Decimal]) -> set[Periode]:
        """The periods for which a child that gives soort for others gives nothing of it."""
        found: set[Periode] = set()
        for kind in self.kinderen:
            amounts = kind.waarden.get(soort)
            if amounts and len(amounts) < len(som):
                found.update(p for p in som.keys() - amounts.keys()
                             if (soort, p) not in kind.onvolledig)
        return found

    def _bedrag(self, soort: str) -> None:
        som, alle = self._optellen(soort)
        missing = set() if alle else self._ontbrekend(soort, som)
        stated = self.own.bedragen.get(soort, {})
        figure = som
        if missing or self.verborgen:
            figure = {}
            for periode, total in som.items():
                if periode not in missing and (soort, periode) not in self.verborgen:
                    figure[periode] = total
                elif periode in stated:  # the stated total is all of it; the sum is not
                    self._zet(figure, soort, periode, stated[periode])
                else:
                    figure[periode] = total
                    self.onvolledig.add((soort, periode))
        self.ontbreekt.update((soort, p) for p in missing)
        for periode, amount in stated.items():
            if periode not in som:  # nothing below gives it: the figure itself
                self._zet(figure, soort, periode, amount)
                if (soort, periode) not in self.verborgen:  # else it summarises a saldo below
                    self.eigen.setdefault(soort, {})[periode] = figure[periode]
                    if is_pm(amount):
                        self.eigen_pm.add((soort, periode))
        if figure:
            self.waarden[soort] = figure

    def _zet(self, figure: dict[Periode, Decimal], soort: str, periode: Periode,
             amount: Bedrag) -> None:
        """A stated amount as the figure: it is "+ p.m." only when it is p.m. itself."""
        figure[periode] = or_zero(amount)
        if is_pm(amount):
            self.pm.add((soort, periode))
        else:
            self.pm.discard((soort, periode))

    def _afgeleid(self, soort: str, a: str, b: str, sign: int) -> None:
        som, alle = self._optellen(soort)
        missing = set() if alle else self._ontbrekend_ruw(soort, a, b, som)
        stated = self.own.bedragen.get(soort, {})
        eigen_a, eigen_b = self.eigen.get(a, {}), self.eigen.get(b, {})
        here_a, here_b = self.waarden.get(a, {}), self.waarden.get(b, {})
        figure: dict[Periode, Decimal] = {}
        for periode in {**som, **eigen_a, **eigen_b, **stated, **here_a, **here_b}:
            own_part = self._eigen_deel(soort, a, b, sign, periode)
            if periode in som or own_part is not None:
                figure[periode] = som.get(periode, ZERO) + (own_part or ZERO)
                if ((a, periode) in self.ontbreekt or (b, periode) in self.ontbreekt
                        or periode in missing):
                    self.ontbreekt.add((soort, periode))
                elif (soort, periode) not in self.verborgen:
                    continue
                self._beter(figure, soort, (a, b, sign), periode, stated)
            elif periode in stated:  # nothing below gives it, nor its amounts
                self._zet(figure, soort, periode, stated[periode])
                if periode not in here_a and periode not in here_b:  # it holds them
                    self.onvolledig.update((deel, periode) for deel in BEVAT[soort]
                                           if periode not in self.waarden.get(deel, {}))
                    if (soort, periode) not in self.verborgen:
                        self.eigen.setdefault(soort, {})[periode] = figure[periode]
                        if is_pm(stated[periode]):
                            self.eigen_pm.add((soort, periode))
            else:  # only amounts that summarise what the children hold
                value = self._uit_delen(a, b, sign, periode)
                if value is not None:
                    figure[periode] = value
        if figure:
            self.waarden[soort] = figure

    def _eigen_deel(self, soort: str, a: str, b: str, sign: int,
                    periode: Periode) -> Decimal | None:
        """What the level's own amounts add to soort in periode; None when they add nothing."""
        first, second = self.eigen.get(a, {}).get(periode), self.eigen.get(b, {}).get(periode)
        if first is None and second is None:
            return None
        value = (first or ZERO) + sign * (second or ZERO)
        self.eigen.setdefault(soort, {})[periode] = value
        if (a, periode) in self.eigen_pm or (b, periode) in self.eigen_pm:
            self.eigen_pm.add((soort, periode))
            self.pm.add((soort, periode))
        return value

    def _ontbrekend_ruw(self, soort: str, a: str, b: str,
                        som: dict[Periode, Decimal]) -> set[Periode]:
        """The periods for which a child that gives soort without its amounts for other periods
        gives nothing: lacking amounts are found by _bedrag."""
        found: set[Periode] = set()
        for kind in self.kinderen:
            amounts = kind.waarden.get(soort)
            if not amounts or len(amounts) == len(som):
                continue
            first, second = kind.waarden.get(a, {}), kind.waarden.get(b, {})
            if any(p not in first and p not in second for p in amounts):
                found.update(p for p in som.keys() - amounts.keys()
                             if (soort, p) not in kind.onvolledig)
        return found

    def _beter(self, figure: dict[Periode, Decimal], soort: str, delen: tuple[str, str, int],
               periode: Periode, stated: dict[Periode, Bedrag]) -> None:
        """Where the sum below is not all of it: as stated, else from this level's figures
        when they are complete, else the sum, onvolledig."""
        if periode in stated:
            self._zet(figure, soort, periode, stated[periode])
            return
        value = self._uit_delen(*delen, periode)
        if value is None:
            self.onvolledig.add((soort, periode))
        else:
            figure[periode] = value
            self.pm.discard((soort, periode))
            if (delen[0], periode) in self.pm or (delen[1], periode) in self.pm:
                self.pm.add((soort, periode))

    def _uit_delen(self, a: str, b: str, sign: int, periode: Periode) -> Decimal | None:
        """a + sign x b from this level's figures; None unless both are all there is."""
        if (a, periode) in self.onvolledig or (b, periode) in self.onvolledig:
            return None
        first, second = self.waarden.get(a, {}).get(periode), self.waarden.get(b, {}).get(periode)
        if first is None and second is None:
            return None
        return (first or ZERO) + sign * (second or ZERO)


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
        rest = programma.eigen
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
                                    _som(members, Opgegeven({}))[0]))
    order = taakvelden.volgorde(soort) if soort is not None else {}
    found.sort(key=lambda t: (t.code == "", order.get(t.code, len(order)), t.code))
    return PerTaakveld(report, tuple(found))
