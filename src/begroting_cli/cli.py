"""The `begroting` command: parse arguments, call the library, render, exit code.

Heavy modules (pydantic, rich, the engine) are imported inside the commands that need them,
so that `begroting --help` starts fast. (No `from __future__ import annotations` here: typer
reads every command's annotations when it runs, and as strings they must first be compiled.)
"""

import sys
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, Optional

import typer

from begroting_cli.render import (
    DiagnosticsFormat,
    ReportFormat,
    diagnostics_renderer,
    report_renderer,
)

if TYPE_CHECKING:
    from begroting_cli.load import Loaded
    from begroting_cli.model import Begroting

app = typer.Typer(
    help="Budget as code for Dutch public bodies: compute, check and compare a begroting.",
    no_args_is_help=True,
    add_completion=False,
    # Plain help and plain errors: rich's help formatter and traceback handler cost more
    # start-up time than the whole command.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

INVALID, UNREADABLE = 1, 2  # exit codes; 0 is success


@app.callback()
def root() -> None:
    """Keep a public budget as one TOML file; compute, check and compare it."""


class Scope(StrEnum):
    """diff.Scope, repeated to keep the engine out of --help."""

    basis = "basis"
    totaal = "totaal"


FileArgument = Annotated[
    Optional[Path],  # noqa: UP045 (typer reads the annotation at run time on Python 3.11)
    typer.Argument(help="A budget file; without it, the bundled IPO-Begroting 2021.",
                   show_default=False),
]
FormatOption = Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")]
DEFAULT_MAX_SIZE = 64 * 1024 * 1024  # load.MAX_SIZE, repeated to keep the loader out of --help
PersoneelOption = Annotated[Optional[str], typer.Option(  # noqa: UP045
    help="The personnel rate per year: 0.016, 1.6% or 1,6%.", metavar="RATE")]
RateOption = Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
    "--rate", help="Another rate per year, e.g. dso=3,125% or huisvesting=2%.",
    metavar="NAAM=RATE")]
MaxSizeOption = Annotated[
    int, typer.Option("--max-size", help="Refuse files above this many bytes, unread.")
]


@app.command()
def totals(
    file: FileArgument = None,
    detail: Annotated[bool, typer.Option(help="Show every beleidsopgave.")] = False,
    programma: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="Show one programme with its beleidsopgaven.", metavar="CODE"),
    ] = None,
    format: FormatOption = ReportFormat.table,
    meerjarig: Annotated[Optional[int], typer.Option(  # noqa: UP045
        help="The meerjarenraming: a column per year up to JAAR.", metavar="JAAR",
        min=1900, max=2200)] = None,
    personeel: PersoneelOption = None,
    rate: RateOption = None,
    max_size: MaxSizeOption = DEFAULT_MAX_SIZE,
) -> None:
    """Totals per programma and beleidsopgave, kostensoorten, overhead rate and indexation."""
    from begroting_cli.bundled import DEFAULT
    from begroting_cli.engine import totalen

    begroting = _load(file or DEFAULT, max_size)
    if meerjarig is not None:
        from begroting_cli.indexatie import meerjarenraming

        try:
            raming = meerjarenraming(begroting, _tarieven(begroting, personeel, rate), meerjarig)
        except ValueError as error:
            _fail(str(error), UNREADABLE)
        report_renderer(format).raming(raming, sys.stdout)
        return
    report = totalen(begroting)
    if programma is not None:
        chosen = [p for p in report.programmas if p.programma.code == programma]
        if not chosen:
            codes = ", ".join(p.programma.code for p in report.programmas) or "none"
            _fail(f"no programma with code {programma!r} (codes: {codes})", UNREADABLE)
        report_renderer(format).programma(report, sys.stdout, programma=chosen[0])
        return
    report_renderer(format).totals(report, sys.stdout, detail=detail)


@app.command()
def validate(
    paths: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Argument(help="Budget files or directories (every *.toml inside); "
                       "without them, the bundled budgets.", show_default=False),
    ] = None,
    strict: Annotated[bool, typer.Option(help="Fail on warnings too.")] = False,
    format: Annotated[DiagnosticsFormat, typer.Option(
        "--format", "-f", help="Output format.")] = DiagnosticsFormat.text,
    list_rules: Annotated[bool, typer.Option("--list-rules", help="List the rules and exit.")] = (
        False),
    max_size: MaxSizeOption = DEFAULT_MAX_SIZE,
) -> None:
    """Check budget files: stated totals, rounding, overhead, p.m., indexation, verklaring."""
    from begroting_cli import rules
    from begroting_cli.bundled import BUDGETS
    from begroting_cli.load import load, load_vorige

    renderer = diagnostics_renderer(format)
    if list_rules:
        renderer.rules(rules.RULES, sys.stdout)
        return
    files = [str(f) for f in _budget_files(paths or [BUDGETS])]
    found = []
    unreadable = False
    for file in files:
        loaded = load(file, max_size=max_size, parallel=True)
        unreadable |= not loaded.readable
        found += rules.check(loaded, load_vorige(loaded, max_size=max_size, parallel=True))
    renderer.validation(files, found, sys.stdout)
    if unreadable:
        raise typer.Exit(UNREADABLE)
    severities = {d.severity.value for d in found}
    if "error" in severities or (strict and "warning" in severities):
        raise typer.Exit(INVALID)


@app.command()
def diff(
    was: Annotated[str, typer.Argument(
        help="The earlier budget: a file, or REV:PATH for a file in a git revision.",
        show_default=False)],
    wordt: Annotated[Optional[str], typer.Argument(  # noqa: UP045
        help="The later budget. Without it, WAS is taken as the later budget and compared "
        "with the budget its `vorige` names.", show_default=False)] = None,
    scope: Annotated[Scope, typer.Option(
        help="Compare the basisbegroting (as the source does) or the whole budget.")] = (
        Scope.basis),
    all: Annotated[bool, typer.Option("--all", help="Show unchanged beleidsopgaven too.")] = False,
    top: Annotated[Optional[int], typer.Option(  # noqa: UP045
        help="Show only the N largest changes.", metavar="N", min=1)] = None,
    format: FormatOption = ReportFormat.table,
    max_size: MaxSizeOption = DEFAULT_MAX_SIZE,
) -> None:
    """The Was / Wordt / Verschil table, the verklaring and what is unexplained."""
    from begroting_cli import diff as differ
    from begroting_cli.load import load_any, load_vorige

    if wordt is None:
        later = load_any(was, max_size=max_size, parallel=True)
        _valid(later)  # an unreadable WAS names no vorige: say what is wrong with it
        earlier = load_vorige(later, max_size=max_size, parallel=True)
        if earlier is None:
            _fail(f"{was} names no vorige budget: give both WAS and WORDT", UNREADABLE)
    else:
        earlier = load_any(was, max_size=max_size, parallel=True)
        later = load_any(wordt, max_size=max_size, parallel=True)
    report = differ.verschil(_valid(earlier), _valid(later), differ.Scope(scope.value), all)
    report_renderer(format).diff(report, sys.stdout, top=top)


@app.command()
def index(
    file: Annotated[Path, typer.Argument(help="The budget to index.", show_default=False)],
    naar: Annotated[int, typer.Option(help="The year of the new budget.", metavar="JAAR",
                                      show_default=False, min=1900, max=2200)],
    personeel: PersoneelOption = None,
    rate: RateOption = None,
    output: Annotated[Optional[Path], typer.Option(  # noqa: UP045
        "--output", "-o", help="Write the new budget here instead of to stdout.")] = None,
    force: Annotated[bool, typer.Option(help="Overwrite OUT if it exists.")] = False,
    max_size: MaxSizeOption = DEFAULT_MAX_SIZE,
) -> None:
    """Next year's draft: the budget with indexation applied, written as TOML."""
    import io
    import os

    from begroting_cli.indexatie import index as indexeer
    from begroting_cli.render import table, toml

    if output is not None and output.exists() and not force:
        _fail(f"{output} exists; use --force to overwrite it", UNREADABLE)
    if output is not None and not output.parent.is_dir():
        _fail(f"{output.parent} is not a folder: cannot write {output}", UNREADABLE)
    bron = _load(file, max_size)
    tarieven = _tarieven(bron, personeel, rate)
    place = output.parent if output is not None else Path.cwd()
    vorige = Path(os.path.relpath(file.resolve(), place.resolve())).as_posix()
    try:
        result = indexeer(bron, tarieven, naar, vorige)
    except ValueError as error:
        _fail(str(error), UNREADABLE)
    text = io.StringIO()
    toml.begroting(result.begroting, text, comment=(
        f"{result.begroting.begroting.naam}: ontwerp gemaakt met `begroting index` uit {vorige}."))
    if output is None:
        sys.stdout.write(text.getvalue())
        table.indexering(result, sys.stderr, bron=bron.begroting.naam)
    else:
        try:
            _write_atomic(output, text.getvalue())
        except OSError as error:
            _fail(f"cannot write {output}: {error.strerror or error}", UNREADABLE)
        table.indexering(result, sys.stdout, bron=bron.begroting.naam)


def _tarieven(begroting: "Begroting", personeel: str | None,
              rate: list[str] | None) -> dict[str, Decimal]:
    """The file's own [indexatie], with the rates given on the command line over them."""
    from begroting_cli.indexatie import bruikbare_namen

    tarieven = dict(begroting.indexatie)
    given = [("personeel", personeel)] if personeel is not None else []
    given += [_named_tarief(text) for text in rate or ()]
    for naam, text in given:
        if naam not in bruikbare_namen(begroting):
            known = ", ".join(sorted(bruikbare_namen(begroting)))
            _fail(f"the budget uses no rate {naam!r} (rates it can use: {known})", UNREADABLE)
        tarieven[naam] = _tarief(text)
    return tarieven


def _named_tarief(text: str) -> tuple[str, str]:
    naam, sep, value = text.partition("=")
    if not sep or not naam.strip():
        raise typer.BadParameter(f"{text!r} is not NAAM=RATE", param_hint="--rate")
    return naam.strip(), value


def _tarief(text: str) -> Decimal:
    """0.016, 1.6% and 1,6% are all 1,6 percent."""
    from decimal import InvalidOperation

    raw = text.strip().replace(",", ".")
    try:
        number = Decimal(raw.removesuffix("%").strip())
    except InvalidOperation:
        raise typer.BadParameter(f"{text!r} is not a rate like 0.016, 1.6% or 1,6%") from None
    tarief = number / 100 if raw.endswith("%") else number
    if not number.is_finite() or not -1 < tarief < 100:
        raise typer.BadParameter(f"{text!r} is not a rate like 0.016, 1.6% or 1,6% "
                                 "(above -100%, below 10.000%)")
    return tarief


def _write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file and os.replace: an interruption leaves the old file or the new."""
    import os
    import tempfile

    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@app.command()
def schema() -> None:
    """The JSON Schema of the budget file format, for completion and checks in an editor."""
    from begroting_cli.render.schema import schema as write_schema

    write_schema(sys.stdout)


def _budget_files(paths: list[Path]) -> list[Path]:
    """Files as given; directories as every *.toml below them, sorted."""
    files = []
    for path in paths:
        files += sorted(path.rglob("*.toml")) if path.is_dir() else [path]
    return files


def _load(path: Path, max_size: int) -> "Begroting":
    """The budget at path, or exit 2 with its diagnostics on stderr."""
    from begroting_cli.load import load

    return _valid(load(path, max_size=max_size, parallel=True))


def _valid(loaded: "Loaded") -> "Begroting":
    """The loaded budget, or exit 2 with its diagnostics on stderr."""
    from begroting_cli.render.diagnostics.text import lines

    if loaded.begroting is None:
        lines(sorted(loaded.diagnostics, key=lambda d: d.sort_key()), sys.stderr)
        raise typer.Exit(UNREADABLE)
    return loaded.begroting


def _fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(f"begroting: {message}\n")
    raise typer.Exit(code)
