"""Synthetic budgets of any size, for benchmarks and tests: valid, deterministic, realistic."""

from __future__ import annotations

import json
import random
import tomllib
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from begroting_cli.bundled import DEFAULT

PER_PROGRAMMA = 50
OVERHEAD = Decimal("0.642")


def synthetic(aantal: int, seed: int = 2021, gewijzigd_elke: int = 0) -> str:
    """A budget of `aantal` beleidsopgaven in the file format, the same text for the same seed.

    Amounts are whole units that add up everywhere (validate finds no errors), with a p.m.
    line per 10.000; texts come from the reference budget. With `gewijzigd_elke` = k, every
    k-th line's programmalasten are 10 higher: a second version of the same budget, for diff.
    """
    rng = random.Random(seed)
    texts = _texts()
    lines: list[dict[str, Any]] = []
    for number in range(aantal):
        programma, plaats = divmod(number, PER_PROGRAMMA)
        direct = rng.randrange(0, 500)
        line: dict[str, Any] = {
            "code": f"{programma + 1}.{plaats + 1}",
            "naam": f"Beleidsopgave {programma + 1}.{plaats + 1}",
            "programmalasten": rng.randrange(0, 2_000),
            "directe_personeelslasten": direct,
            "overhead": int((direct * OVERHEAD).quantize(Decimal(1), ROUND_HALF_UP)),
            "kassiersfunctie": number % 10 == 3,
            "output": [texts[number % len(texts)]],
        }
        if gewijzigd_elke and number % gewijzigd_elke == 0:
            line["programmalasten"] += 10
        if number % 10_000 == 9_999:
            line["programmalasten"] = "p.m."
        lines.append(line)
    return _text(lines, aantal)


def _texts() -> list[str]:
    data = tomllib.loads(DEFAULT.read_text(encoding="utf-8"))
    return [text for p in data["programma"] for o in p["beleidsopgave"]
            for text in (*o.get("output", ()), *o.get("heroverweging", ()))]


def _amount(value: int | str) -> int:
    return 0 if isinstance(value, str) else value


def _text(lines: list[dict[str, Any]], aantal: int) -> str:
    apparaat = sum(line["directe_personeelslasten"] + line["overhead"] for line in lines)
    kassiers_apparaat = sum(line["directe_personeelslasten"] + line["overhead"]
                            for line in lines if line["kassiersfunctie"])
    overig, huisvesting = apparaat * 4 // 100, apparaat * 14 // 100
    lasten = {"programmalasten": sum(_amount(line["programmalasten"]) for line in lines),
              "personeelslasten_direct": apparaat - overig - huisvesting,
              "personeelslasten_overig": overig, "huisvesting": huisvesting}
    kassiers = {"programmalasten": sum(_amount(line["programmalasten"]) for line in lines
                                       if line["kassiersfunctie"])}
    for soort in ("personeelslasten_direct", "personeelslasten_overig", "huisvesting"):
        share = Decimal(lasten[soort] * kassiers_apparaat) / apparaat if apparaat else 0
        kassiers[soort] = int(Decimal(share).quantize(Decimal(1), ROUND_HALF_UP))
    basis = {soort: lasten[soort] - kassiers[soort] for soort in lasten}
    out = [
        "[begroting]",
        f'naam = "Synthetische begroting ({aantal} beleidsopgaven)"',
        'organisatie = "Voorbeeldprovincie"',
        "jaar = 2021",
        "eenheid = 1000",
        "",
        "[indexatie]",
        "personeel = 0.016",
        "",
    ]
    for header, table in (("lasten", lasten), ("lasten.kassiersfunctie", kassiers),
                          ("lasten.basis", basis)):
        out.append(f"[{header}]")
        out += [f"{soort} = {amount}" for soort, amount in table.items()]
        out += [f"totaal = {sum(table.values())}", ""]
    for start in range(0, len(lines), PER_PROGRAMMA):
        group = lines[start:start + PER_PROGRAMMA]
        code = group[0]["code"].split(".")[0]
        totaal = sum(_amount(line["programmalasten"]) + line["directe_personeelslasten"]
                     + line["overhead"] for line in group)
        out += ["[[programma]]", f'code = "{code}"', f'naam = "Programma {code}"',
                f"totaal = {totaal}", ""]
        for line in group:
            out += _line(line)
    return "\n".join(out)


def _line(line: dict[str, Any]) -> list[str]:
    def string(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    amount = line["programmalasten"]
    out = ["[[programma.beleidsopgave]]", f'code = "{line["code"]}"',
           f"naam = {string(line['naam'])}",
           f"programmalasten = {string(amount) if amount == 'p.m.' else amount}",
           f"directe_personeelslasten = {line['directe_personeelslasten']}",
           f"overhead = {line['overhead']}",
           f"totaal = {_amount(amount) + line['directe_personeelslasten'] + line['overhead']}"]
    if line["kassiersfunctie"]:
        out.append("kassiersfunctie = true")
    if amount == "p.m.":
        out.append("indicatie = 1000")
    out += ["output = [", f"  {string(line['output'][0])},", "]", ""]
    return out


PERIODEN = ("begroting 2024", "raming 2025", "raming 2026")
"""The periods of the synthetic budgets of format v2."""


def synthetic_v2(aantal: int, seed: int = 2024) -> str:
    """A municipal budget of `aantal` regels with lasten and baten for three periods, and each
    programme's stated lasten, baten and saldo: format v2, valid, the same for the same seed."""
    out = ["[begroting]", f'naam = "Synthetische begroting ({aantal} regels)"',
           'organisatie = "Voorbeeldgemeente"', 'soort_organisatie = "gemeente"', "jaar = 2024",
           "eenheid = 1000", ""]
    for code, regels in _v2_programmas(aantal, seed):
        lasten = [sum(r[0][i] for r in regels) for i in range(len(PERIODEN))]
        baten = [sum(r[1][i] for r in regels) for i in range(len(PERIODEN))]
        out += ["[[programma]]", f'code = "{code}"', f'naam = "Programma {code}"',
                f"lasten = {_inline(lasten)}", f"baten = {_inline(baten)}",
                f"saldo = {_inline([a - b for a, b in zip(lasten, baten, strict=True)])}", ""]
        for number, (lasten_r, baten_r) in enumerate(regels, 1):
            out += ["[[programma.regel]]", f'code = "{code}.{number}"',
                    f'naam = "Regel {code}.{number}"', f"lasten = {_inline(lasten_r)}",
                    f"baten = {_inline(baten_r)}", ""]
    return "\n".join(out)


def synthetic_tabel(rijen: int, seed: int = 2024) -> str:
    """A flat table (docs/import.md) of about `rijen` rows: regels with lasten and baten for
    three periods, baten negative."""
    out = ["programma,programma_naam,regel,naam,taakveld,soort,periode,bedrag"]
    for code, regels in _v2_programmas(max(1, rijen // (2 * len(PERIODEN))), seed):
        for number, (lasten, baten) in enumerate(regels, 1):
            for soort, amounts, sign in (("lasten", lasten, 1), ("baten", baten, -1)):
                out += [f"{code},Programma {code},{code}.{number},Regel {code}.{number},,{soort},"
                        f"{periode},{sign * amount}"
                        for periode, amount in zip(PERIODEN, amounts, strict=True)]
    return "\n".join(out) + "\n"


def _v2_programmas(aantal: int, seed: int) -> list[tuple[int, list[tuple[list[int], list[int]]]]]:
    rng = random.Random(seed)
    regels = [([rng.randrange(0, 5_000) for _ in PERIODEN],
               [rng.randrange(0, 2_000) for _ in PERIODEN]) for _ in range(aantal)]
    return [(start // PER_PROGRAMMA + 1, regels[start:start + PER_PROGRAMMA])
            for start in range(0, aantal, PER_PROGRAMMA)]


def _inline(amounts: list[int]) -> str:
    cells = ", ".join(f'"{periode}" = {amount}'
                      for periode, amount in zip(PERIODEN, amounts, strict=True))
    return f"{{ {cells} }}"
