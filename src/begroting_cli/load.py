"""Budget files to models; every problem becomes a Diagnostic that names file and line."""

from __future__ import annotations

import codecs
import posixpath
import re
from collections.abc import Hashable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import tomli
from pydantic import ValidationError

from begroting_cli.diagnostic import Diagnostic, Severity
from begroting_cli.model import (
    DELEN,
    Begroting,
    Kostensoorten,
    Lasten,
    Meta,
    Programma,
    Regel,
    Uitzondering,
    Verklaring,
)
from begroting_cli.parse import available_cores, parse
from begroting_cli.sourcemap import SourceMap

MAX_SIZE = 64 * 1024 * 1024
"""Files above this many bytes are refused unread (docs/performance.md)."""

ONLEESBAAR = "BGR001"
ONGELDIGE_TOML = "BGR002"
ONBEKENDE_SLEUTEL = "BGR003"
VERKEERD_TYPE = "BGR004"
ONTBREKENDE_SLEUTEL = "BGR005"
ONGELDIG_BEDRAG = "BGR006"
ONGELDIGE_EENHEID = "BGR007"
ONGELDIGE_PERIODE = "BGR009"
ONGELDIGE_CODE = "BGR011"

_KNOWN_KEYS = sorted(
    {
        key
        for model in (Begroting, Meta, Lasten, Kostensoorten, Programma, Verklaring, Uitzondering)
        for key in model.model_fields
    }
    | {field.name for field in fields(Regel)}
)
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")
_LONG_NUMBER = re.compile(rb"[0-9_]{4301}")


@dataclass(frozen=True, slots=True)
class Loaded:
    """The outcome of reading one file: a budget when it is valid, and what was wrong."""

    file: str
    begroting: Begroting | None
    diagnostics: tuple[Diagnostic, ...]
    sources: SourceMap | None
    """None when the file could not be read or parsed as TOML at all."""

    @property
    def readable(self) -> bool:
        """Whether the file was read and parsed as TOML (it may still be an invalid budget)."""
        return self.sources is not None


def load(path: str | Path, *, max_size: int = MAX_SIZE, parallel: bool = False) -> Loaded:
    """Read, parse and validate one budget file.

    `parallel` lets a large file be parsed on every core, in forked processes (the command
    line does this; a library caller chooses).
    """
    name = str(path)
    try:
        # Handed on without a name, so that load_bytes can let go of what it no longer needs.
        return load_bytes(read_file(path, max_size=max_size), name, parallel=parallel)
    except Unreadable as error:
        return _unreadable(name, str(error))


class Unreadable(Exception):
    """Why a file cannot be read: its message says it in a user's words."""


def read_file(path: str | Path, *, max_size: int = MAX_SIZE) -> bytes:
    """The bytes of a regular file of at most max_size bytes; Unreadable says why not.

    Never more than max_size + 1 bytes are read, and nothing but a regular file: a device,
    a FIFO or a symbolic link to one is refused unread (docs/security.md).
    """
    import os
    import stat

    try:
        # O_NONBLOCK: opening a FIFO to refuse it must not wait for a writer.
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                         | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise Unreadable("no such file") from None
    except IsADirectoryError:
        raise Unreadable("is a directory, not a budget file") from None
    except OSError as error:
        raise Unreadable(error.strerror or str(error)) from None
    try:
        mode = os.fstat(handle)
        if stat.S_ISDIR(mode.st_mode):
            raise Unreadable("is a directory, not a budget file")
        if not stat.S_ISREG(mode.st_mode):
            raise Unreadable("is not a regular file (a device, a pipe or a socket)")
        if mode.st_size > max_size:
            raise Unreadable(_too_large(mode.st_size, max_size))
        with open(handle, "rb", closefd=False) as file:
            data = file.read(max_size + 1)  # the file may have grown since fstat
    except OSError as error:
        raise Unreadable(error.strerror or str(error)) from None
    finally:
        os.close(handle)
    if len(data) > max_size:
        raise Unreadable(_too_large(len(data), max_size, at_least=True))
    return data


def _too_large(size: int, max_size: int, at_least: bool = False) -> str:
    """Why a file is refused; at_least when only its first max_size + 1 bytes were read."""
    what = f"more than {max_size:,}" if at_least else f"{size:,}"
    return f"file is {what} bytes, above the limit of {max_size:,} (see --max-size)"


def load_vorige(loaded: Loaded, *, max_size: int = MAX_SIZE, parallel: bool = False,
                seen: dict[str, Loaded] | None = None) -> Loaded | None:
    """The budget that `vorige` names, relative to the loaded file; None when it names none.

    `vorige` must be a relative path that stays inside the budget's repository (or its
    folder, outside one): a budget cannot make the tool read any other file. For a file read
    from a git revision, `vorige` is read from the same revision. `seen` keeps what was
    loaded before, by path, for budgets that share a vorige.
    """
    if loaded.begroting is None or loaded.begroting.begroting.vorige is None:
        return None
    vorige = loaded.begroting.begroting.vorige
    revision = _revision(loaded.file)
    if revision is not None:
        rev, path = revision
        target = posixpath.normpath(posixpath.join(posixpath.dirname(path), vorige))
        if _escapes(vorige) or target == ".." or target.startswith(("../", "/")):
            return _unreadable(vorige, _OUTSIDE)
        spec = f"{rev}:{target}"
    else:
        place = Path(loaded.file).parent
        file = place / vorige
        if _escapes(vorige) or not file.resolve().is_relative_to(_tree(place.resolve())):
            return _unreadable(vorige, _OUTSIDE)
        spec = str(file)
    if seen is not None and spec in seen:
        return seen[spec]
    result = (load_revision(spec, max_size=max_size, parallel=parallel) if revision is not None
              else load(spec, max_size=max_size, parallel=parallel))
    if seen is not None:
        seen[spec] = result
    return result


_OUTSIDE = ("not a relative path inside the budget's repository (or its folder): a vorige "
            "outside it is not read")


def _escapes(vorige: str) -> bool:
    """Whether a path is absolute in any of the forms a system knows, or has no text."""
    return (not vorige.strip() or vorige.startswith(("/", "\\", "~")) or "\x00" in vorige
            or (len(vorige) > 1 and vorige[1] == ":"))


def _tree(folder: Path) -> Path:
    """The top of the git repository that holds folder; the folder itself outside one."""
    for place in (folder, *folder.parents):
        if (place / ".git").exists():
            return place
    return folder


def load_any(spec: str, *, max_size: int = MAX_SIZE, parallel: bool = False) -> Loaded:
    """A budget file, or `REV:PATH`: the file as it was in a git revision."""
    if _revision(spec) is not None:
        return load_revision(spec, max_size=max_size, parallel=parallel)
    return load(spec, max_size=max_size, parallel=parallel)


def load_revision(spec: str, *, max_size: int = MAX_SIZE, parallel: bool = False) -> Loaded:
    """`REV:PATH` as git has it (PATH from the top of the repository); its size is asked
    first, and a file above max_size is never read."""
    if spec.startswith("-"):
        return _unreadable(spec, "a revision does not start with '-'")
    size = _git(["cat-file", "-s", "--end-of-options", spec], 64)
    if isinstance(size, str):
        return _unreadable(spec, size)
    if int(size.strip() or 0) > max_size:
        return _unreadable(spec, _too_large(int(size), max_size))
    blob = _git(["cat-file", "blob", "--end-of-options", spec], max_size + 1)
    if isinstance(blob, str):
        return _unreadable(spec, blob)
    if len(blob) > max_size:
        return _unreadable(spec, _too_large(len(blob), max_size, at_least=True))
    return load_bytes(blob, spec, parallel=parallel)


def _git(arguments: list[str], limit: int) -> bytes | str:
    """What git writes to stdout, at most limit bytes; or its first line of error."""
    import subprocess

    try:
        with subprocess.Popen(["git", *arguments], stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) as git:
            assert git.stdout is not None and git.stderr is not None
            out = git.stdout.read(limit)
            if git.stdout.read(1):
                git.kill()
            error = git.stderr.read(4096)
            failed = git.wait() != 0
    except FileNotFoundError:
        return "git is not installed, so REV:PATH cannot be read"
    if failed:
        lines = error.decode("utf-8", "replace").strip().splitlines() or ["git failed"]
        return f"git: {lines[0].removeprefix('fatal: ')}"
    return out


def _revision(spec: str) -> tuple[str, str] | None:
    """(REV, PATH) when spec is REV:PATH rather than a file that exists."""
    rev, sep, path = spec.partition(":")
    if not sep or not rev or not path or Path(spec).exists():
        return None
    return rev, path


def load_bytes(data: bytes, name: str, *, parallel: bool = False) -> Loaded:
    """Parse and validate the bytes of a budget file; name is what diagnostics call it."""
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        raw, sources = parse(data, cores=available_cores() if parallel else 1)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = f"not UTF-8 text: {error.reason} at byte {error.start}"
        return _unparsable(name, line, None, message)
    except tomli.TOMLDecodeError as error:
        return _toml_error(name, data, error)
    except RecursionError:
        return _unparsable(name, 1, None, "invalid TOML: nested too deeply")
    except ValueError:  # the one tomli lets through: an integer of more than 4300 digits
        found = _LONG_NUMBER.search(data)
        line = data.count(b"\n", 0, found.start()) + 1 if found else 1
        return _unparsable(name, line, None, "invalid TOML: a number of more than 4300 digits")
    begroting, errors = _validate(raw)
    if errors or begroting is None:
        diagnostics = tuple(_schema_error(name, raw, sources, e)
                            for e in _without_explained(errors))
        return Loaded(name, None, diagnostics, sources)
    return Loaded(name, begroting, (), sources)


Error = Any  # pydantic's ErrorDetails, a TypedDict that tells little here
"""One of pydantic's validation errors: a dict with type, loc, msg and input."""


def _validate(raw: dict[str, Any]) -> tuple[Begroting | None, list[Error]]:
    """The budget, or pydantic's errors: all of them, not just the first.

    Programmes are validated one at a time, and each one's raw data is dropped once it is a
    model, so that a large file is never held twice in memory.
    """
    programmas = raw.get("programma")
    if not isinstance(programmas, list) or not all(isinstance(p, dict) for p in programmas):
        try:
            return Begroting.model_validate(raw), []
        except ValidationError as error:
            return None, error.errors()
    errors: list[Error] = []
    raw["programma"] = []
    try:
        head = Begroting.model_validate(raw)
    except ValidationError as error:
        head, errors = None, error.errors()
    raw["programma"] = programmas
    validated = []
    for index, programma in enumerate(programmas):
        partial = _partly_split(programma, index)
        try:
            validated.append(Programma.model_validate(programma))
        except ValidationError as error:
            errors += [{**e, "loc": ("programma", index, *e["loc"])} for e in error.errors()]
        errors += partial
        if not errors:
            programmas[index] = None  # kept only to name the subject of an error
    if errors or head is None:
        return None, errors
    return head.model_copy(update={"programma": tuple(validated)}), []


def _partly_split(programma: dict[str, Any], index: int) -> list[Error]:
    """A regel that splits its lasten gives all three DELEN: each one missing is an error."""
    errors = []
    for name in ("beleidsopgave", "regel"):
        regels = programma.get(name)
        for number, regel in enumerate(regels if isinstance(regels, list) else ()):
            if isinstance(regel, dict) and not regel.keys() >= _DELEN and regel.keys() & _DELEN:
                errors += [{"type": "missing", "loc": ("programma", index, name, number, deel)}
                           for deel in DELEN if deel not in regel]
    return errors


_DELEN = frozenset(DELEN)


def _unreadable(name: str, message: str) -> Loaded:
    diagnostic = Diagnostic(name, 1, None, Severity.ERROR, ONLEESBAAR, "file", message)
    return Loaded(name, None, (diagnostic,), None)


def _unparsable(name: str, line: int, column: int | None, message: str) -> Loaded:
    diagnostic = Diagnostic(name, line, column, Severity.ERROR, ONGELDIGE_TOML, "file", message)
    return Loaded(name, None, (diagnostic,), None)


def _toml_error(name: str, data: bytes, error: tomli.TOMLDecodeError) -> Loaded:
    message = str(error)
    found = _TOML_POSITION.search(message)
    message = _TOML_END.sub(" at end of file", _TOML_POSITION.sub("", message))
    line = getattr(error, "lineno", None) or (int(found.group(1)) if found else None)
    column = getattr(error, "colno", None) or (int(found.group(2)) if found else None)
    if line is None:  # "at end of document"
        line = max(1, data.rstrip(b"\n").count(b"\n") + 1)
    if _TOML_END.search(str(error)):
        column = None
    return _unparsable(name, line, column, f"invalid TOML: {message[:1].lower()}{message[1:]}")


def _without_explained(errors: list[Error]) -> list[Error]:
    """Drop "missing key" where a misspelt key in its table stands for it: one typo, one error."""
    import difflib

    missing = [e["loc"] for e in errors if e["type"] == "missing"]
    explained: set[tuple[Hashable, ...]] = set()
    for error in errors:
        if error["type"] not in _UNKNOWN_KEY:
            continue
        table, key = error["loc"][:-1], str(error["loc"][-1])
        candidates = [loc[-1] for loc in missing if loc[:-1] == table]
        explained.update(table + (m,) for m in difflib.get_close_matches(key, candidates, n=1))
    return [e for e in errors if not (e["type"] == "missing" and e["loc"] in explained)]


def _schema_error(name: str, raw: dict[str, Any], sources: SourceMap,
                  error: Error) -> Diagnostic:
    loc: tuple[Hashable, ...] = error["loc"]
    line, column = sources.position(loc)
    code, message = _describe(error)
    return Diagnostic(name, line, column, Severity.ERROR, code, _subject(raw, loc), message)


def _describe(error: Error) -> tuple[str, str]:
    """A schema error in the tool's own words, with its rule code."""
    loc = error["loc"]
    key = _key_name(loc)
    kind = error["type"]
    if kind in _UNKNOWN_KEY:
        import difflib

        close = difflib.get_close_matches(str(loc[-1]), _KNOWN_KEYS, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return ONBEKENDE_SLEUTEL, f"unknown key '{loc[-1]}'{hint}"
    if kind == "missing":
        return ONTBREKENDE_SLEUTEL, f"missing required key '{key}'"
    if kind == "literal_error" and loc[-1] == "eenheid":
        return ONGELDIGE_EENHEID, f"eenheid must be 1, 1000 or 1000000, not {error['input']!r}"
    if kind == "periode":
        return ONGELDIGE_PERIODE, f"'{key}': {error['msg']}"
    if kind == "regels_twee_namen":
        return VERKEERD_TYPE, error["msg"]
    if kind in ("bedrag_eindig", "bedrag_bereik", "bedrag_decimalen", "tarief_bereik",
                "tolerantie_bereik"):
        return ONGELDIG_BEDRAG, f"'{key}': {error['msg']}"
    if kind == "string_pattern_mismatch":
        return ONGELDIGE_CODE, (f"'{key}' {_shown(error['input'])} has a control character: "
                                "a code is one line of text")
    if kind in ("greater_than_equal", "less_than_equal"):
        low, high = _BOUNDS.get(str(loc[-1]), ("", ""))
        return VERKEERD_TYPE, (f"'{key}' must be a whole number from {low} to {high}, "
                               f"not {_shown(error['input'])}")
    if kind in ("bedrag", "tarief", "tolerantie"):
        return VERKEERD_TYPE, f"'{key}': {error['msg']}, not {_shown(error['input'])}"
    expected = _EXPECTED.get(kind, "of another type")
    return VERKEERD_TYPE, f"'{key}' must be {expected}, not {_shown(error['input'])}"


_UNKNOWN_KEY = ("extra_forbidden", "unexpected_keyword_argument")  # models, dataclasses
_BOUNDS = {"jaar": ("1000", "9999"), "decimalen": ("0", "6")}
_EXPECTED = {
    "dataclass_type": "a table",
    "string_type": "text",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "tuple_type": "a list (an array, or [[...]] tables)",
    "model_type": "a table",
    "dict_type": "a table",
    "string_too_short": "a text that is not empty",
    "literal_error": "one of the allowed values",
}


def _key_name(loc: tuple[Hashable, ...]) -> str:
    names = [str(part) for part in loc if isinstance(part, str)]
    return names[-1] if names else "document"


def _shown(value: object) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _subject(raw: dict[str, Any], loc: tuple[Hashable, ...]) -> str:
    """The code of the programma or beleidsopgave at loc, else the table's name."""
    if len(loc) >= 2 and loc[0] == "programma" and isinstance(loc[1], int):
        programma = _item(raw.get("programma"), loc[1])
        if len(loc) >= 4 and loc[2] == "beleidsopgave" and isinstance(loc[3], int):
            beleidsopgave = _item(programma.get("beleidsopgave"), loc[3])
            code = beleidsopgave.get("code")
            return code if isinstance(code, str) else f"programma[{loc[1]}].beleidsopgave[{loc[3]}]"
        code = programma.get("code")
        if isinstance(code, str):
            return code
        return f"programma[{loc[1]}]"
    if len(loc) >= 2 and isinstance(loc[1], int):
        return f"{loc[0]}[{loc[1]}]"
    tables = [str(p) for p in loc[:-1] if isinstance(p, str)] or [str(loc[0])] if loc else []
    return ".".join(tables) or "document"


def _item(items: object, index: int) -> dict[str, Any]:
    item = items[index] if isinstance(items, list) and index < len(items) else None
    return item if isinstance(item, dict) else {}
