"""The budget file format (v2, a superset of v1) as typed, frozen models (docs/format.md)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from enum import Enum, StrEnum
from functools import lru_cache
from typing import Annotated, Final, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    WithJsonSchema,
    model_validator,
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


def in_periode(amounts: Bedragen | None, periode: Periode, eigen: Periode) -> Bedrag | None:
    """The amount for one period: a table's entry, or a plain amount when it is the own period."""
    if isinstance(amounts, dict):
        return amounts.get(periode)
    return amounts if periode == eigen else None


def perioden_van(amounts: Bedragen | None, eigen: Periode) -> Iterable[Periode]:
    """The periods an amount is given for."""
    if amounts is None:
        return ()
    return amounts.keys() if isinstance(amounts, dict) else (eigen,)


KOSTENSOORTEN = (
    "programmalasten",
    "personeelslasten_direct",
    "personeelslasten_overig",
    "huisvesting",
)
"""The organisation-level kostensoorten, in the order the Was/Wordt table prints them."""

DELEN = ("programmalasten", "directe_personeelslasten", "overhead")
"""The amounts of a regel that add up to its lasten: the IPO's split."""

SOORTEN = ("lasten", "baten", "saldo", "toevoeging_reserve", "onttrekking_reserve",
           "mutatie_reserves", "resultaat")
"""The kinds of amount of a regel, a programme and a budget, in the order tables print them.

lasten and baten, toevoegingen and onttrekkingen are amounts (a negative one is a correction).
saldo = lasten - baten, mutatie_reserves = toevoeging_reserve - onttrekking_reserve and
resultaat = saldo + mutatie_reserves are positive when they are a nadeel (a net cost, a tekort).
"""


class PeriodeSoort(StrEnum):
    """The kinds of column a budget document has; a year's columns sort in this order."""

    BEGROTING = "begroting"
    """The budget as adopted (primitief)."""
    WIJZIGING = "wijziging"
    """The amendments of the year."""
    NA_WIJZIGING = "begroting na wijziging"
    """The budget after its amendments: begroting + wijziging."""
    REKENING = "rekening"
    """What was realised (the jaarrekening; "realisatie")."""
    RAMING = "raming"
    """A later year of the meerjarenraming."""


class Periode:
    """A column of a budget: one kind of figures for one year, written "begroting 2024".

    There is one object per period: amounts are looked up by period millions of times, and an
    object's own hash and identity are the cheapest there are.
    """

    __slots__ = ("soort", "jaar", "sleutel")
    soort: PeriodeSoort
    jaar: int
    sleutel: tuple[int, int]
    """The order of columns: by year, then begroting, wijziging, na wijziging, rekening."""

    def __new__(cls, soort: PeriodeSoort, jaar: int) -> Periode:
        found = _ALLE.get((soort, jaar))
        if found is None:
            found = object.__new__(cls)
            object.__setattr__(found, "soort", soort)
            object.__setattr__(found, "jaar", jaar)
            object.__setattr__(found, "sleutel", (jaar, _VOLGORDE[soort]))
            found = _ALLE.setdefault((soort, jaar), found)
        return found

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Periode does not change")

    def __reduce__(self) -> tuple[type[Periode], tuple[PeriodeSoort, int]]:
        return Periode, (self.soort, self.jaar)

    def __repr__(self) -> str:
        return f"Periode({str(self)!r})"

    def __str__(self) -> str:
        if self.soort is PeriodeSoort.NA_WIJZIGING:
            return f"begroting {self.jaar} na wijziging"
        return f"{self.soort.value} {self.jaar}"

    @classmethod
    def eigen(cls, jaar: int) -> Periode:
        """The budget's own period: the begroting of its year."""
        return cls(PeriodeSoort.BEGROTING, jaar)

    @classmethod
    def lees(cls, text: str) -> Periode | None:
        """The period written as text ("begroting 2024", "realisatie 2018"); None if it is none.

        "realisatie" is another word for "rekening".
        """
        return _lees_periode(text)


@lru_cache(maxsize=1024)  # the same few periods are written on every line
def _lees_periode(text: str) -> Periode | None:
    match = _PERIODE.fullmatch(text)
    if match is None:
        return None
    kind, year, after = match.groups()
    if after and kind != "begroting":
        return None
    if after:
        return Periode(PeriodeSoort.NA_WIJZIGING, int(year))
    return Periode(PeriodeSoort.REKENING if kind == "realisatie" else PeriodeSoort(kind),
                   int(year))


_VOLGORDE = {soort: rank for rank, soort in enumerate(PeriodeSoort)}
_ALLE: dict[tuple[PeriodeSoort, int], Periode] = {}
"""Every period made: at most five kinds a year."""
_PERIODE = re.compile(r"(begroting|wijziging|raming|rekening|realisatie) (\d{4})( na wijziging)?")


def _bedrag(value: object) -> Decimal | Pm:
    # Called for every amount of every line: exact type checks first, the common case fastest.
    if type(value) is int:
        if -_MAX_INT < value < _MAX_INT:
            return Decimal(value)
    elif type(value) is Decimal:
        if not value.is_finite():
            raise PydanticCustomError("bedrag_eindig", "an amount must be a finite number")
        if -MAX_BEDRAG < value < MAX_BEDRAG:
            # within range, the quantized amount has at most 21 digits: this cannot fail
            if value.quantize(_MICRO) != value:
                raise PydanticCustomError(
                    "bedrag_decimalen", "amount {found} has more than 6 decimals",
                    {"found": str(value)[:40]})
            return value
    elif value == PM.value or value is PM:
        return PM
    else:
        raise PydanticCustomError("bedrag", 'an amount must be a number or "p.m."')
    raise PydanticCustomError("bedrag_bereik", "amount {found} is out of range", {"found": value})


_MICRO = Decimal("1e-6")
MAX_DECIMALEN = 6
"""Amounts have at most this many decimals: a millionth of the unit. So every amount, and
every output made from it, is as long as it was written (docs/security.md)."""


def _number(value: object, kind: str, message: str) -> Decimal:
    """A TOML integer or float as a Decimal; anything else (a bool too) is error `kind`."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise PydanticCustomError(kind, message)
    return Decimal(value)


def _in_range(number: Decimal, low: Decimal, high: Decimal, decimalen: int, kind: str,
              what: str) -> Decimal:
    """The number when low <= number < high with at most `decimalen` decimals; else error."""
    # the range first: only a number within it can be quantized without an error
    if not (number.is_finite() and low <= number < high) or (
            number.quantize(Decimal(1).scaleb(-decimalen)) != number):
        raise PydanticCustomError(kind, "{what} {found} is out of range or has more than "
                                  "{decimalen} decimals",
                                  {"what": what, "found": str(number)[:40],
                                   "decimalen": decimalen})
    return number


def _tarief(value: object) -> Decimal:
    tarief = _number(value, "tarief", "a rate must be a number, such as 0.016 for 1,6%")
    # above -1 (a rate of -100% leaves nothing) with at most 10 decimals
    return _in_range(tarief, Decimal("-0.9999999999"), Decimal(100), 10, "tarief_bereik", "rate")


def _tolerantie(value: object) -> Decimal:
    grens = _number(value, "tolerantie", "tolerantie must be a number of units, such as 2")
    return _in_range(grens, _ZERO, MAX_BEDRAG, MAX_DECIMALEN, "tolerantie_bereik", "tolerantie")


Bedrag = Annotated[
    Decimal | Pm,
    PlainValidator(_bedrag),
    WithJsonSchema({"anyOf": [{"type": "number", "exclusiveMinimum": -(10**15),
                               "exclusiveMaximum": 10**15}, {"const": "p.m."}]}),
]
"""An amount in the budget's unit: a finite Decimal, or PM."""

def _bedragen(value: object) -> Decimal | Pm | dict[Periode, Decimal | Pm]:
    """One amount (for the budget's own period), or a table of amounts by period."""
    if type(value) is not dict:
        return _bedrag(value)
    table: dict[Periode, Decimal | Pm] = {}
    for key, amount in value.items():
        periode = Periode.lees(key)
        if periode is None:
            meant = Periode.lees(" ".join(str(key).lower().split()))
            hint = (f"write it as '{meant}'" if meant is not None else
                    "a period is written like 'begroting 2024', 'wijziging 2024', "
                    "'begroting 2024 na wijziging', 'rekening 2023' or 'raming 2025'")
            raise PydanticCustomError("periode", "'{key}' is not a period: {hint}",
                                      {"key": key, "hint": hint})
        if periode in table:
            raise PydanticCustomError("periode", "'{key}' is period {periode} again",
                                      {"key": key, "periode": str(periode)})
        try:
            table[periode] = _bedrag(amount)
        except PydanticCustomError as error:
            raise PydanticCustomError(error.type, f"{key!r}: {error.message()}") from None
    return table


_AMOUNT_SCHEMA = {"anyOf": [{"type": "number", "exclusiveMinimum": -(10**15),
                             "exclusiveMaximum": 10**15}, {"const": PM.value}]}
_PERIOD_PATTERN = (r"^(begroting [0-9]{4}( na wijziging)?"
                   r"|(wijziging|raming|rekening|realisatie) [0-9]{4})$")

def _dump_bedragen(value: Decimal | Pm | dict[Periode, Decimal | Pm]) -> object:
    """Amounts by period as written in the file: keyed by the period's text."""
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else value


Bedragen = Annotated[
    Decimal | Pm | dict[Periode, Decimal | Pm],
    PlainValidator(_bedragen),
    PlainSerializer(_dump_bedragen),
    WithJsonSchema({"anyOf": [
        *_AMOUNT_SCHEMA["anyOf"],
        {"type": "object", "propertyNames": {"pattern": _PERIOD_PATTERN},
         "additionalProperties": _AMOUNT_SCHEMA},
    ]}),
]
"""An amount for the budget's own period, or a table of amounts by period."""

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


Code = Annotated[StrictStr, StringConstraints(pattern=r"^[^\x00-\x1f\x7f-\x9f]*$")]
"""A code: one line of text, without control characters (docs/security.md)."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


SoortOrganisatie = Literal["gemeente", "provincie", "waterschap", "gemeenschappelijke regeling",
                           "vereniging"]
"""The kinds of public body whose budgets the format holds."""


class Meta(_Model):
    """The [begroting] table: what the budget is."""

    naam: StrictStr = Field(description='The budget\'s name, e.g. "IPO-Begroting 2021".')
    organisatie: StrictStr = Field(description="The organisation whose budget it is.")
    jaar: Annotated[StrictInt, Field(ge=1000, le=9999)] = Field(
        description="The budget year.")
    eenheid: Literal[1, 1000, 1000000] = Field(
        description="Every amount is a multiple of this many euros: 1000 means x € 1.000.")
    valuta: StrictStr = Field("EUR", description="Currency code.")
    vorige: StrictStr | None = Field(
        None, description="The previous budget, as a path relative to this file.")
    tolerantie: Tolerantie | None = Field(
        None, description="Replaces the rounding bound of every stated total in this file.")
    soort_organisatie: SoortOrganisatie | None = Field(
        None, description="The kind of public body; chooses the list of Iv3 taakvelden.")
    decimalen: Annotated[int, Field(ge=0, le=MAX_DECIMALEN)] | None = Field(
        None, description="The decimals the source prints (1 for millions with one decimal): "
        "rounding bounds are in units of the last one. By default as many as the amounts have.")


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
class Regel:
    """A line of a programme that carries amounts: a beleidsopgave, taakveld or product.

    It gives lasten, baten, a saldo or reserves, each for the budget's own period or by period;
    or its lasten split the IPO's way, into programmalasten, directe_personeelslasten and
    overhead (all three).
    """

    code: Code = Field(description='Unique in the file, e.g. "1.1".')
    naam: StrictStr = Field(description="The line's name.")
    taakveld: Code | None = Field(
        None, description='The Iv3 taakveld it belongs to, e.g. "0.1" (Bestuur).')
    programmalasten: Bedragen | None = Field(None, description="Programme costs of this line.")
    directe_personeelslasten: Bedragen | None = Field(
        None, description="Personnel costs of the staff who work on it.")
    overhead: Bedragen | None = Field(
        None, description="Its share of the overhead, allocated on its directe personeelslasten.")
    totaal: Bedrag | None = Field(
        None, description="Stated total: programmalasten + directe_personeelslasten + overhead "
        "(format v1; `lasten` says the same for any period).")
    lasten: Bedragen | None = Field(
        None, description="Costs; stated total of the three parts where they are given.")
    baten: Bedragen | None = Field(None, description="Income, as a positive amount.")
    saldo: Bedragen | None = Field(
        None, description="Stated lasten - baten; positive is a nadeel (net cost).")
    toevoeging_reserve: Bedragen | None = Field(None, description="Added to reserves.")
    onttrekking_reserve: Bedragen | None = Field(None, description="Taken from reserves.")
    mutatie_reserves: Bedragen | None = Field(
        None, description="Stated toevoeging_reserve - onttrekking_reserve.")
    resultaat: Bedragen | None = Field(
        None, description="Stated saldo + mutatie_reserves; positive is a nadeel (tekort).")
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
    """A programme: a group of regels, with amounts of its own where it states them."""

    code: Code = Field(description='Unique in the file, e.g. "1".')
    naam: StrictStr = Field(description="The programme's name.")
    afkorting: Code | None = Field(
        None, description='Abbreviation the document uses, e.g. "ROWW".')
    totaal: Bedrag | None = Field(None, description="Stated total of the programme's lasten.")
    lasten: Bedragen | None = Field(
        None, description="Costs: the figure, or a stated total where its regels give lasten.")
    baten: Bedragen | None = Field(None, description="Income, likewise.")
    saldo: Bedragen | None = Field(None, description="lasten - baten; positive is a nadeel.")
    toevoeging_reserve: Bedragen | None = Field(None, description="Added to reserves.")
    onttrekking_reserve: Bedragen | None = Field(None, description="Taken from reserves.")
    mutatie_reserves: Bedragen | None = Field(
        None, description="toevoeging_reserve - onttrekking_reserve.")
    resultaat: Bedragen | None = Field(
        None, description="saldo + mutatie_reserves; positive is a nadeel (tekort).")
    toelichting: StrictStr | None = Field(None, description="The programme's introduction.")
    beleidsopgave: tuple[Regel, ...] = Field(
        (), description="The programme's regels, called beleidsopgaven (format v1).")
    regel: tuple[Regel, ...] = Field((), description="The programme's regels.")

    @model_validator(mode="after")
    def _one_name_for_the_regels(self) -> Programma:
        if self.beleidsopgave and self.regel:
            raise PydanticCustomError(
                "regels_twee_namen",
                "a programma lists its regels as [[programma.regel]] or as "
                "[[programma.beleidsopgave]], not both")
        return self

    @property
    def regels(self) -> tuple[Regel, ...]:
        """The programme's regels, under whichever name the file lists them."""
        return self.beleidsopgave or self.regel


class Totaal(_Model):
    """The [totaal] table: what the budget states for itself as a whole.

    Each amount is the figure when no programme gives it, and a stated total, checked, when
    one does.
    """

    lasten: Bedragen | None = Field(None, description="Costs of the whole budget.")
    baten: Bedragen | None = Field(None, description="Income of the whole budget.")
    saldo: Bedragen | None = Field(
        None, description="Saldo van baten en lasten; positive is a nadeel.")
    toevoeging_reserve: Bedragen | None = Field(None, description="Added to reserves.")
    onttrekking_reserve: Bedragen | None = Field(None, description="Taken from reserves.")
    mutatie_reserves: Bedragen | None = Field(
        None, description="toevoeging_reserve - onttrekking_reserve.")
    resultaat: Bedragen | None = Field(
        None, description="saldo + mutatie_reserves; positive is a nadeel (tekort).")


class Verklaring(_Model):
    """One item explaining the difference with the previous budget (was - wordt)."""

    omschrijving: StrictStr = Field(description="What changed.")
    bedrag: Bedrag = Field(
        description="Its effect on was - wordt: positive a voordeel, negative (-/-) a nadeel.")


class Uitzondering(_Model):
    """A justified deviation: turns the findings of one rule on one subject into info."""

    regel: StrictStr = Field(description='The rule code, e.g. "BGR201".')
    onderwerp: StrictStr = Field(
        description='The subject: a programme or regel code, or e.g. "lasten.basis".')
    reden: StrictStr = Field(min_length=1, description="Why the deviation is justified.")


class Begroting(_Model):
    """A budget file in the begroting format (docs/format.md)."""

    begroting: Meta = Field(description="What the budget is.")
    totaal: Totaal | None = Field(
        None, description="What the budget states for itself as a whole, by period.")
    indexatie: dict[StrictStr, Tarief] = Field(
        {}, description="Named rates contained in this year's amounts, as fractions.")
    lasten: Lasten | None = Field(
        None, description="Organisation-level costs by kostensoort (the Was/Wordt table).")
    programma: tuple[Programma, ...] = Field((), description="The programmes.")
    verklaring: tuple[Verklaring, ...] = Field(
        (), description="Explanation of the difference with the previous budget.")
    uitzondering: tuple[Uitzondering, ...] = Field(
        (), description="Justified deviations from validation rules.")
