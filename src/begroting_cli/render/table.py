"""Tables for a terminal, with rich; no colour on a pipe or when NO_COLOR is set.

Every table fits the width it is printed at, and no column is ever left out (docs/diff.md,
"Tables in a terminal"):

1. a table whose cells all fit on one line each is printed as it is;
2. else the names and other texts wrap (a code, an amount and a header word never do), the
   room there is going to the texts that need it most;
3. else the table is printed in parts, each with the code and name columns and as many of
   the amount columns as fit, in order: "deel 1 van 2", "deel 2 van 2". Columns that belong
   together (a total and its "+ p.m.", a verschil and the periods it is of) stay together.

The width is the terminal's; output that goes to a pipe or a file is as wide as COLUMNS says,
else WIDTH, so that scripts get the same output on every machine. Titles, captions and notes
are wrapped at that same width.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

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

WIDTH = 120
"""The width of a table that goes to a pipe or a file when COLUMNS does not say."""

NAAM_BREEDTE = 16
"""The narrowest a column of names becomes before a table is split into parts."""

NAAM_WOORD = 24
"""A name's column is as wide as its longest word, up to this; a longer one is broken."""

RAND = 3
"""What each column adds to a table's width besides its text: a border and a space each side
(and one more border for the table)."""


class _Console(Console):
    """A console that prints every text through escape.visible: control characters and
    invisible ones as escapes, never as what they do to a terminal."""

    def print(self, *objects: Any, **options: Any) -> None:
        super().print(*(visible(o) if isinstance(o, str) else o for o in objects), **options)


def breedte(out: TextIO) -> int | None:
    """The width to print at: None for a terminal (rich asks it, or COLUMNS); for a pipe or a
    file, COLUMNS when it is a number above 0, else WIDTH."""
    if out.isatty():
        return None
    columns = os.environ.get("COLUMNS", "").strip()
    return int(columns) if columns.isdigit() and int(columns) > 0 else WIDTH


def console(out: TextIO) -> Console:
    """A console on out, as wide as `breedte` says.

    Budget texts are printed as they are: brackets are not rich markup, nor :name: an emoji,
    nor a control character anything but an escape.
    """
    return _Console(file=out, highlight=False, markup=False, emoji=False, width=breedte(out))


# The layout: what each column may do when the table is too wide, and the parts it is split in.

Rol = Literal["code", "naam", "tekst", "toelichting", "bedrag"]
"""What a column holds: a code and an amount never wrap; a name wraps, down to NAAM_BREEDTE;
a short text (a soort, a status) wraps down to its longest word, and gets room first; a
toelichting wraps down to NAAM_BREEDTE, and gets room last."""

GROEI: dict[str, int] = {"tekst": 0, "naam": 1, "toelichting": 2}
"""Which text columns get the room left first: short labels, then names, then notes."""


@dataclass(frozen=True)
class Kolom:
    """A column: its header, what it holds, its footer."""

    kop: str
    rol: Rol
    voet: str = ""
    min_width: int | None = None
    """As rich's: the narrowest the column is when the table fits as it is."""
    bij_vorige: bool = False
    """Stays in one part with the column before it."""
    links: bool = False
    """Left-aligned, though an amount ("+ p.m.")."""

    @property
    def rechts(self) -> bool:
        return self.rol == "bedrag" and not self.links


@dataclass
class Rij:
    cellen: list[str]
    stijl: str | None = None
    scheiding: bool = False
    """A line under the row: a programme or the totals follow."""


@dataclass
class Blad:
    """A table before it is laid out: the first `vast` columns are in every part."""

    titel: str | None
    kolommen: list[Kolom]
    vast: int
    rijen: list[Rij] = field(default_factory=list)
    voet: bool = False


def _regels(text: str) -> list[str]:
    return text.split("\n")


def _natuurlijk(kolom: Kolom, teksten: Sequence[str]) -> int:
    """The width that shows every cell on one line (as rich measures it)."""
    width = max((cell_len(line) for text in teksten for line in _regels(text)), default=1)
    return max(width, kolom.min_width or 0, 1)


def _woorden(teksten: Sequence[str]) -> int:
    """The longest word."""
    return max((cell_len(word) for text in teksten for word in text.split()), default=1)


def _stukken(teksten: Sequence[str]) -> int:
    """The longest piece of a word that _afgebroken keeps whole."""
    return max((cell_len(piece) for text in teksten for piece in _BREEK.split(text)),
               default=1)


_BREEK = re.compile(r"\s+|(?<=[-/).])")


def _smalst(kolom: Kolom, kop: str, body: Sequence[str], natuurlijk: int) -> int:
    """The narrowest the column may be: codes and amounts whole, the header by its words."""
    if kolom.rol == "code":
        return natuurlijk
    if kolom.rol == "bedrag":
        return max(_natuurlijk(Kolom("", "bedrag"), body), _woorden([kop]))
    if kolom.rol in ("naam", "toelichting"):
        return min(natuurlijk, max(NAAM_BREEDTE, _woorden([kop]),
                                   min(_stukken(body), NAAM_WOORD)))
    return min(natuurlijk, _woorden([kop, *body]))


def _breedtes(natuurlijk: list[int], smalst: list[int], rollen: list[Rol],
              beschikbaar: int) -> list[int] | None:
    """Widths that fit in beschikbaar (the text of the columns, no borders), or None: every
    column as wide as it wants when they fit, else the narrowest, the room left going one
    position at a time to the text column that lacks most."""
    if sum(natuurlijk) <= beschikbaar:
        return list(natuurlijk)
    if sum(smalst) > beschikbaar:
        return None
    widths = list(smalst)
    rest = beschikbaar - sum(widths)
    for klasse in sorted(set(GROEI.values())):
        groeit = [i for i, rol in enumerate(rollen) if GROEI.get(rol) == klasse]
        while rest > 0:
            tekort = [i for i in groeit if natuurlijk[i] > widths[i]]
            if not tekort:
                break
            i = max(tekort, key=lambda i: natuurlijk[i] - widths[i])  # the first of equals
            widths[i] += 1
            rest -= 1
    return widths


def _delen(blad: Blad, width: int) -> list[tuple[list[int], list[int]]]:
    """The parts to print: per part the columns (indexes) and their widths."""
    n = len(blad.kolommen)
    koppen = [kolom.kop for kolom in blad.kolommen]
    body = [[rij.cellen[i] for rij in blad.rijen] + ([blad.kolommen[i].voet] if blad.voet else [])
            for i in range(n)]
    natuurlijk = [_natuurlijk(k, [koppen[i], *body[i]]) for i, k in enumerate(blad.kolommen)]
    smalst = [_smalst(k, koppen[i], body[i], natuurlijk[i]) for i, k in enumerate(blad.kolommen)]
    rollen = [k.rol for k in blad.kolommen]

    def past(kolommen: list[int]) -> list[int] | None:
        return _breedtes([natuurlijk[i] for i in kolommen], [smalst[i] for i in kolommen],
                         [rollen[i] for i in kolommen], width - 1 - RAND * len(kolommen))

    alle = list(range(n))
    widths = past(alle)
    if widths is not None or n <= blad.vast:
        return [(alle, widths or natuurlijk)]
    vast = list(range(blad.vast))
    eenheden: list[list[int]] = []
    for i in range(blad.vast, n):
        if blad.kolommen[i].bij_vorige and eenheden:
            eenheden[-1].append(i)
        else:
            eenheden.append([i])
    groepen = _groepen(eenheden, lambda groep: past(vast + groep) is not None)
    found = []
    for groep in groepen:
        kolommen = vast + groep
        widths = past(kolommen)
        if widths is None:  # narrower than one unit of columns: rich folds what it must
            widths = [min(natuurlijk[i], max(smalst[i], 1)) for i in kolommen]
        found.append((kolommen, widths))
    return found


def _groepen(eenheden: list[list[int]], past: Any) -> list[list[int]]:
    """The units of columns in as few parts as fit, as even as they can be."""
    greedy: list[list[int]] = []
    for eenheid_ in eenheden:
        if greedy and past(greedy[-1] + eenheid_):
            greedy[-1] += eenheid_
        else:
            greedy.append(list(eenheid_))
    delen = len(greedy)
    if delen > 1:  # the same number of parts, as many units in each as can be
        per, extra = divmod(len(eenheden), delen)
        even, start = [], 0
        for nummer in range(delen):
            stop = start + per + (1 if nummer < extra else 0)
            even.append([i for eenheid_ in eenheden[start:stop] for i in eenheid_])
            start = stop
        if all(past(groep) for groep in even):
            return even
    return greedy


def _toon(screen: Console, blad: Blad, *, caption: str | None = None,
          caption_stijl: str = "table.caption") -> None:
    """Print the table in as many parts as it needs, each with its title, then its caption."""
    delen = _delen(blad, screen.width)
    for nummer, (kolommen, widths) in enumerate(delen, start=1):
        if blad.titel is not None:
            titel = blad.titel if len(delen) == 1 else _("{titel}, deel {nummer} van {delen}") \
                .format(titel=blad.titel, nummer=nummer, delen=len(delen))
            _tekst(screen, titel, "table.title")
        table = RichTable(show_footer=blad.voet)
        for i, width in zip(kolommen, widths, strict=True):
            kolom = blad.kolommen[i]
            table.add_column(kolom.kop, footer=kolom.voet, width=width, overflow="fold",
                             justify="right" if kolom.rechts else "left")
        for rij in blad.rijen:
            table.add_row(*(_afgebroken(visible(rij.cellen[i]), width)
                            for i, width in zip(kolommen, widths, strict=True)),
                          style=rij.stijl, end_section=rij.scheiding)
        screen.print(table)
    if caption:
        _tekst(screen, caption, caption_stijl)


BREEKPUNTEN = "-/)."  # as _BREEK
"""After which character a word too long for its column is broken: "(bestemmings)reserves"."""


def _afgebroken(text: str, width: int) -> str:
    """The text in lines of at most width, broken between words; a word that is longer is
    broken after a hyphen, slash, bracket or point where it can, else where it must."""
    if cell_len(text) <= width:
        return text
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if cell_len(candidate) <= width:
            line = candidate
        elif line and cell_len(word) <= width:
            lines.append(line)
            line = word
        else:  # too long for a line of its own: break it, with what goes before it
            while cell_len(candidate) > width:
                at = _breekpunt(candidate, width)
                lines.append(candidate[:at].rstrip(" "))
                candidate = candidate[at:].lstrip(" ")
            line = candidate
    lines.append(line)
    return "\n".join(lines)


def _breekpunt(text: str, width: int) -> int:
    """Where to break a text longer than width: at the last space or after the last break
    point that fits, else at the width (at least one character)."""
    fits = 1
    best = 0
    for index, char in enumerate(text):
        if cell_len(text[:index + 1]) > width:
            break
        fits = index + 1
        if char in BREEKPUNTEN or (char == " " and index):
            best = index if char == " " else index + 1
    return best or fits


def _tekst(screen: Console, text: str, stijl: str | None = None) -> None:
    """A line of text at the width of the output, wrapped at words, no spaces at line ends."""
    for line in Text(visible(text), style=stijl or "").wrap(screen, screen.width,
                                                           overflow="fold"):
        line.rstrip()
        screen.print(line, soft_wrap=True)


def _notes(screen: Console, lines: Sequence[str], stijl: str | None = None) -> None:
    for line in lines:
        _tekst(screen, line, stijl)


# The reports.


def totals(report: Totalen, out: TextIO, *, detail: bool, overzicht: Overzicht | None) -> None:
    """Programmes (with their regels when detail), kostensoorten, overhead, indexatie.

    With an overview: baten, lasten, saldo, reserves and resultaat, a column per period.
    """
    screen = console(out)
    if overzicht is not None:
        _toon(screen, _overzicht(overzicht, cells.overzicht_title(report.begroting), detail),
              caption=cells.overzicht_caption(overzicht))
        _notes(screen, cells.overzicht_notes(overzicht))
        if any(v is not None for v in report.kostensoorten["lasten"].values()):
            _toon(screen, _kostensoorten(report, cells.kostensoorten_title(report.begroting)))
            _notes(screen, cells.kostensoorten_notes(report, overzicht))
        _notes(screen, cells.notes(report))
        return
    if report.programmas:
        _toon(screen, _programmas(report.programmas, cells.programmas_title(report.begroting),
                                  detail, cells.decimalen(report.begroting)))
    _toon(screen, _kostensoorten(report, cells.kostensoorten_title(report.begroting)))
    _notes(screen, cells.kostensoorten_notes(report, None))
    _notes(screen, cells.notes(report))


def programma(report: Totalen, out: TextIO, *, programma: ProgrammaTotaal,
              overzicht: Overzicht | None) -> None:
    """One programme with its regels; with an overview, only that programme's part of it."""
    title = cells.programma_title(report.begroting, programma)
    screen = console(out)
    if overzicht is not None:
        _toon(screen, _overzicht(overzicht, title, detail=True, totaal=False),
              caption=cells.overzicht_caption(overzicht))
        return
    _toon(screen, _programmas((programma,), title, True, cells.decimalen(report.begroting)))


def _overzicht(report: Overzicht, title: str, detail: bool, totaal: bool = True) -> Blad:
    samen = cells.overzicht_bij_vorige(report)
    kolommen = [Kolom(header, "code" if index == 0 else "naam" if index == NAAM_KOLOM else
                      "tekst" if index == 2 else "bedrag",
                      min_width=16 if index == NAAM_KOLOM else None,
                      bij_vorige=index >= 3 and samen[index - 3])
                for index, header in enumerate(cells.overzicht_header(report))]
    blad = Blad(title, kolommen, vast=3)
    rows = cells.overzicht_rows(report, detail, totaal)
    for number, (kind, row) in enumerate(rows):
        if kind == "regel":
            row = [f"  {row[0]}" if row[0] else "", *row[1:]]
        blad.rijen.append(Rij(row, "bold" if kind == "totaal" or (
            detail and kind == "programma") else None, _group_ends(rows, number)))
    return blad


def _programmas(rows: Sequence[ProgrammaTotaal], title: str, detail: bool,
                decimals: int) -> Blad:
    footer = cells.programma_footer(rows, detail, decimals)
    kolommen = []
    for index, header in enumerate(cells.programma_header(detail)):
        pm = header == "p.m."
        kolommen.append(Kolom("" if pm else header, "code" if index == 0 else
                              "naam" if index == NAAM_KOLOM else "bedrag",
                              voet=footer[index], bij_vorige=pm, links=pm,
                              min_width=24 if index == NAAM_KOLOM else None))
    blad = Blad(title, kolommen, vast=2, voet=True)
    for kind, row in cells.programma_rows(rows, detail, decimals):
        if kind == "beleidsopgave":
            blad.rijen.append(Rij([f"  {row[0]}", *row[1:]]))
        else:
            blad.rijen.append(Rij(row, "bold" if detail else None))
    return blad


def _kostensoorten(report: Totalen, title: str) -> Blad:
    kolommen = [Kolom(header, "bedrag" if index else "tekst")
                for index, header in enumerate(cells.kostensoorten_header())]
    blad = Blad(title, kolommen, vast=1)
    rows = cells.kostensoorten_rows(report)
    for number, row in enumerate(rows):
        blad.rijen.append(Rij(row, "bold" if number == len(rows) - 1 else None))
    return blad


def diff(report: Verschil, out: TextIO, *, top: int | None) -> None:
    """The Was/Wordt table, the verklaring with what is unexplained, the changed lines."""
    screen = console(out)
    meta = report.wordt.begroting
    title = f"{report.was.begroting.naam} -> {meta.naam} ({eenheid(meta.eenheid, meta.valuta)})"
    blad = Blad(title, [Kolom(header, "bedrag" if index else "tekst")
                        for index, header in enumerate(cells.diff_header())], vast=1)
    decimals = cells.diff_decimalen(report)
    rows = cells.diff_rows(report, decimals)
    for number, row in enumerate(rows):
        blad.rijen.append(Rij(row, "bold" if number == len(rows) - 1 else None))
    _toon(screen, blad, caption=cells.diff_caption(report))
    _notes(screen, cells.diff_notes(report))
    if report.verklaring is None:
        _tekst(screen, cells.geen_verklaring(report))
    else:
        verklaring = Blad(cells.verklaring_title(), [
            Kolom(header, "bedrag" if index else "tekst")
            for index, header in enumerate(cells.verklaring_header())], vast=1)
        rows = cells.verklaring_rows(report)
        totaal = len(rows) - (2 if cells.verklaring_onverklaard(report) else 1)
        for number, row in enumerate(rows):
            alarm = number > totaal and report.onverklaard_buiten_afronding
            verklaring.rijen.append(Rij(row, "bold red" if alarm else
                                        ("bold" if number == totaal else None)))
        _toon(screen, verklaring)
    if report.onverklaard_buiten_afronding:
        _tekst(screen, cells.onverklaard_note(report), "bold red")
    if report.regels is not None:
        if not report.regels:
            _tekst(screen, cells.geen_beleidsopgaven())
            return
        lines = Blad(cells.beleidsopgaven_title(), [
            Kolom(header, "code" if index == 0 else "naam" if index == 1 else "tekst"
                  if index == 2 else "bedrag" if index <= 5 else "toelichting",
                  bij_vorige=index in (4, 5))  # Was, Wordt and Verschil stay together
            for index, header in enumerate(cells.beleidsopgaven_header())], vast=2)
        lines.rijen = [Rij(row) for row in cells.beleidsopgaven_rows(report, decimals, top)]
        _toon(screen, lines)
        _notes(screen, cells.beleidsopgaven_notes(report, top, decimals))


def indexering(report: Indexering, out: TextIO, *, bron: str) -> None:
    """What the indexation added, per rate and in total; overhead and rounding."""
    screen = console(out)
    decimals = cells.decimalen(report.begroting)
    tarief, per_jaar, werkt_op, toegevoegd = cells.indexering_header()
    blad = Blad(cells.indexering_title(report, bron), [
        Kolom(tarief, "tekst", voet=_("Totaal")), Kolom(per_jaar, "bedrag"),
        Kolom(werkt_op, "tekst"),
        Kolom(toegevoegd, "bedrag",
              voet=bedrag(sum((t.bedrag for t in report.toegevoegd), ZERO), decimals))],
        vast=1, voet=True)
    blad.rijen = [Rij([item.naam, procent(item.tarief, None), kostensoort_label(item.kostensoort),
                       bedrag(item.bedrag, decimals)]) for item in report.toegevoegd]
    _toon(screen, blad)
    _notes(screen, cells.indexering_notes(report, decimals))


def taakvelden(report: PerTaakveld, out: TextIO) -> None:
    """The figures by Iv3 taakveld, a column per period."""
    samen = cells.overzicht_bij_vorige(report.overzicht)
    kolommen = [Kolom(header, "code" if index == 0 else "naam" if index == NAAM_KOLOM else
                      "tekst" if index == 2 else "bedrag",
                      min_width=16 if index == NAAM_KOLOM else None,
                      bij_vorige=index >= 3 and samen[index - 3])
                for index, header in enumerate(cells.taakveld_header(report))]
    blad = Blad(cells.taakvelden_title(report.overzicht.begroting), kolommen, vast=3)
    rows = cells.taakveld_rows(report)
    blad.rijen = [Rij(row, "bold" if kind == "totaal" else None, _group_ends(rows, number))
                  for number, (kind, row) in enumerate(rows)]
    _toon(console(out), blad, caption=cells.overzicht_caption(report.overzicht))


def _group_ends(rows: list[tuple[str, list[str]]], number: int) -> bool:
    """Whether a line goes under row number: a programme or taakveld, or the totals, follows."""
    if number + 1 >= len(rows):
        return False
    kind, (following, cells_) = rows[number][0], rows[number + 1]
    return (following in ("programma", "taakveld") and cells_[1] != "") or (
        following == "totaal" and kind != "totaal")


def vergelijking(report: Vergelijking, out: TextIO) -> None:
    """Two periods compared: Was, Wordt and Verschil per programme and soort."""
    kolommen = [Kolom(header, "code" if index == 0 else "naam" if index == NAAM_KOLOM else
                      "tekst" if index == 2 else "bedrag",
                      min_width=16 if index == NAAM_KOLOM else None, bij_vorige=index >= 4)
                for index, header in enumerate(cells.vergelijking_header(report))]
    blad = Blad(cells.vergelijking_title(report), kolommen, vast=3)
    rows = cells.vergelijking_rows(report)
    blad.rijen = [Rij(row, "bold" if kind == "totaal" else None, _group_ends(rows, number))
                  for number, (kind, row) in enumerate(rows)]
    screen = console(out)
    _toon(screen, blad, caption=cells.vergelijking_caption())
    _notes(screen, cells.vergelijking_notes(report))


def raming(report: Raming, out: TextIO) -> None:
    """The meerjarenraming: a column per year."""
    kolommen = [Kolom(header, "code" if index == 0 else "naam" if index == 1 else "bedrag")
                for index, header in enumerate(cells.raming_header(report))]
    blad = Blad(cells.raming_title(report.begroting), kolommen, vast=2)
    rows = cells.raming_rows(report)
    blad.rijen = [Rij(row, "bold" if index == len(rows) - 2 else None, index == len(rows) - 3)
                  for index, row in enumerate(rows)]
    _toon(console(out), blad, caption=cells.raming_note(report))
