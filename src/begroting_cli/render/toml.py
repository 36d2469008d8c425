"""A budget as a budget file (docs/format.md): whatever the model holds, in the model's order."""

from __future__ import annotations

from decimal import Decimal
from typing import TextIO

import tomli_w

from begroting_cli.model import Begroting, Pm


def begroting(budget: Begroting, out: TextIO, comment: str = "") -> None:
    """Write budget as a budget file; comment lines go on top.

    Every field the model has is written when it is set, so a new field cannot be left out;
    defaults are left out, except in [begroting] (valuta stays explicit).
    """
    data = budget.model_dump(exclude_none=True, exclude_defaults=True)
    data["begroting"] = budget.begroting.model_dump(exclude_none=True)
    for line in comment.splitlines():
        out.write(f"# {line}\n".replace("# \n", "#\n"))
    if comment:
        out.write("\n")
    out.write(tomli_w.dumps({k: _plain(v) for k, v in data.items()}, multiline_strings=True))


def _plain(value: object) -> object:
    """What TOML can hold: whole Decimals as integers (tomli-w writes 1650 as 1650.0), p.m. as
    its text, tuples as lists."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value.normalize()
    if isinstance(value, Pm):
        return str(value)
    return value
