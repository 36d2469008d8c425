"""Diagnostics as text, one per line, clickable in an editor."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TextIO

from begroting_cli.diagnostic import Diagnostic, Severity, count
from begroting_cli.render.escape import visible
from begroting_cli.tekst import N_, _, ngettext

if TYPE_CHECKING:
    from begroting_cli.rules import Rule


SEVERITY = {Severity.ERROR: N_("fout"), Severity.WARNING: N_("waarschuwing"),
            Severity.INFO: N_("melding")}
"""The word for a severity in the text format; shown through _()."""


def diagnostic(item: Diagnostic) -> str:
    """One diagnostic as one line; the file's name, the subject and the message are shown as
    they are (escape.visible): a name from a budget cannot break the line or steer a terminal."""
    column = f"{item.column}:" if item.column else ""
    return (f"{visible(item.file)}:{item.line}:{column} {_(SEVERITY[item.severity])} "
            f"{item.code} {visible(item.subject)}: {visible(item.message)}")


def lines(diagnostics: Iterable[Diagnostic], out: TextIO) -> None:
    """Every diagnostic on a line of its own, in the order given."""
    for item in diagnostics:
        out.write(diagnostic(item) + "\n")


def summary(files: Sequence[str], diagnostics: Sequence[Diagnostic]) -> str:
    """One line: how many files, errors, warnings and infos."""
    counts = count(diagnostics)
    return _("{files} gecontroleerd: {errors}, {warnings}, {infos}").format(
        files=ngettext("{n} bestand", "{n} bestanden", len(files)).format(n=len(files)),
        errors=ngettext("{n} fout", "{n} fouten", counts["errors"]).format(n=counts["errors"]),
        warnings=ngettext("{n} waarschuwing", "{n} waarschuwingen", counts["warnings"]).format(
            n=counts["warnings"]),
        infos=ngettext("{n} melding", "{n} meldingen", counts["infos"]).format(n=counts["infos"]))


def validation(files: Sequence[str], diagnostics: Sequence[Diagnostic], out: TextIO) -> None:
    """Every diagnostic, then the summary line."""
    lines(diagnostics, out)
    out.write(summary(files, diagnostics) + "\n")


def rules(rules: Sequence[Rule], out: TextIO) -> None:
    """The rule list of `validate --list-rules`."""
    width = max(len(rule.name) for rule in rules)
    for rule in rules:
        out.write(f"{rule.code}  {rule.name:<{width}}  {_(rule.summary)}\n")
