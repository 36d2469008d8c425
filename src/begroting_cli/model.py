"""The budget file format v1 as typed, frozen models (docs/format.md describes every key)."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Annotated, Final, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    StrictBool,
    StrictInt,
    StrictStr,
    WithJsonSchema,
)
from pydantic.dataclasses import dataclass
from pydantic_core import PydanticCustomError
from typing_extensions import TypeIs


class Pm(Enum):
    """Pro memorie: an amount that is not yet known. Its one member is PM."""

    PM = "p.m."

    def __repr__(self) -> str:
        return "PM"

    def __str__(self) -> str:
        return self.value


PM: Final = Pm.PM

_MAX_INT = 10**15  # the bound for whole amounts: int with int compares fastest
MAX_BEDRAG = Decimal(_MAX_INT)
"""Amounts at or above this (in any unit) are typos, not budgets."""


def is_known(amount: Decimal | Pm | None) -> TypeIs[Decimal]:
    """Whether an amount is known: stated, and not p.m."""
    return type(amount) is Decimal


def is_pm(amount: Decimal | Pm | None) -> TypeIs[Pm]:
    """Whether an amount is p.m."""
    return amount is PM


def known(amount: Decimal | Pm | None) -> Decimal | None:
    """The amount when it is known; None when it is absent or p.m.

    What is computed from an unknown amount is unknown too, never computed with 0.
    """
    return amount if type(amount) is Decimal else None


def or_zero(amount: Decimal | Pm | None) -> Decimal:
    """The amount as a term of a sum: p.m. and absent count as 0 (the sum is then "+ p.m.")."""
    return amount if type(amount) is Decimal else _ZERO


_ZERO = Decimal(0)

KOSTENSOORTEN = (
    "programmalasten",
    "personeelslasten_direct",
    "personeelslasten_overig",
    "huisvesting",
)
"""The organisation-level kostensoorten, in the order the Was/Wordt table prints them."""

DELEN = ("programmalasten", "directe_personeelslasten", "overhead")
"""The amounts of a beleidsopgave that add up to its totaal."""


def _bedrag(value: object) -> Decimal | Pm:
    # Called for every amount of every line: exact type checks first, the common case fastest.
    if type(value) is int:
        if -_MAX_INT < value < _MAX_INT:
            return Decimal(value)
    elif type(value) is Decimal:
        if not value.is_finite():
            raise PydanticCustomError("bedrag_eindig", "an amount must be a finite number")
        if -MAX_BEDRAG < value < MAX_BEDRAG:
            return value
    elif value == PM.value or value is PM:
        return PM
    else:
        raise PydanticCustomError("bedrag", 'an amount must be a number or "p.m."')
    raise PydanticCustomError("bedrag_bereik", "amount {found} is out of range", {"found": value})


def _number(value: object, kind: str, message: str) -> Decimal:
    """A TOML integer or float as a Decimal; anything else (a bool too) is error `kind`."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise PydanticCustomError(kind, message)
    return Decimal(value)


def _tarief(value: object) -> Decimal:
    tarief = _number(value, "tarief", "a rate must be a number, such as 0.016 for 1,6%")
    if not tarief.is_finite() or not -1 < tarief < 100:
        raise PydanticCustomError("tarief_bereik", "rate {found} is out of range", {"found": value})
    return tarief


def _tolerantie(value: object) -> Decimal:
    grens = _number(value, "tolerantie", "tolerantie must be a number of units, such as 2")
    if not grens.is_finite() or not 0 <= grens < MAX_BEDRAG:
        raise PydanticCustomError("tolerantie_bereik", "tolerantie {found} is out of range",
                                  {"found": value})
    return grens


Bedrag = Annotated[
    Decimal | Pm,
    PlainValidator(_bedrag),
    WithJsonSchema({"anyOf": [{"type": "number", "exclusiveMinimum": -(10**15),
                               "exclusiveMaximum": 10**15}, {"const": PM.value}]}),
]
"""An amount in the budget's unit: a finite Decimal, or PM."""

Tarief = Annotated[
    Decimal,
    BeforeValidator(_tarief),
    WithJsonSchema({"type": "number", "exclusiveMinimum": -1, "exclusiveMaximum": 100}),
]
"""A rate as a fraction: 0.016 is 1,6%."""


Tolerantie = Annotated[
    Decimal,
    BeforeValidator(_tolerantie),
    WithJsonSchema({"type": "number", "minimum": 0}),
]
"""A rounding bound in units of the budget: zero or more."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Meta(_Model):
    """The [begroting] table: what the budget is."""

    naam: StrictStr = Field(description='The budget\'s name, e.g. "IPO-Begroting 2021".')
    organisatie: StrictStr = Field(description="The organisation whose budget it is.")
    jaar: StrictInt = Field(description="The budget year.")
    eenheid: Literal[1, 1000, 1000000] = Field(
        description="Every amount is a multiple of this many euros: 1000 means x € 1.000.")
    valuta: StrictStr = Field("EUR", description="Currency code.")
    vorige: StrictStr | None = Field(
        None, description="The previous budget, as a path relative to this file.")
    tolerantie: Tolerantie | None = Field(
        None, description="Replaces the rounding bound of every stated total in this file.")


class Kostensoorten(_Model):
    """Organisation-level costs by kostensoort, with an optional stated total."""

    programmalasten: Bedrag | None = Field(None, description="Programme costs.")
    personeelslasten_direct: Bedrag | None = Field(
        None, description="Personnel costs of the staff, direct and indirect.")
    personeelslasten_overig: Bedrag | None = Field(
        None, description="Other personnel costs (training, travel, ...).")
    huisvesting: Bedrag | None = Field(None, description="Housing and related costs.")
    totaal: Bedrag | None = Field(None, description="Stated total of the table.")


class Lasten(Kostensoorten):
    """The [lasten] table: the whole budget ("Wordt (1)"), with its two parts."""

    kassiersfunctie: Kostensoorten | None = Field(
        None, description="The kassiersfunctie part, as positive amounts.")
    basis: Kostensoorten | None = Field(
        None, description='The basisbegroting ("Wordt (2)").')


# A dataclass with slots, not a BaseModel: a budget can have 100.000 of these, and a model
# instance costs three times the memory (its __dict__ and its set of fields set).
@dataclass(frozen=True, slots=True, config=ConfigDict(extra="forbid"))
class Beleidsopgave:
    """A policy task: the line that carries the amounts."""

    code: StrictStr = Field(description='Unique in the file, e.g. "1.1".')
    naam: StrictStr = Field(description="The beleidsopgave's name.")
    programmalasten: Bedrag = Field(description="Programme costs of this task.")
    directe_personeelslasten: Bedrag = Field(
        description="Personnel costs of the staff who work on it.")
    overhead: Bedrag = Field(
        description="Its share of the overhead, allocated on its directe personeelslasten.")
    totaal: Bedrag | None = Field(
        None, description="Stated total: programmalasten + directe_personeelslasten + overhead.")
    kassiersfunctie: StrictBool = Field(
        False, description="Money collected and passed on; not part of the basisbegroting.")
    index: StrictStr | None = Field(
        None, description="The [indexatie] rate contained in this line's programmalasten.")
    indicatie: Bedrag | None = Field(None, description='Indicative amount of a "p.m." line.')
    output: tuple[StrictStr, ...] = Field((), description='The "Output" bullets.')
    heroverweging: tuple[StrictStr, ...] = Field(
        (), description='The "Consequenties bij heroverweging" bullets.')
    toelichting: StrictStr | None = Field(None, description="Explanation.")


class Programma(_Model):
    """A programme: a group of beleidsopgaven."""

    code: StrictStr = Field(description='Unique in the file, e.g. "1".')
    naam: StrictStr = Field(description="The programme's name.")
    afkorting: StrictStr | None = Field(
        None, description='Abbreviation the document uses, e.g. "ROWW".')
    totaal: Bedrag | None = Field(None, description="Stated total of the programme.")
    toelichting: StrictStr | None = Field(None, description="The programme's introduction.")
    beleidsopgave: tuple[Beleidsopgave, ...] = Field(
        (), description="The programme's beleidsopgaven.")


class Verklaring(_Model):
    """One item explaining the difference with the previous budget (was - wordt)."""

    omschrijving: StrictStr = Field(description="What changed.")
    bedrag: Bedrag = Field(
        description="Its effect on was - wordt: positive a voordeel, negative (-/-) a nadeel.")


class Uitzondering(_Model):
    """A justified deviation: turns the findings of one rule on one subject into info."""

    regel: StrictStr = Field(description='The rule code, e.g. "BGR201".')
    onderwerp: StrictStr = Field(
        description='The subject: a programme or beleidsopgave code, or e.g. "lasten.basis".')
    reden: StrictStr = Field(min_length=1, description="Why the deviation is justified.")


class Begroting(_Model):
    """A budget file in the begroting format v1 (docs/format.md)."""

    begroting: Meta = Field(description="What the budget is.")
    indexatie: dict[StrictStr, Tarief] = Field(
        {}, description="Named rates contained in this year's amounts, as fractions.")
    lasten: Lasten | None = Field(
        None, description="Organisation-level costs by kostensoort (the Was/Wordt table).")
    programma: tuple[Programma, ...] = Field((), description="The programmes.")
    verklaring: tuple[Verklaring, ...] = Field(
        (), description="Explanation of the difference with the previous budget.")
    uitzondering: tuple[Uitzondering, ...] = Field(
        (), description="Justified deviations from validation rules.")
