"""One record for everything that can be wrong with a budget file."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Severity(StrEnum):
    """How bad a finding is; the order is the order of importance."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A finding about one place in one file; formatted only by the renderers."""

    file: str
    line: int
    column: int | None
    severity: Severity
    code: str
    subject: str
    message: str
    expected: Decimal | None = None
    found: Decimal | None = None

    def sort_key(self) -> tuple[str, int, int, int, str]:
        return (self.file, self.line, self.column or 0, self.severity.rank, self.code)


def count(items: Iterable[Diagnostic]) -> dict[str, int]:
    """How many diagnostics of each severity: {"errors": 1, "warnings": 0, "infos": 3}."""
    counts = {f"{severity.value}s": 0 for severity in Severity}
    for item in items:
        counts[f"{item.severity.value}s"] += 1
    return counts


MAX_DIAGNOSTICS = 1000
"""At most this many findings are reported per file; the rest are counted (docs/security.md).
A file with more has one mistake made everywhere, and a million lines of output would help
no one: it would only cost the memory and time of making them."""

TOO_MANY = "BGR702"


def too_many(file: str, hidden: Mapping[Severity, int], at_least: bool = False) -> Diagnostic:
    """The finding that says how many more there were than MAX_DIAGNOSTICS, by severity; its
    severity is the worst of theirs, so that the exit code stays what it would have been.
    at_least: counting stopped, there may be more."""
    worst = min(hidden, key=lambda severity: severity.rank)
    counts = ", ".join(f"{hidden[s]:,} {s.value}{'' if hidden[s] == 1 else 's'}"
                       for s in Severity if hidden.get(s))
    more = "at least " if at_least else ""
    return Diagnostic(file, 1, None, worst, TOO_MANY, "file",
                      f"{more}{sum(hidden.values()):,} more findings are not shown ({counts}): "
                      f"a file reports its first {MAX_DIAGNOSTICS:,}")
