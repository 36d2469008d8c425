"""One record for everything that can be wrong with a budget file."""

from __future__ import annotations

from collections.abc import Iterable
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
