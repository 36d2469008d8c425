from hypothesis import given

from begroting_cli.engine import totalen
from begroting_cli.model import Begroting
from tests.strategies import budgets


@given(budgets())
def test_grand_total_is_the_sum_of_the_programme_totals(data):
    report = totalen(Begroting.model_validate(data))
    assert report.totaal == sum(p.totaal for p in report.programmas)


@given(budgets())
def test_basis_plus_kassiersfunctie_is_the_total_at_every_level(data):
    report = totalen(Begroting.model_validate(data))
    assert report.basis + report.kassiersfunctie == report.totaal
    for programma in report.programmas:
        assert programma.basis + programma.kassiersfunctie == programma.totaal
    lasten, kassiers, basis = (report.kostensoorten[n] for n in ("lasten", "kassiersfunctie",
                                                                  "basis"))
    for soort, amount in lasten.items():
        if kassiers[soort] is not None:  # without lines the split may be unknown
            assert amount == kassiers[soort] + basis[soort]


@given(budgets())
def test_a_kostensoorten_total_is_the_sum_of_its_rows_when_all_are_known(data):
    for table in totalen(Begroting.model_validate(data)).kostensoorten.values():
        rows = [v for k, v in table.items() if k != "totaal"]
        assert table["totaal"] == (None if None in rows else sum(rows))


@given(budgets())
def test_pm_marks_the_budget_exactly_when_a_line_has_pm(data):
    report = totalen(Begroting.model_validate(data))
    lines = [o for p in data["programma"] for o in p["beleidsopgave"]]
    assert report.pm == any(o["programmalasten"] == "p.m." for o in lines)
