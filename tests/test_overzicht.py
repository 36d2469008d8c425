"""The overview of baten en lasten: every soort in every period, at every level."""

from decimal import Decimal as D

from hypothesis import given, settings

from begroting_cli.load import load, load_bytes
from begroting_cli.model import Periode, PeriodeSoort
from begroting_cli.overzicht import nodig, overzicht, per_taakveld, spreekt_v2, waarde
from tests.samples import BRONCKHORST, DRIMMELEN, GEMEENTE, REFERENCE, ZUID_HOLLAND
from tests.strategies import overzicht_budgets

B2024 = Periode(PeriodeSoort.BEGROTING, 2024)
R2025 = Periode(PeriodeSoort.RAMING, 2025)


def budget(text):
    loaded = load_bytes(text.encode(), "x.toml")
    assert loaded.diagnostics == ()
    return loaded.begroting


def test_a_programme_sums_its_regels_and_computes_its_saldo():
    view = overzicht(budget(GEMEENTE))
    bestuur = view.programmas[0].cijfers
    assert (bestuur.get("lasten", B2024), bestuur.get("baten", B2024)) == (1000, 200)
    assert bestuur.get("saldo", R2025) == 850


def test_the_budget_adds_programmes_and_reserves_up_to_its_resultaat():
    view = overzicht(budget(GEMEENTE))
    figures = view.cijfers
    assert figures.get("saldo", B2024) == 100
    assert figures.get("mutatie_reserves", B2024) == -30
    assert figures.get("resultaat", B2024) == 70
    assert figures.get("resultaat", R2025) == 150  # no reserves in 2025: resultaat is the saldo
    assert [str(p) for p in view.perioden] == ["begroting 2024", "raming 2025"]


def test_a_stated_amount_is_the_figure_where_nothing_below_gives_it():
    view = overzicht(budget(GEMEENTE.replace('toevoeging_reserve = { "begroting 2024" = 20 }\n'
                                             'onttrekking_reserve = { "begroting 2024" = 50 }\n"""',
                                             '"""')))
    assert view.cijfers.get("toevoeging_reserve", B2024) == 20  # [totaal]'s own figure


def test_pm_marks_every_figure_it_is_part_of():
    view = overzicht(budget(GEMEENTE.replace('lasten = { "begroting 2024" = 400, ',
                                             'lasten = { "begroting 2024" = "p.m.", ')))
    assert ("lasten", B2024) in view.programmas[0].regels[1].cijfers.pm
    assert ("saldo", B2024) in view.programmas[0].cijfers.pm
    assert ("resultaat", B2024) in view.cijfers.pm
    assert ("lasten", R2025) not in view.cijfers.pm


def test_a_regel_that_splits_its_lasten_adds_its_parts():
    view = overzicht(load(REFERENCE).begroting)
    stikstof = next(r for p in view.programmas for r in p.regels if r.regel.code == "3.9")
    own = Periode.eigen(2021)
    assert stikstof.cijfers.get("lasten", own) == 197  # p.m. + 120 + 77
    assert ("lasten", own) in stikstof.cijfers.pm
    assert view.cijfers.get("lasten", own) == 30547


def test_a_jaarrekening_gets_a_verschil_column_per_year_with_a_rekening():
    view = overzicht(load(DRIMMELEN).begroting)
    (verschil,) = view.verschillen
    assert (str(verschil.was), str(verschil.wordt)) == ("begroting 2021 na wijziging",
                                                        "rekening 2021")
    assert waarde(view.cijfers, "lasten", verschil) == 68608 - 65448  # computed, not printed
    assert [str(k) for k in view.kolommen][-1] == "verschil 2021"


def test_real_budgets_give_their_printed_figures_where_the_rows_add_up():
    view = overzicht(load(ZUID_HOLLAND).begroting)
    own = Periode.eigen(2018)
    assert view.cijfers.get("lasten", own) == 682157  # printed 682.156: rounding
    assert view.cijfers.get("mutatie_reserves", own) == 5317
    bronckhorst = overzicht(load(BRONCKHORST).begroting)
    assert bronckhorst.cijfers.get("resultaat", Periode(PeriodeSoort.RAMING, 2026)) == 2282


def test_only_budgets_with_more_than_lasten_for_their_year_need_the_overview():
    ipo = load(REFERENCE).begroting
    assert not spreekt_v2(ipo)
    assert not nodig(overzicht(ipo))
    assert nodig(overzicht(budget(GEMEENTE)))


def test_per_taakveld_sums_regels_across_programmes_and_keeps_the_rest_apart():
    report = per_taakveld(overzicht(budget(GEMEENTE)))
    codes = [(t.code, t.naam) for t in report.taakvelden]
    assert codes == [("0.1", "Bestuur"), ("0.2", "Burgerzaken"), ("", None)]
    rest = report.taakvelden[-1].cijfers  # programme AD has no regels
    assert rest.get("baten", B2024) == 1200


@settings(max_examples=60, deadline=None)
@given(overzicht_budgets())
def test_every_level_adds_up_and_saldo_is_lasten_minus_baten(text):
    view = overzicht(budget(text))
    for periode in view.perioden:
        for soort in ("lasten", "baten"):
            given = [p.cijfers.get(soort, periode) for p in view.programmas]
            if any(g is not None for g in given):
                assert view.cijfers.get(soort, periode) == sum((g or D(0) for g in given), D(0))
        for node in (view.cijfers, *(p.cijfers for p in view.programmas)):
            lasten, baten = node.get("lasten", periode), node.get("baten", periode)
            if lasten is not None or baten is not None:
                assert node.get("saldo", periode) == (lasten or 0) - (baten or 0)
