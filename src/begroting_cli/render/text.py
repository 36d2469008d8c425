"""Diagnostics as text, one per line, clickable in an editor."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from begroting_cli.diagnostic import Diagnostic, count


def diagnostic(item: Diagnostic) -> str:
    """One diagnostic as one line."""
    column = f"{item.column}:" if item.column else ""
    return (f"{item.file}:{item.line}:{column} {item.severity.value} {item.code} "
            f"{item.subject}: {item.message}")


def diagnostics(items: Iterable[Diagnostic], out: TextIO) -> None:
    """Every diagnostic, in the order given."""
    for item in items:
        out.write(diagnostic(item) + "\n")


def summary(files: list[str], items: list[Diagnostic]) -> str:
    """One line: how many files, errors, warnings and infos."""
    counts = count(items)
    return (f"{_plural(len(files), 'file')} checked: {_plural(counts['errors'], 'error')}, "
            f"{_plural(counts['warnings'], 'warning')}, {_plural(counts['infos'], 'info')}")


def validation(files: list[str], items: list[Diagnostic], out: TextIO) -> None:
    """Every diagnostic, then the summary line."""
    diagnostics(items, out)
    out.write(summary(files, items) + "\n")


def rules(catalogue, out: TextIO) -> None:
    """The rule list of `validate --list-rules`."""
    width = max(len(rule.name) for rule in catalogue)
    for rule in catalogue:
        out.write(f"{rule.code}  {rule.name:<{width}}  {rule.summary}\n")


def _plural(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"
