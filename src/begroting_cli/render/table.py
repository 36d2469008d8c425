"""Tables for a terminal, with rich; no colour on a pipe or when NO_COLOR is set."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table as RichTable

from begroting_cli.diff import Verschil
from begroting_cli.engine import ZERO, ProgrammaTotaal, Totalen
from begroting_cli.indexatie import Indexering, Raming
from begroting_cli.notation import bedrag, eenheid, procent
from begroting_cli.overzicht import Overzicht, PerTaakveld
from begroting_cli.render import rows as cells
from begroting_cli.render.escape import visible
from begroting_cli.render.rows import NAAM_KOLOM, kostensoort_label
from begroting_cli.tekst import _
from begroting_cli.vergelijking import Vergelijking


class _Console(Console):
    """A console that prints every text through escape.visible: control characters and
    invisible ones as escapes, never as what they do to a terminal."""

    def print(self, *objects: Any, **options: Any) -> None:
        super().print(*(visible(o) if isinstance(o, str) else o for o in objects), **options)


class Table(RichTable):
    """A rich table whose title and cells, where a budget's texts go, are shown as they are
    (escape.visible): a name cannot move the cursor, clear the screen or make a link. Headers,
    footers and captions are the tool's own (a header may break over two lines)."""

    def __init__(self, *headers: Any, title: str | None = None, **options: Any) -> None:
        super().__init__(*headers, title=_shown(title), **options)

    def add_row(self, *cells: Any, **options: Any) -> None:
        super().add_row(*(_shown(cell) for cell in cells), **options)


def _shown(text: Any) -> Any:
    return visible(text) if isinstance(text, str) else text


def console(out: TextIO) -> Console:
    """A console on out; a fixed width when it is not a terminal, so pipes and tests are stable.

    Budget texts are printed as they are: brackets are not rich markup, nor :name: an emoji,
    nor a control character anything but an escape.
    """
    return _Console(file=out, highlight=False, markup=False, emoji=False,
                    width=None if out.isatty() else 120)


def totals(report: Totalen, out: TextIO, *, detail: bool, overzicht: Overzicht | None) -> None:
    """Programmes (with their regels when detail), kostensoorten, overhead, indexatie.

    With an overview: baten, lasten, saldo, reserves and resultaat, a column per period.
    """
    screen = console(out)
    if overzicht is not None:
        screen.print(_overzicht(overzicht, cells.overzicht_title(report.begroting), detail))
        for line in cells.overzicht_notes(overzicht):
            screen.print(line)
        if any(v is not None for v in report.kostensoorten["lasten"].values()):
            screen.print(_kostensoorten(report, cells.kostensoorten_title(report.begroting)))
        for line in cells.notes(report):
            screen.print(line)
        return
    if report.programmas:
        screen.print(_programmas(report.programmas, cells.programmas_title(report.begroting),
                                 detail, cells.decimalen(report.begroting)))
    screen.print(_kostensoorten(report, cells.kostensoorten_title(report.begroting)))
    for line in cells.notes(report):
        screen.print(line)


def programma(report: Totalen, out: TextIO, *, programma: ProgrammaTotaal,
              overzicht: Overzicht | None) -> None:
    """One programme with its regels; with an overview, only that programme's part of it."""
    title = cells.programma_title(report.begroting, programma)
    if overzicht is not None:
        console(out).print(_overzicht(overzicht, title, detail=True, totaal=False))
        return
    console(out).print(_programmas((programma,), title, True, cells.decimalen(report.begroting)))


def _overzicht(report: Overzicht, title: str, detail: bool, totaal: bool = True) -> Table:
    table = Table(title=title, title_justify="left", caption=cells.overzicht_caption(report),
                  caption_justify="left")
    for index, header in enumerate(cells.overzicht_header(report)):
        table.add_column(header, justify="right" if index >= 3 else "left",
                         min_width=16 if index == NAAM_KOLOM else None)
    rows = cells.overzicht_rows(report, detail, totaal)
    for number, (kind, row) in enumerate(rows):
        if kind == "regel":
            row = [f"  {row[0]}" if row[0] else "", *row[1:]]
        table.add_row(*row, style="bold" if kind == "totaal" or (detail and kind == "programma")
                      else None, end_section=_group_ends(rows, number))
    return table


def _programmas(rows: Sequence[ProgrammaTotaal], title: str, detail: bool,
                decimals: int) -> Table:
    table = Table(title=title, title_justify="left", show_footer=True)
    footer = cells.programma_footer(rows, detail, decimals)
    for index, header in enumerate(cells.programma_header(detail)):
        numeric = index >= 2 and header != "p.m."
        table.add_column("" if header == "p.m." else header, footer=footer[index],
                         justify="right" if numeric else "left",
                         min_width=24 if index == NAAM_KOLOM else None)
    for kind, row in cells.programma_rows(rows, detail, decimals):
        if kind == "beleidsopgave":
            table.add_row(f"  {row[0]}", *row[1:])
        else:
            table.add_row(*row, style="bold" if detail else None)
    return table


def _kostensoorten(report: Totalen, title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for index, header in enumerate(cells.kostensoorten_header()):
        table.add_column(header, justify="right" if index else "left")
    rows = cells.kostensoorten_rows(report)
    for number, row in enumerate(rows):
        table.add_row(*row, style="bold" if number == len(rows) - 1 else None)
    return table


def diff(report: Verschil, out: TextIO, *, top: int | None) -> None:
    """The Was/Wordt table, the verklaring with what is unexplained, the changed lines."""
    screen = console(out)
    meta = report.wordt.begroting
    title = f"{report.was.begroting.naam} -> {meta.naam} ({eenheid(meta.eenheid, meta.valuta)})"
    table = Table(title=title, title_justify="left", caption=cells.diff_caption(report),
                  caption_justify="left")
    for index, header in enumerate(cells.diff_header()):
        table.add_column(header, justify="right" if index else "left")
    decimals = cells.diff_decimalen(report)
    rows = cells.diff_rows(report, decimals)
    for number, row in enumerate(rows):
        table.add_row(*row, style="bold" if number == len(rows) - 1 else None)
    screen.print(table)
    for line in cells.diff_notes(report):
        screen.print(line)
    if report.verklaring is None:
        screen.print(cells.geen_verklaring(report))
    else:
        verklaring = Table(title=cells.verklaring_title(), title_justify="left")
        for index, header in enumerate(cells.verklaring_header()):
            verklaring.add_column(header, justify="right" if index else "left")
        rows = cells.verklaring_rows(report)
        totaal = len(rows) - (2 if cells.verklaring_onverklaard(report) else 1)
        for number, row in enumerate(rows):
            alarm = number > totaal and report.onverklaard_buiten_afronding
            verklaring.add_row(*row, style="bold red" if alarm else
                               ("bold" if number == totaal else None))
        screen.print(verklaring)
    if report.onverklaard_buiten_afronding:
        screen.print(cells.onverklaard_note(report), style="bold red")
    if report.regels is not None:
        lines = Table(title=cells.beleidsopgaven_title(), title_justify="left")
        for index, header in enumerate(cells.beleidsopgaven_header()):
            lines.add_column(header, justify="right" if 3 <= index <= 5 else "left")
        for row in cells.beleidsopgaven_rows(report, decimals, top):
            lines.add_row(*row)
        screen.print(lines if report.regels else cells.geen_beleidsopgaven())


def indexering(report: Indexering, out: TextIO, *, bron: str) -> None:
    """What the indexation added, per rate and in total; overhead and rounding."""
    screen = console(out)
    screen.print(cells.indexering_title(report, bron))
    decimals = cells.decimalen(report.begroting)
    table = Table(show_footer=True)
    tarief, per_jaar, werkt_op, toegevoegd = cells.indexering_header()
    table.add_column(tarief, footer=_("Totaal"))
    table.add_column(per_jaar, justify="right")
    table.add_column(werkt_op)
    table.add_column(toegevoegd, justify="right",
                     footer=bedrag(sum((t.bedrag for t in report.toegevoegd), ZERO), decimals))
    for item in report.toegevoegd:
        table.add_row(item.naam, procent(item.tarief, None),
                      kostensoort_label(item.kostensoort), bedrag(item.bedrag, decimals))
    screen.print(table)
    for line in cells.indexering_notes(report, decimals):
        screen.print(line)


def taakvelden(report: PerTaakveld, out: TextIO) -> None:
    """The figures by Iv3 taakveld, a column per period."""
    table = Table(title=cells.taakvelden_title(report.overzicht.begroting), title_justify="left",
                  caption=cells.overzicht_caption(report.overzicht), caption_justify="left")
    for index, header in enumerate(cells.taakveld_header(report)):
        table.add_column(header, justify="right" if index >= 3 else "left",
                         min_width=16 if index == NAAM_KOLOM else None)
    rows = cells.taakveld_rows(report)
    for number, (kind, row) in enumerate(rows):
        table.add_row(*row, style="bold" if kind == "totaal" else None,
                      end_section=_group_ends(rows, number))
    console(out).print(table)


def _group_ends(rows: list[tuple[str, list[str]]], number: int) -> bool:
    """Whether a line goes under row number: a programme or taakveld, or the totals, follows."""
    if number + 1 >= len(rows):
        return False
    kind, (following, cells_) = rows[number][0], rows[number + 1]
    return (following in ("programma", "taakveld") and cells_[1] != "") or (
        following == "totaal" and kind != "totaal")


def vergelijking(report: Vergelijking, out: TextIO) -> None:
    """Two periods compared: Was, Wordt and Verschil per programme and soort."""
    table = Table(title=cells.vergelijking_title(report), title_justify="left",
                  caption=cells.vergelijking_caption(), caption_justify="left")
    for index, header in enumerate(cells.vergelijking_header(report)):
        table.add_column(header, justify="right" if index >= 3 else "left",
                         min_width=16 if index == NAAM_KOLOM else None)
    rows = cells.vergelijking_rows(report)
    for number, (kind, row) in enumerate(rows):
        table.add_row(*row, style="bold" if kind == "totaal" else None,
                      end_section=_group_ends(rows, number))
    console(out).print(table)


def raming(report: Raming, out: TextIO) -> None:
    """The meerjarenraming: a column per year."""
    table = Table(title=cells.raming_title(report.begroting), title_justify="left",
                  caption=cells.raming_note(report), caption_justify="left")
    for index, header in enumerate(cells.raming_header(report)):
        table.add_column(header, justify="right" if index >= 2 else "left")
    rows = cells.raming_rows(report)
    for index, row in enumerate(rows):
        table.add_row(*row, style="bold" if index == len(rows) - 2 else None,
                      end_section=index == len(rows) - 3)
    console(out).print(table)
