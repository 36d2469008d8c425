"""Diagnostics as JSON (docs/json.md): every field of every finding, and a summary."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from begroting_cli.diagnostic import Diagnostic, count
from begroting_cli.render.json import write

if TYPE_CHECKING:
    from begroting_cli.rules import Rule


def validation(files: Sequence[str], diagnostics: Sequence[Diagnostic], out: TextIO) -> None:
    """The diagnostics of `begroting validate` with a summary."""
    write({
        "files": list(files),
        "diagnostics": [
            {"file": d.file, "line": d.line, "column": d.column, "severity": d.severity.value,
             "code": d.code, "subject": d.subject, "message": d.message,
             "expected": d.expected, "found": d.found}
            for d in diagnostics
        ],
        "summary": count(diagnostics),
    }, out)


def rules(rules: Sequence[Rule], out: TextIO) -> None:
    """The rule list of `validate --list-rules`."""
    write([{"code": r.code, "name": r.name, "summary": r.summary} for r in rules], out)
