"""CSV for spreadsheets: one row per programme and beleidsopgave, amounts exact with a '.'."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import TextIO

from begroting_cli import engine
from begroting_cli.diff import Verschil
from begroting_cli.engine import ProgrammaTotaal, Totalen
from begroting_cli.flat import KOLOMMEN, TEKENS
from begroting_cli.indexatie import Raming
from begroting_cli.model import DELEN, PM, SOORTEN, Bedrag, Periode, Regel, is_pm
from begroting_cli.notation import exact
from begroting_cli.overzicht import Cijfers, Opgegeven, Overzicht, PerTaakveld, per_periode
from begroting_cli.render.escape import csv_text
from begroting_cli.render.rows import KOSTENSOORT_LABELS, niet_getoond
from begroting_cli.vergelijking import Vergelijking

TOTALS_HEADER = [
    "niveau", "code", "naam", "programmalasten", "directe_personeelslasten", "overhead",
    "totaal", "totaal_opgegeven", "basis", "kassiersfunctie", "pm",
]


def totals(report: Totalen, out: TextIO, *, detail: bool, overzicht: Overzicht | None) -> None:
    """Programmes, each followed by its regels, and the budget's total last.

    Always every line: detail is for the tables. With an overview: every figure in the flat
    layout `begroting import` reads (docs/import.md), computed, baten and onttrekkingen negative.
    """
    writer = _writer(out)
    if overzicht is not None:
        _flat(overzicht, writer, totaal=True)
        return
    writer.writerow(TOTALS_HEADER)
    for row in report.programmas:
        writer.writerows(_programma(row))
    writer.writerow(["begroting", "", report.begroting.begroting.naam, "", "", "",
                     cell(report.totaal), "", cell(report.basis), cell(report.kassiersfunctie),
                     _flag(report.pm)])


def programma(report: Totalen, out: TextIO, *, programma: ProgrammaTotaal,
              overzicht: Overzicht | None) -> None:
    """One programme: the totals with only that programme."""
    if overzicht is not None:
        _flat(overzicht, _writer(out), totaal=False)
        return
    writer = _writer(out)  # the programme's own rows; no row of the budget as a whole
    writer.writerow(TOTALS_HEADER)
    writer.writerows(_programma(programma))


def _flat(report: Overzicht, writer: _Writer, totaal: bool) -> None:
    """One row per figure, in the columns of KOLOMMEN."""
    writer.writerow(KOLOMMEN)
    eigen = Periode.eigen(report.begroting.begroting.jaar)
    for programma in report.programmas:
        code, naam = programma.programma.code, programma.programma.naam
        writer.writerows(_figures([code, naam, "", "", ""], programma.cijfers,
                                  programma.opgegeven))
        for regel in programma.regels:
            first = [code, naam, regel.regel.code, regel.regel.naam, regel.regel.taakveld or ""]
            writer.writerows(_delen(first, regel.regel, eigen))
            writer.writerows(_figures(first, regel.cijfers, regel.opgegeven))
    if totaal:
        writer.writerows(_figures(["", "", "", "", ""], report.cijfers, report.opgegeven))


def _delen(first: list[str], regel: Regel, eigen: Periode) -> Iterator[list[str]]:
    """A regel's programmalasten, directe_personeelslasten and overhead, as the file states
    them: what `index` needs, and import reads back."""
    for deel in DELEN:
        for periode, amount in sorted(per_periode(getattr(regel, deel), eigen).items(),
                                      key=lambda item: item[0].sleutel):
            yield [*first, deel, str(periode), cell(amount)]


def _figures(first: list[str], cijfers: Cijfers,
             opgegeven: Opgegeven | None = None) -> Iterator[list[str]]:
    """The rows of one regel, programme or the budget: its figures, as import reads them back.
    A figure with p.m. in it is the stated "p.m." where the file states it so, and is left out
    where it is computed from one (import computes it again, as unknown); a sum that is not
    all of it is left out too: imported, it would be a stated figure, and a wrong one. Without
    what is stated (a taakveld's sums), a figure with p.m. in it is "p.m." where it is 0."""
    for soort in SOORTEN:
        for periode, amount in sorted(cijfers.waarden.get(soort, {}).items(),
                                      key=lambda item: item[0].sleutel):
            if (soort, periode) in cijfers.onvolledig:
                continue
            if (soort, periode) in cijfers.pm and (opgegeven is not None or not amount):
                if opgegeven is None or is_pm(opgegeven.get(soort, periode)):
                    yield [*first, soort, str(periode), cell(PM)]
                continue
            yield [*first, soort, str(periode), cell(-amount if soort in TEKENS else amount)]


def _programma(row: ProgrammaTotaal) -> list[list[str]]:
    parts = [cell(row.som(deel)) for deel in DELEN]
    result = [["programma", row.programma.code, row.programma.naam, *parts, cell(row.totaal),
               cell(row.programma.totaal), cell(row.basis), cell(row.kassiersfunctie),
               _flag(row.pm)]]
    for line in row.regels:
        opgave = line.regel
        kassiers = opgave.kassiersfunctie
        result.append([
            "beleidsopgave", opgave.code, opgave.naam,
            *(cell(engine.eigen(getattr(opgave, deel), line.periode)) for deel in DELEN),
            cell(line.totaal),
            cell(opgave.totaal), cell(engine.ZERO if kassiers else line.totaal),
            cell(line.totaal if kassiers else engine.ZERO), _flag(line.pm),
        ])
    return result


def cell(amount: Bedrag | None) -> str:
    """An amount as a CSV cell: exact, '.' as decimal point, "p.m." as is, empty when absent."""
    if amount is None:
        return ""
    return _Getal(exact(amount) if isinstance(amount, Decimal) else str(amount))


class _Getal(str):
    """A cell this module made from an amount: written as it is (-1650 is a number)."""


class _Writer:
    """A csv writer that writes every other cell through escape.csv_text: a budget's text is
    never a formula, nor a line that starts a CI command (docs/security.md)."""

    def __init__(self, out: TextIO) -> None:
        self._writer = csv.writer(out, lineterminator="\n")

    def writerow(self, row: Iterable[str]) -> None:
        self._writer.writerow([c if isinstance(c, _Getal) else csv_text(c) for c in row])

    def writerows(self, rows: Iterable[Iterable[str]]) -> None:
        for row in rows:
            self.writerow(row)


def _writer(out: TextIO) -> _Writer:
    return _Writer(out)


def _flag(value: bool) -> str:
    return "true" if value else "false"


DIFF_HEADER = ["sectie", "code", "omschrijving", "status", "was", "wordt", "kassiersfunctie",
               "wordt_basis", "verschil"]


def diff(report: Verschil, out: TextIO, *, top: int | None) -> None:
    """One table with a `sectie` column: kostensoort, verklaring, beleidsopgave. Its labels are
    Dutch in every language, as the source prints them: a CSV is read by programs too."""
    writer = _writer(out)
    writer.writerow(DIFF_HEADER)
    for r in report.kostensoorten:
        writer.writerow(["kostensoort", r.kostensoort, KOSTENSOORT_LABELS[r.kostensoort], "",
                         cell(r.was), cell(r.wordt), cell(r.kassiersfunctie),
                         cell(r.wordt_basis), cell(r.verschil)])
    for item in report.verklaring or ():
        writer.writerow(["verklaring", "", item.omschrijving, "", "", "", "", "",
                         cell(item.bedrag)])
    writer.writerow(["verklaring", "verklaard", "Totaal", "", "", "", "", "",
                     cell(report.verklaard)])
    writer.writerow(["verklaring", "onverklaard", "Onverklaard", "", "", "", "", "",
                     cell(report.onverklaard)])
    for line in (report.regels or ())[:top]:
        writer.writerow(["beleidsopgave", line.code, line.naam, line.status.value,
                         cell(line.was), cell(line.wordt), "", "", cell(line.verschil)])
    weg = niet_getoond(report, top)
    if weg:  # what --top left out: how many, and their sums, so that the columns add up
        writer.writerow(["niet_getoond", "beleidsopgaven",
                         f"{len(weg)} niet getoond (--top {top})", "",
                         cell(sum((line.was or engine.ZERO for line in weg), engine.ZERO)),
                         cell(sum((line.wordt or engine.ZERO for line in weg), engine.ZERO)),
                         "", "", cell(sum((line.verschil for line in weg), engine.ZERO))])


def taakvelden(report: PerTaakveld, out: TextIO) -> None:
    """One row per figure: taakveld, naam, soort, periode, bedrag (baten negative, as import)."""
    writer = _writer(out)
    writer.writerow(["taakveld", "naam", "soort", "periode", "bedrag"])
    for taakveld in report.taakvelden:
        for row in _figures([taakveld.code, taakveld.naam or ""], taakveld.cijfers):
            writer.writerow(row)


def vergelijking(report: Vergelijking, out: TextIO) -> None:
    """One row per programme and soort: was, wordt and verschil (was - wordt), exact."""
    writer = _writer(out)
    writer.writerow(["code", "naam", "status", "soort", "was", "wordt", "verschil"])
    for programma in report.programmas:
        for soort, paar in programma.bedragen.items():
            writer.writerow([programma.code, programma.naam, programma.status.value, soort,
                             cell(paar.was), cell(paar.wordt), cell(paar.verschil)])
    for soort, paar in report.totaal.items():
        writer.writerow(["", "Totaal", "", soort, cell(paar.was), cell(paar.wordt),
                         cell(paar.verschil)])


def raming(report: Raming, out: TextIO) -> None:
    """A row per programme, then totaal and indexatie; a column per year."""
    writer = _writer(out)
    writer.writerow(["code", "naam", *(str(jaar) for jaar in report.jaren)])
    for code, naam, totalen in report.programmas:
        writer.writerow([code, naam, *(cell(t) for t in totalen)])
    writer.writerow(["totaal", "Totaal", *(cell(t) for t in report.totaal)])
    writer.writerow(["indexatie", "Indexatie t.o.v. vorig jaar",
                     *(cell(t) for t in report.indexatie)])
