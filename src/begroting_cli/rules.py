"""Validation rules: each a small function from a Context to diagnostics, all listed in RULES.

Every rule is documented in docs/rules.md (a test checks it); its docstring says what it checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from begroting_cli import engine, taakvelden
from begroting_cli.characters import as_seen, has_unseen
from begroting_cli.diagnostic import MAX_DIAGNOSTICS, TOO_MANY, Diagnostic, Severity, too_many
from begroting_cli.engine import ZERO, Precisie, Totalen
from begroting_cli.flat import ONGELDIGE_TABEL
from begroting_cli.load import (
    ONBEKENDE_SLEUTEL,
    ONGELDIG_BEDRAG,
    ONGELDIGE_CODE,
    ONGELDIGE_EENHEID,
    ONGELDIGE_PERIODE,
    ONGELDIGE_TOML,
    ONLEESBAAR,
    ONTBREKENDE_SLEUTEL,
    VERKEERD_TYPE,
    Loaded,
)
from begroting_cli.model import (
    DELEN,
    KOSTENSOORTEN,
    PM,
    SOORTEN,
    Bedragen,
    Begroting,
    Kostensoorten,
    Periode,
    Pm,
    Programma,
    Regel,
    Totaal,
    Uitzondering,
    is_known,
    is_pm,
    or_zero,
)
from begroting_cli.notation import exact
from begroting_cli.overzicht import (
    PRIMAIR,
    Overzicht,
    overzicht,
    spreekt_v2,
)
from begroting_cli.sourcemap import Path, SourceMap

if TYPE_CHECKING:  # format v2 only: a budget of format v1 does without it
    from begroting_cli.relaties import Knoop

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
_TABLES = {"lasten": ("lasten",), "lasten.kassiersfunctie": ("lasten", "kassiersfunctie"),
           "lasten.basis": ("lasten", "basis")}


@dataclass(frozen=True, slots=True)
class Context:
    """What a rule may look at: one valid budget, its totals and its previous budget.

    `code` is the rule being run: every finding made through the context carries it.
    """

    file: str
    sources: SourceMap
    totalen: Totalen
    regels: tuple[tuple[Path, Regel], ...]
    """(key path, regel) of every regel, in file order."""
    periode: Periode
    """The budget's own period, which plain amounts are for."""
    vorige: Loaded | None = None
    """The budget that `vorige` names, as loaded; None when the file names none."""
    overzicht: Overzicht | None = None
    """The overview of baten en lasten, for a budget that uses what format v2 added."""
    knopen: tuple[Knoop, ...] = ()
    """The overview's [totaal], programmes and regels, as the rules of format v2 see them."""
    precisie: Precisie | None = None
    code: str = ""
    tally: _Tally | None = None
    """How many findings were made, over all rules: beyond MAX_DIAGNOSTICS, a finding is
    only counted, so it needs no place in the file."""

    @property
    def begroting(self) -> Begroting:
        return self.totalen.begroting


    def grens(self, parts: int) -> Decimal:
        """The rounding bound of a total of `parts` parts, each rounded as the file prints them."""
        bound = engine.afrondingsgrens(parts, self.begroting.begroting.tolerantie)
        if self.begroting.begroting.tolerantie is not None or self.precisie is None:
            return bound
        return bound.scaleb(-self.precisie.decimalen)

    def at(self, path: Path, severity: Severity, subject: str, message: str,
           expected: Decimal | None = None, found: Decimal | None = None) -> Diagnostic:
        """A finding of this rule at the place of path in the file."""
        if self.tally is not None:
            self.tally.made += 1
            if self.tally.made > MAX_DIAGNOSTICS:  # only counted: no need to find its line
                return Diagnostic(self.file, 1, None, severity, self.code, subject, message)
        line, column = self.sources.position(path)
        return Diagnostic(self.file, line, column, severity, self.code, subject, message,
                          expected, found)

    def compare(self, path: Path, subject: str, what: str, stated: Decimal | Pm | None,
                computed: Decimal, parts: int = 0, grens: Decimal | None = None,
                hint: str = "", how: str = "") -> Iterator[Diagnostic]:
        """A stated amount against the computed one: info within rounding, error beyond it.

        The bound is that of `parts` rounded parts unless given; how says how the amount was
        computed; hint ends an error's message.
        """
        if not is_known(stated) or stated == computed:
            return
        difference = stated - computed
        if grens is None:
            grens = self.grens(parts)
        how = f" ({how})" if how else ""
        if abs(difference) <= grens:
            message = (f"{what} {exact(stated)}, computed {exact(computed)}{how}: "
                       f"afrondingsverschil {exact(difference)} (bound {exact(grens)})")
            yield self.at(path, INFO, subject, message, computed, stated)
        else:
            message = (f"{what} {exact(stated)} but computed {exact(computed)}{how}: off by "
                       f"{exact(difference)}, more than rounding (bound {exact(grens)}){hint}")
            yield self.at(path, ERROR, subject, message, computed, stated)


@dataclass(slots=True)
class _Tally:
    made: int = 0


Check = Callable[[Context], Iterable[Diagnostic]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's stable code, its name, and the check (None for findings of the loader)."""

    code: str
    name: str
    summary: str
    check: Check | None = None


def _regels(begroting: Begroting) -> Iterator[tuple[Path, Regel]]:
    """(key path, regel) for every line, in file order."""
    for p, programma in enumerate(begroting.programma):
        name = "beleidsopgave" if programma.beleidsopgave else "regel"
        for r, regel in enumerate(programma.regels):
            yield ("programma", p, name, r), regel


def unieke_code(ctx: Context) -> Iterator[Diagnostic]:
    """Each programma and each regel code is used once in the file, as a reader sees it:
    "1.1" and "1.1" followed by a zero-width space are one code (characters.as_seen)."""
    programmas = ctx.begroting.programma
    if (len({_as_seen(o.code) for _, o in ctx.regels}) == len(ctx.regels)
            and len({_as_seen(p.code) for p in programmas}) == len(programmas)):
        return  # every code once, the usual case: seen in one pass without paths
    programma_codes = ((("programma", p), programma.code)
                       for p, programma in enumerate(programmas))
    opgaven = ((path, opgave.code) for path, opgave in ctx.regels)
    for kind, codes in (("programma", programma_codes), ("beleidsopgave", opgaven)):
        seen: dict[str, tuple[Path, str]] = {}
        for path, code in codes:
            key = _as_seen(code)
            if key in seen:
                before, written = seen[key]
                first = ctx.sources.line((*before, "code"))
                alike = "" if written == code else f" as {written!r}, which looks the same,"
                yield ctx.at((*path, "code"), ERROR, code,
                             f"{kind} code {code!r} is already used{alike} at line {first}")
            else:
                seen[key] = path, code


def _as_seen(code: str) -> str:
    # An ASCII code without spaces at its ends is as seen (the model refuses control
    # characters): 100.000 codes need no Unicode normalisation.
    return code if code.isascii() and code.strip() == code else as_seen(code)


def onzichtbaar_teken(ctx: Context) -> Iterator[Diagnostic]:
    """A code with a character that cannot be seen (zero width, bidi override, a space at an
    end): two codes that look the same may then differ."""
    codes: list[tuple[Path, str, str]] = [
        (("programma", p), "code", x.code) for p, x in enumerate(ctx.begroting.programma)]
    codes += [(("programma", p), "afkorting", x.afkorting)
              for p, x in enumerate(ctx.begroting.programma) if x.afkorting is not None]
    codes += [(path, key, value) for path, regel in ctx.regels
              for key, value in (("code", regel.code), ("taakveld", regel.taakveld))
              if value is not None and not (value.isascii() and value.strip() == value)]
    for path, key, code in codes:
        if has_unseen(code) or code.strip() != code:
            yield ctx.at((*path, key), WARNING, code,
                         f"{key} {code!r} has a character that cannot be seen; a reader "
                         "cannot tell it from the code without it")


def totaal_beleidsopgave(ctx: Context) -> Iterator[Diagnostic]:
    """A beleidsopgave's stated totaal is programmalasten + directe_personeelslasten + overhead."""
    for (path, opgave), line in zip(ctx.regels, ctx.totalen.regels, strict=True):
        if opgave.totaal != line.totaal:  # most lines agree: nothing to compare
            yield from ctx.compare((*path, "totaal"), opgave.code, "totaal",
                                   opgave.totaal, line.totaal, parts=3)


def totaal_programma(ctx: Context) -> Iterator[Diagnostic]:
    """A programme's stated totaal is the sum of its beleidsopgaven."""
    for p, totaal in enumerate(ctx.totalen.programmas):
        if totaal.regels:
            yield from ctx.compare(("programma", p, "totaal"), totaal.programma.code,
                                   "totaal", totaal.programma.totaal, totaal.totaal,
                                   parts=len(totaal.regels))


def totaal_lasten(ctx: Context) -> Iterator[Diagnostic]:
    """The stated totaal of [lasten] and of each sub-table is the sum of its kostensoorten."""
    for name, table in _stated_tables(ctx.begroting):
        rows = [getattr(table, soort) for soort in KOSTENSOORTEN]
        if not all(is_known(row) for row in rows):
            continue
        yield from ctx.compare((*_TABLES[name], "totaal"), name, "totaal",
                               table.totaal, sum((or_zero(r) for r in rows), ZERO), parts=4)


def lasten_som(ctx: Context) -> Iterator[Diagnostic]:
    """[lasten] is [lasten.basis] + [lasten.kassiersfunctie], kostensoort by kostensoort."""
    lasten = ctx.begroting.lasten
    if lasten is None or lasten.basis is None or lasten.kassiersfunctie is None:
        return
    for soort in (*KOSTENSOORTEN, "totaal"):
        som = engine.plus(getattr(lasten.basis, soort), getattr(lasten.kassiersfunctie, soort))
        if som is not None:
            yield from ctx.compare(("lasten", soort), "lasten", soort, getattr(lasten, soort),
                                   som, parts=2)


def programmalasten(ctx: Context) -> Iterator[Diagnostic]:
    """The programmalasten of [lasten] and [lasten.basis] are the sum of those of the lines."""
    lines = ctx.totalen.regels
    if not engine.gesplitst(lines) or ctx.begroting.lasten is None:
        return
    basis = [line for line in lines if not line.regel.kassiersfunctie]
    for name, table, chosen in (("lasten", ctx.begroting.lasten, lines),
                                ("lasten.basis", ctx.begroting.lasten.basis, basis)):
        if table is None:
            continue
        computed = sum((line.regel.programmalasten if type(line.regel.programmalasten) is Decimal
                        else line.deel("programmalasten") for line in chosen), ZERO)
        yield from ctx.compare((*_TABLES[name], "programmalasten"), name,
                               "programmalasten", table.programmalasten, computed,
                               parts=len(chosen))


def apparaatslasten(ctx: Context) -> Iterator[Diagnostic]:
    """The apparaatslasten of [lasten] are the lines' directe personeelslasten + overhead."""
    stated = engine.apparaatslasten(engine.opgegeven(ctx.begroting.lasten))
    if not engine.gesplitst(ctx.totalen.regels) or stated is None:
        return
    yield from ctx.compare(("lasten", "personeelslasten_direct"), "lasten",
                           "apparaatslasten (personeelslasten + huisvesting)", stated,
                           ctx.totalen.apparaat, parts=2 * len(ctx.regels))


def kassiersfunctie(ctx: Context) -> Iterator[Diagnostic]:
    """[lasten.kassiersfunctie] matches the kassiersfunctie lines.

    Programmalasten are the sum of those lines; each apparatus kostensoort is the [lasten]
    amount times the lines' share of all directe personeelslasten + overhead (pro rata). The
    bound of a pro-rata amount follows from the rounding of the amounts it is computed from.
    """
    lasten = ctx.begroting.lasten
    lines = [opgave for _, opgave in ctx.regels]
    if lasten is None or lasten.kassiersfunctie is None or not engine.gesplitst(
            ctx.totalen.regels):
        return
    derived = ctx.totalen.kostensoorten["kassiersfunctie"]
    kassiers = [o for o in lines if o.kassiersfunctie]
    # When the lines do not add up to the apparatus (BGR106), the pro-rata share is unreliable.
    soorten = KOSTENSOORTEN if _apparatus_agrees(ctx) else KOSTENSOORTEN[:1]
    for soort in soorten:
        computed, stated = derived[soort], getattr(lasten.kassiersfunctie, soort)
        if computed is None:
            continue
        if soort == "programmalasten":
            grens = ctx.grens(len(kassiers))
        else:
            grens = _pro_rata_grens(ctx, or_zero(getattr(lasten, soort)), computed, len(kassiers))
        yield from ctx.compare(("lasten", "kassiersfunctie", soort),
                               "lasten.kassiersfunctie", soort, stated, computed, grens=grens,
                               hint="; is a kassiersfunctie flag missing or set by mistake?")


def _apparatus_agrees(ctx: Context) -> bool:
    stated = engine.apparaatslasten(engine.opgegeven(ctx.begroting.lasten))
    grens = ctx.grens(2 * len(ctx.regels))
    return stated is None or abs(stated - ctx.totalen.apparaat) <= grens


def _pro_rata_grens(ctx: Context, whole: Decimal, share: Decimal, kassiers: int) -> Decimal:
    """Rounding bound of whole x K / A, where K and A are sums of 2 rounded amounts per line."""
    if ctx.begroting.begroting.tolerantie is not None:
        return ctx.grens(0)
    if not whole or not share:
        return ctx.grens(1)
    apparaat = ctx.totalen.apparaat
    kassiers_apparaat = share * apparaat / whole
    relative = (Decimal("0.5") / abs(whole) + Decimal(kassiers) / abs(kassiers_apparaat)
                + Decimal(len(ctx.regels)) / abs(apparaat))
    return (abs(share) * relative + Decimal("0.5")).quantize(Decimal("0.1"))


def overhead(ctx: Context) -> Iterator[Diagnostic]:
    """Each line's overhead is its directe personeelslasten times the overhead rate."""
    tarief = ctx.totalen.overhead_tarief
    if tarief is None:
        return
    grens = ctx.grens(2)
    for path, opgave in ctx.regels:
        overhead, direct = opgave.overhead, opgave.directe_personeelslasten
        if type(overhead) is not Decimal or type(direct) is not Decimal:  # 100.000 lines
            overhead = engine.eigen(overhead, ctx.periode)
            direct = engine.eigen(direct, ctx.periode)
            if not is_known(overhead) or not is_known(direct):
                continue
        expected = direct * tarief
        if abs(overhead - expected) > grens:
            shown = expected.quantize(Decimal("0.1"))
            yield ctx.at((*path, "overhead"), WARNING, opgave.code,
                         f"overhead {exact(overhead)}, expected {exact(shown)} "
                         f"({exact(direct)} directe personeelslasten x "
                         f"overhead rate {exact((tarief * 100).quantize(Decimal('0.01')))}%)",
                         expected, overhead)


def pro_memorie(ctx: Context) -> Iterator[Diagnostic]:
    """Every p.m. amount is reported, of every soort, at every level, in every period: the
    totals that include it are incomplete."""
    for path, opgave in _met_pm(ctx):
        for key in _REGEL_BEDRAGEN:
            amounts = getattr(opgave, key)
            if amounts is None or type(amounts) is Decimal:
                continue
            for where, what in _pm(path, key, amounts):
                if opgave.indicatie is None:
                    hint = "and no indicatie is given"
                else:
                    hint = f"indicatie {exact(or_zero(opgave.indicatie))}"
                yield ctx.at(where, WARNING, opgave.code,
                             f"{what} is p.m.: the totals are incomplete ({hint})")
    items: list[tuple[Path, str, Programma | Totaal]] = [
        (("programma", p), programma.code, programma)
        for p, programma in enumerate(ctx.begroting.programma)]
    if ctx.begroting.totaal is not None:
        items.insert(0, (("totaal",), "totaal", ctx.begroting.totaal))
    for path, subject, item in items:
        for key in ("totaal", *SOORTEN) if isinstance(item, Programma) else SOORTEN:
            for where, what in _pm(path, key, getattr(item, key)):
                yield ctx.at(where, WARNING, subject, f"{what} is p.m.: the totals are incomplete")
    for name, table in _stated_tables(ctx.begroting):
        for soort in (*KOSTENSOORTEN, "totaal"):
            if is_pm(getattr(table, soort)):
                yield ctx.at((*_TABLES[name], soort), WARNING, name,
                             f"{soort} is p.m.: the totals are incomplete")


_REGEL_BEDRAGEN = (*DELEN, "totaal", *SOORTEN)
"""The amounts of a regel."""


def _met_pm(ctx: Context) -> Iterator[tuple[Path, Regel]]:
    """The regels that may have a p.m. amount; not every one of 100.000 needs a look at each
    of its amounts. The overview marks a p.m. amount of a regel in its figures, unless a split
    or a stated saldo, mutatie or resultaat sets it aside."""
    if not ctx.knopen:  # format v1: only the parts and the totaal of the own period
        for (path, opgave), line in zip(ctx.regels, ctx.totalen.regels, strict=True):
            if line.pm or opgave.totaal is PM:
                yield path, opgave
        return
    for knoop in ctx.knopen:
        item = knoop.item
        if isinstance(item, Regel) and (
                knoop.cijfers.pm or knoop.cijfers.onvolledig or knoop.gesplitst
                or item.saldo is not None or item.mutatie_reserves is not None
                or item.resultaat is not None):
            yield knoop.path, item


def _pm(path: Path, key: str, amounts: Bedragen | None) -> Iterator[tuple[Path, str]]:
    """(place, name) of each p.m. amount of a key: a plain one, or one of a table by period."""
    if amounts is PM:
        yield (*path, key), key
    elif isinstance(amounts, dict) and PM in amounts.values():
        for periode, amount in amounts.items():
            if is_pm(amount):
                yield (*path, key, str(periode)), f"{key} {periode}"


def index_bekend(ctx: Context) -> Iterator[Diagnostic]:
    """A line's `index` names a rate in [indexatie]."""
    rates = ctx.begroting.indexatie
    for path, opgave in ctx.regels:
        if opgave.index is not None and opgave.index not in rates:
            known = ", ".join(sorted(rates)) or "none"
            yield ctx.at((*path, "index"), ERROR, opgave.code,
                         f"index {opgave.index!r} is not a rate in [indexatie] (rates: {known})")


def index_als_fractie(ctx: Context) -> Iterator[Diagnostic]:
    """A rate above 0.5 is almost certainly a percentage typed as a number."""
    for name, tarief in ctx.begroting.indexatie.items():
        if tarief > Decimal("0.5"):
            yield ctx.at(("indexatie", name), WARNING, f"indexatie.{name}",
                         f"rate {exact(tarief)} is {exact(tarief * 100)}%; for {exact(tarief)}% "
                         f"write {exact(tarief / 100)}")


def verklaring(ctx: Context) -> Iterator[Diagnostic]:
    """The [[verklaring]] items add up to the difference with the previous budget.

    The difference is was - wordt of the basisbegroting totals (the Verschil column).
    """
    items = ctx.begroting.verklaring
    path = ("verklaring", 0) if items else ("begroting", "vorige")
    if ctx.vorige is None:
        yield ctx.at(path, INFO, "verklaring",
                     "skipped: [begroting] names no vorige budget to compare with")
        return
    if ctx.vorige.begroting is None:
        reason = ctx.vorige.diagnostics[0].message if ctx.vorige.diagnostics else "invalid"
        yield ctx.at(("begroting", "vorige"), ERROR, "verklaring",
                     f"vorige {ctx.vorige.file} cannot be used: {reason}")
        return
    was = engine.totalen(ctx.vorige.begroting).kostensoorten["basis"]["totaal"]
    wordt = ctx.totalen.kostensoorten["basis"]["totaal"]
    if was is None or wordt is None:
        yield ctx.at(path, INFO, "verklaring",
                     "skipped: the basisbegroting total of this or the vorige budget is unknown")
        return
    verschil = was - wordt
    if not items:
        yield ctx.at(path, WARNING, "verklaring",
                     f"no [[verklaring]] explains the verschil of {exact(verschil)} "
                     f"with {ctx.vorige.file}")
        return
    explained = sum((or_zero(item.bedrag) for item in items), ZERO)
    for found in ctx.compare(path, "verklaring", "the verklaring items add up to",
                             explained, verschil, parts=len(items) + 2):
        if found.severity is ERROR:
            found = replace(found, message=f"the verklaring items add up to {exact(explained)}, "
                            f"the verschil (was - wordt) is {exact(verschil)}: "
                            f"{exact(verschil - explained)} is unexplained")
        yield found


def _knopen(ctx: Context) -> Iterator[Knoop]:
    """[totaal], then each programme with its regels, in file order."""
    return iter(ctx.knopen)


def _v2(ctx: Context, code: str) -> Iterator[Diagnostic]:
    """The findings of one of the rules BGR121-BGR126 (see Analyse)."""
    if not ctx.knopen or ctx.overzicht is None:
        return
    gedeeld = ctx.knopen[0].analyse
    assert gedeeld is not None
    if gedeeld.bevindingen is None:
        from begroting_cli.relaties import Analyse

        gedeeld.bevindingen = Analyse(ctx.knopen, ctx.begroting.begroting,
                                      ctx.overzicht).bevindingen()
    for found in gedeeld.bevindingen.pop(code, ()):  # once each: let them go
        yield ctx.at(found.path, found.severity, found.subject, found.message, found.expected,
                     found.found)


def saldo(ctx: Context) -> Iterator[Diagnostic]:
    """A stated saldo is lasten - baten, at every level and in every period."""
    yield from _v2(ctx, "BGR121")


def mutatie_reserves(ctx: Context) -> Iterator[Diagnostic]:
    """A stated mutatie_reserves is toevoeging_reserve - onttrekking_reserve."""
    yield from _v2(ctx, "BGR122")


def resultaat(ctx: Context) -> Iterator[Diagnostic]:
    """A stated resultaat is saldo + mutatie_reserves."""
    yield from _v2(ctx, "BGR123")


def som(ctx: Context) -> Iterator[Diagnostic]:
    """A programme's or the budget's stated amount is the sum of what lies below it.

    Where no regel (or programme) gives that soort for that period, the stated amount is the
    figure itself, and there is nothing to check.
    """
    yield from _v2(ctx, "BGR124")


def lasten_delen(ctx: Context) -> Iterator[Diagnostic]:
    """A regel's stated lasten is programmalasten + directe_personeelslasten + overhead; a
    period with only some of the three says so."""
    yield from _v2(ctx, "BGR125")
    for knoop in _knopen(ctx):
        if knoop.gesplitst:
            yield from _split_onvolledig(ctx, knoop)


def _split_onvolledig(ctx: Context, knoop: Knoop) -> Iterator[Diagnostic]:
    """A period for which a regel gives some of its three parts, but not all."""
    from begroting_cli.relaties import amount_path, opgegeven, per_periode

    item = knoop.item
    assert isinstance(item, Regel)
    delen = {deel: dict(per_periode(getattr(item, deel), ctx.periode)) for deel in DELEN}
    for periode in {**delen["programmalasten"], **delen["directe_personeelslasten"],
                    **delen["overhead"]}:
        given = [deel for deel in DELEN if periode in delen[deel]]
        if len(given) == len(DELEN):
            continue
        lasten = opgegeven(knoop, "lasten", periode, ctx.periode)
        names = " and ".join(given)
        if lasten is None:
            yield ctx.at(amount_path(knoop, given[0], periode), WARNING, knoop.subject,
                         f"lasten {periode} is not known: of programmalasten, "
                         f"directe_personeelslasten and overhead only {names} "
                         f"{'is' if len(given) == 1 else 'are'} given for {periode}, "
                         "and no lasten")
        else:
            yield ctx.at(amount_path(knoop, "lasten", periode), INFO, knoop.subject,
                         f"lasten {periode} is not checked against its parts: only {names} "
                         f"{'is' if len(given) == 1 else 'are'} given for {periode}")


def wijziging(ctx: Context) -> Iterator[Diagnostic]:
    """A stated begroting na wijziging is the begroting plus its wijziging, in every soort."""
    yield from _v2(ctx, "BGR126")


def taakveld(ctx: Context) -> Iterator[Diagnostic]:
    """A regel's taakveld is in the national Iv3 list of its kind of body for the budget's year."""
    meta = ctx.begroting.begroting
    regels = [(path, regel) for path, regel in ctx.regels if regel.taakveld is not None]
    if not regels:
        return
    soort = meta.soort_organisatie
    if soort is None or not taakvelden.heeft_lijst(soort):
        yield ctx.at((*regels[0][0], "taakveld"), INFO, regels[0][1].code,
                     "taakvelden not checked: [begroting] soort_organisatie is "
                     f"{soort or 'not set'}, and only gemeenten, gemeenschappelijke regelingen "
                     "and provincies have a list")
        return
    for path, regel in regels:
        code = regel.taakveld
        if code is None or taakvelden.taakveld(soort, code, meta.jaar) is not None:
            continue
        years = taakvelden.geldig_in(soort, code)
        when = "" if years is None else (
            f" (it was one from {years[0]} to {years[1]})" if years[1] is not None else
            f" (it is one from {years[0]})")
        yield ctx.at((*path, "taakveld"), WARNING, regel.code,
                     f"taakveld {code!r} is not an Iv3 taakveld of a {soort} in {meta.jaar}{when}")


def jaar(ctx: Context) -> Iterator[Diagnostic]:
    """`jaar` is a year between 1900 and 2200."""
    year = ctx.begroting.begroting.jaar
    if not 1900 <= year <= 2200:
        yield ctx.at(("begroting", "jaar"), ERROR, "begroting",
                     f"jaar {year} is not a year between 1900 and 2200")


def negatief(ctx: Context) -> Iterator[Diagnostic]:
    """A negative amount on a regel is unusual: costs, income and reserve movements are
    positive, in every period."""
    keys = _POSITIEF if ctx.knopen else DELEN  # format v1 gives a regel only its parts
    for path, opgave in ctx.regels:
        for key in keys:
            amounts = getattr(opgave, key)
            if amounts is None:
                continue
            if type(amounts) is Decimal:  # is_known(amount): 300.000 calls
                if amounts < 0:
                    yield ctx.at((*path, key), WARNING, opgave.code,
                                 f"{key} is negative ({exact(amounts)})")
            elif isinstance(amounts, dict):
                for periode, amount in amounts.items():
                    if type(amount) is Decimal and amount < 0:
                        yield ctx.at((*path, key, str(periode)), WARNING, opgave.code,
                                     f"{key} {periode} is negative ({exact(amount)})")


_POSITIEF = (*DELEN, *PRIMAIR)
"""The amounts of a regel that are positive; a negative one is a correction."""


def programma_leeg(ctx: Context) -> Iterator[Diagnostic]:
    """A programme without regels or amounts of its own, where other programmes have regels."""
    programmas = ctx.begroting.programma
    if not any(p.regels for p in programmas):
        return
    for p, programma in enumerate(programmas):
        if not programma.regels and all(getattr(programma, s) is None for s in SOORTEN):
            yield ctx.at(("programma", p), WARNING, programma.code,
                         "programma has no beleidsopgaven, while the others have")


def _stated_tables(begroting: Begroting) -> list[tuple[str, Kostensoorten]]:
    lasten = begroting.lasten
    if lasten is None:
        return []
    tables = [("lasten", lasten), ("lasten.kassiersfunctie", lasten.kassiersfunctie),
              ("lasten.basis", lasten.basis)]
    return [(name, table) for name, table in tables if table is not None]


UNUSED_WAIVER = "BGR701"

RULES: tuple[Rule, ...] = (
    Rule(ONLEESBAAR, "onleesbaar", "The file cannot be read: missing, a directory, too large."),
    Rule(ONGELDIGE_TOML, "ongeldige-toml", "The file is not valid TOML (or not UTF-8)."),
    Rule(ONBEKENDE_SLEUTEL, "onbekende-sleutel", "A key that the format does not know."),
    Rule(VERKEERD_TYPE, "verkeerd-type", "A value of the wrong type."),
    Rule(ONTBREKENDE_SLEUTEL, "ontbrekende-sleutel", "A required key is missing."),
    Rule(ONGELDIG_BEDRAG, "ongeldig-bedrag", "An amount that is not finite or out of range."),
    Rule(ONGELDIGE_EENHEID, "ongeldige-eenheid", "`eenheid` is not 1, 1000 or 1000000."),
    Rule("BGR008", "dubbele-code", "A code used twice.", unieke_code),
    Rule(ONGELDIGE_PERIODE, "ongeldige-periode", "A period that is not one, or one given twice."),
    Rule(ONGELDIGE_TABEL, "ongeldige-tabel", "A flat table that `begroting import` cannot read."),
    Rule(ONGELDIGE_CODE, "ongeldige-code", "A code with a control character in it."),
    Rule("BGR101", "totaal-beleidsopgave", "A beleidsopgave's totaal against its parts.",
         totaal_beleidsopgave),
    Rule("BGR102", "totaal-programma", "A programme's totaal against its beleidsopgaven.",
         totaal_programma),
    Rule("BGR103", "totaal-lasten", "A [lasten] table's totaal against its kostensoorten.",
         totaal_lasten),
    Rule("BGR104", "lasten-som", "[lasten] = [lasten.basis] + [lasten.kassiersfunctie].",
         lasten_som),
    Rule("BGR105", "programmalasten", "[lasten] programmalasten against the beleidsopgaven.",
         programmalasten),
    Rule("BGR106", "apparaatslasten",
         "Apparaatslasten against directe personeelslasten + overhead.", apparaatslasten),
    Rule("BGR107", "kassiersfunctie", "[lasten.kassiersfunctie] against the kassiersfunctie lines.",
         kassiersfunctie),
    Rule("BGR121", "saldo", "A stated saldo against lasten - baten.", saldo),
    Rule("BGR122", "mutatie-reserves",
         "A stated mutatie_reserves against toevoeging_reserve - onttrekking_reserve.",
         mutatie_reserves),
    Rule("BGR123", "resultaat", "A stated resultaat against saldo + mutatie_reserves.",
         resultaat),
    Rule("BGR124", "som", "A programme's or the budget's amount against what lies below it.",
         som),
    Rule("BGR125", "lasten-delen", "A regel's lasten against its programmalasten, directe "
         "personeelslasten and overhead.", lasten_delen),
    Rule("BGR126", "wijziging", "A begroting na wijziging against begroting + wijziging.",
         wijziging),
    Rule("BGR127", "taakveld", "A taakveld that is not in the Iv3 list.", taakveld),
    Rule("BGR201", "overhead", "A line's overhead against the overhead rate.", overhead),
    Rule("BGR301", "pro-memorie", "A p.m. amount: the totals are incomplete.", pro_memorie),
    Rule("BGR401", "index-onbekend", "A line's index names no [indexatie] rate.", index_bekend),
    Rule("BGR402", "index-percentage", "A rate above 0.5: a percentage typed as a number?",
         index_als_fractie),
    Rule("BGR501", "verklaring", "The verklaring items against the difference with vorige.",
         verklaring),
    Rule("BGR601", "jaar", "`jaar` outside 1900-2200.", jaar),
    Rule("BGR602", "negatief", "A negative amount on a regel, in any period.", negatief),
    Rule("BGR603", "programma-leeg", "A programme without beleidsopgaven among ones with.",
         programma_leeg),
    Rule("BGR604", "onzichtbaar-teken", "A code with a character that cannot be seen.",
         onzichtbaar_teken),
    Rule(UNUSED_WAIVER, "uitzondering-ongebruikt", "An [[uitzondering]] that matches nothing."),
    Rule(TOO_MANY, "meer-bevindingen", "More findings in one file than are reported."),
)


def check(loaded: Loaded, vorige: Loaded | None = None) -> list[Diagnostic]:
    """Every diagnostic of one file: the loader's, or every rule's with the waivers applied;
    the first MAX_DIAGNOSTICS of them, and one that counts the rest."""
    if loaded.begroting is None or loaded.sources is None:
        return sorted(loaded.diagnostics, key=Diagnostic.sort_key)
    begroting = loaded.begroting
    regels = tuple(_regels(begroting))
    view = overzicht(begroting) if spreekt_v2(begroting) else None
    knopen: tuple[Knoop, ...] = ()
    if view is not None:
        from begroting_cli.relaties import maak_knopen

        knopen = maak_knopen(view, begroting, regels)
    context = Context(loaded.file, loaded.sources, engine.totalen(begroting), regels,
                      Periode.eigen(begroting.begroting.jaar), vorige, view, knopen,
                      Precisie(begroting), tally=_Tally())
    waivers: dict[tuple[str, str], Uitzondering] = {}
    for waiver in begroting.uitzondering:
        waivers.setdefault((waiver.regel, waiver.onderwerp), waiver)
    used: set[tuple[str, str]] = set()
    shown: list[Diagnostic] = []
    hidden: dict[Severity, int] = {}

    def add(item: Diagnostic) -> None:
        if len(shown) < MAX_DIAGNOSTICS:
            shown.append(item)
        else:
            hidden[item.severity] = hidden.get(item.severity, 0) + 1

    for rule in RULES:
        for item in rule.check(replace(context, code=rule.code)) if rule.check else ():
            waived = waivers.get((item.code, item.subject))
            if waived is not None:  # a justified deviation: info that shows its reason
                used.add((item.code, item.subject))
                item = replace(item, severity=INFO, message=f"{item.message} "
                               f"(uitzondering: {waived.reden})")
            add(item)
    for item in _unused_waivers(replace(context, code=UNUSED_WAIVER), used):
        add(item)
    shown.sort(key=Diagnostic.sort_key)
    return shown + [too_many(loaded.file, hidden)] if hidden else shown


def _unused_waivers(ctx: Context, used: set[tuple[str, str]]) -> Iterator[Diagnostic]:
    """An [[uitzondering]] that waives no finding is itself a finding."""
    codes = {rule.code for rule in RULES}
    for index, waiver in enumerate(ctx.begroting.uitzondering):
        if (waiver.regel, waiver.onderwerp) not in used:
            what = "matches no finding" if waiver.regel in codes else (
                f"names no rule ({waiver.regel!r})")
            yield ctx.at(("uitzondering", index), WARNING, waiver.onderwerp,
                         f"uitzondering {what}")
