"""A budget as TOML, in the layout of docs/format.md: tables in the same order, texts readable."""

from __future__ import annotations

from decimal import Decimal
from typing import TextIO

import tomli_w

from begroting_cli.model import Begroting


def begroting(budget: Begroting, out: TextIO, comment: str = "") -> None:
    """Write budget as a budget file; comment lines go on top."""
    data = budget.model_dump(exclude_none=True, exclude_defaults=True)
    data["begroting"] = budget.begroting.model_dump(exclude_none=True)  # valuta stays explicit
    for line in comment.splitlines():
        out.write(f"# {line}\n".replace("# \n", "#\n"))
    if comment:
        out.write("\n")
    sections = [_table("begroting", data["begroting"])]
    if data.get("indexatie"):
        sections.append(_table("indexatie", data["indexatie"]))
    lasten = data.get("lasten")
    if lasten:
        own = _without(lasten, "kassiersfunctie", "basis")
        if own or not ({"kassiersfunctie", "basis"} & lasten.keys()):
            sections.append(_table("lasten", own))
        for part in ("kassiersfunctie", "basis"):
            if part in lasten:
                sections.append(_table(f"lasten.{part}", lasten[part]))
    for programma in data.get("programma", ()):
        sections.append(_table("[programma]", _without(programma, "beleidsopgave")))
        for opgave in programma.get("beleidsopgave", ()):
            sections.append(_table("[programma.beleidsopgave]", opgave))
    for name in ("verklaring", "uitzondering"):
        for item in data.get(name, ()):
            sections.append(_table(f"[{name}]", item))
    out.write("\n".join(sections))


def _table(header: str, values: dict) -> str:
    body = tomli_w.dumps(_plain(values), multiline_strings=True) if values else ""
    return f"[{header}]\n{body}"


def _without(values: dict, *keys: str) -> dict:
    return {k: v for k, v in values.items() if k not in keys}


def _plain(value):
    """Whole Decimals as integers (tomli-w would write 1650 as 1650.0), tuples as lists."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value.normalize()
    return value
