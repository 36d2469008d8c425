"""Diagnostics as SARIF 2.1.0, the format code-scanning tools read (GitHub code scanning,
Azure DevOps, GitLab, editors): one run, the rules that can fire, a result per finding."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from begroting_cli.diagnostic import Diagnostic, Severity
from begroting_cli.render.diagnostics import text
from begroting_cli.render.json import write
from begroting_cli.tekst import _

if TYPE_CHECKING:
    from begroting_cli.rules import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def validation(files: Sequence[str], diagnostics: Sequence[Diagnostic], out: TextIO) -> None:
    """One SARIF log: every rule as the tool's rules, every finding as a result."""
    from begroting_cli.rules import RULES

    index = {rule.code: number for number, rule in enumerate(RULES)}
    write({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "begroting", "version": _version(),
                                "rules": [_rule(rule) for rule in RULES]}},
            "artifacts": [{"location": {"uri": _uri(file)}} for file in files],
            "results": [_result(d, index) for d in diagnostics],
        }],
    }, out)


def rules(rules: Sequence[Rule], out: TextIO) -> None:
    """The rule list of `validate --list-rules`, as text: SARIF is for findings."""
    text.rules(rules, out)


def _rule(rule: Rule) -> dict[str, object]:
    return {"id": rule.code, "name": rule.name, "shortDescription": {"text": _(rule.summary)}}


def _result(item: Diagnostic, index: dict[str, int]) -> dict[str, object]:
    region: dict[str, int] = {"startLine": item.line}
    if item.column:
        region["startColumn"] = item.column
    result: dict[str, object] = {
        "ruleId": item.code,
        "level": _LEVEL[item.severity],
        "message": {"text": f"{item.subject}: {item.message}"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(item.file)},
                                            "region": region}}],
    }
    if item.code in index:
        result["ruleIndex"] = index[item.code]
    return result


def _uri(file: str) -> str:
    """A file as a relative URI reference: forward slashes, and what must be escaped escaped."""
    from urllib.parse import quote

    return quote(file.replace("\\", "/"), safe="/:@")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("begroting")
    except PackageNotFoundError:
        return "0"
