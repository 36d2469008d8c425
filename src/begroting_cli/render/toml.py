"""A budget as a budget file (docs/format.md): whatever the model holds, in the model's order."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import NamedTuple, TextIO

import tomli_w

from begroting_cli.model import Begroting, Periode, Pm
from begroting_cli.render.escape import guard_line, toml_exact, visible


class _PerPeriode(NamedTuple):
    """Amounts by period: written on one line, as an inline table."""

    bedragen: dict[str, object]


def begroting(budget: Begroting, out: TextIO, comment: str = "") -> None:
    """Write budget as a budget file; comment lines go on top.

    Every field the model has is written when it is set, so a new field cannot be left out;
    defaults are left out, except in [begroting] (valuta stays explicit).
    """
    data = budget.model_dump(exclude_none=True, exclude_defaults=True)
    data["begroting"] = budget.begroting.model_dump(exclude_none=True)
    for line in visible(comment).split("\\n"):
        out.write(guard_line(f"# {line}\n".replace("# \n", "#\n")))
    if comment:
        out.write("\n")
    text = "".join(_table({k: _plain(v) for k, v in data.items()}, ""))
    out.write(toml_exact(text))


def _table(table: Mapping[str, object], name: str, array: bool = False) -> Iterator[str]:
    """The lines of one table and of the tables below it, as tomli-w lays them out."""
    literals = {k: v for k, v in table.items() if not _is_table(v) and not _is_array(v)}
    tables = [(k, v) for k, v in table.items() if _is_table(v) or _is_array(v)]
    written = False
    if array or name and (literals or not tables):
        written = True
        yield f"[[{name}]]\n" if array else f"[{name}]\n"
    if literals:
        written = True
        yield from _literals(literals)
    for key, value in tables:
        if written:
            yield "\n"
        written = True
        path = f"{name}.{_key(key)}" if name else _key(key)
        if isinstance(value, list):
            for index, item in enumerate(value):
                if index:
                    yield "\n"
                yield from _table(item, path, array=True)
        else:
            assert isinstance(value, Mapping)
            yield from _table(value, path)


def _literals(values: Mapping[str, object]) -> Iterator[str]:
    """key = value lines; runs of plain values are formatted by tomli-w, amounts by period here."""
    run: dict[str, object] = {}
    for key, value in values.items():
        if isinstance(value, _PerPeriode):
            if run:
                yield tomli_w.dumps(run, multiline_strings=True)
                run = {}
            cells = ", ".join(f"{json.dumps(k)} = {_value(v)}" for k, v in value.bedragen.items())
            yield f"{_key(key)} = {{ {cells} }}\n"
        else:
            run[key] = value
    if run:
        yield tomli_w.dumps(run, multiline_strings=True)


def _key(key: str) -> str:
    return tomli_w.dumps({key: 0}).rsplit(" = ", 1)[0]


def _value(value: object) -> str:
    """An amount as tomli-w writes it: 1650, 2300.75, "p.m."."""
    if isinstance(value, Decimal):
        text = str(value).lower()
        return text if "." in text or "e" in text else f"{text}.0"
    return json.dumps(value)


def _is_table(value: object) -> bool:
    return isinstance(value, Mapping)


def _is_array(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _plain(value: object) -> object:
    """What TOML can hold: whole Decimals as integers (tomli-w writes 1650 as 1650.0), p.m. as
    its text, tuples as lists, amounts by period marked to be written inline."""
    if isinstance(value, dict):
        plain = {k: _plain(v) for k, v in value.items()}
        if value and all(Periode.lees(k) is not None for k in value):
            return _PerPeriode(plain)
        return plain
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value.normalize()
    if isinstance(value, Pm):
        return str(value)
    return value
