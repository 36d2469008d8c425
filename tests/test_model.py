from dataclasses import FrozenInstanceError
from decimal import Decimal

import pytest
from pydantic import TypeAdapter, ValidationError

from begroting_cli.model import PM, Begroting, Regel

BELEIDSOPGAVE = TypeAdapter(Regel)
LINE = {"code": "1.1", "naam": "x", "programmalasten": 125, "directe_personeelslasten": 360,
        "overhead": 231}


def test_amounts_become_decimal_whether_written_as_int_or_decimal():
    opgave = BELEIDSOPGAVE.validate_python({**LINE, "overhead": Decimal("230.75")})
    assert opgave.programmalasten == Decimal(125)
    assert isinstance(opgave.programmalasten, Decimal)
    assert opgave.overhead == Decimal("230.75")


def test_pm_is_kept_as_pm():
    assert BELEIDSOPGAVE.validate_python({**LINE, "programmalasten": "p.m."}).programmalasten == PM


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity"),
                                   Decimal("1e30"), "pm", "1.000", True])
def test_anything_but_a_finite_number_or_pm_is_rejected(value):
    with pytest.raises(ValidationError):
        BELEIDSOPGAVE.validate_python({**LINE, "overhead": value})


def test_unknown_key_is_rejected_rather_than_ignored():
    with pytest.raises(ValidationError) as error:
        BELEIDSOPGAVE.validate_python({**LINE, "programmalsten": 3})
    assert error.value.errors()[-1]["type"] == "unexpected_keyword_argument"


def test_a_summary_budget_without_programmes_is_valid():
    begroting = Begroting.model_validate({
        "begroting": {"naam": "a", "organisatie": "b", "jaar": 2020, "eenheid": 1000},
        "lasten": {"basis": {"programmalasten": 6497}},
    })
    assert begroting.programma == ()
    assert begroting.lasten.basis.programmalasten == Decimal(6497)


@pytest.mark.parametrize("field,value", [("jaar", "2021"), ("eenheid", 100), ("naam", 1)])
def test_metadata_types_are_strict(field, value):
    meta = {"naam": "a", "organisatie": "b", "jaar": 2021, "eenheid": 1000, field: value}
    with pytest.raises(ValidationError):
        Begroting.model_validate({"begroting": meta})


def test_models_are_frozen():
    opgave = BELEIDSOPGAVE.validate_python(LINE)
    with pytest.raises(FrozenInstanceError):
        opgave.overhead = Decimal(1)
