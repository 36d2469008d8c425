"""Each rule: a snippet it accepts and one it rejects, asserting code, subject and line."""

import pytest

from begroting_cli.diagnostic import Severity
from begroting_cli.load import load, load_vorige
from begroting_cli.rules import RULES, check
from tests.samples import CLEAN, line_of

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@pytest.fixture
def run(write):
    def run(text: str, skip_verklaring: bool = True):
        loaded = load(write(text))
        found = check(loaded, load_vorige(loaded))
        return [d for d in found if not (skip_verklaring and d.code == "BGR501")]

    return run


def findings(found, code):
    return [(d.severity, d.subject, d.line) for d in found if d.code == code]


def test_the_clean_budget_has_no_findings_at_all(run):
    assert run(CLEAN) == []


def test_without_vorige_the_verklaring_rule_says_it_was_skipped(run):
    (found,) = run(CLEAN, skip_verklaring=False)
    assert (found.code, found.severity) == ("BGR501", INFO)
    assert "skipped" in found.message


def test_every_rule_has_a_unique_code_and_name():
    assert len({r.code for r in RULES}) == len({r.name for r in RULES}) == len(RULES)


def test_duplicate_beleidsopgave_code(run):
    text = CLEAN.replace('code = "1.2"', 'code = "1.1"')
    assert findings(run(text), "BGR008") == [(ERROR, "1.1", line_of(text, 'code = "1.1"', 2))]


def test_beleidsopgave_totaal_beyond_rounding_is_an_error_at_its_totaal(run):
    text = CLEAN.replace("overhead = 400", "overhead = 445")
    found = run(text)
    assert findings(found, "BGR101") == [(ERROR, "1.1", line_of(text, "totaal = 1100", 2))]
    (error,) = [d for d in found if d.code == "BGR101"]
    assert (error.expected, error.found) == (1145, 1100)


def test_beleidsopgave_totaal_within_rounding_is_an_afrondingsverschil(run):
    text = CLEAN.replace("totaal = 1100", "totaal = 1101").replace(
        "[lasten.basis]\nprogrammalasten = 300", "[lasten.basis]\nprogrammalasten = 300")
    found = [d for d in run(text) if d.code == "BGR101"]
    assert [(d.severity, d.subject) for d in found] == [(INFO, "1.1")]
    assert "afrondingsverschil" in found[0].message and "bound 2" in found[0].message


def test_programme_totaal(run):
    text = CLEAN.replace('naam = "Programma"\ntotaal = 2300', 'naam = "Programma"\ntotaal = 2400')
    assert findings(run(text), "BGR102") == [(ERROR, "1", line_of(text, "totaal = 2400"))]


def test_lasten_table_totaal(run):
    text = CLEAN.replace("totaal = 1100\n\n[[programma]]", "totaal = 1110\n\n[[programma]]")
    assert (ERROR, "lasten.basis", line_of(text, "totaal = 1110")) in findings(run(text),
                                                                                "BGR103")


def test_lasten_is_basis_plus_kassiersfunctie(run):
    text = CLEAN.replace("personeelslasten_overig = 80", "personeelslasten_overig = 90")
    assert findings(run(text), "BGR104") == [
        (ERROR, "lasten", line_of(text, "personeelslasten_overig = 100"))]


def test_basis_programmalasten_against_the_lines(run):
    text = CLEAN.replace("[lasten.basis]\nprogrammalasten = 300",
                         "[lasten.basis]\nprogrammalasten = 350")
    assert findings(run(text), "BGR105") == [
        (ERROR, "lasten.basis", line_of(text, "programmalasten = 350"))]


def test_apparaatslasten_against_the_lines(run):
    text = CLEAN.replace("[lasten]\nprogrammalasten = 1300\npersoneelslasten_direct = 800",
                         "[lasten]\nprogrammalasten = 1300\npersoneelslasten_direct = 900")
    assert findings(run(text), "BGR106") == [
        (ERROR, "lasten", line_of(text, "personeelslasten_direct = 900"))]


def test_a_dropped_kassiersfunctie_flag(run):
    text = CLEAN.replace("kassiersfunctie = true\n", "")
    found = findings(run(text), "BGR107")
    assert (ERROR, "lasten.kassiersfunctie",
            line_of(text, "programmalasten = 1000", 1)) in found


def test_overhead_off_the_rate_is_a_warning_naming_the_expected_amount(run):
    text = CLEAN.replace("overhead = 400\ntotaal = 1100", "overhead = 380\ntotaal = 1080")
    found = [d for d in run(text) if d.code == "BGR201"]
    assert [(d.severity, d.subject, d.line) for d in found] == [
        (WARNING, "1.1", line_of(text, "overhead = 380"))]
    assert "expected 400 (400 directe personeelslasten x overhead rate 100%)" in found[0].message


def test_pm_is_a_warning_and_says_whether_there_is_an_indicatie(run):
    text = CLEAN.replace("programmalasten = 300\ndirecte", 'programmalasten = "p.m."\ndirecte')
    found = [d for d in run(text) if d.code == "BGR301"]
    assert [(d.severity, d.subject) for d in found] == [(WARNING, "1.1")]
    assert "no indicatie" in found[0].message
    with_indicatie = text.replace('programmalasten = "p.m."', 'programmalasten = "p.m."\n'
                                  "indicatie = 4200")
    assert "indicatie 4200" in [d for d in run(with_indicatie) if d.code == "BGR301"][0].message


def test_index_must_name_a_rate(run):
    text = CLEAN.replace("kassiersfunctie = true", 'kassiersfunctie = true\nindex = "dso"')
    assert findings(run(text), "BGR401") == [(ERROR, "1.2", line_of(text, 'index = "dso"'))]
    assert findings(run(text.replace("personeel = 0.02", "personeel = 0.02\ndso = 0.03")),
                    "BGR401") == []


def test_a_rate_typed_as_a_percentage(run):
    text = CLEAN.replace("personeel = 0.02", "personeel = 1.6")
    found = [d for d in run(text) if d.code == "BGR402"]
    assert [(d.severity, d.line) for d in found] == [(WARNING, line_of(text, "personeel = 1.6"))]
    assert "write 0.016" in found[0].message


def test_jaar_out_of_range(run):
    text = CLEAN.replace("jaar = 2021", "jaar = 1850")
    assert findings(run(text), "BGR601") == [(ERROR, "begroting", 4)]


def test_negative_amount_on_a_beleidsopgave(run):
    text = CLEAN.replace("programmalasten = 300\ndirecte", "programmalasten = -300\ndirecte")
    assert (WARNING, "1.1", line_of(text, "programmalasten = -300")) in findings(run(text),
                                                                                  "BGR602")


def test_a_programme_without_beleidsopgaven_among_ones_with(run):
    text = CLEAN + '\n[[programma]]\ncode = "2"\nnaam = "Leeg"\n'
    assert findings(run(text), "BGR603") == [(WARNING, "2", line_of(text, "[[programma]]", 2))]


def test_a_waiver_turns_a_finding_into_info_with_its_reason(run):
    text = CLEAN.replace("overhead = 400\ntotaal = 1100", "overhead = 380\ntotaal = 1080") + (
        '\n[[uitzondering]]\nregel = "BGR201"\nonderwerp = "1.1"\nreden = "Vast bedrag."\n')
    (found,) = [d for d in run(text) if d.code == "BGR201"]
    assert found.severity is INFO
    assert found.message.endswith("(uitzondering: Vast bedrag.)")


def test_a_waiver_that_matches_nothing_is_a_warning(run):
    text = CLEAN + '\n[[uitzondering]]\nregel = "BGR201"\nonderwerp = "1.1"\nreden = "Oud."\n'
    assert findings(run(text), "BGR701") == [(WARNING, "1.1", line_of(text, "[[uitzondering]]"))]


def test_tolerantie_overrides_the_rounding_bound(run):
    text = CLEAN.replace("overhead = 400\ntotaal = 1100", "overhead = 400\ntotaal = 1110")
    assert findings(run(text), "BGR101")[0][0] is ERROR
    lenient = text.replace("eenheid = 1000", "eenheid = 1000\ntolerantie = 10")
    assert findings(run(lenient), "BGR101")[0][0] is INFO


class TestVerklaring:
    WAS = """\
[begroting]
naam = "Vorig jaar"
organisatie = "Testorganisatie"
jaar = 2020
eenheid = 1000

[lasten.basis]
programmalasten = 400
personeelslasten_direct = 640
personeelslasten_overig = 80
huisvesting = 80
"""

    def wordt(self, *bedragen):
        items = "".join(f'\n[[verklaring]]\nomschrijving = "Post {n}"\nbedrag = {b}\n'
                        for n, b in enumerate(bedragen))
        return CLEAN.replace("eenheid = 1000", 'eenheid = 1000\nvorige = "was.toml"') + items

    def test_items_that_add_up_to_the_verschil_pass(self, run, write):
        write(self.WAS, "was.toml")
        assert findings(run(self.wordt(60, 40), skip_verklaring=False), "BGR501") == []

    def test_an_item_off_by_100_leaves_an_unexplained_rest(self, run, write):
        write(self.WAS, "was.toml")
        text = self.wordt(60, 140)
        found = [d for d in run(text, skip_verklaring=False) if d.code == "BGR501"]
        assert [(d.severity, d.line) for d in found] == [(ERROR, line_of(text,
                                                                         "[[verklaring]]"))]
        assert "-100 is unexplained" in found[0].message

    def test_no_items_is_a_warning(self, run, write):
        write(self.WAS, "was.toml")
        found = findings(run(self.wordt(), skip_verklaring=False), "BGR501")
        assert [f[0] for f in found] == [WARNING]

    def test_an_unreadable_vorige_is_an_error(self, run):
        found = [d for d in run(self.wordt(100), skip_verklaring=False) if d.code == "BGR501"]
        assert [d.severity for d in found] == [ERROR]
        assert "no such file" in found[0].message


def test_a_pm_row_in_lasten_makes_the_apparatus_unknown_not_wrong(run):
    text = CLEAN.replace("personeelslasten_overig = 100", 'personeelslasten_overig = "p.m."')
    found = run(text)
    assert [d for d in found if d.severity is ERROR] == []
    assert findings(found, "BGR301") == [
        (WARNING, "lasten", line_of(text, 'personeelslasten_overig = "p.m."'))]


def test_tolerantie_must_be_a_number(write):
    loaded = load(write(CLEAN.replace("eenheid = 1000", 'eenheid = 1000\ntolerantie = "p.m."')))
    assert [d.code for d in loaded.diagnostics] == ["BGR004"]
