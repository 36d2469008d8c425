"""Line numbers for key paths: tomllib keeps no positions, so the loader maps the text itself.

One pass finds the table headers, skipping lines inside multi-line strings and multi-line
arrays; the keys of a table are located only when a diagnostic asks for one, by reading that
table's lines once. Every step is linear in the size of the document, whatever it holds: the
text of a budget may come from anyone (docs/security.md).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Hashable

Path = tuple[Hashable, ...]
"""A key path as pydantic reports it: ("programma", 2, "beleidsopgave", 0, "overhead")."""

_CANDIDATES = re.compile(rb"\n[ \t]*\[")

# The strings and comments of TOML, each matched whole from its first character. Possessive
# quantifiers: a match never backtracks, and an unclosed string runs to the end of its line
# (or of the document), so that no text is read twice even when the document is not TOML.
_STRINGS = (
    r'"""(?:[^"\\]++|\\[\s\S]|"{1,2}+(?!"))*+(?:"{3,5})?'
    r"|'''(?:[^']++|'{1,2}+(?!'))*+(?:'{3,5})?"
    r'|"(?:[^"\\\n]++|\\.)*+"?'
    r"|'[^'\n]*+'?"
    r"|\#[^\n]*+"
)
_TOKEN = re.compile(_STRINGS.encode())
_KEY_TOKEN = re.compile(_STRINGS + r"|[\[\]{}=\n]")
_BARE = r"[A-Za-z0-9_-]++"
_PART = rf'{_BARE}|"(?:[^"\\\n]|\\.)*+"|\'[^\'\n]*+\''
_HEADER = re.compile(
    rf"[ \t]*+\[(\[?)[ \t]*+((?:{_PART})(?:[ \t]*+\.[ \t]*+(?:{_PART}))*+)[ \t]*+\]\]?"
    r"[ \t]*+(?:#[^\n]*+)?\r?".encode())
_VALUE_LIKE = re.compile(rb"""["'].*|[0-9_.+\- ]+|true|false|[+-]?(?:inf|nan)""")
_KEY_PART = re.compile(rf"[ \t]*+({_BARE}|\"((?:[^\"\\\n]|\\.)*+)\"|'([^'\n]*+)')[ \t]*+")


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
        starts, ends = _multiline_strings(data)
        # the same few headers recur thousands of times; a hostile file has a million others
        headers: dict[bytes, tuple[bool, list[str], int, bool] | None] = {}
        line, counted = 1, 0
        for start in (0, *(match.start() + 1 for match in _CANDIDATES.finditer(data))):
            if starts and _inside(starts, ends, start):
                continue
            end = data.find(b"\n", start)
            text = data[start:] if end < 0 else data[start:end]
            if text not in headers:
                if len(headers) > 4096:
                    headers.clear()
                headers[text] = _header(text)
            header = headers[text]
            if header is None or header[3] and _continues_a_value(data, start, starts, ends):
                continue
            line += data.count(b"\n", counted, start)
            counted = start
            is_array, parts, column, _ = header
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


def _header(text: bytes) -> tuple[bool, list[str], int, bool] | None:
    """(array of tables?, key parts, column, could it be a value?) when the line is a table
    header. `[1]`, `["a"]` and `[true]` could also be an array inside a multi-line array;
    `[programma]` could not: a bare word is no value."""
    match = _HEADER.fullmatch(text)
    if match is None:
        return None
    key = match.group(2)
    return (bool(match.group(1)), _split_key(key.decode("utf-8")), match.start(1),
            _VALUE_LIKE.fullmatch(key) is not None)


def _multiline_strings(data: bytes) -> tuple[array[int], array[int]]:
    """Start and end offsets of every multi-line string, in order.

    Triple quotes are rare, so they are found with a plain search; each one found is judged by
    reading the strings and comments of its line from the line's start (a line that starts
    outside a multi-line string starts outside any string), so that triple quotes in a
    comment or inside another string open nothing. No byte is read twice.
    """
    starts, ends = array("q"), array("q")
    read = 0  # data[:read] is judged
    following = [data.find(b'"""'), data.find(b"'''")]
    while True:
        at = min((found for found in following if found >= 0), default=-1)
        if at < 0:
            return starts, ends
        if at < read:
            for kind, mark in enumerate((b'"""', b"'''")):
                if 0 <= following[kind] < read:
                    following[kind] = data.find(mark, read)
            continue
        position = max(read, data.rfind(b"\n", read, at) + 1)
        while True:
            token = _TOKEN.search(data, position)
            assert token is not None  # the triple quotes themselves are one
            position = token.end()
            if position > at:
                break
        if token.start() == at:
            starts.append(at)
            ends.append(position)
        read = position


def _inside(starts: array[int], ends: array[int], offset: int) -> bool:
    index = bisect_right(starts, offset) - 1
    return index >= 0 and starts[index] < offset < ends[index]


def _continues_a_value(data: bytes, start: int, starts: array[int], ends: array[int]) -> bool:
    """Whether the line at start, which begins with "[", is an element of an array that runs
    over several lines rather than a table header: then the last thing before it, comments and
    blank lines aside, is that array's "[" or a ","; before a header it ends a value."""
    # Most often the line before is short, complete and without a comment: decided at once.
    tail = data[max(0, start - 256):start].rstrip()
    line = tail.rfind(b"\n")
    if line >= 0 and b"#" not in tail[line:]:
        return tail[-1:] in (b"[", b",")
    end = start - 1
    while end > 0:
        line = data.rfind(b"\n", 0, end) + 1
        text = data[line:end]
        if b"#" in text:  # a comment, or a "#" inside a string
            index = bisect_right(starts, end) - 1
            begin = max(line, ends[index]) if index >= 0 else line
            text = data[line:_code_end(data, begin, end)]
        text = text.rstrip()
        if text:
            return text[-1:] in (b"[", b",")
        end = line - 1
    return False


def _code_end(data: bytes, start: int, end: int) -> int:
    """Where the comment in data[start:end] begins; end when there is none."""
    for token in _TOKEN.finditer(data, start, end):
        if token.group().startswith(b"#"):
            return token.start()
    return end


def _key_only(rest: Path) -> Path:
    # A path below a table ends in its key; list indices inside values are not keys.
    return tuple(part for part in rest if isinstance(part, str))


def _keys(text: str, first_line: int, skip_header: bool) -> dict[Path, tuple[int, int]]:
    """The first position of each key written in text, one table's lines: a key stands at
    the start of a line outside any value, before its "="."""
    positions: dict[Path, tuple[int, int]] = {}
    line = first_line
    line_start = text.find("\n") + 1 if skip_header else 0
    if skip_header and line_start == 0:
        return positions
    line += 1 if skip_header else 0
    depth = 0  # of brackets and braces in the value being read
    key = True  # whether the current line may still hold a key before its "="
    for token in _KEY_TOKEN.finditer(text, line_start):
        mark = token.group()
        if mark == "\n":
            line += 1
            line_start = token.end()
            key = depth == 0
        elif mark == "=":
            if key:
                raw = text[line_start:token.start()]
                column = len(raw) - len(raw.lstrip()) + 1
                positions.setdefault(tuple(_split_key(raw)), (line, column))
                key = False
        elif mark in ("[", "{"):
            depth += 1
            key = False
        elif mark in ("]", "}"):
            depth = max(0, depth - 1)
        elif mark.startswith(("\"\"\"", "\'\'\'")) and "\n" in mark:
            line += mark.count("\n")
            line_start = token.start() + mark.rfind("\n") + 1
            key = False
    return positions


def _split_key(key: str) -> list[str]:
    """The parts of a dotted key, quoted ones without their quotes."""
    if '"' not in key and "'" not in key:
        return [part.strip() for part in key.split(".")]
    parts = []
    position = 0
    while True:
        part = _KEY_PART.match(key, position)
        if part is None:  # not a key after all: as written
            return [key.strip()]
        bare, basic, literal = part.groups()
        parts.append(_unescaped(basic) if basic is not None else
                     literal if literal is not None else bare)
        position = part.end()
        if position >= len(key):
            return parts
        if key[position] != ".":
            return [key.strip()]
        position += 1


def _unescaped(text: str) -> str:
    """A basic string's text with its escapes read."""
    if "\\" not in text:
        return text
    import json

    try:
        found: str = json.loads(f'"{text}"')
        return found
    except ValueError:
        return text
