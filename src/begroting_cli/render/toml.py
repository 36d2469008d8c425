"""A budget as a budget file (docs/format.md): whatever the model holds, in the model's order."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import fields
from decimal import Decimal
from functools import cache
from typing import Any, NamedTuple, TextIO

import tomli_w

from begroting_cli.model import Begroting, Periode, Pm, Programma, Regel
from begroting_cli.render.escape import guard_line, toml_exact, visible


class _PerPeriode(NamedTuple):
    """Amounts by period: written on one line, as an inline table."""

    bedragen: dict[str, object]


def begroting(budget: Begroting, out: TextIO, comment: str = "") -> None:
    """Write budget as a budget file; comment lines go on top.

    Every field the model has is written when it is set, so a new field cannot be left out;
    defaults are left out, except in [begroting] (valuta stays explicit).
    """
    for line in visible(comment).split("\\n"):
        out.write(guard_line(f"# {line}\n".replace("# \n", "#\n")))
    if comment:
        out.write("\n")
    parts: list[str] = []
    _table({k: _plain(v) for k, v in data(budget).items()}, "", parts)
    out.write(toml_exact("".join(parts)))


def data(budget: Begroting) -> dict[str, Any]:
    """What the file of a budget holds: every field that is set, defaults left out except in
    [begroting]; amounts as Decimal or PM, amounts by period keyed by the period's text."""
    found = budget.model_dump(exclude_none=True, exclude_defaults=True,
                              exclude={"programma"})
    found["begroting"] = budget.begroting.model_dump(exclude_none=True)
    if budget.programma:
        found["programma"] = [_programma(programma) for programma in budget.programma]
    return {key: found[key] for key in Begroting.model_fields if key in found}


def _programma(programma: Programma) -> dict[str, Any]:
    """A programme as model_dump gives it, its regels read straight from the model: pydantic's
    dump of 100.000 regels takes a second."""
    found = programma.model_dump(exclude_none=True, exclude_defaults=True,
                                 exclude={"beleidsopgave", "regel"})
    if programma.regels:
        naam = "beleidsopgave" if programma.beleidsopgave else "regel"
        found[naam] = [_regel(regel) for regel in programma.regels]
    return found


_REGEL_VELDEN = tuple(field.name for field in fields(Regel))


def _regel(regel: Regel) -> dict[str, Any]:
    """A regel's fields that are set (not None, False or empty), amounts by period keyed by
    the period's text: what model_dump gives without defaults."""
    found: dict[str, Any] = {}
    for naam in _REGEL_VELDEN:
        value = getattr(regel, naam)
        if value is None or value is False or value == ():
            continue
        found[naam] = {str(p): v for p, v in value.items()} if type(value) is dict else value
    return found


def _table(table: Mapping[str, object], name: str, out: list[str], array: bool = False) -> None:
    """The lines of one table and of the tables below it, as tomli-w lays them out, added to
    out (a list, not a generator: a budget of 100.000 regels has as many tables)."""
    literals: dict[str, object] = {}
    tables = []
    for k, v in table.items():
        if _is_table(v) or _is_array(v):
            tables.append((k, v))
        else:
            literals[k] = v
    written = False
    if array or name and (literals or not tables):
        written = True
        out.append(f"[[{name}]]\n" if array else f"[{name}]\n")
    if literals:
        written = True
        out.extend(_literals(literals))
    for key, value in tables:
        if written:
            out.append("\n")
        written = True
        path = f"{name}.{_key(key)}" if name else _key(key)
        if isinstance(value, list):
            for index, item in enumerate(value):
                if index:
                    out.append("\n")
                _table(item, path, out, array=True)
        else:
            assert isinstance(value, Mapping)
            _table(value, path, out)


def _literals(values: Mapping[str, object]) -> Iterator[str]:
    """key = value lines, as tomli-w writes them; amounts by period on one line."""
    for key, value in values.items():
        if isinstance(value, _PerPeriode):
            cells = ", ".join(f"{json.dumps(k)} = {_value(v)}" for k, v in value.bedragen.items())
            yield f"{_key(key)} = {{ {cells} }}\n"
        else:
            yield _literal(key, value)


_BIJZONDER = re.compile(r'[\x00-\x08\x0a-\x1f\x7f"\\]')
"""What tomli-w escapes in a string: quote, backslash, control characters but the tab."""


def _literal(key: str, value: object) -> str:
    """One key = value line as tomli-w writes it. Whole numbers and strings with nothing to
    escape, most of a budget, skip tomli-w's character-by-character string formatting (a
    third of the time of `begroting import` for 100.000 regels)."""
    if type(value) is int:
        return f"{_key(key)} = {value}\n"
    if type(value) is str and not _BIJZONDER.search(value):
        return f'{_key(key)} = "{value}"\n'
    if type(value) is list and value and all(
            type(item) is str and not _BIJZONDER.search(item) for item in value):
        items = ",\n".join(f'    "{item}"' for item in value)  # output, heroverweging
        return f"{_key(key)} = [\n{items},\n]\n"
    return tomli_w.dumps({key: value}, multiline_strings=True)


@cache
def _key(key: str) -> str:
    return tomli_w.dumps({key: 0}).rsplit(" = ", 1)[0]


def _value(value: object) -> str:
    """An amount as tomli-w writes it: 1650, 2300.75, "p.m."."""
    if isinstance(value, Decimal):
        text = str(value).lower()
        return text if "." in text or "e" in text else f"{text}.0"
    return json.dumps(value)


def _is_table(value: object) -> bool:
    return type(value) is dict  # what _plain makes of every table (not an ABC check: faster)


def _is_array(value: object) -> bool:
    return type(value) is list and bool(value) and all(type(v) is dict for v in value)


def _plain(value: object) -> object:
    """What TOML can hold: whole Decimals as integers (tomli-w writes 1650 as 1650.0), p.m. as
    its text, tuples as lists, amounts by period marked to be written inline."""
    if type(value) is str:  # most values: nothing to do
        return value
    if isinstance(value, dict):
        found = {k: _plain(v) for k, v in value.items()}
        if value and all(Periode.lees(k) is not None for k in value):
            return _PerPeriode(found)
        return found
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value.normalize()
    if isinstance(value, Pm):
        return str(value)
    return value
