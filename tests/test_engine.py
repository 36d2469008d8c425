from dataclasses import replace
from decimal import Decimal

import pytest
from pydantic import TypeAdapter

from begroting_cli.engine import regel_totaal, totalen
from begroting_cli.load import load
from begroting_cli.model import Begroting, Periode, Regel
from tests.samples import EXACT, PREVIOUS

D = Decimal
BELEIDSOPGAVE = TypeAdapter(Regel)


def test_reference_grand_total_is_computed_from_the_lines(reference):
    report = totalen(reference)
    assert (report.totaal, report.basis, report.kassiersfunctie) == (D(30547), D(16023), D(14524))
    assert report.pm is True


def test_reference_programme_totals(reference):
    report = totalen(reference)
    got = {p.programma.code: (p.totaal, p.basis, p.kassiersfunctie, p.pm)
           for p in report.programmas}
    assert got == {
        "1": (D(4744), D(3658), D(1086), False),
        "2": (D(2636), D(2636), D(0), False),
        "3": (D(2871), D(1774), D(1097), True),
        "4": (D(3460), D(3460), D(0), False),
        "5": (D(806), D(806), D(0), False),
        "6": (D(158), D(158), D(0), False),
        "7": (D(5851), D(2511), D(3340), False),
        "8": (D(720), D(720), D(0), False),
        "9": (D(9301), D(300), D(9001), False),
    }


def test_reference_has_59_beleidsopgaven_and_seven_kassiersfunctie_items(reference):
    lines = [o for p in reference.programma for o in p.regels]
    assert len(lines) == 59
    assert [o.code for o in lines if o.kassiersfunctie] == [
        "1.4", "1.6", "3.9", "3.10", "7.7", "9.3", "9.4"]


def test_a_pm_amount_counts_as_zero_and_marks_the_line(reference):
    stikstof = next(o for p in reference.programma for o in p.regels if o.code == "3.9")
    line = regel_totaal(stikstof, Periode.eigen(2021))
    assert (line.totaal, line.pm) == (D(197), True)


def test_kostensoorten_programmalasten_come_from_the_lines(reference):
    tables = totalen(reference).kostensoorten
    assert tables["lasten"]["programmalasten"] == D(18591)  # printed 18.590: rounding
    assert tables["kassiersfunctie"]["programmalasten"] == D(12138)  # exactly as printed


def test_kassiersfunctie_apparatus_is_pro_rata_and_within_rounding_of_the_print(reference):
    kassiers = totalen(reference).kostensoorten["kassiersfunctie"]
    for soort, printed in (("personeelslasten_direct", 1970), ("personeelslasten_overig", 90),
                           ("huisvesting", 325)):
        assert abs(kassiers[soort] - printed) <= 1


def test_basis_is_lasten_minus_kassiersfunctie(reference):
    tables = totalen(reference).kostensoorten
    for soort, amount in tables["basis"].items():
        assert amount == tables["lasten"][soort] - tables["kassiersfunctie"][soort]


def test_overhead_rate_is_the_pool_over_the_direct_personnel_costs(reference):
    assert totalen(reference).overhead_tarief == (D(11953) - D(7278)) / D(7278)


def test_indexation_contained_in_the_amounts(reference):
    assert totalen(reference).indexatie == {"personeel": D("155.51"), "dso": D(50)}


def test_exact_amounts_stay_exact(write):
    assert totalen(load(write(EXACT)).begroting).totaal == D("2301.05")


def test_a_budget_without_kassiersfunctie_has_zero_kassiersfunctie(reference):
    plain = reference.model_copy(update={"programma": tuple(
        p.model_copy(update={"beleidsopgave": tuple(
            replace(o, kassiersfunctie=False) for o in p.regels)})
        for p in reference.programma)})
    report = totalen(plain)
    assert (report.kassiersfunctie, report.basis) == (0, report.totaal)
    assert report.kostensoorten["kassiersfunctie"]["totaal"] == 0


def test_the_summary_budget_2020_gives_its_basis_column():
    report = totalen(load(PREVIOUS).begroting)
    assert report.programmas == ()
    assert report.kostensoorten["basis"] == {
        "programmalasten": D(6497), "personeelslasten_direct": D(7870),
        "personeelslasten_overig": D(557), "huisvesting": D(2079), "totaal": D(17003)}
    assert report.totaal is None  # no kassiersfunctie known, so no whole total
    assert report.basis == D(17003)
    assert report.overhead_tarief is None


def test_a_file_without_texts_gives_the_same_figures(reference):
    bare = Begroting.model_validate({
        **reference.model_dump(exclude_defaults=True),
        "programma": [
            {**p.model_dump(exclude={"toelichting", "afkorting", "beleidsopgave"}),
             "beleidsopgave": [BELEIDSOPGAVE.dump_python(
                 o, exclude={"output", "heroverweging", "toelichting"})
                               for o in p.regels]}
            for p in reference.programma],
    })
    a, b = totalen(bare), totalen(reference)
    assert (a.totaal, a.basis, a.kassiersfunctie, a.kostensoorten, a.indexatie) == (
        b.totaal, b.basis, b.kassiersfunctie, b.kostensoorten, b.indexatie)


@pytest.mark.parametrize("without", ["lasten"])
def test_without_lasten_the_apparatus_and_overhead_rate_are_unknown(reference, without):
    report = totalen(reference.model_copy(update={without: None}))
    assert report.overhead_tarief is None
    assert report.kostensoorten["lasten"]["huisvesting"] is None
    assert report.kostensoorten["lasten"]["programmalasten"] == D(18591)
