"""`begroting export`: a budget as an XLSX workbook, its totals as live formulas.

The sheets and columns are werkboek.py's, so that `begroting import` reads back exactly what
is written. Input cells are yellow and unlocked; computed cells grey and locked (no password),
each formula stored with the engine's value, so the workbook reads right where nothing
recalculates it. Every text is written as text: a naam "=HYPERLINK(...)" never becomes a
formula. XlsxWriter is imported here, so only by this command.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import cache, cached_property
from typing import Any

from begroting_cli import werkboek as wb
from begroting_cli.engine import RegelTotaal, Totalen
from begroting_cli.model import DELEN, Begroting, Periode, Pm
from begroting_cli.notation import eenheid
from begroting_cli.render import rows, toml
from begroting_cli.tekst import _

FORMULE = ("=", "+", "-", "@")

_BIJZONDER = re.compile(r"[&<>\x00-\x08\x0b-\x1f]|_x[0-9a-fA-F]{4}_")
"""What XlsxWriter escapes in a cell's text: XML's own characters, and control characters
(and text that looks like their escape) as _xHHHH_."""

MAX_CIJFERS = 15
"""Significant digits a spreadsheet keeps of a number: an amount with more is written as text,
so that it comes back exactly (docs/werkboek.md)."""
_VEILIG = Decimal(10**9)
"""Below this an amount has at most 15 digits: the model allows 6 decimals (MAX_DECIMALEN)."""


MAX_TEKST = 32_767
"""The most characters a spreadsheet cell holds (Excel's limit): a longer text would be cut."""


class NietTeSchrijven(ValueError):
    """Why a budget cannot be a workbook that reads back as the same budget."""


def werkboek(totalen: Totalen) -> bytes:
    """The workbook of a budget, as the bytes of an .xlsx file; NietTeSchrijven when the
    workbook could not hold it exactly."""
    import xlsxwriter  # type: ignore[import-untyped]

    _kan(totalen.begroting)

    buffer = io.BytesIO()
    boek = xlsxwriter.Workbook(buffer, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
        "strings_to_urls": False,
    })
    _Schrijver(boek, totalen).alles()
    boek.close()
    return buffer.getvalue()


def _kan(begroting: Begroting) -> None:
    """Refuse what a workbook cannot hold: a text longer than a cell, and a regel code used
    twice (sheet Teksten finds a regel by its code)."""
    gezien: set[str] = set()
    for programma in begroting.programma:
        for tekst in (programma.naam, programma.toelichting or ""):
            _niet_te_lang(tekst, programma.code)
        for regel in programma.regels:
            if regel.code in gezien:
                raise NietTeSchrijven(_("regelcode {code} staat twee keer in de begroting "
                                        "(BGR008): het werkboek vindt een regel aan zijn "
                                        "code").format(code=repr(regel.code)))
            gezien.add(regel.code)
            for tekst in (regel.naam, regel.toelichting or "", *regel.output,
                          *regel.heroverweging):
                _niet_te_lang(tekst, regel.code)
    for item in begroting.verklaring:
        _niet_te_lang(item.omschrijving, "verklaring")
    for tekst in (begroting.begroting.naam, begroting.begroting.organisatie):
        _niet_te_lang(tekst, "begroting")


def _niet_te_lang(tekst: str, waar: str) -> None:
    if len(tekst) > MAX_TEKST:
        raise NietTeSchrijven(_("een tekst van {code} heeft {lengte} tekens; een cel van een "
                                "werkboek houdt er {maximum}").format(
            code=waar, lengte=f"{len(tekst):,}".replace(",", "."),
            maximum=f"{MAX_TEKST:,}".replace(",", ".")))


@cache
def _col(kolom: int) -> str:
    """A column's letters: 0 is A, 26 is AA."""
    return wb.cel("x", 0, kolom).split("!")[1].rstrip("1")


@cache
def _blad_klasse() -> type:
    """XlsxWriter's worksheet, with formulas taken as they are written."""
    from xlsxwriter.worksheet import Worksheet  # type: ignore[import-untyped]

    class Blad(Worksheet):  # type: ignore[misc]
        def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
            # Our formulas use SUM and SUMPRODUCT only, none of the functions that Excel
            # stores under another name: the 29 substitutions XlsxWriter tries on every
            # formula would change nothing and took half the time of a large workbook.
            return formula.removeprefix("=")

    return Blad


@cache
def _snel_klasse() -> type:
    """A worksheet for the sheets of many rows (Regels, Teksten)."""

    class SnelBlad(_blad_klasse()):  # type: ignore[misc]
        """Keeps its cells as (column, kind, value, format, result) and writes them as XML in
        one pass when the workbook closes, in the form XlsxWriter writes them in its
        constant_memory mode (strings inline). XlsxWriter's own cells cost some 7 µs each: 10
        s for the regels of a budget of 100.000, more than three times validating it."""

        def __init__(self) -> None:
            super().__init__()
            self.rijen: dict[int, list[tuple[int, str, Any, Any, Any]]] = {}

        def _cel(self, row: int, col: int, kind: str, value: Any, fmt: Any,
                 result: Any = None) -> int:
            # Written in order, a row at a time and left to right: kept as they come.
            cells = self.rijen.get(row)
            if cells is None:
                cells = self.rijen[row] = []
            cells.append((col, kind, value, fmt, result))
            return 0

        def _assemble_xml_file(self) -> None:
            if self.rijen:  # the used range, as XlsxWriter's own cells would have set it
                self._check_dimensions(min(self.rijen), 0)
                self._check_dimensions(max(self.rijen), max(
                    cells[-1][0] for cells in self.rijen.values()))
            super()._assemble_xml_file()

        def write_string(self, row: int, col: int, string: str, cell_format: Any = None,
                         *_: Any) -> int:
            return self._cel(row, col, "s", string, cell_format)

        def write_number(self, row: int, col: int, number: float, cell_format: Any = None,
                         *_: Any) -> int:
            return self._cel(row, col, "n", number, cell_format)

        def write_boolean(self, row: int, col: int, boolean: bool, cell_format: Any = None,
                          *_: Any) -> int:
            return self._cel(row, col, "b", boolean, cell_format)

        def write_formula(self, row: int, col: int, formula: str, cell_format: Any = None,
                          value: Any = 0) -> int:
            return self._cel(row, col, "f", formula.removeprefix("="), cell_format, value)

        def _write_rows(self) -> None:
            super()._write_rows()  # nothing: every cell is in self.rijen
            def tekst(value: str) -> str:  # most texts have nothing to escape
                if _BIJZONDER.search(value) is None:
                    return value
                return str(self._escape_data(self._escape_control_characters(value)))

            stijl: dict[int, str] = {}  # per format, its attribute
            write = self.fh.write
            for row, cells in self.rijen.items():
                r = row + 1
                parts = [f'<row r="{r}">']
                add = parts.append
                for col, kind, value, fmt, result in cells:
                    s = stijl.get(id(fmt))
                    if s is None:
                        s = stijl[id(fmt)] = f' s="{fmt._get_xf_index()}"' if fmt else ""
                    head = f'<c r="{_col(col)}{r}"{s}'
                    if kind == "s":
                        keep = ' xml:space="preserve"' if value[:1].isspace() or (
                            value[-1:].isspace()) else ""
                        add(f'{head} t="inlineStr"><is><t{keep}>{tekst(value)}</t>'
                            "</is></c>")
                    elif kind == "n":
                        add(f"{head}><v>{value:.16G}</v></c>")
                    elif kind == "b":
                        add(f'{head} t="b"><v>{int(value)}</v></c>')
                    elif isinstance(result, str):  # a formula whose value is text (or none)
                        typ = ' t="str"' if result else ""
                        add(f"{head}{typ}><f>{value}</f><v>{tekst(result)}</v></c>")
                    else:  # our formulas hold references and SUM: nothing to escape
                        add(f"{head}><f>{value}</f><v>{result:.16G}</v></c>")
                add("</row>")
                write("".join(parts))

    return SnelBlad


class _Schrijver:
    """Writes every sheet of one budget's workbook."""

    def __init__(self, boek: Any, totalen: Totalen) -> None:
        self.boek = boek
        self.totalen = totalen
        self.begroting: Begroting = totalen.begroting
        self.data = toml.data(self.begroting)
        d = rows.decimalen(self.begroting)
        getal = "#,##0" + ("." + "0" * d if d else "")
        geel, grijs = "#FFF2CC", "#E7E6E6"
        self.kop = boek.add_format({"bold": True, "bottom": 1, "text_wrap": True,
                                    "valign": "top"})
        self.tekst = boek.add_format({"locked": False, "bg_color": geel, "valign": "top"})
        self.lang = boek.add_format({"locked": False, "bg_color": geel, "valign": "top",
                                     "text_wrap": True})
        self.tekst_quote = boek.add_format({"locked": False, "bg_color": geel,
                                            "quote_prefix": True, "valign": "top"})
        self.bedrag = boek.add_format({"locked": False, "bg_color": geel, "num_format": getal})
        self.nadeel = boek.add_format({"locked": False, "bg_color": geel,
                                       "num_format": f'{getal};"-/- "{getal}'})
        self.rechts = boek.add_format({"locked": False, "bg_color": geel, "align": "right"})
        self.berekend = boek.add_format({"bg_color": grijs, "num_format": getal})
        self.berekend_nadeel = boek.add_format({"bg_color": grijs, "bold": True,
                                                "num_format": f'{getal};"-/- "{getal}'})
        self.totaal = boek.add_format({"bg_color": grijs, "bold": True, "num_format": getal})
        self.label = boek.add_format({"bold": True})
        self.gewoon = boek.add_format({"text_wrap": True, "valign": "top"})

    def blad(self, naam: str, groot: bool = False) -> Any:
        """A new sheet; `groot` for one of a row per regel or text."""
        return self.boek.add_worksheet(naam, worksheet_class=(
            _snel_klasse() if groot else _blad_klasse()))

    # -- cells ---------------------------------------------------------------------------

    def schrijf_tekst(self, blad: Any, rij: int, kolom: int, tekst: str | None,
                      lang: bool = False) -> None:
        """An input text, always as text; one that a spreadsheet would take for a formula gets
        a quote prefix, which Excel and LibreOffice show as nothing."""
        if tekst is None:
            return  # the column's format makes it an input cell
        if tekst.startswith(FORMULE):
            blad.write_string(rij, kolom, tekst, self.tekst_quote)
        else:
            blad.write_string(rij, kolom, tekst, self.lang if lang else self.tekst)

    def schrijf_bedrag(self, blad: Any, rij: int, kolom: int, bedrag: object,
                       nadeel: bool = False) -> None:
        """An input amount: a number, "p.m." as text (SUM skips it, as the engine counts p.m.
        as unknown), or an empty input cell."""
        if type(bedrag) is Decimal and -_VEILIG < bedrag < _VEILIG:  # most: no more to check
            amount = bedrag
        elif bedrag is None:
            return  # the column's format makes it an input cell
        elif isinstance(bedrag, Pm) or bedrag == "p.m.":
            blad.write_string(rij, kolom, "p.m.", self.rechts)
            return
        else:
            assert isinstance(bedrag, Decimal | int)
            amount = Decimal(bedrag)
            if len(amount.normalize().as_tuple().digits) > MAX_CIJFERS:
                blad.write_string(rij, kolom, format(amount, "f"), self.rechts)
                return
        # A spreadsheet's number is a binary double; of at most 15 digits it gives back the
        # same decimal (werkboek._getal), which is why longer amounts are written as text.
        blad.write_number(rij, kolom, float(amount), self.nadeel if nadeel else self.bedrag)

    def koppen(self, blad: Any, koppen: Sequence[str], breedtes: Sequence[int],
               berekend: int | None = None) -> None:
        """The header row; every column below it an input column (yellow, unlocked), from
        `berekend` on a computed one, so that an empty cell needs no writing."""
        for kolom, (kop, breedte) in enumerate(zip(koppen, breedtes, strict=True)):
            blad.write_string(0, kolom, kop, self.kop)
            invoer = self.bedrag if wb.lees_bedrag_kop(kop) else self.tekst
            blad.set_column(kolom, kolom, breedte, self.berekend if (
                berekend is not None and kolom >= berekend) else invoer)
        blad.freeze_panes(1, 0)

    def beveilig(self, blad: Any) -> None:
        """Formula cells locked, inputs not; no password: it guards against slips, not people."""
        blad.protect("", {"insert_rows": True, "delete_rows": True, "format_columns": True,
                          "format_rows": True, "sort": True, "autofilter": True})

    # -- sheets --------------------------------------------------------------------------

    def alles(self) -> None:
        self.lees_mij()
        self.begroting_blad()
        regels_kolom, regels_rijen = self.regels_blad_kolommen()
        self.programmas_blad(regels_kolom, regels_rijen)
        self.regels_blad()
        self.teksten_blad()
        self.verklaring_blad()
        self.uitzonderingen_blad()
        verborgen = self.blad(wb.VERBORGEN)
        verborgen.write_string(0, 0, wb.MERK)
        verborgen.write_number(0, 1, wb.VERSIE)
        verborgen.hide()
        self.boek.worksheets()[1].activate()

    def lees_mij(self) -> None:
        blad = self.blad(wb.LEES_MIJ)
        blad.set_column(0, 0, 110)
        meta = self.begroting.begroting
        regels = [
            (f"{meta.naam} ({meta.organisatie})", self.label),
            (_("Gemaakt met `begroting export`. Lees het terug met `begroting import "
               "WERKBOEK.xlsx -o BEGROTING.toml --force`: alleen wat u veranderde, verandert "
               "in het TOML-bestand."), self.gewoon),
            ("", self.gewoon),
            (_("Gele cellen zijn invoer: bedragen, teksten, codes. Grijze cellen zijn berekend "
               "(formules) en op slot, zonder wachtwoord; ze worden nooit als invoer gelezen."),
             self.gewoon),
            (_("Een bedrag dat nog niet bekend is, is de tekst p.m.; SOM telt het niet mee, "
               "net als begroting. Een lege cel is geen bedrag."), self.gewoon),
            (_("Bedragen in {eenheid}. In de verklaring staat -/- voor een nadeel; de waarde "
               "blijft negatief.").format(eenheid=eenheid(meta.eenheid, meta.valuta)),
             self.gewoon),
            ("", self.gewoon),
            (_("Werkbladen:"), self.label),
            (_("Begroting: wat de begroting is, de tarieven van de indexatie, de tabel "
               "[lasten] en de totalen van de hele begroting; een bedrag per periode heeft "
               "een rij per periode."), self.gewoon),
            (_("Programma's: een rij per programma, met de opgegeven bedragen; lasten "
               "(berekend) telt de regels op, verschil is opgegeven min berekend."),
             self.gewoon),
            (_("Regels: een rij per regel (beleidsopgave), met zijn programma. Een kolom "
               "'lasten begroting 2024' heeft de bedragen van die periode; 'lasten' zonder "
               "periode die van het eigen jaar. kassiersfunctie is WAAR, of leeg."),
             self.gewoon),
            (_("Teksten: de toelichting van programma's en regels, en elk punt van output en "
               "heroverweging op een eigen rij, in volgorde."), self.gewoon),
            (_("Verklaring: de verklaring van het verschil met de vorige begroting."),
             self.gewoon),
            (_("Uitzonderingen: afwijkingen die bewust zijn, met de reden."), self.gewoon),
        ]
        for rij, (tekst, opmaak) in enumerate(regels):
            blad.write_string(rij, 0, tekst, opmaak)

    def begroting_blad(self) -> None:
        blad = self.blad(wb.BEGROTING)
        self.koppen(blad, wb.BEGROTING_KOPPEN, (34, 28, 40))
        rij = 1
        for sleutel, periode, waarde in self._begroting_rijen():
            blad.write_string(rij, 0, sleutel, self.tekst)
            self.schrijf_tekst(blad, rij, 1, periode)
            if sleutel.startswith("begroting.") and not (sleutel in wb.GEHEEL or
                                                         sleutel in wb.GETAL):
                self.schrijf_tekst(blad, rij, 2, str(waarde))
            elif sleutel.startswith("indexatie.") or sleutel in wb.GEHEEL | wb.GETAL:
                assert isinstance(waarde, Decimal | int)
                blad.write_number(rij, 2, float(waarde), self.rechts)
            else:
                self.schrijf_bedrag(blad, rij, 2, waarde)
            rij += 1
        self.beveilig(blad)

    def _begroting_rijen(self) -> Iterable[tuple[str, str | None, object]]:
        for naam, waarde in self.data["begroting"].items():
            yield f"begroting.{naam}", None, waarde
        for naam, tarief in self.data.get("indexatie", {}).items():
            yield f"indexatie.{naam}", None, tarief
        yield from _platte(self.data.get("lasten", {}), "lasten")
        yield from _platte(self.data.get("totaal", {}), "totaal")

    def _bedrag_kolommen(self, items: Sequence[dict[str, Any]]) -> list[tuple[str, str | None]]:
        """The amount columns that these items need, in BEDRAGEN order, periods in order."""
        found: list[tuple[str, str | None]] = []
        for soort in wb.BEDRAGEN:
            waarden = [item[soort] for item in items if soort in item]
            if any(not isinstance(w, dict) for w in waarden):
                found.append((soort, None))
            perioden = {Periode.lees(p) for w in waarden if isinstance(w, dict) for p in w}
            found += [(soort, str(p)) for p in sorted((p for p in perioden if p),
                                                       key=lambda p: p.sleutel)]
        return found

    @cached_property
    def regels(self) -> list[tuple[str, str, dict[str, Any], RegelTotaal]]:
        """(programma code, list name, regel data, its totals) in file order."""
        found = []
        for programma, totaal in zip(self.data.get("programma", ()), self.totalen.programmas,
                                     strict=True):
            naam = "beleidsopgave" if "beleidsopgave" in programma else "regel"
            for regel, line in zip(programma.get(naam, ()), totaal.regels, strict=True):
                found.append((programma["code"], naam, regel, line))
        return found

    @cached_property
    def regel_bedragen(self) -> list[tuple[str, str | None]]:
        """The amount columns of sheet Regels."""
        return self._bedrag_kolommen([r[2] for r in self.regels])

    def regels_blad_kolommen(self) -> tuple[int | None, int]:
        """Where Regels will have its computed lasten, and how many rows: for the formulas of
        Programma's, written before it."""
        if not self.regels:
            return None, 0
        return len(wb.REGEL_VELDEN) + len(self.regel_bedragen), len(self.regels)

    def programmas_blad(self, regels_kolom: int | None, regels_rijen: int) -> None:
        blad = self.blad(wb.PROGRAMMAS)
        programmas = list(self.data.get("programma", ()))
        bedragen = self._bedrag_kolommen(programmas)
        koppen = [*wb.PROGRAMMA_VELDEN, *(wb.bedrag_kop(s, p) for s, p in bedragen)]
        berekend = len(koppen)
        koppen += [f"lasten {wb.BEREKEND}", wb.VERSCHIL, f"totaal {wb.BEREKEND}"]
        self.koppen(blad, koppen, (8, 40, 10, 13, *(12 for _b in bedragen), 14, 10, 14),
                    berekend)
        eigen = str(Periode.eigen(self.begroting.begroting.jaar))
        for index, (programma, totaal) in enumerate(zip(programmas, self.totalen.programmas,
                                                        strict=True)):
            rij = index + 1
            for kolom, veld in enumerate(wb.PROGRAMMA_VELDEN[:3]):
                self.schrijf_tekst(blad, rij, kolom, programma.get(veld))
            if "regel" in programma:  # empty: beleidsopgave
                self.schrijf_tekst(blad, rij, 3, "regel")
            for kolom, (soort, periode) in enumerate(bedragen, start=len(wb.PROGRAMMA_VELDEN)):
                waarde = programma.get(soort)
                self.schrijf_bedrag(blad, rij, kolom, waarde.get(periode) if isinstance(
                    waarde, dict) else (waarde if periode is None else None))
            if totaal.regels and regels_kolom is not None:
                last = regels_rijen + 1
                formule = (f"=SUMPRODUCT(({wb.REGELS}!$A$2:$A${last}=$A{rij + 1})*"
                           f"{wb.REGELS}!${_col(regels_kolom)}$2:${_col(regels_kolom)}${last})")
            else:
                formule = _som_cellen(rij, self._eigen_kolommen(bedragen, eigen, totaal.regels))
            blad.write_formula(rij, berekend, formule, self.berekend, totaal.totaal)
            opgegeven = _opgegeven(programma, eigen)
            stated = [k for k, (s, p) in enumerate(bedragen, start=len(wb.PROGRAMMA_VELDEN))
                      if (s, p) in (("totaal", None), ("lasten", None), ("lasten", eigen))]
            if totaal.regels and isinstance(opgegeven, Decimal) and stated:
                cellen = ",".join(f"{_col(k)}{rij + 1}" for k in stated)
                blad.write_formula(rij, berekend + 1,
                                   f"=SUM({cellen})-{_col(berekend)}{rij + 1}",
                                   self.berekend, opgegeven - totaal.totaal)
        if programmas and self.totalen.totaal is not None:
            # In a column of its own, not in a row below: every row of the sheet is a
            # programme, and rows added below are counted too.
            letters = _col(berekend)
            blad.write_formula(1, berekend + 2, f"=SUM({letters}2:{letters}1048576)",
                               self.totaal, self.totalen.totaal)
        self.beveilig(blad)

    def _eigen_kolommen(self, bedragen: list[tuple[str, str | None]], eigen: str,
                        regels: Sequence[RegelTotaal]) -> list[int]:
        """The columns of a programme without regels that hold its lasten of the own year."""
        start = len(wb.PROGRAMMA_VELDEN)
        for wanted in (("lasten", None), ("lasten", eigen)), (("totaal", None),):
            found = [start + k for k, key in enumerate(bedragen) if key in wanted]
            if found:
                return found
        return []

    def regels_blad(self) -> None:
        blad = self.blad(wb.REGELS, groot=True)
        regels, bedragen = self.regels, self.regel_bedragen
        koppen = [*wb.REGEL_VELDEN, *(wb.bedrag_kop(s, p) for s, p in bedragen)]
        berekend = len(koppen)
        eigen = str(Periode.eigen(self.begroting.begroting.jaar))
        start = len(wb.REGEL_VELDEN)
        delen = [start + k for k, (s, p) in enumerate(bedragen)
                 if s in DELEN and p in (None, eigen)]
        lasten = [start + k for k, (s, p) in enumerate(bedragen)
                  if s == "lasten" and p in (None, eigen)]
        totaal = [start + k for k, (s, p) in enumerate(bedragen) if (s, p) == ("totaal", None)]
        koppen += [f"lasten {wb.BEREKEND}", f"{wb.VERSCHIL} totaal"]
        self.koppen(blad, koppen, (10, 8, 36, 9, 15, 8, 10, *(12 for _b in bedragen), 14, 10),
                    berekend)
        for index, (programma, _lijst, regel, line) in enumerate(regels):
            rij = index + 1
            self.schrijf_tekst(blad, rij, 0, programma)
            for kolom, veld in enumerate(("code", "naam", "taakveld"), start=1):
                self.schrijf_tekst(blad, rij, kolom, regel.get(veld))
            if regel.get("kassiersfunctie"):  # empty is ONWAAR
                blad.write_boolean(rij, 4, True, self.rechts)
            self.schrijf_tekst(blad, rij, 5, regel.get("index"))
            self.schrijf_bedrag(blad, rij, 6, regel.get("indicatie"))
            for kolom, (soort, periode) in enumerate(bedragen, start=start):
                waarde = regel.get(soort)
                self.schrijf_bedrag(blad, rij, kolom, waarde.get(periode) if isinstance(
                    waarde, dict) else (waarde if periode is None else None))
            # As engine.regel_totaal: the split when the line has one, else its lasten, else
            # its stated totaal.
            cellen = delen if line.gesplitst else (
                [k for k in lasten if _heeft(regel, bedragen[k - start])] or totaal)
            blad.write_formula(rij, berekend, _som_cellen(rij, cellen), self.berekend,
                               line.totaal)
            stated = regel.get("totaal")
            if line.gesplitst and totaal and isinstance(stated, Decimal):
                blad.write_formula(rij, berekend + 1, f"={_col(totaal[0])}{rij + 1}-"
                                   f"{_col(berekend)}{rij + 1}", self.berekend,
                                   stated - line.totaal)
        blad.autofilter(0, 0, max(len(regels), 1), len(koppen) - 1)
        self.beveilig(blad)

    def teksten_blad(self) -> None:
        blad = self.blad(wb.TEKSTEN, groot=True)
        self.koppen(blad, wb.TEKST_KOPPEN, (10, 10, 14, 100))
        rij = 1
        for programma in self.data.get("programma", ()):
            naam = "beleidsopgave" if "beleidsopgave" in programma else "regel"
            items: list[tuple[str, str, str, str]] = []
            if "toelichting" in programma:
                items.append(("programma", programma["code"], "toelichting",
                              programma["toelichting"]))
            for regel in programma.get(naam, ()):
                if "toelichting" in regel:
                    items.append(("regel", regel["code"], "toelichting", regel["toelichting"]))
                for veld in ("output", "heroverweging"):
                    items += [("regel", regel["code"], veld, tekst)
                              for tekst in regel.get(veld, ())]
            for niveau, code, veld, tekst in items:
                for kolom, waarde in enumerate((niveau, code, veld)):
                    self.schrijf_tekst(blad, rij, kolom, waarde)
                self.schrijf_tekst(blad, rij, 3, tekst, lang=True)
                rij += 1
        self.beveilig(blad)

    def verklaring_blad(self) -> None:
        blad = self.blad(wb.VERKLARING)
        self.koppen(blad, (*wb.VERKLARING_KOPPEN, f"totaal {wb.BEREKEND}"), (50, 14, 18), 2)
        items = list(self.data.get("verklaring", ()))
        for index, item in enumerate(items):
            self.schrijf_tekst(blad, index + 1, 0, item.get("omschrijving"))
            self.schrijf_bedrag(blad, index + 1, 1, item.get("bedrag"), nadeel=True)
        if items:  # beside the items, not below them: a row added below is an item too
            verklaard = sum((i["bedrag"] for i in items if isinstance(i.get("bedrag"), Decimal)),
                            Decimal(0))
            blad.write_formula(1, 2, "=SUM(B2:B1048576)", self.berekend_nadeel, verklaard)
        self.beveilig(blad)

    def uitzonderingen_blad(self) -> None:
        blad = self.blad(wb.UITZONDERINGEN)
        self.koppen(blad, wb.UITZONDERING_KOPPEN, (10, 20, 80))
        for index, item in enumerate(self.data.get("uitzondering", ())):
            for kolom, veld in enumerate(wb.UITZONDERING_KOPPEN):
                self.schrijf_tekst(blad, index + 1, kolom, item.get(veld))
        self.beveilig(blad)


def _platte(table: dict[str, Any], prefix: str) -> Iterable[tuple[str, str | None, object]]:
    """The rows of sheet Begroting for a table: key, period (of an amount by period), value."""
    for naam, waarde in table.items():
        sleutel = f"{prefix}.{naam}"
        if isinstance(waarde, dict) and all(Periode.lees(k) for k in waarde):
            for periode, bedrag in waarde.items():
                yield sleutel, periode, bedrag
        elif isinstance(waarde, dict):
            yield from _platte(waarde, sleutel)
        else:
            yield sleutel, None, waarde


def _heeft(regel: dict[str, Any], kolom: tuple[str, str | None]) -> bool:
    soort, periode = kolom
    waarde = regel.get(soort)
    return waarde is not None and (isinstance(waarde, dict) == (periode is not None))


def _som_cellen(rij: int, kolommen: Sequence[int]) -> str:
    if not kolommen:
        return "=0"
    return "=SUM(" + ",".join(f"{_col(k)}{rij + 1}" for k in kolommen) + ")"


def _opgegeven(programma: dict[str, Any], eigen: str) -> object:
    """A programme's stated lasten of the own year: its totaal (v1) or its lasten."""
    if "totaal" in programma:
        return programma["totaal"]
    lasten = programma.get("lasten")
    return lasten.get(eigen) if isinstance(lasten, dict) else lasten
