"""A budget as a workbook and back: the sheets and columns both sides agree on, and the
reading of a workbook into a budget (docs/werkboek.md).

`begroting export` writes the workbook (render/xlsx.py); `begroting import` reads it here with
python-calamine, which reads the values of .xlsx and .ods files without a spreadsheet program.
A workbook is made of the budget's own data: the sheets hold what the file holds, one field per
column, and computed columns (grey, locked) hold formulas that are never read back as input.
A workbook that is not one of ours is read as a flat table in its first sheet (docs/import.md).
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from begroting_cli.diagnostic import Diagnostic, Severity, aantal
from begroting_cli.model import DELEN, SOORTEN, Periode
from begroting_cli.tekst import _

MERK = "begroting-werkboek"
"""The first cell of the hidden sheet that marks a workbook as one of ours."""
VERSIE = 1

LEES_MIJ, BEGROTING, PROGRAMMAS, REGELS, TEKSTEN, VERKLARING, UITZONDERINGEN, VERBORGEN = (
    "Lees mij", "Begroting", "Programma's", "Regels", "Teksten", "Verklaring",
    "Uitzonderingen", "_begroting")

BEGROTING_KOPPEN = ("sleutel", "periode", "waarde")
"""Sheet Begroting: one row per value of [begroting], [indexatie], [lasten] and [totaal]."""

PROGRAMMA_VELDEN = ("code", "naam", "afkorting", "lijst")
"""The columns of a programme before its amounts; `lijst` names the list its regels are in:
beleidsopgave (also when empty) or regel."""
REGEL_VELDEN = ("programma", "code", "naam", "taakveld", "kassiersfunctie", "index",
                "indicatie")
"""The columns of a regel before its amounts: its programme (the code), and its own fields.
kassiersfunctie is WAAR, or empty (ONWAAR)."""
BEDRAGEN = (*DELEN, "totaal", *SOORTEN)
"""The amounts of a programme or regel, in column order: a column per amount and period used."""
TEKST_KOPPEN = ("niveau", "code", "veld", "tekst")
TEKST_VELDEN = ("toelichting", "output", "heroverweging")
VERKLARING_KOPPEN = ("omschrijving", "bedrag")
UITZONDERING_KOPPEN = ("regel", "onderwerp", "reden")

BEREKEND = "(berekend)"
"""The mark of a computed column's header: never read as input. Headers are the file
format's keys, Dutch in every language, so that a workbook reads the same everywhere."""
VERSCHIL = "verschil"

GEHEEL = frozenset({"begroting.jaar", "begroting.eenheid", "begroting.decimalen"})
"""The keys of sheet Begroting whose value is a whole number."""
GETAL = frozenset({"begroting.tolerantie"})
"""The keys of sheet Begroting whose value is a number (the amounts and rates aside)."""


def bedrag_kop(soort: str, periode: str | None) -> str:
    """The header of an amount column: "lasten", or "lasten begroting 2024" for an amount of
    a table by period."""
    return soort if periode is None else f"{soort} {periode}"


def lees_bedrag_kop(kop: str) -> tuple[str, str | None] | None:
    """(soort, periode) of an amount column's header, or None when it is not one."""
    soort, _spatie, periode = kop.partition(" ")
    if soort not in BEDRAGEN:
        return None
    if not periode:
        return soort, None
    return (soort, periode) if Periode.lees(periode) is not None else None


@dataclass
class Gelezen:
    """A workbook as the raw data of a budget file, with the cell each value came from."""

    naam: str
    raw: dict[str, Any] = field(default_factory=dict)
    cellen: dict[tuple[Any, ...], tuple[str, int, int]] = field(default_factory=dict)
    """Key path -> (sheet, row, column), both from 0: a table (a row) or a value."""
    kolommen: dict[str, dict[Any, int]] = field(default_factory=dict)
    """Per sheet, the column of a key (or of (soort, periode)): where a value of a row is."""
    problemen: list[Diagnostic] = field(default_factory=list)
    berekend: dict[tuple[str, str], tuple[str, int, int, Any]] = field(default_factory=dict)
    """("programma" or "regel", code) -> the cell of its computed lasten and the value the
    workbook holds there (the value of the formula when it was last calculated)."""

    def plaats(self, path: tuple[Any, ...]) -> tuple[int, int | None, str]:
        """Where the value at path (or the nearest table above it) was read: row and column
        from 1, and the cell's address as the subject of a diagnostic."""
        for end in range(len(path), 0, -1):
            found = self.cellen.get(tuple(path[:end]))
            if found is not None:
                blad, rij, kolom = found
                rest, columns = path[end:], self.kolommen.get(blad, {})
                if rest:  # a value of the row: its own column
                    kolom = columns.get(tuple(rest[:2]), columns.get(rest[0], kolom))
                return rij + 1, kolom + 1, cel(blad, rij, kolom)
        return 1, None, BEGROTING


def zonder_gevolgen(cellen: Iterable[Diagnostic],
                    schema: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The schema's findings, less those on a row whose own cell was wrong: an amount that could
    not be read is missing for the schema too, and one cause is told once."""
    fout = {(d.subject.split("!")[0], d.line) for d in cellen if d.severity is Severity.ERROR}
    return [d for d in schema if (d.subject.split("!")[0], d.line) not in fout]


def verouderd(gelezen: Gelezen, berekend: dict[tuple[str, str], Decimal]) -> list[Diagnostic]:
    """A warning per computed cell whose stored value is not what its inputs give now: the
    workbook was changed where nothing recalculated it (or by hand, in a grey cell)."""
    found = []
    for key, (blad, rij, kolom, value) in gelezen.berekend.items():
        nu = berekend.get(key)
        if nu is None or not isinstance(value, int | float) or isinstance(value, bool):
            continue
        if float(value) != float(nu):  # the cell holds a float: the amount as near as that
            found.append(Diagnostic(
                gelezen.naam, rij + 1, kolom + 1, Severity.WARNING, "BGR010",
                cel(blad, rij, kolom),
                _("de cel houdt {cel_waarde}, maar de invoer geeft {berekend}: het werkboek is "
                  "niet opnieuw berekend; de invoer is gelezen").format(
                    cel_waarde=format(_getal(value), "f"), berekend=format(nu, "f"))))
    return found


def cel(blad: str, rij: int, kolom: int) -> str:
    """A cell's address as a spreadsheet shows it: Regels!D7 (rij and kolom count from 0)."""
    letters = ""
    kolom += 1
    while kolom:
        kolom, rest = divmod(kolom - 1, 26)
        letters = chr(65 + rest) + letters
    naam = f"'{blad}'" if not re.fullmatch(r"\w+", blad) else blad
    return f"{naam}!{letters}{rij + 1}"


def is_ons(bladen: Iterable[str]) -> bool:
    """Whether a workbook with these sheets is one that `begroting export` wrote: its hidden
    sheet, or (when that was deleted) its sheets Begroting and Programma's."""
    found = set(bladen)
    return VERBORGEN in found or {BEGROTING, PROGRAMMAS} <= found


MAX_CELLEN = 20_000_000
"""The most cells a sheet may span (from A1 to its last cell): a budget of 100.000 regels
spans 1,5 million. A cell far out (XFD1048576) in a small file would otherwise have a sheet of
17 billion cells laid out in memory."""
MAX_UITGEPAKT = 64
"""The most bytes the parts of a workbook may take unpacked, per byte of the file: a zip that
packs 400 MB of one string into 400 KB is refused before it is read."""


class Onleesbaar(Exception):
    """Why a workbook is not read: too large unpacked, or a sheet too wide or long."""


def lees(data: bytes, name: str) -> tuple[Gelezen | None, str | None]:
    """Our workbook as raw budget data; or, for any other workbook, its first sheet as the
    text of a flat table (`;`-separated, decimal commas) for flat.lees. Exactly one is set.
    Onleesbaar when the workbook is beyond the limits above."""
    import zipfile

    from python_calamine import CalamineWorkbook

    try:
        archief = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        archief = None  # not a zip (an old .xls): calamine says what it is
    if archief is not None:
        uitgepakt = sum(info.file_size for info in archief.infolist())
        if uitgepakt > MAX_UITGEPAKT * max(len(data), 1024 * 1024):
            raise Onleesbaar(_("uitgepakt {groot} bytes, meer dan {maal} keer het "
                               "bestand").format(groot=aantal(uitgepakt), maal=MAX_UITGEPAKT))
        _binnen_perken(archief)
    boek = CalamineWorkbook.from_filelike(io.BytesIO(data))
    bladen = boek.sheet_names
    if not is_ons(bladen):
        if not bladen:
            return None, ""
        return None, _als_tabel(_rijen(boek, bladen[0]))
    gelezen = Gelezen(naam=name)
    lezer = _Lezer(name, gelezen)
    aanwezig = set(bladen)
    for blad, lees_blad in ((BEGROTING, lezer.begroting), (PROGRAMMAS, lezer.programmas),
                            (REGELS, lezer.regels), (TEKSTEN, lezer.teksten),
                            (VERKLARING, lezer.verklaring), (UITZONDERINGEN, lezer.uitzonderingen)):
        if blad in aanwezig:
            lees_blad(_rijen(boek, blad))
        else:  # a sheet renamed or deleted would lose what it holds without a word
            lezer.fout(blad, 0, 0, _("het werkblad {blad} ontbreekt").format(blad=blad))
    return gelezen, None


_RIJ = re.compile(rb'<row r="(\d+)"')
_BREED = re.compile(rb'<c r="([A-Z]{2,3})\d')


def _binnen_perken(archief: Any) -> None:
    """Refuse an .xlsx whose sheet reaches further than MAX_CELLEN from A1, before calamine
    lays it out (which it does from A1 to the last cell, in memory at once): rows are in
    order, so the last <row> is the last; columns past Z are looked for where they are."""
    for info in archief.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        xml = archief.read(info)
        rij = _RIJ.match(xml, max(xml.rfind(b'<row r="'), 0))
        rijen = int(rij[1]) if rij else 1
        _binnen(rijen, max((_kolomnummer(m) for m in _BREED.findall(xml)), default=26))


def _binnen(rijen: int, kolommen: int) -> None:
    """Onleesbaar when a sheet of so many rows and columns spans more than MAX_CELLEN."""
    if rijen * kolommen > MAX_CELLEN:
        raise Onleesbaar(_("een werkblad loopt tot rij {rij}, kolom {kolom}: meer dan "
                           "{maximum} cellen").format(rij=aantal(rijen), kolom=aantal(kolommen),
                                                      maximum=aantal(MAX_CELLEN)))


def _kolomnummer(letters: bytes) -> int:
    """AA as 27, XFD as 16384."""
    found = 0
    for letter in letters:
        found = found * 26 + letter - 64
    return found


def _rijen(boek: Any, blad: str) -> list[list[Any]]:
    """The rows of a sheet from A1 on: a sheet that starts lower or further right is padded,
    so that (row, column) in the list is the cell's own."""
    sheet = boek.get_sheet_by_name(blad)
    end = sheet.end  # (an .ods is not scanned before: its rows become Python lists only here)
    if end is not None:
        _binnen(end[0] + 1, end[1] + 1)
    rows = sheet.to_python(skip_empty_area=False)
    return [list(row) for row in rows]


def _als_tabel(rows: list[list[Any]]) -> str:
    """A sheet as the text of a flat table: `;` between cells, numbers with a decimal comma,
    so that flat.lees reads a number cell as the number it is."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    for row in rows:
        writer.writerow([_als_tekst(value) for value in row])
    return out.getvalue()


def _als_tekst(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"
    if isinstance(value, int | float):
        return format(_getal(value), "f").replace(".", ",")
    return str(value)


_LANG_GETAL = re.compile(r"-?\d+(?:\.\d+)?")
"""An amount as export writes one of more than 15 digits: digits and a decimal point. Any
other text in an amount cell is an error: "1.650" could be 1650 or 1,65."""


def _getal(value: float | int) -> Decimal:
    """A number cell as the Decimal it shows: 1970.71, not 1970.7100000000000363797880709171."""
    if isinstance(value, int) or value.is_integer():  # most amounts: whole
        return Decimal(int(value))
    return Decimal(repr(value)).normalize()


class _Lezer:
    """Reads the sheets of our workbook into Gelezen, with a problem per bad cell."""

    def __init__(self, name: str, gelezen: Gelezen) -> None:
        self.name = name
        self.g = gelezen
        self.per_code: dict[str, dict[str, Any]] = {}
        self.lijsten: list[str] = []
        """Per programme, in order, the list its regels are in."""
        self.overgeslagen: set[str] = set()
        """Codes of regels not read for an error of their own: their texts are not errors."""

    def fout(self, blad: str, rij: int, kolom: int, bericht: str,
             severity: Severity = Severity.ERROR) -> None:
        self.g.problemen.append(Diagnostic(self.name, rij + 1, kolom + 1, severity, "BGR010",
                                           cel(blad, rij, kolom), bericht))

    def _koppen(self, blad: str, rows: list[list[Any]],
                verplicht: tuple[str, ...]) -> list[str] | None:
        if not rows:
            if verplicht:
                self.fout(blad, 0, 0, _("het werkblad {blad} is leeg").format(blad=blad))
            return None
        # Headers are keys of the file format, but a capital typed in Excel is no other key.
        koppen = ["" if k is None else str(k).strip().lower() for k in rows[0]]
        for kolom, kop in enumerate(koppen):
            if kop and koppen.index(kop) != kolom:
                self.fout(blad, 0, kolom, _("kolom '{kop}' staat er twee keer (ook in "
                                            "{eerder})").format(
                    kop=kop, eerder=cel(blad, 0, koppen.index(kop))))
                return None
        ontbreekt = [k for k in verplicht if k not in koppen]
        if ontbreekt:
            self.fout(blad, 0, 0, _("kolom {kolommen} ontbreekt").format(
                kolommen=", ".join(ontbreekt)))
            return None
        return koppen

    def _data(self, rows: list[list[Any]], koppen: list[str]) -> Iterator[tuple[int, list[Any]]]:
        """The rows with something in an input column; empty rows are passed over, and the
        computed columns (a total beside the rows) do not count."""
        invoer = [i for i, kop in enumerate(koppen) if kop and not kop.endswith(BEREKEND)
                  and not kop.startswith(VERSCHIL)]
        for index, row in enumerate(rows[1:], start=1):
            if any(row[i] is not None and row[i] != "" for i in invoer if i < len(row)):
                yield index, row

    def _bedrag(self, blad: str, rij: int, kolom: int, value: Any) -> Any:
        """An amount cell as the TOML parser would give it: Decimal, "p.m." or None."""
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            self.fout(blad, rij, kolom, _("{waarde} is geen bedrag").format(waarde=value))
            return None
        if isinstance(value, int | float):
            return _getal(value)
        tekst = str(value).strip()
        if tekst == "p.m.":
            return tekst
        if tekst.lower().replace(" ", "") in ("pm", "p.m", "pm.", "p.m.", "p/m"):
            self.fout(blad, rij, kolom, _("'{waarde}' is geen bedrag; bedoelt u \"p.m.\"?")
                      .format(waarde=tekst))
            return None
        if _LANG_GETAL.fullmatch(tekst) and sum(c.isdigit() for c in tekst) > 15:
            return Decimal(tekst)  # what export writes as text: more than 15 digits
        self.fout(blad, rij, kolom, _("'{waarde}' is tekst, geen bedrag: typ het bedrag als "
                                      "getal, of \"p.m.\"").format(waarde=tekst))
        return None

    def _tekst(self, value: Any) -> str | None:
        if type(value) is str:  # most cells of a text column
            return value or None
        if value is None:
            return None
        if isinstance(value, float | int) and not isinstance(value, bool):
            return format(_getal(value), "f")
        return str(value)

    def _plaats(self, path: tuple[Any, ...], blad: str, rij: int, kolom: int) -> None:
        self.g.cellen[path] = (blad, rij, kolom)

    def _berekend(self, key: tuple[str, str], kolom: int | None, blad: str, rij: int,
                  row: list[Any]) -> None:
        """Keep what the computed lasten of a row holds (kolom: its column, if any)."""
        if kolom is not None:
            self.g.berekend[key] = (blad, rij, kolom, _at(row, kolom))

    def begroting(self, rows: list[list[Any]]) -> None:
        koppen = self._koppen(BEGROTING, rows, BEGROTING_KOPPEN)
        if koppen is None:
            return
        i_sleutel, i_periode, i_waarde = (koppen.index(k) for k in BEGROTING_KOPPEN)
        raw = self.g.raw
        for rij, row in self._data(rows, koppen):
            sleutel = self._tekst(_at(row, i_sleutel))
            if sleutel is None:
                continue
            periode = self._tekst(_at(row, i_periode))
            value = _at(row, i_waarde)
            parts = sleutel.split(".")
            if parts[0] == "indexatie":  # a rate's name is the budget's own: it may hold a dot
                parts = ["indexatie", sleutel.partition(".")[2]]
            if parts[0] not in ("begroting", "indexatie", "lasten", "totaal") or len(parts) < 2:
                self.fout(BEGROTING, rij, i_sleutel, _("onbekende sleutel '{sleutel}'").format(
                    sleutel=sleutel))
                continue
            if sleutel in GEHEEL or sleutel in GETAL or parts[0] == "indexatie":
                if isinstance(value, bool) or not isinstance(value, int | float):
                    self.fout(BEGROTING, rij, i_waarde, _("{sleutel} is een getal").format(
                        sleutel=sleutel))
                    continue
                getal = _getal(value)
                waarde: Any = int(getal) if sleutel in GEHEEL and getal == int(getal) else getal
            elif parts[0] == "begroting":
                waarde = self._tekst(value)
                if waarde is None:
                    continue
            else:
                waarde = self._bedrag(BEGROTING, rij, i_waarde, value)
                if waarde is None:
                    continue
            table = raw
            for part in parts[:-1]:
                table = table.setdefault(part, {})
            if periode is not None:
                table = table.setdefault(parts[-1], {})
                table[periode] = waarde
                self._plaats((*parts, periode), BEGROTING, rij, i_waarde)
            else:
                table[parts[-1]] = waarde
                self._plaats(tuple(parts), BEGROTING, rij, i_waarde)

    def _kolommen(self, blad: str, koppen: list[str]) -> list[tuple[int, str, str | None]]:
        """The amount columns of a sheet, (column, soort, periode), once per sheet; and every
        column's key, for the position of a value in a diagnostic."""
        columns = self.g.kolommen.setdefault(blad, {})
        found = []
        for kolom, kop in enumerate(koppen):
            gelezen = lees_bedrag_kop(kop)
            if gelezen is None:
                columns.setdefault(kop, kolom)
                continue
            soort, periode = gelezen
            columns[soort if periode is None else (soort, periode)] = kolom
            found.append((kolom, soort, periode))
        return found

    def _bedragen(self, blad: str, kolommen: list[tuple[int, str, str | None]], rij: int,
                  row: list[Any], item: dict[str, Any]) -> None:
        for kolom, soort, periode in kolommen:
            value = row[kolom] if kolom < len(row) else None
            if value is None or value == "":
                continue
            if type(value) is float:  # most amounts: straight through
                waarde: Any = _getal(value)
            else:
                waarde = self._bedrag(blad, rij, kolom, value)
                if waarde is None:
                    continue
            if periode is None:
                item[soort] = waarde
            else:
                item.setdefault(soort, {})[periode] = waarde

    def _onbekend(self, blad: str, koppen: list[str], bekend: Iterable[str]) -> None:
        bekend = set(bekend)
        for kolom, kop in enumerate(koppen):
            if kop and kop not in bekend and lees_bedrag_kop(kop) is None and not (
                    kop.endswith(BEREKEND) or kop.startswith(VERSCHIL)):
                close = difflib.get_close_matches(kop, sorted(bekend), n=1)
                hint = _("; bedoelt u '{naam}'?").format(naam=close[0]) if close else ""
                self.fout(blad, 0, kolom, _("onbekende kolom '{kop}'{hint}").format(
                    kop=kop, hint=hint))

    def programmas(self, rows: list[list[Any]]) -> None:
        koppen = self._koppen(PROGRAMMAS, rows, ("code", "naam"))
        if koppen is None:
            return
        self._onbekend(PROGRAMMAS, koppen, PROGRAMMA_VELDEN)
        bedragen = self._kolommen(PROGRAMMAS, koppen)
        velden = [(veld, koppen.index(veld)) for veld in PROGRAMMA_VELDEN if veld in koppen]
        lijst = self.g.raw.setdefault("programma", [])
        for rij, row in self._data(rows, koppen):
            index = len(lijst)
            item: dict[str, Any] = {}
            for veld, kolom in velden:
                waarde = self._tekst(_at(row, kolom))
                if waarde is not None:
                    item[veld] = waarde
            naam = item.pop("lijst", "beleidsopgave")
            if naam not in ("beleidsopgave", "regel"):
                self.fout(PROGRAMMAS, rij, koppen.index("lijst"),
                          _("lijst is beleidsopgave of regel, niet '{naam}'").format(naam=naam))
            self.lijsten.append(naam)
            self._bedragen(PROGRAMMAS, bedragen, rij, row, item)
            lijst.append(item)
            self._plaats(("programma", index), PROGRAMMAS, rij, 0)
            code = item.get("code")
            if code is None:
                self.fout(PROGRAMMAS, rij, koppen.index("code"), _("een programma zonder code"))
            elif code in self.per_code:
                self.fout(PROGRAMMAS, rij, koppen.index("code"),
                          _("programma {code} staat twee keer in het werkblad").format(code=code))
            else:
                self.per_code[code] = item
                self._berekend(("programma", code), _index(koppen, f"lasten {BEREKEND}"),
                               PROGRAMMAS, rij, row)

    def regels(self, rows: list[list[Any]]) -> None:
        koppen = self._koppen(REGELS, rows, ("programma", "code", "naam"))
        if koppen is None:
            return
        self._onbekend(REGELS, koppen, REGEL_VELDEN)
        bedragen = self._kolommen(REGELS, koppen)
        velden = [(veld, koppen.index(veld)) for veld in ("code", "naam", "taakveld", "index")
                  if veld in koppen]
        i_programma, i_code = koppen.index("programma"), koppen.index("code")
        i_kassiers = koppen.index("kassiersfunctie") if "kassiersfunctie" in koppen else None
        i_indicatie = koppen.index("indicatie") if "indicatie" in koppen else None
        plaats = {code: i for i, code in enumerate(self.per_code)}
        i_berekend = _index(koppen, f"lasten {BEREKEND}")
        for rij, row in self._data(rows, koppen):
            programma = self._tekst(_at(row, i_programma))
            if programma is None or programma not in self.per_code:
                self.fout(REGELS, rij, i_programma,
                          _("geen programma {code} in het werkblad {blad}").format(
                              code=programma, blad=PROGRAMMAS))
                self.overgeslagen.add(str(self._tekst(_at(row, i_code))))
                continue
            index = plaats[programma]
            naam = self.lijsten[index]
            regels = self.per_code[programma].setdefault(naam, [])
            path = ("programma", index, naam, len(regels))
            item: dict[str, Any] = {}
            for veld, kolom in velden:
                waarde = self._tekst(_at(row, kolom))
                if waarde is not None:
                    item[veld] = waarde
            if i_kassiers is not None:
                waarde = _at(row, i_kassiers)
                if waarde is True or (type(waarde) in (int, float) and waarde == 1):
                    item["kassiersfunctie"] = True  # LibreOffice's .ods gives WAAR as 1
                elif waarde not in (None, "", False):  # (0 and 0.0 are False too)
                    self.fout(REGELS, rij, i_kassiers, _("kassiersfunctie is WAAR of ONWAAR, "
                                                         "niet '{waarde}'").format(waarde=waarde))
            if i_indicatie is not None:
                waarde = self._bedrag(REGELS, rij, i_indicatie, _at(row, i_indicatie))
                if waarde is not None:
                    item["indicatie"] = waarde
            self._bedragen(REGELS, bedragen, rij, row, item)
            regels.append(item)
            self._plaats(path, REGELS, rij, i_code)
            if "code" in item:
                self._berekend(("regel", item["code"]), i_berekend, REGELS, rij, row)

    def teksten(self, rows: list[list[Any]]) -> None:
        koppen = self._koppen(TEKSTEN, rows, TEKST_KOPPEN)
        if koppen is None:
            return
        i_niveau, i_code, i_veld, i_tekst = (koppen.index(k) for k in TEKST_KOPPEN)
        regels: dict[str, dict[str, Any]] = {}
        for programma in self.g.raw.get("programma", []):
            for naam in ("beleidsopgave", "regel"):
                for regel in programma.get(naam, []):
                    if "code" in regel:
                        regels.setdefault(regel["code"], regel)
        for rij, row in self._data(rows, koppen):
            niveau, code, veld = (self._tekst(_at(row, i)) for i in (i_niveau, i_code, i_veld))
            tekst = self._tekst(_at(row, i_tekst))
            if tekst is None:
                continue
            doel = (self.per_code if niveau == "programma" else regels).get(code or "")
            if niveau == "regel" and code in self.overgeslagen:
                continue  # its regel has an error already
            if niveau not in ("programma", "regel") or doel is None:
                self.fout(TEKSTEN, rij, i_code, _("geen {niveau} met code {code}").format(
                    niveau=niveau, code=code))
                continue
            if veld == "toelichting":
                if "toelichting" in doel:
                    self.fout(TEKSTEN, rij, i_veld, _("{code} heeft al een toelichting").format(
                        code=code))
                    continue
                doel["toelichting"] = tekst
            elif niveau == "regel" and veld in ("output", "heroverweging"):
                doel.setdefault(veld, []).append(tekst)
            else:
                self.fout(TEKSTEN, rij, i_veld, _("veld is toelichting, output of "
                                                  "heroverweging (een programma heeft alleen "
                                                  "een toelichting), niet '{veld}'").format(
                    veld=veld))

    def verklaring(self, rows: list[list[Any]]) -> None:
        koppen = self._koppen(VERKLARING, rows, VERKLARING_KOPPEN)
        if koppen is None:
            return
        i_omschrijving, i_bedrag = (koppen.index(k) for k in VERKLARING_KOPPEN)
        lijst = self.g.raw.setdefault("verklaring", [])
        for rij, row in self._data(rows, koppen):
            item: dict[str, Any] = {}
            omschrijving = self._tekst(_at(row, i_omschrijving))
            if omschrijving is not None:
                item["omschrijving"] = omschrijving
            bedrag = self._bedrag(VERKLARING, rij, i_bedrag, _at(row, i_bedrag))
            if bedrag is not None:
                item["bedrag"] = bedrag
            self._plaats(("verklaring", len(lijst)), VERKLARING, rij, i_omschrijving)
            self._plaats(("verklaring", len(lijst), "bedrag"), VERKLARING, rij, i_bedrag)
            lijst.append(item)
        if not lijst:
            del self.g.raw["verklaring"]

    def uitzonderingen(self, rows: list[list[Any]]) -> None:
        koppen = self._koppen(UITZONDERINGEN, rows, UITZONDERING_KOPPEN)
        if koppen is None:
            return
        lijst = self.g.raw.setdefault("uitzondering", [])
        for rij, row in self._data(rows, koppen):
            item = {k: self._tekst(_at(row, koppen.index(k))) for k in UITZONDERING_KOPPEN}
            self._plaats(("uitzondering", len(lijst)), UITZONDERINGEN, rij, 0)
            lijst.append({k: v for k, v in item.items() if v is not None})
        if not lijst:
            del self.g.raw["uitzondering"]


def _index(koppen: list[str], kop: str) -> int | None:
    return koppen.index(kop) if kop in koppen else None


def _at(row: list[Any], index: int) -> Any:
    return row[index] if index < len(row) else None
