"""Line numbers for key paths: tomllib keeps no positions, so the loader maps the text itself.

One regular-expression pass finds the table headers (skipping multi-line strings); the keys of
a table are located only when a diagnostic asks for one, by reading that table's few lines.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Hashable

Path = tuple[Hashable, ...]
"""A key path as pydantic reports it: ("programma", 2, "beleidsopgave", 0, "overhead")."""

_HEADERS = re.compile(
    r"""^[ \t]*\[(\[?)[ \t]*([^\[\]\n]+?)[ \t]*\]\]?[ \t]*(?:\#[^\n]*)?$"""
    r'''|"""[\s\S]*?(?<!\\)"""|\'\'\'[\s\S]*?\'\'\'''',
    re.MULTILINE,
)


class SourceMap:
    """Where each table and key of a TOML document starts: (line, column), 1-based."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._tables: dict[Path, tuple[int, int]] = {}
        self._starts: list[int] = []  # line of every header, ascending
        self._offsets: list[int] = []  # offset in text of every header line
        self._keys: dict[int, dict[Path, tuple[int, int]]] = {}
        self.last_line = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
        self._scan_headers()

    @classmethod
    def scan(cls, text: str) -> SourceMap:
        return cls(text)

    def position(self, path: Path) -> tuple[int, int]:
        """The position of path, or of its nearest ancestor that is written in the file."""
        for end in range(len(path), -1, -1):
            table = tuple(path[:end])
            if end and table not in self._tables:
                continue
            rest = tuple(path[end:])
            if rest:
                found = self._table_keys(table).get(_key_only(rest))
                if found is not None:
                    return found
            if end:
                return self._tables[table]
        return (1, 1)

    def line(self, path: Path) -> int:
        return self.position(path)[0]

    def span(self, path: Path) -> tuple[int, int]:
        """First and last line of the table at path: up to the next table header."""
        start = self.line(path)
        index = bisect_right(self._starts, start)
        return start, (self._starts[index] - 1 if index < len(self._starts) else self.last_line)

    def _scan_headers(self) -> None:
        arrays: dict[Path, int] = {}
        line, offset = 1, 0
        for match in _HEADERS.finditer(self._text):
            if match.group(2) is None:  # a multi-line string: nothing in it is a header
                continue
            line += self._text.count("\n", offset, match.start())
            offset = match.start()
            parts = _split_key(match.group(2))
            whole = match.group(0)
            position = (line, len(whole) - len(whole.lstrip()) + 1)
            if match.group(1):
                name = _resolve(parts[:-1], arrays) + (parts[-1],)
                arrays[name] = arrays.get(name, 0) + 1
                current = name + (arrays[name] - 1,)
                self._tables.setdefault(name, position)
            else:
                current = _resolve(parts, arrays)
            self._tables[current] = position
            self._starts.append(line)
            self._offsets.append(offset)

    def _table_keys(self, table: Path) -> dict[Path, tuple[int, int]]:
        """Positions of the keys written in one table (the root table: before any header)."""
        if table:
            start_line = self._tables[table][0]
            index = bisect_left(self._starts, start_line)
            offset = self._offsets[index]
            end = self._offsets[index + 1] if index + 1 < len(self._offsets) else len(self._text)
        else:
            start_line, index, offset = 1, -1, 0
            end = self._offsets[0] if self._offsets else len(self._text)
        if index not in self._keys:
            self._keys[index] = _keys(self._text[offset:end], start_line, skip_header=bool(table))
        return self._keys[index]


def _key_only(rest: Path) -> Path:
    # A path below a table ends in its key; list indices inside values are not keys.
    return tuple(part for part in rest if isinstance(part, str))


def _keys(text: str, first_line: int, skip_header: bool) -> dict[Path, tuple[int, int]]:
    positions: dict[Path, tuple[int, int]] = {}
    lines = text.split("\n")
    number = 1 if skip_header else 0
    while number < len(lines):
        raw = lines[number]
        number += 1
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key, sep, value = _split_assignment(stripped)
        if not sep:
            continue
        column = len(raw) - len(raw.lstrip()) + 1
        positions.setdefault(tuple(_split_key(key)), (first_line + number - 1, column))
        pending = value  # a value may run over several lines: skip them
        while _open(pending) and number < len(lines):
            pending += "\n" + lines[number]
            number += 1
    return positions


def _resolve(parts: list[str], arrays: dict[Path, int]) -> Path:
    # A name that is an array of tables means its latest element, as TOML itself reads it.
    path: Path = ()
    for part in parts:
        path += (part,)
        if path in arrays:
            path += (arrays[path] - 1,)
    return path


def _split_key(key: str) -> list[str]:
    if '"' not in key and "'" not in key:
        return [part.strip() for part in key.split(".")]
    parts, part, quote = [], "", ""
    for char in key:
        if quote:
            if char == quote:
                quote = ""
            else:
                part += char
        elif char in "\"'":
            quote = char
        elif char == ".":
            parts.append(part.strip())
            part = ""
        else:
            part += char
    parts.append(part.strip())
    return parts


def _split_assignment(line: str) -> tuple[str, str, str]:
    quote = ""
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "=":
            return line[:index], "=", line[index + 1 :]
    return line, "", ""


_TOKENS = re.compile(r'''"""|\'\'\'|"(?:[^"\\\n]|\\.)*"?|'[^'\n]*'?|\#[^\n]*|[\[\]{}]''')


def _open(value: str) -> bool:
    """Whether value (the text after "=") still lacks its end: an open string or bracket."""
    if not any(mark in value for mark in ("[", "{", '"""', "'''")):
        return False
    depth = 0
    position = 0
    while True:
        token = _TOKENS.search(value, position)
        if token is None:
            return depth > 0
        text = token.group()
        position = token.end()
        if text in ('"""', "'''"):
            end = value.find(text, position)
            if end < 0:
                return True
            position = end + 3
            while value.startswith(text[0], position):
                position += 1  # up to two quotes may stand right before the closing three
        elif text in "[{":
            depth += 1
        elif text in "]}":
            depth -= 1
