"""Dutch notation, as the budget documents print it: amounts, rates, labels."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

PM_MARK = "+ p.m."


def bedrag(amount: Decimal | str | None, decimals: int | None = 0) -> str:
    """30547 as "30.547", -1650 as "-1.650", 2300.75 as "2.301".

    With decimals=2, 2300.75 is "2.300,75"; with decimals=None as many as the amount has.
    """
    if amount is None:
        return ""
    if isinstance(amount, str):
        return amount
    if decimals is None:
        decimals = max(0, -amount.normalize().as_tuple().exponent)
    rounded = amount.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    text = f"{abs(rounded):,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"-{text}" if rounded < 0 else text


def nadeel(amount: Decimal | None) -> str:
    """The source's sign convention for explanations: -1650 as "-/- 1.650"."""
    if amount is None:
        return ""
    text = bedrag(abs(amount))
    return f"-/- {text}" if bedrag(amount).startswith("-") else text


def procent(rate: Decimal | None, decimals: int | None = 1) -> str:
    """A fraction as a Dutch percentage: 0.6423 as "64,2%"; decimals=None shows all (3,125%)."""
    if rate is None:
        return ""
    return f"{bedrag(rate * 100, decimals)}%"


def eenheid(unit: int, valuta: str = "EUR") -> str:
    """The unit line of a table: "x € 1.000"."""
    sign = "€" if valuta == "EUR" else valuta
    return f"x {sign} {bedrag(Decimal(unit))}"


KOSTENSOORT_LABELS = {
    "programmalasten": "Programmalasten",
    "personeelslasten_direct": "Personeelslasten (direct)",
    "personeelslasten_overig": "Personeelslasten (overig)",
    "huisvesting": "Huisvesting c.a.",
    "totaal": "Totaal",
}
"""Row labels of the Was/Wordt table, as the source prints them."""
