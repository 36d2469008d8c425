from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from begroting_cli.diagnostic import Severity
from begroting_cli.engine import totalen
from begroting_cli.indexatie import index
from begroting_cli.load import load_bytes
from begroting_cli.model import PM, Begroting
from begroting_cli.rules import check
from tests.strategies import consistent_budgets

D = Decimal


def lines(begroting):
    return [o for p in begroting.programma for o in p.regels]


def errors_of(begroting):
    import io

    from begroting_cli.render.toml import begroting as write

    out = io.StringIO()
    write(begroting, out)
    loaded = load_bytes(out.getvalue().encode(), "draft.toml")
    return [d for d in check(loaded) if d.severity is Severity.ERROR], loaded


def test_rate_zero_is_the_identity_for_amounts_totals_and_texts(reference):
    rates = {naam: D(0) for naam in reference.indexatie}
    result = index(reference, rates, 2022).begroting
    assert result.programma == reference.programma
    assert result.lasten == reference.lasten


def test_personeel_raises_directe_personeelslasten_and_leaves_programmalasten_but_dso(reference):
    result = index(reference, {"personeel": D("0.016"), "dso": D("0.03125")}, 2022).begroting
    for before, after in zip(lines(reference), lines(result), strict=True):
        assert abs(after.directe_personeelslasten - before.directe_personeelslasten * D("1.016")
                   ) <= D("0.5")
        if before.code == "1.5":
            assert after.programmalasten == 1702  # 1.650 x 1,03125 = 1.701,6
        else:
            assert after.programmalasten == before.programmalasten
    assert result.lasten.personeelslasten_direct == 10033  # 9.875 x 1,016 = 10.033


def _gap(begroting):
    """Apparaatslasten minus what the lines hold of them: the source's own rounding."""
    lasten = begroting.lasten
    held = sum(o.directe_personeelslasten + o.overhead for o in lines(begroting))
    return lasten.personeelslasten_direct + lasten.personeelslasten_overig + (
        lasten.huisvesting) - held


def test_overhead_follows_the_apparatus_at_the_new_rate(reference):
    result = index(reference, {"personeel": D("0.02")}, 2022).begroting
    assert _gap(result) == _gap(reference) == -3  # the pool is allocated exactly
    old_rate, new_rate = totalen(reference).overhead_tarief, totalen(result).overhead_tarief
    assert new_rate < old_rate  # personeelslasten_overig and huisvesting did not grow
    for before, after in zip(lines(reference), lines(result), strict=True):
        old = before.overhead - before.directe_personeelslasten * old_rate
        new = after.overhead - after.directe_personeelslasten * new_rate
        assert abs(new - old) < 1  # each line keeps its place, up to rounding


def test_the_draft_has_the_new_year_vorige_rates_and_no_verklaring(reference):
    result = index(reference, {"personeel": D("0.02")}, 2022, "ipo-begroting-2021.toml")
    meta = result.begroting.begroting
    assert (meta.jaar, meta.naam, meta.vorige) == (2022, "IPO-Begroting 2022",
                                                   "ipo-begroting-2021.toml")
    assert result.begroting.indexatie == {"personeel": D("0.02")}
    assert result.begroting.verklaring == ()
    assert [o.kassiersfunctie for o in lines(result.begroting)] == [
        o.kassiersfunctie for o in lines(reference)]
    assert next(o for o in lines(result.begroting) if o.code == "3.9").programmalasten is PM


def test_the_summary_says_what_each_rate_added(reference):
    result = index(reference, {"personeel": D("0.02"), "dso": D("0.03125")}, 2022)
    added = {t.naam: (t.kostensoort, t.bedrag) for t in result.toegevoegd}
    assert added == {"personeel": ("personeelslasten_direct", D(198)),
                     "dso": ("programmalasten", D(52))}
    assert result.wordt - result.was == D(250)


def test_the_draft_passes_validate_without_errors(reference):
    result = index(reference, {"personeel": D("0.02"), "dso": D("0.03125")}, 2022)
    errors, _ = errors_of(result.begroting)
    assert errors == []


def test_the_written_file_round_trips(reference):
    result = index(reference, {"personeel": D("0.02")}, 2023)
    _, loaded = errors_of(result.begroting)
    assert loaded.begroting == result.begroting


def test_two_years_at_r_equal_one_year_at_compound_r_within_rounding(reference):
    r = D("0.02")
    twice = index(reference, {"personeel": r}, 2023).begroting
    once = index(reference.model_copy(update={"begroting": reference.begroting.model_copy(
        update={"jaar": 2022})}), {"personeel": (1 + r) ** 2 - 1}, 2023).begroting
    for a, b in zip(lines(twice), lines(once), strict=True):
        assert a.directe_personeelslasten == b.directe_personeelslasten
        assert abs(a.overhead - b.overhead) <= 1


def test_amounts_with_cents_keep_their_cents():
    begroting = Begroting.model_validate({
        "begroting": {"naam": "B 2021", "organisatie": "O", "jaar": 2021, "eenheid": 1},
        "programma": [{"code": "1", "naam": "P", "beleidsopgave": [
            {"code": "1.1", "naam": "X", "programmalasten": D("2300.75"),
             "directe_personeelslasten": D("100.10"), "overhead": D("50.05")}]}],
    })
    (opgave,) = lines(index(begroting, {"personeel": D("0.1")}, 2022).begroting)
    assert opgave.directe_personeelslasten == D("110.11")  # 100,10 x 1,1 = 110,110
    assert opgave.overhead == D("55.06")  # no apparatus, the rate stays: 50,05 x 1,1 = 55,055
    assert opgave.programmalasten == D("2300.75")


def test_a_year_that_is_not_later_is_refused(reference):
    with pytest.raises(ValueError):
        index(reference, {}, 2021)


@given(consistent_budgets(), st.sampled_from([D(0), D("0.016"), D("0.1")]),
       st.integers(1, 3))
def test_indexed_consistent_budgets_stay_valid(data, rate, years):
    begroting = Begroting.model_validate(data)
    result = index(begroting, {"personeel": rate, "huisvesting": rate}, 2021 + years)
    errors, loaded = errors_of(result.begroting)
    assert errors == []
    assert loaded.begroting == result.begroting


def test_a_summary_budget_indexes_its_stated_tables():
    from begroting_cli.load import load
    from tests.samples import PREVIOUS

    result = index(load(PREVIOUS).begroting, {"personeel": D("0.02")}, 2021)
    basis = result.begroting.lasten.basis
    assert (basis.personeelslasten_direct, basis.huisvesting, basis.totaal) == (
        D(8027), D(2079), D(17159))  # 7.870 x 1,02 = 8.027,4; 17.002 + 157
    assert [(t.naam, t.bedrag) for t in result.toegevoegd] == [("personeel", D(157))]


def test_the_meerjarenraming_has_a_column_per_year_and_the_indexation_per_year(reference):
    from begroting_cli.indexatie import meerjarenraming

    raming = meerjarenraming(reference, dict(reference.indexatie), 2024)
    assert raming.jaren == (2021, 2022, 2023, 2024)
    assert raming.totaal[0] == D(30547)
    assert raming.totaal[2] == totalen(index(reference, dict(reference.indexatie),
                                             2023).begroting).totaal
    assert raming.indexatie[0] is None
    totaal = raming.totaal
    assert raming.indexatie[1:] == tuple(b - a for a, b in zip(totaal, totaal[1:], strict=False))
    assert [p[0] for p in raming.programmas] == [str(n) for n in range(1, 10)]
    assert raming.programmas[8][2] == (D(9301),) * 4  # Overig: no rate works on it


def test_a_pm_row_in_lasten_carries_over(reference):
    basis = reference.lasten.basis.model_copy(update={"programmalasten": PM})
    lasten = reference.lasten.model_copy(update={"basis": basis})
    result = index(reference.model_copy(update={"lasten": lasten}), {}, 2022).begroting
    assert result.lasten.basis.programmalasten is PM
    assert result.lasten.basis.totaal == reference.lasten.basis.totaal


def test_the_programmalasten_rate_counts_only_the_lines_it_raised(reference):
    result = index(reference, {"dso": D("0.03125"), "programmalasten": D("0.02")}, 2022)
    added = {t.naam: t.bedrag for t in result.toegevoegd}
    assert added["dso"] == D(52)
    assert sum(added.values()) == result.wordt - result.was


def test_a_pm_row_in_a_sub_table_still_moves_its_total(reference):
    basis = reference.lasten.basis.model_copy(update={"personeelslasten_direct": PM})
    source = reference.model_copy(update={"lasten": reference.lasten.model_copy(
        update={"basis": basis})})
    result = index(source, {"personeel": D("0.02")}, 2022).begroting.lasten
    moved = (result.totaal - source.lasten.totaal) - (
        result.kassiersfunctie.totaal - source.lasten.kassiersfunctie.totaal)
    assert abs((result.basis.totaal - source.lasten.basis.totaal) - moved) <= 1


def test_the_report_names_the_decimals_the_lines_were_rounded_to(reference):
    def budget(**amounts):
        return Begroting.model_validate({
            "begroting": {"naam": "B 2021", "organisatie": "O", "jaar": 2021, "eenheid": 1},
            "programma": [{"code": "1", "naam": "P", "beleidsopgave": [
                {"code": "1.1", "naam": "X", **amounts}]}],
        })

    assert index(reference, {"personeel": D("0.02")}, 2022).decimalen == (0,)
    cents = budget(programmalasten=D("2300.75"), directe_personeelslasten=D("100.10"),
                   overhead=D("50.05"))
    assert index(cents, {"personeel": D("0.1")}, 2022).decimalen == (2,)
    mixed = budget(programmalasten=D(2300), directe_personeelslasten=D("100.1"),
                   overhead=D("50.05"))
    assert index(mixed, {"personeel": D("0.1")}, 2022).decimalen == (0, 1, 2)
    # p.m. and 0 are not rounded, so they say nothing about the precision
    tenths = budget(programmalasten=PM, directe_personeelslasten=D("2.3"), overhead=D(0))
    assert index(tenths, {"personeel": D("0.03")}, 2022).decimalen == (1,)
