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

from begroting_cli.tekst import _


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
            raise PydanticCustomError("bedrag_eindig", _("een bedrag moet een eindig getal zijn"))
        if -MAX_BEDRAG < value < MAX_BEDRAG:
            # within range, the quantized amount has at most 21 digits: this cannot fail
            if value.quantize(_MICRO) != value:
                raise PydanticCustomError(
                    "bedrag_decimalen", _("bedrag {gevonden} heeft meer dan 6 decimalen"),
                    {"gevonden": str(value)[:40]})
            return value
    elif value == PM.value or value is PM:
        return PM
    else:
        raise PydanticCustomError("bedrag", _('een bedrag moet een getal of "p.m." zijn'))
    raise PydanticCustomError("bedrag_bereik", _("bedrag {gevonden} valt buiten het bereik"),
                              {"gevonden": value})


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
              message: str) -> Decimal:
    """The number when low <= number < high with at most `decimalen` decimals; else error
    `kind` with message, whose {gevonden} is the number and {decimalen} the decimals."""
    # the range first: only a number within it can be quantized without an error
    if not (number.is_finite() and low <= number < high) or (
            number.quantize(Decimal(1).scaleb(-decimalen)) != number):
        raise PydanticCustomError(kind, message, {"gevonden": str(number)[:40],
                                                  "decimalen": decimalen})
    return number


def _tarief(value: object) -> Decimal:
    tarief = _number(value, "tarief", _("een tarief moet een getal zijn, zoals 0.016 voor 1,6%"))
    # above -1 (a rate of -100% leaves nothing) with at most 10 decimals
    return _in_range(tarief, Decimal("-0.9999999999"), Decimal(100), 10, "tarief_bereik",
                     _("tarief {gevonden} valt buiten het bereik of heeft meer dan {decimalen} "
                       "decimalen"))


def _tolerantie(value: object) -> Decimal:
    grens = _number(value, "tolerantie",
                    _("tolerantie moet een aantal eenheden zijn, zoals 2"))
    return _in_range(grens, _ZERO, MAX_BEDRAG, MAX_DECIMALEN, "tolerantie_bereik",
                     _("tolerantie {gevonden} valt buiten het bereik of heeft meer dan "
                       "{decimalen} decimalen"))


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
            if meant is not None:
                raise PydanticCustomError("periode", _("'{sleutel}' is geen periode: schrijf "
                                                       "'{bedoeld}'"),
                                          {"sleutel": key, "bedoeld": str(meant)})
            raise PydanticCustomError(
                "periode", _("'{sleutel}' is geen periode: een periode wordt geschreven als "
                             "'begroting 2024', 'wijziging 2024', 'begroting 2024 na wijziging', "
                             "'rekening 2023' of 'raming 2025'"), {"sleutel": key})
        if periode in table:
            raise PydanticCustomError("periode", _("'{sleutel}' is opnieuw periode {periode}"),
                                      {"sleutel": key, "periode": str(periode)})
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


class Meta(_Model, json_schema_extra={"description": (
        "De tabel [begroting]: wat de begroting is.")}):
    """The [begroting] table: what the budget is."""

    naam: StrictStr = Field(description='De naam van de begroting, bijv. "IPO-Begroting 2021".')
    organisatie: StrictStr = Field(description="De organisatie van wie de begroting is.")
    jaar: Annotated[StrictInt, Field(ge=1000, le=9999)] = Field(
        description="Het begrotingsjaar.")
    eenheid: Literal[1, 1000, 1000000] = Field(
        description="Elk bedrag is een veelvoud van zoveel euro: 1000 betekent x € 1.000.")
    valuta: StrictStr = Field("EUR", description="De valutacode.")
    vorige: StrictStr | None = Field(
        None, description="De vorige begroting, als pad ten opzichte van dit bestand.")
    tolerantie: Tolerantie | None = Field(
        None, description="Vervangt de afrondingsgrens van elk opgegeven totaal in dit bestand.")
    soort_organisatie: SoortOrganisatie | None = Field(
        None, description="Het soort overheidsorganisatie; bepaalt de lijst van Iv3-taakvelden.")
    decimalen: Annotated[int, Field(ge=0, le=MAX_DECIMALEN)] | None = Field(
        None, description="Het aantal decimalen dat de bron afdrukt (1 voor miljoenen met één "
        "decimaal): afrondingsgrenzen zijn in eenheden van de laatste decimaal. Standaard zoveel "
        "als de bedragen hebben.")


class Kostensoorten(_Model, json_schema_extra={"description": (
        "Lasten van de organisatie per kostensoort, met een opgegeven totaal waar dat er is.")}):
    """Organisation-level costs by kostensoort, with an optional stated total."""

    programmalasten: Bedrag | None = Field(None, description="Programmalasten.")
    personeelslasten_direct: Bedrag | None = Field(
        None, description="Personeelslasten van het eigen personeel, direct en indirect.")
    personeelslasten_overig: Bedrag | None = Field(
        None, description="Overige personeelslasten (opleiding, reizen, ...).")
    huisvesting: Bedrag | None = Field(
        None, description="Huisvestingslasten en wat daarmee samenhangt.")
    totaal: Bedrag | None = Field(None, description="Opgegeven totaal van de tabel.")


class Lasten(Kostensoorten, json_schema_extra={"description": (
        'De tabel [lasten]: de hele begroting ("Wordt (1)"), met haar twee delen.')}):
    """The [lasten] table: the whole budget ("Wordt (1)"), with its two parts."""

    kassiersfunctie: Kostensoorten | None = Field(
        None, description="Het deel van de kassiersfunctie, als positieve bedragen.")
    basis: Kostensoorten | None = Field(
        None, description='De basisbegroting ("Wordt (2)").')


# A dataclass with slots, not a BaseModel: a budget can have 100.000 of these, and a model
# instance costs three times the memory (its __dict__ and its set of fields set).
@dataclass(frozen=True, slots=True, config=ConfigDict(extra="forbid", json_schema_extra={
    "description": (
        "Een regel van een programma met bedragen: een beleidsopgave, taakveld of product. Hij "
        "geeft lasten, baten, een saldo of reserves, elk voor de eigen periode van de begroting "
        "of per periode; of zijn lasten verdeeld zoals het IPO dat doet, in programmalasten, "
        "directe_personeelslasten en overhead (alle drie).")}))
class Regel:
    """A line of a programme that carries amounts: a beleidsopgave, taakveld or product.

    It gives lasten, baten, a saldo or reserves, each for the budget's own period or by period;
    or its lasten split the IPO's way, into programmalasten, directe_personeelslasten and
    overhead (all three).
    """

    code: Code = Field(description='Uniek in het bestand, bijv. "1.1".')
    naam: StrictStr = Field(description="De naam van de regel.")
    taakveld: Code | None = Field(
        None, description='Het Iv3-taakveld waartoe de regel hoort, bijv. "0.1" (Bestuur).')
    programmalasten: Bedragen | None = Field(None, description="Programmalasten van deze regel.")
    directe_personeelslasten: Bedragen | None = Field(
        None, description="Personeelslasten van de medewerkers die eraan werken.")
    overhead: Bedragen | None = Field(
        None, description="Het aandeel in de overhead, verdeeld naar de directe personeelslasten.")
    totaal: Bedrag | None = Field(
        None, description="Opgegeven totaal: programmalasten + directe_personeelslasten + "
        "overhead (formaat v1; `lasten` zegt hetzelfde, voor elke periode).")
    lasten: Bedragen | None = Field(
        None, description="Lasten; het opgegeven totaal van de drie delen waar die er zijn.")
    baten: Bedragen | None = Field(None, description="Baten, als positief bedrag.")
    saldo: Bedragen | None = Field(
        None, description="Opgegeven lasten - baten; positief is een nadeel (per saldo lasten).")
    toevoeging_reserve: Bedragen | None = Field(None, description="Toevoeging aan de reserves.")
    onttrekking_reserve: Bedragen | None = Field(None, description="Onttrekking aan de reserves.")
    mutatie_reserves: Bedragen | None = Field(
        None, description="Opgegeven toevoeging_reserve - onttrekking_reserve.")
    resultaat: Bedragen | None = Field(
        None, description="Opgegeven saldo + mutatie_reserves; positief is een nadeel (tekort).")
    kassiersfunctie: StrictBool = Field(
        False, description="Geld dat wordt ontvangen en doorbetaald; geen deel van de "
        "basisbegroting.")
    index: StrictStr | None = Field(
        None, description="Het tarief uit [indexatie] dat in de programmalasten van deze regel "
        "zit.")
    indicatie: Bedrag | None = Field(
        None, description='Indicatief bedrag van een regel met "p.m.".')
    output: tuple[StrictStr, ...] = Field((), description='De opsomming onder "Output".')
    heroverweging: tuple[StrictStr, ...] = Field(
        (), description='De opsomming onder "Consequenties bij heroverweging".')
    toelichting: StrictStr | None = Field(None, description="Toelichting.")


class Programma(_Model, json_schema_extra={"description": (
        "Een programma: een groep regels, met eigen bedragen waar het die opgeeft.")}):
    """A programme: a group of regels, with amounts of its own where it states them."""

    code: Code = Field(description='Uniek in het bestand, bijv. "1".')
    naam: StrictStr = Field(description="De naam van het programma.")
    afkorting: Code | None = Field(
        None, description='De afkorting die het document gebruikt, bijv. "ROWW".')
    totaal: Bedrag | None = Field(
        None, description="Opgegeven totaal van de lasten van het programma.")
    lasten: Bedragen | None = Field(
        None, description="Lasten: het bedrag zelf, of een opgegeven totaal waar de regels lasten "
        "geven.")
    baten: Bedragen | None = Field(None, description="Baten, op dezelfde manier.")
    saldo: Bedragen | None = Field(None, description="lasten - baten; positief is een nadeel.")
    toevoeging_reserve: Bedragen | None = Field(None, description="Toevoeging aan de reserves.")
    onttrekking_reserve: Bedragen | None = Field(None, description="Onttrekking aan de reserves.")
    mutatie_reserves: Bedragen | None = Field(
        None, description="toevoeging_reserve - onttrekking_reserve.")
    resultaat: Bedragen | None = Field(
        None, description="saldo + mutatie_reserves; positief is een nadeel (tekort).")
    toelichting: StrictStr | None = Field(None, description="De inleiding van het programma.")
    beleidsopgave: tuple[Regel, ...] = Field(
        (), description="De regels van het programma, beleidsopgaven genoemd (formaat v1).")
    regel: tuple[Regel, ...] = Field((), description="De regels van het programma.")

    @model_validator(mode="after")
    def _one_name_for_the_regels(self) -> Programma:
        if self.beleidsopgave and self.regel:
            raise PydanticCustomError(
                "regels_twee_namen",
                _("een programma noemt zijn regels [[programma.regel]] of "
                  "[[programma.beleidsopgave]], niet allebei"))
        return self

    @property
    def regels(self) -> tuple[Regel, ...]:
        """The programme's regels, under whichever name the file lists them."""
        return self.beleidsopgave or self.regel


class Totaal(_Model, json_schema_extra={"description": (
        "De tabel [totaal]: wat de begroting opgeeft voor zichzelf als geheel. Elk bedrag is het "
        "bedrag zelf als geen programma het geeft, en een opgegeven totaal, dat wordt "
        "gecontroleerd, als een programma het wel geeft.")}):
    """The [totaal] table: what the budget states for itself as a whole.

    Each amount is the figure when no programme gives it, and a stated total, checked, when
    one does.
    """

    lasten: Bedragen | None = Field(None, description="Lasten van de hele begroting.")
    baten: Bedragen | None = Field(None, description="Baten van de hele begroting.")
    saldo: Bedragen | None = Field(
        None, description="Saldo van baten en lasten; positief is een nadeel.")
    toevoeging_reserve: Bedragen | None = Field(None, description="Toevoeging aan de reserves.")
    onttrekking_reserve: Bedragen | None = Field(None, description="Onttrekking aan de reserves.")
    mutatie_reserves: Bedragen | None = Field(
        None, description="toevoeging_reserve - onttrekking_reserve.")
    resultaat: Bedragen | None = Field(
        None, description="saldo + mutatie_reserves; positief is een nadeel (tekort).")


class Verklaring(_Model, json_schema_extra={"description": (
        "Een post die het verschil met de vorige begroting verklaart (was - wordt).")}):
    """One item explaining the difference with the previous budget (was - wordt)."""

    omschrijving: StrictStr = Field(description="Wat er veranderde.")
    bedrag: Bedrag = Field(
        description="Het effect op was - wordt: positief een voordeel, negatief (-/-) een "
        "nadeel.")


class Uitzondering(_Model, json_schema_extra={"description": (
        "Een gerechtvaardigde afwijking: maakt van de bevindingen van één controle over één "
        "onderwerp meldingen.")}):
    """A justified deviation: turns the findings of one rule on one subject into info."""

    regel: StrictStr = Field(description='De code van de controle, bijv. "BGR201".')
    onderwerp: StrictStr = Field(
        description='Het onderwerp: de code van een programma of regel, of bijv. '
        '"lasten.basis".')
    reden: StrictStr = Field(min_length=1, description="Waarom de afwijking gerechtvaardigd is.")


class Begroting(_Model, json_schema_extra={"description": (
        "Een begrotingsbestand in het formaat van begroting (docs/format.md).")}):
    """A budget file in the begroting format (docs/format.md)."""

    begroting: Meta = Field(description="Wat de begroting is.")
    totaal: Totaal | None = Field(
        None, description="Wat de begroting per periode opgeeft voor zichzelf als geheel.")
    indexatie: dict[StrictStr, Tarief] = Field(
        {}, description="Tarieven met een naam die in de bedragen van dit jaar zitten, als "
        "breuk (0.016 is 1,6%).")
    lasten: Lasten | None = Field(
        None, description="Lasten van de organisatie per kostensoort (de tabel Was/Wordt).")
    programma: tuple[Programma, ...] = Field((), description="De programma's.")
    verklaring: tuple[Verklaring, ...] = Field(
        (), description="Verklaring van het verschil met de vorige begroting.")
    uitzondering: tuple[Uitzondering, ...] = Field(
        (), description="Gerechtvaardigde afwijkingen van controles.")
