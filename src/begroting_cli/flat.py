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
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from pydantic import ValidationError

from begroting_cli.diagnostic import Diagnostic, Severity
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

ONGELDIGE_TABEL = "BGR010"

KOLOMMEN = ("programma", "programma_naam", "regel", "naam", "taakveld", "soort", "periode",
            "bedrag")
"""The columns of a flat table, in the order the documentation lists them."""

VERPLICHT = ("programma", "soort", "periode", "bedrag")
"""The columns every flat table has."""

TEKENS = ("baten", "onttrekking_reserve")
"""The soorten whose sign the table may turn around (--baten negatief)."""


@dataclass(frozen=True, slots=True)
class Kop:
    """What the table does not say: the budget's [begroting] table and the sign of baten."""

    naam: str
    organisatie: str
    eenheid: Literal[1, 1000, 1000000]
    jaar: int | None = None
    """The budget's own year; by default the last year with a begroting."""
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
        return None, (_error(name, line, "table", f"not UTF-8 text at byte {error.start}"),)
    reader = _Reader(name, text, kop)
    begroting = reader.read()
    return (begroting if not reader.errors else None), tuple(reader.errors)


class _Reader:
    """One pass over the rows; errors collect in .errors."""

    def __init__(self, name: str, text: str, kop: Kop) -> None:
        self.name, self.text, self.kop = name, text, kop
        first = text.split("\n", 1)[0]
        self.delimiter = ";" if first.count(";") > first.count(",") else ","
        self.errors: list[Diagnostic] = []
        self.totaal = _Item("", 0)
        self.programmas: dict[str, _Item] = {}

    def read(self) -> Begroting | None:
        rows = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter)
        header = next(rows, None)
        if header is None:
            self._fail(1, "table", "the table is empty: it has no header row")
            return None
        columns = self._columns(header)
        if columns is None:
            return None
        for cells in rows:
            if any(cell.strip() for cell in cells):
                self._row(rows.line_num, columns, cells)
        if not self.errors and not self.programmas and not self.totaal.bedragen:
            self._fail(1, "table", "the table has a header but no rows")
        return None if self.errors else self._budget()

    def _columns(self, header: list[str]) -> dict[str, int] | None:
        names = [cell.strip().lower() for cell in header]
        allowed = ", ".join(KOLOMMEN)
        for name in names:
            if name not in KOLOMMEN:
                close = difflib.get_close_matches(name, KOLOMMEN, n=1)
                hint = f"did you mean '{close[0]}'? " if close else ""
                self._fail(1, "table", f"unknown column '{name}': {hint}the columns are {allowed}")
        for name in VERPLICHT:
            if name not in names:
                self._fail(1, "table", f"missing column '{name}': the columns are {allowed}")
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            self._fail(1, "table", f"column '{twice[0]}' is there twice")
        return None if self.errors else {name: names.index(name) for name in names}

    def _row(self, line: int, columns: dict[str, int], cells: list[str]) -> None:
        def cell(name: str) -> str:
            index = columns.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        programma, regel, soort = cell("programma"), cell("regel"), cell("soort").lower()
        subject = regel or programma or "begroting"
        found = len(self.errors)
        if len(cells) > len(columns):
            self._fail(line, subject, f"the row has {len(cells)} cells, the header "
                       f"{len(columns)}")
        if soort not in (*SOORTEN, *DELEN):
            close = difflib.get_close_matches(soort, (*SOORTEN, *DELEN), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            self._fail(line, subject, f"soort '{soort}' is not one of "
                       f"{', '.join((*SOORTEN, *DELEN))}{hint}")
        periode = _periode(cell("periode"))
        if periode is None:
            self._fail(line, subject, f"periode '{cell('periode')}' is not a period such as "
                       "'begroting 2024', 'wijziging 2024', 'begroting 2024 na wijziging', "
                       "'raming 2025' or 'rekening 2023'")
        amount = self._bedrag(line, subject, cell("bedrag"))
        if not programma and regel:
            self._fail(line, subject, "a row without a programma is about the whole budget "
                       "and names no regel")
        if soort in DELEN and not regel:
            self._fail(line, subject, f"{soort} is a part of a regel's lasten: the row needs a "
                       "regel")
        if len(self.errors) > found or periode is None or amount is None:
            return
        if soort in TEKENS and self.kop.baten == "negatief":
            amount = -amount if isinstance(amount, Decimal) else amount
        item = self._item(line, programma, cell("programma_naam"), regel, cell("naam"),
                          cell("taakveld"))
        if item is None:
            return
        amounts = item.bedragen.setdefault(soort, {})
        if periode in amounts:
            self._fail(line, subject, f"{soort} {periode} is given twice: also in row "
                       f"{amounts[periode][1]}")
            return
        amounts[periode] = (amount, line)

    def _item(self, line: int, programma: str, programma_naam: str, regel: str, naam: str,
              taakveld: str) -> _Item | None:
        if not programma:
            return self.totaal
        owner = self.programmas.get(programma)
        if owner is None:
            owner = self.programmas[programma] = _Item(programma_naam, line)
        elif programma_naam and owner.naam and programma_naam != owner.naam:
            self._fail(line, programma, f"programma {programma} is called '{programma_naam}' "
                       f"here and '{owner.naam}' in row {owner.rij}")
            return None
        owner.naam = owner.naam or programma_naam
        if not regel:
            return owner
        item = owner.regels.get(regel)
        if item is None:
            item = owner.regels[regel] = _Item(naam, line, taakveld)
            return item
        for what, here, there in (("naam", naam, item.naam), ("taakveld", taakveld,
                                                              item.taakveld)):
            if here and there and here != there:
                self._fail(line, regel, f"regel {regel} has {what} '{here}' here and "
                           f"'{there}' in row {item.rij}")
                return None
        item.naam, item.taakveld = item.naam or naam, item.taakveld or taakveld
        return item

    def _bedrag(self, line: int, subject: str, text: str) -> Bedrag | None:
        if text.lower() == "p.m.":
            return PM
        raw = text.replace(" ", "").replace("\u00a0", "")
        if self.delimiter == ";":
            raw = raw.replace(".", "").replace(",", ".")
        try:
            amount = Decimal(raw)
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite() or "e" in raw.lower():
            hint = '; did you mean "p.m."?' if text.lower().replace(".", "") == "pm" else ""
            where = "a decimal comma" if self.delimiter == ";" else "a decimal point"
            self._fail(line, subject, f"bedrag '{text}' is not an amount (a number with "
                       f"{where}, or \"p.m.\"){hint}")
            return None
        if abs(amount) >= Decimal(10) ** 15:
            self._fail(line, subject, f"bedrag '{text}' is out of range")
            return None
        return amount

    def _budget(self) -> Begroting | None:
        jaar = self.kop.jaar if self.kop.jaar is not None else self._jaar()
        if jaar is None:
            self._fail(1, "table", "the table has no period 'begroting <year>': give the "
                       "budget's year with --jaar")
            return None
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
            for problem in error.errors():
                where = ".".join(str(part) for part in problem["loc"])
                self._fail(1, "table", f"{where}: {problem['msg']}")
            return None

    def _jaar(self) -> int | None:
        years = [p.jaar for item in self._items() for amounts in item.bedragen.values()
                 for p in amounts if p.soort is PeriodeSoort.BEGROTING]
        return max(years, default=None)

    def _items(self) -> Iterator[_Item]:
        yield self.totaal
        for programma in self.programmas.values():
            yield programma
            yield from programma.regels.values()

    def _fail(self, line: int, subject: str, message: str) -> None:
        self.errors.append(_error(self.name, line, subject, message))


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
        if [periode for periode, _ in ordered] == [eigen]:
            found[soort] = ordered[0][1][0]
        else:
            found[soort] = {str(periode): amount for periode, (amount, _) in ordered}
    return found


def _error(name: str, line: int, subject: str, message: str) -> Diagnostic:
    return Diagnostic(name, line, None, Severity.ERROR, ONGELDIGE_TABEL, subject, message)
