"""JSON output: the contracts other tools read (docs/json.md). Amounts are exact numbers."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import TextIO

from begroting_cli.diff import Verschil
from begroting_cli.engine import ProgrammaTotaal, RegelTotaal, Totalen, eigen
from begroting_cli.indexatie import Raming
from begroting_cli.model import DELEN, SOORTEN, Periode, Pm
from begroting_cli.notation import exact
from begroting_cli.overzicht import Cijfers, Opgegeven, Overzicht, PerTaakveld
from begroting_cli.render.escape import json_exact
from begroting_cli.render.rows import niet_getoond
from begroting_cli.vergelijking import Paar, Vergelijking


def totals(report: Totalen, out: TextIO, *, detail: bool, overzicht: Overzicht | None) -> None:
    """The totals of one budget, always with every line (detail is for the tables).

    With an overview: every figure by soort and period, at every level (docs/json.md).
    """
    if overzicht is not None:
        write(_overzicht(report, overzicht, totaal=True), out)
        return
    meta = report.begroting.begroting
    rate = report.overhead_tarief
    write(
        {
            "begroting": {
                "naam": meta.naam,
                "organisatie": meta.organisatie,
                "jaar": meta.jaar,
                "eenheid": meta.eenheid,
                "valuta": meta.valuta,
            },
            "totaal": report.totaal,
            "basis": report.basis,
            "kassiersfunctie": report.kassiersfunctie,
            "pm": report.pm,
            "overheadpercentage": None if rate is None else (rate * 100).quantize(Decimal("0.01")),
            "indexatie": report.indexatie,
            "kostensoorten": report.kostensoorten,
            "programmas": [_programma(p) for p in report.programmas],
        },
        out,
    )


def programma(report: Totalen, out: TextIO, *, programma: ProgrammaTotaal,
              overzicht: Overzicht | None) -> None:
    """One programme, and nothing but that programme: `programma` names it, `totaal` (and
    basis, kassiersfunctie, pm) are its own; what is about the organisation as a whole
    (kostensoorten, overhead, indexatie) is left out (docs/json.md)."""
    if overzicht is not None:
        found = _overzicht(report, overzicht, totaal=False)
        eigen = next((p for p in overzicht.programmas if p.programma is programma.programma),
                     None)
        for key in _HEEL:
            del found[key]
        programmas = found.pop("programmas")
        found.update({"programma": programma.programma.code,
                      "totaal": None if eigen is None else _figuren(eigen.cijfers,
                                                                    eigen.opgegeven),
                      "programmas": programmas})
        write(found, out)
        return
    meta = report.begroting.begroting
    write({
        "begroting": {"naam": meta.naam, "organisatie": meta.organisatie, "jaar": meta.jaar,
                      "eenheid": meta.eenheid, "valuta": meta.valuta},
        "programma": programma.programma.code,
        "totaal": programma.totaal,
        "basis": programma.basis,
        "kassiersfunctie": programma.kassiersfunctie,
        "pm": programma.pm,
        "programmas": [_programma(programma)],
    }, out)


_HEEL = ("overheadpercentage", "indexatie", "kostensoorten")
"""The keys about the organisation as a whole, which --programma leaves out."""


CONVENTIE = ("saldo = lasten - baten; mutatie_reserves = toevoeging_reserve - "
             "onttrekking_reserve; resultaat = saldo + mutatie_reserves; positief is een nadeel")


def _overzicht(report: Totalen, overzicht: Overzicht, totaal: bool) -> dict[str, object]:
    meta = overzicht.begroting.begroting
    rate = report.overhead_tarief
    found: dict[str, object] = {
        "begroting": {"naam": meta.naam, "organisatie": meta.organisatie,
                      "soort_organisatie": meta.soort_organisatie, "jaar": meta.jaar,
                      "eenheid": meta.eenheid, "valuta": meta.valuta},
        "perioden": [str(p) for p in overzicht.perioden],
        "verschillen": [{"kolom": str(v), "was": str(v.was), "wordt": str(v.wordt)}
                        for v in overzicht.verschillen],
        "conventie": CONVENTIE,
    }
    if totaal:
        found["totaal"] = _figuren(overzicht.cijfers, overzicht.opgegeven)
    found["programmas"] = [
        {"code": p.programma.code, "naam": p.programma.naam, **_figuren(p.cijfers, p.opgegeven),
         "regels": [{"code": r.regel.code, "naam": r.regel.naam, "taakveld": r.regel.taakveld,
                     "kassiersfunctie": r.regel.kassiersfunctie,
                     **_figuren(r.cijfers, r.opgegeven)} for r in p.regels]}
        for p in overzicht.programmas]
    found.update({
        "overheadpercentage": None if rate is None else (rate * 100).quantize(Decimal("0.01")),
        "indexatie": report.indexatie,
        "kostensoorten": report.kostensoorten,
    })
    return found


def _figuren(cijfers: Cijfers, opgegeven: Opgegeven) -> dict[str, object]:
    """The computed figures by soort and period, what the file states, and where p.m. is."""
    return {
        "bedragen": {soort: _by_period(cijfers.waarden[soort]) for soort in SOORTEN
                     if soort in cijfers.waarden},
        "opgegeven": {soort: _by_period(opgegeven.bedragen[soort]) for soort in SOORTEN
                      if soort in opgegeven.bedragen},
        "pm": _marked(cijfers.pm),
        "deels": _marked(cijfers.onvolledig),
    }


def _marked(marks: frozenset[tuple[str, Periode]]) -> dict[str, list[str]]:
    """{soort: [period, ...]} of the figures marked."""
    found: dict[str, list[str]] = {}
    for soort, periode in sorted(marks, key=lambda item: (item[0], item[1].sleutel)):
        found.setdefault(soort, []).append(str(periode))
    return found


def _by_period(amounts: Mapping[Periode, object]) -> dict[str, object]:
    return {str(p): amounts[p] for p in sorted(amounts, key=lambda p: p.sleutel)}


def _programma(totaal: ProgrammaTotaal) -> dict[str, object]:
    return {
        "code": totaal.programma.code,
        "naam": totaal.programma.naam,
        "totaal": totaal.totaal,
        "totaal_opgegeven": totaal.programma.totaal,
        "basis": totaal.basis,
        "kassiersfunctie": totaal.kassiersfunctie,
        "pm": totaal.pm,
        "beleidsopgaven": [_beleidsopgave(t) for t in totaal.regels],
    }


def _beleidsopgave(totaal: RegelTotaal) -> dict[str, object]:
    opgave = totaal.regel
    return {
        "code": opgave.code,
        "naam": opgave.naam,
        **{deel: eigen(getattr(opgave, deel), totaal.periode) for deel in DELEN},
        "totaal": totaal.totaal,
        "totaal_opgegeven": opgave.totaal,
        "kassiersfunctie": opgave.kassiersfunctie,
        "pm": totaal.pm,
    }


def write(value: object, out: TextIO) -> None:
    """Write value as JSON, Decimals as exact numbers; indented only for a terminal.

    json knows no Decimal: a whole one becomes an int; any other goes out as a string holding a
    token that no budget text can contain, and the quotes around it are taken off afterwards.
    Indentation is for people: json writes unindented output in C, five times as fast. The
    values are trees made here, never cyclic: the cycle check would cost a fifth of the time.
    """
    indent = 2 if out.isatty() else None
    text = json.dumps(value, indent=indent, ensure_ascii=False, default=_exact,
                      check_circular=False)
    if _TOKEN in text:
        text = _PLACEHOLDER.sub(r"\1", text)
    out.write(json_exact(text))
    out.write("\n")


_TOKEN = f"begroting-decimal-{uuid.uuid4().hex}:"
_PLACEHOLDER = re.compile('"' + re.escape(_TOKEN) + '([^"]*)"')


def _exact(value: object) -> object:
    if isinstance(value, Decimal):
        whole = int(value)  # called for every amount: int() and == are the cheapest test
        if whole == value:
            return whole
        return _TOKEN + exact(value)
    if isinstance(value, Pm):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def diff(report: Verschil, out: TextIO, *, top: int | None) -> None:
    """The Was/Wordt comparison (docs/json.md)."""
    lines = report.regels
    write({
        "was": {"naam": report.was.begroting.naam, "jaar": report.was.begroting.jaar},
        "wordt": {"naam": report.wordt.begroting.naam, "jaar": report.wordt.begroting.jaar},
        "scope": report.scope.value,
        "kostensoorten": [
            {"kostensoort": r.kostensoort, "was": r.was, "wordt": r.wordt,
             "kassiersfunctie": r.kassiersfunctie, "wordt_basis": r.wordt_basis,
             "verschil": r.verschil}
            for r in report.kostensoorten
        ],
        "verklaring": None if report.verklaring is None else [
            {"omschrijving": v.omschrijving, "bedrag": v.bedrag} for v in report.verklaring],
        "verklaard": report.verklaard,
        "onverklaard": report.onverklaard,
        "beleidsopgaven": None if lines is None else [
            {"code": line.code, "naam": line.naam, "status": line.status.value,
             "was": line.was, "wordt": line.wordt, "verschil": line.verschil,
             "per_kostensoort": line.per_deel, "opmerkingen": list(line.opmerkingen)}
            for line in lines[:top]
        ],
        "top": top,
        "beleidsopgaven_niet_getoond": None if lines is None else len(niet_getoond(report, top)),
    }, out)


def taakvelden(report: PerTaakveld, out: TextIO) -> None:
    """The figures by Iv3 taakveld (docs/json.md)."""
    meta = report.overzicht.begroting.begroting
    write({
        "begroting": {"naam": meta.naam, "organisatie": meta.organisatie,
                      "soort_organisatie": meta.soort_organisatie, "jaar": meta.jaar,
                      "eenheid": meta.eenheid, "valuta": meta.valuta},
        "perioden": [str(p) for p in report.overzicht.perioden],
        "conventie": CONVENTIE,
        "taakvelden": [{"code": t.code or None, "naam": t.naam, "regels": t.regels,
                        **_figuren(t.cijfers, Opgegeven({}))} for t in report.taakvelden],
        "totaal": _figuren(report.overzicht.cijfers, report.overzicht.opgegeven),
    }, out)


def vergelijking(report: Vergelijking, out: TextIO) -> None:
    """Two periods compared (docs/json.md)."""
    def side(overzicht: Overzicht, periode: Periode) -> dict[str, object]:
        meta = overzicht.begroting.begroting
        return {"naam": meta.naam, "jaar": meta.jaar, "periode": str(periode)}

    def paren(bedragen: Mapping[str, Paar]) -> dict[str, object]:
        # "pm" (either side, so the verschil) came first; readers of it keep what they had
        return {soort: {"was": p.was, "wordt": p.wordt, "verschil": p.verschil, "pm": p.pm,
                        "was_pm": p.was_pm, "wordt_pm": p.wordt_pm}
                for soort, p in bedragen.items()}

    write({
        "was": side(report.was, report.was_periode),
        "wordt": side(report.wordt, report.wordt_periode),
        "conventie": CONVENTIE + "; verschil = was - wordt",
        "totaal": paren(report.totaal),
        "programmas": [{"code": p.code, "naam": p.naam, "status": p.status.value,
                        "bedragen": paren(p.bedragen)} for p in report.programmas],
    }, out)


def raming(report: Raming, out: TextIO) -> None:
    """The meerjarenraming (docs/json.md)."""
    meta = report.begroting.begroting
    write({
        "begroting": {"naam": meta.naam, "organisatie": meta.organisatie, "jaar": meta.jaar,
                      "eenheid": meta.eenheid, "valuta": meta.valuta},
        "jaren": list(report.jaren),
        "tarieven": report.tarieven,
        "programmas": [{"code": code, "naam": naam, "totaal": list(totalen)}
                       for code, naam, totalen in report.programmas],
        "totaal": list(report.totaal),
        "indexatie": list(report.indexatie),
    }, out)
