"""Validation rules: each a small function from a Context to diagnostics, all listed in RULES.

Every rule is documented in docs/rules.md (a test checks it); its docstring says what it checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from operator import attrgetter
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
        if self.tally is not None:
            self.tally.plaats[line, column, self.code, subject] = _plaats(path)
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
    plaats: dict[tuple[int, int | None, str, str], tuple[int, int, int]] = field(
        default_factory=dict)
    """Where each finding shown stands in the order of check(), by its place, rule and subject
    (what an uitzondering leaves as it was): see _plaats."""


def _plaats(path: Path) -> tuple[int, int, int]:
    """Where a finding about path comes among those of its file: cause before effect.

    First what the rest is read with ([begroting], [indexatie]); then each programme in file
    order, its regels before the programme itself (whose totals they make); then the tables of
    the whole budget ([totaal], [lasten] and its parts), made of the programmes and regels;
    then [[verklaring]], which explains the difference of those totals with the vorige budget;
    last [[uitzondering]], which is about the findings themselves. Within each, by line.
    """
    if len(path) > 1 and path[0] == "programma" and isinstance(path[1], int):
        regel = len(path) > 3 and path[2] in ("beleidsopgave", "regel")
        return 1, path[1], 0 if regel else 1
    return _DEEL.get(str(path[0]), 0) if path else 0, 0, 0


_DEEL = {"totaal": 2, "lasten": 2, "verklaring": 3, "uitzondering": 4}
"""The part of the order of _plaats of a finding about each table not within a programme."""


Check = Callable[[Context], Iterable[Diagnostic]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's stable code, its name, and the check (None for findings of the loader).

    Its texts explain it, each marked with N_() and shown with _(): `summary` in one line,
    `wat` what it checks, `waarom` why that matters, and `voorbeeld` one finding as `validate`
    prints it: the **Example:** of the rule in docs/rules.md (a test checks it).
    """

    code: str
    name: str
    summary: str
    check: Check | None = None
    wat: str = field(kw_only=True)
    waarom: str = field(kw_only=True)
    voorbeeld: str = field(kw_only=True)


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


def duizendtallen(ctx: Context) -> Iterator[Diagnostic]:
    """An amount written as a Dutch thousands separator writes it (1.234, 250.000), which TOML
    reads as a decimal point (1,234), in a file that shows no sign of meaning three decimals."""
    precisie = ctx.precisie if isinstance(ctx.precisie, _Precisie) else _Precisie(
        ctx.begroting, ctx.regels)
    for found in precisie.duizendtallen:
        meant = found.bedrag.scaleb(3)
        yield ctx.at(found.path, WARNING, found.subject,
                     _("{wat} {geschreven} is in TOML {waarde}: de punt scheidt daar decimalen, "
                       "geen duizendtallen; bedoelt u {bedoeld}?").format(
                         wat=found.wat, geschreven=found.bedrag, waarde=_bedrag(found.bedrag),
                         bedoeld=meant), meant, found.bedrag)


@dataclass(frozen=True, slots=True)
class _Geschreven:
    """An amount written like 1.234: where it is, whose it is, and its name ("lasten
    begroting 2024")."""

    path: Path
    subject: str
    wat: str
    bedrag: Decimal


@dataclass(slots=True)
class _Schrijfwijze:
    """How the amounts of a file are written, as BGR605 needs to know it."""

    lijkend: list[_Geschreven] = field(default_factory=list)
    """The amounts written like a thousands separator: 1 to 3 digits, a point, 3 decimals."""
    aantal: int = 0
    """How many known amounts the file has, those included."""
    drie: bool = False
    """Whether another amount is written with three decimals or more (0.125, 1234.567)."""
    decimalen: int = 0
    """The most decimals of the other amounts, as engine.decimalen counts them."""
    decimalen_lijkend: int = 0
    """The most decimals of those written like 1.234, counted likewise (1.250 has two)."""

    def bekijk(self, path: Path, subject: str, key: str, value: Bedragen | None) -> None:
        """Count an amount, or each of a table by period; look closer at one with decimals."""
        if type(value) is Decimal:
            self.aantal += 1
            if not value.same_quantum(_EEN):  # most amounts are written as TOML integers
                self.bedrag(path, subject, key, None, value)
        elif isinstance(value, dict):
            for periode, amount in value.items():
                if type(amount) is Decimal:
                    self.aantal += 1
                    if not amount.same_quantum(_EEN):
                        self.bedrag(path, subject, key, periode, amount)

    def bedrag(self, path: Path, subject: str, key: str, periode: Periode | None,
               amount: Decimal) -> None:
        """An amount written with a point."""
        exponent = amount.as_tuple().exponent
        assert isinstance(exponent, int)  # a finite amount (model.Bedrag)
        decimalen = 0
        if amount != amount.to_integral_value():
            decimalen = -int(amount.normalize().as_tuple().exponent)
        if exponent == -3 and 1 <= abs(amount) < 1000:
            self.lijkend.append(_Geschreven(
                (*path, key) if periode is None else (*path, key, str(periode)), subject,
                key if periode is None else f"{key} {periode}", amount))
            self.decimalen_lijkend = max(self.decimalen_lijkend, decimalen)
        else:
            self.drie |= exponent <= -3
            self.decimalen = max(self.decimalen, decimalen)


_EEN = Decimal(1)
_REGEL_DELEN = (*DELEN, "totaal", "indicatie")


def _schrijfwijze(begroting: Begroting,
                  regels: tuple[tuple[Path, Regel], ...]) -> _Schrijfwijze:
    """How every known amount of the budget is written (those of engine.decimalen)."""
    found = _Schrijfwijze()
    bekijk = found.bekijk
    if begroting.totaal is not None:
        for soort in SOORTEN:
            bekijk(("totaal",), "totaal", soort, getattr(begroting.totaal, soort))
    for name, table in _stated_tables(begroting):
        for soort in (*KOSTENSOORTEN, "totaal"):
            bekijk(_TABLES[name], name, soort, getattr(table, soort))
    for index, item in enumerate(begroting.verklaring):
        bekijk(("verklaring", index), "verklaring", "bedrag", item.bedrag)
    for p, programma in enumerate(begroting.programma):
        for key in ("totaal", *SOORTEN):
            bekijk(("programma", p), programma.code, key, getattr(programma, key))
    delen, whole, counted = attrgetter(*_REGEL_DELEN), _EEN.same_quantum, 0
    for path, regel in regels:  # 100.000 of them: whole amounts are counted and no more
        n = 0
        for value in delen(regel):
            if type(value) is Decimal and whole(value):
                n += 1
            elif value is not None:  # p.m., a table by period, or decimals: a closer look
                for key in _REGEL_DELEN:
                    bekijk(path, regel.code, key, getattr(regel, key))
                break
        else:
            counted += n
        if regel.lasten is not None or regel.baten is not None or regel.saldo is not None or (
                regel.toevoeging_reserve is not None or regel.onttrekking_reserve is not None
                or regel.mutatie_reserves is not None or regel.resultaat is not None):
            for key in SOORTEN:
                bekijk(path, regel.code, key, getattr(regel, key))
    found.aantal += counted
    return found


class _Precisie(Precisie):
    """engine.Precisie, and the amounts that BGR605 takes for thousands written the Dutch way;
    those do not count for the decimals: `1.650` meant as 1650 does not make a budget of
    whole units one that prints three decimals, with bounds a thousand times as small."""

    def __init__(self, begroting: Begroting, regels: tuple[tuple[Path, Regel], ...]) -> None:
        super().__init__(begroting)
        self._regels = regels

    @cached_property
    def duizendtallen(self) -> list[_Geschreven]:
        """The amounts written like 1.234 unless the file means three decimals: it says so in
        `decimalen`, or, without it, another amount has three decimals or more, or at least
        half of its amounts are written so (a budget in millions to three decimals)."""
        found = self._schrijfwijze
        stated = self._begroting.begroting.decimalen
        if stated is not None:
            return found.lijkend if stated < 3 else []
        if found.drie or 2 * len(found.lijkend) >= found.aantal:
            return []
        return found.lijkend

    @cached_property
    def decimalen(self) -> int:
        """`decimalen`, or the most decimals of an amount (engine.decimalen), not counting
        those of the amounts of BGR605."""
        stated = self._begroting.begroting.decimalen
        if stated is not None:
            return stated
        found = self._schrijfwijze
        if self.duizendtallen:
            return found.decimalen
        return max(found.decimalen, found.decimalen_lijkend)

    @cached_property
    def _schrijfwijze(self) -> _Schrijfwijze:
        return _schrijfwijze(self._begroting, self._regels)


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
         N_("Het bestand is niet te lezen: het ontbreekt, is een map of is te groot."),
         wat=N_("Meldt een bestand dat niet te lezen is: het ontbreekt, is een map, een apparaat, "
                "een pipe of een koppeling daarnaar (alleen gewone bestanden worden gelezen), het "
                "is niet leesbaar, of het is groter dan het maximum (--max-size, standaard 16 MiB; "
                "zo'n bestand wordt geweigerd voordat het gelezen wordt)."),
         waarom=N_("Verder is er niets te controleren. Exitcode 2."),
         voorbeeld=N_("budgets/x.toml:1: fout BGR001 file: bestand bestaat niet")),
    Rule(ONGELDIGE_TOML, "ongeldige-toml",
         N_("Het bestand is geen geldige TOML (of geen UTF-8)."),
         wat=N_("Meldt een bestand dat geen UTF-8-tekst of geen geldige TOML is, op de regel en "
                "kolom waar het lezen vastloopt (een fout aan het einde van het bestand staat op "
                "de laatste regel)."),
         waarom=N_("Verder is er niets te controleren. Exitcode 2."),
         voorbeeld=N_("x.toml:6:8: fout BGR002 file: ongeldige TOML: ongeldige waarde")),
    Rule(ONBEKENDE_SLEUTEL, "onbekende-sleutel",
         N_("Een sleutel die het formaat niet kent."),
         wat=N_("Meldt een sleutel die het formaat niet kent, en noemt de sleutel die "
                "waarschijnlijk bedoeld is."),
         waarom=N_("Een tikfout als `programmalsten` mag nooit stilzwijgend 0 worden."),
         voorbeeld=N_("x.toml:14:1: fout BGR003 1.1: onbekende sleutel 'programmalsten'; bedoelt u "
                      "'programmalasten'?")),
    Rule(VERKEERD_TYPE, "verkeerd-type",
         N_("Een waarde van het verkeerde type."),
         wat=N_("Meldt een waarde van het verkeerde type: tekst waar een getal hoort, een getal "
                "als tekst, een tabel waar een lijst hoort. Ook een `jaar` buiten 1000-9999 "
                "(perioden worden met vier cijfers geschreven) en `decimalen` buiten 0-6."),
         waarom=N_("`jaar = \"2021\"` of `overhead = \"231\"` is een tikfout, en daar wordt niet "
                   "naar geraden."),
         voorbeeld=N_("x.toml:4:1: fout BGR004 begroting: 'jaar' moet een geheel getal zijn, niet "
                      "'2021'")),
    Rule(ONTBREKENDE_SLEUTEL, "ontbrekende-sleutel",
         N_("Een verplichte sleutel ontbreekt."),
         wat=N_("Meldt een verplichte sleutel die ontbreekt, bij de tabel waarin hij ontbreekt."),
         waarom=N_("Een beleidsopgave zonder `overhead` is geen beleidsopgave met overhead 0."),
         voorbeeld=N_("x.toml:11:1: fout BGR005 1.1: verplichte sleutel 'overhead' ontbreekt")),
    Rule(ONGELDIG_BEDRAG, "ongeldig-bedrag",
         N_("Een bedrag dat niet eindig is of buiten het bereik valt."),
         wat=N_("Meldt `nan`, `inf`, bedragen van 10¹⁵ of meer en bedragen met meer dan zes "
                "decimalen (een miljoenste van de eenheid); een tarief (`[indexatie]`) mag er tien "
                "hebben, `tolerantie` zes."),
         waarom=N_("TOML staat ze toe, maar geen begroting bevat ze: het zijn tikfouten of "
                   "mislukte exports. En een bedrag als `1e-999990` zou als een miljoen cijfers "
                   "worden afgedrukt: met deze beperkingen is elke uitvoer zo lang als het bestand "
                   "(docs/security.md)."),
         voorbeeld=N_("x.toml:16:1: fout BGR006 1.1: 'overhead': een bedrag moet een eindig getal "
                      "zijn")),
    Rule(ONGELDIGE_EENHEID, "ongeldige-eenheid",
         N_("`eenheid` is niet 1, 1000 of 1000000."),
         wat=N_("Meldt een `eenheid` die niet 1, 1000 of 1000000 is."),
         waarom=N_("Elk bedrag in het bestand wordt in deze eenheid gelezen."),
         voorbeeld=N_("x.toml:5:1: fout BGR007 begroting: eenheid moet 1, 1000 of 1000000 zijn, "
                      "niet 100")),
    Rule("BGR008", "dubbele-code",
         N_("Een code die twee keer voorkomt."), unieke_code,
         wat=N_("Meldt een programma- of beleidsopgavecode die een tweede keer voorkomt, zoals een "
                "lezer hem ziet: `\"1.1\"` en `\"1.1\"` met een spatie zonder breedte of een harde "
                "spatie erachter zijn één code."),
         waarom=N_("Een code wijst een regel aan, ook in andere bestanden (`begroting diff` "
                   "koppelt regels op hun code), en twee codes die er hetzelfde uitzien, mogen "
                   "niet als twee tellen."),
         voorbeeld=N_("x.toml:70:1: fout BGR008 1.1: beleidsopgavecode '1.1' staat al op regel "
                      "58")),
    Rule(ONGELDIGE_PERIODE, "ongeldige-periode",
         N_("Een periode die er geen is, of een die twee keer is opgegeven."),
         wat=N_("Meldt een sleutel van een tabel van bedragen per periode die geen periode is, of "
                "een periode die twee keer is opgegeven; bij een periode in een andere "
                "schrijfwijze staat hoe die geschreven wordt."),
         waarom=N_("`\"begrotng 2024\"` mag geen eigen kolom worden."),
         voorbeeld=N_("x.toml:11:1: fout BGR009 1: 'baten': 'Begroting 2024' is geen periode: "
                      "schrijf 'begroting 2024'")),
    Rule(ONGELDIGE_TABEL, "ongeldige-tabel",
         N_("Een platte tabel die `begroting import` niet kan lezen."),
         wat=N_("Meldt wat `begroting import` in een platte tabel niet kan lezen: een kolom die "
                "ontbreekt of onbekend is, een rij die geen CSV is, een te korte rij, een soort of "
                "periode die er geen is, een bedrag dat in de notatie van de tabel geen getal is "
                "(docs/import.md), een rij voor de hele begroting die een regel noemt, twee namen "
                "voor één programma, een regelcode in twee programma's, een bedrag dat twee keer "
                "is opgegeven, een begrotingsjaar dat niet duidelijk is. Elke foute rij wordt "
                "gemeld, en er wordt niets geschreven. Een waarschuwing, en de begroting wordt wel "
                "geschreven, als alle baten en onttrekkingen negatief uitkomen (`--baten` staat "
                "dan waarschijnlijk verkeerd om) of als `--jaar` een jaar noemt waarvoor de tabel "
                "geen `begroting` heeft."),
         waarom=N_("Een half ingelezen begroting is erger dan geen, en een fout bedrag zonder "
                   "melding is erger dan allebei."),
         voorbeeld=N_("begroting.csv:7: fout BGR010 1A: bedrag '12.3' is geen bedrag (een getal "
                      "met een decimale komma, of \"p.m.\"): het scheidingsteken van de tabel is "
                      "';', dus een '.' staat alleen tussen duizendtallen (1.234.567,8); schrijf "
                      "12,3")),
    Rule(ONGELDIGE_CODE, "ongeldige-code",
         N_("Een code met een stuurteken erin."),
         wat=N_("Meldt een code (van een programma of regel, een taakveld, een afkorting) met een "
                "stuurteken erin: een regeleinde, een tab, een escape."),
         waarom=N_("Een code is tekst op één regel; een stuurteken erin kan de regels van een "
                   "rapport breken of de terminal besturen die het toont (docs/security.md)."),
         voorbeeld=N_("x.toml:8:1: fout BGR011 1\\n::error::x: 'code' '1\\n::error::x' bevat een "
                      "stuurteken: een code is tekst op één regel")),
    Rule("BGR101", "totaal-beleidsopgave",
         N_("Het totaal van een beleidsopgave, getoetst aan de delen."), totaal_beleidsopgave,
         wat=N_("Toetst het opgegeven `totaal` van een beleidsopgave aan programmalasten + "
                "directe_personeelslasten + overhead (grens 2)."),
         waarom=N_("Het totaal van een regel is wat het bestuur leest."),
         voorbeeld=N_("x.toml:17:1: fout BGR101 1.1: totaal 716, maar berekend 761: wijkt -45 af, "
                      "meer dan afronding (grens 2)")),
    Rule("BGR102", "totaal-programma",
         N_("Het totaal van een programma, getoetst aan de beleidsopgaven."), totaal_programma,
         wat=N_("Toetst het opgegeven `totaal` van een programma aan de som van zijn "
                "beleidsopgaven (grens (n + 1) / 2 bij n beleidsopgaven)."),
         waarom=N_("De overzichtspagina en de detailpagina's moeten hetzelfde verhaal vertellen."),
         voorbeeld=N_("x.toml:10:1: melding BGR102 2: totaal 2.635, berekend 2.636: "
                      "afrondingsverschil -1 (grens 2)")),
    Rule("BGR103", "totaal-lasten",
         N_("Het totaal van een [lasten]-tabel, getoetst aan de kostensoorten."), totaal_lasten,
         wat=N_("Toetst het opgegeven `totaal` van `[lasten]`, `[lasten.kassiersfunctie]` en "
                "`[lasten.basis]` aan de som van hun vier kostensoorten (grens 2,5)."),
         waarom=N_("Het is de rij Totaal van de tabel Was/Wordt."),
         voorbeeld=N_("x.toml:12:1: melding BGR103 lasten.basis: totaal 16.021, berekend 16.019: "
                      "afrondingsverschil 2 (grens 2,5)")),
    Rule("BGR104", "lasten-som",
         N_("[lasten] = [lasten.basis] + [lasten.kassiersfunctie]."), lasten_som,
         wat=N_("Toetst dat `[lasten]` = `[lasten.basis]` + `[lasten.kassiersfunctie]`, voor elke "
                "kostensoort en het totaal (grens 1,5)."),
         waarom=N_("Wordt (1) min Kassiersfunctie is per definitie Wordt (2)."),
         voorbeeld=N_("x.toml:9:1: melding BGR104 lasten: personeelslasten_direct 9.875, berekend "
                      "9.874: afrondingsverschil 1 (grens 1,5)")),
    Rule("BGR105", "programmalasten",
         N_("De programmalasten van [lasten], getoetst aan de beleidsopgaven."), programmalasten,
         wat=N_("Toetst de programmalasten van `[lasten]` aan de som van alle beleidsopgaven, en "
                "die van `[lasten.basis]` aan de regels zonder kassiersfunctie."),
         waarom=N_("De programmalasten van de organisatie zijn niets anders dan die van de "
                   "regels."),
         voorbeeld=N_("x.toml:8:1: melding BGR105 lasten: programmalasten 18.590, berekend 18.591: "
                      "afrondingsverschil -1 (grens 1,5)")),
    Rule("BGR106", "apparaatslasten",
         N_("Apparaatslasten, getoetst aan directe personeelslasten + overhead."), apparaatslasten,
         wat=N_("Toetst de apparaatslasten van `[lasten]` (personeelslasten direct + overig + "
                "huisvesting) aan de som van de directe personeelslasten + overhead van de "
                "regels."),
         waarom=N_("Alle kosten worden aan de beleidsopgaven toegerekend: wat het apparaat kost, "
                   "moet in de regels terugkomen, niet meer en niet minder."),
         voorbeeld=N_("x.toml:9:1: melding BGR106 lasten: apparaatslasten (personeelslasten + "
                      "huisvesting) 1.198, berekend 1.200: afrondingsverschil -2 (grens 2,5)")),
    Rule("BGR107", "kassiersfunctie",
         N_("[lasten.kassiersfunctie], getoetst aan de regels met kassiersfunctie."),
         kassiersfunctie,
         wat=N_("Toetst `[lasten.kassiersfunctie]` aan de regels met `kassiersfunctie = true`: de "
                "programmalasten als hun som, elke kostensoort van het apparaat naar rato "
                "(docs/engine.md), met een grens die volgt uit de afronding van de bedragen "
                "waaruit het berekend is. Als de regels niet optellen tot de apparaatslasten (een "
                "fout van BGR106), worden de rijen naar rato niet gecontroleerd: hun basis klopt "
                "niet, en BGR106 meldt dat al."),
         waarom=N_("Een kassiersfunctie die bij één regel vergeten is, verschuift geld van de "
                   "kassiersfunctie naar de basisbegroting, onopgemerkt in elk totaal behalve "
                   "dit."),
         voorbeeld=N_("x.toml:14:1: fout BGR107 lasten.kassiersfunctie: programmalasten 12.138, "
                      "maar berekend 11.476: wijkt 662 af, meer dan afronding (grens 1); ontbreekt "
                      "kassiersfunctie = true bij een regel, of staat het er ten onrechte?")),
    Rule("BGR121", "saldo",
         N_("Een opgegeven saldo, getoetst aan lasten - baten."), saldo,
         wat=N_("Toetst een opgegeven `saldo` aan lasten - baten, voor elke regel, elk programma "
                "en `[totaal]`, in elke periode. Lasten en baten zijn wat het bestand op dat "
                "niveau opgeeft, of anders de som van wat het niveau eronder opgeeft; een "
                "opgegeven bedrag wordt nooit vervangen door een berekend bedrag. De grens telt "
                "per bedrag een halve eenheid van zijn laatste decimaal op (1,5 bij drie hele "
                "bedragen). Eén fout bedrag geeft één bevinding (BGR121-BGR126), bij het bedrag "
                "dat fout is: een bedrag dat door een van zijn controles bevestigd wordt, geldt "
                "als juist; van de andere wijst de bevinding het bedrag aan dat in de meeste "
                "mislukte controles voorkomt."),
         waarom=N_("Een saldo naast zijn lasten en baten moet hun verschil zijn; en een bevinding "
                   "moet het bedrag aanwijzen dat verbeterd moet worden."),
         voorbeeld=N_("x.toml:22:1: fout BGR121 1A: lasten begroting 2024 6.000, maar berekend 600 "
                      "(saldo 500 + baten 100): wijkt 5.400 af, meer dan afronding (grens 1,5)")),
    Rule("BGR122", "mutatie-reserves",
         N_("Een opgegeven mutatie_reserves, getoetst aan toevoeging_reserve - "
            "onttrekking_reserve."), mutatie_reserves,
         wat=N_("Toetst een opgegeven `mutatie_reserves` aan toevoeging_reserve - "
                "onttrekking_reserve, op dezelfde manier (één bevinding per fout bedrag: zie "
                "BGR121)."),
         waarom=N_("De mutatie is wat de reserves aan het resultaat bijdragen."),
         voorbeeld=N_("x.toml:10:1: melding BGR122 totaal: mutatie_reserves rekening 2021 -1.659, "
                      "berekend -1.658 (toevoeging_reserve 9.222 - onttrekking_reserve 10.880): "
                      "afrondingsverschil -1 (grens 1,5)")),
    Rule("BGR123", "resultaat",
         N_("Een opgegeven resultaat, getoetst aan saldo + mutatie_reserves."), resultaat,
         wat=N_("Toetst een opgegeven `resultaat` aan saldo + mutatie_reserves, op dezelfde manier "
                "(één bevinding per fout bedrag: zie BGR121)."),
         waarom=N_("Het resultaat is de laatste regel van het overzicht; een jaarrekening die "
                   "-3.650 afdrukt waar haar eigen rijen optellen tot 17.350, heeft hier een "
                   "fout."),
         voorbeeld=N_("x.toml:14:1: fout BGR123 totaal: resultaat rekening 2021 -3.650, maar "
                      "berekend 17.350 (saldo 19.009 + mutatie_reserves -1.659): wijkt -21.000 af, "
                      "meer dan afronding (grens 1,5)")),
    Rule("BGR124", "som",
         N_("Een bedrag van een programma of de hele begroting, getoetst aan wat eronder staat."),
         som,
         wat=N_("Toetst een bedrag dat een programma (of `[totaal]`) opgeeft aan de som van zijn "
                "regels (of programma's), voor elke soort en periode die iets eronder geeft. Waar "
                "niets eronder het geeft, is het opgegeven bedrag zelf het cijfer. Waar het niveau "
                "eronder niet alles is (een regel geeft alleen een saldo, of een programma geeft "
                "die soort alleen voor andere perioden), is de som een deel: niet gecontroleerd, "
                "een melding die de regels noemt die niets geven; een opgegeven bedrag dat meer "
                "dan afronding kleiner is dan dat deel, is een waarschuwing. Eén bevinding per "
                "fout bedrag: zie BGR121."),
         waarom=N_("De totalen van het overzicht en zijn rijen moeten hetzelfde verhaal "
                   "vertellen."),
         voorbeeld=N_("x.toml:8:1: melding BGR124 totaal: lasten begroting 2018 682.156, berekend "
                      "682.157 (de som van 2 programma's): afrondingsverschil -1 (grens 1,5)")),
    Rule("BGR125", "lasten-delen",
         N_("De lasten van een regel, getoetst aan programmalasten, directe personeelslasten en "
            "overhead."), lasten_delen,
         wat=N_("Toetst de opgegeven `lasten` van een regel aan programmalasten + "
                "directe_personeelslasten + overhead, in elke periode die alle drie geeft (grens 2 "
                "bij hele bedragen; een `totaal` van formaat v1 toetst BGR101). Een periode die "
                "maar een deel van de drie geeft, wordt gemeld: een waarschuwing als de regel er "
                "geen lasten voor opgeeft (die lasten zijn onbekend en tellen in geen enkel totaal "
                "mee), een melding als hij dat wel doet (de opgegeven lasten zijn dan het cijfer, "
                "niet gecontroleerd). Eén bevinding per fout bedrag: zie BGR121."),
         waarom=N_("Hetzelfde als BGR101, voor een begroting die ook baten opgeeft; en een "
                   "splitsing die halverwege ophoudt, mag geen lasten van één deel worden."),
         voorbeeld=N_("x.toml:17:1: fout BGR125 1.1: lasten begroting 2024 800, maar berekend 716 "
                      "(programmalasten + directe_personeelslasten + overhead): wijkt 84 af, meer "
                      "dan afronding (grens 2)")),
    Rule("BGR126", "wijziging",
         N_("Een begroting na wijziging, getoetst aan begroting + wijziging."), wijziging,
         wat=N_("Toetst een opgegeven begroting na wijziging aan de begroting plus de wijziging "
                "van hetzelfde jaar, voor elk bedrag waarvan alle drie zijn opgegeven (grens 1,5). "
                "Eén bevinding per fout bedrag: zie BGR121."),
         waarom=N_("De kolom \"na wijziging\" is de som van de twee kolommen ervoor."),
         voorbeeld=N_("x.toml:10:1: fout BGR126 1: lasten begroting 2021 na wijziging 5.230, maar "
                      "berekend 5.330 (begroting 4.977 + wijziging 353): wijkt -100 af, meer dan "
                      "afronding (grens 1,5)")),
    Rule("BGR127", "taakveld",
         N_("Een taakveld dat niet in de Iv3-lijst staat."), taakveld,
         wat=N_("Toetst de `taakveld` van een regel aan de landelijke lijst van Iv3-taakvelden "
                "voor de soort organisatie (`soort_organisatie`: gemeente en gemeenschappelijke "
                "regeling delen een lijst, een provincie heeft een eigen lijst) in het jaar van de "
                "begroting, en zegt in welke jaren een onbekende code er wel een was. Zonder "
                "`soort_organisatie` met een lijst zegt een melding één keer dat taakvelden niet "
                "gecontroleerd zijn."),
         waarom=N_("`totals --per taakveld` en de landelijke statistieken tellen op per taakveld."),
         voorbeeld=N_("x.toml:15:1: waarschuwing BGR127 2A: taakveld '6.71' is geen Iv3-taakveld "
                      "van een gemeente in 2025 (het was er een van 2017 tot en met 2024)")),
    Rule("BGR201", "overhead",
         N_("De overhead van een regel, getoetst aan het overheadtarief."), overhead,
         wat=N_("Toetst de overhead van elke regel aan directe_personeelslasten x het "
                "overheadtarief (docs/engine.md); wijkt hij meer dan afronding af (grens 1,5), dan "
                "volgt een waarschuwing met het verwachte bedrag."),
         waarom=N_("Overhead wordt met één tarief toegerekend; een regel die afwijkt, is verkeerd "
                   "getypt of met de hand toegerekend."),
         voorbeeld=N_("x.toml:22:1: waarschuwing BGR201 1.1: overhead 276, verwacht 231,2 (360 "
                      "directe personeelslasten x overheadtarief 64,23%)")),
    Rule("BGR301", "pro-memorie",
         N_("Een bedrag p.m.: de totalen zijn onvolledig."), pro_memorie,
         wat=N_("Meldt elk bedrag p.m.: van elke soort, elk deel en het `totaal` van een regel "
                "(met zijn `indicatie`, of dat die er niet is), van een programma, van `[totaal]` "
                "en van de `[lasten]`-tabellen, in elke periode."),
         waarom=N_("De totalen waarin het meetelt, zijn onvolledig (\"+ p.m.\"); met `--strict` "
                   "mislukt `validate` daardoor."),
         voorbeeld=N_("x.toml:14:1: waarschuwing BGR301 3.9: programmalasten is p.m.: de totalen "
                      "zijn onvolledig (indicatie 4.200)")),
    Rule("BGR401", "index-onbekend",
         N_("De index van een regel noemt geen tarief in [indexatie]."), index_bekend,
         wat=N_("Meldt een regel waarvan de `index` geen tarief in `[indexatie]` noemt."),
         waarom=N_("Die regel zou dan stilzwijgend niet geïndexeerd worden."),
         voorbeeld=N_("x.toml:21:1: fout BGR401 1.5: index 'dos' is geen tarief in [indexatie] "
                      "(tarieven: dso, personeel)")),
    Rule("BGR402", "index-percentage",
         N_("Een tarief boven 0,5: een percentage als getal geschreven?"), index_als_fractie,
         wat=N_("Meldt een tarief boven 0,5."),
         waarom=N_("Een tarief is een fractie; `personeel = 1.6` betekent 160%, en was vrijwel "
                   "zeker bedoeld als 1,6%."),
         voorbeeld=N_("x.toml:8:1: waarschuwing BGR402 indexatie.personeel: tarief 1,6 is 160%; "
                      "voor 1,6% schrijft u 0.016")),
    Rule("BGR501", "verklaring",
         N_("De verklaringen, getoetst aan het verschil met vorige."), verklaring,
         wat=N_("Als `vorige` een begroting noemt: toetst dat de posten van `[[verklaring]]` "
                "optellen tot het verschil, was - wordt van de totalen van de basisbegroting "
                "(grens (n + 3) / 2 bij n posten). Daarbuiten is het een fout die noemt wat "
                "onverklaard blijft; helemaal geen posten is een waarschuwing; een `vorige` die "
                "niet te lezen is, is een fout; zonder `vorige` zegt een melding dat de controle "
                "is overgeslagen."),
         waarom=N_("Elke euro verschil met vorig jaar moet aan het bestuur worden uitgelegd."),
         voorbeeld=N_("x.toml:14:1: fout BGR501 verklaring: de verklaringen tellen op tot 1.082, "
                      "het verschil (was - wordt) is 982,4: -99,6 is onverklaard")),
    Rule("BGR601", "jaar",
         N_("`jaar` buiten 1900-2200."), jaar,
         wat=N_("Meldt een `jaar` buiten 1900-2200 (een jaar zonder vier cijfers is BGR004)."),
         waarom=N_("`jaar = 1202` is een tikfout."),
         voorbeeld=N_("x.toml:4:1: fout BGR601 begroting: jaar 1202 ligt niet tussen 1900 en "
                      "2200")),
    Rule("BGR602", "negatief",
         N_("Een negatief bedrag op een regel, in welke periode ook."), negatief,
         wat=N_("Meldt een negatief bedrag op een regel (beleidsopgave): programmalasten, "
                "directe_personeelslasten, overhead, lasten, baten, toevoeging_reserve of "
                "onttrekking_reserve, in elke periode. Een saldo, mutatie of resultaat mag "
                "negatief zijn: dat is een voordeel."),
         waarom=N_("Lasten, baten en mutaties van reserves zijn positief; een negatief bedrag is "
                   "meestal een tekenfout (een correctie hoort in een verklaring), of een tabel "
                   "die met de verkeerde `--baten` is ingelezen."),
         voorbeeld=N_("x.toml:14:1: waarschuwing BGR602 1.1: programmalasten raming 2025 is "
                      "negatief (-125)")),
    Rule("BGR603", "programma-leeg",
         N_("Een programma zonder beleidsopgaven, waar de andere die wel hebben."), programma_leeg,
         wat=N_("Meldt een programma zonder regels (beleidsopgaven) en zonder eigen bedragen "
                "(lasten, baten, saldo, ...) in een begroting waarvan de andere programma's wel "
                "regels hebben."),
         waarom=N_("Zijn regels zijn waarschijnlijk vergeten, en zijn kosten ontbreken in elk "
                   "totaal."),
         voorbeeld=N_("x.toml:18:1: waarschuwing BGR603 5: programma heeft geen beleidsopgaven, de "
                      "andere programma's wel")),
    Rule("BGR604", "onzichtbaar-teken",
         N_("Een code met een teken dat niet te zien is."), onzichtbaar_teken,
         wat=N_("Meldt een code (van een programma of regel, een taakveld, een afkorting) met een "
                "teken dat niet te zien is: een spatie zonder breedte, een teken dat de "
                "schrijfrichting omkeert, een zacht afbreekstreepje, een spatie aan het begin of "
                "einde."),
         waarom=N_("Twee codes die er hetzelfde uitzien, kunnen dan verschillen, en een diff of "
                   "uitzondering die de code noemt zoals hij eruitziet, vindt niets."),
         voorbeeld=N_("x.toml:12:1: waarschuwing BGR604 1.1\\u200b: code '1.1\\u200b' bevat een "
                      "teken dat niet te zien is: een lezer ziet geen verschil met de code zonder "
                      "dat teken")),
    Rule("BGR605", "duizendtallen",
         N_("Een bedrag als 1.234, dat TOML leest als 1,234: duizendtallen met een punt "
            "geschreven?"), duizendtallen,
         wat=N_("Meldt een bedrag dat geschreven is met een punt tussen duizendtallen, zoals in "
                "het Nederlands: één tot drie cijfers, een punt en precies drie decimalen "
                "(`1.234`, `-12.345`, `250.000`); TOML leest die punt als decimaalteken: `1.234` "
                "is 1,234. Niet gemeld als het bestand drie decimalen bedoelt: bij `decimalen` van "
                "3 of meer, of, zonder `decimalen`, als een ander bedrag drie of meer decimalen "
                "heeft (`0.125`, `1234.567`) of als minstens de helft van de bedragen zo "
                "geschreven is (een begroting in miljoenen op drie decimalen). De bedragen die "
                "deze controle meldt, tellen niet mee voor de decimalen van het bestand."),
         waarom=N_("`programmalasten = 1.650`, bedoeld als 1650, is een duizendste daarvan: de "
                   "totalen waarin het meetelt, kloppen niet, op hun eigen regels en niet op deze. "
                   "En het bestand zou dan drie decimalen lijken af te drukken, wat elke "
                   "afrondingsgrens duizend keer zo klein maakt."),
         voorbeeld=N_("x.toml:14:1: waarschuwing BGR605 1.1: programmalasten 1.250 is in TOML "
                      "1,25: de punt scheidt daar decimalen, geen duizendtallen; bedoelt u 1250?")),
    Rule(UNUSED_WAIVER, "uitzondering-ongebruikt",
         N_("Een [[uitzondering]] die met geen enkele bevinding overeenkomt."),
         wat=N_("Meldt een `[[uitzondering]]` die met geen enkele bevinding overeenkomt, of die "
                "geen bestaande controle noemt."),
         waarom=N_("Een uitzondering die niets meer uitzondert, verbergt niets, maar misleidt de "
                   "lezer."),
         voorbeeld=N_("x.toml:18:1: waarschuwing BGR701 7.7: uitzondering komt met geen enkele "
                      "bevinding overeen")),
    Rule(TOO_MANY, "meer-bevindingen",
         N_("Meer bevindingen in één bestand dan er getoond worden."),
         wat=N_("Een bestand meldt zijn eerste 1.000 bevindingen; heeft het er meer, dan zegt deze "
                "ene bevinding hoeveel fouten, waarschuwingen en meldingen er nog waren (het "
                "inlezen stopt met tellen iets voorbij het maximum: \"minstens\"). Ze is een fout "
                "als er een fout bij was, anders een waarschuwing, anders een melding, zodat de "
                "exitcode blijft wat hij geweest zou zijn."),
         waarom=N_("Een bestand met zoveel bevindingen heeft één fout die overal gemaakt is; een "
                   "miljoen regels uitvoer helpt niemand, en ze maken zou evenredig geheugen en "
                   "tijd kosten (docs/security.md)."),
         voorbeeld=N_("x.toml:1: fout BGR702 file: nog 299.001 bevindingen worden niet getoond "
                      "(299.001 fouten): per bestand worden alleen de eerste 1.000 gemeld")),
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
    tally = _Tally()
    context = Context(loaded.file, loaded.sources, engine.totalen(begroting), regels,
                      Periode.eigen(begroting.begroting.jaar), vorige, view, knopen,
                      _Precisie(begroting, regels), tally=tally)
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
    shown.sort(key=lambda d: (tally.plaats.get((d.line, d.column, d.code, d.subject), (0, 0, 0)),
                              d.sort_key()))
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
