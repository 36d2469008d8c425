"""The budget file format v1 as typed, frozen models (docs/format.md describes every key)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
)
from pydantic_core import PydanticCustomError

PM = "p.m."
"""Pro memorie: an amount that is not yet known."""

MAX_BEDRAG = Decimal(10) ** 15
"""Amounts at or above this (in any unit) are typos, not budgets."""

KOSTENSOORTEN = (
    "programmalasten",
    "personeelslasten_direct",
    "personeelslasten_overig",
    "huisvesting",
)
"""The organisation-level kostensoorten, in the order the Was/Wordt table prints them."""


def _bedrag(value: object) -> Decimal | str:
    if value == PM:
        return PM
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise PydanticCustomError("bedrag", 'an amount must be a number or "p.m."')
    amount = Decimal(value)
    if not amount.is_finite():
        raise PydanticCustomError("bedrag_eindig", "an amount must be a finite number")
    if abs(amount) >= MAX_BEDRAG:
        raise PydanticCustomError(
            "bedrag_bereik", "amount {found} is out of range", {"found": value}
        )
    return amount


def _tarief(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise PydanticCustomError("tarief", "a rate must be a number, such as 0.016 for 1,6%")
    rate = Decimal(value)
    if not rate.is_finite() or not -1 < rate < 100:
        raise PydanticCustomError("tarief_bereik", "rate {found} is out of range", {"found": value})
    return rate


Bedrag = Annotated[Decimal | str, BeforeValidator(_bedrag)]
"""An amount in the budget's unit: a finite Decimal, or PM."""

Tarief = Annotated[Decimal, BeforeValidator(_tarief)]
"""A rate as a fraction: 0.016 is 1,6%."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Meta(_Model):
    """The [begroting] table: what the budget is."""

    naam: StrictStr
    organisatie: StrictStr
    jaar: StrictInt
    eenheid: Literal[1, 1000, 1000000] = Field(
        description="Amounts are multiples of this many euros."
    )
    valuta: StrictStr = "EUR"
    vorige: StrictStr | None = Field(
        None, description="The previous budget, relative to this file."
    )
    tolerantie: Bedrag | None = Field(
        None, description="Overrides the rounding bound of every stated total in this file."
    )


class Kostensoorten(_Model):
    """Organisation-level costs by kostensoort, with an optional stated total."""

    programmalasten: Bedrag | None = None
    personeelslasten_direct: Bedrag | None = None
    personeelslasten_overig: Bedrag | None = None
    huisvesting: Bedrag | None = None
    totaal: Bedrag | None = None


class Lasten(Kostensoorten):
    """The [lasten] table: the whole budget, split in kassiersfunctie and basis."""

    kassiersfunctie: Kostensoorten | None = None
    basis: Kostensoorten | None = None


class Beleidsopgave(_Model):
    """A policy task: the line item that carries the amounts."""

    code: StrictStr
    naam: StrictStr
    programmalasten: Bedrag
    directe_personeelslasten: Bedrag
    overhead: Bedrag
    totaal: Bedrag | None = None
    kassiersfunctie: StrictBool = False
    index: StrictStr | None = Field(
        None, description="The [indexatie] rate contained in this line's programmalasten."
    )
    indicatie: Bedrag | None = Field(None, description='Indicative amount of a "p.m." line.')
    output: tuple[StrictStr, ...] = ()
    heroverweging: tuple[StrictStr, ...] = ()
    toelichting: StrictStr | None = None


class Programma(_Model):
    """A programme: a group of beleidsopgaven."""

    code: StrictStr
    naam: StrictStr
    afkorting: StrictStr | None = None
    totaal: Bedrag | None = None
    toelichting: StrictStr | None = None
    beleidsopgave: tuple[Beleidsopgave, ...] = ()


class Verklaring(_Model):
    """One item explaining the difference with the previous budget (was - wordt)."""

    omschrijving: StrictStr
    bedrag: Bedrag


class Uitzondering(_Model):
    """A justified deviation: turns the findings of one rule on one subject into info."""

    regel: StrictStr
    onderwerp: StrictStr
    reden: StrictStr = Field(min_length=1)


class Begroting(_Model):
    """A whole budget file."""

    begroting: Meta
    indexatie: dict[StrictStr, Tarief] = {}
    lasten: Lasten | None = None
    programma: tuple[Programma, ...] = ()
    verklaring: tuple[Verklaring, ...] = ()
    uitzondering: tuple[Uitzondering, ...] = ()
