"""Flat tables to budgets: the one-row-per-amount layout that financial systems export.

Columns (any order, a header row): programma, programma_naam, regel, naam, taakveld, soort,
periode, bedrag (docs/import.md). A row without a programma is about the budget as a whole, a
row without a regel about its programme. Every bad row becomes a Diagnostic naming the table
and the row, all in one pass; a budget is made only from a table without errors.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from pydantic import ValidationError

from begroting_cli.diagnostic import Diagnostic, Severity, aantal
from begroting_cli.model import (
    DELEN,
    PM,
    SOORTEN,
    Bedrag,
    Begroting,
    Periode,
    PeriodeSoort,
    SoortOrganisatie,
)
from begroting_cli.tekst import _, ngettext

ONGELDIGE_TABEL = "BGR010"

KOLOMMEN = ("programma", "programma_naam", "regel", "naam", "taakveld", "soort", "periode",
            "bedrag")
"""The columns of a flat table, in the order the documentation lists them."""

VERPLICHT = ("programma", "soort", "periode", "bedrag")
"""The columns every flat table has."""

TEKENS = ("baten", "onttrekking_reserve")
"""The soorten whose sign the table may turn around (--baten negatief)."""

TEKSTEN = KOLOMMEN[:5]
"""The columns of texts (programma to taakveld): a ' that guards against a spreadsheet formula
(before = + - @) comes off them."""

GETEKEND = 3
"""From this many baten and onttrekkingen on, all of them negative means a sign turned wrong."""

_FORMULE = ("=", "+", "-", "@")
_NERGENS = 2**31  # the index of a column the table does not have: past the end of every row
_SEP = re.compile(r'"?sep=(.)"?', re.IGNORECASE)
_LEEG = " \t\r\n;,"
_SPATIES = str.maketrans("", "", " \u00a0\u202f")
_PUNT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)", re.ASCII)
"""An amount in a ',' table: a decimal point, no thousands separator."""
_KOMMA = re.compile(r"[+-]?(?:(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,\d*)?|,\d+)", re.ASCII)
"""An amount in a ';' table: a decimal comma, a '.' only between groups of three digits."""
_DUBBELZINNIG = re.compile(r"[+-]?[1-9]\d{0,2}\.\d{3}", re.ASCII)
"""1.234 in a ',' table: a decimal point, or a Dutch thousands point."""
_ENGELS = re.compile(r"[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d*)?", re.ASCII)
"""1,234.5: a thousands comma and a decimal point, as English spreadsheets write them."""
_GETAL = re.compile(r"[+-]?[\d.,]*\d[\d.,]*", re.ASCII)
_MINNEN = "\u2212\u2012\u2013\u2014\ufe63\uff0d"


@dataclass(frozen=True, slots=True)
class Kop:
    """What the table does not say: the budget's [begroting] table and the sign of baten."""

    naam: str
    organisatie: str
    eenheid: Literal[1, 1000, 1000000]
    jaar: int | None = None
    """The budget's own year; by default the table's one year with a begroting."""
    soort_organisatie: SoortOrganisatie | None = None
    baten: Literal["negatief", "positief"] = "negatief"
    """How the table signs baten and onttrekkingen: negatief as the BBV overview prints them."""


@dataclass(slots=True)
class _Item:
    """A programme or regel being read: its names, first row, and amounts by soort and period."""

    naam: str
    rij: int
    taakveld: str = ""
    bedragen: dict[str, dict[Periode, tuple[Bedrag, int]]] = field(default_factory=dict)
    regels: dict[str, _Item] = field(default_factory=dict)


def lees(data: bytes, name: str, kop: Kop) -> tuple[Begroting | None, tuple[Diagnostic, ...]]:
    """The budget in a flat table's bytes (UTF-8, with or without BOM), or what is wrong."""
    try:
        text = data.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, (_error(name, line, "table", _("geen UTF-8-tekst op byte {positie}").format(
            positie=aantal(error.start))),)
    reader = _Reader(name, text, kop)
    begroting = reader.read()
    errors = sorted(reader.errors, key=lambda error: error.line)
    return (begroting if not errors else None), (*errors, *reader.warnings)


class _Reader:
    """One pass over the rows; errors collect in .errors, warnings in .warnings."""

    def __init__(self, name: str, text: str, kop: Kop) -> None:
        self.name, self.text, self.kop = name, text, kop
        self.voor, sep, header = _begin(text)
        self.delimiter = sep or (";" if header.count(";") > header.count(",") else ",")
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.totaal = _Item("", 0)
        self.programmas: dict[str, _Item] = {}
        self.columns: dict[str, int] = {}
        self.plaats: list[int] = []
        """The index of each of KOLOMMEN in a row; _NERGENS for a column not there."""
        self.codes: dict[str, tuple[str, int]] = {}
        """Every regel code: its programma and first row (a code is used once in a file)."""
        self.dubbelzinnig: list[tuple[int, str, str]] = []
        self.punten = False
        """Whether an amount of a ',' table has a '.' that a thousands point cannot explain."""

    def read(self) -> Begroting | None:
        if self.delimiter not in (";", ","):
            self._fail(self.voor, "table", _(
                "de regel 'sep={teken}' noemt het scheidingsteken '{teken}': het "
                "scheidingsteken van een tabel is ';' of ','").format(teken=self.delimiter))
            return None
        records = self._records()
        header = next((found for found in records if found[0] > self.voor), None)
        if header is None and not self.errors:
            self._fail(1, "table", _("de tabel is leeg: ze heeft geen kopregel"))
        if header is None or self.errors or not self._columns(*header):
            return None  # rows read under a header that is not one would only add noise
        for line, cells in records:
            if any(cell.strip() for cell in cells):
                self._row(line, cells)
        self._dubbelzinnig()
        if not self.errors and not self.programmas and not self.totaal.bedragen:
            self._fail(1, "table", _("de tabel heeft een kopregel maar geen rijen"))
        return None if self.errors else self._budget()

    def _records(self) -> Iterator[tuple[int, list[str]]]:
        """(line, cells) of every row; what is not CSV becomes an error."""
        rows = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter,
                          strict=True)
        while True:
            start = rows.line_num + 1
            try:
                cells = next(rows)
            except StopIteration:
                return
            except csv.Error as error:
                self._fail(start, "table", _kapot(start, str(error)))
                continue
            yield rows.line_num, cells

    def _columns(self, line: int, header: list[str]) -> bool:
        names = [cell.strip().lower() for cell in header]
        while names and not names[-1]:  # a trailing delimiter on every line; the header has a name
            names.pop()
        allowed = ", ".join(KOLOMMEN)
        for number, name in enumerate(names, 1):
            if not name:
                self._fail(line, "table", _("kolom {nummer} heeft geen naam: de kolommen zijn "
                                            "{kolommen}").format(nummer=number, kolommen=allowed))
            elif name not in KOLOMMEN:
                close = difflib.get_close_matches(name, KOLOMMEN, n=1)
                message = (_("onbekende kolom '{naam}'; bedoelt u '{bedoeld}'? De kolommen zijn "
                             "{kolommen}") if close else
                           _("onbekende kolom '{naam}': de kolommen zijn {kolommen}"))
                self._fail(line, "table", message.format(
                    naam=name, bedoeld=close[0] if close else "", kolommen=allowed))
        for name in VERPLICHT:
            if name not in names:
                self._fail(line, "table", _("kolom '{naam}' ontbreekt: de kolommen zijn "
                                            "{kolommen}").format(naam=name, kolommen=allowed))
        twice = sorted({n for n in names if n and names.count(n) > 1})
        if twice:
            self._fail(line, "table", _("kolom '{naam}' staat er twee keer in").format(
                naam=twice[0]))
        self.columns = {name: names.index(name) for name in names}
        self.plaats = [self.columns.get(name, _NERGENS) for name in KOLOMMEN]
        return not self.errors

    def _cells(self, cells: list[str]) -> list[str]:
        """The row's cells in the order of KOLOMMEN, stripped; empty where there is none."""
        width = len(cells)
        found = [cells[index].strip() if index < width else "" for index in self.plaats]
        if "'" in "".join(found[:len(TEKSTEN)]):  # rare: look at each text only then
            for index, text in enumerate(found[:len(TEKSTEN)]):
                if text[:1] == "'" and text[1:2] in _FORMULE:
                    found[index] = text[1:]  # what `totals -f csv` wrote against formulas
        return found

    def _row(self, line: int, cells: list[str]) -> None:
        programma, programma_naam, regel, naam, taakveld, soort, periode_tekst, bedrag = (
            self._cells(cells))
        soort = soort.lower()
        subject = regel or programma or "begroting"
        if not self._complete(line, subject, cells):
            return
        found = len(self.errors)
        if soort not in (*SOORTEN, *DELEN):
            close = difflib.get_close_matches(soort, (*SOORTEN, *DELEN), n=1)
            message = (_("onbekende soort '{soort}'; bedoelt u '{bedoeld}'? De soorten zijn "
                         "{soorten}") if close else
                       _("onbekende soort '{soort}': de soorten zijn {soorten}"))
            self._fail(line, subject, message.format(
                soort=soort, bedoeld=close[0] if close else "",
                soorten=", ".join((*SOORTEN, *DELEN))))
        periode = _periode(periode_tekst)
        if periode is None:
            self._fail(line, subject, _(
                "periode '{periode}' is geen periode zoals 'begroting 2024', 'wijziging 2024', "
                "'begroting 2024 na wijziging', 'raming 2025' of 'rekening 2023'").format(
                periode=periode_tekst))
        amount = self._bedrag(line, subject, bedrag)
        if not programma and regel:
            self._fail(line, subject, _("een rij zonder programma gaat over de hele begroting "
                                        "en noemt geen regel"))
        if soort in DELEN and not regel:
            self._fail(line, subject, _("{soort} is een deel van de lasten van een regel: de rij "
                                        "moet een regel noemen").format(soort=soort))
        if len(self.errors) > found or periode is None or amount is None:
            return
        if soort in TEKENS and self.kop.baten == "negatief":
            amount = -amount if isinstance(amount, Decimal) else amount
        item = self._item(line, programma, programma_naam, regel, naam, taakveld)
        if item is None:
            return
        amounts = item.bedragen.setdefault(soort, {})
        if periode in amounts:
            self._fail(line, subject, _("{soort} {periode} is twee keer opgegeven: ook in rij "
                                        "{rij}").format(soort=soort, periode=periode,
                                                        rij=amounts[periode][1]))
            return
        amounts[periode] = (amount, line)

    def _complete(self, line: int, subject: str, cells: list[str]) -> bool:
        """Whether the row has a cell for every column it needs; spreadsheets leave off empty
        cells at the end and add empty ones after the last column, and both are fine."""
        width = len(self.columns)
        if len(cells) == width:
            return True
        if any(cell.strip() for cell in cells[width:]):
            self._fail(line, subject, _("de rij heeft {cellen} cellen, de kopregel {kop}: de "
                                        "cellen na de laatste kolom zijn niet leeg").format(
                cellen=len(cells), kop=width))
            return False
        missing = [name for name, index in self.columns.items()
                   if name in VERPLICHT and index >= len(cells)]
        if missing:
            self._fail(line, subject, ngettext(
                "de rij is te kort: ze heeft {cellen} cel, de kopregel {kop}, en geen cel voor "
                "{kolommen}",
                "de rij is te kort: ze heeft {cellen} cellen, de kopregel {kop}, en geen cel "
                "voor {kolommen}", len(cells)).format(cellen=len(cells), kop=width,
                                                      kolommen=", ".join(missing)))
            return False
        return True

    def _item(self, line: int, programma: str, programma_naam: str, regel: str, naam: str,
              taakveld: str) -> _Item | None:
        if not programma:
            return self.totaal
        owner = self.programmas.get(programma)
        if owner is None:
            owner = self.programmas[programma] = _Item(programma_naam, line)
        elif programma_naam and owner.naam and programma_naam != owner.naam:
            self._fail(line, programma, _("programma {programma} heet hier '{naam}' en in rij "
                                          "{rij} '{eerder}'").format(
                programma=programma, naam=programma_naam, rij=owner.rij, eerder=owner.naam))
            return None
        owner.naam = owner.naam or programma_naam
        if not regel:
            return owner
        item = owner.regels.get(regel)
        if item is None:
            item = owner.regels[regel] = _Item(naam, line, taakveld)
            self._code(line, programma, regel)
            return item
        for what, here, there in (("naam", naam, item.naam), ("taakveld", taakveld,
                                                              item.taakveld)):
            if here and there and here != there:
                self._fail(line, regel, _("regel {regel} heeft hier {kolom} '{hier}' en in rij "
                                          "{rij} '{daar}'").format(
                    regel=regel, kolom=what, hier=here, rij=item.rij, daar=there))
                return None
        item.naam, item.taakveld = item.naam or naam, item.taakveld or taakveld
        return item

    def _code(self, line: int, programma: str, regel: str) -> None:
        """A new regel's code is none of another programme's regels (validate's BGR008)."""
        first = self.codes.setdefault(regel, (programma, line))
        if first[0] != programma:
            self._fail(line, regel, _("regel {regel} staat ook in programma {programma} (rij "
                                      "{rij}): de code van een regel komt één keer voor in het "
                                      "bestand").format(regel=regel, programma=first[0],
                                                        rij=first[1]))

    def _bedrag(self, line: int, subject: str, text: str) -> Bedrag | None:
        if text.lower() == "p.m.":
            return PM
        raw = text.translate(_SPATIES)
        amount = _getal(raw, self.delimiter)
        if amount is None:
            message = (_('bedrag \'{tekst}\' is geen bedrag (een getal met een decimale komma, '
                         'of "p.m."){uitleg}') if self.delimiter == ";" else
                       _('bedrag \'{tekst}\' is geen bedrag (een getal met een decimale punt, '
                         'of "p.m."){uitleg}'))
            self._fail(line, subject, message.format(
                tekst=text, uitleg=_uitleg(text, raw, self.delimiter)))
            return None
        if abs(amount) >= Decimal(10) ** 15:
            self._fail(line, subject, _("bedrag '{tekst}' valt buiten het bereik").format(
                tekst=text))
            return None
        if self.delimiter == "," and "." in raw:
            if _DUBBELZINNIG.fullmatch(raw):
                self.dubbelzinnig.append((line, subject, text))
            else:
                self.punten = True
        return amount

    def _dubbelzinnig(self) -> None:
        """1.234 in a ',' table is an error, unless another amount shows decimal points."""
        if self.punten:
            return
        for line, subject, text in self.dubbelzinnig:
            raw = text.translate(_SPATIES)
            whole = raw.replace(".", "")
            self._fail(line, subject, _(
                "bedrag '{tekst}' kan {geheel} zijn (met een punt tussen duizendtallen) of "
                "{decimaal} (met een decimale punt), en geen ander bedrag in de tabel laat zien "
                "welke (het scheidingsteken is ','): schrijf {geheel}, of {decimalen} voor de "
                "decimalen").format(tekst=text, geheel=whole, decimaal=raw, decimalen=raw + "0"))

    def _budget(self) -> Begroting | None:
        jaar = self._jaar()
        if jaar is None:
            return None
        self._teken()
        eigen = Periode.eigen(jaar)
        meta: dict[str, Any] = {"naam": self.kop.naam, "organisatie": self.kop.organisatie,
                                "jaar": jaar, "eenheid": self.kop.eenheid}
        if self.kop.soort_organisatie is not None:
            meta["soort_organisatie"] = self.kop.soort_organisatie
        raw: dict[str, Any] = {"begroting": meta}
        if self.totaal.bedragen:
            raw["totaal"] = _amounts(self.totaal, eigen)
        raw["programma"] = [
            {"code": code, "naam": item.naam or code, **_amounts(item, eigen),
             "regel": [{"code": regel_code, "naam": regel.naam or regel_code,
                        **({"taakveld": regel.taakveld} if regel.taakveld else {}),
                        **_amounts(regel, eigen)} for regel_code, regel in item.regels.items()]}
            for code, item in self.programmas.items()]
        try:
            return Begroting.model_validate(raw)
        except ValidationError as error:  # what the rows cannot say wrong: a bad --jaar, say
            from begroting_cli.load import describe

            for problem in error.errors():
                where = ".".join(str(part) for part in problem["loc"])
                self._fail(1, "table", f"{where}: {describe(problem)[1]}")
            return None

    def _jaar(self) -> int | None:
        """The budget's year: --jaar, or the one year with a begroting that no column but a
        raming comes after; anything else is a guess, and a wrong year shifts every figure."""
        perioden = sorted({p for item in self._items() for amounts in item.bedragen.values()
                           for p in amounts}, key=lambda periode: periode.sleutel)
        years = sorted({p.jaar for p in perioden if p.soort is PeriodeSoort.BEGROTING})
        if self.kop.jaar is not None:
            if self.kop.jaar not in years:
                message = (_("--jaar {jaar}: de tabel heeft {begrotingen} maar geen periode "
                             "'begroting {jaar}', dus de begroting heeft geen bedragen voor haar "
                             "eigen periode") if years else
                           _("--jaar {jaar}: de tabel heeft geen periode 'begroting {jaar}', dus "
                             "de begroting heeft geen bedragen voor haar eigen periode"))
                self._warn(1, "table", message.format(
                    jaar=self.kop.jaar, begrotingen=_begrotingen(years) if years else ""))
            return self.kop.jaar
        if not years:
            self._fail(1, "table", _("de tabel heeft geen periode 'begroting <jaar>': geef het "
                                     "jaar van de begroting op met --jaar"))
            return None
        if len(years) > 1:
            self._fail(1, "table", _("de tabel heeft {begrotingen}: geef het jaar van de "
                                     "begroting op met --jaar").format(
                begrotingen=_begrotingen(years)))
            return None
        later = [str(p) for p in perioden
                 if p.jaar > years[0] and p.soort is not PeriodeSoort.RAMING]
        if later:
            self._fail(1, "table", _("de tabel heeft begroting {jaar}, maar ook {later} van een "
                                     "later jaar: geef het jaar van de begroting op met "
                                     "--jaar").format(jaar=years[0], later=", ".join(later)))
            return None
        return years[0]

    def _teken(self) -> None:
        """A warning when every baten and onttrekking ends up negative: --baten is wrong."""
        lines = []
        for item in self._items():
            for soort in TEKENS:
                for amount, line in item.bedragen.get(soort, {}).values():
                    if isinstance(amount, Decimal) and amount:
                        if amount > 0:
                            return
                        lines.append(line)
        if len(lines) < GETEKEND:
            return
        if self.kop.baten == "negatief":
            message = _("alle {aantal} bedragen van baten en onttrekking_reserve worden negatief "
                        "doordat --baten negatief hun teken omdraait: de tabel lijkt baten "
                        "positief weer te geven; gebruik --baten positief")
        else:
            message = _("alle {aantal} bedragen van baten en onttrekking_reserve zijn negatief, "
                        "en --baten positief laat hun teken staan: de tabel lijkt baten negatief "
                        "weer te geven; gebruik --baten negatief")
        self._warn(min(lines), "table", message.format(aantal=aantal(len(lines))))

    def _items(self) -> Iterator[_Item]:
        yield self.totaal
        for programma in self.programmas.values():
            yield programma
            yield from programma.regels.values()

    def _fail(self, line: int, subject: str, message: str) -> None:
        self.errors.append(_error(self.name, line, subject, message))

    def _warn(self, line: int, subject: str, message: str) -> None:
        self.warnings.append(Diagnostic(self.name, line, None, Severity.WARNING,
                                        ONGELDIGE_TABEL, subject, message))


def _begin(text: str) -> tuple[int, str | None, str]:
    """The lines before the header (blank ones, Excel's sep= line), the delimiter sep= names,
    and the header line."""
    sep = None
    number = 0
    for number, line in enumerate(io.StringIO(text, newline=""), 1):
        match = _SEP.fullmatch(line.rstrip("\r\n").strip(" "))
        if match and sep is None:
            sep = match[1]
        elif line.strip(_LEEG):
            return number - 1, sep, line
    return number, sep, ""


def _kapot(start: int, error: str) -> str:
    """What a csv.Error means for the row that starts at line `start`."""
    if "unexpected end of data" in error:
        return _("het aanhalingsteken dat in rij {rij} wordt geopend, wordt nooit gesloten: het "
                 "bestand eindigt erbinnen").format(rij=start)
    if "field limit" in error:
        return _("een cel van rij {rij} is langer dan {maximum} tekens: wordt daar een "
                 "aanhalingsteken geopend en nooit gesloten?").format(
            rij=start, maximum=aantal(csv.field_size_limit()))
    if "expected after" in error:
        return _('een cel tussen aanhalingstekens gaat door na het sluitende aanhalingsteken '
                 '(een aanhalingsteken binnen zo\'n cel wordt geschreven als "")')
    return _("de rij is geen CSV: {fout}").format(fout=error)  # the error as csv says it


def _getal(raw: str, delimiter: str) -> Decimal | None:
    """The amount a cell's text (without spaces) is in the table's number format, or None."""
    if delimiter == ";":
        return Decimal(raw.replace(".", "").replace(",", ".")) if _KOMMA.fullmatch(raw) else None
    return Decimal(raw) if _PUNT.fullmatch(raw) else None


def _uitleg(text: str, raw: str, delimiter: str) -> str:
    """Why a cell is not an amount, and what to write: the end of the message."""
    if text.lower().replace(".", "").translate(_SPATIES) == "pm":
        return _('; bedoelt u "p.m."?')
    if _GETAL.fullmatch(raw) and (delimiter == "," or "." in raw):
        return _scheiding(raw, delimiter)
    inner = raw[1:-1] if raw[:1] + raw[-1:] == "()" else raw[:-1] if raw[-1:] == "-" else ""
    if inner[:1] not in ("-", "+") and _getal(inner, delimiter) is not None:
        return _("; een negatief bedrag krijgt een minteken vooraan: -{bedrag}").format(
            bedrag=inner)
    if raw[:1] in _MINNEN and _getal(raw[1:], delimiter) is not None:
        return _("; '{teken}' is niet het minteken van een getal: schrijf -{bedrag}").format(
            teken=raw[0], bedrag=raw[1:])
    bare = raw.removeprefix("€").removeprefix("EUR").removeprefix("eur")
    if bare != raw and _getal(bare, delimiter) is not None:
        return _("; schrijf het zonder valuta: {bedrag}").format(bedrag=bare)
    plain = raw.replace("_", "").replace("'", "")
    if plain != raw and _getal(plain, delimiter) is not None:
        return _("; schrijf {bedrag}").format(bedrag=plain)
    return ""


def _scheiding(raw: str, delimiter: str) -> str:
    """Why digits with '.' and ',' are not an amount in a table with this delimiter, and how
    to write each amount they can mean (1.234,5 the Dutch way, 1,234.5 the English way)."""
    english = (Decimal(raw.replace(",", "")) if _ENGELS.fullmatch(raw)
               else _getal(raw, ","))
    readings = sorted({amount for amount in (_getal(raw, ";"), english) if amount is not None})
    shown = [format(amount, "f").replace(".", "," if delimiter == ";" else ".")
             for amount in readings]
    also = (_("; schrijf {bedrag} of {ander}").format(bedrag=shown[0], ander=shown[1])
            if len(shown) > 1 else _("; schrijf {bedrag}").format(bedrag=shown[0])
            if shown else "")
    if delimiter == ";":
        return _(": het scheidingsteken van de tabel is ';', dus een '.' staat alleen tussen "
                 "duizendtallen (1.234.567,8){ook}").format(ook=also)
    return _(": het scheidingsteken van de tabel is ',', dus heeft een bedrag een decimale punt "
             "en geen scheiding tussen duizendtallen{ook}").format(ook=also)


def _begrotingen(years: list[int]) -> str:
    """begroting 2024, or begroting 2023, 2024 and 2025."""
    listed = ", ".join(map(str, years[:-1]))
    if listed:
        return _("begroting {jaren} en {laatste}").format(jaren=listed, laatste=years[-1])
    return f"begroting {years[-1]}"


def _periode(text: str) -> Periode | None:
    return Periode.lees(" ".join(text.lower().split()))


def _amounts(item: _Item, eigen: Periode) -> dict[str, Any]:
    """An item's amounts for the file: plain when only the own period is given."""
    found: dict[str, Any] = {}
    for soort in (*DELEN, *SOORTEN):
        by_period = item.bedragen.get(soort)
        if not by_period:
            continue
        ordered = sorted(by_period.items(), key=lambda entry: entry[0].sleutel)
        if [periode for periode, _bedrag in ordered] == [eigen]:
            found[soort] = ordered[0][1][0]
        else:
            found[soort] = {str(periode): amount for periode, (amount, _rij) in ordered}
    return found


def _error(name: str, line: int, subject: str, message: str) -> Diagnostic:
    return Diagnostic(name, line, None, Severity.ERROR, ONGELDIGE_TABEL, subject, message)
