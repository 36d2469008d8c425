"""Line numbers for key paths: tomllib keeps no positions, so the loader scans the text once."""

from __future__ import annotations

from collections.abc import Hashable

Path = tuple[Hashable, ...]
"""A key path as pydantic reports it: ("programma", 2, "beleidsopgave", 0, "overhead")."""


class SourceMap:
    """Where each table and key of a TOML document starts: (line, column), 1-based."""

    def __init__(
        self, positions: dict[Path, tuple[int, int]], headers: list[int], last_line: int
    ) -> None:
        self._positions = positions
        self._headers = headers
        self.last_line = last_line

    def position(self, path: Path) -> tuple[int, int]:
        """The position of path, or of its nearest ancestor that is written in the file."""
        for end in range(len(path), 0, -1):
            found = self._positions.get(tuple(path[:end]))
            if found is not None:
                return found
        return (1, 1)

    def line(self, path: Path) -> int:
        return self.position(path)[0]

    def span(self, path: Path) -> tuple[int, int]:
        """First and last line of the table at path: up to the next table header."""
        start = self.line(path)
        later = [line for line in self._headers if line > start]
        return start, (later[0] - 1 if later else self.last_line)

    @classmethod
    def scan(cls, text: str) -> SourceMap:
        """Map every table header and key of text; values themselves are not parsed."""
        positions: dict[Path, tuple[int, int]] = {}
        headers: list[int] = []
        arrays: dict[Path, int] = {}
        current: Path = ()
        lines = text.split("\n")
        number = 0
        while number < len(lines):
            raw = lines[number]
            number += 1
            stripped = raw.strip()
            column = len(raw) - len(raw.lstrip()) + 1
            if not stripped or stripped.startswith("#"):
                continue
            if stripped.startswith("["):
                array = stripped.startswith("[[")
                parts = _split_key(stripped.lstrip("[").split("]")[0])
                if array:
                    name = _resolve(parts[:-1], arrays) + (parts[-1],)
                    arrays[name] = arrays.get(name, 0) + 1
                    positions.setdefault(name, (number, column))
                    current = name + (arrays[name] - 1,)
                else:
                    current = _resolve(parts, arrays)
                positions[current] = (number, column)
                headers.append(number)
                continue
            key, sep, value = _split_assignment(stripped)
            if not sep:
                continue
            positions.setdefault(current + tuple(_split_key(key)), (number, column))
            # A value may run over several lines (multi-line strings, arrays): skip them.
            pending = value
            while _open(pending) and number < len(lines):
                pending += "\n" + lines[number]
                number += 1
        last_line = max(1, len(lines) - (1 if text.endswith("\n") else 0))
        return cls(positions, headers, last_line)


def _resolve(parts: list[str], arrays: dict[Path, int]) -> Path:
    # A name that is an array of tables means its latest element, as TOML itself reads it.
    path: Path = ()
    for part in parts:
        path += (part,)
        if path in arrays:
            path += (arrays[path] - 1,)
    return path


def _split_key(key: str) -> list[str]:
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


def _open(value: str) -> bool:
    """Whether value (the text after "=") still lacks its end: an open string or bracket."""
    depth = 0
    index = 0
    while index < len(value):
        char = value[index]
        if char == "#":
            end = value.find("\n", index)
            if end < 0:
                break
            index = end + 1
            continue
        if value.startswith(('"""', "'''"), index):
            end = value.find(value[index : index + 3], index + 3)
            if end < 0:
                return True
            index = end + 3
            while index < len(value) and value[index] == value[end]:
                index += 1  # TOML allows up to two quotes right before the closing three
            continue
        if char in "\"'":
            index = _string_end(value, index)
            continue
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        index += 1
    return depth > 0


def _string_end(value: str, start: int) -> int:
    quote = value[start]
    index = start + 1
    while index < len(value):
        if quote == '"' and value[index] == "\\":
            index += 2
            continue
        if value[index] == quote or value[index] == "\n":
            return index + 1
        index += 1
    return index
