"""CSV for spreadsheets: one row per programme and beleidsopgave, amounts exact with a '.'."""

from __future__ import annotations

import csv
from dataclasses import replace
from decimal import Decimal
from typing import TextIO

from begroting_cli import engine
from begroting_cli.diff import Verschil
from begroting_cli.engine import ProgrammaTotaal, Totalen
from begroting_cli.indexatie import Raming
from begroting_cli.model import DELEN, Bedrag
from begroting_cli.notation import exact
from begroting_cli.render.rows import KOSTENSOORT_LABELS

TOTALS_HEADER = [
    "niveau", "code", "naam", "programmalasten", "directe_personeelslasten", "overhead",
    "totaal", "totaal_opgegeven", "basis", "kassiersfunctie", "pm",
]


def totals(report: Totalen, out: TextIO, *, detail: bool) -> None:
    """Programmes, each followed by its beleidsopgaven, and the budget's total last.

    Always every line: detail is for the tables.
    """
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TOTALS_HEADER)
    for row in report.programmas:
        writer.writerows(_programma(row))
    writer.writerow(["begroting", "", report.begroting.begroting.naam, "", "", "",
                     cell(report.totaal), "", cell(report.basis), cell(report.kassiersfunctie),
                     _flag(report.pm)])


def programma(report: Totalen, out: TextIO, *, programma: ProgrammaTotaal) -> None:
    """One programme: the totals with only that programme."""
    totals(replace(report, programmas=(programma,)), out, detail=True)


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
    return exact(amount) if isinstance(amount, Decimal) else str(amount)


def _flag(value: bool) -> str:
    return "true" if value else "false"


DIFF_HEADER = ["sectie", "code", "omschrijving", "status", "was", "wordt", "kassiersfunctie",
               "wordt_basis", "verschil"]


def diff(report: Verschil, out: TextIO, *, top: int | None) -> None:
    """One table with a `sectie` column: kostensoort, verklaring, beleidsopgave."""
    writer = csv.writer(out, lineterminator="\n")
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


def raming(report: Raming, out: TextIO) -> None:
    """A row per programme, then totaal and indexatie; a column per year."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "naam", *(str(jaar) for jaar in report.jaren)])
    for code, naam, totalen in report.programmas:
        writer.writerow([code, naam, *(cell(t) for t in totalen)])
    writer.writerow(["totaal", "Totaal", *(cell(t) for t in report.totaal)])
    writer.writerow(["indexatie", "Indexatie t.o.v. vorig jaar",
                     *(cell(t) for t in report.indexatie)])
