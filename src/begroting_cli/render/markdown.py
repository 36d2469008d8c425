"""Markdown, for pull-request comments and documents."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from begroting_cli.diff import Verschil
from begroting_cli.engine import ProgrammaTotaal, Totalen
from begroting_cli.indexatie import Raming
from begroting_cli.notation import eenheid
from begroting_cli.overzicht import Overzicht, PerTaakveld
from begroting_cli.render import rows as cells
from begroting_cli.vergelijking import Vergelijking


def totals(report: Totalen, out: TextIO, *, detail: bool, overzicht: Overzicht | None) -> None:
    """The same tables as the terminal shows, as Markdown."""
    meta = report.begroting.begroting
    unit = eenheid(meta.eenheid, meta.valuta)
    if overzicht is not None:
        _overzicht(overzicht, f"{meta.naam}: baten en lasten ({unit})", detail, True, out)
        for line in cells.overzicht_notes(overzicht):
            out.write(f"- {line}\n")
        if any(v is not None for v in report.kostensoorten["lasten"].values()):
            out.write(f"\n### {meta.naam}: lasten per kostensoort ({unit})\n\n")
            _table(cells.KOSTENSOORTEN_HEADER, cells.kostensoorten_rows(report), out,
                   text_columns=1)
            for line in cells.notes(report):
                out.write(f"- {line}\n")
        return
    if report.programmas:
        _programmas(report.programmas, f"{meta.naam}: programma's ({unit})", detail,
                    cells.decimalen(report.begroting), out)
    out.write(f"### {meta.naam}: lasten per kostensoort ({unit})\n\n")
    _table(cells.KOSTENSOORTEN_HEADER, cells.kostensoorten_rows(report), out, text_columns=1)
    for line in cells.notes(report):
        out.write(f"- {line}\n")


def programma(report: Totalen, out: TextIO, *, programma: ProgrammaTotaal,
              overzicht: Overzicht | None) -> None:
    """One programme with its regels; with an overview, only that programme's part of it."""
    meta = report.begroting.begroting
    title = (f"{meta.naam}: programma {programma.programma.code} {programma.programma.naam} "
             f"({eenheid(meta.eenheid, meta.valuta)})")
    if overzicht is not None:
        _overzicht(overzicht, title, True, False, out)
        return
    _programmas((programma,), title, True, cells.decimalen(report.begroting), out)


def _overzicht(report: Overzicht, title: str, detail: bool, totaal: bool, out: TextIO) -> None:
    out.write(f"### {title}\n\n")
    header = [h.replace("\n", " ") for h in cells.overzicht_header(report)]
    body = [[f"**{c}**" if c and kind == "totaal" else c for c in row] for kind, row in
            cells.overzicht_rows(report, detail, totaal)]
    _table(header, body, out, text_columns=3)
    out.write(f"{cells.overzicht_caption(report)}\n\n")


def _programmas(rows: Sequence[ProgrammaTotaal], title: str, detail: bool, decimals: int,
                out: TextIO) -> None:
    out.write(f"### {title}\n\n")
    body = [row if kind == "programma" and not detail else
            ([f"**{row[0]}**", f"**{row[1]}**", *row[2:]] if kind == "programma" else row)
            for kind, row in cells.programma_rows(rows, detail, decimals)]
    footer = cells.programma_footer(rows, detail, decimals)
    _table(cells.programma_header(detail), [*body, [f"**{c}**" if c else "" for c in footer]], out)


def _table(header: list[str], rows: list[list[str]], out: TextIO, text_columns: int = 2) -> None:
    align = ["---" if i < text_columns else "---:" for i in range(len(header))]
    out.write(_row(header) + _row(align))
    for row in rows:
        out.write(_row(row))
    out.write("\n")


def _row(cells_: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells_) + " |\n"


def diff(report: Verschil, out: TextIO, *, top: int | None) -> None:
    """For a pull-request comment: the table, the verklaring, the changed lines."""
    meta = report.wordt.begroting
    out.write(f"### {report.was.begroting.naam} → {meta.naam} "
              f"({eenheid(meta.eenheid, meta.valuta)})\n\n")
    _table(cells.DIFF_HEADER, cells.diff_rows(report), out, text_columns=1)
    out.write(f"{cells.diff_caption(report)}\n\n")
    for line in cells.diff_notes(report):
        out.write(f"{line}\n\n")
    rows = cells.verklaring_rows(report)
    if report.onverklaard_buiten_afronding:
        rows[-1] = [f"**{c}**" for c in rows[-1]]
    if report.verklaring is None:
        out.write(f"{cells.geen_verklaring(report)}\n\n")
    else:
        _table(cells.VERKLARING_HEADER, rows, out, text_columns=1)
    if report.onverklaard_buiten_afronding:
        out.write(f"> **{cells.onverklaard_note(report)}**\n\n")
    if report.regels is not None:
        out.write("#### Beleidsopgaven (verschil = was - wordt)\n\n")
        if report.regels:
            _table(cells.BELEIDSOPGAVEN_HEADER, cells.beleidsopgaven_rows(report, top), out,
                   text_columns=3)
        else:
            out.write("Geen gewijzigde beleidsopgaven.\n")


def taakvelden(report: PerTaakveld, out: TextIO) -> None:
    """The figures by Iv3 taakveld, a column per period."""
    meta = report.overzicht.begroting.begroting
    out.write(f"### {meta.naam}: per taakveld ({eenheid(meta.eenheid, meta.valuta)})\n\n")
    header = [h.replace("\n", " ") for h in cells.taakveld_header(report)]
    body = [[f"**{c}**" if c and kind == "totaal" else c for c in row]
            for kind, row in cells.taakveld_rows(report)]
    _table(header, body, out, text_columns=3)
    out.write(f"{cells.overzicht_caption(report.overzicht)}\n")


def vergelijking(report: Vergelijking, out: TextIO) -> None:
    """Two periods compared, for a pull-request comment."""
    out.write(f"### {cells.vergelijking_title(report).replace('->', '→')}\n\n")
    header = [h.replace("\n", " ") for h in cells.vergelijking_header(report)]
    body = [[f"**{c}**" if c and kind == "totaal" else c for c in row]
            for kind, row in cells.vergelijking_rows(report)]
    _table(header, body, out, text_columns=3)
    out.write(f"{cells.VERGELIJKING_CAPTION}\n")


def raming(report: Raming, out: TextIO) -> None:
    """The meerjarenraming: a column per year."""
    meta = report.begroting.begroting
    out.write(f"### {meta.naam}: meerjarenraming ({eenheid(meta.eenheid, meta.valuta)})\n\n")
    _table(cells.raming_header(report), cells.raming_rows(report), out)
    out.write(f"{cells.raming_note(report)}\n")
