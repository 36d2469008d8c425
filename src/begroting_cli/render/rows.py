"""The cells of the totals tables in Dutch notation, shared by the table and Markdown renderers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from begroting_cli import engine
from begroting_cli.diff import RegelVerschil, Status, Verschil
from begroting_cli.engine import Precisie, ProgrammaTotaal, Totalen
from begroting_cli.indexatie import Indexering, Raming
from begroting_cli.model import Begroting, PeriodeSoort, Pm, or_zero
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
from begroting_cli.vergelijking import Paar, Vergelijking

PM_MARK = "+ p.m."
DEELS_MARK = "*"
"""After a sum that is not all of it; overzicht_notes says what is missing."""

KOSTENSOORT_LABELS = {
    "programmalasten": "Programmalasten",
    "personeelslasten_direct": "Personeelslasten (direct)",
    "personeelslasten_overig": "Personeelslasten (overig)",
    "huisvesting": "Huisvesting c.a.",
    "totaal": "Totaal",
}
"""Row labels of the Was/Wordt table, as the source prints them."""

PARTS = {
    "programmalasten": "Progr.lasten",
    "directe_personeelslasten": "Dir. pers.",
    "overhead": "Overhead",
}


def programma_header(detail: bool) -> list[str]:
    parts = list(PARTS.values()) if detail else []
    return ["Code", "Naam", *parts, "Totaal", "p.m.", "Basis", "Kassiersfunctie"]


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
        "", "Totaal", *parts, bedrag(_sum(p.totaal for p in rows), decimals),
        PM_MARK if any(p.pm for p in rows) else "",
        bedrag(_sum(p.basis for p in rows), decimals),
        bedrag(_sum(p.kassiersfunctie for p in rows), decimals),
    ]


KOSTENSOORTEN_HEADER = ["Kostensoort", "Totaal (1)", "Kassiersfunctie", "Basis (2)"]


def kostensoorten_rows(report: Totalen) -> list[list[str]]:
    columns = [report.kostensoorten[name] for name in ("lasten", "kassiersfunctie", "basis")]
    decimals = decimalen(report.begroting)
    return [[label, *(bedrag(column[key], decimals) for column in columns)]
            for key, label in KOSTENSOORT_LABELS.items()]


def notes(report: Totalen) -> list[str]:
    """The lines under the tables: overhead rate and the indexation contained."""
    lines = []
    if report.overhead_tarief is not None:
        lines.append(f"Overhead: {procent(report.overhead_tarief)} van de directe personeelslasten")
    for name, amount in report.indexatie.items():
        rate = procent(report.begroting.indexatie[name], None)
        contained = "onbekend" if amount is None else bedrag(amount)
        lines.append(f"Indexatie {name} ({rate}): {contained} in de bedragen")
    return lines


def _sum(amounts: Iterable[Decimal]) -> Decimal:
    return sum(amounts, engine.ZERO)


DIFF_HEADER = ["Kostensoort", "Was", "Wordt (1)", "Kassiersfunctie", "Wordt (2)", "Verschil"]


def diff_decimalen(report: Verschil) -> int:
    """The decimals diff's tables show: as many as the more precise of the two files has.

    Worked out once per diff: it reads every amount of both budgets.
    """
    return max(decimalen(report.was), decimalen(report.wordt))


def diff_rows(report: Verschil, d: int) -> list[list[str]]:
    """The Was/Wordt table as the source prints it (Kassiersfunctie negative), d decimals."""
    return [[KOSTENSOORT_LABELS[r.kostensoort], bedrag(r.was, d), bedrag(r.wordt, d),
             bedrag(None if r.kassiersfunctie is None else -r.kassiersfunctie, d),
             bedrag(r.wordt_basis, d), bedrag(r.verschil, d)] for r in report.kostensoorten]


def diff_caption(report: Verschil) -> str:
    wordt = "Wordt (2)" if report.scope == "basis" else "Wordt (1)"
    return f"Verschil = Was - {wordt}; -/- = nadeel"


def diff_notes(report: Verschil) -> list[str]:
    """One line on the cells where the file's own table differs from the computed one."""
    if not report.afrondingen:
        return []
    cells = "; ".join(
        f"{KOSTENSOORT_LABELS[a.kostensoort]} {_KOLOM_LABELS[a.kolom]} {bedrag(a.opgegeven, None)}"
        f" (berekend {bedrag(a.berekend, None)})" for a in report.afrondingen)
    return [f"Het bestand noemt andere bedragen dan berekend: {cells}"]


_KOLOM_LABELS = {"was": "Was", "wordt": "Wordt (1)", "kassiersfunctie": "Kassiersfunctie",
                 "wordt_basis": "Wordt (2)"}

VERKLARING_HEADER = ["Verklaring verschil", "Bedrag"]


def verklaring_rows(report: Verschil) -> list[list[str]]:
    """Each item, the total, and what is left unexplained (when anything is)."""
    rows = [[item.omschrijving, nadeel(or_zero(item.bedrag))]
            for item in report.verklaring or ()]
    rows.append(["Totaal", nadeel(report.verklaard)])
    if report.onverklaard is not None and report.onverklaard.quantize(Decimal(1)):
        rows.append(["Onverklaard", nadeel(report.onverklaard)])
    return rows


def geen_verklaring(report: Verschil) -> str:
    return (f"Geen verklaring verschil: beide begrotingen zijn van {report.wordt.begroting.jaar}"
            " (de verklaring van een begroting gaat over het verschil met het vorige jaar).")


def onverklaard_note(report: Verschil) -> str:
    return (f"Onverklaard {nadeel(report.onverklaard)} is meer dan afronding "
            f"(grens {bedrag(report.grens, 1)})")


BELEIDSOPGAVEN_HEADER = ["Code", "Naam", "Status", "Was", "Wordt", "Verschil", "Toelichting"]


def beleidsopgaven_rows(report: Verschil, d: int, top: int | None = None) -> list[list[str]]:
    lines = report.regels or ()
    return [[line.code, line.naam, line.status.value, bedrag(line.was, d), bedrag(line.wordt, d),
             bedrag(line.verschil, d), _toelichting(line, d)] for line in lines[:top]]


def _toelichting(line: RegelVerschil, decimals: int) -> str:
    """The notes, then each part that changed by as much as the table shows."""
    notes = list(line.opmerkingen)
    if line.status is Status.gewijzigd:
        notes += [f"{PARTS[k]} {bedrag(v, decimals)}" for k, v in line.per_deel.items()
                  if k in PARTS and _shown(v, decimals)]
    return "; ".join(notes)


def _shown(amount: Decimal, decimals: int) -> bool:
    """Whether amount is not 0 once rounded as the tables print it."""
    return bool(amount.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP))


def indexering_notes(report: Indexering, d: int) -> list[str]:
    """Compounding, the totals before and after (d decimals), overhead re-allocation, rounding."""
    notes = []
    if report.jaren > 1:
        rates = ", ".join(
            f"{t.naam} {procent(t.tarief, None)} per jaar = "
            f"{procent((1 + t.tarief) ** report.jaren - 1, 2)}" for t in report.toegevoegd)
        notes.append(f"De tarieven zijn per jaar samengesteld over {report.jaren} jaar: {rates}.")
    if report.was is not None and report.wordt is not None:
        notes.append(f"Totale lasten: {bedrag(report.was, d)} -> {bedrag(report.wordt, d)}")
    if report.overhead_was is not None and report.overhead_wordt is not None:
        notes.append(f"Overhead herverdeeld over de directe personeelslasten: "
                     f"{procent(report.overhead_was)} -> {procent(report.overhead_wordt)}")
    if any(report.afronding.values()):
        parts = ", ".join(f"{PARTS[k]} {bedrag(v, None)}" for k, v in report.afronding.items())
        notes.append(f"{afgerond_op(report.decimalen)}; afgerond min exact: {parts}")
    return notes + list(report.niet)


def afgerond_op(decimals: tuple[int, ...]) -> str:
    """What index rounded the lines' amounts to: each to the decimals it had in the source."""
    names = [_decimalen_naam(d) for d in decimals]
    grootsterest = "overhead met de grootsterestmethode, zodat de totalen sluiten"
    if decimals == (0,):
        return f"Afgerond op hele eenheden ({grootsterest})"
    if len(decimals) == 1:
        return f"Afgerond op {names[0]}"
    # only whole overheads are shared out by largest remainder (docs/indexation.md)
    overhead = " (overhead in hele eenheden met de grootsterestmethode)" if 0 in decimals else ""
    return f"Elk bedrag afgerond zoals het in de bron stond: {' of '.join(names)}{overhead}"


def _decimalen_naam(decimals: int) -> str:
    if decimals == 0:
        return "hele eenheden"
    return "1 decimaal" if decimals == 1 else f"{decimals} decimalen"


def raming_header(report: Raming) -> list[str]:
    return ["Code", "Programma", *(str(jaar) for jaar in report.jaren)]


def raming_rows(report: Raming) -> list[list[str]]:
    """A row per programme, the total, and the indexation of each year."""
    d = decimalen(report.begroting)
    rows = [[code, naam, *(bedrag(t, d) for t in totalen)]
            for code, naam, totalen in report.programmas]
    rows.append(["", "Totaal", *(bedrag(t, d) for t in report.totaal)])
    rows.append(["", "Indexatie t.o.v. vorig jaar", *(bedrag(t, d) for t in report.indexatie)])
    return rows


def raming_note(report: Raming) -> str:
    rates = ", ".join(f"{naam} {procent(t, None)}" for naam, t in report.tarieven.items())
    return f"Tarieven per jaar: {rates or 'geen'}; elk jaar geïndexeerd vanuit het vorige."


SOORT_LABELS = {
    "lasten": "Lasten",
    "baten": "Baten",
    "saldo": "Saldo",
    "toevoeging_reserve": "Toevoeging reserves",
    "onttrekking_reserve": "Onttrekking reserves",
    "mutatie_reserves": "Mutatie reserves",
    "resultaat": "Resultaat",
}
"""Row labels of the overview of baten en lasten."""

TOTAAL_LABELS = {
    "lasten": "Totaal lasten",
    "baten": "Totaal baten",
    "saldo": "Saldo van baten en lasten",
    "toevoeging_reserve": "Toevoegingen aan reserves",
    "onttrekking_reserve": "Onttrekkingen aan reserves",
    "mutatie_reserves": "Mutatie reserves",
    "resultaat": "Resultaat",
}
"""Row labels of the budget as a whole, as the BBV overview prints them."""

RICHTING = {"saldo": "N", "mutatie_reserves": "N", "resultaat": "N"}
"""The soorten shown with N/V: what a positive amount is (a nadeel)."""

VERSCHIL_RICHTING = {"lasten": "V", "baten": "N", "saldo": "V", "toevoeging_reserve": "V",
                     "onttrekking_reserve": "N", "mutatie_reserves": "V", "resultaat": "V"}
"""What a positive verschil (was - wordt) is per soort: less cost is a voordeel, less income a
nadeel."""

def overzicht_caption(report: Overzicht) -> str:
    """The sign convention under the table."""
    text = "Saldo, mutatie reserves en resultaat: N = nadeel, V = voordeel."
    if report.verschillen:
        text += " Verschil = begroting (na wijziging) - rekening, met N of V."
    return text


def kolom_label(kolom: Kolom) -> str:
    """A column header in two lines: "Begroting\\n2024", "Verschil\\n2021"."""
    if isinstance(kolom, VerschilKolom):
        return f"Verschil\n{kolom.wordt.jaar}"
    kind = {PeriodeSoort.NA_WIJZIGING: "Na wijziging"}.get(kolom.soort,
                                                            kolom.soort.value.capitalize())
    return f"{kind}\n{kolom.jaar}"


def overzicht_header(report: Overzicht) -> list[str]:
    return ["Code", "Naam", "", *(kolom_label(k) for k in report.kolommen)]


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
            result.append(("totaal", ["", TOTAAL_LABELS[soort], "", *cells]))
    return result


def _soort_rows(kind: str, code: str, naam: str, report: Overzicht,
                cijfers: Cijfers) -> list[tuple[str, list[str]]]:
    rows: list[tuple[str, list[str]]] = []
    for soort in report.soorten:
        if soort not in cijfers.waarden or (soort == "resultaat" and not _reserves(cijfers)):
            continue
        cells = [overzicht_cell(report, cijfers, soort, k) for k in report.kolommen]
        first = not rows
        rows.append((kind, [code if first else "", naam if first else "", SOORT_LABELS[soort],
                            *cells]))
    return rows


def _reserves(cijfers: Cijfers) -> bool:
    return "mutatie_reserves" in cijfers.waarden


def overzicht_notes(report: Overzicht) -> list[str]:
    """Periods that not every programme gives: their totals are of those that do; and what a
    sum marked * leaves out."""
    notes = []
    if _deels(report):
        notes.append(f"{DEELS_MARK} Deels: een regel of programma geeft dit bedrag niet apart, "
                     "maar alleen in een saldo (of een mutatie); de som is van wat er apart is.")
    for periode in report.perioden:
        giving = [p.programma.code for p in report.programmas if periode in p.cijfers.perioden()]
        if report.programmas and len(giving) < len(report.programmas):
            which = ", ".join(giving) if len(giving) <= 5 else f"{len(giving)} van de " \
                f"{len(report.programmas)}"
            notes.append(f"{str(periode).capitalize()}: alleen programma {which}; "
                         "de totalen van die kolom zijn van wat er is.")
    return notes


def _deels(report: Overzicht) -> bool:
    """Whether a figure of the overview is a sum that is not all of it."""
    return bool(report.cijfers.onvolledig) or any(
        p.cijfers.onvolledig or any(r.cijfers.onvolledig for r in p.regels)
        for p in report.programmas)


def taakveld_header(report: PerTaakveld) -> list[str]:
    return ["Taakveld", "Naam", "", *(kolom_label(k) for k in report.overzicht.kolommen)]


def taakveld_rows(report: PerTaakveld) -> list[tuple[str, list[str]]]:
    """Per taakveld a row per soort it has, then the budget as a whole."""
    result: list[tuple[str, list[str]]] = []
    for taakveld in report.taakvelden:
        naam = taakveld.naam or ("zonder taakveld" if not taakveld.code else "niet in de lijst")
        result += _soort_rows("taakveld", taakveld.code, naam, report.overzicht,
                              taakveld.cijfers)
    overzicht = report.overzicht
    for soort in overzicht.soorten:
        cells = [overzicht_cell(overzicht, overzicht.cijfers, soort, k)
                 for k in overzicht.kolommen]
        if any(cells):
            result.append(("totaal", ["", TOTAAL_LABELS[soort], "", *cells]))
    return result


def vergelijking_title(report: Vergelijking) -> str:
    was, wordt = report.was.begroting.begroting, report.wordt.begroting.begroting
    unit = eenheid(wordt.eenheid, wordt.valuta)
    if report.was is report.wordt:
        return f"{wordt.naam}: {report.was_periode} -> {report.wordt_periode} ({unit})"
    return (f"{was.naam} ({report.was_periode}) -> {wordt.naam} ({report.wordt_periode}) "
            f"({unit})")


def vergelijking_header(report: Vergelijking) -> list[str]:
    return ["Code", "Naam", "", f"Was\n{kolom_label(report.was_periode)}",
            f"Wordt\n{kolom_label(report.wordt_periode)}", "Verschil"]


VERGELIJKING_CAPTION = ("Verschil = Was - Wordt, met V (voordeel) of N (nadeel); saldo, mutatie "
                        "reserves en resultaat: N = nadeel, V = voordeel.")


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
                programma.status is Status.ongewijzigd else f"{programma.naam} ({programma.status})"
            result.append(("programma", [programma.code if first else "", naam if first else "",
                                         SOORT_LABELS[soort], *_paar(paar, soort, decimals)]))
            first = False
    for soort in report.soorten:
        paar = report.totaal.get(soort)
        if paar is not None:
            result.append(("totaal", ["", TOTAAL_LABELS[soort], "", *_paar(paar, soort,
                                                                         decimals)]))
    return result


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
