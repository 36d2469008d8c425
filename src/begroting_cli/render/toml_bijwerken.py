"""A budget file brought up to date in place: only the values that changed are rewritten, and
its comments, order and layout stay (tomlkit), so that `git diff` shows what was edited.

`begroting import WERKBOEK -o BESTAND --force` uses it: the changes are those between the
budget the file holds and the budget the workbook holds, applied to the file's own text.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from begroting_cli.model import Begroting, Pm
from begroting_cli.render.escape import toml_exact
from begroting_cli.render.toml import data

_ONTBREEKT = object()


def bijwerken(tekst: str, was: Begroting, wordt: Begroting) -> str:
    """The text of the file that holds `was`, changed so that it holds `wordt`."""
    import tomlkit

    doc = tomlkit.parse(tekst)
    _patch(doc, data(was), data(wordt))
    return toml_exact(tomlkit.dumps(doc))


def _patch(table: Any, old: dict[str, Any], new: dict[str, Any], inline: bool = False) -> None:
    """Make `table` (a tomlkit table, or the document) hold `new` where it held `old`. Inside
    an inline table or an array everything new is written inline too: a [header] cannot be
    there."""
    import tomlkit.items

    inline = inline or isinstance(table, tomlkit.items.InlineTable)
    for key in [*old, *(k for k in new if k not in old)]:
        before, after = old.get(key, _ONTBREEKT), new.get(key, _ONTBREEKT)
        if _gelijk(before, after):
            continue
        if after is _ONTBREEKT:
            if key in table:
                del table[key]
            continue
        if before is _ONTBREEKT or key not in table:
            table[key] = _item(after, inline)
            continue
        current = table[key]
        in_array = inline or not isinstance(current, tomlkit.items.AoT)
        if isinstance(before, dict) and isinstance(after, dict) and _is_table(current):
            _patch(current, before, after, inline)
        elif _tabellen(before) and _tabellen(after) and len(after) >= len(before) and (
                len(current) == len(before)):
            for index, (o, n) in enumerate(zip(before, after, strict=False)):
                _patch(current[index], o, n, in_array)
            for extra in after[len(before):]:
                current.append(_item(extra, in_array))
        elif isinstance(before, list | tuple) and isinstance(after, list | tuple) and (
                len(before) == len(after) and not _tabellen(after)):
            for index, (o, n) in enumerate(zip(before, after, strict=True)):
                if not _gelijk(o, n):
                    current[index] = _item(n, True)
        else:
            table[key] = _item(after, inline or isinstance(current, tomlkit.items.Array))


def _gelijk(a: object, b: object) -> bool:
    """Equal as values: 1650 and 1650.0 are one amount, a tuple and a list one list."""
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_gelijk(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_gelijk(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b or (
        isinstance(a, Decimal | int) and isinstance(b, Decimal | int) and a == b)


def _is_table(item: Any) -> bool:
    import tomlkit.items

    return isinstance(item, tomlkit.items.Table | tomlkit.items.InlineTable)


def _tabellen(value: object) -> bool:
    return isinstance(value, list | tuple) and bool(value) and all(
        isinstance(v, dict) for v in value)


def _item(value: object, inline: bool = False) -> Any:
    """A value as tomlkit writes it: an amount exactly as the budget file has it (1650,
    2300.75), amounts by period as an inline table, lists of tables as arrays of tables (or,
    inline, as arrays of inline tables)."""
    import tomlkit

    if isinstance(value, Pm):
        return tomlkit.string(str(value))
    if isinstance(value, bool):
        return tomlkit.item(value)
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return tomlkit.integer(int(value))
        return tomlkit.parse(f"x = {format(value.normalize(), 'f')}")["x"]
    if isinstance(value, dict):
        from begroting_cli.model import Periode

        if inline or (value and all(Periode.lees(k) is not None for k in value)):
            small = tomlkit.inline_table()
            for key, amount in value.items():
                small[key] = _item(amount, True)
            return small
        table = tomlkit.table()
        for key, item in value.items():
            table[key] = _item(item)
        table.add(tomlkit.nl())  # else tomlkit runs the next [header] into the last value
        return table
    if _tabellen(value) and not inline:
        assert isinstance(value, list | tuple)
        tables = tomlkit.aot()
        for item in value:
            tables.append(_item(item))
        return tables
    if isinstance(value, list | tuple):
        array = tomlkit.array()
        array.extend(_item(v, True) for v in value)
        if len(value) > 1:
            array.multiline(True)
        return array
    return tomlkit.item(value)
