"""Next year's draft: indexation of a budget as a pure function (docs/indexation.md)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from begroting_cli import engine
from begroting_cli.engine import ZERO, bedrag, is_pm
from begroting_cli.model import (
    DELEN,
    KOSTENSOORTEN,
    Begroting,
    Beleidsopgave,
    Kostensoorten,
    Lasten,
)

PERSONEEL = "personeel"
ONE = Decimal(1)


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


def bruikbare_namen(begroting: Begroting) -> set[str]:
    """The rate names that can work on this budget: personeel, the other kostensoorten, its own."""
    eigen = {o.index for p in begroting.programma for o in p.beleidsopgave if o.index}
    return {PERSONEEL, *KOSTENSOORTEN, *begroting.indexatie, *eigen} - {
        "personeelslasten_direct"}


def werkt_op(naam: str) -> str:
    """The organisation-level kostensoort that a rate works on."""
    if naam == PERSONEEL:
        return "personeelslasten_direct"
    return naam if naam in KOSTENSOORTEN else "programmalasten"


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
    jaren = naar_jaar - begroting.begroting.jaar
    if jaren < 1:
        raise ValueError(f"{naar_jaar} is not after the budget's year {begroting.begroting.jaar}")
    factor = {naam: (ONE + tarief) ** jaren for naam, tarief in tarieven.items()}
    opgaven = [o for p in begroting.programma for o in p.beleidsopgave]
    exact = [_indexed(o, factor) for o in opgaven]
    written = [{deel: _round_like(line[deel], getattr(o, deel)) for deel in DELEN[:2]}
               for line, o in zip(exact, opgaven, strict=True)]
    heel = _lasten_rows(begroting.lasten, opgaven, written, factor)
    for line, written_line, (precise, amount) in zip(
            exact, written, _overhead(begroting.lasten, opgaven, written, heel, factor),
            strict=True):
        line["overhead"], written_line["overhead"] = precise, amount
    nieuw = _rebuild(begroting, written, heel, factor, tarieven, naar_jaar, vorige)
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
    )


def _indexed(opgave: Beleidsopgave, factor: Mapping[str, Decimal]) -> dict:
    """A line's programmalasten and directe personeelslasten, indexed exactly."""
    if opgave.index in factor:
        programma = factor[opgave.index]
    else:
        programma = factor.get("programmalasten", ONE)
    return {
        "programmalasten": _times(opgave.programmalasten, programma),
        "directe_personeelslasten": _times(opgave.directe_personeelslasten,
                                           factor.get(PERSONEEL, ONE)),
    }


def _lasten_rows(lasten: Lasten | None, opgaven: list[Beleidsopgave], written: list[dict],
                 factor) -> dict | None:
    """The new [lasten] rows: programmalasten move with the lines, the others are indexed.

    The apparatus rows are rounded together (largest remainder), so that rounding does not
    change the apparaatslasten as a whole beyond rounding their sum.
    """
    if lasten is None:
        return None
    exact = {soort: _times(getattr(lasten, soort), factor.get(_rate_of(soort), ONE))
             for soort in KOSTENSOORTEN}
    rows = {soort: _round_like(exact[soort], getattr(lasten, soort)) for soort in KOSTENSOORTEN}
    apparatus = KOSTENSOORTEN[1:]
    if all(_whole(getattr(lasten, soort)) for soort in apparatus):
        rows.update(zip(apparatus, _largest_remainder([exact[s] for s in apparatus]),
                        strict=True))
    stated = lasten.programmalasten
    if opgaven and stated is not None and not is_pm(stated):
        moved = sum((bedrag(w["programmalasten"]) - bedrag(o.programmalasten)
                     for o, w in zip(opgaven, written, strict=True)), ZERO)
        rows["programmalasten"] = stated + moved
    return rows


def _overhead(lasten: Lasten | None, opgaven: list[Beleidsopgave], written: list[dict],
              heel: dict | None, factor) -> list[tuple]:
    """(exact, written) overhead per line.

    Each line's overhead moves by what allocation at the overhead rate moves: new directe
    personeelslasten x new rate - old directe personeelslasten x old rate, where the rate is
    (apparaatslasten - directe personeelslasten) / directe personeelslasten. The overheads
    then grow by exactly the growth of the overhead pool. Whole units by largest remainder.
    """
    shared = [i for i, (o, w) in enumerate(zip(opgaven, written, strict=True))
              if not is_pm(o.overhead) and not is_pm(w["directe_personeelslasten"])]
    old_direct = sum((bedrag(opgaven[i].directe_personeelslasten) for i in shared), ZERO)
    new_direct = sum((written[i]["directe_personeelslasten"] for i in shared), ZERO)
    old_apparaat = None if lasten is None else engine.apparaatslasten(_known(lasten))
    new_apparaat = None if heel is None else engine.apparaatslasten(
        {soort: None if is_pm(heel[soort]) else heel[soort] for soort in KOSTENSOORTEN})
    exact = [o.overhead for o in opgaven]
    if old_apparaat is None or new_apparaat is None or not old_direct or not new_direct:
        # nothing to allocate from: the overhead rate stays as it was
        for i in shared:
            exact[i] = opgaven[i].overhead * factor.get(PERSONEEL, ONE)
        return [(e, _round_like(e, o.overhead)) for e, o in zip(exact, opgaven, strict=True)]
    old_rate = (old_apparaat - old_direct) / old_direct
    new_rate = (new_apparaat - new_direct) / new_direct
    for i in shared:
        exact[i] = (opgaven[i].overhead + written[i]["directe_personeelslasten"] * new_rate
                    - opgaven[i].directe_personeelslasten * old_rate)
    result = [_round_like(e, o.overhead) for e, o in zip(exact, opgaven, strict=True)]
    whole = [i for i in shared if _whole(opgaven[i].overhead)]
    for i, share in zip(whole, _largest_remainder([exact[i] for i in whole]), strict=True):
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


def _rebuild(begroting: Begroting, written: list[dict], heel: dict | None, factor, tarieven,
             naar_jaar: int, vorige: str | None) -> Begroting:
    amounts = iter(written)
    programmas = []
    for programma in begroting.programma:
        opgaven, moved = [], ZERO
        for opgave in programma.beleidsopgave:
            nieuw = replace(opgave, **next(amounts))
            change = (engine.beleidsopgave_totaal(nieuw).totaal
                      - engine.beleidsopgave_totaal(opgave).totaal)
            opgaven.append(replace(nieuw, totaal=_moved(opgave.totaal, change)))
            moved += change
        programmas.append(programma.model_copy(update={
            "beleidsopgave": tuple(opgaven), "totaal": _moved(programma.totaal, moved)}))
    meta = begroting.begroting
    draft = begroting.model_copy(update={
        "begroting": meta.model_copy(update={
            "jaar": naar_jaar, "vorige": vorige,
            "naam": meta.naam.replace(str(meta.jaar), str(naar_jaar))}),
        "indexatie": dict(tarieven),
        "programma": tuple(programmas),
        "verklaring": (),
    })
    if begroting.lasten is None:
        return draft
    return draft.model_copy(update={
        "lasten": _lasten(begroting, draft, heel, factor)})


def _lasten(bron: Begroting, draft: Begroting, heel: dict, factor) -> Lasten:
    """[lasten] and its sub-tables, each stated amount moved by what it stands for."""
    stated = bron.lasten
    if not any(p.beleidsopgave for p in bron.programma):  # a summary budget: index each table
        return stated.model_copy(update={
            **_table(stated, _scaled(stated, factor)),
            "kassiersfunctie": _sub(stated.kassiersfunctie, _scaled(stated.kassiersfunctie,
                                                                    factor)),
            "basis": _sub(stated.basis, _scaled(stated.basis, factor)),
        })
    voor = engine.kostensoorten_tabellen(bron)
    na = engine.kostensoorten_tabellen(draft.model_copy(update={
        "lasten": stated.model_copy(update=heel)}))
    kassiers = {soort: _round_like(_plus(getattr(stated.kassiersfunctie, soort, None),
                                         _minus(na["kassiersfunctie"][soort],
                                                voor["kassiersfunctie"][soort])),
                                   getattr(stated.kassiersfunctie, soort, None))
                for soort in KOSTENSOORTEN}
    derived = {kolom: {soort: _minus(na[kolom][soort], voor[kolom][soort])
                       for soort in KOSTENSOORTEN} for kolom in ("lasten", "kassiersfunctie")}
    basis, basis_moved = {}, {}
    for soort in KOSTENSOORTEN:
        old = getattr(stated.basis, soort, None)
        moved_heel = _minus(heel[soort], getattr(stated, soort))
        if moved_heel is None:
            moved_heel = derived["lasten"][soort]
        moved_kassiers = _minus(kassiers[soort], getattr(stated.kassiersfunctie, soort, None))
        if moved_kassiers is None:
            moved_kassiers = derived["kassiersfunctie"][soort]
        basis_moved[soort] = _minus(moved_heel, moved_kassiers)
        basis[soort] = _round_like(_plus(old, basis_moved[soort]), old)
    return stated.model_copy(update={
        **_table(stated, heel, derived["lasten"]),
        "kassiersfunctie": _sub(stated.kassiersfunctie, kassiers, derived["kassiersfunctie"]),
        "basis": _sub(stated.basis, basis, basis_moved),
    })


def _scaled(table: Kostensoorten | None, factor: dict) -> dict:
    if table is None:
        return {}
    return {s: _round_like(_times(getattr(table, s), factor.get(_rate_of(s), ONE)),
                           getattr(table, s)) for s in KOSTENSOORTEN}


def _sub(table: Kostensoorten | None, rows: dict, implied: dict | None = None):
    return None if table is None else table.model_copy(update=_table(table, rows, implied))


def _table(table: Kostensoorten, rows: dict, implied: dict | None = None) -> dict:
    """The rows the table states, and its totaal moved by what they moved together.

    A row that cannot be moved (a p.m. row, or one derived from it) stays as it was stated;
    the totaal still moves by what that row stands for (`implied`), when that is known.
    """
    update = {s: rows[s] if rows.get(s) is not None else getattr(table, s)
              for s in KOSTENSOORTEN if getattr(table, s) is not None}
    moved = sum((bedrag(update[s]) - bedrag(getattr(table, s)) for s in update), ZERO)
    moved += sum((implied.get(s) or ZERO for s in update if is_pm(update[s])), ZERO) if (
        implied) else ZERO
    return {**update, "totaal": _moved(table.totaal, moved)}


def _moved(stated, change: Decimal):
    """A stated total moved by exactly what its parts moved; absent and p.m. stay as they are.

    Not rounded: the parts already are, so the change has their precision, and the difference
    between the total and its parts stays what it was.
    """
    if stated is None or is_pm(stated):
        return stated
    return stated + change


def _known(table: Kostensoorten) -> dict:
    return {soort: None if getattr(table, soort) is None or is_pm(getattr(table, soort))
            else getattr(table, soort) for soort in KOSTENSOORTEN}


def _plus(a, b):
    return None if a is None or b is None or is_pm(a) else a + b


def _minus(a, b):
    return None if a is None or b is None or is_pm(a) or is_pm(b) else a - b


def _toegevoegd(was: Begroting, wordt: Begroting, tarieven):
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
            known = [na[kolom][soort] - voor[kolom][soort] for kolom in ("lasten", "basis")
                     if voor[kolom][soort] is not None and na[kolom][soort] is not None]
            amount = known[0] if known else _line_sum(wordt, soort) - _line_sum(was, soort)
        yield Toegevoegd(naam, tarief, soort, amount)


def _own_indexes(begroting: Begroting) -> set[str]:
    return {o.index for p in begroting.programma for o in p.beleidsopgave if o.index}


def _programmalasten_of(begroting: Begroting, naam: str | None) -> Decimal:
    return sum((bedrag(o.programmalasten) for p in begroting.programma for o in p.beleidsopgave
                if o.index == naam), ZERO)


def _line_sum(begroting: Begroting, soort: str) -> Decimal:
    deel = "directe_personeelslasten" if soort == "personeelslasten_direct" else soort
    if deel not in DELEN:
        return ZERO
    return sum((bedrag(getattr(o, deel)) for p in begroting.programma
                for o in p.beleidsopgave), ZERO)


def _afronding(exact: list[dict], written: list[dict]) -> dict[str, Decimal]:
    return {deel: (sum((bedrag(w[deel]) for w in written), ZERO)
                   - sum((bedrag(e[deel]) for e in exact), ZERO)).quantize(engine.CENT)
            for deel in DELEN}


def _rate_of(soort: str) -> str:
    return PERSONEEL if soort == "personeelslasten_direct" else soort


def _times(amount, factor: Decimal):
    return amount if amount is None or is_pm(amount) else amount * factor


def _whole(amount) -> bool:
    return amount is not None and not is_pm(amount) and amount == amount.to_integral_value()


def _round_like(amount, source):
    """To the precision of the source amount: whole units when it was whole, cents for cents."""
    if amount is None or is_pm(amount) or source is None or is_pm(source):
        return amount
    places = min(0, source.as_tuple().exponent) if not _whole(source) else 0
    return amount.quantize(Decimal(1).scaleb(places), ROUND_HALF_UP)


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
    if tot_jaar <= eerste:
        raise ValueError(f"{tot_jaar} is not after the budget's year {eerste}")
    jaren = tuple(range(eerste, tot_jaar + 1))
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
