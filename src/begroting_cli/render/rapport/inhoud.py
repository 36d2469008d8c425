"""What the report shows, computed from the engine's objects: every figure, label and finding,
ready to be laid out. The template decides where things go, never what they are.

An amount is a Cel: its text the Dutch way, its exact value for machines (`<data value>`), a
key that names it (`programma/3/totaal`, docs/rapport.md) and the line of the TOML it comes
from. Tests compare the values with the JSON of `totals` and `diff`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from begroting_cli.diagnostic import Diagnostic, Severity, count
from begroting_cli.diff import RegelVerschil, Status, Verschil
from begroting_cli.engine import ProgrammaTotaal, RegelTotaal, Totalen, eigen
from begroting_cli.model import DELEN, KOSTENSOORTEN, Begroting, Periode, Pm, is_pm
from begroting_cli.notation import bedrag, eenheid, exact, nadeel, procent, richting
from begroting_cli.overzicht import (
    Cijfers,
    Kolom,
    Overzicht,
    VerschilKolom,
    is_deels,
    is_pm_in,
    waarde,
)
from begroting_cli.render import rows
from begroting_cli.render.rapport.grafiek import ZERO, Balk, Waterval, balk, waterval
from begroting_cli.sourcemap import Path as KeyPath
from begroting_cli.sourcemap import SourceMap
from begroting_cli.tekst import N_, _, ngettext

MIN = "\u2212"
"""The minus sign of a table: as wide as a digit, read as "min"."""


@dataclass(frozen=True, slots=True)
class Cel:
    """One amount as the report shows it."""

    tekst: str
    waarde: str | None
    """The exact value (notation.exact); None for p.m. or where there is no amount."""
    sleutel: str
    bron: int
    """The line of the TOML the amount is written on, or of the table it is computed for."""
    pm: bool = False
    """Whether p.m. is part of it: shown as "+ p.m." after it."""


@dataclass(frozen=True, slots=True)
class Melding:
    """A finding as a person reads it: how bad, what, where."""

    ernst: str
    soort: str
    """error, warning or info: the class of its mark."""
    code: str
    onderwerp: str
    tekst: str
    bron: int
    anker: str | None
    """The id of the tile or card it is about, when there is one."""


@dataclass(frozen=True, slots=True)
class Deel:
    """A figure under a tile's total: basis and kassiersfunctie, or baten and saldo."""

    label: str
    cel: Cel
    kassiers: bool = False


@dataclass(frozen=True, slots=True)
class Tegel:
    """A programme on the overview: its total, and what it consists of."""

    code: str
    naam: str
    anker: str
    label: str
    totaal: Cel | None
    delen: tuple[Deel, ...]
    balk: Balk | None
    meldingen: tuple[Melding, ...]
    """The findings about the figures on the tile: about its total, and every error or
    warning; its page has them all."""


@dataclass(frozen=True, slots=True)
class Rij:
    """A row of a table of amounts: a label and a cel per column; without cells, the heading
    of the rows that follow (a programme in the overview)."""

    label: str
    cellen: tuple[Cel | None, ...]
    totaal: bool = False


@dataclass(frozen=True, slots=True)
class Tabel:
    """A table of amounts with its caption and column headers."""

    caption: str
    koppen: tuple[str, ...]
    rijen: tuple[Rij, ...]
    onderschrift: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Alinea:
    """A paragraph of a toelichting: text, or a list of items."""

    tekst: str | None
    items: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Kaart:
    """A regel (beleidsopgave) on its programme's page."""

    code: str
    naam: str
    anker: str
    bron: int
    kosten: Tabel
    kassiersfunctie: bool
    pm: str | None
    """"p.m. (indicatie 4.200)" when part of it is p.m."""
    index: str | None
    taakveld: str | None
    output: tuple[str, ...]
    heroverweging: tuple[str, ...]
    toelichting: tuple[Alinea, ...]
    verandering: str | None
    meldingen: tuple[Melding, ...]


@dataclass(frozen=True, slots=True)
class Hoofdstuk:
    """A programme's page."""

    code: str
    naam: str
    anker: str
    bron: int
    toelichting: tuple[Alinea, ...]
    totaal_label: str
    totaal: Cel | None
    basis: Cel | None
    """With the kassiersfunctie: only when the programme has any."""
    kassiersfunctie: Cel | None
    overzicht: Tabel | None
    kaarten: tuple[Kaart, ...]
    meldingen: tuple[Melding, ...]
    volgende: tuple[str, str] | None


@dataclass(frozen=True, slots=True)
class WasWordt:
    """The Was / Wordt table with its verklaring and the waterfall from Was to Wordt (2)."""

    titel: str
    tabel: Tabel
    afrondingen: tuple[str, ...]
    verklaring: Tabel | None
    onverklaard: str | None
    waterval: Waterval | None
    waterval_tabel: Tabel | None


@dataclass(frozen=True, slots=True)
class Rapport:
    """Everything the report shows, in its order."""

    taal: str
    naam: str
    organisatie: str
    eenheid: str
    bestand: str
    samenvatting: str
    fouten: int
    leeswijzer: tuple[str, ...]
    totaal: Cel | None
    totaal_label: str
    totaal_noot: tuple[str, ...]
    tegels: tuple[Tegel, ...]
    overzicht: Tabel | None
    kostensoorten: Tabel | None
    was_wordt: WasWordt | None
    hoofdstukken: tuple[Hoofdstuk, ...]
    meldingen: tuple[Melding, ...]
    sha256: str
    versie: str
    datum: str | None
    vorige: str | None


DEEL_LABELS = {"programmalasten": N_("Programmalasten"),
               "directe_personeelslasten": N_("Directe personeelslasten"),
               "overhead": N_("Overhead")}
"""The rows of a card's cost table, as the source prints them; shown through _()."""

ERNST = {Severity.ERROR: N_("fout"), Severity.WARNING: N_("waarschuwing"),
         Severity.INFO: N_("melding")}


class _Bouw:
    """The report of one budget: the state the parts share (the source map, the decimals,
    the findings by subject)."""

    def __init__(self, totalen: Totalen, sources: SourceMap,
                 diagnostics: Sequence[Diagnostic]) -> None:
        self.begroting = totalen.begroting
        self.totalen = totalen
        self.sources = sources
        self.d = rows.decimalen(self.begroting)
        self.ankers: dict[str, str] = {}
        for p, programma in enumerate(self.begroting.programma):
            self.ankers.setdefault(programma.code, f"p{p + 1}")
            for r, regel in enumerate(programma.regels):
                self.ankers.setdefault(regel.code, f"p{p + 1}-r{r + 1}")
        self.meldingen = tuple(self.melding(d) for d in diagnostics)
        self.per_onderwerp: dict[str, list[Melding]] = {}
        for melding in self.meldingen:
            self.per_onderwerp.setdefault(melding.onderwerp, []).append(melding)

    def melding(self, item: Diagnostic) -> Melding:
        return Melding(_(ERNST[item.severity]), item.severity.value, item.code, item.subject,
                       item.message, item.line, self.ankers.get(item.subject))

    def over(self, code: str) -> tuple[Melding, ...]:
        return tuple(self.per_onderwerp.get(code, ()))

    def lijn(self, path: KeyPath) -> int:
        return self.sources.line(path)

    def cel(self, amount: Decimal | Pm | None, sleutel: str, bron: int, *, pm: bool = False,
            soort: str | None = None) -> Cel:
        """An amount of a table: Dutch digits, a real minus, N/V where a sign is a direction."""
        if amount is None or is_pm(amount):
            return Cel(_("p.m.") if is_pm(amount) else "", None, sleutel, bron,
                       pm=False)
        if soort in rows.RICHTING:
            tekst = richting(amount, self.d, rows.RICHTING[soort])
        else:
            tekst = bedrag(amount, self.d).replace("-", MIN)
        return Cel(tekst, exact(amount), sleutel, bron, pm=pm)


def rapport(totalen: Totalen, sources: SourceMap, diagnostics: Sequence[Diagnostic], *,
            data: bytes, bestand: str, overzicht: Overzicht | None, verschil: Verschil | None,
            versie: str, datum: str | None = None, taal: str = "nl") -> Rapport:
    """Everything the report of one budget shows."""
    bouw = _Bouw(totalen, sources, diagnostics)
    begroting = totalen.begroting
    meta = begroting.begroting
    counts = count(diagnostics)
    totaal, totaal_noot = _totaal(bouw, overzicht)
    return Rapport(
        taal=taal,
        naam=meta.naam,
        organisatie=meta.organisatie,
        eenheid=_("Alle bedragen {eenheid}").format(eenheid=eenheid(meta.eenheid, meta.valuta)),
        bestand=bestand,
        samenvatting=_samenvatting(counts),
        fouten=counts["errors"],
        leeswijzer=_leeswijzer(bouw),
        totaal=totaal,
        totaal_label=_("Totaal") if overzicht is None else _("Lasten {periode}").format(
            periode=totalen.programmas[0].periode if totalen.programmas else meta.jaar),
        totaal_noot=totaal_noot,
        tegels=_tegels(bouw, overzicht),
        overzicht=_overzicht(bouw, overzicht, None) if overzicht is not None else None,
        kostensoorten=_kostensoorten(bouw) if verschil is None else None,
        was_wordt=_was_wordt(bouw, verschil) if verschil is not None else None,
        hoofdstukken=_hoofdstukken(bouw, overzicht, verschil),
        meldingen=bouw.meldingen,
        sha256=hashlib.sha256(data).hexdigest(),
        versie=versie,
        datum=datum,
        vorige=meta.vorige,
    )


def _samenvatting(counts: dict[str, int]) -> str:
    if not any(counts.values()):
        return _("De controle vond niets.")
    return _("De controle vond {fouten}, {waarschuwingen} en {meldingen}.").format(
        fouten=ngettext("{n} fout", "{n} fouten", counts["errors"]).format(n=counts["errors"]),
        waarschuwingen=ngettext("{n} waarschuwing", "{n} waarschuwingen",
                                counts["warnings"]).format(n=counts["warnings"]),
        meldingen=ngettext("{n} melding", "{n} meldingen", counts["infos"]).format(
            n=counts["infos"]))


def _leeswijzer(bouw: _Bouw) -> tuple[str, ...]:
    """What a reader needs to know to read the figures, with this budget's own numbers."""
    totalen = bouw.totalen
    found = [_("Bedragen zijn in {eenheid}, afgerond zoals de begroting ze geeft. Een "
               "negatief bedrag heeft een minteken; in de verklaring staat -/- voor een "
               "nadeel.").format(eenheid=_eenheid(bouw.begroting))]
    pm = sum(1 for line in totalen.regels if line.pm)
    if pm:
        found.append(ngettext(
            "p.m. (pro memorie): een bedrag dat nog niet bekend is. Het telt niet mee in de "
            "totalen; die krijgen \"+ p.m.\". Deze begroting heeft {n} regel met p.m.",
            "p.m. (pro memorie): een bedrag dat nog niet bekend is. Het telt niet mee in de "
            "totalen; die krijgen \"+ p.m.\". Deze begroting heeft {n} regels met p.m.",
            pm).format(n=pm))
    if any(line.regel.kassiersfunctie for line in totalen.regels):
        found.append(_("Kassiersfunctie: geld dat via deze begroting loopt maar voor anderen "
                       "is, zoals een gezamenlijk uitgevoerde taak. Het is gemarkeerd met het "
                       "woord Kassiersfunctie en een gestreept vlak; de basisbegroting is de "
                       "rest."))
    found.append(_("Afrondingsverschil: een opgegeven totaal wijkt af van de som van zijn "
                   "delen, maar niet meer dan afronding kan verklaren. Beide bedragen staan "
                   "erbij; een groter verschil is een fout."))
    if totalen.overhead_tarief is not None:
        found.append(_("Overhead: de regels dragen {tarief} van hun directe personeelslasten "
                       "bij aan de overhead (personeelslasten overig en huisvesting).").format(
            tarief=procent(totalen.overhead_tarief)))
    for name, amount in totalen.indexatie.items():
        found.append(_("Indexatie {naam} ({tarief} per jaar): {bedrag} zit in de "
                       "bedragen.").format(
            naam=name, tarief=procent(bouw.begroting.indexatie[name], None),
            bedrag=_("onbekend") if amount is None else bedrag(amount, bouw.d)))
    return tuple(found)


def _totaal(bouw: _Bouw, overzicht: Overzicht | None) -> tuple[Cel | None, tuple[str, ...]]:
    totalen = bouw.totalen
    if overzicht is not None:
        eigen_periode = Periode.eigen(bouw.begroting.begroting.jaar)
        cel = _overzicht_cel(bouw, overzicht.cijfers, "lasten", eigen_periode,
                             "overzicht/totaal/lasten", bouw.lijn(("totaal", "lasten")))
        return cel, tuple(rows.kostensoorten_notes(totalen, overzicht))
    if totalen.totaal is None:
        return None, ()
    cel = bouw.cel(totalen.totaal, "totaal", bouw.lijn(("programma",)) if totalen.programmas
                   else bouw.lijn(("lasten", "totaal")), pm=totalen.pm)
    noten = rows.kostensoorten_notes(totalen, None)
    lasten = bouw.begroting.lasten
    gedrukt = lasten.totaal if lasten is not None else None
    if isinstance(gedrukt, Decimal) and totalen.programmas and gedrukt != totalen.totaal:
        noten.insert(0, _("De begroting geeft zelf als totaal {gedrukt} op (tabel [lasten], "
                          "regel {regel}); de regels tellen op tot {berekend}, een verschil van "
                          "{verschil}. Hoe dat komt, staat hieronder en bij de controle.").format(
            gedrukt=bedrag(gedrukt, bouw.d), regel=bouw.lijn(("lasten", "totaal")),
            berekend=bedrag(totalen.totaal, bouw.d),
            verschil=bedrag(totalen.totaal - gedrukt, bouw.d)))
    return cel, tuple(noten)


TEGEL_REGELS = frozenset({"BGR102"})
"""The rules whose infos are about a tile's own figure: the programme's stated totaal."""


def _tegels(bouw: _Bouw, overzicht: Overzicht | None) -> tuple[Tegel, ...]:
    programmas = bouw.totalen.programmas
    grootste = max((max(p.basis, ZERO) + max(p.kassiersfunctie, ZERO) for p in programmas),
                   default=ZERO)
    return tuple(_tegel(bouw, p, index, grootste, overzicht)
                 for index, p in enumerate(programmas))


def _tegel(bouw: _Bouw, programma: ProgrammaTotaal, index: int, grootste: Decimal,
           overzicht: Overzicht | None) -> Tegel:
    code = programma.programma.code
    bron = bouw.lijn(("programma", index))
    sleutel = f"programma/{code}"
    meldingen = tuple(m for m in bouw.over(code) if m.soort != "info" or m.code in TEGEL_REGELS)
    if overzicht is not None:  # baten en lasten: the own period's lasten, baten and saldo
        cijfers = overzicht.programmas[index].cijfers
        eigen_periode = programma.periode
        cijfer_delen = tuple(
            Deel(_(rows.SOORT_LABELS[soort]), cel)
            for soort in ("baten", "saldo", "resultaat")
            if (cel := _overzicht_cel(bouw, cijfers, soort, eigen_periode,
                                      f"overzicht/{code}/{soort}",
                                      bouw.lijn(("programma", index, soort)))) is not None)
        return Tegel(code, programma.programma.naam, f"p{index + 1}",
                     _("Lasten {periode}").format(periode=eigen_periode),
                     _overzicht_cel(bouw, cijfers, "lasten", eigen_periode,
                                    f"overzicht/{code}/lasten",
                                    bouw.lijn(("programma", index, "lasten"))),
                     cijfer_delen, None, meldingen)
    delen = [Deel(_("Basis"), bouw.cel(programma.basis, f"{sleutel}/basis", bron))]
    if programma.kassiersfunctie:
        delen.append(Deel(_("Kassiersfunctie"), bouw.cel(
            programma.kassiersfunctie, f"{sleutel}/kassiersfunctie", bron), kassiers=True))
    return Tegel(
        code, programma.programma.naam, f"p{index + 1}", _("Totaal"),
        bouw.cel(programma.totaal, f"{sleutel}/totaal", bron, pm=programma.pm), tuple(delen),
        balk(programma.basis, programma.kassiersfunctie, grootste), meldingen)


def _kostensoorten(bouw: _Bouw) -> Tabel | None:
    """The kostensoorten table of a budget that has one and no previous budget to compare."""
    tabellen = bouw.totalen.kostensoorten
    kolommen = tuple((k, label) for k, label in (
        ("lasten", _("Totaal (1)")), ("kassiersfunctie", _("Kassiersfunctie")),
        ("basis", _("Basis (2)"))) if any(v is not None for v in tabellen[k].values()))
    if not kolommen:
        return None
    rijen = []
    for soort in (*KOSTENSOORTEN, "totaal"):
        cellen = tuple(bouw.cel(tabellen[k].get(soort), f"kostensoort/{soort}/{k}",
                                bouw.lijn(("lasten",) if k == "lasten" else ("lasten", k)))
                       for k, _label in kolommen)
        rijen.append(Rij(rows.kostensoort_label(soort), cellen, totaal=soort == "totaal"))
    return Tabel(rows.kostensoorten_title(bouw.begroting),
                 (_("Kostensoort"), *(label for _k, label in kolommen)), tuple(rijen))


def _overzicht(bouw: _Bouw, overzicht: Overzicht, programma: int | None) -> Tabel:
    """The overview of baten en lasten with the periods as columns: of the whole budget, or
    of one programme (its index)."""
    kolommen = overzicht.kolommen
    found: list[Rij] = []
    if programma is None:
        for index, p in enumerate(overzicht.programmas):
            found.append(Rij(f"{p.programma.code} {p.programma.naam}", ()))
            found += _soort_rijen(bouw, overzicht, p.cijfers, f"overzicht/{p.programma.code}",
                                  ("programma", index))
        found.append(Rij(_("Totaal"), ()))
        found += _soort_rijen(bouw, overzicht, overzicht.cijfers, "overzicht/totaal",
                              ("totaal",), totaal=True)
        caption = rows.overzicht_title(bouw.begroting)
        koppen = (_("Programma"), *(_kop(k) for k in kolommen))
    else:
        p = overzicht.programmas[programma]
        found += _soort_rijen(bouw, overzicht, p.cijfers, f"overzicht/{p.programma.code}",
                              ("programma", programma))
        caption = _("Baten en lasten van programma {code}").format(code=p.programma.code)
        koppen = (_("Soort"), *(_kop(k) for k in kolommen))
    return Tabel(caption, koppen, tuple(found), _overzicht_noten(overzicht))


def _overzicht_noten(overzicht: Overzicht) -> tuple[str, ...]:
    return (rows.overzicht_caption(overzicht), *rows.overzicht_notes(overzicht))


def _kop(kolom: Kolom) -> str:
    return rows.kolom_label(kolom).replace("\n", " ")


def _soort_rijen(bouw: _Bouw, overzicht: Overzicht, cijfers: Cijfers, sleutel: str,
                 path: KeyPath, totaal: bool = False) -> list[Rij]:
    """A row per soort that has a figure in some column: lasten, baten, saldo, ..."""
    found = []
    for soort in overzicht.soorten:
        if not any(waarde(cijfers, soort, k) is not None for k in overzicht.kolommen):
            continue
        cellen = tuple(_overzicht_cel(bouw, cijfers, soort, k, f"{sleutel}/{soort}",
                                      bouw.lijn((*path, soort))) for k in overzicht.kolommen)
        naam = _(rows.TOTAAL_LABELS[soort] if totaal else rows.SOORT_LABELS[soort])
        found.append(Rij(naam, cellen, totaal))
    return found


def _overzicht_cel(bouw: _Bouw, cijfers: Cijfers, soort: str, kolom: Kolom, sleutel: str,
                   bron: int) -> Cel | None:
    amount = waarde(cijfers, soort, kolom)
    if amount is None:
        return None
    pm = is_pm_in(cijfers, soort, kolom)
    if isinstance(kolom, VerschilKolom):
        cel = Cel(richting(amount, bouw.d, rows.VERSCHIL_RICHTING[soort]), exact(amount),
                  f"{sleutel}/verschil {kolom.wordt.jaar}", bron, pm)
    else:
        cel = bouw.cel(amount, f"{sleutel}/{kolom}", bron, pm=pm, soort=soort)
    if is_deels(cijfers, soort, kolom):  # a sum of part of it: the notes say what is missing
        cel = replace(cel, tekst=f"{cel.tekst} {rows.DEELS_MARK}")
    return cel


def _was_wordt(bouw: _Bouw, verschil: Verschil) -> WasWordt:
    d = rows.diff_decimalen(verschil)
    koppen = (_("Kostensoort"), _("Was"), _("Wordt (1)"), _("Kassiersfunctie"), _("Wordt (2)"),
              _("Verschil"))
    bron = bouw.lijn(("lasten",))
    rijen = []
    for rij in verschil.kostensoorten:
        k = rij.kostensoort
        values = (rij.was, rij.wordt, None if rij.kassiersfunctie is None else
                  -rij.kassiersfunctie, rij.wordt_basis, rij.verschil)
        names = ("was", "wordt", "kassiersfunctie", "wordt_basis", "verschil")
        cellen = tuple(None if v is None else Cel(bedrag(v, d).replace("-", MIN), exact(v),
                                                  f"kostensoort/{k}/{n}", bron)
                       for v, n in zip(values, names, strict=True))
        rijen.append(Rij(rows.kostensoort_label(k), cellen, totaal=k == "totaal"))
    tabel = Tabel(_("Was / Wordt ({eenheid})").format(
        eenheid=_eenheid(bouw.begroting)), koppen, tuple(rijen),
        (rows.diff_caption(verschil),))
    afrondingen = tuple(
        _("{kostensoort}, {kolom}: opgegeven {opgegeven}, berekend {berekend}").format(
            kostensoort=rows.kostensoort_label(a.kostensoort), kolom=_(rows.KOLOM_LABELS[a.kolom]),
            opgegeven=bedrag(a.opgegeven, None), berekend=bedrag(a.berekend, None))
        for a in verschil.afrondingen)
    verklaring = onverklaard = None
    grafiek = grafiek_tabel = None
    if verschil.verklaring:
        vbron = bouw.lijn(("verklaring",))
        items = [Rij(item.omschrijving, (_nadeel(item.bedrag, f"verklaring/{i}",
                                                 bouw.lijn(("verklaring", i, "bedrag"))),))
                 for i, item in enumerate(verschil.verklaring)]
        items.append(Rij(_("Totaal verklaard"), (Cel(nadeel(verschil.verklaard),
                                                      exact(verschil.verklaard),
                                                      "verklaring/totaal", vbron),), True))
        verklaring = Tabel(_("Verklaring verschil"), (_("Verklaring"), _("Bedrag")),
                           tuple(items), (_("-/- = nadeel"),))
        onverklaard = _onverklaard(verschil)
        grafiek, grafiek_tabel = _waterval(bouw, verschil)
    return WasWordt(
        titel=_("{was} naar {wordt}").format(was=verschil.was.begroting.naam,
                                            wordt=verschil.wordt.begroting.naam),
        tabel=tabel, afrondingen=afrondingen, verklaring=verklaring, onverklaard=onverklaard,
        waterval=grafiek, waterval_tabel=grafiek_tabel)


def _nadeel(amount: Decimal | Pm, sleutel: str, bron: int) -> Cel:
    """An item of the verklaring: -/- for a nadeel, as the source prints it."""
    if is_pm(amount):
        return Cel(_("p.m."), None, sleutel, bron)
    return Cel(nadeel(amount), exact(amount), sleutel, bron)


def _eenheid(begroting: Begroting) -> str:
    return eenheid(begroting.begroting.eenheid, begroting.begroting.valuta)


def _onverklaard(verschil: Verschil) -> str | None:
    """What the verklaring leaves unexplained, and whether rounding can explain it."""
    rest = verschil.onverklaard
    if rest is None or not rest:
        return None
    if verschil.onverklaard_buiten_afronding:
        return rows.onverklaard_note(verschil)
    return _("Onverklaard {bedrag}: binnen de afrondingsgrens ({grens}).").format(
        bedrag=bedrag(rest, None), grens=bedrag(verschil.grens, None))


def _waterval(bouw: _Bouw, verschil: Verschil) -> tuple[Waterval | None, Tabel | None]:
    """From Was through each item of the verklaring (and what stays unexplained) to Wordt."""
    totaal = next((r for r in verschil.kostensoorten if r.kostensoort == "totaal"), None)
    if totaal is None or totaal.was is None or verschil.verklaring is None:
        return None, None
    wordt = totaal.wordt_basis if verschil.scope.value == "basis" else totaal.wordt
    if wordt is None:
        return None, None
    # Verschil = Was - Wordt: an item of the verklaring lowers the level by its amount.
    stappen = [(item.omschrijving, -item.bedrag) for item in verschil.verklaring
               if isinstance(item.bedrag, Decimal)]
    rest = wordt - (totaal.was + sum((s for _l, s in stappen), Decimal(0)))
    if rest:
        stappen.append((_("Onverklaard"), rest))
    was_label, wordt_label = _("Was"), _("Wordt (2)") if verschil.scope.value == "basis" else (
        _("Wordt (1)"))
    grafiek = waterval((was_label, totaal.was), stappen, (wordt_label, wordt))
    d = rows.diff_decimalen(verschil)
    bron = bouw.lijn(("verklaring",))
    rijen = [Rij(trede.label, (Cel(_stap(trede.bedrag, trede.soort, d), exact(trede.bedrag),
                                   f"waterval/{i}", bron),), trede.soort == "stand")
             for i, trede in enumerate(grafiek.treden)]
    return grafiek, Tabel(_("Van Was naar Wordt, stap voor stap"),
                          (_("Stap"), _("Stand of verandering")), tuple(rijen))


def _stap(amount: Decimal, soort: str, d: int) -> str:
    """A level as the table shows it, a step with its sign; a step too small for d decimals
    with all of its own (a rest of 0,4 is not "0")."""
    if soort == "stand":
        return bedrag(amount, d).replace("-", MIN)
    tekst = bedrag(abs(amount), d)
    if amount and not tekst.strip("0,."):
        tekst = bedrag(abs(amount), None)
    return ("+" if amount >= 0 else MIN) + tekst


def _hoofdstukken(bouw: _Bouw, overzicht: Overzicht | None,
                  verschil: Verschil | None) -> tuple[Hoofdstuk, ...]:
    veranderd = {r.code: r for r in verschil.regels or ()} if verschil is not None else {}
    programmas = bouw.totalen.programmas
    found = []
    for index, p in enumerate(programmas):
        programma = p.programma
        volgende = programmas[index + 1].programma if index + 1 < len(programmas) else None
        bron = bouw.lijn(("programma", index))
        sleutel = f"programma/{programma.code}"
        if overzicht is not None:  # baten en lasten: the overview's figures, every period
            label = _("Lasten {periode}").format(periode=p.periode)
            totaal = _overzicht_cel(bouw, overzicht.programmas[index].cijfers, "lasten",
                                    p.periode, f"overzicht/{programma.code}/lasten", bron)
            basis = kassiersfunctie = None
        else:
            label = _("Totaal")
            totaal = bouw.cel(p.totaal, f"{sleutel}/totaal", bron, pm=p.pm)
            basis = bouw.cel(p.basis, f"{sleutel}/basis", bron) if p.kassiersfunctie else None
            kassiersfunctie = bouw.cel(p.kassiersfunctie, f"{sleutel}/kassiersfunctie",
                                       bron) if p.kassiersfunctie else None
        found.append(Hoofdstuk(
            code=programma.code, naam=programma.naam, anker=f"p{index + 1}", bron=bron,
            toelichting=alineas(programma.toelichting),
            totaal_label=label, totaal=totaal, basis=basis, kassiersfunctie=kassiersfunctie,
            overzicht=_overzicht(bouw, overzicht, index) if overzicht is not None else None,
            kaarten=tuple(_kaart(bouw, p, index, r, line, veranderd, verschil, overzicht)
                          for r, line in enumerate(p.regels)),
            meldingen=bouw.over(programma.code),
            volgende=(f"p{index + 2}", f"{volgende.code} {volgende.naam}") if volgende else None,
        ))
    return tuple(found)


def _kaart(bouw: _Bouw, programma: ProgrammaTotaal, p: int, r: int, line: RegelTotaal,
           veranderd: Mapping[str, RegelVerschil], verschil: Verschil | None,
           overzicht: Overzicht | None) -> Kaart:
    regel = line.regel
    name = "beleidsopgave" if programma.programma.beleidsopgave else "regel"
    path: KeyPath = ("programma", p, name, r)
    sleutel = f"regel/{regel.code}"
    periode = line.periode
    rijen: list[Rij] = []
    if line.gesplitst:
        for deel in DELEN:
            amount = eigen(getattr(regel, deel), periode)
            rijen.append(Rij(_(DEEL_LABELS[deel]),
                             (bouw.cel(amount, f"{sleutel}/{deel}", bouw.lijn((*path, deel))),)))
        rijen.append(Rij(_("Totaal"), (bouw.cel(line.totaal, f"{sleutel}/totaal",
                                                bouw.lijn((*path, "totaal")), pm=line.pm),),
                         totaal=True))
        kosten = Tabel(_("Kosten van {code} ({periode})").format(code=regel.code,
                                                                  periode=periode),
                       (_("Soort"), _("Bedrag")), tuple(rijen))
    elif overzicht is not None:  # every period, as the overview computes it
        figures = overzicht.programmas[p].regels[r].cijfers
        kosten = Tabel(_("Baten en lasten van {code}").format(code=regel.code),
                       (_("Soort"), *(_kop(k) for k in overzicht.kolommen)),
                       tuple(_soort_rijen(bouw, overzicht, figures,
                                          f"overzicht/{programma.programma.code}/{regel.code}",
                                          path)))
    else:
        rijen.append(Rij(_("Lasten"), (bouw.cel(line.totaal, f"{sleutel}/totaal",
                                                bouw.lijn((*path, "lasten")), pm=line.pm),)))
        kosten = Tabel(_("Kosten van {code} ({periode})").format(code=regel.code,
                                                                  periode=periode),
                       (_("Soort"), _("Bedrag")), tuple(rijen))
    pm = None
    if line.pm:
        pm = _("p.m.") if regel.indicatie is None else _("p.m. (indicatie {bedrag})").format(
            bedrag=bedrag(regel.indicatie, None) if isinstance(regel.indicatie, Decimal) else
            _("p.m."))
    return Kaart(
        code=regel.code, naam=regel.naam, anker=f"p{p + 1}-r{r + 1}", bron=bouw.lijn(path),
        kosten=kosten, kassiersfunctie=regel.kassiersfunctie, pm=pm, index=regel.index,
        taakveld=regel.taakveld, output=regel.output, heroverweging=regel.heroverweging,
        toelichting=alineas(regel.toelichting),
        verandering=_verandering(veranderd.get(regel.code), verschil, bouw.d),
        meldingen=bouw.over(regel.code),
    )


def _verandering(regel: RegelVerschil | None, verschil: Verschil | None, d: int) -> str | None:
    if verschil is None or verschil.regels is None:  # one of the two has no regels
        return None
    jaar = verschil.was.begroting.jaar
    if regel is None:
        return _("Ongewijzigd sinds {jaar}.").format(jaar=jaar)
    if regel.status is Status.nieuw:
        return _("Nieuw sinds {jaar}.").format(jaar=jaar)
    if regel.was is None or regel.wordt is None:
        return _(rows.STATUS_LABELS[regel.status]).capitalize() + "."
    return _("{was} in {jaar}, nu {wordt} (verschil {verschil}).").format(
        was=bedrag(regel.was, d), jaar=jaar, wordt=bedrag(regel.wordt, d),
        verschil=nadeel(regel.verschil))


def alineas(tekst: str | None) -> tuple[Alinea, ...]:
    """A toelichting as paragraphs: blank lines part them, lines that start with "- " or "* "
    make a list. Everything stays text; nothing in it is markup."""
    if not tekst:
        return ()
    found: list[Alinea] = []
    for blok in _blokken(tekst):
        items = [line[2:].strip() for line in blok if line[:2] in ("- ", "* ")]
        gewoon = [line for line in blok if line[:2] not in ("- ", "* ")]
        if gewoon:
            found.append(Alinea(" ".join(gewoon)))
        if items:
            found.append(Alinea(None, tuple(items)))
    return tuple(found)


def _blokken(tekst: str) -> Iterable[list[str]]:
    blok: list[str] = []
    for line in tekst.splitlines():
        line = line.strip()
        if line:
            blok.append(line)
        elif blok:
            yield blok
            blok = []
    if blok:
        yield blok

