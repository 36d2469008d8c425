"""The overview of baten en lasten: every soort in every period, at every level."""

import json
from decimal import Decimal as D

from hypothesis import given, settings

from begroting_cli.load import load, load_bytes
from begroting_cli.model import Periode, PeriodeSoort
from begroting_cli.overzicht import nodig, overzicht, per_taakveld, spreekt_v2, waarde
from tests.samples import (
    BRONCKHORST,
    DRIMMELEN,
    GEMEENTE,
    HEAD_2024,
    REFERENCE,
    STATED_OVER_A_SALDO,
    ZUID_HOLLAND,
)
from tests.strategies import overzicht_budgets, overzicht_budgets_met_saldi

B2024 = Periode(PeriodeSoort.BEGROTING, 2024)
R2025 = Periode(PeriodeSoort.RAMING, 2025)
R2026 = Periode(PeriodeSoort.RAMING, 2026)
K2022 = Periode(PeriodeSoort.REKENING, 2022)


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


HEAD = HEAD_2024

MIXED = HEAD + """
[[programma]]
code = "1"
naam = "A"

[[programma.regel]]
code = "1A"
naam = "a, lasten and baten"
lasten = 600
baten = 100

[[programma.regel]]
code = "1B"
naam = "b, only a saldo"
saldo = 300
"""
"""The review's mixed-regels-plain.toml."""


def figures(cijfers, *soorten, periode=B2024):
    return tuple(cijfers.get(soort, periode) for soort in soorten)


def test_the_budgets_saldo_counts_the_regels_that_give_only_a_saldo():
    view = overzicht(budget(MIXED))
    assert figures(view.programmas[0].cijfers, "saldo", "resultaat") == (800, 800)
    assert figures(view.cijfers, "saldo", "resultaat") == (800, 800)  # was 500: 1B left out


def test_lasten_of_which_a_regel_gives_only_a_saldo_are_marked_as_not_all_there_is():
    view = overzicht(budget(MIXED))
    assert figures(view.cijfers, "lasten", "baten") == (600, 100)
    assert {("lasten", B2024), ("baten", B2024)} <= view.cijfers.onvolledig
    assert ("saldo", B2024) not in view.cijfers.onvolledig


def test_the_budgets_mutatie_counts_the_regels_that_give_only_a_mutatie():
    view = overzicht(budget(HEAD + """
[[programma]]
code = "RES"
naam = "Reserves"

[[programma.regel]]
code = "RES-1"
naam = "Algemene reserve"
toevoeging_reserve = 500
onttrekking_reserve = 100

[[programma.regel]]
code = "RES-2"
naam = "Overige reserves (alleen het saldo)"
mutatie_reserves = -300
"""))
    assert figures(view.cijfers, "mutatie_reserves", "resultaat") == (100, 100)  # was 400


def test_a_stated_total_is_the_figure_where_a_regel_gives_only_a_saldo():
    view = overzicht(budget(STATED_OVER_A_SALDO))
    expected = (1000, 200, 800)  # the programme's own, not the regels' 600 and 100
    assert figures(view.programmas[0].cijfers, "lasten", "baten", "saldo") == expected
    assert figures(view.cijfers, "lasten", "baten", "saldo") == expected


def test_a_column_one_programme_does_not_give_shows_the_stated_total():
    view = overzicht(budget(HEAD + """
[totaal]
lasten = { "rekening 2022" = 1500, "begroting 2024" = 1600 }

[[programma]]
code = "1"
naam = "A"
lasten = { "rekening 2022" = 1000, "begroting 2024" = 1050 }

[[programma]]
code = "2"
naam = "B"
lasten = 550
"""))
    assert figures(view.cijfers, "lasten", "saldo", "resultaat", periode=K2022) == (
        1500, 1500, 1500)


def test_a_regels_saldo_only_budget_keeps_the_saldo_of_its_regels():
    # the review's regels-saldo-only.toml: lasten - baten is 900, the regels' saldi 800
    view = overzicht(budget(HEAD + """
[[programma]]
code = "1"
naam = "A"
lasten = 1000
baten = 100
saldo = 800

[[programma.regel]]
code = "1A"
naam = "a"
saldo = 500

[[programma.regel]]
code = "1B"
naam = "b"
saldo = 300
"""))
    assert figures(view.programmas[0].cijfers, "saldo") == (800,)
    assert figures(view.cijfers, "lasten", "baten", "saldo") == (1000, 100, 800)  # was 900


def test_a_regel_that_splits_its_lasten_for_one_period_keeps_its_stated_lasten_for_others():
    view = overzicht(budget(HEAD + """
[[programma]]
code = "1"
naam = "A"

[[programma.regel]]
code = "1A"
naam = "split for 2024, lasten for the ramingen"
programmalasten = 100
directe_personeelslasten = 50
overhead = 30
lasten = { "begroting 2024" = 180, "raming 2025" = 200, "raming 2026" = 210 }
baten = { "begroting 2024" = 20, "raming 2025" = 20, "raming 2026" = 20 }
"""))
    regel = view.programmas[0].regels[0].cijfers
    assert [figures(regel, "lasten", "saldo", periode=p) for p in (B2024, R2025, R2026)] == [
        (180, 160), (200, 180), (210, 190)]


def test_a_period_with_part_of_the_split_uses_the_stated_lasten_or_has_none():
    view = overzicht(budget(HEAD + """
[[programma]]
code = "1"
naam = "A"

[[programma.regel]]
code = "1A"
naam = "a"
programmalasten = { "begroting 2024" = 100, "raming 2025" = 110 }
directe_personeelslasten = { "begroting 2024" = 50, "raming 2026" = 60 }
overhead = 30
lasten = { "begroting 2024" = 180, "raming 2025" = 200 }
"""))
    regel = view.programmas[0].regels[0].cijfers
    assert [regel.get("lasten", p) for p in (B2024, R2025, R2026)] == [180, 200, None]
    assert ("lasten", R2026) in regel.onvolledig  # not 60: the tool cannot know it


def test_per_taakveld_does_not_count_a_saldo_again_that_the_programme_summarises():
    # the review's taakveld-saldo.toml: the rows made 1600 of a budget of 800
    text = HEAD.replace("eenheid = 1000", 'eenheid = 1000\nsoort_organisatie = "gemeente"') + """
[[programma]]
code = "1"
naam = "A"
lasten = 1000
baten = 200
saldo = 800

[[programma.regel]]
code = "1A"
naam = "a"
taakveld = "0.1"
saldo = 500

[[programma.regel]]
code = "1B"
naam = "b"
taakveld = "0.2"
saldo = 300
"""
    report = per_taakveld(overzicht(budget(text)))
    assert [(t.code, t.cijfers.get("saldo", B2024)) for t in report.taakvelden] == [
        ("0.1", 500), ("0.2", 300)]


@settings(max_examples=80, deadline=None)
@given(overzicht_budgets_met_saldi())
def test_saldo_mutatie_and_resultaat_are_the_sum_of_the_level_below_however_it_gives_them(text):
    view = overzicht(budget(text))
    levels = [(view.cijfers, [p.cijfers for p in view.programmas])]
    levels += [(p.cijfers, [r.cijfers for r in p.regels]) for p in view.programmas if p.regels]
    for periode in view.perioden:
        for node, children in levels:
            given = [c.get("saldo", periode) for c in children]
            if any(g is not None for g in given):
                assert node.get("saldo", periode) == sum((g or D(0) for g in given), D(0))
        soorten = ("saldo", "mutatie_reserves", "resultaat")
        saldo, mutatie, resultaat = (view.cijfers.get(s, periode) for s in soorten)
        if any((s, periode) in view.cijfers.onvolledig for s in soorten):
            continue  # a sum of what there is: a part of it is not known
        if saldo is not None or mutatie is not None:
            assert resultaat == (saldo or 0) + (mutatie or 0)


def test_a_sum_that_is_not_all_of_it_is_marked_in_every_format(write):
    from typer.testing import CliRunner

    from begroting_cli.cli import app

    path = write(MIXED)
    runner = CliRunner()
    table = runner.invoke(app, ["totals", str(path), "--detail"]).stdout
    assert "600 *" in table and "* Deels:" in table
    figures = json.loads(runner.invoke(app, ["totals", str(path), "-f", "json"]).stdout)
    assert figures["programmas"][0]["deels"] == {"baten": ["begroting 2024"],
                                                 "lasten": ["begroting 2024"]}
    csv = runner.invoke(app, ["totals", str(path), "-f", "csv"]).stdout
    assert "1,A,,,,lasten" not in csv and "1,A,,,,saldo,begroting 2024,800" in csv
