"""Diagnostics as a GitLab code quality report: a JSON list that a merge request shows next to
the lines it names (artifacts: reports: codequality)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from begroting_cli.diagnostic import Diagnostic, Severity
from begroting_cli.render.diagnostics import text
from begroting_cli.render.json import write

if TYPE_CHECKING:
    from begroting_cli.rules import Rule

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def validation(files: Sequence[str], diagnostics: Sequence[Diagnostic], out: TextIO) -> None:
    """A code quality issue per finding, each with a fingerprint that stays the same when lines
    move (GitLab matches issues between the two sides of a merge request by it)."""
    seen: dict[str, int] = {}
    issues = []
    for item in diagnostics:
        key = "\0".join((item.file, item.code, item.subject, item.message))
        seen[key] = seen.get(key, 0) + 1
        issues.append({
            "description": f"{item.code} {item.subject}: {item.message}",
            "check_name": item.code,
            "fingerprint": hashlib.sha256(f"{key}\0{seen[key]}".encode()).hexdigest(),
            "severity": _SEVERITY[item.severity],
            "location": {"path": item.file, "lines": {"begin": item.line}},
        })
    write(issues, out)


def rules(rules: Sequence[Rule], out: TextIO) -> None:
    """The rule list of `validate --list-rules`, as text: the report is for findings."""
    text.rules(rules, out)
