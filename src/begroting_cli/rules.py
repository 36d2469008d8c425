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
from begroting_cli.notation import bedrag, exact
from begroting_cli.overzicht import (
    PRIMAIR,
    Overzicht,
    overzicht,
    spreekt_v2,
)
from begroting_cli.sourcemap import Path, SourceMap
from begroting_cli.tekst import N_, _, ngettext

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

    def at(self, path: Path, severity: Severity, subject: str,
           message: str | Callable[[], str], expected: Decimal | None = None,
           found: Decimal | None = None) -> Diagnostic:
        """A finding of this rule at the place of path in the file; a message given as a
        function is made only for a finding that is shown."""
        if self.tally is not None:
            self.tally.made += 1
            if self.tally.made > MAX_DIAGNOSTICS:  # only counted: no need for its line or text
                return Diagnostic(self.file, 1, None, severity, self.code, subject,
                                  message if isinstance(message, str) else "")
        line, column = self.sources.position(path)
        return Diagnostic(self.file, line, column, severity, self.code, subject,
                          message if isinstance(message, str) else message(), expected, found)

    def compare(self, path: Path, subject: str, what: str, stated: Decimal | Pm | None,
                computed: Decimal, parts: int = 0, grens: Decimal | None = None,
                fout: str = "") -> Iterator[Diagnostic]:
        """A stated amount against the computed one: info within rounding, error beyond it.

        The bound is that of `parts` rounded parts unless given; fout is the text of an error
        in place of the usual one, with the same placeholders.
        """
        if not is_known(stated) or stated == computed:
            return
        difference = stated - computed
        if grens is None:
            grens = self.grens(parts)
        within = abs(difference) <= grens
        bound = grens

        def message() -> str:
            if within:
                text = _("{wat} {opgegeven}, berekend {berekend}: afrondingsverschil {verschil} "
                         "(grens {grens})")
            else:
                text = fout or _("{wat} {opgegeven}, maar berekend {berekend}: wijkt {verschil} "
                                 "af, meer dan afronding (grens {grens})")
            return text.format(wat=what, opgegeven=_bedrag(stated), berekend=_bedrag(computed),
                               verschil=_bedrag(difference), grens=_bedrag(bound))

        yield self.at(path, INFO if within else ERROR, subject, message, computed, stated)


def _bedrag(amount: Decimal) -> str:
    """An amount in a message: Dutch, with every decimal it has (1.970,71; -0,4)."""
    return bedrag(amount, None)


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
                yield ctx.at((*path, "code"), ERROR, code,
                             _dubbel(kind, written != code).format(
                                 code=repr(code), eerder=repr(written), nummer=first))
            else:
                seen[key] = path, code


def _dubbel(kind: str, alike: bool) -> str:
    """The text of a code used twice: of a programma or a beleidsopgave, written the same or
    only looking the same."""
    if kind == "programma":
        return _("programmacode {code} staat al op regel {nummer} als {eerder}, die er "
                 "hetzelfde uitziet") if alike else _(
            "programmacode {code} staat al op regel {nummer}")
    return _("beleidsopgavecode {code} staat al op regel {nummer} als {eerder}, die er "
             "hetzelfde uitziet") if alike else _(
        "beleidsopgavecode {code} staat al op regel {nummer}")


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
                         _("{sleutel} {code} bevat een teken dat niet te zien is: een lezer "
                           "ziet geen verschil met de code zonder dat teken").format(
                             sleutel=key, code=repr(code)))


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
                               fout=_("{wat} {opgegeven}, maar berekend {berekend}: wijkt "
                                      "{verschil} af, meer dan afronding (grens {grens}); "
                                      "ontbreekt kassiersfunctie = true bij een regel, of staat "
                                      "het er ten onrechte?"))


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
            rate = (tarief * 100).quantize(Decimal("0.01"))
            yield ctx.at((*path, "overhead"), WARNING, opgave.code,
                         _("overhead {overhead}, verwacht {verwacht} ({direct} directe "
                           "personeelslasten x overheadtarief {tarief})").format(
                             overhead=_bedrag(overhead), verwacht=_bedrag(shown),
                             direct=_bedrag(direct), tarief=f"{_bedrag(rate)}%"),
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
                    message = _("{wat} is p.m.: de totalen zijn onvolledig (en er is geen "
                                "indicatie opgegeven)").format(wat=what)
                else:
                    message = _("{wat} is p.m.: de totalen zijn onvolledig (indicatie "
                                "{indicatie})").format(
                        wat=what, indicatie=_bedrag(or_zero(opgave.indicatie)))
                yield ctx.at(where, WARNING, opgave.code, message)
    items: list[tuple[Path, str, Programma | Totaal]] = [
        (("programma", p), programma.code, programma)
        for p, programma in enumerate(ctx.begroting.programma)]
    if ctx.begroting.totaal is not None:
        items.insert(0, (("totaal",), "totaal", ctx.begroting.totaal))
    for path, subject, item in items:
        for key in ("totaal", *SOORTEN) if isinstance(item, Programma) else SOORTEN:
            for where, what in _pm(path, key, getattr(item, key)):
                yield ctx.at(where, WARNING, subject,
                             _("{wat} is p.m.: de totalen zijn onvolledig").format(wat=what))
    for name, table in _stated_tables(ctx.begroting):
        for soort in (*KOSTENSOORTEN, "totaal"):
            if is_pm(getattr(table, soort)):
                yield ctx.at((*_TABLES[name], soort), WARNING, name,
                             _("{wat} is p.m.: de totalen zijn onvolledig").format(wat=soort))


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
            message = _("index {index} is geen tarief in [indexatie] (tarieven: {tarieven})") if (
                rates) else _("index {index} is geen tarief in [indexatie], dat geen tarieven "
                              "heeft")
            yield ctx.at((*path, "index"), ERROR, opgave.code, message.format(
                index=repr(opgave.index), tarieven=", ".join(sorted(rates))))


def index_als_fractie(ctx: Context) -> Iterator[Diagnostic]:
    """A rate above 0.5 is almost certainly a percentage typed as a number."""
    for name, tarief in ctx.begroting.indexatie.items():
        if tarief > Decimal("0.5"):
            yield ctx.at(("indexatie", name), WARNING, f"indexatie.{name}",
                         _("tarief {tarief} is {procent}; voor {bedoeld} schrijft u "
                           "{schrijf}").format(
                             tarief=_bedrag(tarief), procent=f"{_bedrag(tarief * 100)}%",
                             bedoeld=f"{_bedrag(tarief)}%", schrijf=exact(tarief / 100)))


def verklaring(ctx: Context) -> Iterator[Diagnostic]:
    """The [[verklaring]] items add up to the difference with the previous budget.

    The difference is was - wordt of the basisbegroting totals (the Verschil column).
    """
    items = ctx.begroting.verklaring
    path = ("verklaring", 0) if items else ("begroting", "vorige")
    if ctx.vorige is None:
        yield ctx.at(path, INFO, "verklaring",
                     _("overgeslagen: [begroting] noemt geen vorige begroting om mee te "
                       "vergelijken"))
        return
    if ctx.vorige.begroting is None:
        reason = ctx.vorige.diagnostics[0].message if ctx.vorige.diagnostics else _(
            "ongeldig")
        yield ctx.at(("begroting", "vorige"), ERROR, "verklaring",
                     _("vorige {bestand} is niet te gebruiken: {reden}").format(
                         bestand=ctx.vorige.file, reden=reason))
        return
    was = engine.totalen(ctx.vorige.begroting).kostensoorten["basis"]["totaal"]
    wordt = ctx.totalen.kostensoorten["basis"]["totaal"]
    if was is None or wordt is None:
        yield ctx.at(path, INFO, "verklaring",
                     _("overgeslagen: het totaal van de basisbegroting van deze of de vorige "
                       "begroting is onbekend"))
        return
    verschil = was - wordt
    if not items:
        yield ctx.at(path, WARNING, "verklaring",
                     _("geen [[verklaring]] verklaart het verschil van {verschil} met "
                       "{bestand}").format(verschil=_bedrag(verschil), bestand=ctx.vorige.file))
        return
    explained = sum((or_zero(item.bedrag) for item in items), ZERO)
    if explained == verschil:
        return
    grens = ctx.grens(len(items) + 2)
    values = {"verklaard": _bedrag(explained), "verschil": _bedrag(verschil),
              "afrondingsverschil": _bedrag(explained - verschil),
              "onverklaard": _bedrag(verschil - explained), "grens": _bedrag(grens)}
    if abs(explained - verschil) <= grens:
        yield ctx.at(path, INFO, "verklaring", _(
            "de verklaringen tellen op tot {verklaard}, het verschil (was - wordt) is "
            "{verschil}: afrondingsverschil {afrondingsverschil} (grens {grens})").format(
                **values), verschil, explained)
    else:
        yield ctx.at(path, ERROR, "verklaring", _(
            "de verklaringen tellen op tot {verklaard}, het verschil (was - wordt) is "
            "{verschil}: {onverklaard} is onverklaard").format(**values), verschil, explained)


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
        yield ctx.at(found.path, found.severity, found.subject, found.tekst, found.expected,
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
        names = given[0] if len(given) == 1 else _("{deel} en {ander}").format(
            deel=given[0], ander=given[1])
        if lasten is None:
            yield ctx.at(amount_path(knoop, given[0], periode), WARNING, knoop.subject,
                         ngettext("lasten {periode} is onbekend: van programmalasten, "
                                  "directe_personeelslasten en overhead is voor {periode} "
                                  "alleen {delen} opgegeven, en geen lasten",
                                  "lasten {periode} is onbekend: van programmalasten, "
                                  "directe_personeelslasten en overhead zijn voor {periode} "
                                  "alleen {delen} opgegeven, en geen lasten",
                                  len(given)).format(periode=periode, delen=names))
        else:
            yield ctx.at(amount_path(knoop, "lasten", periode), INFO, knoop.subject,
                         ngettext("lasten {periode} is niet gecontroleerd: van programmalasten, "
                                  "directe_personeelslasten en overhead is voor {periode} "
                                  "alleen {delen} opgegeven",
                                  "lasten {periode} is niet gecontroleerd: van programmalasten, "
                                  "directe_personeelslasten en overhead zijn voor {periode} "
                                  "alleen {delen} opgegeven",
                                  len(given)).format(periode=periode, delen=names))


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
        message = _("taakvelden niet gecontroleerd: [begroting] soort_organisatie ontbreekt, "
                    "en alleen gemeenten, gemeenschappelijke regelingen en provincies hebben "
                    "een lijst") if soort is None else _(
            "taakvelden niet gecontroleerd: [begroting] soort_organisatie is {soort}, en alleen "
            "gemeenten, gemeenschappelijke regelingen en provincies hebben een lijst")
        yield ctx.at((*regels[0][0], "taakveld"), INFO, regels[0][1].code,
                     message.format(soort=soort))
        return
    for path, regel in regels:
        code = regel.taakveld
        if code is None or taakvelden.taakveld(soort, code, meta.jaar) is not None:
            continue
        years = taakvelden.geldig_in(soort, code)
        if years is None:
            message = _("taakveld {code} is geen Iv3-taakveld van een {soort} in {jaar}")
        elif years[1] is None:
            message = _("taakveld {code} is geen Iv3-taakveld van een {soort} in {jaar} (het is "
                        "er een vanaf {van})")
        else:
            message = _("taakveld {code} is geen Iv3-taakveld van een {soort} in {jaar} (het "
                        "was er een van {van} tot en met {tot})")
        van, tot = years if years is not None else (None, None)
        yield ctx.at((*path, "taakveld"), WARNING, regel.code, message.format(
            code=repr(code), soort=soort, jaar=meta.jaar, van=van, tot=tot))


def jaar(ctx: Context) -> Iterator[Diagnostic]:
    """`jaar` is a year between 1900 and 2200."""
    year = ctx.begroting.begroting.jaar
    if not 1900 <= year <= 2200:
        yield ctx.at(("begroting", "jaar"), ERROR, "begroting",
                     _("jaar {jaar} ligt niet tussen 1900 en 2200").format(jaar=year))


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
                                 _("{sleutel} is negatief ({bedrag})").format(
                                     sleutel=key, bedrag=_bedrag(amounts)))
            elif isinstance(amounts, dict):
                for periode, amount in amounts.items():
                    if type(amount) is Decimal and amount < 0:
                        yield ctx.at((*path, key, str(periode)), WARNING, opgave.code,
                                     _("{sleutel} {periode} is negatief ({bedrag})").format(
                                         sleutel=key, periode=periode, bedrag=_bedrag(amount)))


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
                         _("programma heeft geen beleidsopgaven, de andere programma's wel"))


def _stated_tables(begroting: Begroting) -> list[tuple[str, Kostensoorten]]:
    lasten = begroting.lasten
    if lasten is None:
        return []
    tables = [("lasten", lasten), ("lasten.kassiersfunctie", lasten.kassiersfunctie),
              ("lasten.basis", lasten.basis)]
    return [(name, table) for name, table in tables if table is not None]


UNUSED_WAIVER = "BGR701"

RULES: tuple[Rule, ...] = (
    Rule(ONLEESBAAR, "onleesbaar",
         N_("Het bestand is niet te lezen: het ontbreekt, is een map of is te groot.")),
    Rule(ONGELDIGE_TOML, "ongeldige-toml",
         N_("Het bestand is geen geldige TOML (of geen UTF-8).")),
    Rule(ONBEKENDE_SLEUTEL, "onbekende-sleutel", N_("Een sleutel die het formaat niet kent.")),
    Rule(VERKEERD_TYPE, "verkeerd-type", N_("Een waarde van het verkeerde type.")),
    Rule(ONTBREKENDE_SLEUTEL, "ontbrekende-sleutel", N_("Een verplichte sleutel ontbreekt.")),
    Rule(ONGELDIG_BEDRAG, "ongeldig-bedrag",
         N_("Een bedrag dat niet eindig is of buiten het bereik valt.")),
    Rule(ONGELDIGE_EENHEID, "ongeldige-eenheid", N_("`eenheid` is niet 1, 1000 of 1000000.")),
    Rule("BGR008", "dubbele-code", N_("Een code die twee keer voorkomt."), unieke_code),
    Rule(ONGELDIGE_PERIODE, "ongeldige-periode",
         N_("Een periode die er geen is, of een die twee keer is opgegeven.")),
    Rule(ONGELDIGE_TABEL, "ongeldige-tabel",
         N_("Een platte tabel die `begroting import` niet kan lezen.")),
    Rule(ONGELDIGE_CODE, "ongeldige-code", N_("Een code met een stuurteken erin.")),
    Rule("BGR101", "totaal-beleidsopgave",
         N_("Het totaal van een beleidsopgave, getoetst aan de delen."), totaal_beleidsopgave),
    Rule("BGR102", "totaal-programma",
         N_("Het totaal van een programma, getoetst aan de beleidsopgaven."), totaal_programma),
    Rule("BGR103", "totaal-lasten",
         N_("Het totaal van een [lasten]-tabel, getoetst aan de kostensoorten."), totaal_lasten),
    Rule("BGR104", "lasten-som", N_("[lasten] = [lasten.basis] + [lasten.kassiersfunctie]."),
         lasten_som),
    Rule("BGR105", "programmalasten",
         N_("De programmalasten van [lasten], getoetst aan de beleidsopgaven."), programmalasten),
    Rule("BGR106", "apparaatslasten",
         N_("Apparaatslasten, getoetst aan directe personeelslasten + overhead."), apparaatslasten),
    Rule("BGR107", "kassiersfunctie",
         N_("[lasten.kassiersfunctie], getoetst aan de regels met kassiersfunctie."),
         kassiersfunctie),
    Rule("BGR121", "saldo", N_("Een opgegeven saldo, getoetst aan lasten - baten."), saldo),
    Rule("BGR122", "mutatie-reserves",
         N_("Een opgegeven mutatie_reserves, getoetst aan toevoeging_reserve - "
            "onttrekking_reserve."), mutatie_reserves),
    Rule("BGR123", "resultaat",
         N_("Een opgegeven resultaat, getoetst aan saldo + mutatie_reserves."), resultaat),
    Rule("BGR124", "som",
         N_("Een bedrag van een programma of de hele begroting, getoetst aan wat eronder staat."),
         som),
    Rule("BGR125", "lasten-delen",
         N_("De lasten van een regel, getoetst aan programmalasten, directe personeelslasten en "
            "overhead."), lasten_delen),
    Rule("BGR126", "wijziging",
         N_("Een begroting na wijziging, getoetst aan begroting + wijziging."), wijziging),
    Rule("BGR127", "taakveld", N_("Een taakveld dat niet in de Iv3-lijst staat."), taakveld),
    Rule("BGR201", "overhead",
         N_("De overhead van een regel, getoetst aan het overheadtarief."), overhead),
    Rule("BGR301", "pro-memorie", N_("Een bedrag p.m.: de totalen zijn onvolledig."),
         pro_memorie),
    Rule("BGR401", "index-onbekend",
         N_("De index van een regel noemt geen tarief in [indexatie]."), index_bekend),
    Rule("BGR402", "index-percentage",
         N_("Een tarief boven 0,5: een percentage als getal geschreven?"), index_als_fractie),
    Rule("BGR501", "verklaring", N_("De verklaringen, getoetst aan het verschil met vorige."),
         verklaring),
    Rule("BGR601", "jaar", N_("`jaar` buiten 1900-2200."), jaar),
    Rule("BGR602", "negatief", N_("Een negatief bedrag op een regel, in welke periode ook."),
         negatief),
    Rule("BGR603", "programma-leeg",
         N_("Een programma zonder beleidsopgaven, waar de andere die wel hebben."),
         programma_leeg),
    Rule("BGR604", "onzichtbaar-teken", N_("Een code met een teken dat niet te zien is."),
         onzichtbaar_teken),
    Rule(UNUSED_WAIVER, "uitzondering-ongebruikt",
         N_("Een [[uitzondering]] die met geen enkele bevinding overeenkomt.")),
    Rule(TOO_MANY, "meer-bevindingen",
         N_("Meer bevindingen in één bestand dan er getoond worden.")),
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
                item = replace(item, severity=INFO, message=_(
                    "{melding} (uitzondering: {reden})").format(melding=item.message,
                                                                reden=waived.reden))
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
            message = _("uitzondering komt met geen enkele bevinding overeen") if (
                waiver.regel in codes) else _("uitzondering noemt een controle die niet "
                                              "bestaat ({regel})")
            yield ctx.at(("uitzondering", index), WARNING, waiver.onderwerp,
                         message.format(regel=repr(waiver.regel)))
