"""Budget files to models; every problem becomes a Diagnostic that names file and line."""

from __future__ import annotations

import codecs
import posixpath
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any, get_args

import tomli
from pydantic import TypeAdapter, ValidationError

from begroting_cli.diagnostic import MAX_DIAGNOSTICS, Diagnostic, Severity, aantal, too_many
from begroting_cli.model import (
    DELEN,
    Begroting,
    Kostensoorten,
    Lasten,
    Meta,
    Programma,
    Regel,
    SoortOrganisatie,
    Totaal,
    Uitzondering,
    Verklaring,
)
from begroting_cli.parse import available_cores, parse
from begroting_cli.sourcemap import SourceMap
from begroting_cli.tekst import N_, _, ngettext

MAX_SIZE = 16 * 1024 * 1024
"""Files above this many bytes are refused unread. A budget is a few hundred kilobytes, and
at this size the worst file we know of takes 24 s and 2 GB (docs/security.md)."""

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
        raise Unreadable(_("bestand bestaat niet")) from None
    except IsADirectoryError:
        raise Unreadable(_("is een map, geen begrotingsbestand")) from None
    except OSError as error:
        raise Unreadable(_unreadable_because(error)) from None
    try:
        mode = os.fstat(handle)
        if stat.S_ISDIR(mode.st_mode):
            raise Unreadable(_("is een map, geen begrotingsbestand"))
        if not stat.S_ISREG(mode.st_mode):
            raise Unreadable(_("is geen gewoon bestand (maar een apparaat, een pipe of een "
                               "socket)"))
        if mode.st_size > max_size:
            raise Unreadable(_too_large(mode.st_size, max_size))
        with open(handle, "rb", closefd=False) as file:
            data = file.read(max_size + 1)  # the file may have grown since fstat
    except OSError as error:
        raise Unreadable(_unreadable_because(error)) from None
    finally:
        os.close(handle)
    if len(data) > max_size:
        raise Unreadable(_too_large(len(data), max_size, at_least=True))
    return data


def _unreadable_because(error: OSError) -> str:
    """Why the system cannot read a file, as it says it (in its own language)."""
    return _("niet te lezen: {reden}").format(reden=error.strerror or str(error))


def _too_large(size: int, max_size: int, at_least: bool = False) -> str:
    """Why a file is refused; at_least when only its first max_size + 1 bytes were read."""
    if at_least:
        return _("het bestand is groter dan het maximum van {maximum} bytes (zie "
                 "--max-size)").format(maximum=aantal(max_size))
    return _("het bestand is {grootte} bytes, groter dan het maximum van {maximum} bytes (zie "
             "--max-size)").format(grootte=aantal(size), maximum=aantal(max_size))


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
            return _unreadable(vorige, _(_OUTSIDE))
        spec = f"{rev}:{target}"
    else:
        place = Path(loaded.file).parent
        file = place / vorige
        if _escapes(vorige) or not file.resolve().is_relative_to(_tree(place.resolve())):
            return _unreadable(vorige, _(_OUTSIDE))
        spec = str(file)
    if seen is not None and spec in seen:
        return seen[spec]
    result = (load_revision(spec, max_size=max_size, parallel=parallel) if revision is not None
              else load(spec, max_size=max_size, parallel=parallel))
    if seen is not None:
        seen[spec] = result
    return result


_OUTSIDE = N_("geen relatief pad binnen de repository van de begroting (of haar map): een "
              "vorige daarbuiten wordt niet gelezen")


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
        return _unreadable(spec, _("een revisie begint niet met '-'"))
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
        return _("git is niet geïnstalleerd, dus REV:PATH kan niet worden gelezen")
    if failed:
        lines = error.decode("utf-8", "replace").strip().splitlines()
        if not lines:
            return _("git is mislukt zonder te zeggen waarom")
        return f"git: {lines[0].removeprefix('fatal: ')}"  # as git says it
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
        reason = _UTF8.get(error.reason)
        message = _("geen UTF-8-tekst: {reden} op byte {positie}").format(
            reden=_(reason) if reason else error.reason, positie=aantal(error.start))
        return _unparsable(name, line, None, message)
    except tomli.TOMLDecodeError as error:
        return _toml_error(name, data, error)
    except RecursionError:
        return _unparsable(name, 1, None, _("ongeldige TOML: te diep genest"))
    except ValueError:  # the one tomli lets through: an integer of more than 4300 digits
        found = _LONG_NUMBER.search(data)
        line = data.count(b"\n", 0, found.start()) + 1 if found else 1
        return _unparsable(name, line, None, _("ongeldige TOML: een getal van meer dan "
                                               "{cijfers} cijfers").format(cijfers=aantal(4300)))
    begroting, errors = _validate(raw)
    if errors or begroting is None:
        return Loaded(name, None, _described(name, raw, sources, errors), sources)
    return Loaded(name, begroting, (), sources)


def load_data(raw: dict[str, Any], name: str,
              plaats: Callable[[tuple[Any, ...]], tuple[int, int | None, str]]
              ) -> tuple[Begroting | None, tuple[Diagnostic, ...]]:
    """A budget from data that was not read from TOML (a workbook), validated as a file is;
    `plaats` says where a key path was read: line, column and the subject to name."""
    begroting, errors = _validate(raw)
    if begroting is not None:
        return begroting, ()
    shown = []
    for error in _without_explained([e for e in errors if e["type"] != _STOPPED]
                                    [:MAX_DIAGNOSTICS]):
        line, column, subject = plaats(error["loc"])
        code, message = describe(error)
        shown.append(Diagnostic(name, line, column, Severity.ERROR, code, subject, message))
    return None, tuple(shown)


_UTF8 = {"invalid start byte": N_("ongeldige eerste byte"),
         "invalid continuation byte": N_("ongeldige vervolgbyte"),
         "unexpected end of data": N_("onverwacht einde van de tekst")}
"""The reasons Python's UTF-8 decoder gives, in the tool's words."""


def _described(name: str, raw: dict[str, Any], sources: SourceMap,
               errors: list[Error]) -> tuple[Diagnostic, ...]:
    """The first MAX_DIAGNOSTICS errors as diagnostics, and how many more there were."""
    stopped = any(e["type"] == _STOPPED for e in errors)
    errors = [e for e in errors if e["type"] != _STOPPED]
    shown = [_schema_error(name, raw, sources, e)
             for e in _without_explained(errors[:MAX_DIAGNOSTICS])]
    hidden = sum(e.get("count", 1) for e in errors[MAX_DIAGNOSTICS:])
    if hidden:
        shown.append(too_many(name, {Severity.ERROR: hidden}, at_least=stopped))
    return tuple(shown)


Error = Any  # pydantic's ErrorDetails, a TypedDict that tells little here
"""One of pydantic's validation errors: a dict with type, loc, msg and input."""


def _validate(raw: dict[str, Any]) -> tuple[Begroting | None, list[Error]]:
    """The budget, or pydantic's errors: all of them up to MAX_DIAGNOSTICS, then some more.

    Lists of tables are validated a part at a time, and each programme's raw data is dropped
    once it is a model, so that a large file is never held twice in memory; validation stops
    once there are more errors than can be reported, so that a file with a mistake on every
    line costs no more than one with a few.
    """
    errors: list[Error] = []
    lists = {name: raw.pop(name) for name in _LISTS if isinstance(raw.get(name), list)
             and (name == "programma" or len(raw[name]) > _PART)}
    _prune(raw, _BEGROTING_KEYS, (), errors)
    for name in ("begroting", "lasten", "totaal", "indexatie"):
        if isinstance(raw.get(name), dict):
            _prune(raw[name], _TABLE_KEYS.get(name, frozenset()), (name,), errors)
    try:
        head = Begroting.model_validate(raw)
    except ValidationError as error:
        head, errors = None, errors + error.errors()
    validated = {name: _each(items, name, errors) for name, items in lists.items()}
    raw.update(lists)  # kept to name the subject of an error
    if errors or head is None:
        return None, errors
    return head.model_copy(update=validated), []


_LISTS = ("programma", "verklaring", "uitzondering")
_PART = 1024
"""Tables validated at once: more than most budgets' programmes have regels."""
_BEGROTING_KEYS = frozenset(Begroting.model_fields)
_TABLE_KEYS = {"begroting": frozenset(Meta.model_fields), "lasten": frozenset(Lasten.model_fields),
               "totaal": frozenset(Totaal.model_fields),
               "verklaring": frozenset(Verklaring.model_fields),
               "uitzondering": frozenset(Uitzondering.model_fields)}
_REGEL_KEYS = frozenset(field.name for field in fields(Regel))
_PROGRAMMA_KEYS = frozenset(Programma.model_fields)
@cache  # built when a list is long enough to need it: a validator takes time to build
def _adapter(name: str) -> TypeAdapter[tuple[Any, ...]]:
    if name == "regel":
        return TypeAdapter(tuple[Regel, ...])
    if name == "verklaring":
        return TypeAdapter(tuple[Verklaring, ...])
    return TypeAdapter(tuple[Uitzondering, ...])


def _each(items: list[Any], name: str, errors: list[Error]) -> tuple[Any, ...]:
    """The tables of a list (the programmes, verklaring or uitzondering), validated a part
    at a time; their errors are added to errors, up to a little more than MAX_DIAGNOSTICS."""
    validated: list[Any] = []
    for start in range(0, len(items), _PART):
        if len(errors) > MAX_DIAGNOSTICS:
            errors.append({"type": _STOPPED, "loc": (name, start)})
            break
        if name == "programma":
            for index in range(start, min(start + _PART, len(items))):
                programma = _programma(items[index], index, errors)
                if programma is not None and not errors:
                    validated.append(programma)
                    items[index] = None  # kept only to name the subject of an error
            continue
        for number, table in enumerate(items[start:start + _PART], start):
            if isinstance(table, dict):
                _prune(table, _TABLE_KEYS.get(name, frozenset()), (name, number), errors)
        try:
            validated += _adapter(name).validate_python(items[start:start + _PART])
        except ValidationError as error:
            errors += [{**e, "loc": (name, start + int(e["loc"][0]), *e["loc"][1:])}
                       for e in error.errors()]
    return tuple(validated)


def _programma(programma: object, index: int, errors: list[Error]) -> Programma | None:
    """One programme, its regels validated a part at a time; None when it has errors."""
    if not isinstance(programma, dict):
        try:
            return Programma.model_validate(programma)
        except ValidationError as error:
            errors += [{**e, "loc": ("programma", index, *e["loc"])} for e in error.errors()]
            return None
    errors += _partly_split(programma, index)
    _prune(programma, _PROGRAMMA_KEYS, ("programma", index), errors)
    name = "beleidsopgave" if "beleidsopgave" in programma else "regel"
    regels = programma.get(name)
    if not isinstance(regels, list) or len(regels) <= _PART or (
            "beleidsopgave" in programma and "regel" in programma):
        _prune_regels(regels if isinstance(regels, list) else [], 0,
                      ("programma", index, name), errors)
        try:
            return Programma.model_validate(programma)
        except ValidationError as error:
            errors += [{**e, "loc": ("programma", index, *e["loc"])} for e in error.errors()]
            return None
    programma[name] = []
    try:
        head: Programma | None = Programma.model_validate(programma)
    except ValidationError as error:
        head = None
        errors += [{**e, "loc": ("programma", index, *e["loc"])} for e in error.errors()]
    finally:
        programma[name] = regels
    validated: list[Regel] = []
    for start in range(0, len(regels), _PART):
        if len(errors) > MAX_DIAGNOSTICS:
            errors.append({"type": _STOPPED, "loc": ("programma", index, name, start)})
            return None
        part = regels[start:start + _PART]
        _prune_regels(part, start, ("programma", index, name), errors)
        try:
            validated += _adapter("regel").validate_python(part)
        except ValidationError as error:
            errors += [{**e, "loc": ("programma", index, name, start + int(e["loc"][0]),
                                     *e["loc"][1:])} for e in error.errors()]
    if head is None or errors:
        return None
    return head.model_copy(update={name: tuple(validated)})


def _prune(table: dict[str, Any], known: frozenset[str], loc: tuple[Hashable, ...],
           errors: list[Error]) -> None:
    """Leave out of a table the unknown keys beyond the first few: a table of a million of
    them would otherwise be a million errors in memory before the first is reported."""
    if len(table) <= len(known) + _FEW_UNKNOWN:
        return
    unknown = [key for key in table if key not in known]
    for key in unknown[_FEW_UNKNOWN:]:
        del table[key]
    errors.append({"type": _PRUNED, "loc": loc, "count": len(unknown) - _FEW_UNKNOWN})


def _prune_regels(regels: list[Any], start: int, loc: tuple[Hashable, ...],
                  errors: list[Error]) -> None:
    for number, regel in enumerate(regels, start):
        if isinstance(regel, dict) and len(regel) > len(_REGEL_KEYS):
            _prune(regel, _REGEL_KEYS, (*loc, number), errors)


_FEW_UNKNOWN = 64
_STOPPED = "begroting_stopped"
_PRUNED = "begroting_pruned"


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
    text = str(error)
    found = _TOML_POSITION.search(text)
    line = getattr(error, "lineno", None) or (int(found.group(1)) if found else None)
    column = getattr(error, "colno", None) or (int(found.group(2)) if found else None)
    if line is None:  # "at end of document"
        line = max(1, data.rstrip(b"\n").count(b"\n") + 1)
    parsers = getattr(error, "msg", None) or _TOML_END.sub("", _TOML_POSITION.sub("", text))
    message = _toml_message(parsers)
    if _TOML_END.search(text):
        return _unparsable(name, line, None, _("ongeldige TOML aan het einde van het bestand: "
                                               "{melding}").format(melding=message))
    return _unparsable(name, line, column, _("ongeldige TOML: {melding}").format(
        melding=message))


def _toml_message(message: str) -> str:
    """What tomli says, in the tool's words; a message it does not know as tomli wrote it."""
    known = _TOML_MELDINGEN.get(message)
    if known is not None:
        return _(known)
    for pattern, text in _TOML_PATRONEN:
        match = pattern.fullmatch(message)
        if match:
            return _(text).format(**{k: _toml_key(v) for k, v in match.groupdict().items()})
    return message[:1].lower() + message[1:]


def _toml_key(text: str) -> str:
    """A key as tomli shows it, ('programma', 'regel'), written as in a file: programma.regel;
    other parts (a character, a quoted key) as tomli wrote them."""
    import ast

    try:
        parts = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return text
    if isinstance(parts, tuple) and all(isinstance(part, str) for part in parts):
        return ".".join(parts)
    return text


_TOML_MELDINGEN = {
    "Invalid statement": N_("ongeldige opdracht"),
    "Expected newline or end of document after a statement": N_(
        "na een opdracht hoort een nieuwe regel of het einde van het bestand"),
    "Expected ']' at the end of a table declaration": N_(
        "']' ontbreekt aan het einde van een tabelkop"),
    "Expected ']]' at the end of an array declaration": N_(
        "']]' ontbreekt aan het einde van een kop [[...]]"),
    "Cannot overwrite a value": N_("een waarde kan niet worden overschreven"),
    "Expected '=' after a key in a key/value pair": N_("'=' ontbreekt na een sleutel"),
    "Invalid initial character for a key part": N_("ongeldig eerste teken van een sleutel"),
    "Unclosed array": N_("een lijst zonder sluitende ']'"),
    "Unclosed inline table": N_("een inline tabel zonder sluitende accolade"),
    "Unescaped '\\' in a string": N_("een '\\' in een tekst die geen geldige escape begint"),
    "Invalid hex value": N_("ongeldige hexadecimale waarde"),
    "Escaped character is not a Unicode scalar value": N_(
        "de escape is geen geldig Unicode-teken"),
    "Unterminated string": N_("een tekst zonder sluitend aanhalingsteken"),
    "Invalid date or datetime": N_("ongeldige datum of tijd"),
    "Invalid value": N_("ongeldige waarde"),
}
"""The messages of tomli (2.x), each in the tool's words."""
_TOML_PATRONEN = [
    (re.compile(r"Cannot declare (?P<sleutel>.+) twice"), N_(
        "tabel [{sleutel}] staat twee keer in het bestand")),
    (re.compile(r"Cannot mutate immutable namespace (?P<sleutel>.+)"), N_(
        "'{sleutel}' is al volledig gegeven (als inline tabel of lijst) en kan niet worden "
        "aangevuld")),
    (re.compile(r"Cannot redefine namespace (?P<sleutel>.+)"), N_(
        "'{sleutel}' kan niet opnieuw worden gedefinieerd")),
    (re.compile(r"Duplicate inline table key (?P<sleutel>.+)"), N_(
        "sleutel {sleutel} staat twee keer in een inline tabel")),
    (re.compile(r"Expected (?P<verwacht>.+)"), N_("{verwacht} verwacht")),
    (re.compile(r"(?:Found invalid|Illegal) character (?P<teken>.+)"), N_(
        "ongeldig teken {teken}")),
]
"""The messages of tomli with a part of their own: a key, a character."""


def _without_explained(errors: list[Error]) -> list[Error]:
    """Drop "missing key" where a misspelt key in its table stands for it: one typo, one error."""
    import difflib

    missing: dict[tuple[Hashable, ...], list[Hashable]] = {}
    for error in errors:
        if error["type"] == "missing":
            missing.setdefault(error["loc"][:-1], []).append(error["loc"][-1])
    explained: set[tuple[Hashable, ...]] = set()
    for error in errors:
        if error["type"] not in _UNKNOWN_KEY:
            continue
        table, key = error["loc"][:-1], str(error["loc"][-1])
        candidates = [str(m) for m in missing.get(table, ())]
        explained.update(table + (m,) for m in difflib.get_close_matches(key, candidates, n=1))
    return [e for e in errors if not (e["type"] == "missing" and e["loc"] in explained)]


def _schema_error(name: str, raw: dict[str, Any], sources: SourceMap,
                  error: Error) -> Diagnostic:
    loc: tuple[Hashable, ...] = error["loc"]
    line, column = sources.position(loc)
    code, message = describe(error)
    return Diagnostic(name, line, column, Severity.ERROR, code, _subject(raw, loc), message)


def describe(error: Error) -> tuple[str, str]:
    """A schema error (one of pydantic's) in the tool's own words, with its rule code."""
    loc = error["loc"]
    key = _key_name(loc)
    kind = error["type"]
    if kind == _PRUNED:
        return ONBEKENDE_SLEUTEL, ngettext(
            "nog {n} onbekende sleutel wordt niet getoond",
            "nog {n} onbekende sleutels worden niet getoond", error["count"]).format(
            n=aantal(error["count"]))
    if kind in _UNKNOWN_KEY:
        import difflib

        close = difflib.get_close_matches(str(loc[-1]), _KNOWN_KEYS, n=1)
        if close:
            return ONBEKENDE_SLEUTEL, _("onbekende sleutel '{sleutel}'; bedoelt u "
                                        "'{bedoeld}'?").format(sleutel=loc[-1], bedoeld=close[0])
        return ONBEKENDE_SLEUTEL, _("onbekende sleutel '{sleutel}'").format(sleutel=loc[-1])
    if kind == "missing":
        return ONTBREKENDE_SLEUTEL, _("verplichte sleutel '{sleutel}' ontbreekt").format(
            sleutel=key)
    if kind in ("literal_error", "int_parsing_size") and loc[-1] == "eenheid":
        return ONGELDIGE_EENHEID, _("eenheid moet 1, 1000 of 1000000 zijn, niet {gevonden}").format(
            gevonden=_shown(error["input"]))
    if kind == "literal_error" and loc[-1] == "soort_organisatie":
        *first, last = (f"'{name}'" for name in get_args(SoortOrganisatie))
        return VERKEERD_TYPE, _("'{sleutel}' moet {waarden} of {laatste} zijn, niet "
                                "{gevonden}").format(sleutel=key, waarden=", ".join(first),
                                                     laatste=last,
                                                     gevonden=_shown(error["input"]))
    if kind == "periode":
        return ONGELDIGE_PERIODE, f"'{key}': {error['msg']}"
    if kind == "regels_twee_namen":
        return VERKEERD_TYPE, error["msg"]
    if kind in ("bedrag_eindig", "bedrag_bereik", "bedrag_decimalen", "tarief_bereik",
                "tolerantie_bereik"):
        return ONGELDIG_BEDRAG, f"'{key}': {error['msg']}"
    if kind == "string_pattern_mismatch":
        return ONGELDIGE_CODE, _("'{sleutel}' {gevonden} bevat een stuurteken: een code is tekst "
                                 "op één regel").format(sleutel=key,
                                                        gevonden=_shown(error["input"]))
    if kind in ("greater_than_equal", "less_than_equal"):
        low, high = _BOUNDS.get(str(loc[-1]), ("", ""))
        return VERKEERD_TYPE, _("'{sleutel}' moet een geheel getal van {laag} tot en met {hoog} "
                                "zijn, niet {gevonden}").format(
            sleutel=key, laag=low, hoog=high, gevonden=_shown(error["input"]))
    if kind in ("bedrag", "tarief", "tolerantie"):
        if isinstance(error["input"], dict):  # an amount in a table by period: msg names it
            return VERKEERD_TYPE, f"'{key}': {error['msg']}"
        return VERKEERD_TYPE, _("'{sleutel}': {melding}, niet {gevonden}").format(
            sleutel=key, melding=error["msg"], gevonden=_shown(error["input"]))
    if kind == "string_too_short":
        return VERKEERD_TYPE, _("'{sleutel}' mag niet leeg zijn").format(sleutel=key)
    expected = _EXPECTED.get(kind, _OTHER_TYPE)
    return VERKEERD_TYPE, _("'{sleutel}' moet {verwacht} zijn, niet {gevonden}").format(
        sleutel=key, verwacht=_(expected), gevonden=_shown(error["input"]))


_UNKNOWN_KEY = ("extra_forbidden", "unexpected_keyword_argument")  # models, dataclasses
_BOUNDS = {"jaar": ("1000", "9999"), "decimalen": ("0", "6")}
_EXPECTED = {
    "dataclass_type": N_("een tabel"),
    "dataclass_args_type": N_("een tabel"),
    "model_type": N_("een tabel"),
    "model_attributes_type": N_("een tabel"),
    "dict_type": N_("een tabel"),
    "string_type": N_("tekst"),
    "int_type": N_("een geheel getal"),
    "int_parsing": N_("een geheel getal"),
    "int_from_float": N_("een geheel getal"),
    "bool_type": N_("true of false"),
    "tuple_type": N_("een lijst (een array, of tabellen [[...]])"),
    "literal_error": N_("een van de toegestane waarden"),
}
_OTHER_TYPE = N_("van een ander type")


def _key_name(loc: tuple[Hashable, ...]) -> str:
    names = [str(part) for part in loc if isinstance(part, str)]
    return names[-1] if names else "document"


def _shown(value: object) -> str:
    """A value of the file as a message shows it: a text quoted, a table or list by its kind."""
    if isinstance(value, dict):
        return _("een tabel")
    if isinstance(value, list):
        return _("een lijst")
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
