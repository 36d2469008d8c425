"""Line numbers for key paths: tomllib keeps no positions, so the loader maps the text itself.

One regular-expression pass finds the table headers (skipping multi-line strings); the keys of
a table are located only when a diagnostic asks for one, by reading that table's few lines.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Hashable

Path = tuple[Hashable, ...]
"""A key path as pydantic reports it: ("programma", 2, "beleidsopgave", 0, "overhead")."""

_CANDIDATES = re.compile(rb"\n[ \t]*\[")
_HEADER = re.compile(rb"[ \t]*\[(\[?)[ \t]*([^\[\]\n]+?)[ \t]*\]\]?[ \t]*(?:#[^\n]*)?\r?")


class SourceMap:
    """Where each table and key of a TOML document starts: (line, column), 1-based."""

    # A budget of 100.000 lines has as many headers: they are numbered in file order, their
    # offsets, lines and columns kept in arrays of machine integers, and an array of tables
    # keeps the numbers of its elements (an eighth of the memory of a position per path).

    def __init__(self, data: bytes) -> None:
        """Map data, the document as UTF-8 bytes (without a byte order mark)."""
        self._data = data
        self._offsets = array("q")  # of every header line in data, ascending
        self._lines = array("q")  # of every header, ascending
        self._columns = array("q")  # of every header's bracket
        self._tables: dict[Path, int] = {}  # plain table -> its header
        self._arrays: dict[Path, array[int]] = {}  # array of tables -> the header of each element
        self._keys: dict[int, dict[Path, tuple[int, int]]] = {}
        self.last_line = max(1, data.count(b"\n") + (0 if data.endswith(b"\n") else 1))
        self._scan_headers()

    @classmethod
    def scan(cls, text: str) -> SourceMap:
        """The map of a document given as text."""
        return cls(text.encode("utf-8"))

    def position(self, path: Path) -> tuple[int, int]:
        """The position of path, or of its nearest ancestor that is written in the file."""
        for end in range(len(path), -1, -1):
            header = self._header(tuple(path[:end])) if end else -1
            if header is None:
                continue
            rest = _key_only(tuple(path[end:]))
            keys = self._table_keys(header) if rest else {}
            for length in range(len(rest), 0, -1):  # the key, or the inline table it is in
                found = keys.get(rest[:length])
                if found is not None:
                    return found
            if end:
                return self._lines[header], self._columns[header]
        return (1, 1)

    def line(self, path: Path) -> int:
        return self.position(path)[0]

    def span(self, path: Path) -> tuple[int, int]:
        """First and last line of the table at path: up to the next table header."""
        start = self.line(path)
        index = bisect_right(self._lines, start)
        return start, (self._lines[index] - 1 if index < len(self._lines) else self.last_line)

    def _header(self, table: Path) -> int | None:
        """The number of the header that opens table; an array's name means its first element."""
        if table in self._tables:
            return self._tables[table]
        if table in self._arrays:
            first: int = self._arrays[table][0]
            return first
        elements = self._arrays.get(table[:-1])
        if elements is not None and isinstance(table[-1], int) and 0 <= table[-1] < len(elements):
            element: int = elements[table[-1]]
            return element
        return None

    def _scan_headers(self) -> None:
        data = self._data
        strings = _multiline_strings(data)
        # the same few headers recur thousands of times
        headers: dict[bytes, tuple[bool, list[str], int] | None] = {}
        line, counted = 1, 0
        starts = (0, *(match.start() + 1 for match in _CANDIDATES.finditer(data)))
        for start in starts:
            if strings and _inside(strings, start):
                continue
            end = data.find(b"\n", start)
            text = data[start:] if end < 0 else data[start:end]
            if text not in headers:
                headers[text] = _header(text)
            header = headers[text]
            if header is None:
                continue
            line += data.count(b"\n", counted, start)
            counted = start
            is_array, parts, column = header
            number = len(self._offsets)
            if is_array:
                name = self._resolve(parts[:-1]) + (parts[-1],)
                if name not in self._arrays:
                    self._arrays[name] = array("q")
                self._arrays[name].append(number)
            else:
                self._tables[self._resolve(parts)] = number
            self._offsets.append(start)
            self._lines.append(line)
            self._columns.append(column)

    def _resolve(self, parts: list[str]) -> Path:
        # A name that is an array of tables means its latest element, as TOML itself reads it.
        path: Path = ()
        for part in parts:
            path += (part,)
            if path in self._arrays:
                path += (len(self._arrays[path]) - 1,)
        return path

    def _table_keys(self, header: int) -> dict[Path, tuple[int, int]]:
        """Positions of the keys written after a header (-1: the root table, before any)."""
        if header not in self._keys:
            if header < 0:
                start, start_line = 0, 1
            else:
                start, start_line = self._offsets[header], self._lines[header]
            following = header + 1
            end = self._offsets[following] if following < len(self._offsets) else len(self._data)
            text = self._data[start:end].decode("utf-8", "replace")
            self._keys[header] = _keys(text, start_line, skip_header=header >= 0)
        return self._keys[header]


def _header(text: bytes) -> tuple[bool, list[str], int] | None:
    """(array of tables?, key parts, column) when the line is a table header."""
    match = _HEADER.fullmatch(text)
    if match is None:
        return None
    return bool(match.group(1)), _split_key(match.group(2).decode("utf-8")), match.start(1)


def _multiline_strings(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of every multi-line string.

    A string opens where a value starts (after "=", or "[" or "," in an array): triple quotes
    in a comment or inside another string open nothing. An escaped quote does not close a
    basic string. Triple quotes are rare, so they are found with a plain search first.
    """
    spans: list[tuple[int, int]] = []
    following = {mark: data.find(mark) for mark in (b'"""', b"'''")}
    while True:
        opening = min((at for at in following.values() if at >= 0), default=-1)
        if opening < 0:
            return spans
        mark = data[opening:opening + 3]
        position = opening + 3
        if _value_starts(data, opening):
            closing = data.find(mark, position)
            while closing > 0 and mark == b'"""' and _escaped(data, closing):
                closing = data.find(mark, closing + 1)
            if closing < 0:
                return spans
            position = closing + 3
            spans.append((opening, position))
        for other, at in following.items():
            if 0 <= at < position:
                following[other] = data.find(other, position)


def _value_starts(data: bytes, index: int) -> bool:
    """Whether a value starts at index: after "=", "[" or ",", and spaces or tabs."""
    while index > 0 and data[index - 1] in b" \t":
        index -= 1
    return index > 0 and data[index - 1] in b"=[,"


def _escaped(data: bytes, index: int) -> bool:
    """Whether the character at index follows an odd number of backslashes."""
    count = 0
    while index - count > 0 and data[index - count - 1] == ord("\\"):
        count += 1
    return count % 2 == 1


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    index = bisect_right(spans, (offset, len(spans) and 1 << 62)) - 1
    return index >= 0 and spans[index][0] < offset < spans[index][1]


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
