"""One record for everything that can be wrong with a budget file."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from begroting_cli.tekst import ngettext


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
    counts = ", ".join(_AANTALLEN[s](hidden[s]) for s in Severity if hidden.get(s))
    total = sum(hidden.values())
    if at_least:
        message = ngettext(
            "nog minstens {n} bevinding wordt niet getoond ({aantallen}): per bestand "
            "worden alleen de eerste {maximum} gemeld",
            "nog minstens {n} bevindingen worden niet getoond ({aantallen}): per bestand "
            "worden alleen de eerste {maximum} gemeld", total)
    else:
        message = ngettext(
            "nog {n} bevinding wordt niet getoond ({aantallen}): per bestand worden "
            "alleen de eerste {maximum} gemeld",
            "nog {n} bevindingen worden niet getoond ({aantallen}): per bestand worden "
            "alleen de eerste {maximum} gemeld", total)
    return Diagnostic(file, 1, None, worst, TOO_MANY, "file", message.format(
        n=aantal(total), aantallen=counts, maximum=aantal(MAX_DIAGNOSTICS)))


def aantal(number: int) -> str:
    """A count the Dutch way, for people: 16777216 as "16.777.216"."""
    return f"{number:,}".replace(",", ".")


_AANTALLEN = {
    Severity.ERROR: lambda n: ngettext("{n} fout", "{n} fouten", n).format(n=aantal(n)),
    Severity.WARNING: lambda n: ngettext("{n} waarschuwing", "{n} waarschuwingen", n).format(
        n=aantal(n)),
    Severity.INFO: lambda n: ngettext("{n} melding", "{n} meldingen", n).format(n=aantal(n)),
}
