"""Markdown, for pull-request comments and documents.

Every text is written through escape.markdown: a budget's names cannot make tables, links,
HTML or mentions. A cell marked _Strong is bold.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from begroting_cli.diff import Verschil
from begroting_cli.engine import ProgrammaTotaal, Totalen
from begroting_cli.indexatie import Raming
from begroting_cli.notation import eenheid
from begroting_cli.overzicht import Overzicht, PerTaakveld
from begroting_cli.render import rows as cells
from begroting_cli.render.escape import markdown
from begroting_cli.vergelijking import Vergelijking


def totals(report: Totalen, out: TextIO, *, detail: bool, overzicht: Overzicht | None) -> None:
    """The same tables as the terminal shows, as Markdown."""
    if overzicht is not None:
        _overzicht(overzicht, cells.overzicht_title(report.begroting), detail, True, out)
        _items(cells.overzicht_notes(overzicht), out)
        if any(v is not None for v in report.kostensoorten["lasten"].values()):
            out.write("\n")
            _heading(cells.kostensoorten_title(report.begroting), out)
            _table(cells.kostensoorten_header(), cells.kostensoorten_rows(report), out,
                   text_columns=1)
            _items([*cells.kostensoorten_notes(report, overzicht), *cells.notes(report)], out)
        return
    if report.programmas:
        _programmas(report.programmas, cells.programmas_title(report.begroting), detail,
                    cells.decimalen(report.begroting), out)
    _heading(cells.kostensoorten_title(report.begroting), out)
    _table(cells.kostensoorten_header(), cells.kostensoorten_rows(report), out, text_columns=1)
    _items([*cells.kostensoorten_notes(report, None), *cells.notes(report)], out)


def programma(report: Totalen, out: TextIO, *, programma: ProgrammaTotaal,
              overzicht: Overzicht | None) -> None:
    """One programme with its regels; with an overview, only that programme's part of it."""
    title = cells.programma_title(report.begroting, programma)
    if overzicht is not None:
        _overzicht(overzicht, title, True, False, out)
        return
    _programmas((programma,), title, True, cells.decimalen(report.begroting), out)


def _overzicht(report: Overzicht, title: str, detail: bool, totaal: bool, out: TextIO) -> None:
    _heading(title, out)
    header = [h.replace("\n", " ") for h in cells.overzicht_header(report)]
    body = [_strong(row) if kind == "totaal" else row for kind, row in
            cells.overzicht_rows(report, detail, totaal)]
    _table(header, body, out, text_columns=3)
    _line(cells.overzicht_caption(report), out)
    out.write("\n")


def _programmas(rows: Sequence[ProgrammaTotaal], title: str, detail: bool, decimals: int,
                out: TextIO) -> None:
    _heading(title, out)
    body = [row if kind == "programma" and not detail else
            ([*_strong(row[:2]), *row[2:]] if kind == "programma" else row)
            for kind, row in cells.programma_rows(rows, detail, decimals)]
    footer = cells.programma_footer(rows, detail, decimals)
    _table(cells.programma_header(detail), [*body, _strong(footer)], out)


class _Strong(str):
    """A cell to write bold."""


def _strong(row: Sequence[str]) -> list[str]:
    return [_Strong(cell) for cell in row]


def _table(header: list[str], rows: list[list[str]], out: TextIO, text_columns: int = 2,
           text_last: bool = False) -> None:
    """A table whose first text_columns (and the last, when text_last) are text, aligned left;
    the others amounts, aligned right."""
    last = len(header) - 1
    align = ["---" if i < text_columns or (text_last and i == last) else "---:"
             for i in range(len(header))]
    out.write(_row(header) + "| " + " | ".join(align) + " |\n")
    for row in rows:
        out.write(_row(row))
    out.write("\n")


def _row(row: list[str]) -> str:
    shown = [f"**{markdown(c)}**" if isinstance(c, _Strong) and c else markdown(c) for c in row]
    return "| " + " | ".join(shown) + " |\n"


def _heading(text: str, out: TextIO, level: int = 3) -> None:
    out.write(f"{'#' * level} {markdown(text)}\n\n")


def _line(text: str, out: TextIO) -> None:
    out.write(f"{markdown(text)}\n")


def _items(lines: Sequence[str], out: TextIO) -> None:
    for line in lines:
        out.write(f"- {markdown(line)}\n")


def diff(report: Verschil, out: TextIO, *, top: int | None) -> None:
    """For a pull-request comment: the table, the verklaring, the changed lines."""
    meta = report.wordt.begroting
    _heading(f"{report.was.begroting.naam} → {meta.naam} "
             f"({eenheid(meta.eenheid, meta.valuta)})", out)
    decimals = cells.diff_decimalen(report)
    _table(cells.diff_header(), cells.diff_rows(report, decimals), out, text_columns=1)
    _line(cells.diff_caption(report), out)
    out.write("\n")
    for line in cells.diff_notes(report):
        _line(line, out)
        out.write("\n")
    rows = cells.verklaring_rows(report)
    if report.onverklaard_buiten_afronding:
        rows[-1] = _strong(rows[-1])
    if report.verklaring is None:
        _line(cells.geen_verklaring(report), out)
        out.write("\n")
    else:
        _table(cells.verklaring_header(), rows, out, text_columns=1)
    if report.onverklaard_buiten_afronding:
        out.write(f"> **{markdown(cells.onverklaard_note(report))}**\n\n")
    if report.regels is not None:
        _heading(cells.beleidsopgaven_title(), out, level=4)
        if report.regels:
            _table(cells.beleidsopgaven_header(), cells.beleidsopgaven_rows(report, decimals, top),
                   out, text_columns=3, text_last=True)
            for line in cells.beleidsopgaven_notes(report, top, decimals):
                _line(line, out)
        else:
            _line(cells.geen_beleidsopgaven(), out)


def taakvelden(report: PerTaakveld, out: TextIO) -> None:
    """The figures by Iv3 taakveld, a column per period."""
    _heading(cells.taakvelden_title(report.overzicht.begroting), out)
    header = [h.replace("\n", " ") for h in cells.taakveld_header(report)]
    body = [_strong(row) if kind == "totaal" else row
            for kind, row in cells.taakveld_rows(report)]
    _table(header, body, out, text_columns=3)
    _line(cells.overzicht_caption(report.overzicht), out)


def vergelijking(report: Vergelijking, out: TextIO) -> None:
    """Two periods compared, for a pull-request comment."""
    _heading(cells.vergelijking_title(report).replace("->", "→"), out)
    header = [h.replace("\n", " ") for h in cells.vergelijking_header(report)]
    body = [_strong(row) if kind == "totaal" else row
            for kind, row in cells.vergelijking_rows(report)]
    _table(header, body, out, text_columns=3)
    _line(cells.vergelijking_caption(), out)
    _items(cells.vergelijking_notes(report), out)


def raming(report: Raming, out: TextIO) -> None:
    """The meerjarenraming: a column per year."""
    _heading(cells.raming_title(report.begroting), out)
    _table(cells.raming_header(report), cells.raming_rows(report), out)
    _line(cells.raming_note(report), out)
