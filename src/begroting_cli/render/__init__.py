"""Renderers: a module per output format, each turning report values into text.

A report format (table, json, csv, markdown) is a module with the functions of ReportRenderer;
a diagnostics format (render/diagnostics: text, json, github, gitlab, sarif) one with those of
DiagnosticsRenderer. `report_renderer` and `diagnostics_renderer` are the one place that maps a
format's name to its module, importing only the one asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from begroting_cli.diagnostic import Diagnostic
    from begroting_cli.diff import Verschil
    from begroting_cli.engine import ProgrammaTotaal, Totalen
    from begroting_cli.indexatie import Raming
    from begroting_cli.overzicht import Overzicht, PerTaakveld
    from begroting_cli.rules import Rule
    from begroting_cli.vergelijking import Vergelijking


class ReportFormat(StrEnum):
    """The output formats of the reports: totals, one programme, diff, meerjarenraming."""

    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class DiagnosticsFormat(StrEnum):
    """The output formats of `validate`."""

    text = "text"
    json = "json"
    github = "github"
    gitlab = "gitlab"
    sarif = "sarif"


class ReportRenderer(Protocol):
    """What every report format writes; options are keyword-only and always given."""

    def totals(self, report: Totalen, out: TextIO, *, detail: bool,
               overzicht: Overzicht | None) -> None:
        """The totals of a budget; `detail` adds every regel where the format chooses. With an
        overview (a budget with baten, reserves or periods), that is what is shown."""

    def programma(self, report: Totalen, out: TextIO, *, programma: ProgrammaTotaal,
                  overzicht: Overzicht | None) -> None:
        """One programme of the budget with its regels; the overview holds only that one."""

    def diff(self, report: Verschil, out: TextIO, *, top: int | None) -> None:
        """The Was/Wordt comparison; `top` keeps the N largest changed beleidsopgaven."""

    def raming(self, report: Raming, out: TextIO) -> None:
        """The meerjarenraming: a column per year."""

    def taakvelden(self, report: PerTaakveld, out: TextIO) -> None:
        """The figures by Iv3 taakveld, a column per period."""

    def vergelijking(self, report: Vergelijking, out: TextIO) -> None:
        """Two periods compared, of two budgets or of one: by programme and soort."""


class DiagnosticsRenderer(Protocol):
    """What every diagnostics format writes."""

    def validation(self, files: Sequence[str], diagnostics: Sequence[Diagnostic],
                   out: TextIO) -> None:
        """The findings of `validate` over files, with a summary."""

    def rules(self, rules: Sequence[Rule], out: TextIO) -> None:
        """The rule list of `validate --list-rules`."""


def report_renderer(format: ReportFormat) -> ReportRenderer:
    """The module that writes reports in format."""
    if format is ReportFormat.json:
        from begroting_cli.render import json

        return json
    if format is ReportFormat.csv:
        from begroting_cli.render import csv

        return csv
    if format is ReportFormat.markdown:
        from begroting_cli.render import markdown

        return markdown
    from begroting_cli.render import table

    return table


def diagnostics_renderer(format: DiagnosticsFormat) -> DiagnosticsRenderer:
    """The module that writes diagnostics in format."""
    if format is DiagnosticsFormat.json:
        from begroting_cli.render.diagnostics import json

        return json
    if format is DiagnosticsFormat.github:
        from begroting_cli.render.diagnostics import github

        return github
    if format is DiagnosticsFormat.gitlab:
        from begroting_cli.render.diagnostics import gitlab

        return gitlab
    if format is DiagnosticsFormat.sarif:
        from begroting_cli.render.diagnostics import sarif

        return sarif
    from begroting_cli.render.diagnostics import text

    return text
