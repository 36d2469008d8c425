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
        size = Path(path).stat().st_size
        if size > max_size:
            return _unreadable(
                name, f"file is {size:,} bytes, above the limit of {max_size:,} (see --max-size)"
            )
        # Handed on without a name here, so that load_bytes can let go of what it no longer needs.
        return load_bytes(Path(path).read_bytes(), name, parallel=parallel)
    except FileNotFoundError:
        return _unreadable(name, "no such file")
    except IsADirectoryError:
        return _unreadable(name, "is a directory, not a budget file")
    except OSError as error:
        return _unreadable(name, error.strerror or str(error))


def load_vorige(loaded: Loaded, *, max_size: int = MAX_SIZE,
                parallel: bool = False) -> Loaded | None:
    """The budget that `vorige` names, relative to the loaded file; None when it names none.

    For a file read from a git revision, `vorige` is read from the same revision.
    """
    if loaded.begroting is None or loaded.begroting.begroting.vorige is None:
        return None
    vorige = loaded.begroting.begroting.vorige
    revision = _revision(loaded.file)
    if revision is not None:
        rev, path = revision
        target = posixpath.normpath(posixpath.join(posixpath.dirname(path), vorige))
        return load_revision(f"{rev}:{target}", max_size=max_size, parallel=parallel)
    return load(Path(loaded.file).parent / vorige, max_size=max_size, parallel=parallel)


def load_any(spec: str, *, max_size: int = MAX_SIZE, parallel: bool = False) -> Loaded:
    """A budget file, or `REV:PATH`: the file as it was in a git revision."""
    if _revision(spec) is not None:
        return load_revision(spec, max_size=max_size, parallel=parallel)
    return load(spec, max_size=max_size, parallel=parallel)


def load_revision(spec: str, *, max_size: int = MAX_SIZE, parallel: bool = False) -> Loaded:
    """`REV:PATH` as `git show REV:PATH` gives it (PATH from the top of the repository)."""
    import subprocess

    try:
        shown = subprocess.run(["git", "show", spec], capture_output=True, check=False)
    except FileNotFoundError:
        return _unreadable(spec, "git is not installed, so REV:PATH cannot be read")
    if shown.returncode != 0:
        lines = shown.stderr.decode("utf-8", "replace").strip().splitlines() or ["git failed"]
        return _unreadable(spec, f"git: {lines[0].removeprefix('fatal: ')}")
    if len(shown.stdout) > max_size:
        return _unreadable(spec, f"file is {len(shown.stdout):,} bytes, above the limit of "
                           f"{max_size:,} (see --max-size)")
    return load_bytes(shown.stdout, spec, parallel=parallel)


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
    if kind in ("bedrag_eindig", "bedrag_bereik", "tarief_bereik", "tolerantie_bereik"):
        return ONGELDIG_BEDRAG, f"'{key}': {error['msg']}"
    if kind in ("bedrag", "tarief", "tolerantie"):
        return VERKEERD_TYPE, f"'{key}': {error['msg']}, not {_shown(error['input'])}"
    expected = _EXPECTED.get(kind, "of another type")
    return VERKEERD_TYPE, f"'{key}' must be {expected}, not {_shown(error['input'])}"


_UNKNOWN_KEY = ("extra_forbidden", "unexpected_keyword_argument")  # models, dataclasses
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
