"""The cells of the totals tables in Dutch notation, shared by the table and Markdown renderers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from begroting_cli import engine
from begroting_cli.diff import Opmerking, RegelVerschil, Status, Verschil
from begroting_cli.engine import Precisie, ProgrammaTotaal, Totalen
from begroting_cli.indexatie import Indexering, Raming
from begroting_cli.model import Begroting, Periode, PeriodeSoort, Pm, or_zero
from begroting_cli.notation import bedrag, eenheid, nadeel, procent, richting
from begroting_cli.overzicht import (
    Cijfers,
    Kolom,
    Overzicht,
    PerTaakveld,
    VerschilKolom,
    is_deels,
    is_pm_in,
    waarde,
)
from begroting_cli.tekst import N_, _, ngettext
from begroting_cli.vergelijking import Paar, Vergelijking

PM_MARK = "+ p.m."
DEELS_MARK = "*"
"""After a sum that is not all of it; overzicht_notes says what is missing."""

KOSTENSOORT_LABELS = {
    "programmalasten": N_("Programmalasten"),
    "personeelslasten_direct": N_("Personeelslasten (direct)"),
    "personeelslasten_overig": N_("Personeelslasten (overig)"),
    "huisvesting": N_("Huisvesting c.a."),
    "totaal": N_("Totaal"),
}
"""Row labels of the Was/Wordt table, as the source prints them: Dutch, as CSV writes them;
shown through kostensoort_label()."""


def kostensoort_label(kostensoort: str) -> str:
    """A row label of the Was/Wordt table, in the language of the run."""
    return _(KOSTENSOORT_LABELS[kostensoort])


PARTS = {
    "programmalasten": N_("Progr.lasten"),
    "directe_personeelslasten": N_("Dir. pers."),
    "overhead": N_("Overhead"),
}
"""The short column headers of a regel's DELEN; shown through _()."""

STATUS_LABELS = {
    Status.nieuw: N_("nieuw"),
    Status.vervallen: N_("vervallen"),
    Status.gewijzigd: N_("gewijzigd"),
    Status.ongewijzigd: N_("ongewijzigd"),
}
"""What became of a regel or programme, as a table shows it (JSON and CSV keep the value)."""

NAAM_KOLOM = 1
"""The column of the names in the tables of programmes, regels and taakvelden."""


def programmas_title(begroting: Begroting) -> str:
    meta = begroting.begroting
    return _("{naam}: programma's ({eenheid})").format(
        naam=meta.naam, eenheid=eenheid(meta.eenheid, meta.valuta))


def programma_title(begroting: Begroting, programma: ProgrammaTotaal) -> str:
    meta = begroting.begroting
    return _("{naam}: programma {code} {programma} ({eenheid})").format(
        naam=meta.naam, code=programma.programma.code, programma=programma.programma.naam,
        eenheid=eenheid(meta.eenheid, meta.valuta))


def overzicht_title(begroting: Begroting) -> str:
    meta = begroting.begroting
    return _("{naam}: baten en lasten ({eenheid})").format(
        naam=meta.naam, eenheid=eenheid(meta.eenheid, meta.valuta))


def kostensoorten_title(begroting: Begroting) -> str:
    meta = begroting.begroting
    return _("{naam}: lasten per kostensoort ({eenheid})").format(
        naam=meta.naam, eenheid=eenheid(meta.eenheid, meta.valuta))


def taakvelden_title(begroting: Begroting) -> str:
    meta = begroting.begroting
    return _("{naam}: per taakveld ({eenheid})").format(
        naam=meta.naam, eenheid=eenheid(meta.eenheid, meta.valuta))


def raming_title(begroting: Begroting) -> str:
    meta = begroting.begroting
    return _("{naam}: meerjarenraming ({eenheid})").format(
        naam=meta.naam, eenheid=eenheid(meta.eenheid, meta.valuta))


def programma_header(detail: bool) -> list[str]:
    parts = [_(part) for part in PARTS.values()] if detail else []
    return [_("Code"), _("Naam"), *parts, _("Totaal"), "p.m.", _("Basis"),
            _("Kassiersfunctie")]


def decimalen(begroting: Begroting) -> int:
    """The decimals the tables show: as many as the file's amounts have (docs/format.md)."""
    return Precisie(begroting).decimalen


def programma_rows(rows: Sequence[ProgrammaTotaal], detail: bool,
                   decimals: int = 0) -> list[tuple[str, list[str]]]:
    """(kind, cells) for each programme, followed by its regels when detail."""
    def amount(value: Decimal | Pm | None) -> str:
        return bedrag(value, decimals)

    result = []
    for row in rows:
        parts = [amount(row.som(key)) for key in PARTS] if detail else []
        result.append(("programma", [
            row.programma.code, row.programma.naam, *parts, amount(row.totaal),
            PM_MARK if row.pm else "", amount(row.basis), amount(row.kassiersfunctie),
        ]))
        for line in row.regels if detail else ():
            opgave = line.regel
            totaal = amount(line.totaal)
            parts = [amount(engine.eigen(getattr(opgave, key), line.periode)) for key in PARTS]
            result.append(("beleidsopgave", [
                opgave.code, opgave.naam, *parts,
                totaal, PM_MARK if line.pm else "",
                "" if opgave.kassiersfunctie else totaal, totaal if opgave.kassiersfunctie else "",
            ]))
    return result


def programma_footer(rows: Sequence[ProgrammaTotaal], detail: bool,
                     decimals: int = 0) -> list[str]:
    parts = [bedrag(_sum(p.som(key) for p in rows), decimals) for key in PARTS] if detail else []
    return [
        "", _("Totaal"), *parts, bedrag(_sum(p.totaal for p in rows), decimals),
        PM_MARK if any(p.pm for p in rows) else "",
        bedrag(_sum(p.basis for p in rows), decimals),
        bedrag(_sum(p.kassiersfunctie for p in rows), decimals),
    ]


def kostensoorten_header() -> list[str]:
    return [_("Kostensoort"), _("Totaal (1)"), _("Kassiersfunctie"), _("Basis (2)")]


def kostensoorten_rows(report: Totalen) -> list[list[str]]:
    """A row per kostensoort; the last is the totaal."""
    columns = [report.kostensoorten[name] for name in ("lasten", "kassiersfunctie", "basis")]
    decimals = decimalen(report.begroting)
    return [[kostensoort_label(key), *(bedrag(column[key], decimals) for column in columns)]
            for key in KOSTENSOORT_LABELS]


def notes(report: Totalen) -> list[str]:
    """The lines under the tables: overhead rate and the indexation contained."""
    lines = []
    if report.overhead_tarief is not None:
        lines.append(_("Overhead: {tarief} van de directe personeelslasten").format(
            tarief=procent(report.overhead_tarief)))
    for name, amount in report.indexatie.items():
        lines.append(_("Indexatie {naam} ({tarief}): {bedrag} in de bedragen").format(
            naam=name, tarief=procent(report.begroting.indexatie[name], None),
            bedrag=_("onbekend") if amount is None else bedrag(amount)))
    return lines


def kostensoorten_notes(report: Totalen, overzicht: Overzicht | None) -> list[str]:
    """Why the total of the kostensoorten differs from the total shown above it, if it does:
    the programmes (or the overview's lasten) add up the regels, the kostensoorten take the
    apparatus from the file's [lasten] table."""
    lasten = report.kostensoorten["lasten"]
    kostensoorten = lasten["totaal"]
    if overzicht is not None:
        boven = waarde(overzicht.cijfers, "lasten",
                       Periode.eigen(report.begroting.begroting.jaar))
    else:
        boven = report.totaal if report.programmas else None
    d = decimalen(report.begroting)
    if kostensoorten is None or boven is None or bedrag(boven, d) == bedrag(kostensoorten, d):
        return []
    if overzicht is None:
        zin = _("De programma's tellen op tot {boven}, de kostensoorten tot {kostensoorten} "
                "(verschil {verschil}).")
    else:
        zin = _("De totale lasten van {periode} zijn {boven}, de kostensoorten tellen op tot "
                "{kostensoorten} (verschil {verschil}).")
    zinnen = [zin.format(boven=bedrag(boven, d), kostensoorten=bedrag(kostensoorten, d),
                         verschil=bedrag(boven - kostensoorten, d),
                         periode=Periode.eigen(report.begroting.begroting.jaar))]
    apparaat = engine.apparaatslasten(lasten)
    programmalasten = _sum(r.deel("programmalasten") for r in report.regels)
    if apparaat is not None and engine.gesplitst(report.regels) and (
            lasten["programmalasten"] == programmalasten):
        zinnen.append(_("De kostensoorten nemen personeelslasten en huisvesting uit de tabel "
                        "[lasten] van het bestand (samen {lasten}); de regels hebben {regels} aan "
                        "directe personeelslasten en overhead.").format(
            lasten=bedrag(apparaat, d), regels=bedrag(report.apparaat, d)))
    else:
        zinnen.append(_("De bedragen hierboven zijn de som van de regels; de kostensoorten "
                        "komen uit de tabel [lasten] van het bestand."))
    basis, kassiers = report.kostensoorten["basis"]["totaal"], (
        report.kostensoorten["kassiersfunctie"]["totaal"])
    if overzicht is None and basis is not None and kassiers is not None and (
            report.basis is not None and report.kassiersfunctie is not None) and (
            bedrag(basis, d) != bedrag(report.basis, d)):
        zinnen.append(_("Daardoor verschillen ook basis ({basis} en {basis_kostensoorten}) en "
                        "kassiersfunctie ({kassiers} en {kassiers_kostensoorten}).").format(
            basis=bedrag(report.basis, d), basis_kostensoorten=bedrag(basis, d),
            kassiers=bedrag(report.kassiersfunctie, d),
            kassiers_kostensoorten=bedrag(kassiers, d)))
    return [" ".join(zinnen)]


def _sum(amounts: Iterable[Decimal]) -> Decimal:
    return sum(amounts, engine.ZERO)


def diff_header() -> list[str]:
    return [_("Kostensoort"), _("Was"), _("Wordt (1)"), _("Kassiersfunctie"), _("Wordt (2)"),
            _("Verschil")]


def diff_decimalen(report: Verschil) -> int:
    """The decimals diff's tables show: as many as the more precise of the two files has.

    Worked out once per diff: it reads every amount of both budgets.
    """
    return max(decimalen(report.was), decimalen(report.wordt))


def diff_rows(report: Verschil, d: int) -> list[list[str]]:
    """The Was/Wordt table as the source prints it (Kassiersfunctie negative), d decimals; the
    last row is the totaal."""
    return [[kostensoort_label(r.kostensoort), bedrag(r.was, d), bedrag(r.wordt, d),
             bedrag(None if r.kassiersfunctie is None else -r.kassiersfunctie, d),
             bedrag(r.wordt_basis, d), bedrag(r.verschil, d)] for r in report.kostensoorten]


def diff_caption(report: Verschil) -> str:
    if report.scope == "basis":
        return _("Verschil = Was - Wordt (2); -/- = nadeel")
    return _("Verschil = Was - Wordt (1); -/- = nadeel")


def diff_notes(report: Verschil) -> list[str]:
    """What an empty cell means, and one line on the cells where the file's own table differs
    from the computed one."""
    notes = _lege_kostensoorten(report)
    if not report.afrondingen:
        return notes
    cells = "; ".join(
        _("{kostensoort} {kolom} {opgegeven} (berekend {berekend})").format(
            kostensoort=kostensoort_label(a.kostensoort), kolom=_(KOLOM_LABELS[a.kolom]),
            opgegeven=bedrag(a.opgegeven, None), berekend=bedrag(a.berekend, None))
        for a in report.afrondingen)
    return [*notes,
            _("Het bestand geeft andere bedragen op dan berekend: {cellen}").format(cellen=cells)]


def _lege_kostensoorten(report: Verschil) -> list[str]:
    """Per column of the Was/Wordt table with empty cells: which budget does not give what."""
    notes = []
    for kolom, begroting in (("was", report.was), ("wordt", report.wordt),
                             ("kassiersfunctie", report.wordt), ("wordt_basis", report.wordt)):
        leeg = [r.kostensoort for r in report.kostensoorten if getattr(r, kolom) is None]
        if not leeg:
            continue
        naam, label = begroting.begroting.naam, _(KOLOM_LABELS[kolom])
        if len(leeg) == len(report.kostensoorten):
            note = _("Leeg onder {kolom}: {bron} geeft geen lasten per kostensoort voor de hele "
                     "begroting.").format(kolom=label, bron=naam)
            if kolom == "was" and report.scope.value == "totaal":
                note += " " + _("Met --scope basis vergelijkt diff de basisbegroting.")
        else:
            rijen = ", ".join(kostensoort_label(k) for k in leeg if k != "totaal") or (
                kostensoort_label("totaal"))
            note = _("Leeg onder {kolom}: {bron} geeft geen bedrag voor {waar}.").format(
                kolom=label, bron=naam, waar=rijen)
        notes.append(note[:-1] if note.endswith("..") else note)
    if any(r.verschil is None for r in report.kostensoorten):
        notes.append(_("Zonder beide bedragen is er geen verschil."))
    return notes


KOLOM_LABELS = {"was": N_("Was"), "wordt": N_("Wordt (1)"),
                 "kassiersfunctie": N_("Kassiersfunctie"), "wordt_basis": N_("Wordt (2)")}


def verklaring_title() -> str:
    return _("Verklaring verschil (-/- = nadeel)")


def verklaring_header() -> list[str]:
    return [_("Verklaring verschil"), _("Bedrag")]


def verklaring_rows(report: Verschil) -> list[list[str]]:
    """Each item, the total, and what is left unexplained (when anything is): see
    verklaring_totaal and verklaring_onverklaard."""
    rows = [[item.omschrijving, nadeel(or_zero(item.bedrag))]
            for item in report.verklaring or ()]
    rows.append([_("Totaal"), nadeel(report.verklaard)])
    if verklaring_onverklaard(report):
        rows.append([_("Onverklaard"), nadeel(report.onverklaard)])
    return rows


def verklaring_onverklaard(report: Verschil) -> bool:
    """Whether verklaring_rows ends with what is unexplained (after the totaal)."""
    return report.onverklaard is not None and bool(report.onverklaard.quantize(Decimal(1)))


def geen_verklaring(report: Verschil) -> str:
    return _("Geen verklaring verschil: beide begrotingen zijn van {jaar} (de verklaring van "
             "een begroting gaat over het verschil met het vorige jaar).").format(
        jaar=report.wordt.begroting.jaar)


def onverklaard_note(report: Verschil) -> str:
    return _("Onverklaard {bedrag} is meer dan afronding (grens {grens})").format(
        bedrag=nadeel(report.onverklaard), grens=bedrag(report.grens, 1))


def beleidsopgaven_title() -> str:
    return _("Beleidsopgaven (verschil = was - wordt)")


def geen_beleidsopgaven() -> str:
    return _("Geen gewijzigde beleidsopgaven.")


def beleidsopgaven_header() -> list[str]:
    return [_("Code"), _("Naam"), _("Status"), _("Was"), _("Wordt"), _("Verschil"),
            _("Toelichting")]


def beleidsopgaven_rows(report: Verschil, d: int, top: int | None = None) -> list[list[str]]:
    lines = report.regels or ()
    return [[line.code, line.naam, _(STATUS_LABELS[line.status]), bedrag(line.was, d),
             bedrag(line.wordt, d), bedrag(line.verschil, d), _toelichting(line, d)]
            for line in lines[:top]]


def beleidsopgaven_notes(report: Verschil, top: int | None, d: int = 0) -> list[str]:
    """What --top left out: how many beleidsopgaven, and their verschil together."""
    weg = niet_getoond(report, top)
    if not weg:
        return []
    top_ = top or 0
    verschil = bedrag(_sum(line.verschil for line in weg), d)
    if all(line.status is not Status.ongewijzigd for line in weg):
        text = ngettext("en {n} andere gewijzigde beleidsopgave (verschil {verschil}), niet "
                        "getoond (--top {top})",
                        "en {n} andere gewijzigde beleidsopgaven (verschil samen {verschil}), "
                        "niet getoond (--top {top})", len(weg))
    else:
        text = ngettext("en {n} andere beleidsopgave (verschil {verschil}), niet getoond "
                        "(--top {top})",
                        "en {n} andere beleidsopgaven (verschil samen {verschil}), niet getoond "
                        "(--top {top})", len(weg))
    return [text.format(n=aantal(len(weg)), verschil=verschil, top=top_)]


def niet_getoond(report: Verschil, top: int | None) -> tuple[RegelVerschil, ...]:
    """The beleidsopgaven that --top leaves out."""
    if top is None or report.regels is None:
        return ()
    return report.regels[top:]


def aantal(n: int) -> str:
    """A count the Dutch way: 100.000."""
    return f"{n:,}".replace(",", ".")


def _toelichting(line: RegelVerschil, decimals: int) -> str:
    """The notes, then each part that changed by as much as the table shows."""
    notes = [opmerking.vertaald() if isinstance(opmerking, Opmerking) else opmerking
             for opmerking in line.opmerkingen]
    if line.status is Status.gewijzigd:
        notes += [f"{_(PARTS[k])} {bedrag(v, decimals)}" for k, v in line.per_deel.items()
                  if k in PARTS and _shown(v, decimals)]
    return "; ".join(notes)


def _shown(amount: Decimal, decimals: int) -> bool:
    """Whether amount is not 0 once rounded as the tables print it."""
    return bool(amount.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP))


def indexering_title(report: Indexering, bron: str) -> str:
    """The line above the indexation table: from which budget to which, over how many years."""
    meta = report.begroting.begroting
    return _("Indexatie {bron} -> {naam} ({jaren}, {eenheid})").format(
        bron=bron, naam=meta.naam, eenheid=eenheid(meta.eenheid, meta.valuta),
        jaren=ngettext("{n} jaar", "{n} jaar", report.jaren).format(n=report.jaren))


def indexering_header() -> list[str]:
    return [_("Tarief"), _("Per jaar"), _("Werkt op"), _("Toegevoegd")]


def indexering_notes(report: Indexering, d: int) -> list[str]:
    """Compounding, the totals before and after (d decimals), overhead re-allocation, rounding."""
    notes = []
    if report.jaren > 1:
        rates = ", ".join(
            _("{naam} {tarief} per jaar = {samengesteld}").format(
                naam=t.naam, tarief=procent(t.tarief, None),
                samengesteld=procent((1 + t.tarief) ** report.jaren - 1, 2))
            for t in report.toegevoegd)
        notes.append(ngettext("De tarieven zijn per jaar samengesteld over {n} jaar: {tarieven}.",
                              "De tarieven zijn per jaar samengesteld over {n} jaar: {tarieven}.",
                              report.jaren).format(n=report.jaren, tarieven=rates))
    if report.was is not None and report.wordt is not None:
        notes.append(_("Totale lasten: {was} -> {wordt}").format(
            was=bedrag(report.was, d), wordt=bedrag(report.wordt, d)))
    if report.overhead_was is not None and report.overhead_wordt is not None:
        notes.append(_("Overhead herverdeeld over de directe personeelslasten: {was} -> {wordt}")
                     .format(was=procent(report.overhead_was),
                             wordt=procent(report.overhead_wordt)))
    if any(report.afronding.values()):
        parts = ", ".join(f"{_(PARTS[k])} {bedrag(v, None)}" for k, v in report.afronding.items())
        notes.append(_("{afgerond}; afgerond min exact: {verschillen}").format(
            afgerond=afgerond_op(report.decimalen), verschillen=parts))
    return notes + list(report.niet)


def afgerond_op(decimals: tuple[int, ...]) -> str:
    """What index rounded the lines' amounts to: each to the decimals it had in the source."""
    if decimals == (0,):
        return _("Afgerond op hele eenheden (overhead met de grootsterestmethode, zodat de "
                 "totalen sluiten)")
    names = [_decimalen_naam(d) for d in decimals]
    if len(decimals) == 1:
        return _("Afgerond op {decimalen}").format(decimalen=names[0])
    shown = _("{eerste} of {laatste}").format(eerste=", ".join(names[:-1]), laatste=names[-1])
    if 0 in decimals:  # only whole overheads are shared out by largest remainder
        return _("Elk bedrag afgerond zoals het in de bron stond: {decimalen} (overhead in hele "
                 "eenheden met de grootsterestmethode)").format(decimalen=shown)
    return _("Elk bedrag afgerond zoals het in de bron stond: {decimalen}").format(
        decimalen=shown)


def _decimalen_naam(decimals: int) -> str:
    if decimals == 0:
        return _("hele eenheden")
    return ngettext("{n} decimaal", "{n} decimalen", decimals).format(n=decimals)


def raming_header(report: Raming) -> list[str]:
    return [_("Code"), _("Programma"), *(str(jaar) for jaar in report.jaren)]


def raming_rows(report: Raming) -> list[list[str]]:
    """A row per programme, the total, and the indexation of each year: the last two rows."""
    d = decimalen(report.begroting)
    rows = [[code, naam, *(bedrag(t, d) for t in totalen)]
            for code, naam, totalen in report.programmas]
    rows.append(["", _("Totaal"), *(bedrag(t, d) for t in report.totaal)])
    rows.append(["", _("Indexatie t.o.v. vorig jaar"),
                 *(bedrag(t, d) for t in report.indexatie)])
    return rows


def raming_note(report: Raming) -> str:
    rates = ", ".join(f"{naam} {procent(t, None)}" for naam, t in report.tarieven.items())
    return _("Tarieven per jaar: {tarieven}; elk jaar geïndexeerd vanuit het vorige.").format(
        tarieven=rates or _("geen"))


SOORT_LABELS = {
    "lasten": N_("Lasten"),
    "baten": N_("Baten"),
    "saldo": N_("Saldo"),
    "toevoeging_reserve": N_("Toevoeging reserves"),
    "onttrekking_reserve": N_("Onttrekking reserves"),
    "mutatie_reserves": N_("Mutatie reserves"),
    "resultaat": N_("Resultaat"),
}
"""Row labels of the overview of baten en lasten; shown through _()."""

TOTAAL_LABELS = {
    "lasten": N_("Totaal lasten"),
    "baten": N_("Totaal baten"),
    "saldo": N_("Saldo van baten en lasten"),
    "toevoeging_reserve": N_("Toevoegingen aan reserves"),
    "onttrekking_reserve": N_("Onttrekkingen aan reserves"),
    "mutatie_reserves": N_("Mutatie reserves"),
    "resultaat": N_("Resultaat"),
}
"""Row labels of the budget as a whole, as the BBV overview prints them; shown through _()."""

RICHTING = {"saldo": "N", "mutatie_reserves": "N", "resultaat": "N"}
"""The soorten shown with N/V: what a positive amount is (a nadeel)."""

VERSCHIL_RICHTING = {"lasten": "V", "baten": "N", "saldo": "V", "toevoeging_reserve": "V",
                     "onttrekking_reserve": "N", "mutatie_reserves": "V", "resultaat": "V"}
"""What a positive verschil (was - wordt) is per soort: less cost is a voordeel, less income a
nadeel."""

def overzicht_caption(report: Overzicht) -> str:
    """The sign convention under the table."""
    if report.verschillen:
        return _("Saldo, mutatie reserves en resultaat: N = nadeel, V = voordeel. Verschil = "
                 "begroting (na wijziging) - rekening, met N of V.")
    return _("Saldo, mutatie reserves en resultaat: N = nadeel, V = voordeel.")


def kolom_label(kolom: Kolom) -> str:
    """A column header in two lines: "Begroting\\n2024", "Verschil\\n2021". A period is named
    as the file names it, in every language."""
    if isinstance(kolom, VerschilKolom):
        return f"{_('Verschil')}\n{kolom.wordt.jaar}"
    kind = {PeriodeSoort.NA_WIJZIGING: "Na wijziging"}.get(kolom.soort,
                                                            kolom.soort.value.capitalize())
    return f"{kind}\n{kolom.jaar}"


def overzicht_bij_vorige(report: Overzicht) -> list[bool]:
    """Per column of the overview, whether it belongs with the column before it: a verschil
    with the rekening it is of, and that with the period it is compared with."""
    kolommen = report.kolommen
    samen = []
    for index, kolom in enumerate(kolommen):
        if isinstance(kolom, VerschilKolom):
            samen.append(True)
            continue
        volgende = kolommen[index + 1:index + 2]
        samen.append(bool(volgende) and isinstance(volgende[0], VerschilKolom) and index > 0
                     and volgende[0].wordt == kolom and kolommen[index - 1] == volgende[0].was)
    return samen


def overzicht_header(report: Overzicht) -> list[str]:
    return [_("Code"), _("Naam"), "", *(kolom_label(k) for k in report.kolommen)]


def overzicht_cell(report: Overzicht, cijfers: Cijfers, soort: str, kolom: Kolom) -> str:
    """One figure the Dutch way: N/V for a saldo, "+ p.m." where p.m. is part of it, "*" where
    it is a sum of what the regels give and some give it only inside a saldo."""
    amount = waarde(cijfers, soort, kolom)
    if amount is None:
        return ""
    decimals = report_decimalen(report)
    if isinstance(kolom, VerschilKolom):
        text = richting(amount, decimals, VERSCHIL_RICHTING[soort])
    elif soort in RICHTING:
        text = richting(amount, decimals, RICHTING[soort])
    else:
        text = bedrag(amount, decimals)
    if is_deels(cijfers, soort, kolom):
        text = f"{text} {DEELS_MARK}"
    return f"{text} {PM_MARK}" if is_pm_in(cijfers, soort, kolom) else text


def report_decimalen(report: Overzicht) -> int:
    """The decimals the tables show: as many as the file's amounts have."""
    return decimalen(report.begroting)


def overzicht_rows(report: Overzicht, detail: bool,
                   totaal: bool = True) -> list[tuple[str, list[str]]]:
    """(kind, cells): per programme a row per soort it has, its regels under it when detail,
    then the budget as a whole (unless not totaal). kind is "programma", "regel" or "totaal"."""
    result: list[tuple[str, list[str]]] = []
    for programma in report.programmas:
        result += _soort_rows("programma", programma.programma.code, programma.programma.naam,
                              report, programma.cijfers)
        for regel in programma.regels if detail else ():
            result += _soort_rows("regel", regel.regel.code, regel.regel.naam, report,
                                  regel.cijfers)
    for soort in report.soorten if totaal else ():
        cells = [overzicht_cell(report, report.cijfers, soort, k) for k in report.kolommen]
        if any(cells):
            result.append(("totaal", ["", _(TOTAAL_LABELS[soort]), "", *cells]))
    return result


def _soort_rows(kind: str, code: str, naam: str, report: Overzicht,
                cijfers: Cijfers) -> list[tuple[str, list[str]]]:
    rows: list[tuple[str, list[str]]] = []
    for soort in report.soorten:
        if soort not in cijfers.waarden or (soort == "resultaat" and not _reserves(cijfers)):
            continue
        cells = [overzicht_cell(report, cijfers, soort, k) for k in report.kolommen]
        first = not rows
        rows.append((kind, [code if first else "", naam if first else "",
                            _(SOORT_LABELS[soort]), *cells]))
    return rows


def _reserves(cijfers: Cijfers) -> bool:
    return "mutatie_reserves" in cijfers.waarden


def overzicht_notes(report: Overzicht) -> list[str]:
    """Periods that not every programme gives: their totals are of those that do; and what a
    sum marked * leaves out."""
    notes = []
    if _deels(report):
        notes.append(_("{teken} Deels: een regel of programma geeft dit bedrag niet apart, maar "
                       "alleen in een saldo (of een mutatie); de som is van wat er apart is.")
                     .format(teken=DEELS_MARK))
    for periode in report.perioden:
        giving = [p.programma.code for p in report.programmas if periode in p.cijfers.perioden()]
        if not report.programmas or len(giving) == len(report.programmas):
            continue
        if len(giving) <= 5:
            notes.append(ngettext(
                "{periode}: alleen programma {codes}; de totalen van die kolom zijn van wat er is.",
                "{periode}: alleen de programma's {codes}; de totalen van die kolom zijn van wat "
                "er is.", len(giving)).format(periode=str(periode).capitalize(),
                                              codes=", ".join(giving)))
        else:
            notes.append(_("{periode}: alleen {n} van de {alle} programma's; de totalen van die "
                           "kolom zijn van wat er is.").format(
                periode=str(periode).capitalize(), n=len(giving), alle=len(report.programmas)))
    return notes


def _deels(report: Overzicht) -> bool:
    """Whether a figure of the overview is a sum that is not all of it."""
    return bool(report.cijfers.onvolledig) or any(
        p.cijfers.onvolledig or any(r.cijfers.onvolledig for r in p.regels)
        for p in report.programmas)


def taakveld_header(report: PerTaakveld) -> list[str]:
    return [_("Taakveld"), _("Naam"), "", *(kolom_label(k) for k in report.overzicht.kolommen)]


def taakveld_rows(report: PerTaakveld) -> list[tuple[str, list[str]]]:
    """Per taakveld a row per soort it has, then the budget as a whole."""
    result: list[tuple[str, list[str]]] = []
    for taakveld in report.taakvelden:
        naam = taakveld.naam or (_("zonder taakveld") if not taakveld.code
                                 else _("niet in de lijst"))
        result += _soort_rows("taakveld", taakveld.code, naam, report.overzicht,
                              taakveld.cijfers)
    overzicht = report.overzicht
    for soort in overzicht.soorten:
        cells = [overzicht_cell(overzicht, overzicht.cijfers, soort, k)
                 for k in overzicht.kolommen]
        if any(cells):
            result.append(("totaal", ["", _(TOTAAL_LABELS[soort]), "", *cells]))
    return result


def vergelijking_title(report: Vergelijking) -> str:
    was, wordt = report.was.begroting.begroting, report.wordt.begroting.begroting
    unit = eenheid(wordt.eenheid, wordt.valuta)
    if report.was is report.wordt:
        return f"{wordt.naam}: {report.was_periode} -> {report.wordt_periode} ({unit})"
    return (f"{was.naam} ({report.was_periode}) -> {wordt.naam} ({report.wordt_periode}) "
            f"({unit})")


def vergelijking_header(report: Vergelijking) -> list[str]:
    return [_("Code"), _("Naam"), "", f"{_('Was')}\n{kolom_label(report.was_periode)}",
            f"{_('Wordt')}\n{kolom_label(report.wordt_periode)}", _("Verschil")]


def vergelijking_caption() -> str:
    return _("Verschil = Was - Wordt, met V (voordeel) of N (nadeel); saldo, mutatie reserves en "
             "resultaat: N = nadeel, V = voordeel.")


def vergelijking_rows(report: Vergelijking) -> list[tuple[str, list[str]]]:
    """Per programme a row per soort, its status after its name; then the budget as a whole."""
    decimals = max(report_decimalen(report.was), report_decimalen(report.wordt))
    result: list[tuple[str, list[str]]] = []
    for programma in report.programmas:
        first = True
        for soort in report.soorten:
            paar = programma.bedragen.get(soort)
            if paar is None or (soort == "resultaat"
                                and "mutatie_reserves" not in programma.bedragen):
                continue
            naam = programma.naam if programma.status is Status.gewijzigd or \
                programma.status is Status.ongewijzigd else f"{programma.naam} " \
                f"({_(STATUS_LABELS[programma.status])})"
            result.append(("programma", [programma.code if first else "", naam if first else "",
                                         _(SOORT_LABELS[soort]), *_paar(paar, soort, decimals)]))
            first = False
    for soort in report.soorten:
        paar = report.totaal.get(soort)
        if paar is not None:
            result.append(("totaal", ["", _(TOTAAL_LABELS[soort]), "",
                                      *_paar(paar, soort, decimals)]))
    return result


def vergelijking_notes(report: Vergelijking) -> list[str]:
    """What an empty cell means: which period gives no figure for what; then no verschil."""
    notes = []
    for kolom, overzicht, periode, kant in (
            (N_("Was"), report.was, report.was_periode, "was"),
            (N_("Wordt"), report.wordt, report.wordt_periode, "wordt")):
        waar = []
        for programma in report.programmas:
            if programma.status in (Status.nieuw, Status.vervallen):
                continue  # the table says so after its name
            leeg = [_(SOORT_LABELS[soort]).lower() for soort, paar in programma.bedragen.items()
                    if getattr(paar, kant) is None and _getoond(soort, programma.bedragen)]
            if leeg:
                waar.append(f"{programma.code} ({', '.join(leeg)})")
        if any(getattr(paar, kant) is None for paar in report.totaal.values()):
            waar.append(_("het totaal"))
        if not waar:
            continue
        bron = str(periode) if report.was is report.wordt else _(
            "{naam} ({periode})").format(naam=overzicht.begroting.begroting.naam,
                                         periode=periode)
        plaatsen = "; ".join(waar) if len(waar) <= 5 else ngettext(
            "{n} programma", "{n} programma's", len(waar)).format(n=len(waar))
        notes.append(_("Leeg onder {kolom}: {bron} geeft geen bedrag voor {waar}.").format(
            kolom=_(kolom), bron=bron, waar=plaatsen))
    if notes:
        notes.append(_("Zonder beide bedragen is er geen verschil."))
    return notes


def _getoond(soort: str, bedragen: dict[str, Paar]) -> bool:
    """Whether vergelijking_rows shows a row for the soort (resultaat only with reserves)."""
    return soort != "resultaat" or "mutatie_reserves" in bedragen


def _paar(paar: Paar, soort: str, decimals: int) -> list[str]:
    def shown(amount: Decimal | None) -> str:
        if amount is None:
            return ""
        if soort in RICHTING:
            return richting(amount, decimals, RICHTING[soort])
        return bedrag(amount, decimals)

    verschil = "" if paar.verschil is None else richting(paar.verschil, decimals,
                                                        VERSCHIL_RICHTING[soort])
    # each side marks its own p.m.; the verschil has p.m. in it when either side has
    cells = [(shown(paar.was), paar.was_pm), (shown(paar.wordt), paar.wordt_pm),
             (verschil, paar.pm)]
    return [f"{c} {PM_MARK}" if c and pm else c for c, pm in cells]
