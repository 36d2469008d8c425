"""GitHub Actions workflow commands, so findings show on the pull request's diff."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from begroting_cli.diagnostic import Diagnostic, Severity
from begroting_cli.render.diagnostics import text
from begroting_cli.render.escape import commands, guard_line, visible

if TYPE_CHECKING:
    from begroting_cli.rules import Rule

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def validation(files: Sequence[str], diagnostics: Sequence[Diagnostic], out: TextIO) -> None:
    """Most severe first, since GitHub shows only the first 10 of each kind; then the summary."""
    out = commands(out)
    for item in sorted(diagnostics, key=lambda d: (d.severity.rank, d.sort_key())):
        properties = [f"file={_property(item.file)}", f"line={item.line}"]
        if item.column:
            properties.append(f"col={item.column}")
        properties.append(f"title={_property(f'{item.code} {item.subject}')}")
        out.write(f"::{_COMMAND[item.severity]} {','.join(properties)}::{_data(item.message)}\n")
    out.write(text.summary(files, diagnostics) + "\n")


def rules(rules: Sequence[Rule], out: TextIO) -> None:
    """The rule list of `validate --list-rules`, as text: workflow commands are for findings."""
    text.rules(rules, out)


def _data(value: str) -> str:
    # visible first: a control character is an escape, and so no carriage return or newline
    # is left to end the command; % then keeps the runner from reading %0A back as one.
    return guard_line(visible(value)).replace("%", "%25").replace("\r", "%0D").replace(
        "\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")
