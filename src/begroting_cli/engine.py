"""Totals of a budget: pure functions over the models, no I/O (docs/engine.md)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import NamedTuple

from begroting_cli.model import (
    KOSTENSOORTEN,
    SOORTEN,
    Bedrag,
    Bedragen,
    Begroting,
    Kostensoorten,
    Periode,
    Pm,
    Programma,
    Regel,
    is_pm,
    known,
    or_zero,
)

ZERO = Decimal(0)
CENT = Decimal("0.01")
"""Derived shares (pro rata, indexation contained) are rounded to a hundredth of the unit."""

Tabel = dict[str, Decimal | None]
"""Amounts by kostensoort plus "totaal"; None where the budget does not tell."""


class Precisie:
    """How precisely a budget's amounts are printed, worked out once and only when asked."""

    def __init__(self, begroting: Begroting) -> None:
        self._begroting = begroting

    @cached_property
    def decimalen(self) -> int:
        """[begroting] decimalen, or as many decimals as the file's amounts have."""
        stated = self._begroting.begroting.decimalen
        return stated if stated is not None else decimalen(self._begroting)


def decimalen(begroting: Begroting) -> int:
    """The most decimals any amount of the budget is written with (0 for whole units)."""
    fractions = [amount for amount in _bedragen(begroting)
                 if amount != amount.to_integral_value()]  # cheap; only these need the exponent
    return max((-int(a.normalize().as_tuple().exponent) for a in fractions), default=0)


def _bedragen(begroting: Begroting) -> Iterator[Decimal]:
    """Every known amount of the budget, in every period."""
    items: list[tuple[object, tuple[str, ...]]] = [(begroting.totaal, SOORTEN)]
    if begroting.lasten is not None:
        items += [(table, (*KOSTENSOORTEN, "totaal")) for table in (
            begroting.lasten, begroting.lasten.kassiersfunctie, begroting.lasten.basis)]
    items += [(item, ("bedrag",)) for item in begroting.verklaring]
    items += [(programma, ("totaal", *SOORTEN)) for programma in begroting.programma]
    for item, names in items:
        for name in names if item is not None else ():
            yield from _known_in(getattr(item, name))
    for programma in begroting.programma:  # a budget can have 100.000 regels
        for regel in programma.regels:
            for value in (regel.programmalasten, regel.directe_personeelslasten, regel.overhead,
                          regel.totaal, regel.indicatie):
                if type(value) is Decimal:
                    yield value
                elif value is not None:
                    yield from _known_in(value)
            if regel.lasten is not None or regel.baten is not None or regel.saldo is not None or (
                    regel.toevoeging_reserve is not None or regel.onttrekking_reserve is not None
                    or regel.mutatie_reserves is not None or regel.resultaat is not None):
                for name in SOORTEN:
                    yield from _known_in(getattr(regel, name))


def _known_in(value: Bedragen | None) -> Iterator[Decimal]:
    if type(value) is Decimal:
        yield value
    elif isinstance(value, dict):
        yield from (v for v in value.values() if type(v) is Decimal)


def afrondingsgrens(parts: int, tolerantie: Decimal | None = None) -> Decimal:
    """How far a total of `parts` parts, each rounded to whole units, may be off: (n + 1) / 2.

    Each part is off by at most half a unit, and so is the rounded total. `tolerantie` (the
    file's own bound) replaces the rule.
    """
    if tolerantie is not None:
        return tolerantie
    return Decimal(parts + 1) / 2


def eigen(amounts: Bedragen | None, periode: Periode) -> Bedrag | None:
    """The amount for the budget's own period: a plain amount, or its entry in a table."""
    return amounts.get(periode) if isinstance(amounts, dict) else amounts


# A NamedTuple rather than a frozen dataclass: one is made for every line, three times faster.
class RegelTotaal(NamedTuple):
    """A regel with its lasten in the budget's own period (its totaal)."""

    regel: Regel
    totaal: Decimal
    pm: bool
    apparaatslasten: Decimal
    """Directe personeelslasten + overhead: this line's share of the apparatus."""
    gesplitst: bool
    """Whether its lasten are split the IPO's way (programmalasten, directe personeelslasten,
    overhead)."""
    periode: Periode
    """The budget's own period: what the totaal is of."""

    def deel(self, naam: str) -> Decimal:
        """One of its DELEN in the own period, as a term of a sum (p.m. and absent are 0)."""
        return or_zero(eigen(getattr(self.regel, naam), self.periode))


@dataclass(frozen=True, slots=True)
class ProgrammaTotaal:
    """A programme with its totals, split into basisbegroting and kassiersfunctie."""

    programma: Programma
    totaal: Decimal
    basis: Decimal
    kassiersfunctie: Decimal
    pm: bool
    regels: tuple[RegelTotaal, ...]
    periode: Periode
    """The budget's own period: what the totals are of."""

    def som(self, deel: str) -> Decimal:
        """The sum of one of the DELEN over the regels: programmalasten, overhead, ..."""
        return sum((line.deel(deel) for line in self.regels), ZERO)


@dataclass(frozen=True, slots=True)
class Totalen:
    """Everything `begroting totals` reports about one budget."""

    begroting: Begroting
    totaal: Decimal | None
    """The sum of the programmes; without programmes the kostensoorten table's, if known."""
    basis: Decimal | None
    kassiersfunctie: Decimal | None
    pm: bool
    programmas: tuple[ProgrammaTotaal, ...]
    regels: tuple[RegelTotaal, ...]
    """Every line with its totaal, in file order."""
    apparaat: Decimal
    """What the lines hold of the apparatus: their directe personeelslasten + overhead."""
    kostensoorten: dict[str, Tabel]
    """"lasten", "kassiersfunctie" and "basis": the Was/Wordt table's columns."""
    overhead_tarief: Decimal | None
    """Overhead pool / sum of directe personeelslasten, exact; None without [lasten]."""
    indexatie: dict[str, Decimal | None]
    """Per [indexatie] rate: the amount of indexation the budget contains."""


def regel_totaal(regel: Regel, periode: Periode) -> RegelTotaal:
    """A regel's lasten in the own period: programmalasten + directe personeelslasten + overhead
    where it gives them, else its stated lasten (or v1 totaal); p.m. counts as 0 and marks it."""
    programma, direct, overhead = regel.programmalasten, regel.directe_personeelslasten, (
        regel.overhead)
    if type(programma) is type(direct) is type(overhead) is Decimal:  # no p.m.: most lines
        apparaat = direct + overhead
        return RegelTotaal(regel, programma + apparaat, False, apparaat, True, periode)
    if programma is None and direct is None and overhead is None:
        lasten = eigen(regel.lasten, periode)
        if lasten is None:
            lasten = regel.totaal
        return RegelTotaal(regel, or_zero(lasten), is_pm(lasten), ZERO, False, periode)
    programma, direct, overhead = (eigen(amount, periode) for amount in (programma, direct,
                                                                          overhead))
    apparaat = or_zero(direct) + or_zero(overhead)
    pm = is_pm(programma) or is_pm(direct) or is_pm(overhead)
    return RegelTotaal(regel, or_zero(programma) + apparaat, pm, apparaat, True, periode)


def programma_totaal(programma: Programma, periode: Periode) -> ProgrammaTotaal:
    """The sum of the regels; a programme without any counts its stated lasten as basis."""
    lines = tuple(regel_totaal(regel, periode) for regel in programma.regels)
    if not lines:
        stated = eigen(programma.lasten, periode)
        if stated is None:
            stated = programma.totaal
        totaal = or_zero(stated)
        return ProgrammaTotaal(programma, totaal, totaal, ZERO, is_pm(stated), (), periode)
    kassiersfunctie = sum((t.totaal for t in lines if t.regel.kassiersfunctie), ZERO)
    totaal = sum((t.totaal for t in lines), ZERO)
    return ProgrammaTotaal(
        programma, totaal, totaal - kassiersfunctie, kassiersfunctie,
        any(t.pm for t in lines), lines, periode,
    )


def totalen(begroting: Begroting) -> Totalen:
    """All totals of a budget in its own period, computed from its lines where it has them."""
    periode = Periode.eigen(begroting.begroting.jaar)
    programmas = tuple(programma_totaal(p, periode) for p in begroting.programma)
    lines = tuple(line for p in programmas for line in p.regels)
    kostensoorten = kostensoorten_tabellen(begroting, lines)
    totaal: Decimal | None
    basis: Decimal | None
    kassiersfunctie: Decimal | None
    if programmas:
        totaal = sum((p.totaal for p in programmas), ZERO)
        basis = sum((p.basis for p in programmas), ZERO)
        kassiersfunctie = totaal - basis
    else:  # a summary budget: only [lasten.*]
        totaal = kostensoorten["lasten"]["totaal"]
        basis = kostensoorten["basis"]["totaal"]
        kassiersfunctie = kostensoorten["kassiersfunctie"]["totaal"]
    return Totalen(
        begroting=begroting,
        totaal=totaal,
        basis=basis,
        kassiersfunctie=kassiersfunctie,
        pm=any(p.pm for p in programmas) or _pm_in_lasten(begroting),
        programmas=programmas,
        regels=lines,
        apparaat=sum((line.apparaatslasten for line in lines), ZERO),
        kostensoorten=kostensoorten,
        overhead_tarief=overhead_tarief(begroting, kostensoorten["lasten"]),
        indexatie=indexatie_bevat(begroting, kostensoorten["lasten"]),
    )


def kostensoorten_tabellen(begroting: Begroting,
                           lines: Sequence[RegelTotaal] | None = None) -> dict[str, Tabel]:
    """The Was/Wordt columns: derived from the regels where they can be, else as stated.

    Programmalasten are the sum of the lines (all, or the kassiersfunctie ones). The apparatus
    kostensoorten cannot be derived from lines; the kassiersfunctie share of each is the
    kassiersfunctie lines' share of all directe personeelslasten + overhead (pro rata).
    """
    stated = begroting.lasten
    heel = opgegeven(stated)
    kassiers = opgegeven(stated.kassiersfunctie if stated else None)
    basis = opgegeven(stated.basis if stated else None)
    periode = Periode.eigen(begroting.begroting.jaar)
    alle = lines if lines is not None else [
        regel_totaal(regel, periode) for p in begroting.programma for regel in p.regels]
    lasten: Tabel = {}
    kassiersfunctie: Tabel = {}
    for soort in KOSTENSOORTEN:
        lasten[soort] = _first(heel[soort], plus(basis[soort], kassiers[soort]))
        kassiersfunctie[soort] = _first(kassiers[soort], minus(heel[soort], basis[soort]))
    if gesplitst(alle):
        programmalasten = kassiers_programmalasten = apparaat = kassiers_apparaat = ZERO
        for line in alle:  # one pass for the four sums: a budget can have 100.000 lines
            amount = line.regel.programmalasten
            if type(amount) is not Decimal:
                amount = or_zero(eigen(amount, periode))
            programmalasten += amount
            apparaat += line.apparaatslasten
            if line.regel.kassiersfunctie:
                kassiers_programmalasten += amount
                kassiers_apparaat += line.apparaatslasten
        lasten["programmalasten"] = programmalasten
        kassiersfunctie["programmalasten"] = kassiers_programmalasten
        for soort in KOSTENSOORTEN[1:]:
            whole = lasten[soort]
            if whole is not None:
                share = whole * kassiers_apparaat / apparaat if apparaat else ZERO
                kassiersfunctie[soort] = share.quantize(CENT, ROUND_HALF_UP)
    rest: Tabel = {
        soort: _first(minus(lasten[soort], kassiersfunctie[soort]), basis[soort])
        for soort in KOSTENSOORTEN
    }
    return {name: _with_total(t) for name, t in
            (("lasten", lasten), ("kassiersfunctie", kassiersfunctie), ("basis", rest))}


def gesplitst(lines: Sequence[RegelTotaal]) -> bool:
    """Whether the regels split their lasten the IPO's way: every one with lasten, at least one.

    Only then do the regels tell the organisation's programmalasten and apparatus.
    """
    return any(line.gesplitst for line in lines) and all(
        line.gesplitst or (not line.totaal and not line.pm) for line in lines)


def apparaatslasten(tabel: Tabel) -> Decimal | None:
    """Personeelslasten (direct and overig) + huisvesting, when all three are known."""
    return _sum(tabel[soort] for soort in KOSTENSOORTEN[1:])


def overhead_tarief(begroting: Begroting, lasten: Tabel) -> Decimal | None:
    """(apparaatslasten - sum of directe personeelslasten) / sum of directe personeelslasten."""
    apparaat = apparaatslasten(lasten)
    periode = Periode.eigen(begroting.begroting.jaar)
    direct = sum((or_zero(eigen(regel.directe_personeelslasten, periode))
                  for p in begroting.programma for regel in p.regels), ZERO)
    if apparaat is None or not direct:
        return None
    return (apparaat - direct) / direct


def indexatie_bevat(begroting: Begroting, lasten: Tabel) -> dict[str, Decimal | None]:
    """The indexation each [indexatie] rate put into this year's amounts: amount x r / (1 + r).

    `personeel` works on the organisation's personeelslasten_direct, a rate named after a
    kostensoort on that kostensoort, any other name on the programmalasten of the lines whose
    `index` names it.
    """
    result: dict[str, Decimal | None] = {}
    periode = Periode.eigen(begroting.begroting.jaar)
    for name, tarief in begroting.indexatie.items():
        if name == "personeel":
            base = lasten["personeelslasten_direct"]
        elif name in KOSTENSOORTEN:
            base = lasten[name]
        else:
            base = sum((or_zero(eigen(regel.programmalasten, periode))
                        for p in begroting.programma for regel in p.regels
                        if regel.index == name), ZERO)
        result[name] = None if base is None else (base * tarief / (1 + tarief)).quantize(
            CENT, ROUND_HALF_UP)
    return result


def opgegeven(table: Kostensoorten | None) -> Tabel:
    """The rows a [lasten] table states; absent and p.m. rows are unknown (None)."""
    if table is None:
        return dict.fromkeys(KOSTENSOORTEN)
    return {soort: known(getattr(table, soort)) for soort in KOSTENSOORTEN}


def _pm_in_lasten(begroting: Begroting) -> bool:
    lasten = begroting.lasten
    tables = () if lasten is None else (lasten, lasten.kassiersfunctie, lasten.basis)
    return any(table is not None and any(is_pm(getattr(table, soort)) for soort in KOSTENSOORTEN)
               for table in tables)


def _first(*amounts: Decimal | None) -> Decimal | None:
    return next((a for a in amounts if a is not None), None)


def plus(a: Decimal | Pm | None, b: Decimal | Pm | None) -> Decimal | None:
    """a + b, or None when either is unknown (absent or p.m.)."""
    a, b = known(a), known(b)
    return None if a is None or b is None else a + b


def minus(a: Decimal | Pm | None, b: Decimal | Pm | None) -> Decimal | None:
    """a - b, or None when either is unknown (absent or p.m.)."""
    a, b = known(a), known(b)
    return None if a is None or b is None else a - b


def _sum(amounts: Iterable[Decimal | None]) -> Decimal | None:
    """The sum, or None when any amount is unknown."""
    total = ZERO
    for amount in amounts:
        if amount is None:
            return None
        total += amount
    return total


def _with_total(tabel: Tabel) -> Tabel:
    return {**tabel, "totaal": _sum(tabel.values())}
