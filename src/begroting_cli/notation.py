"""How amounts are written: exactly for machines, and the Dutch way for people."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from begroting_cli.model import Pm


def exact(amount: Decimal) -> str:
    """18590, 2300.75, 0.016: every digit, a point, never an exponent or "-0"."""
    text = format(amount.normalize(), "f")
    return "0" if text == "-0" else text


def bedrag(amount: Decimal | Pm | None, decimals: int | None = 0) -> str:
    """30547 as "30.547", -1650 as "-1.650", 2300.75 as "2.301".

    With decimals=2, 2300.75 is "2.300,75"; with decimals=None as many as the amount has.
    """
    if amount is None:
        return ""
    if isinstance(amount, Pm):
        return str(amount)
    if decimals is None:
        decimals = max(0, -int(amount.normalize().as_tuple().exponent))
    rounded = amount.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    text = f"{abs(rounded):,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"-{text}" if rounded < 0 else text


def nadeel(amount: Decimal | None) -> str:
    """The source's sign convention for explanations: -1650 as "-/- 1.650"."""
    if amount is None:
        return ""
    text = bedrag(abs(amount))
    return f"-/- {text}" if bedrag(amount).startswith("-") else text


def richting(amount: Decimal | None, decimals: int = 0, positief: str = "N") -> str:
    """An amount with the direction it works in: 34457 as "34.457 N" (nadeel), -1648 as
    "1.648 V" (voordeel), 0 as "0". `positief` is what a positive amount is: "N" or "V"."""
    if amount is None:
        return ""
    text = bedrag(abs(amount), decimals)
    if text.strip("0,.") == "":
        return text
    negatief = "V" if positief == "N" else "N"
    return f"{text} {positief if amount > 0 else negatief}"


def procent(rate: Decimal | None, decimals: int | None = 1) -> str:
    """A fraction as a Dutch percentage: 0.6423 as "64,2%"; decimals=None shows all (3,125%)."""
    if rate is None:
        return ""
    return f"{bedrag(rate * 100, decimals)}%"


def eenheid(unit: int, valuta: str = "EUR") -> str:
    """The unit line of a table: "x € 1.000"."""
    sign = "€" if valuta == "EUR" else valuta
    return f"x {sign} {bedrag(Decimal(unit))}"

