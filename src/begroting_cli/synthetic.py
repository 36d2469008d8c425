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
