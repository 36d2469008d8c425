"""Was / Wordt / Verschil: what changed between two budgets, as a pure function (docs/diff.md)."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from begroting_cli import engine
from begroting_cli.engine import ZERO, RegelTotaal, Tabel, minus
from begroting_cli.model import (
    DELEN,
    KOSTENSOORTEN,
    Begroting,
    Verklaring,
    is_known,
    is_pm,
    or_zero,
)
from begroting_cli.tekst import N_, _

RIJEN = (*KOSTENSOORTEN, "totaal")
"""The rows of the kostensoorten table."""

_BEDRAGEN = (*DELEN, "totaal")
"""The amounts compared per regel."""


class Scope(StrEnum):
    """What Verschil compares: the basisbegroting (as the source does) or the whole budget."""

    basis = "basis"
    totaal = "totaal"


class Status(StrEnum):
    """What became of a regel between the two budgets."""

    nieuw = "nieuw"
    vervallen = "vervallen"
    gewijzigd = "gewijzigd"
    ongewijzigd = "ongewijzigd"


@dataclass(frozen=True, slots=True)
class KostensoortRegel:
    """One row of the Was/Wordt table; None where a budget does not tell."""

    kostensoort: str
    was: Decimal | None
    wordt: Decimal | None
    """Wordt (1): the whole budget."""
    kassiersfunctie: Decimal | None
    """As a positive amount; the source prints it negative."""
    wordt_basis: Decimal | None
    """Wordt (2): the basisbegroting."""
    verschil: Decimal | None
    """Was - Wordt (2) (scope basis) or Was - Wordt (1) (scope totaal)."""


@dataclass(frozen=True, slots=True)
class Afronding:
    """A cell where the file's stated table differs from the computed one."""

    kolom: str
    kostensoort: str
    opgegeven: Decimal
    berekend: Decimal


class Opmerking(str):
    """A note on a regel, in Dutch, as JSON gives it; `vertaald()` is the same note in the
    language of the run, for a table."""

    tekst: str
    velden: dict[str, str]

    def __new__(cls, tekst: str, **velden: str) -> Opmerking:
        opmerking = super().__new__(cls, tekst.format(**velden))
        opmerking.tekst, opmerking.velden = tekst, velden
        return opmerking

    def vertaald(self) -> str:
        return _(self.tekst).format(**self.velden)


@dataclass(frozen=True, slots=True)
class RegelVerschil:
    """How one regel changed; amounts are totals, verschil is was - wordt."""

    code: str
    naam: str
    status: Status
    was: Decimal | None
    wordt: Decimal | None
    verschil: Decimal
    per_deel: dict[str, Decimal]
    """Was - wordt of each amount of the line: its DELEN and its totaal."""
    opmerkingen: tuple[str, ...]
    """What else changed: a new code, a moved kassiersfunctie flag, p.m. that became an amount;
    each an Opmerking."""


@dataclass(frozen=True, slots=True)
class Verschil:
    """Everything `begroting diff` reports."""

    was: Begroting
    wordt: Begroting
    scope: Scope
    kostensoorten: tuple[KostensoortRegel, ...]
    afrondingen: tuple[Afronding, ...]
    verklaring: tuple[Verklaring, ...] | None
    """WORDT's [[verklaring]]; None when the budgets are of the same year, which it does not
    explain (a revision of one budget, or a budget compared with itself)."""
    verklaard: Decimal
    onverklaard: Decimal | None
    """Verschil totaal - verklaard; None without verklaring or when the Verschil is unknown."""
    grens: Decimal
    """The rounding bound of onverklaard."""
    regels: tuple[RegelVerschil, ...] | None
    """Changed lines, largest change first; None unless both budgets have regels."""

    @property
    def onverklaard_buiten_afronding(self) -> bool:
        """Whether more is unexplained than rounding can explain."""
        return self.onverklaard is not None and abs(self.onverklaard) > self.grens


def verschil(was: Begroting, wordt: Begroting, scope: Scope = Scope.basis,
             alle: bool = False) -> Verschil:
    """Compare two budgets; `alle` keeps unchanged regels too."""
    was_totalen, wordt_totalen = engine.totalen(was), engine.totalen(wordt)
    was_tabellen, wordt_tabellen = was_totalen.kostensoorten, wordt_totalen.kostensoorten
    vergeleken = "basis" if scope is Scope.basis else "lasten"
    rijen = tuple(
        KostensoortRegel(
            kostensoort=rij,
            was=was_tabellen[vergeleken][rij],
            wordt=wordt_tabellen["lasten"][rij],
            kassiersfunctie=wordt_tabellen["kassiersfunctie"][rij],
            wordt_basis=wordt_tabellen["basis"][rij],
            verschil=minus(was_tabellen[vergeleken][rij], wordt_tabellen[vergeleken][rij]),
        )
        for rij in RIJEN
    )
    verklaring = wordt.verklaring if was.begroting.jaar != wordt.begroting.jaar else None
    verklaard = sum((or_zero(item.bedrag) for item in verklaring or ()), ZERO)
    totaal = rijen[-1].verschil
    return Verschil(
        was=was,
        wordt=wordt,
        scope=scope,
        kostensoorten=rijen,
        afrondingen=tuple(_afrondingen(was, was_tabellen, vergeleken, "was")
                          + _afrondingen(wordt, wordt_tabellen, None, "wordt")),
        verklaring=verklaring,
        verklaard=verklaard,
        onverklaard=None if totaal is None or verklaring is None else totaal - verklaard,
        grens=engine.afrondingsgrens(len(wordt.verklaring) + 2,
                                     wordt.begroting.tolerantie),
        regels=_regels(was_totalen.regels, wordt_totalen.regels,
                                       alle),
    )


_KOLOMMEN = {"lasten": "wordt", "kassiersfunctie": "kassiersfunctie", "basis": "wordt_basis"}


def _afrondingen(begroting: Begroting, tabellen: dict[str, Tabel], alleen: str | None,
                 side: str) -> list[Afronding]:
    """Cells of the stated [lasten.*] tables that differ from the computed ones."""
    stated = begroting.lasten
    if stated is None:
        return []
    found = []
    for naam, tabel in (("lasten", stated), ("kassiersfunctie", stated.kassiersfunctie),
                        ("basis", stated.basis)):
        if tabel is None or (alleen is not None and naam != alleen):
            continue
        kolom = "was" if side == "was" else _KOLOMMEN[naam]
        for rij in RIJEN:
            opgegeven, berekend = getattr(tabel, rij), tabellen[naam][rij]
            if not is_known(opgegeven) or berekend is None:
                continue
            if opgegeven.quantize(Decimal(1)) != berekend.quantize(Decimal(1)):
                found.append(Afronding(kolom, rij, opgegeven, berekend))
    return found


def _regels(was: Sequence[RegelTotaal], wordt: Sequence[RegelTotaal],
            alle: bool) -> tuple[RegelVerschil, ...] | None:
    if not was or not wordt:
        return None
    found = []
    for a, b in _match(was, wordt):
        if not alle and a is not None and b is not None and a.regel == b.regel:
            continue  # the same line: nothing to compare
        line = _vergelijk(a, b)
        if alle or line.status is not Status.ongewijzigd:
            found.append(line)
    return tuple(sorted(found, key=lambda f: (-abs(f.verschil), f.code)))


Pair = tuple[RegelTotaal | None, RegelTotaal | None]
Lines = dict[str, deque[RegelTotaal]]


def _match(was: Sequence[RegelTotaal], wordt: Sequence[RegelTotaal]) -> list[Pair]:
    """Pairs (was, wordt) by code, then the rest by naam; unmatched lines pair with None.

    A code used twice (an error validate reports) pairs in file order, so that no line is lost.
    """
    by_code: Lines = defaultdict(deque)
    for line in was:
        by_code[line.regel.code].append(line)
    by_code_pairs = [(_take(by_code, line.regel.code), line) for line in wordt]
    by_naam: Lines = defaultdict(deque)
    for line in (line for lines in by_code.values() for line in lines):
        by_naam[line.regel.naam].append(line)
    pairs: list[Pair] = [(a if a is not None else _take(by_naam, b.regel.naam), b)
                         for a, b in by_code_pairs]
    return pairs + [(line, None) for lines in by_naam.values() for line in lines]


def _take(lines: Lines, key: str) -> RegelTotaal | None:
    queue = lines.get(key)
    return queue.popleft() if queue else None


def _vergelijk(a: RegelTotaal | None,
               b: RegelTotaal | None) -> RegelVerschil:
    was = _amounts(a)
    wordt = _amounts(b)
    per = {deel: was[deel] - wordt[deel] for deel in _BEDRAGEN}
    opmerkingen = [] if a is None or b is None else _opmerkingen(a, b)
    if b is None:
        assert a is not None, "a pair has at least one line"
        status, shown = Status.vervallen, a.regel
    elif a is None:
        status, shown = Status.nieuw, b.regel
    elif any(per.values()) or opmerkingen:
        status, shown = Status.gewijzigd, b.regel
    else:
        status, shown = Status.ongewijzigd, b.regel
    return RegelVerschil(
        code=shown.code, naam=shown.naam, status=status,
        was=None if a is None else was["totaal"], wordt=None if b is None else wordt["totaal"],
        verschil=per["totaal"], per_deel=per, opmerkingen=tuple(opmerkingen),
    )


def _opmerkingen(a: RegelTotaal, b: RegelTotaal) -> list[str]:
    """What changed besides the amounts: the code, the kassiersfunctie flag, p.m."""
    opmerkingen: list[str] = []
    if a.regel.code != b.regel.code:
        opmerkingen.append(Opmerking(N_("code {was} werd {wordt} (gekoppeld op naam)"),
                                     was=a.regel.code, wordt=b.regel.code))
    if a.regel.kassiersfunctie != b.regel.kassiersfunctie:
        opmerkingen.append(Opmerking(N_("werd kassiersfunctie") if b.regel.kassiersfunctie
                                     else N_("niet langer kassiersfunctie")))
    for deel in DELEN:
        was = engine.eigen(getattr(a.regel, deel), a.periode)
        wordt = engine.eigen(getattr(b.regel, deel), b.periode)
        if is_pm(was) and not is_pm(wordt):
            opmerkingen.append(Opmerking(N_("{deel}: p.m. werd een bedrag"), deel=deel))
        elif is_pm(wordt) and not is_pm(was):
            opmerkingen.append(Opmerking(N_("{deel}: een bedrag werd p.m."), deel=deel))
    return opmerkingen


def _amounts(line: RegelTotaal | None) -> dict[str, Decimal]:
    if line is None:
        return dict.fromkeys(_BEDRAGEN, ZERO)
    amounts = {deel: line.deel(deel) for deel in DELEN}
    amounts["totaal"] = line.totaal
    return amounts
