"""The `begroting` command: parse arguments, call the library, render, exit code.

Heavy modules (pydantic, rich, the engine) are imported inside the commands that need them,
so that `begroting --help` starts fast. (No `from __future__ import annotations` here: typer
reads every command's annotations when it runs, and as strings they must first be compiled.)
"""

import sys
from dataclasses import replace
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
from begroting_cli.tekst import _, ngettext

if TYPE_CHECKING:
    from begroting_cli.load import Loaded
    from begroting_cli.model import Begroting, Periode

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
def root(context: typer.Context) -> None:
    """Keep a public budget as one TOML file; compute, check and compare it."""
    import os

    from begroting_cli.render.escape import LineGuard
    from begroting_cli.tekst import kies_taal

    kies_taal(os.environ.get("LANGUAGE"))
    # A budget may come from a pull request and its texts reach CI logs: whatever a command
    # prints, no line of it may be a workflow command (docs/security.md).

    streams = sys.stdout, sys.stderr
    guards = LineGuard(sys.stdout), LineGuard(sys.stderr)
    sys.stdout, sys.stderr = guards

    def restore() -> None:
        for guard in guards:
            guard.close()
        sys.stdout, sys.stderr = streams

    context.call_on_close(restore)


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
DEFAULT_MAX_SIZE = 16 * 1024 * 1024  # load.MAX_SIZE, repeated to keep the loader out of --help
PersoneelOption = Annotated[Optional[str], typer.Option(  # noqa: UP045
    help="The personnel rate per year: 0.016, 1.6% or 1,6%.", metavar="RATE")]
RateOption = Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
    "--rate", help="Another rate per year, e.g. dso=3,125% or huisvesting=2%.",
    metavar="NAAM=RATE")]
MaxSizeOption = Annotated[
    int, typer.Option("--max-size", help="Refuse files above this many bytes, unread.")
]


class Per(StrEnum):
    """What `totals` totals by."""

    programma = "programma"
    taakveld = "taakveld"


@app.command()
def totals(
    file: FileArgument = None,
    detail: Annotated[bool, typer.Option(help="Show every regel.")] = False,
    programma: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="Show one programme with its regels.", metavar="CODE"),
    ] = None,
    per: Annotated[Per, typer.Option(
        help="Total by programma, or by Iv3 taakveld across programmes.")] = Per.programma,
    format: FormatOption = ReportFormat.table,
    meerjarig: Annotated[Optional[int], typer.Option(  # noqa: UP045
        help="The meerjarenraming: a column per year up to JAAR.", metavar="JAAR",
        min=1900, max=2200)] = None,
    personeel: PersoneelOption = None,
    rate: RateOption = None,
    max_size: MaxSizeOption = DEFAULT_MAX_SIZE,
) -> None:
    """Totals per programma and regel: lasten, baten, saldo, reserves and resultaat by period;
    kostensoorten, overhead rate and indexation."""
    from begroting_cli.bundled import DEFAULT
    from begroting_cli.engine import totalen
    from begroting_cli.overzicht import nodig, overzicht, per_taakveld, spreekt_v2

    begroting = _load(file or DEFAULT, max_size)
    view = overzicht(begroting) if spreekt_v2(begroting) or per is Per.taakveld else None
    if meerjarig is not None:
        from begroting_cli.indexatie import meerjarenraming

        ramingen = sorted({str(p) for p in view.perioden if p.soort.value == "raming"}) if (
            view is not None) else []
        if ramingen:
            _fail(_("het bestand heeft een eigen meerjarenraming ({perioden}): `begroting totals` "
                    "toont die zonder --meerjarig").format(perioden=", ".join(ramingen)),
                  UNREADABLE)
        try:
            raming = meerjarenraming(begroting, _tarieven(begroting, personeel, rate), meerjarig)
        except ValueError as error:
            _fail(str(error), UNREADABLE)
        report_renderer(format).raming(raming, sys.stdout)
        return
    report = totalen(begroting)
    if per is Per.taakveld:
        assert view is not None
        report_renderer(format).taakvelden(per_taakveld(view), sys.stdout)
        return
    shown = view if view is not None and nodig(view) else None
    if programma is not None:
        chosen = [i for i, p in enumerate(report.programmas) if p.programma.code == programma]
        if not chosen:
            codes = ", ".join(p.programma.code for p in report.programmas) or _("geen")
            _fail(_("geen programma met code {code} (codes: {codes})").format(
                code=repr(programma), codes=codes), UNREADABLE)
        index = chosen[0]
        report_renderer(format).programma(
            report, sys.stdout, programma=report.programmas[index],
            overzicht=None if shown is None else replace(
                shown, programmas=(shown.programmas[index],)))
        return
    report_renderer(format).totals(report, sys.stdout, detail=detail, overzicht=shown)


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
    vorige: dict[str, Loaded] = {}  # budgets of one folder often share their vorige
    for file in files:
        if len(vorige) > 4:  # a few at a time: memory stays that of a few budgets
            vorige.clear()
        loaded = load(file, max_size=max_size, parallel=True)
        unreadable |= not loaded.readable
        found += rules.check(loaded, load_vorige(loaded, max_size=max_size, parallel=True,
                                                 seen=vorige))
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
    periode: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        "--periode", help="The period to compare, e.g. 'begroting 2021 na wijziging'; twice for "
        "WAS and WORDT. Given twice with one file, compares two periods of that file.",
        metavar="PERIODE")] = None,
    format: FormatOption = ReportFormat.table,
    max_size: MaxSizeOption = DEFAULT_MAX_SIZE,
) -> None:
    """The Was / Wordt / Verschil table: lasten, baten, saldo, reserves and resultaat per
    programme; for budgets of lasten only, the kostensoorten, verklaring and what is unexplained."""
    from begroting_cli import diff as differ
    from begroting_cli.load import load_any, load_vorige

    perioden = _perioden(periode or [])
    earlier: Loaded | None
    if wordt is None and len(perioden) == 2:
        earlier = later = load_any(was, max_size=max_size, parallel=True)
    elif wordt is None:
        later = load_any(was, max_size=max_size, parallel=True)
        _valid(later)  # an unreadable WAS names no vorige: say what is wrong with it
        earlier = load_vorige(later, max_size=max_size, parallel=True)
        if earlier is None:
            _fail(_("{was} noemt geen vorige begroting: geef zowel WAS als WORDT op").format(
                was=was), UNREADABLE)
    else:
        earlier = load_any(was, max_size=max_size, parallel=True)
        later = load_any(wordt, max_size=max_size, parallel=True)
    before, after = _valid(earlier), _valid(later)
    if perioden or _with_overview(before) or _with_overview(after):
        _vergelijking(before, after, perioden, format)
        return
    report = differ.verschil(before, after, differ.Scope(scope.value), all)
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

    _check_output(output, force)
    bron = _load(file, max_size)
    tarieven = _tarieven(bron, personeel, rate)
    place = output.parent if output is not None else Path.cwd()
    vorige = Path(os.path.relpath(file.resolve(), place.resolve())).as_posix()
    try:
        result = indexeer(bron, tarieven, naar, vorige)
    except ValueError as error:
        _fail(str(error), UNREADABLE)
    text = io.StringIO()
    toml.begroting(result.begroting, text, comment=_(
        "{naam}: ontwerp gemaakt met `begroting index` uit {vorige}.").format(
        naam=result.begroting.begroting.naam, vorige=vorige))
    _write(output, text.getvalue(), force)
    table.indexering(result, sys.stderr if output is None else sys.stdout,
                     bron=bron.begroting.naam)


class BatenTeken(StrEnum):
    """How a flat table signs baten and onttrekkingen."""

    negatief = "negatief"
    positief = "positief"


@app.command("import")
def import_(
    table: Annotated[Path, typer.Argument(
        help="A flat table (CSV): one row per amount, with the columns programma, "
        "programma_naam, regel, naam, taakveld, soort, periode, bedrag.", show_default=False)],
    naam: Annotated[str, typer.Option(help="The budget's name.", show_default=False)],
    organisatie: Annotated[str, typer.Option(help="The organisation whose budget it is.",
                                             show_default=False)],
    eenheid: Annotated[int, typer.Option(
        help="The table's unit in euros: 1, 1000 or 1000000.", show_default=False)],
    jaar: Annotated[Optional[int], typer.Option(  # noqa: UP045
        help="The budget's own year; needed when the table has more than one begroting "
        "year.",
        min=1900, max=2200)] = None,
    soort_organisatie: Annotated[Optional[str], typer.Option(  # noqa: UP045
        help="gemeente, provincie, waterschap, gemeenschappelijke regeling or vereniging.")] = (
        None),
    baten: Annotated[BatenTeken, typer.Option(
        help="How the table signs baten and onttrekkingen.")] = BatenTeken.negatief,
    output: Annotated[Optional[Path], typer.Option(  # noqa: UP045
        "--output", "-o", help="Write the budget here instead of to stdout.")] = None,
    force: Annotated[bool, typer.Option(help="Overwrite OUT if it exists.")] = False,
    max_size: MaxSizeOption = DEFAULT_MAX_SIZE,
) -> None:
    """Bring a body's figures in: a flat table of amounts, written as a budget file."""
    import io

    from begroting_cli.flat import Kop, lees
    from begroting_cli.render import toml
    from begroting_cli.render.diagnostics.text import lines

    if eenheid not in (1, 1000, 1000000):
        raise typer.BadParameter(_("de eenheid is 1, 1000 of 1000000 euro"),
                                 param_hint="--eenheid")
    soorten = ("gemeente", "provincie", "waterschap", "gemeenschappelijke regeling", "vereniging")
    if soort_organisatie is not None and soort_organisatie not in soorten:
        raise typer.BadParameter(_("kies een van: {soorten}").format(soorten=", ".join(soorten)),
                                 param_hint="--soort-organisatie")
    _check_output(output, force)
    data = _read_table(table, max_size)
    kop = Kop(naam, organisatie, eenheid, jaar, soort_organisatie, baten.value)  # type: ignore[arg-type]
    begroting, problems = lees(data, str(table), kop)
    lines(problems, sys.stderr)  # the errors that refuse it, or warnings on what it read
    if begroting is None:
        raise typer.Exit(UNREADABLE)
    text = io.StringIO()
    toml.begroting(begroting, text, comment=_(
        "{naam}: ingelezen met `begroting import` uit {bestand}.").format(
        naam=naam, bestand=table.name))
    _write(output, text.getvalue(), force)
    if output is not None:
        programmas = len(begroting.programma)
        regels = sum(len(p.regels) for p in begroting.programma)
        sys.stdout.write(_("{bestand}: {programmas}, {regels}; controleer met "
                           "`begroting validate {bestand}`").format(
            bestand=output,
            programmas=ngettext("{n} programma", "{n} programma's", programmas).format(
                n=_aantal(programmas)),
            regels=ngettext("{n} regel", "{n} regels", regels).format(n=_aantal(regels)))
            + "\n")


def _aantal(n: int) -> str:
    """A count the Dutch way: 100.000."""
    return f"{n:,}".replace(",", ".")


def _read_table(path: Path, max_size: int) -> bytes:
    """A table's bytes, or exit 2 saying why it cannot be read."""
    from begroting_cli.load import Unreadable, read_file

    try:
        return read_file(path, max_size=max_size)
    except Unreadable as error:
        _fail(f"{path}: {error}", UNREADABLE)


def _check_output(output: Path | None, force: bool) -> None:
    """Refuse before any work what `_write` would refuse."""
    from begroting_cli.atomic import Refused, check_target

    if output is not None:
        try:
            check_target(output, force)
        except Refused as error:
            _fail(str(error), UNREADABLE)


def _write(output: Path | None, text: str, force: bool) -> None:
    """Text to OUT, atomically; to stdout without OUT. The text must read back as a budget:
    what the tool writes, it can read."""
    from begroting_cli.atomic import Refused, write
    from begroting_cli.load import load_bytes

    back = load_bytes(text.encode("utf-8"), str(output or "stdout"))
    if back.begroting is None:  # a bug of ours: better no file than one that cannot be read
        problem = back.diagnostics[0].message if back.diagnostics else _("ongeldig")
        _fail(_("de begroting die geschreven zou worden, is niet terug te lezen ({probleem}); "
                "dit is een fout in begroting: meld die alstublieft").format(probleem=problem),
              UNREADABLE)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        write(output, text, force)
    except Refused as error:
        _fail(str(error), UNREADABLE)
    except OSError as error:
        from begroting_cli.__main__ import reden

        _fail(_("kan {bestand} niet schrijven: {reden}").format(bestand=output,
                                                                 reden=reden(error)),
              UNREADABLE)


def _perioden(texts: list[str]) -> list["Periode"]:
    """The --periode options as periods; at most two."""
    from begroting_cli.model import Periode

    if len(texts) > 2:
        raise typer.BadParameter(_("hoogstens twee: één voor WAS en één voor WORDT"),
                                 param_hint="--periode")
    found = []
    for text in texts:
        periode = Periode.lees(" ".join(text.lower().split()))
        if periode is None:
            raise typer.BadParameter(
                _("{tekst} is geen periode zoals 'begroting 2024', 'begroting 2024 na wijziging' "
                  "of 'rekening 2023'").format(tekst=repr(text)), param_hint="--periode")
        found.append(periode)
    return found


def _with_overview(begroting: "Begroting") -> bool:
    """Whether a budget has more than lasten for its own year: then diff compares overviews."""
    from begroting_cli.overzicht import nodig, overzicht, spreekt_v2

    return spreekt_v2(begroting) and nodig(overzicht(begroting))


def _vergelijking(before: "Begroting", after: "Begroting", perioden: list["Periode"],
                  format: ReportFormat) -> None:
    """Compare the overviews of two budgets (or of one) in the periods asked for."""
    from begroting_cli.model import Periode
    from begroting_cli.overzicht import overzicht
    from begroting_cli.vergelijking import vergelijk

    was = overzicht(before)
    wordt = was if after is before else overzicht(after)
    chosen = []
    for view, periode in ((was, perioden[0] if perioden else None),
                          (wordt, perioden[-1] if perioden else None)):
        if periode is None:
            periode = Periode.eigen(view.begroting.begroting.jaar)
        if periode not in view.perioden:
            given = ", ".join(str(p) for p in view.perioden) or _("geen")
            _fail(_("{naam} geeft geen bedragen voor {periode} (wel voor: {perioden})").format(
                naam=view.begroting.begroting.naam, periode=periode, perioden=given),
                  UNREADABLE)
        chosen.append(periode)
    report_renderer(format).vergelijking(vergelijk(was, wordt, chosen[0], chosen[1]),
                                         sys.stdout)


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
            _fail(_("de begroting gebruikt geen tarief {naam} (bruikbare tarieven: {namen})")
                  .format(naam=repr(naam), namen=known), UNREADABLE)
        tarieven[naam] = _tarief(text)
    return tarieven


def _named_tarief(text: str) -> tuple[str, str]:
    naam, sep, value = text.partition("=")
    if not sep or not naam.strip():
        raise typer.BadParameter(_("{tekst} heeft niet de vorm NAAM=RATE").format(
            tekst=repr(text)), param_hint="--rate")
    return naam.strip(), value


def _tarief(text: str) -> Decimal:
    """0.016, 1.6% and 1,6% are all 1,6 percent."""
    from decimal import InvalidOperation

    raw = text.strip().replace(",", ".")
    try:
        number = Decimal(raw.removesuffix("%").strip())
    except InvalidOperation:
        raise typer.BadParameter(_("{tekst} is geen tarief zoals 0.016, 1.6% of 1,6%").format(
            tekst=repr(text))) from None
    tarief = number / 100 if raw.endswith("%") else number
    if not number.is_finite() or not -1 < tarief < 100:
        raise typer.BadParameter(_("{tekst} is geen tarief zoals 0.016, 1.6% of 1,6% (boven "
                                   "-100%, onder 10.000%)").format(tekst=repr(text)))
    return tarief


@app.command()
def schema() -> None:
    """The JSON Schema of the budget file format, for completion and checks in an editor."""
    from begroting_cli.render.schema import schema as write_schema

    write_schema(sys.stdout)


def _budget_files(paths: list[Path]) -> list[Path]:
    """Files as given; directories as every *.toml below them, sorted. Links to folders are
    not followed: two links to their own folder would make a walk of 2^40 paths."""
    import os

    files = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        found = [Path(folder) / name for folder, _folders, names in os.walk(path)
                 for name in names if name.endswith(".toml")]
        files += sorted(found)
    return files


def _load(path: Path, max_size: int) -> "Begroting":
    """The budget at path, or exit with its diagnostics on stderr (see `_valid`)."""
    from begroting_cli.load import load

    return _valid(load(path, max_size=max_size, parallel=True))


def _valid(loaded: "Loaded") -> "Begroting":
    """The loaded budget; else its diagnostics on stderr, and exit 2 when it could not be
    read or parsed, 1 when it is not a valid budget."""
    from begroting_cli.render.diagnostics.text import lines

    if loaded.begroting is None:
        lines(sorted(loaded.diagnostics, key=lambda d: d.sort_key()), sys.stderr)
        raise typer.Exit(INVALID if loaded.readable else UNREADABLE)
    return loaded.begroting


def _fail(message: str, code: int) -> NoReturn:
    from begroting_cli.render.escape import visible

    sys.stderr.write(f"begroting: {visible(message)}\n")
    raise typer.Exit(code)
