"""Next year's draft: indexation of a budget as a pure function (docs/indexation.md)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import overload

from begroting_cli import engine
from begroting_cli.engine import ZERO, minus, plus
from begroting_cli.model import (
    DELEN,
    KOSTENSOORTEN,
    MAX_BEDRAG,
    SOORTEN,
    Bedrag,
    Begroting,
    Kostensoorten,
    Lasten,
    Periode,
    Regel,
    is_known,
    is_pm,
    known,
    or_zero,
)
from begroting_cli.notation import bedrag
from begroting_cli.overzicht import overzicht
from begroting_cli.tekst import _, ngettext

PERSONEEL = "personeel"
ONE = Decimal(1)

Factoren = Mapping[str, Decimal]
"""Per rate name: what an amount is multiplied by over the years indexed."""
Deel = dict[str, Bedrag]
"""A line's amounts by key of DELEN."""
Rows = dict[str, Bedrag | None]
"""A [lasten] table's rows by kostensoort; None where it states none."""


@dataclass(frozen=True, slots=True)
class Toegevoegd:
    """What one rate added, on the organisation-level kostensoort it works on."""

    naam: str
    tarief: Decimal
    """Per year."""
    kostensoort: str
    bedrag: Decimal


@dataclass(frozen=True, slots=True)
class Indexering:
    """The indexed budget and what the indexation did."""

    begroting: Begroting
    jaren: int
    toegevoegd: tuple[Toegevoegd, ...]
    afronding: dict[str, Decimal]
    """Per line kostensoort: the written (rounded) sum minus the exact one."""
    was: Decimal | None
    wordt: Decimal | None
    """The organisation's total costs (the lasten column) before and after."""
    overhead_was: Decimal | None
    overhead_wordt: Decimal | None
    """The overhead rate before and after the re-allocation."""
    niet: tuple[str, ...] = ()
    """What the draft leaves as it was, or leaves out, each said in a sentence (in the language
    of the run)."""
    decimalen: tuple[int, ...] = (0,)
    """The decimals the lines' amounts were rounded to, each to those it had in the source:
    (0,) for whole units, more than one when the source mixes them."""


def bruikbare_namen(begroting: Begroting) -> set[str]:
    """The rate names that can work on this budget: personeel, the other kostensoorten, its own."""
    return {PERSONEEL, *KOSTENSOORTEN, *begroting.indexatie, *_own_indexes(begroting)} - {
        "personeelslasten_direct"}


def werkt_op(naam: str) -> str:
    """The organisation-level kostensoort that a rate works on."""
    if naam == PERSONEEL:
        return "personeelslasten_direct"
    return naam if naam in KOSTENSOORTEN else "programmalasten"


MAX_JAREN = 10
"""How far ahead index and the meerjarenraming look: a meerjarenraming has three or four
years, and each year more is a whole budget more to compute (the budget's jaar comes from
the file, and must not make a run take a thousand times as long)."""


def _jaren(jaar: int, naar_jaar: int) -> int:
    """The years from jaar to naar_jaar, 1 to MAX_JAREN; ValueError when they are not."""
    jaren = naar_jaar - jaar
    if jaren < 1:
        raise ValueError(_("{naar} ligt niet na het begrotingsjaar {jaar}").format(
            naar=naar_jaar, jaar=jaar))
    if jaren > MAX_JAREN:
        raise ValueError(_("{naar} ligt meer dan {max} jaar na het begrotingsjaar {jaar}").format(
            naar=naar_jaar, max=MAX_JAREN, jaar=jaar))
    return jaren


def index(begroting: Begroting, tarieven: Mapping[str, Decimal], naar_jaar: int,
          vorige: str | None = None) -> Indexering:
    """The budget of naar_jaar, with rates per year compounded over the years in between.

    `personeel` raises every directe_personeelslasten and the organisation's
    personeelslasten_direct; a rate named after a kostensoort raises that kostensoort; any
    other name the programmalasten of the lines whose `index` names it. Overhead follows the
    apparaatslasten at the new overhead rate. Every stated total moves by exactly what its parts
    moved, so the source's own rounding carries over and a rate of 0 changes nothing. Amounts
    that were whole units stay whole.
    """
    jaren = _jaren(begroting.begroting.jaar, naar_jaar)
    factor = {naam: (ONE + tarief) ** jaren for naam, tarief in tarieven.items()}
    periode = Periode.eigen(begroting.begroting.jaar)
    niet = _niet(begroting, periode)
    begroting = _eigen_periode(begroting, periode)
    _in_bereik(begroting, factor, jaren)
    regels = [regel for p in begroting.programma for regel in p.regels
              if engine.regel_totaal(regel, periode).gesplitst]
    opgaven = [_delen(regel, periode) for regel in regels]
    exact = [_indexed(o, regel.index, factor) for o, regel in zip(opgaven, regels, strict=True)]
    written = [{deel: _round_like(line[deel], o[deel]) for deel in DELEN[:2]}
               for line, o in zip(exact, opgaven, strict=True)]
    heel = _lasten_rows(begroting.lasten, opgaven, written, factor)
    for line, written_line, (precise, amount) in zip(
            exact, written, _overhead(begroting.lasten, opgaven, written, heel, factor),
            strict=True):
        line["overhead"], written_line["overhead"] = precise, amount
    nieuw = _rebuild(begroting, dict(zip(map(id, regels), written, strict=True)), heel, factor,
                     tarieven, naar_jaar, vorige)
    voor, na = engine.totalen(begroting), engine.totalen(nieuw)
    return Indexering(
        begroting=nieuw,
        jaren=jaren,
        toegevoegd=tuple(_toegevoegd(begroting, nieuw, tarieven)),
        afronding=_afronding(exact, written),
        was=voor.kostensoorten["lasten"]["totaal"],
        wordt=na.kostensoorten["lasten"]["totaal"],
        overhead_was=voor.overhead_tarief,
        overhead_wordt=na.overhead_tarief,
        niet=niet,
        decimalen=_precisies(opgaven),
    )


def _in_bereik(begroting: Begroting, factor: Mapping[str, Decimal], jaren: int) -> None:
    """ValueError when indexation could make an amount or a total of 10^15 or more: the
    result would be no budget (model.MAX_BEDRAG), and its figures too long to compute exactly."""
    groei = max((*factor.values(), ONE))
    tables = [begroting.lasten, *(() if begroting.lasten is None else (
        begroting.lasten.basis, begroting.lasten.kassiersfunctie))]
    amounts = [getattr(t, k) for t in tables if t is not None for k in (*KOSTENSOORTEN, "totaal")]
    amounts += [getattr(r, k) for p in begroting.programma for r in p.regels
                for k in (*DELEN, *SOORTEN, "totaal")]
    amounts += [getattr(p, k) for p in begroting.programma for k in (*SOORTEN, "totaal")]
    if sum(abs(a) for a in amounts if is_known(a)) * groei >= MAX_BEDRAG:
        raise ValueError(ngettext(
            "indexatie over {n} jaar tegen deze tarieven (x {factor}) zou bedragen van 10^15 of "
            "meer geven; zulke bedragen passen in geen begroting",
            "indexatie over {n} jaar tegen deze tarieven (x {factor}) zou bedragen van 10^15 of "
            "meer geven; zulke bedragen passen in geen begroting", jaren).format(
            n=jaren, factor=bedrag(Decimal(f"{groei:.4g}"), None)))


def _eigen_periode(begroting: Begroting, periode: Periode) -> Begroting:
    """The budget with only its own period's amounts: what a draft of next year starts from."""
    def plain(item: object, names: tuple[str, ...]) -> dict[str, Bedrag | None]:
        return {name: engine.eigen(getattr(item, name), periode) for name in names}

    programmas = tuple(p.model_copy(update={
        **plain(p, SOORTEN),
        "beleidsopgave" if p.beleidsopgave else "regel": tuple(
            replace(regel, **plain(regel, (*DELEN, *SOORTEN)))  # type: ignore[arg-type]
            for regel in p.regels)}) for p in begroting.programma)
    totaal = None if begroting.totaal is None else begroting.totaal.model_copy(
        update=plain(begroting.totaal, SOORTEN))
    return begroting.model_copy(update={"programma": programmas, "totaal": totaal})


def _niet(begroting: Begroting, periode: Periode) -> tuple[str, ...]:
    """What indexation cannot do for this budget, in sentences for the report."""
    view = overzicht(begroting)
    others = [p for p in view.perioden if p != periode]
    regels = [r for p in begroting.programma for r in p.regels]
    unsplit = sum(1 for r in regels if r.lasten is not None and not engine.regel_totaal(
        r, periode).gesplitst)
    alone = sum(1 for p in begroting.programma if not p.regels and p.lasten is not None)
    found = []
    if others:
        found.append(_("Alleen {periode} gaat mee naar het ontwerp; niet: {perioden}.").format(
            periode=periode, perioden=", ".join(str(p) for p in others)))
    if unsplit:
        found.append(ngettext(
            "De lasten van {n} regel zonder programmalasten, directe personeelslasten en "
            "overhead blijven zoals ze waren.",
            "De lasten van {n} regels zonder programmalasten, directe personeelslasten en "
            "overhead blijven zoals ze waren.", unsplit).format(n=unsplit))
    if alone:
        found.append(ngettext(
            "De lasten van {n} programma zonder regels blijven zoals ze waren.",
            "De lasten van {n} programma's zonder regels blijven zoals ze waren.",
            alone).format(n=alone))
    if "baten" in view.soorten:
        found.append(_("Baten blijven zoals ze waren."))
    if {"toevoeging_reserve", "onttrekking_reserve"} & set(view.soorten):
        found.append(_("Toevoegingen en onttrekkingen aan reserves blijven zoals ze waren."))
    return tuple(found)


def _delen(regel: Regel, periode: Periode) -> Deel:
    """The DELEN of a regel that splits its lasten, in the own period (an absent one as 0)."""
    found = {deel: engine.eigen(getattr(regel, deel), periode) for deel in DELEN}
    return {deel: ZERO if amount is None else amount for deel, amount in found.items()}


def _indexed(opgave: Deel, index: str | None, factor: Factoren) -> Deel:
    """A line's programmalasten and directe personeelslasten, indexed exactly."""
    if index is not None and index in factor:
        programma = factor[index]
    else:
        programma = factor.get("programmalasten", ONE)
    return {
        "programmalasten": _times(opgave["programmalasten"], programma),
        "directe_personeelslasten": _times(opgave["directe_personeelslasten"],
                                           factor.get(PERSONEEL, ONE)),
    }


def _lasten_rows(lasten: Lasten | None, opgaven: list[Deel], written: list[Deel],
                 factor: Factoren) -> Rows | None:
    """The new [lasten] rows: programmalasten move with the lines, the others are indexed.

    The apparatus rows are rounded together (largest remainder), so that rounding does not
    change the apparaatslasten as a whole beyond rounding their sum.
    """
    if lasten is None:
        return None
    exact = {soort: _times(getattr(lasten, soort), factor.get(_tarief_of(soort), ONE))
             for soort in KOSTENSOORTEN}
    rows = {soort: _round_like(exact[soort], getattr(lasten, soort)) for soort in KOSTENSOORTEN}
    apparatus = KOSTENSOORTEN[1:]
    if all(_whole(getattr(lasten, soort)) for soort in apparatus):
        rows.update(zip(apparatus, _largest_remainder([or_zero(exact[s]) for s in apparatus]),
                        strict=True))
    stated = lasten.programmalasten
    if opgaven and is_known(stated):
        moved = sum((or_zero(w["programmalasten"]) - or_zero(o["programmalasten"])
                     for o, w in zip(opgaven, written, strict=True)), ZERO)
        rows["programmalasten"] = stated + moved
    return rows


def _overhead(lasten: Lasten | None, opgaven: list[Deel], written: list[Deel],
              heel: Rows | None, factor: Factoren) -> list[tuple[Bedrag, Bedrag]]:
    """(exact, written) overhead per line.

    Each line's overhead moves by what allocation at the overhead rate moves: new directe
    personeelslasten x new rate - old directe personeelslasten x old rate, where the rate is
    (apparaatslasten - directe personeelslasten) / directe personeelslasten. The overheads
    then grow by exactly the growth of the overhead pool. Whole units by largest remainder.
    """
    shared = [i for i, (o, w) in enumerate(zip(opgaven, written, strict=True))
              if not is_pm(o["overhead"]) and not is_pm(w["directe_personeelslasten"])]
    old_direct = sum((or_zero(opgaven[i]["directe_personeelslasten"]) for i in shared), ZERO)
    new_direct = sum((or_zero(written[i]["directe_personeelslasten"]) for i in shared), ZERO)
    old_apparaat = engine.apparaatslasten(engine.opgegeven(lasten))
    new_apparaat = None if heel is None else engine.apparaatslasten(
        {soort: known(heel[soort]) for soort in KOSTENSOORTEN})
    exact: list[Bedrag] = [o["overhead"] for o in opgaven]
    if old_apparaat is None or new_apparaat is None or not old_direct or not new_direct:
        # nothing to allocate from: the overhead rate stays as it was
        for i in shared:
            exact[i] = or_zero(opgaven[i]["overhead"]) * factor.get(PERSONEEL, ONE)
        return [(e, _round_like(e, o["overhead"])) for e, o in zip(exact, opgaven, strict=True)]
    old_tarief = (old_apparaat - old_direct) / old_direct
    new_tarief = (new_apparaat - new_direct) / new_direct
    for i in shared:
        exact[i] = (or_zero(opgaven[i]["overhead"])
                    + or_zero(written[i]["directe_personeelslasten"]) * new_tarief
                    - or_zero(opgaven[i]["directe_personeelslasten"]) * old_tarief)
    result = [_round_like(e, o["overhead"]) for e, o in zip(exact, opgaven, strict=True)]
    whole = [i for i in shared if _whole(opgaven[i]["overhead"])]
    for i, share in zip(whole, _largest_remainder([or_zero(exact[i]) for i in whole]),
                        strict=True):
        result[i] = share
    return list(zip(exact, result, strict=True))


def _largest_remainder(amounts: list[Decimal]) -> list[Decimal]:
    """Whole numbers that add up to the rounded sum of amounts, each off by less than 1."""
    floors = [a.to_integral_value(ROUND_FLOOR) for a in amounts]
    missing = int(sum(amounts, ZERO).quantize(ONE, ROUND_HALF_UP) - sum(floors, ZERO))
    largest = sorted(range(len(amounts)), key=lambda i: (floors[i] - amounts[i], i))
    for i in largest[:missing]:
        floors[i] += 1
    return floors


def _rebuild(begroting: Begroting, written: dict[int, Deel], heel: Rows | None,
             factor: Factoren, tarieven: Mapping[str, Decimal], naar_jaar: int,
             vorige: str | None) -> Begroting:
    """The draft: each indexed regel (by id in written) with its new amounts, totals moved."""
    periode = Periode.eigen(begroting.begroting.jaar)
    programmas = []
    all_moved = ZERO
    for programma in begroting.programma:
        regels, moved = [], ZERO
        for regel in programma.regels:
            amount = written.get(id(regel))
            if amount is None:
                regels.append(regel)
                continue
            nieuw = replace(regel, programmalasten=amount["programmalasten"],
                            directe_personeelslasten=amount["directe_personeelslasten"],
                            overhead=amount["overhead"])
            change = (engine.regel_totaal(nieuw, periode).totaal
                      - engine.regel_totaal(regel, periode).totaal)
            regels.append(replace(nieuw, totaal=_moved(regel.totaal, change),
                                  **_lasten_moved(regel, change)))  # type: ignore[arg-type]
            moved += change
        name = "beleidsopgave" if programma.beleidsopgave else "regel"
        programmas.append(programma.model_copy(update={
            name: tuple(regels), "totaal": _moved(programma.totaal, moved),
            **_lasten_moved(programma, moved)}))
        all_moved += moved
    meta = begroting.begroting
    draft = begroting.model_copy(update={
        "begroting": meta.model_copy(update={
            "jaar": naar_jaar, "vorige": vorige,
            "naam": meta.naam.replace(str(meta.jaar), str(naar_jaar))}),
        "indexatie": dict(tarieven),
        "programma": tuple(programmas),
        "verklaring": (),
        "totaal": None if begroting.totaal is None else begroting.totaal.model_copy(
            update=_lasten_moved(begroting.totaal, all_moved)),
    })
    if begroting.lasten is None or heel is None:
        return draft
    return draft.model_copy(update={
        "lasten": _lasten(begroting, begroting.lasten, draft, heel, factor)})


def _lasten(bron: Begroting, stated: Lasten, draft: Begroting, heel: Rows,
            factor: Factoren) -> Lasten:
    """[lasten] and its sub-tables, each stated amount moved by what it stands for."""
    if not any(p.regels for p in bron.programma):  # a summary budget: index each table
        return stated.model_copy(update={
            **_table(stated, _scaled(stated, factor)),
            "kassiersfunctie": _sub(stated.kassiersfunctie, _scaled(stated.kassiersfunctie,
                                                                    factor)),
            "basis": _sub(stated.basis, _scaled(stated.basis, factor)),
        })
    voor = engine.kostensoorten_tabellen(bron)
    na = engine.kostensoorten_tabellen(draft.model_copy(update={
        "lasten": stated.model_copy(update=heel)}))
    kassiers: Rows = {
        soort: _round_like(plus(getattr(stated.kassiersfunctie, soort, None),
                                minus(na["kassiersfunctie"][soort],
                                      voor["kassiersfunctie"][soort])),
                           getattr(stated.kassiersfunctie, soort, None))
        for soort in KOSTENSOORTEN}
    derived = {kolom: {soort: minus(na[kolom][soort], voor[kolom][soort])
                       for soort in KOSTENSOORTEN} for kolom in ("lasten", "kassiersfunctie")}
    basis: Rows = {}
    basis_moved: engine.Tabel = {}
    for soort in KOSTENSOORTEN:
        old = getattr(stated.basis, soort, None)
        moved_heel = minus(heel[soort], getattr(stated, soort))
        if moved_heel is None:
            moved_heel = derived["lasten"][soort]
        moved_kassiers = minus(kassiers[soort], getattr(stated.kassiersfunctie, soort, None))
        if moved_kassiers is None:
            moved_kassiers = derived["kassiersfunctie"][soort]
        basis_moved[soort] = minus(moved_heel, moved_kassiers)
        basis[soort] = _round_like(plus(old, basis_moved[soort]), old)
    return stated.model_copy(update={
        **_table(stated, heel, derived["lasten"]),
        "kassiersfunctie": _sub(stated.kassiersfunctie, kassiers, derived["kassiersfunctie"]),
        "basis": _sub(stated.basis, basis, basis_moved),
    })


def _scaled(table: Kostensoorten | None, factor: Factoren) -> Rows:
    if table is None:
        return {}
    return {s: _round_like(_times(getattr(table, s), factor.get(_tarief_of(s), ONE)),
                           getattr(table, s)) for s in KOSTENSOORTEN}


def _sub(table: Kostensoorten | None, rows: Rows,
         implied: engine.Tabel | None = None) -> Kostensoorten | None:
    return None if table is None else table.model_copy(update=_table(table, rows, implied))


def _table(table: Kostensoorten, rows: Rows,
           implied: engine.Tabel | None = None) -> dict[str, Bedrag | None]:
    """The rows the table states, and its totaal moved by what they moved together.

    A row that cannot be moved (a p.m. row, or one derived from it) stays as it was stated;
    the totaal still moves by what that row stands for (`implied`), when that is known.
    """
    update = {s: rows[s] if rows.get(s) is not None else getattr(table, s)
              for s in KOSTENSOORTEN if getattr(table, s) is not None}
    moved = sum((or_zero(update[s]) - or_zero(getattr(table, s)) for s in update), ZERO)
    moved += sum((implied.get(s) or ZERO for s in update if is_pm(update[s])), ZERO) if (
        implied) else ZERO
    return {**update, "totaal": _moved(table.totaal, moved)}


def _lasten_moved(item: object, change: Decimal) -> dict[str, Bedrag | None]:
    """Its stated lasten, saldo and resultaat (plain amounts by now), moved by what its lasten
    moved; the rest of what format v2 states stays as it was."""
    return {soort: _moved(getattr(item, soort), change)
            for soort in ("lasten", "saldo", "resultaat") if getattr(item, soort) is not None}


def _moved(stated: Bedrag | None, change: Decimal) -> Bedrag | None:
    """A stated total moved by exactly what its parts moved; absent and p.m. stay as they are.

    Not rounded: the parts already are, so the change has their precision, and the difference
    between the total and its parts stays what it was.
    """
    if not is_known(stated):
        return stated
    return stated + change


def _toegevoegd(was: Begroting, wordt: Begroting,
                tarieven: Mapping[str, Decimal]) -> Iterator[Toegevoegd]:
    """Per rate, the change of its kostensoort: in the lasten column, else in the basis one."""
    voor, na = engine.kostensoorten_tabellen(was), engine.kostensoorten_tabellen(wordt)
    for naam, tarief in tarieven.items():
        soort = werkt_op(naam)
        if soort == "programmalasten" and naam != "programmalasten":
            amount = _programmalasten_of(wordt, naam) - _programmalasten_of(was, naam)
        elif naam == "programmalasten" and any(p.beleidsopgave for p in was.programma):
            # only the lines without a rate of their own: those are counted under that rate
            amount = sum((_programmalasten_of(wordt, index) - _programmalasten_of(was, index)
                          for index in _own_indexes(was) - set(tarieven)), ZERO) + (
                _programmalasten_of(wordt, None) - _programmalasten_of(was, None))
        else:
            moved = [minus(na[kolom][soort], voor[kolom][soort]) for kolom in ("lasten", "basis")]
            amount = next((m for m in moved if m is not None),
                          _line_sum(wordt, soort) - _line_sum(was, soort))
        yield Toegevoegd(naam, tarief, soort, amount)


def _own_indexes(begroting: Begroting) -> set[str]:
    return {o.index for p in begroting.programma for o in p.regels if o.index}


def _programmalasten_of(begroting: Begroting, naam: str | None) -> Decimal:
    periode = Periode.eigen(begroting.begroting.jaar)
    return sum((or_zero(engine.eigen(o.programmalasten, periode)) for p in begroting.programma
                for o in p.regels if o.index == naam), ZERO)


def _line_sum(begroting: Begroting, soort: str) -> Decimal:
    deel = "directe_personeelslasten" if soort == "personeelslasten_direct" else soort
    if deel not in DELEN:
        return ZERO
    periode = Periode.eigen(begroting.begroting.jaar)
    return sum((or_zero(engine.eigen(getattr(o, deel), periode)) for p in begroting.programma
                for o in p.regels), ZERO)


def _afronding(exact: list[Deel], written: list[Deel]) -> dict[str, Decimal]:
    return {deel: (sum((or_zero(w[deel]) for w in written), ZERO)
                   - sum((or_zero(e[deel]) for e in exact), ZERO)).quantize(engine.CENT)
            for deel in DELEN}


def _tarief_of(soort: str) -> str:
    return PERSONEEL if soort == "personeelslasten_direct" else soort


@overload
def _times(amount: Bedrag, factor: Decimal) -> Bedrag: ...
@overload
def _times(amount: Bedrag | None, factor: Decimal) -> Bedrag | None: ...
def _times(amount: Bedrag | None, factor: Decimal) -> Bedrag | None:
    return amount * factor if is_known(amount) else amount


def _whole(amount: Bedrag | None) -> bool:
    return is_known(amount) and amount == amount.to_integral_value()


@overload
def _round_like(amount: Bedrag, source: Bedrag | None) -> Bedrag: ...
@overload
def _round_like(amount: Bedrag | None, source: Bedrag | None) -> Bedrag | None: ...
def _round_like(amount: Bedrag | None, source: Bedrag | None) -> Bedrag | None:
    """To the precision of the source amount: whole units when it was whole, cents for cents."""
    if not is_known(amount) or not is_known(source):
        return amount
    return amount.quantize(Decimal(1).scaleb(-_decimalen(source)), ROUND_HALF_UP)


def _precisies(opgaven: list[Deel]) -> tuple[int, ...]:
    """The decimals the lines' amounts are rounded to, fewest first; p.m. and 0 need none."""
    found = {_decimalen(amount) for o in opgaven for amount in o.values()
             if is_known(amount) and amount}
    return tuple(sorted(found)) or (0,)


def _decimalen(source: Decimal) -> int:
    """The decimals an amount indexed from source is rounded to: 0 when source is whole."""
    return 0 if _whole(source) else -min(0, int(source.as_tuple().exponent))


@dataclass(frozen=True, slots=True)
class Raming:
    """The meerjarenraming: totals per year, each year indexed from the year before."""

    begroting: Begroting
    jaren: tuple[int, ...]
    tarieven: dict[str, Decimal]
    programmas: tuple[tuple[str, str, tuple[Decimal, ...]], ...]
    """(code, naam, totaal per year) for each programme."""
    totaal: tuple[Decimal | None, ...]
    indexatie: tuple[Decimal | None, ...]
    """What indexation added in each year; None for the first."""


def meerjarenraming(begroting: Begroting, tarieven: Mapping[str, Decimal],
                    tot_jaar: int) -> Raming:
    """Totals per programme and in total for every year up to tot_jaar."""
    eerste = begroting.begroting.jaar
    jaren = tuple(range(eerste, eerste + _jaren(eerste, tot_jaar) + 1))
    per_jaar = [engine.totalen(begroting)] + [
        engine.totalen(index(begroting, tarieven, jaar).begroting) for jaar in jaren[1:]]
    totaal = tuple(_grand_total(t) for t in per_jaar)
    return Raming(
        begroting=begroting,
        jaren=jaren,
        tarieven=dict(tarieven),
        programmas=tuple(
            (p.programma.code, p.programma.naam,
             tuple(t.programmas[i].totaal for t in per_jaar))
            for i, p in enumerate(per_jaar[0].programmas)),
        totaal=totaal,
        indexatie=(None, *(None if a is None or b is None else b - a
                           for a, b in zip(totaal, totaal[1:], strict=False))),
    )


def _grand_total(report: engine.Totalen) -> Decimal | None:
    """The sum of the programmes; for a summary budget, the lasten (or basis) column's."""
    if report.programmas:
        return report.totaal
    tables = report.kostensoorten
    return tables["lasten"]["totaal"] if tables["lasten"]["totaal"] is not None else (
        tables["basis"]["totaal"])
