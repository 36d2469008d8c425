"""The `begroting` command: parse arguments, call the library, render, exit code.

Heavy modules (pydantic, rich, the engine) are imported inside the commands that need them,
so that `begroting --help` starts fast. (No `from __future__ import annotations` here: typer
reads every command's annotations when it runs, and as strings they must first be compiled.)

Options follow the rule of the code: a word of the budget is Dutch, as in the file
(--programma, --periode, --personeel, --tarief, --jaar, --naar); the others are the usual
ones (--format, --output, --force, --strict, --quiet, --version).
"""

import os
import re
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
from begroting_cli.tekst import _, kies_taal, ngettext

if TYPE_CHECKING:
    from typer._click.exceptions import UsageError

    from begroting_cli.load import Loaded
    from begroting_cli.model import Begroting, Periode

# The help texts are made as this module loads: the language is chosen first.
kies_taal(os.environ.get("LANGUAGE"))

app = typer.Typer(
    help=_("Begroting als code voor Nederlandse overheden: reken, controleer en vergelijk een "
           "begroting die als TOML-bestand in git staat."),
    epilog=_("Voorbeelden:\n\n\b\n"
             "  begroting totals budgets/begroting-2024.toml --detail\n"
             "  begroting validate --strict\n"
             "  begroting diff main:budgets/begroting-2024.toml budgets/begroting-2024.toml\n"
             "  begroting rapport budgets/begroting-2024.toml -o rapport.html\n"
             "  begroting export budgets/begroting-2024.toml -o begroting-2024.xlsx\n"
             "  begroting regel BGR101\n\n"
             "LANGUAGE=en geeft Engels. Elke opdracht legt zich uit met -h; meer in README.md en "
             "docs/ bij de broncode."),
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    # Plain help and plain errors: rich's help formatter and traceback handler cost more
    # start-up time than the whole command.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

INVALID, UNREADABLE = 1, 2  # exit codes; 0 is success


def _versie() -> str:
    """The installed version of begroting; "?" when run from a checkout that is not installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("begroting")
    except PackageNotFoundError:
        return "?"


def _version(asked: bool) -> None:
    if asked:
        sys.stdout.write(f"begroting {_versie()}\n")
        raise typer.Exit()


@app.callback()
def root(
    context: typer.Context,
    version: Annotated[bool, typer.Option(
        "--version", help=_("Toon de versie en stop."), callback=_version,
        is_eager=True)] = False,
) -> None:
    """Keep a public budget as one TOML file; compute, check and compare it."""
    from begroting_cli.render.escape import LineGuard

    kies_taal(os.environ.get("LANGUAGE"))  # again: a test may change it after the import
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
    typer.Argument(help=_("Een begrotingsbestand; zonder: de meegeleverde IPO-Begroting 2021."),
                   show_default=False, metavar="BESTAND"),
]
FormatOption = Annotated[ReportFormat, typer.Option(
    "--format", "-f", help=_("Het formaat van de uitvoer."), case_sensitive=False)]
DEFAULT_MAX_SIZE = 16 * 1024 * 1024  # load.MAX_SIZE, repeated to keep the loader out of --help
PersoneelOption = Annotated[Optional[str], typer.Option(  # noqa: UP045
    help=_("Het tarief voor personeel per jaar: 0.016, 1.6% of 1,6%."), metavar="TARIEF")]
TariefOption = Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
    "--tarief", help=_("Een ander tarief per jaar, bijvoorbeeld dso=3,125% of huisvesting=2%."),
    metavar="NAAM=TARIEF")]
MaxSizeOption = Annotated[int, typer.Option(
    "--max-size", help=_("Weiger bestanden van meer bytes dan dit, ongelezen."),
    metavar="BYTES")]
OutputOption = Annotated[Optional[Path], typer.Option(  # noqa: UP045
    "--output", "-o", help=_("Schrijf de begroting naar dit bestand in plaats van naar stdout."),
    metavar="BESTAND")]
ForceOption = Annotated[bool, typer.Option(
    help=_("Overschrijf het bestand van --output als het er al is."))]


class Per(StrEnum):
    """What `totals` totals by."""

    programma = "programma"
    taakveld = "taakveld"


@app.command(
    help=_("Totalen per programma en regel: lasten, baten, saldo, reserves en resultaat per "
           "periode; kostensoorten, overheadtarief en de indexatie in de bedragen."),
    epilog=_("Voorbeelden:\n\n\b\n"
             "  begroting totals budgets/begroting-2024.toml --detail\n"
             "  begroting totals budgets/begroting-2024.toml --programma 3\n"
             "  begroting totals budgets/begroting-2024.toml --per taakveld -f csv\n"
             "  begroting totals budgets/begroting-2021.toml --meerjarig 2024 --personeel 2%"))
def totals(
    file: FileArgument = None,
    detail: Annotated[bool, typer.Option(help=_("Toon elke regel."))] = False,
    programma: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help=_("Toon één programma met zijn regels."), metavar="CODE"),
    ] = None,
    per: Annotated[Per, typer.Option(
        help=_("Totaal per programma, of per Iv3-taakveld over de programma's heen."),
        case_sensitive=False)] = Per.programma,
    format: FormatOption = ReportFormat.table,
    meerjarig: Annotated[Optional[int], typer.Option(  # noqa: UP045
        help=_("De meerjarenraming: een kolom per jaar tot en met JAAR."), metavar="JAAR",
        min=1900, max=2200)] = None,
    personeel: PersoneelOption = None,
    tarief: TariefOption = None,
    max_size: MaxSizeOption = DEFAULT_MAX_SIZE,
) -> None:
    """Totals per programma and regel: lasten, baten, saldo, reserves and resultaat by period;
    kostensoorten, overhead rate and indexation."""
    from begroting_cli.bundled import DEFAULT
    from begroting_cli.engine import totalen
    from begroting_cli.overzicht import nodig, overzicht, per_taakveld, spreekt_v2

    if meerjarig is None and (personeel is not None or tarief):
        raise typer.BadParameter(_("een tarief werkt alleen met --meerjarig (of in `begroting "
                                   "index`)"), param_hint="--personeel / --tarief")
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
            raming = meerjarenraming(begroting, _tarieven(begroting, personeel, tarief),
                                     meerjarig)
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


@app.command(
    help=_("Controleer begrotingen: opgegeven totalen, afronding, overhead, p.m., indexatie, "
           "verklaring. Zonder PAD: elke begroting onder de huidige map."),
    epilog=_("Voorbeelden:\n\n\b\n"
             "  begroting validate\n"
             "  begroting validate budgets/ --strict --format github\n"
             "  begroting validate budgets/ --format gitlab > gl-code-quality-report.json\n"
             "  begroting validate --list-rules\n\n"
             "Een map wordt doorzocht naar *.toml-bestanden met een tabel [begroting]; verborgen "
             "mappen en virtuele omgevingen niet. Exitcode: 0 goed, 1 een fout (met --strict "
             "ook een waarschuwing), 2 niet te lezen."))
def validate(
    paths: Annotated[
        Optional[list[Path]],  # noqa: UP045
        typer.Argument(help=_("Begrotingen, of mappen met begrotingen."), show_default=False,
                       metavar="PAD"),
    ] = None,
    strict: Annotated[bool, typer.Option(help=_("Faal ook op waarschuwingen."),
                                         show_default=False)] = False,
    quiet: Annotated[Optional[bool], typer.Option(  # noqa: UP045
        "--quiet/--no-quiet", "-q",
        help=_("Alleen fouten en waarschuwingen, geen meldingen. Standaard voor --format "
               "github (een melding per afrondingsverschil vult de pull request); "
               "--no-quiet toont ze daar toch."), show_default=False)] = None,
    format: Annotated[DiagnosticsFormat, typer.Option(
        "--format", "-f", help=_("Het formaat van de uitvoer."),
        case_sensitive=False)] = DiagnosticsFormat.text,
    list_rules: Annotated[bool, typer.Option(
        "--list-rules", help=_("Toon de controles en stop."))] = False,
    max_size: MaxSizeOption = DEFAULT_MAX_SIZE,
) -> None:
    """Check budget files: stated totals, rounding, overhead, p.m., indexation, verklaring."""
    from begroting_cli import rules
    from begroting_cli.discover import budget_files
    from begroting_cli.load import load, load_vorige

    renderer = diagnostics_renderer(format)
    if list_rules:
        renderer.rules(rules.RULES, sys.stdout)
        return
    found_files = budget_files(paths or [Path.cwd()])
    files = [str(f) for f in found_files.files]
    if found_files.skipped:
        _note(_("{n} overgeslagen: geen tabel [begroting]").format(
            n=ngettext("{n} ander TOML-bestand", "{n} andere TOML-bestanden",
                       found_files.skipped).format(n=found_files.skipped)))
    if not files:
        where = ", ".join(str(p) for p in paths) if paths else str(Path.cwd())
        _fail(_("geen begroting gevonden in {waar}: een begroting is een .toml-bestand met een "
                "tabel [begroting]").format(waar=where), UNREADABLE)
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
    severities = {d.severity.value for d in found}
    if quiet if quiet is not None else format is DiagnosticsFormat.github:
        infos = sum(d.severity.value == "info" for d in found)
        found = [d for d in found if d.severity.value != "info"]
        if infos:
            _note(_("{meldingen} niet getoond (--quiet)").format(
                meldingen=ngettext("{n} melding", "{n} meldingen", infos).format(n=infos)))
    renderer.validation(files, found, sys.stdout)
    if unreadable:
        raise typer.Exit(UNREADABLE)
    if "error" in severities or (strict and "warning" in severities):
        raise typer.Exit(INVALID)


@app.command(
    help=_("De tabel Was / Wordt / Verschil: lasten, baten, saldo, reserves en resultaat per "
           "programma; voor begrotingen met alleen lasten de kostensoorten, de verklaring en "
           "wat onverklaard blijft."),
    epilog=_("Voorbeelden:\n\n\b\n"
             "  begroting diff budgets/begroting-2023.toml budgets/begroting-2024.toml\n"
             "  begroting diff budgets/begroting-2024.toml\n"
             "  begroting diff origin/main:budgets/begroting-2024.toml "
             "budgets/begroting-2024.toml -f markdown\n"
             "  begroting diff budgets/jaarstukken-2021.toml "
             "--periode 'begroting 2021 na wijziging' --periode 'rekening 2021'\n\n"
             "REV:PAD leest een bestand zoals het in een git-revisie was (PAD vanaf de top van "
             "de repository); in CI moet die revisie opgehaald zijn (git fetch)."))
def diff(
    was: Annotated[str, typer.Argument(
        help=_("De eerdere begroting: een bestand, of REV:PAD voor een bestand in een "
               "git-revisie."), show_default=False, metavar="WAS")],
    wordt: Annotated[Optional[str], typer.Argument(  # noqa: UP045
        help=_("De latere begroting. Zonder: WAS is de latere, vergeleken met de begroting die "
               "zijn `vorige` noemt."), show_default=False, metavar="WORDT")] = None,
    scope: Annotated[Scope, typer.Option(
        help=_("Vergelijk de basisbegroting (zoals de bron) of de hele begroting."),
        case_sensitive=False)] = Scope.basis,
    all: Annotated[bool, typer.Option(
        "--all", help=_("Toon ook de ongewijzigde beleidsopgaven."))] = False,
    top: Annotated[Optional[int], typer.Option(  # noqa: UP045
        help=_("Toon alleen de N grootste wijzigingen."), metavar="N", min=1)] = None,
    periode: Annotated[Optional[list[str]], typer.Option(  # noqa: UP045
        "--periode", help=_("De periode om te vergelijken, bijvoorbeeld 'begroting 2021 na "
                            "wijziging'; twee keer voor WAS en WORDT. Twee keer bij één "
                            "bestand: vergelijk twee perioden van dat bestand."),
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


@app.command(
    help=_("Het ontwerp van een volgend jaar: de begroting met de indexatie toegepast, "
           "geschreven als TOML."),
    epilog=_("Voorbeelden:\n\n\b\n"
             "  begroting index budgets/begroting-2021.toml --naar 2022 -o begroting-2022.toml\n"
             "  begroting index budgets/begroting-2021.toml --naar 2022 --personeel 2% "
             "--tarief dso=1,5%\n\n"
             "Zonder --personeel en --tarief gelden de tarieven van [indexatie] in het bestand."))
def index(
    file: Annotated[Path, typer.Argument(help=_("De begroting om te indexeren."),
                                         show_default=False, metavar="BESTAND")],
    naar: Annotated[int, typer.Option(help=_("Het jaar van de nieuwe begroting."),
                                      metavar="JAAR", show_default=False, min=1900, max=2200)],
    personeel: PersoneelOption = None,
    tarief: TariefOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    max_size: MaxSizeOption = DEFAULT_MAX_SIZE,
) -> None:
    """Next year's draft: the budget with indexation applied, written as TOML."""
    import io
    import os

    from begroting_cli.indexatie import index as indexeer
    from begroting_cli.render import table, toml

    _check_output(output, force)
    bron = _load(file, max_size)
    tarieven = _tarieven(bron, personeel, tarief)
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


WERKBOEKEN = (".xlsx", ".xlsm", ".ods")
"""The extensions `begroting import` reads as a workbook; anything else is a CSV table."""


@app.command("import",
             help=_("Haal de cijfers binnen: een werkboek van `begroting export` (.xlsx, .ods), "
                    "of een platte tabel met bedragen (CSV, of het eerste werkblad van een "
                    "werkboek), geschreven als begroting."),
             epilog=_("Voorbeelden:\n\n\b\n"
                      "  begroting import begroting-2024.xlsx -o begroting-2024.toml --force\n"
                      "  begroting import tabel.csv --naam 'Begroting 2024' "
                      "--organisatie 'Gemeente X' --eenheid 1000 -o begroting-2024.toml\n\n"
                      "Elke fout wordt gemeld, met zijn rij of cel; er wordt niets geschreven "
                      "tenzij alles te lezen is. Een werkboek over een bestaande begroting "
                      "(--force) verandert alleen de waarden die anders zijn: commentaar, "
                      "volgorde en opmaak blijven."))
def import_(
    table: Annotated[Path, typer.Argument(
        help=_("Een werkboek van `begroting export`, of een platte tabel (CSV, of het eerste "
               "werkblad van een werkboek): één rij per bedrag, met de kolommen programma, "
               "programma_naam, regel, naam, taakveld, soort, periode, bedrag."),
        show_default=False, metavar="TABEL")],
    naam: Annotated[Optional[str], typer.Option(  # noqa: UP045
        help=_("De naam van de begroting (voor een platte tabel)."), show_default=False)] = None,
    organisatie: Annotated[Optional[str], typer.Option(  # noqa: UP045
        help=_("De organisatie van de begroting (voor een platte tabel)."),
        show_default=False)] = None,
    eenheid: Annotated[Optional[int], typer.Option(  # noqa: UP045
        help=_("De eenheid van de tabel in euro: 1, 1000 of 1000000 (voor een platte tabel)."),
        show_default=False)] = None,
    jaar: Annotated[Optional[int], typer.Option(  # noqa: UP045
        help=_("Het eigen jaar van de begroting; nodig als de tabel meer dan één "
               "begrotingsjaar heeft."),
        min=1900, max=2200)] = None,
    soort_organisatie: Annotated[Optional[str], typer.Option(  # noqa: UP045
        help=_("gemeente, provincie, waterschap, gemeenschappelijke regeling of "
               "vereniging."))] = None,
    baten: Annotated[BatenTeken, typer.Option(
        help=_("Hoe de tabel baten en onttrekkingen tekent."),
        case_sensitive=False)] = BatenTeken.negatief,
    output: OutputOption = None,
    force: ForceOption = False,
    max_size: MaxSizeOption = DEFAULT_MAX_SIZE,
) -> None:
    """Bring a body's figures in: a workbook or a flat table, written as a budget file."""
    from begroting_cli.render.diagnostics.text import lines

    _check_output(output, force)
    data = _read_table(table, max_size)
    tabel: bytes | None = data
    if table.suffix.lower() in WERKBOEKEN:
        from begroting_cli import werkboek
        from begroting_cli.load import load_data

        try:
            gelezen, platte = werkboek.lees(data, str(table))
        except werkboek.Onleesbaar as error:
            _fail(_("{bestand} wordt niet gelezen: {reden}").format(bestand=table,
                                                                    reden=error), UNREADABLE)
        except Exception as error:  # noqa: BLE001 (calamine raises its own kinds for a bad file)
            _fail(_("{bestand} is geen werkboek dat te lezen is: {reden}").format(
                bestand=table, reden=str(error).splitlines()[0] if str(error) else
                type(error).__name__), UNREADABLE)
        if gelezen is not None:
            # The cells that are wrong, and what the budget they make lacks: all in one run.
            begroting, problems = load_data(gelezen.raw, str(table), gelezen.plaats)
            lines([*gelezen.problemen, *werkboek.zonder_gevolgen(gelezen.problemen, problems)],
                  sys.stderr)
            if begroting is None or any(p.severity.value == "error" for p in gelezen.problemen):
                raise typer.Exit(UNREADABLE)
            from begroting_cli.engine import totalen

            berekend = totalen(begroting)
            lines(werkboek.verouderd(gelezen, {
                **{("programma", p.programma.code): p.totaal for p in berekend.programmas},
                **{("regel", r.regel.code): r.totaal for r in berekend.regels}}), sys.stderr)
            _import_write(begroting, table, output, force, max_size)
            return
        tabel = (platte or "").encode("utf-8")
    from begroting_cli.flat import Kop, lees

    missing = [name for name, value in (("--naam", naam), ("--organisatie", organisatie),
                                        ("--eenheid", eenheid)) if value is None]
    if missing:
        raise typer.BadParameter(_("een platte tabel heeft {opties} nodig").format(
            opties=", ".join(missing)), param_hint=missing[0])
    if eenheid not in (1, 1000, 1000000):
        raise typer.BadParameter(_("de eenheid is 1, 1000 of 1000000 euro"),
                                 param_hint="--eenheid")
    soorten = ("gemeente", "provincie", "waterschap", "gemeenschappelijke regeling", "vereniging")
    if soort_organisatie is not None and soort_organisatie not in soorten:
        raise typer.BadParameter(_("kies een van: {soorten}").format(soorten=", ".join(soorten)),
                                 param_hint="--soort-organisatie")
    assert naam is not None and organisatie is not None
    kop = Kop(naam, organisatie, eenheid, jaar, soort_organisatie, baten.value)  # type: ignore[arg-type]
    assert tabel is not None
    begroting, problems = lees(tabel, str(table), kop)
    lines(problems, sys.stderr)  # the errors that refuse it, or warnings on what it read
    if begroting is None:
        raise typer.Exit(UNREADABLE)
    _import_write(begroting, table, output, force, max_size)


def _import_write(begroting: "Begroting", table: Path, output: Path | None, force: bool,
                  max_size: int) -> None:
    """The imported budget to OUT (an existing budget changed only where it differs) or stdout,
    and a line on what was read."""
    import io

    from begroting_cli.render import toml

    if output is not None and output.is_file() and output.suffix == ".toml":
        import codecs

        from begroting_cli.load import Unreadable, load_bytes, read_file
        from begroting_cli.render.toml_bijwerken import bijwerken

        try:  # read once, within the size limit: the budget it holds, and its text to change
            data = read_file(output, max_size=max_size)
        except Unreadable as error:
            _fail(f"{output}: {error}", UNREADABLE)
        bestaand = load_bytes(data, str(output))
        if bestaand.begroting is not None:
            tekst = bijwerken(data.removeprefix(codecs.BOM_UTF8).decode("utf-8"),
                              bestaand.begroting, begroting)
            _write(output, tekst, force)
            sys.stdout.write(_("{bestand}: bijgewerkt uit {bron}; `git diff` toont wat er "
                               "veranderde").format(bestand=output, bron=table.name) + "\n")
            return
    text = io.StringIO()
    toml.begroting(begroting, text, comment=_(
        "{naam}: ingelezen met `begroting import` uit {bestand}.").format(
        naam=begroting.begroting.naam, bestand=table.name))
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


@app.command(
    help=_("De begroting als werkboek (XLSX) voor wie in Excel of LibreOffice rekent: "
           "invoer in gele cellen, totalen als formules, terug te lezen met `begroting "
           "import`."),
    epilog=_("Voorbeelden:\n\n\b\n"
             "  begroting export budgets/begroting-2024.toml -o begroting-2024.xlsx\n"
             "  begroting import begroting-2024.xlsx -o budgets/begroting-2024.toml --force\n\n"
             "Elke formule heeft de waarde die begroting berekent, ook waar niets "
             "herberekent; een tekst wordt nooit een formule."))
def export(
    output: Annotated[Path, typer.Option(
        "--output", "-o", help=_("Het werkboek om te schrijven (.xlsx)."), metavar="BESTAND",
        show_default=False)],
    file: FileArgument = None,
    force: ForceOption = False,
    max_size: MaxSizeOption = DEFAULT_MAX_SIZE,
) -> None:
    """The budget as an XLSX workbook, its totals as live formulas."""
    from begroting_cli.bundled import DEFAULT
    from begroting_cli.engine import totalen
    from begroting_cli.render.xlsx import NietTeSchrijven, werkboek

    if output.suffix.lower() != ".xlsx":
        raise typer.BadParameter(_("een werkboek is een .xlsx-bestand"), param_hint="--output")
    _check_output(output, force)
    begroting = _load(file or DEFAULT, max_size)
    try:
        boek = werkboek(totalen(begroting))
    except NietTeSchrijven as error:
        _fail(str(error), INVALID)
    _write_file(output, boek, force)
    sys.stdout.write(_("{bestand}: geschreven; lees het terug met `begroting import {bestand} "
                       "-o BEGROTING.toml`").format(bestand=output) + "\n")


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
    _write_file(output, text, force)


def _write_file(output: Path, text: str | bytes, force: bool) -> None:
    """Text to OUT, atomically, or exit 2 saying why not."""
    from begroting_cli.atomic import Refused, write

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
              tarief: list[str] | None) -> dict[str, Decimal]:
    """The file's own [indexatie], with the rates given on the command line over them."""
    from begroting_cli.indexatie import bruikbare_namen

    tarieven = dict(begroting.indexatie)
    given = [("personeel", personeel)] if personeel is not None else []
    given += [_named_tarief(text) for text in tarief or ()]
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
        raise typer.BadParameter(_("{tekst} heeft niet de vorm NAAM=TARIEF").format(
            tekst=repr(text)), param_hint="--tarief")
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
    if not raw.endswith("%") and abs(tarief) >= 1:  # 16 means 1.600%: a percent without %
        raise typer.BadParameter(_("{tekst} zonder % is {procent} per jaar; bedoelt u "
                                   "{tekst}%?").format(tekst=text.strip(),
                                                       procent=f"{tarief * 100:,.0f}%".replace(
                                                           ",", ".")))
    return tarief


@app.command(
    help=_("Leg één controle uit: wat ze toetst, waarom, en een voorbeeld van een bevinding."),
    epilog=_("Voorbeelden:\n\n\b\n  begroting regel BGR101\n  begroting regel som\n\n"
             "Alle controles: begroting validate --list-rules."))
def regel(
    code: Annotated[str, typer.Argument(
        help=_("De code of de naam van de controle: BGR101 of totaal-beleidsopgave."),
        show_default=False, metavar="CODE")],
) -> None:
    """Explain one rule: what it checks, why, and an example."""
    from begroting_cli.rules import RULES

    wanted = code.strip().lower()
    found = [r for r in RULES if wanted in (r.code.lower(), r.name)]
    if not found:
        import difflib

        names = [r.name for r in RULES] + [r.code for r in RULES]
        close = difflib.get_close_matches(code.strip(), names, n=1)
        hint = _("; bedoelt u {naam}?").format(naam=close[0]) if close else ""
        _fail(_("geen controle {code}{hint} (alle controles: begroting validate --list-rules)")
              .format(code=repr(code), hint=hint), UNREADABLE)
    (rule,) = found
    sys.stdout.write(f"{rule.code} {rule.name}: {_(rule.summary)}\n\n"
                     f"{_('Wat')}: {_(rule.wat)}\n{_('Waarom')}: {_(rule.waarom)}\n"
                     f"{_('Voorbeeld')}: {_(rule.voorbeeld)}\n")


@app.command(
    help=_("De begroting \"in één oogopslag\" als één HTML-bestand: overzicht, Was / Wordt met "
           "de verklaring, een pagina per programma, de controle. Leesbaar op telefoon en "
           "papier."),
    epilog=_("Voorbeelden:\n\n\b\n"
             "  begroting rapport budgets/begroting-2024.toml -o begroting-2024.html\n"
             "  begroting rapport budgets/begroting-2024.toml -o rapport.html --datum 2024-11-01\n"
             "  begroting rapport budgets/begroting-2024.toml -o rapport.html --bron-url "
             "'https://gitlab.example.nl/financien/begroting/-/blob/main/budgets/"
             "begroting-2024.toml#L{line}'\n\n"
             "Dezelfde begroting geeft hetzelfde bestand: een datum staat er alleen in met "
             "--datum. Met fouten in de begroting komt er een rapport dat ze noemt; met "
             "--strict komt er dan geen."))
def rapport(
    file: FileArgument = None,
    output: Annotated[Optional[Path], typer.Option(  # noqa: UP045
        "--output", "-o", help=_("Schrijf het rapport naar dit bestand in plaats van naar "
                                 "stdout."), metavar="BESTAND")] = None,
    force: ForceOption = False,
    bron_url: Annotated[Optional[str], typer.Option(  # noqa: UP045
        "--bron-url", help=_("Het adres van een regel van het bestand, met {line} voor het "
                             "regelnummer: elk bedrag wordt een link naar zijn regel."),
        metavar="ADRES")] = None,
    datum: Annotated[Optional[str], typer.Option(  # noqa: UP045
        help=_("De datum in het colofon, bijvoorbeeld 2024-11-01."), metavar="DATUM")] = None,
    strict: Annotated[bool, typer.Option(
        help=_("Geen rapport van een begroting met fouten."), show_default=False)] = False,
    max_size: MaxSizeOption = DEFAULT_MAX_SIZE,
) -> None:
    """The budget "in één oogopslag" as one HTML file."""
    import datetime

    from begroting_cli import rules
    from begroting_cli.bundled import DEFAULT
    from begroting_cli.diff import Scope as DiffScope
    from begroting_cli.diff import verschil
    from begroting_cli.engine import totalen
    from begroting_cli.load import Unreadable, load_bytes, load_vorige, read_file
    from begroting_cli.overzicht import nodig, overzicht, spreekt_v2
    from begroting_cli.render.rapport import geldige_bron_url, html
    from begroting_cli.render.rapport.inhoud import rapport as inhoud
    from begroting_cli.tekst import taal

    if bron_url is not None and not geldige_bron_url(bron_url):
        raise typer.BadParameter(_("een http(s)-adres met {line} erin"),
                                 param_hint="--bron-url")
    if datum is not None:
        try:
            datum = datetime.date.fromisoformat(datum).isoformat()
        except ValueError:
            raise typer.BadParameter(_("een datum als 2024-11-01"), param_hint="--datum") from None
    _check_output(output, force)
    path = file or DEFAULT
    try:
        data = read_file(path, max_size=max_size)
    except Unreadable as error:
        _fail(f"{path}: {error}", UNREADABLE)
    loaded = load_bytes(data, str(path), parallel=True)
    begroting = _valid(loaded)
    vorige = load_vorige(loaded, max_size=max_size, parallel=True)
    found = rules.check(loaded, vorige)
    if strict and any(d.severity.value == "error" for d in found):
        from begroting_cli.render.diagnostics.text import lines

        lines((d for d in found if d.severity.value == "error"), sys.stderr)
        raise typer.Exit(INVALID)
    view = overzicht(begroting) if spreekt_v2(begroting) else None
    shown = view if view is not None and nodig(view) else None
    report = None
    if vorige is not None and vorige.begroting is not None and shown is None and not (
            _with_overview(vorige.begroting)):
        report = verschil(vorige.begroting, begroting, DiffScope.basis, False)
    assert loaded.sources is not None  # a valid budget was parsed
    text = html(inhoud(totalen(begroting), loaded.sources, found, data=data,
                       bestand=str(path) if file else path.name, overzicht=shown,
                       verschil=report, versie=_versie(), datum=datum, taal=taal()),
                bron_url=bron_url)
    if output is None:
        sys.stdout.write(text)
        return
    _write_file(output, text, force)


@app.command(help=_("Het JSON Schema van het bestandsformaat, voor aanvulling en controle in "
                   "een editor."))
def schema() -> None:
    """The JSON Schema of the budget file format, for completion and checks in an editor."""
    from begroting_cli.render.schema import schema as write_schema

    write_schema(sys.stdout)


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


def _note(message: str) -> None:
    """A line for the person at the terminal, on stderr: stdout may be a report."""
    from begroting_cli.render.escape import visible

    sys.stderr.write(f"begroting: {visible(message)}\n")


def _fail(message: str, code: int) -> NoReturn:
    from begroting_cli.render.escape import visible

    sys.stderr.write(f"begroting: {visible(message)}\n")
    raise typer.Exit(code)


def gebruiksfout(error: "UsageError") -> str:
    """A wrong command line in the run's language, with where to read how it goes: typer's own
    words ("Invalid value for", pydantic's "Value error, ...") are English."""
    from typer._click.exceptions import BadParameter, MissingParameter, NoSuchOption

    from begroting_cli.render.escape import visible

    naam = "?"
    if isinstance(error, BadParameter | MissingParameter) and error.param_hint:
        hint = error.param_hint
        naam = hint if isinstance(hint, str) else " / ".join(hint)
    elif isinstance(error, BadParameter | MissingParameter) and error.param is not None:
        param = error.param
        naam = (" / ".join(param.opts) if param.param_type_name == "option"
                else (param.metavar or param.name or "?").upper())
    if isinstance(error, MissingParameter):
        text = _("{optie} ontbreekt").format(optie=naam)
    elif isinstance(error, BadParameter):
        text = _("ongeldige waarde voor {optie}: {reden}").format(
            optie=naam, reden=_reden(error.message.removeprefix("Value error, ")))
    elif isinstance(error, NoSuchOption):
        text = _("onbekende optie {optie}").format(optie=error.option_name)
        if error.possibilities:
            text += "; " + _("bedoelt u {opties}?").format(
                opties=", ".join(sorted(error.possibilities)))
    elif vereist := re.fullmatch(r"Option '(.*)' requires an argument\.", error.message):
        text = _("{optie} heeft een waarde nodig").format(optie=vereist[1])
    elif extra := re.fullmatch(r"Got unexpected extra argument.*? \((.*)\)", error.message):
        text = _("te veel argumenten: {argumenten}").format(argumenten=extra[1])
    elif commando := re.fullmatch(r"No such command '(.*)'\.", error.message):
        text = _("onbekende opdracht '{opdracht}'").format(opdracht=commando[1])
    else:
        text = error.format_message()
    command = error.ctx.command_path if error.ctx is not None else "begroting"
    return (f"begroting: {visible(text)}\n"
            + _("Zie '{commando} -h'.").format(commando=command))


def _reden(reden: str) -> str:
    """Why a value is wrong, in the run's language where typer or pydantic said it."""
    if keuze := re.fullmatch(r"(.*) is not one of (.*)\.", reden):
        return _("{waarde} is geen van {keuzes}").format(waarde=keuze[1], keuzes=keuze[2])
    if minimum := re.fullmatch(r"Input should be greater than or equal to (\S+)", reden):
        return _("moet minstens {minimum} zijn").format(minimum=minimum[1])
    if reden.startswith("Input should be a valid integer"):
        return _("geen geheel getal")
    return reden
