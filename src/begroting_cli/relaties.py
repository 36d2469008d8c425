"""The relations between the stated figures of a budget of format v2, and which figure to
blame when one does not hold: what the rules BGR121-BGR126 report (docs/rules.md).

A relation is a stated figure against what it is made of, as the file states that: a saldo
against its lasten and baten, a sum against its children, a regel's lasten against its three
parts, a begroting na wijziging against the begroting and its wijziging. Analyse weighs them
all at once, so that one wrong figure gives one finding, at that figure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from functools import partial

from begroting_cli.diagnostic import Severity
from begroting_cli.engine import ZERO
from begroting_cli.model import (
    DELEN,
    MAX_DECIMALEN,
    PM,
    SOORTEN,
    Bedrag,
    Bedragen,
    Begroting,
    Meta,
    Periode,
    PeriodeSoort,
    Pm,
    Programma,
    Regel,
    Totaal,
    in_periode,
    is_known,
)
from begroting_cli.notation import bedrag
from begroting_cli.overzicht import AFGELEID, BEVAT, PRIMAIR, Cijfers, Overzicht
from begroting_cli.sourcemap import Path
from begroting_cli.tekst import _, ngettext

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True, slots=True)
class Knoop:
    """A regel, a programme or [totaal] as the rules of format v2 see it."""

    path: Path
    """Where its amounts are written."""
    subject: str
    """Its code, or "totaal" for the budget as a whole."""
    item: Regel | Programma | Totaal | None
    cijfers: Cijfers
    kinderen: tuple[Knoop, ...]
    gesplitst: bool = False
    """Whether it is a regel that splits its lasten (programmalasten, directe_personeelslasten,
    overhead)."""
    nummer: int = 0
    """Its place in Context.knopen."""
    ouder: int | None = None
    """The place of its programme (or [totaal]) in Context.knopen."""
    analyse: Gedeeld | None = None
    """On [totaal] only: what the rules BGR121-BGR126 find, worked out once for all of them."""


@dataclass(slots=True)
class Gedeeld:
    """What the rules BGR121-BGR126 share in one run of check()."""

    bevindingen: dict[str, list[Bevinding]] | None = None


class _Niet(Enum):
    """Why a figure cannot be compared."""

    BEKEND = "p.m."
    """It is p.m., or computed from a p.m. amount."""
    VOLLEDIG = "onvolledig"
    """It is a sum of a level below that is not all of it (Cijfers.onvolledig)."""


_Waarde = Decimal | _Niet | None
"""A figure as the rules compare it; None where nothing gives it."""

_Figuur = tuple[int, str, Periode]
"""A stated amount: the number of its knoop, its soort (or deel) and its period."""

_Deel = tuple[_Figuur, int, Decimal]
"""A stated amount that a figure is made of: the amount, its sign in the figure, its value."""

_DELEN_VAN = {name: (a, b, sign) for name, a, b, sign in AFGELEID}


def maak_knopen(overview: Overzicht, begroting: Begroting,
                 regels: tuple[tuple[Path, Regel], ...]) -> tuple[Knoop, ...]:
    """[totaal] (the budget as a whole), then each programme with its regels, in file order."""
    found: list[Knoop] = []
    programmas = []
    paths = iter(regels)
    nummer = 1
    for p, programma in enumerate(overview.programmas):
        kinderen = tuple(Knoop(next(paths)[0], r.regel.code, r.regel, r.cijfers, (),
                                r.regel.programmalasten is not None
                                or r.regel.directe_personeelslasten is not None
                                or r.regel.overhead is not None, nummer + 1 + i, nummer)
                         for i, r in enumerate(programma.regels))
        programmas.append(Knoop(("programma", p), programma.programma.code,
                                 programma.programma, programma.cijfers, kinderen,
                                 nummer=nummer, ouder=0))
        nummer += 1 + len(kinderen)
    found.append(Knoop(("totaal",), "totaal", begroting.totaal, overview.cijfers,
                        tuple(programmas), analyse=Gedeeld()))
    for knoop in programmas:
        found.append(knoop)
        found += knoop.kinderen
    return tuple(found)


def opgegeven(knoop: Knoop, soort: str, periode: Periode,
               eigen: Periode) -> Decimal | Pm | None:
    """What the file states for soort in periode: format v2's keys only (v1's totaal has BGR10x)."""
    return None if knoop.item is None else in_periode(getattr(knoop.item, soort), periode, eigen)


def amount_path(knoop: Knoop, soort: str, periode: Periode) -> Path:
    amounts = None if knoop.item is None else getattr(knoop.item, soort)
    return (*knoop.path, soort, str(periode)) if isinstance(amounts, dict) else (
        *knoop.path, soort)


def per_periode(amounts: Bedragen | None, eigen: Periode) -> Iterable[tuple[Periode, Bedrag]]:
    """(period, amount) of an amount or a table of amounts by period."""
    if amounts is None:
        return ()
    return amounts.items() if isinstance(amounts, dict) else ((eigen, amounts),)


@dataclass(frozen=True, slots=True)
class Bevinding:
    """A finding of one of the rules BGR121-BGR126, before it gets its place in the file."""

    path: Path
    severity: Severity
    subject: str
    tekst: Callable[[], str]
    """Makes its message: only a finding that is shown needs one (MAX_DIAGNOSTICS)."""
    expected: Decimal | None = None
    found: Decimal | None = None

    @property
    def message(self) -> str:
        return self.tekst()


@dataclass(slots=True)
class _Relatie:
    """A stated figure against what it is made of, as the file states that."""

    code: str
    knoop: Knoop
    soort: str
    periode: Periode
    stated: Decimal
    computed: Decimal
    delen: list[_Deel]
    hoe: Callable[[], str]
    """Makes the text that says how the computed amount is made: only for a message."""
    aantal: int = 0
    """BGR124: how many children give it."""
    zonder: tuple[Knoop, ...] = ()
    """BGR124: the children that give nothing for this soort and period, but hold it in a
    saldo or give it for other periods: the sum is not all of it, and is not checked."""
    precisie: tuple[Decimal | None, int] = (None, 0)
    """The file's tolerantie and decimalen."""
    _grens: Decimal | None = None
    _figuren: frozenset[_Figuur] | None = None

    @property
    def figuur(self) -> _Figuur:
        return (self.knoop.nummer, self.soort, self.periode)

    @property
    def how(self) -> str:
        """How the computed amount is made: "lasten 1.000 - baten 200"."""
        return self.hoe()

    @property
    def figuren(self) -> list[_Figuur]:
        """The stated figure and the stated amounts it is made of."""
        return [self.figuur, *(deel[0] for deel in self.delen)]

    def bevat(self, figuur: _Figuur) -> bool:
        """Whether a stated figure is part of this relation."""
        if len(self.delen) < 8:  # most relations: no set for each of 100.000
            return figuur == self.figuur or any(deel[0] == figuur for deel in self.delen)
        if self._figuren is None:
            self._figuren = frozenset(self.figuren)
        return figuur in self._figuren

    @property
    def grens(self) -> Decimal:
        """Half a unit of the last decimal of the stated figure and of each amount it is made
        of; or the file's tolerantie."""
        if self._grens is None:
            tolerantie, decimalen = self.precisie
            self._grens = tolerantie if tolerantie is not None else _half(
                self.stated, decimalen) + sum((_half(value, decimalen)
                                               for _, _, value in self.delen), ZERO)
        return self._grens

    @property
    def fout(self) -> bool:
        """More than rounding off."""
        return not self.zonder and self.stated != self.computed and (
            abs(self.stated - self.computed) > self.grens)

    @property
    def klopt(self) -> bool:
        """Equal, or within rounding: it confirms the figures it is made of."""
        return not self.zonder and (self.stated == self.computed or (
            abs(self.stated - self.computed) <= self.grens))


def _half(value: Decimal, decimalen: int) -> Decimal:
    """Half a unit of an amount's last decimal, or of the decimals the source prints."""
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return _HALF[min(max(decimals, decimalen), MAX_DECIMALEN)]


_HALF = tuple(Decimal("0.5").scaleb(-d) for d in range(MAX_DECIMALEN + 1))


class Analyse:
    """The rules BGR121-BGR126 over the whole budget at once: one wrong figure, one finding.

    Every relation compares a stated figure with what it is made of as the file states it: the
    amounts stated at the same level, else the sum of those stated below (never a figure that
    replaces a stated one). A relation that does not hold is reported once, at the stated
    figure to blame: one that no relation that holds confirms, the one most often involved
    where there are several; where the relation cannot tell, at the figure it checks. Each
    figure gets one finding: an error before a warning before an info, and of several rules the
    one that checks that figure itself (rather than a part of it), first in code order.
    The rounding bound adds half a unit of the last decimal of each amount involved.
    """

    def __init__(self, knopen: tuple[Knoop, ...], meta: Meta, overview: Overzicht) -> None:
        self.knopen = knopen
        self.eigen = Periode.eigen(meta.jaar)
        self.tolerantie = meta.tolerantie
        self.decimalen = meta.decimalen or 0
        self.cache: dict[tuple[str, int, str, Periode], _Relatie | None] = {}
        self.bevestigingen: dict[_Figuur, _Relatie | None] = {}
        self.wijzigingen = any(p.soort is PeriodeSoort.NA_WIJZIGING for p in overview.perioden)

    # -- figures as the file states them

    def waarde(self, knoop: Knoop, soort: str, periode: Periode,
               delen: list[_Deel] | None = None, teken: int = 1) -> _Waarde:
        """A figure as the file states it: stated at this level; else made of the amounts
        stated at this level (a saldo of its lasten and baten); else the sum of what the level
        below states. Adds the stated amounts it is made of to delen, with their sign."""
        amounts = None if knoop.item is None else getattr(knoop.item, soort)
        stated = (amounts.get(periode) if type(amounts) is dict
                  else amounts if periode is self.eigen else None)
        if type(stated) is Decimal:
            if delen is not None:
                delen.append(((knoop.nummer, soort, periode), teken, stated))
            return stated
        if stated is PM:
            return _Niet.BEKEND
        cijfers = knoop.cijfers
        if cijfers.pm and (soort, periode) in cijfers.pm:
            return _Niet.BEKEND
        if cijfers.onvolledig and (soort, periode) in cijfers.onvolledig:
            return _Niet.VOLLEDIG
        if soort in _DELEN_VAN:
            found = self._uit_delen(knoop, soort, periode, delen, teken)
            if found is not None:
                return found
        if cijfers.waarden.get(soort, {}).get(periode) is None:
            return None
        if knoop.gesplitst and soort == "lasten":
            return self._split(knoop, periode, delen, teken)
        if not knoop.kinderen:
            return None
        return self._kinderen(knoop, soort, periode, delen, teken)

    def _uit_delen(self, knoop: Knoop, soort: str, periode: Periode,
                   delen: list[_Deel] | None, teken: int) -> _Waarde:
        """saldo, mutatie_reserves or resultaat from the level's own amounts; None where it has
        none, or where one of them is not all there is (then its children's figures add up)."""
        a, b, sign = _DELEN_VAN[soort]
        if (knoop.cijfers.get(a, periode) is None and knoop.cijfers.get(b, periode) is None
                and opgegeven(knoop, a, periode, self.eigen) is None
                and opgegeven(knoop, b, periode, self.eigen) is None):
            return None
        start = len(delen) if delen is not None else 0
        first = self.waarde(knoop, a, periode, delen, teken)
        second = self.waarde(knoop, b, periode, delen, teken * sign)
        if first is _Niet.BEKEND or second is _Niet.BEKEND:
            return _Niet.BEKEND
        if isinstance(first, _Niet) or isinstance(second, _Niet) or (
                first is None and second is None):
            if delen is not None:
                del delen[start:]
            return None
        return (first or ZERO) + sign * (second or ZERO)

    def _split(self, knoop: Knoop, periode: Periode, delen: list[_Deel] | None,
               teken: int) -> _Waarde:
        total = ZERO
        for deel in DELEN:
            amount = opgegeven(knoop, deel, periode, self.eigen)
            if not is_known(amount):
                return _Niet.BEKEND
            total += amount
            if delen is not None:
                delen.append(((knoop.nummer, deel, periode), teken, amount))
        return total

    def _kinderen(self, knoop: Knoop, soort: str, periode: Periode,
                  delen: list[_Deel] | None, teken: int) -> _Waarde:
        total = ZERO
        for kind in knoop.kinderen:
            value = self.waarde(kind, soort, periode, delen, teken)
            if isinstance(value, _Niet):
                return value
            if value is not None:
                total += value
        return total

    # -- the relations

    def relatie(self, code: str, knoop: Knoop, soort: str, periode: Periode) -> _Relatie | None:
        """A relation with the stated amounts it is made of; None where it does not apply."""
        key = (code, knoop.nummer, soort, periode)
        if key in self.cache:
            return self.cache[key]
        if not is_known(opgegeven(knoop, soort, periode, self.eigen)):
            return None
        make = {"BGR124": self._som, "BGR125": self._lasten_delen,
                "BGR126": self._wijziging}.get(code, self._afgeleid)
        found = self.cache[key] = make(knoop, soort, periode)
        return found

    def _nieuw(self, code: str, knoop: Knoop, soort: str, periode: Periode,
               delen: list[_Deel], hoe: Callable[[], str], aantal: int = 0,
               zonder: tuple[Knoop, ...] = ()) -> _Relatie | None:
        stated = opgegeven(knoop, soort, periode, self.eigen)
        if not is_known(stated):
            return None
        computed = sum((sign * value for _, sign, value in delen), ZERO)
        return _Relatie(code, knoop, soort, periode, stated, computed, delen, hoe, aantal,
                        zonder, (self.tolerantie, self.decimalen))

    def _afgeleid(self, knoop: Knoop, soort: str, periode: Periode) -> _Relatie | None:
        """BGR121-BGR123: a stated saldo, mutatie or resultaat against its two amounts."""
        if soort not in _DELEN_VAN:
            return self._uit_kinderen(knoop, soort, periode)
        a, b, sign = _DELEN_VAN[soort]
        delen: list[_Deel] = []
        first = self.waarde(knoop, a, periode, delen)
        second = self.waarde(knoop, b, periode, delen, sign)
        if isinstance(first, _Niet) or isinstance(second, _Niet) or (
                first is None and second is None):
            return None
        return self._nieuw(_CODES[soort], knoop, soort, periode, delen,
                           partial(_twee, a, first or ZERO, "-" if sign < 0 else "+", b,
                                   second or ZERO))

    def _uit_kinderen(self, knoop: Knoop, soort: str, periode: Periode) -> _Relatie | None:
        """BGR121-BGR123 where a level states lasten (and baten) but no saldo, and a child
        holds its lasten in a saldo: the stated lasten against the children's saldi + baten."""
        afgeleid, b, sign = _EERSTE[soort]
        if not knoop.kinderen or opgegeven(knoop, afgeleid, periode, self.eigen) is not None or (
                not any(k.cijfers.get(soort, periode) is None
                        and (soort, periode) in k.cijfers.onvolledig for k in knoop.kinderen)):
            return None
        delen: list[_Deel] = []
        total = self._kinderen(knoop, afgeleid, periode, delen, 1)
        second = self.waarde(knoop, b, periode, delen, -sign)
        if isinstance(total, _Niet) or isinstance(second, _Niet):
            return None
        return self._nieuw(_CODES[afgeleid], knoop, soort, periode, delen, partial(
            _uit_onderliggende, knoop.ouder is None, afgeleid, total or ZERO,
            "+" if sign < 0 else "-", b, second or ZERO))

    def _som(self, knoop: Knoop, soort: str, periode: Periode) -> _Relatie | None:
        """BGR124: a stated amount against the sum of the children that give it."""
        if soort in _DELEN_VAN and all(opgegeven(k, soort, periode, self.eigen) is None
                                       for k in knoop.kinderen):
            return None  # made of the children's amounts: BGR121-123 check it
        delen: list[_Deel] = []
        zonder = []
        giving = 0
        for kind in knoop.kinderen:
            value = self.waarde(kind, soort, periode, delen)
            if value is _Niet.BEKEND:
                return None
            if value is _Niet.VOLLEDIG or (value is None and kind.cijfers.waarden.get(soort)):
                zonder.append(kind)
            elif value is not None:
                giving += 1
        if not giving:
            return None  # nothing below gives it: the stated amount is the figure itself
        return self._nieuw("BGR124", knoop, soort, periode, delen,
                           partial(_som_van, knoop.ouder is None, giving), giving, tuple(zonder))

    def _lasten_delen(self, knoop: Knoop, soort: str, periode: Periode) -> _Relatie | None:
        """BGR125: a regel's stated lasten against its three parts."""
        if not knoop.gesplitst:
            return None
        delen: list[_Deel] = []
        if not isinstance(self._split(knoop, periode, delen, 1), Decimal):
            return None
        return self._nieuw("BGR125", knoop, "lasten", periode, delen, _drie_delen)

    def _wijziging(self, knoop: Knoop, soort: str, periode: Periode) -> _Relatie | None:
        """BGR126: a stated begroting na wijziging against the begroting plus the wijziging."""
        delen: list[_Deel] = []
        for kind in (PeriodeSoort.BEGROTING, PeriodeSoort.WIJZIGING):
            other = Periode(kind, periode.jaar)
            amount = opgegeven(knoop, soort, other, self.eigen)
            if not is_known(amount):
                return None
            delen.append(((knoop.nummer, soort, other), 1, amount))
        return self._nieuw("BGR126", knoop, soort, periode, delen,
                           partial(_twee, "begroting", delen[0][2], "+", "wijziging",
                                   delen[1][2]))

    # -- the whole budget

    def afwijkingen(self) -> Iterator[_Relatie]:
        """Every relation whose stated figure is not exactly what it is made of."""
        for knoop in self.knopen:
            item = knoop.item
            if item is None:
                continue
            for soort, code in _CODES.items():
                yield from self._afwijkend(code, knoop, soort, getattr(item, soort))
            if any(k.cijfers.onvolledig for k in knoop.kinderen):
                for soort, (afgeleid, _b, _s) in _EERSTE.items():
                    yield from self._afwijkend(_CODES[afgeleid], knoop, soort,
                                               getattr(item, soort))
            if knoop.kinderen:
                for soort in SOORTEN:
                    yield from self._afwijkend("BGR124", knoop, soort, getattr(item, soort))
            if knoop.gesplitst and isinstance(item, Regel) and item.lasten is not None:
                yield from self._afwijkend("BGR125", knoop, "lasten", item.lasten)
            if self.wijzigingen:
                for soort in (*SOORTEN, *(DELEN if isinstance(item, Regel) else ())):
                    amounts = getattr(item, soort)
                    if isinstance(amounts, dict):
                        yield from self._afwijkend("BGR126", knoop, soort, {
                            p: a for p, a in amounts.items()
                            if p.soort is PeriodeSoort.NA_WIJZIGING})

    def _afwijkend(self, code: str, knoop: Knoop, soort: str,
                   amounts: Bedragen | None) -> Iterator[_Relatie]:
        if amounts is None or (code == "BGR124" and soort in _DELEN_VAN and all(
                getattr(k.item, soort) is None for k in knoop.kinderen)):
            return  # a saldo made of the children's amounts: BGR121-123 check it
        for periode, stated in per_periode(amounts, self.eigen):
            if type(stated) is not Decimal:
                continue
            if code == "BGR124" and soort not in _DELEN_VAN:
                if self._som_klopt(knoop, soort, periode, stated):
                    continue  # the common case, without a list of parts (100.000 regels)
            elif code in ("BGR121", "BGR122", "BGR123") and soort in _DELEN_VAN:
                if self._afgeleid_klopt(knoop, soort, periode, stated):
                    continue
            found = self.relatie(code, knoop, soort, periode)
            if found is not None and found.stated != found.computed:
                yield found

    def _som_klopt(self, knoop: Knoop, soort: str, periode: Periode, stated: Decimal) -> bool:
        """Whether the children's stated amounts add up to stated exactly, each stated."""
        total = ZERO
        for kind in knoop.kinderen:
            amounts = getattr(kind.item, soort)
            value = amounts.get(periode) if type(amounts) is dict else (
                amounts if periode is self.eigen else None)
            if type(value) is not Decimal:
                return False
            total += value
        return total == stated

    def _afgeleid_klopt(self, knoop: Knoop, soort: str, periode: Periode,
                        stated: Decimal) -> bool:
        a, b, sign = _DELEN_VAN[soort]
        first, second = self.waarde(knoop, a, periode), self.waarde(knoop, b, periode)
        return isinstance(first, Decimal) and isinstance(second, Decimal) and (
            stated == first + sign * second)

    def bevindingen(self) -> dict[str, list[Bevinding]]:
        """Per rule, its findings: one per figure."""
        relaties = list(self.afwijkingen())
        fout = [r for r in relaties if r.fout]
        schuld = self._schuld(fout)
        per_figuur: dict[_Figuur, tuple[int, str, Bevinding]] = {}
        for figuur, rels in schuld.items():
            eigen = [r for r in rels if r.figuur == figuur]
            r = min(eigen or rels, key=lambda x: x.code)
            per_figuur[figuur] = (0, r.code, self._fout(r, figuur))
        for r in relaties:
            if r.fout:
                continue
            rank, finding = self._info(r)
            if r.figuur not in per_figuur or (rank, r.code) < per_figuur[r.figuur][:2]:
                per_figuur[r.figuur] = (rank, r.code, finding)
        found: dict[str, list[Bevinding]] = {}
        for _rank, code, finding in per_figuur.values():
            found.setdefault(code, []).append(finding)
        return found

    # -- which figure is wrong

    def _schuld(self, fout: list[_Relatie]) -> dict[_Figuur, list[_Relatie]]:
        """The figure to blame for each relation that does not hold (see the class)."""
        count: dict[_Figuur, int] = {}
        for r in fout:
            for figuur in r.figuren:
                count[figuur] = count.get(figuur, 0) + 1
        schuld: dict[_Figuur, list[_Relatie]] = {}
        twijfel: dict[frozenset[_Figuur], _Figuur] = {}
        for r in fout:
            top = self._verdacht(r, count)
            if len(top) == 1:
                figuur = top[0]
            elif top and count[top[0]] > 1:  # a doubt that other relations share: once
                figuur = twijfel.setdefault(frozenset(top), r.figuur)
            else:
                figuur = r.figuur
            schuld.setdefault(figuur, []).append(r)
        return schuld

    def _verdacht(self, r: _Relatie, count: dict[_Figuur, int]) -> list[_Figuur]:
        """The unconfirmed figures of a relation that take part in the most relations that do
        not hold; of figures in no other such relation, two are enough to leave it open."""
        candidates = sorted(r.figuren, key=lambda f: (-count[f], f != r.figuur))
        top: list[_Figuur] = []
        for figuur in candidates:
            if top and count[figuur] < count[top[0]]:
                break
            if not self._bevestigd(figuur):
                top.append(figuur)
                if len(top) == 2 and count[figuur] == 1:
                    break
        return top

    def _bevestigd(self, figuur: _Figuur) -> bool:
        """Whether a relation that the figure is part of holds."""
        return self._bevestiging(figuur) is not None

    def _bevestiging(self, figuur: _Figuur) -> _Relatie | None:
        """The first relation that the figure is part of and that holds."""
        if figuur not in self.bevestigingen:
            self.bevestigingen[figuur] = next(
                (r for r in self._relaties_van(figuur)
                 if r is not None and r.klopt and r.bevat(figuur)), None)
        return self.bevestigingen[figuur]

    def _relaties_van(self, figuur: _Figuur) -> Iterator[_Relatie | None]:
        """The relations a stated figure can be part of: its own level's, and the sums and
        levels above it that it is added into (when those do not state what it is part of)."""
        nummer, soort, periode = figuur
        knoop = self.knopen[nummer]
        inhoud = "lasten" if soort in DELEN else soort
        bevat = [afgeleid for afgeleid, delen in BEVAT.items() if inhoud in delen]
        for afgeleid in (soort, *bevat) if soort in _DELEN_VAN else bevat:
            if _states(knoop, afgeleid):
                yield self.relatie(_CODES[afgeleid], knoop, afgeleid, periode)
        if knoop.kinderen:
            if soort in _EERSTE:
                yield self.relatie(_CODES[_EERSTE[soort][0]], knoop, soort, periode)
            if soort in SOORTEN:
                yield self.relatie("BGR124", knoop, soort, periode)
        if knoop.gesplitst and inhoud == "lasten":
            yield self.relatie("BGR125", knoop, "lasten", periode)
        if self.wijzigingen and periode.soort in (
                PeriodeSoort.BEGROTING, PeriodeSoort.WIJZIGING, PeriodeSoort.NA_WIJZIGING):
            yield self.relatie("BGR126", knoop, soort,
                               Periode(PeriodeSoort.NA_WIJZIGING, periode.jaar))
        while knoop.ouder is not None:
            knoop = self.knopen[knoop.ouder]
            if _states(knoop, inhoud):
                yield self.relatie("BGR124", knoop, inhoud, periode)
            for afgeleid in bevat:
                if _states(knoop, afgeleid):
                    yield self.relatie(_CODES[afgeleid], knoop, afgeleid, periode)
            if inhoud in _DELEN_VAN and _states(knoop, _DELEN_VAN[inhoud][0]):
                yield self.relatie(_CODES[inhoud], knoop, _DELEN_VAN[inhoud][0], periode)

    # -- the findings

    def _fout(self, r: _Relatie, figuur: _Figuur) -> Bevinding:
        """An error at the figure to blame."""
        knoop = self.knopen[figuur[0]]
        soort, periode = figuur[1], figuur[2]
        if figuur == r.figuur:
            return _verschil(r, ERROR, knoop, soort, periode, r.stated, r.computed, r.hoe,
                             self._bevestiging(figuur))
        sign, value = next((s, v) for f, s, v in r.delen if f == figuur)
        expected = value + sign * (r.stated - r.computed)
        return _verschil(r, ERROR, knoop, soort, periode, value, expected,
                         partial(_hoe_deel, r, figuur))

    def _info(self, r: _Relatie) -> tuple[int, Bevinding]:
        """A relation within rounding, or a sum that is not all of it: (rank, finding)."""
        knoop = r.knoop
        if not r.zonder:
            return 2, _verschil(r, INFO, knoop, r.soort, r.periode, r.stated, r.computed, r.hoe)
        path = amount_path(knoop, r.soort, r.periode)
        if r.soort in PRIMAIR and r.stated < r.computed - r.grens:
            return 1, Bevinding(path, WARNING, knoop.subject, partial(_minder, r), r.computed,
                                r.stated)
        return 3, Bevinding(path, INFO, knoop.subject, partial(_niet_gecontroleerd, r),
                            r.computed, r.stated)


# The texts of the findings, made only for a finding that is shown (Bevinding.tekst): a run
# with a finding on each of 100.000 regels reports the first MAX_DIAGNOSTICS of them.


def _verschil(r: _Relatie, severity: Severity, knoop: Knoop, soort: str, periode: Periode,
              stated: Decimal, computed: Decimal, how: Callable[[], str],
              bevestiging: _Relatie | None = None) -> Bevinding:
    """A finding of a stated figure against what it is computed as; an error at a figure that
    agrees elsewhere (bevestiging) says so."""
    return Bevinding(amount_path(knoop, soort, periode), severity, knoop.subject,
                     partial(_verschil_tekst, r, severity, f"{soort} {periode}", stated,
                             computed, how, bevestiging), computed, stated)


def _verschil_tekst(r: _Relatie, severity: Severity, what: str, stated: Decimal,
                    computed: Decimal, how: Callable[[], str],
                    bevestiging: _Relatie | None) -> str:
    values = {"wat": what, "opgegeven": _bedrag(stated), "berekend": _bedrag(computed),
              "hoe": how(), "verschil": _bedrag(stated - computed), "grens": _bedrag(r.grens)}
    if severity is not ERROR:
        text = _("{wat} {opgegeven}, berekend {berekend} ({hoe}): afrondingsverschil "
                 "{verschil} (grens {grens})")
    elif bevestiging is None:
        text = _("{wat} {opgegeven}, maar berekend {berekend} ({hoe}): wijkt {verschil} af, "
                 "meer dan afronding (grens {grens})")
    else:
        text = _("{wat} {opgegeven}, maar berekend {berekend} ({hoe}): wijkt {verschil} af, "
                 "meer dan afronding (grens {grens}); het klopt wel met {klopt_met}, dus "
                 "waarschijnlijk is {welk} onjuist")
        values |= _hint(r, bevestiging)
    return text.format(**values)


def _hint(r: _Relatie, bevestiging: _Relatie) -> dict[str, str]:
    """Why a figure that agrees elsewhere is reported: the relation cannot tell which of the
    amounts it is computed from is off. What it agrees with (klopt_met), and which (welk)."""
    if bevestiging.figuur == r.figuur:
        agrees = bevestiging.how
    elif bevestiging.knoop is r.knoop:
        agrees = f"{bevestiging.soort} {_bedrag(bevestiging.stated)} ({bevestiging.how})"
    else:
        agrees = _("{soort} {bedrag} van {onderwerp} ({hoe})").format(
            soort=bevestiging.soort, bedrag=_bedrag(bevestiging.stated),
            onderwerp=bevestiging.knoop.subject, hoe=bevestiging.how)
    own = [f[1] for f in r.figuren[1:] if f[0] == r.knoop.nummer]
    if r.code == "BGR124":
        which = (ngettext("het {n} programma", "een van de {n} programma's", r.aantal)
                 if r.knoop.ouder is None else
                 ngettext("de {n} regel", "een van de {n} regels", r.aantal)).format(n=r.aantal)
    elif own and len(own) == len(r.figuren) - 1:
        which = _of(sorted(own, key=(*SOORTEN, *DELEN).index))
    else:
        which = _("een van de bedragen waaruit het berekend is")
    return {"klopt_met": agrees, "welk": which}


def _hoe_deel(r: _Relatie, figuur: _Figuur) -> str:
    """How a part of a relation follows from the relation's other figures."""
    sign = next(s for f, s, _v in r.delen if f == figuur)
    others = [(f, s, v) for f, s, v in r.delen if f != figuur]
    rest = _bedrag(sum((s * v for _f, s, v in others), ZERO))
    stated = f"{r.soort} {_bedrag(r.stated)}"
    if r.code == "BGR124":
        if r.knoop.ouder is None:
            return _("{soort} {bedrag} - {rest} van de andere programma's").format(
                soort=r.soort, bedrag=_bedrag(r.stated), rest=rest)
        return _("{soort} {bedrag} van {onderwerp} - {rest} van de andere regels").format(
            soort=r.soort, bedrag=_bedrag(r.stated), onderwerp=r.knoop.subject, rest=rest)
    if r.code == "BGR126":
        (_n, _s, other_periode), _t, value = others[0]
        return f"{r.soort} {r.periode} {_bedrag(r.stated)} - {other_periode} {_bedrag(value)}"
    if len(others) == 1 and others[0][0][0] == figuur[0]:
        (_n, other, _p), s, value = others[0]
        if sign > 0:
            return f"{stated} {'+' if s < 0 else '-'} {other} {_bedrag(value)}"
        return f"{other} {_bedrag(value)} - {stated}"
    return _("{soort} {bedrag} - {rest} van de andere bedragen waaruit het bestaat").format(
        soort=r.soort, bedrag=_bedrag(r.stated), rest=rest)


def _niet_gecontroleerd(r: _Relatie) -> str:
    """A sum that is not all of it: which children give nothing for it, and what instead."""
    shown = ", ".join(f"{k.subject} ({_waarom(k, r)})" for k in r.zonder[:5])
    if len(r.zonder) > 5:
        shown = _("{lijst} en nog {n}").format(lijst=shown, n=len(r.zonder) - 5)
    return ngettext(
        "{wat} {opgegeven}, berekend {berekend} ({hoe}): niet gecontroleerd, de som is maar een "
        "deel: {zonder} geeft voor {periode} geen {soort} op",
        "{wat} {opgegeven}, berekend {berekend} ({hoe}): niet gecontroleerd, de som is maar een "
        "deel: {zonder} geven voor {periode} geen {soort} op", len(r.zonder)).format(
            wat=f"{r.soort} {r.periode}", opgegeven=_bedrag(r.stated),
            berekend=_bedrag(r.computed), hoe=r.how, zonder=shown, periode=r.periode,
            soort=r.soort)


def _minder(r: _Relatie) -> str:
    """A sum that is not all of it, and yet less than its part."""
    return _("{melding}; toch is het minder dan die som, meer dan afronding").format(
        melding=_niet_gecontroleerd(r))


def _waarom(kind: Knoop, r: _Relatie) -> str:
    """What a child that gives nothing for a sum gives instead."""
    for afgeleid, bevat in BEVAT.items():
        if r.soort in bevat and kind.cijfers.get(afgeleid, r.periode) is not None:
            return _("alleen een {soort}").format(soort=afgeleid)
    return _("{soort} alleen voor andere perioden").format(soort=r.soort)


def _twee(a: str, first: Decimal, op: str, b: str, second: Decimal) -> str:
    """How a figure is made of two amounts: "lasten 1.000 - baten 200"."""
    return f"{a} {_bedrag(first)} {op} {b} {_bedrag(second)}"


def _uit_onderliggende(programmas: bool, soort: str, som: Decimal, op: str, b: str,
                       second: Decimal) -> str:
    """How lasten are made of the saldi of the level below and the baten."""
    text = _("{soort} van de programma's {som} {teken} {ander} {bedrag}") if programmas else _(
        "{soort} van de regels {som} {teken} {ander} {bedrag}")
    return text.format(soort=soort, som=_bedrag(som), teken=op, ander=b, bedrag=_bedrag(second))


def _som_van(programmas: bool, n: int) -> str:
    """How a sum is made: "de som van 2 regels"."""
    text = ngettext("de som van {n} programma", "de som van {n} programma's", n) if (
        programmas) else ngettext("de som van {n} regel", "de som van {n} regels", n)
    return text.format(n=n)


def _drie_delen() -> str:
    """How a regel's lasten are made of its three parts."""
    return "programmalasten + directe_personeelslasten + overhead"


def _bedrag(amount: Decimal) -> str:
    """An amount in a message: Dutch, with every decimal it has (1.970,71; -0,4)."""
    return bedrag(amount, None)


def _of(names: list[str]) -> str:
    """"lasten", "lasten of baten", "programmalasten, directe_personeelslasten of overhead"."""
    if len(names) == 1:
        return names[0]
    return _("{namen} of {laatste}").format(namen=", ".join(names[:-1]), laatste=names[-1])


def _states(knoop: Knoop, soort: str) -> bool:
    """Whether a level states soort, for any period."""
    return knoop.item is not None and getattr(knoop.item, soort) is not None


_EERSTE = {a: (name, b, sign) for name, a, b, sign in AFGELEID}
"""The first amount a saldo, mutatie or resultaat is made of: (that soort, the other, sign)."""

_CODES = {"saldo": "BGR121", "mutatie_reserves": "BGR122", "resultaat": "BGR123"}
