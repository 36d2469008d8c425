"""Periods and amounts by period: how the file names its columns."""

import pytest
from pydantic import TypeAdapter, ValidationError

from begroting_cli.model import PM, Bedragen, Periode, PeriodeSoort

BEDRAGEN = TypeAdapter(Bedragen)


@pytest.mark.parametrize(("text", "soort", "jaar"), [
    ("begroting 2024", PeriodeSoort.BEGROTING, 2024),
    ("wijziging 2021", PeriodeSoort.WIJZIGING, 2021),
    ("begroting 2021 na wijziging", PeriodeSoort.NA_WIJZIGING, 2021),
    ("raming 2027", PeriodeSoort.RAMING, 2027),
    ("rekening 2022", PeriodeSoort.REKENING, 2022),
    ("realisatie 2022", PeriodeSoort.REKENING, 2022),
])
def test_a_period_is_read_from_its_text(text, soort, jaar):
    assert Periode.lees(text) == Periode(soort, jaar)


@pytest.mark.parametrize("text", ["begrotng 2024", "Begroting 2024", "begroting", "2024",
                                  "raming 2025 na wijziging", "begroting  2024", ""])
def test_anything_else_is_no_period(text):
    assert Periode.lees(text) is None


def test_a_period_is_written_the_way_it_is_read():
    for text in ("begroting 2024", "begroting 2021 na wijziging", "rekening 2022"):
        assert str(Periode.lees(text)) == text
    assert str(Periode.lees("realisatie 2022")) == "rekening 2022"


def test_columns_sort_by_year_then_begroting_wijziging_na_wijziging_rekening():
    texts = ["rekening 2021", "raming 2022", "begroting 2021 na wijziging", "wijziging 2021",
             "begroting 2021", "rekening 2020"]
    ordered = sorted((Periode.lees(t) for t in texts), key=lambda p: p.sleutel)
    assert [str(p) for p in ordered] == [
        "rekening 2020", "begroting 2021", "wijziging 2021", "begroting 2021 na wijziging",
        "rekening 2021", "raming 2022"]


def test_a_plain_amount_stays_plain_and_a_table_is_keyed_by_period():
    assert BEDRAGEN.validate_python(1650) == 1650
    assert BEDRAGEN.validate_python("p.m.") is PM
    assert BEDRAGEN.validate_python({"begroting 2024": 5, "raming 2025": "p.m."}) == {
        Periode(PeriodeSoort.BEGROTING, 2024): 5, Periode(PeriodeSoort.RAMING, 2025): PM}


@pytest.mark.parametrize(("table", "message"), [
    ({"begrotng 2024": 5}, "'begrotng 2024' is geen periode: een periode wordt geschreven als "
                           "'begroting 2024', "),
    ({"Begroting 2024": 5}, "'Begroting 2024' is geen periode: schrijf 'begroting 2024'"),
    ({"rekening 2022": 1, "realisatie 2022": 2},
     "'realisatie 2022' is opnieuw periode rekening 2022"),
    ({"begroting 2024": "pm"}, "'begroting 2024': een bedrag moet een getal of \"p.m.\" zijn"),
])
def test_a_bad_period_or_amount_in_a_table_says_which(table, message):
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        BEDRAGEN.validate_python(table)
