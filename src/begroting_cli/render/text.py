"""Diagnostics as text, one per line, clickable in an editor."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from begroting_cli.diagnostic import Diagnostic


def diagnostic(item: Diagnostic) -> str:
    """One diagnostic as one line."""
    column = f"{item.column}:" if item.column else ""
    return (f"{item.file}:{item.line}:{column} {item.severity.value} {item.code} "
            f"{item.subject}: {item.message}")


def diagnostics(items: Iterable[Diagnostic], out: TextIO) -> None:
    """Every diagnostic, in the order given."""
    for item in items:
        out.write(diagnostic(item) + "\n")
