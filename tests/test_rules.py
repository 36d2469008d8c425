"""Each rule: a snippet it accepts and one it rejects, asserting code, subject and line."""

import re
from decimal import Decimal

import pytest

from begroting_cli import engine
from begroting_cli.diagnostic import Severity
from begroting_cli.load import load, load_bytes, load_vorige
from begroting_cli.rules import RULES, _Precisie, _regels, check
from tests.samples import CLEAN, EXACT, MINIMAL, REFERENCE, line_of

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
    assert found.message == ("overgeslagen: [begroting] noemt geen vorige begroting om mee te "
                             "vergelijken")


def test_every_rule_has_a_unique_code_and_name():
    assert len({r.code for r in RULES}) == len({r.name for r in RULES}) == len(RULES)


def test_duplicate_beleidsopgave_code(run):
    text = CLEAN.replace('code = "1.2"', 'code = "1.1"')
    assert findings(run(text), "BGR008") == [(ERROR, "1.1", line_of(text, 'code = "1.1"', 2))]
    (found,) = [d for d in run(text) if d.code == "BGR008"]
    first = line_of(text, 'code = "1.1"')
    assert found.message == f"beleidsopgavecode '1.1' staat al op regel {first}"


def test_a_code_that_only_looks_the_same_says_so(run):
    text = CLEAN.replace('code = "1.2"', 'code = "1.1\u200b"')
    (found,) = [d for d in run(text) if d.code == "BGR008"]
    first = line_of(text, 'code = "1.1"')
    assert found.message == (f"beleidsopgavecode '1.1\\u200b' staat al op regel {first} als "
                             "'1.1', die er hetzelfde uitziet")
    (unseen,) = [d for d in run(text) if d.code == "BGR604"]
    assert unseen.message == ("code '1.1\\u200b' bevat een teken dat niet te zien is: een lezer "
                              "ziet geen verschil met de code zonder dat teken")


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
    assert found[0].message == "totaal 1.101, berekend 1.100: afrondingsverschil 1 (grens 2)"


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
    assert found[0].message == ("overhead 380, verwacht 400 (400 directe personeelslasten x "
                                "overheadtarief 100%)")


def test_pm_is_a_warning_and_says_whether_there_is_an_indicatie(run):
    text = CLEAN.replace("programmalasten = 300\ndirecte", 'programmalasten = "p.m."\ndirecte')
    found = [d for d in run(text) if d.code == "BGR301"]
    assert [(d.severity, d.subject) for d in found] == [(WARNING, "1.1")]
    assert found[0].message == ("programmalasten is p.m.: de totalen zijn onvolledig (en er is "
                                "geen indicatie opgegeven)")
    with_indicatie = text.replace('programmalasten = "p.m."', 'programmalasten = "p.m."\n'
                                  "indicatie = 4200")
    assert [d for d in run(with_indicatie) if d.code == "BGR301"][0].message == (
        "programmalasten is p.m.: de totalen zijn onvolledig (indicatie 4.200)")


def test_index_must_name_a_rate(run):
    text = CLEAN.replace("kassiersfunctie = true", 'kassiersfunctie = true\nindex = "dso"')
    assert findings(run(text), "BGR401") == [(ERROR, "1.2", line_of(text, 'index = "dso"'))]
    assert [d.message for d in run(text) if d.code == "BGR401"] == [
        "index 'dso' is geen tarief in [indexatie] (tarieven: personeel)"]
    assert findings(run(text.replace("personeel = 0.02", "personeel = 0.02\ndso = 0.03")),
                    "BGR401") == []


def test_a_rate_typed_as_a_percentage(run):
    text = CLEAN.replace("personeel = 0.02", "personeel = 1.6")
    found = [d for d in run(text) if d.code == "BGR402"]
    assert [(d.severity, d.line) for d in found] == [(WARNING, line_of(text, "personeel = 1.6"))]
    # the rate in Dutch, what to write in the file as TOML writes it
    assert found[0].message == "tarief 1,6 is 160%; voor 1,6% schrijft u 0.016"


def test_jaar_out_of_range(run):
    text = CLEAN.replace("jaar = 2021", "jaar = 1850")
    assert findings(run(text), "BGR601") == [(ERROR, "begroting", 4)]
    assert [d.message for d in run(text) if d.code == "BGR601"] == [
        "jaar 1850 ligt niet tussen 1900 en 2200"]


def test_negative_amount_on_a_beleidsopgave(run):
    text = CLEAN.replace("programmalasten = 300\ndirecte", "programmalasten = -300\ndirecte")
    assert (WARNING, "1.1", line_of(text, "programmalasten = -300")) in findings(run(text),
                                                                                  "BGR602")
    assert "programmalasten is negatief (-300)" in [d.message for d in run(text)]


def test_a_programme_without_beleidsopgaven_among_ones_with(run):
    text = CLEAN + '\n[[programma]]\ncode = "2"\nnaam = "Leeg"\n'
    assert findings(run(text), "BGR603") == [(WARNING, "2", line_of(text, "[[programma]]", 2))]
    assert [d.message for d in run(text) if d.code == "BGR603"] == [
        "programma heeft geen beleidsopgaven, de andere programma's wel"]


def test_a_waiver_turns_a_finding_into_info_with_its_reason(run):
    text = CLEAN.replace("overhead = 400\ntotaal = 1100", "overhead = 380\ntotaal = 1080") + (
        '\n[[uitzondering]]\nregel = "BGR201"\nonderwerp = "1.1"\nreden = "Vast bedrag."\n')
    (found,) = [d for d in run(text) if d.code == "BGR201"]
    assert found.severity is INFO
    assert found.message == ("overhead 380, verwacht 400 (400 directe personeelslasten x "
                             "overheadtarief 100%) (uitzondering: Vast bedrag.)")


def test_a_waiver_that_matches_nothing_is_a_warning(run):
    text = CLEAN + '\n[[uitzondering]]\nregel = "BGR201"\nonderwerp = "1.1"\nreden = "Oud."\n'
    assert findings(run(text), "BGR701") == [(WARNING, "1.1", line_of(text, "[[uitzondering]]"))]
    assert [d.message for d in run(text) if d.code == "BGR701"] == [
        "uitzondering komt met geen enkele bevinding overeen"]
    unknown = text.replace('regel = "BGR201"', 'regel = "BGR999"')
    assert [d.message for d in run(unknown) if d.code == "BGR701"] == [
        "uitzondering noemt een controle die niet bestaat ('BGR999')"]


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
        assert found[0].message == ("de verklaringen tellen op tot 200, het verschil (was - "
                                    "wordt) is 100: -100 is onverklaard")

    def test_no_items_is_a_warning(self, run, write):
        write(self.WAS, "was.toml")
        found = findings(run(self.wordt(), skip_verklaring=False), "BGR501")
        assert [f[0] for f in found] == [WARNING]

    def test_an_unreadable_vorige_is_an_error_that_says_why(self, run, write):
        found = [d for d in run(self.wordt(100), skip_verklaring=False) if d.code == "BGR501"]
        assert [d.severity for d in found] == [ERROR]
        vorige = load_vorige(load(write(self.wordt(100))))
        assert vorige is not None and vorige.diagnostics[0].code == "BGR001"  # no such file
        assert found[0].message == (f"vorige {vorige.file} is niet te gebruiken: "
                                    f"{vorige.diagnostics[0].message}")


def test_a_pm_row_in_lasten_makes_the_apparatus_unknown_not_wrong(run):
    text = CLEAN.replace("personeelslasten_overig = 100", 'personeelslasten_overig = "p.m."')
    found = run(text)
    assert [d for d in found if d.severity is ERROR] == []
    assert findings(found, "BGR301") == [
        (WARNING, "lasten", line_of(text, 'personeelslasten_overig = "p.m."'))]


def test_tolerantie_must_be_a_number(write):
    loaded = load(write(CLEAN.replace("eenheid = 1000", 'eenheid = 1000\ntolerantie = "p.m."')))
    assert [d.code for d in loaded.diagnostics] == ["BGR004"]


def test_findings_come_cause_before_effect_regel_programme_budget(run):
    # One overhead typed wrong: the regel's own findings, then the totaal of its programme
    # (higher up in the file), then the [lasten] table of the whole budget (higher still).
    text = CLEAN.replace("overhead = 400\ntotaal = 1100", "overhead = 445\ntotaal = 1100")
    assert [(d.code, d.subject, d.line) for d in run(text)] == [
        ("BGR201", "1.1", line_of(text, "overhead = 445")),
        ("BGR101", "1.1", line_of(text, "totaal = 1100", 2)),
        ("BGR102", "1", line_of(text, "totaal = 2300", 2)),
        ("BGR106", "lasten", line_of(text, "personeelslasten_direct = 800")),
    ]


def test_the_order_puts_settings_first_and_verklaring_and_waivers_last(run):
    text = CLEAN.replace("jaar = 2021", "jaar = 1850").replace(
        "overhead = 400\ntotaal = 1100", "overhead = 445\ntotaal = 1100") + (
        '\n[[uitzondering]]\nregel = "BGR201"\nonderwerp = "9.9"\nreden = "Oud."\n')
    assert [d.code for d in run(text, skip_verklaring=False)] == [
        "BGR501", "BGR601",  # [begroting]: no vorige to compare with (its line), its jaar
        "BGR201", "BGR101", "BGR102", "BGR106", "BGR701"]


LINE = """
[[programma]]
code = "1"
naam = "Programma"

[[programma.beleidsopgave]]
code = "1.1"
naam = "Opgave"
programmalasten = 1250
directe_personeelslasten = 360
overhead = 231
"""
"""A regel whose programmalasten is on line 14 after MINIMAL."""


class TestDuizendtallen:
    """BGR605: 1.234 typed for 1234, which TOML reads as 1,234."""

    @staticmethod
    def found(text):
        return [d for d in check(load_bytes(text.encode(), "x.toml")) if d.code == "BGR605"]

    def test_the_example_in_the_docs_is_what_validate_prints(self):
        from begroting_cli.render.diagnostics.text import diagnostic
        from tests.test_docs import examples

        (found,) = self.found(MINIMAL + LINE.replace("= 1250", "= 1.250"))
        assert diagnostic(found) == examples()["BGR605"]
        assert (found.expected, found.found) == (1250, Decimal("1.250"))

    def test_a_thousands_point_in_a_real_budget_is_reported_at_its_own_line(self, run):
        # IPO-Begroting 2021, beleidsopgave 1.5: programmalasten 1650 typed as 1.650
        text = REFERENCE.read_text(encoding="utf-8").replace(
            "programmalasten = 1650\n", "programmalasten = 1.650\n")
        found = run(text)
        (warning,) = [d for d in found if d.code == "BGR605"]
        assert (warning.severity, warning.subject, warning.line) == (
            WARNING, "1.5", line_of(text, "programmalasten = 1.650"))
        assert warning.message == ("programmalasten 1.650 is in TOML 1,65: de punt scheidt daar "
                                   "decimalen, geen duizendtallen; bedoelt u 1650?")
        # the totals it is part of fail, after it: its regel, its programme, the budget
        assert [(d.code, d.subject) for d in found if d.severity is ERROR] == [
            ("BGR101", "1.5"), ("BGR102", "1"), ("BGR105", "lasten"), ("BGR105", "lasten.basis")]
        assert found.index(warning) < min(found.index(d) for d in found if d.severity is ERROR)
        # and the bounds stay those of whole units: the rounding differences stay info
        assert [d for d in found if d.code == "BGR201"] == []
        assert len([d for d in found if d.code == "BGR101" and d.severity is INFO]) == 8

    def test_the_same_budget_in_millions_to_three_decimals_is_not_reported(self, run):
        # IPO-Begroting 2021 in millions: 1650 (x 1.000) is 1.650 (x 1.000.000), 231 is 0.231
        original = REFERENCE.read_text(encoding="utf-8")
        amount = re.compile(r"^((?:programmalasten|directe_personeelslasten|overhead|totaal|"
                            r"personeelslasten_\w+|huisvesting|bedrag|indicatie) = )(-?\d+)$",
                            re.MULTILINE)
        millions = amount.sub(lambda m: f"{m[1]}{Decimal(m[2]).scaleb(-3):.3f}", original)
        millions = millions.replace("eenheid = 1000\n", "eenheid = 1000000\n")
        assert "programmalasten = 1.650\n" in millions and "overhead = 0.231\n" in millions
        found = run(millions)
        assert [d for d in found if d.code == "BGR605"] == []
        # and its rounding differences are the same, in thousandths of a million
        assert [(d.code, d.subject, d.severity) for d in found if d.code in ("BGR101", "BGR102")
                ] == [(d.code, d.subject, d.severity) for d in run(original)
                      if d.code in ("BGR101", "BGR102")]
        assert [d.code for d in found if d.severity is not INFO] == ["BGR301"]  # the p.m.

    def test_at_least_half_of_the_amounts_so_written_is_a_budget_in_millions(self):
        # Zuid-Holland 2018, programme 2, in millions; a programme of whole millions
        text = MINIMAL.replace("eenheid = 1000", "eenheid = 1000000") + (
            '\n[[programma]]\ncode = "2"\nnaam = "Bereikbaarheid"\nlasten = 255.551\n'
            'baten = 17.192\nsaldo = 238.359\n\n[[programma]]\ncode = "9"\nnaam = "Rond"\n'
            'lasten = 12\nbaten = 12\n')
        assert self.found(text) == []
        # unless `decimalen` says the file prints whole units: then each is reported
        whole = text.replace("eenheid = 1000000", "eenheid = 1000000\ndecimalen = 0")
        assert [(d.subject, d.line) for d in self.found(whole)] == [
            ("2", line_of(whole, "lasten = 255.551")), ("2", line_of(whole, "baten = 17.192")),
            ("2", line_of(whole, "saldo = 238.359"))]

    def test_decimalen_3_or_another_amount_with_three_decimals_means_them(self):
        typo = MINIMAL + LINE.replace("= 1250", "= 1.250")
        assert len(self.found(typo)) == 1
        assert self.found(typo.replace("eenheid = 1000", "eenheid = 1000\ndecimalen = 3")) == []
        assert len(self.found(typo.replace("eenheid = 1000", "eenheid = 1000\ndecimalen = 2"))) == 1
        assert self.found(typo.replace("overhead = 231", "overhead = 0.125")) == []
        assert self.found(typo.replace("overhead = 231", "overhead = 1231.0625")) == []
        # two decimals elsewhere, as a budget in thousands to the ten euros prints them: reported
        assert len(self.found(typo.replace("overhead = 231", "overhead = 231.25"))) == 1

    def test_only_one_to_three_digits_a_point_and_three_decimals_look_like_thousands(self):
        for written in ("1.25", "1.2500", "0.125", "1234.567", "1250"):
            assert self.found(MINIMAL + LINE.replace("= 1250", f"= {written}")) == [], written
        for written, meant in (("-1.250", "-1250"), ("250.000", "250000"), ("999.999", "999999")):
            (found,) = self.found(MINIMAL + LINE.replace("= 1250", f"= {written}"))
            assert found.message.endswith(f"bedoelt u {meant}?")
        (found,) = self.found(MINIMAL + LINE.replace("= 1250", "= 250.000"))
        assert found.message.startswith("programmalasten 250.000 is in TOML 250:")

    def test_an_amount_in_a_table_by_period_names_its_period(self):
        from tests.samples import GEMEENTE

        text = GEMEENTE.replace('baten = { "begroting 2024" = 1200,',
                                'baten = { "begroting 2024" = 1.200,')
        (found,) = self.found(text)
        assert (found.subject, found.line) == ("AD", line_of(text, "= 1.200"))
        assert found.message == ("baten begroting 2024 1.200 is in TOML 1,2: de punt scheidt "
                                 "daar decimalen, geen duizendtallen; bedoelt u 1200?")

    @pytest.mark.parametrize("text", [CLEAN, EXACT, EXACT.replace("0.1", "0.125")])
    def test_without_such_amounts_the_decimals_are_those_of_the_engine(self, text):
        begroting = load_bytes(text.encode(), "x.toml").begroting
        assert begroting is not None
        precisie = _Precisie(begroting, tuple(_regels(begroting)))
        assert precisie.duizendtallen == []
        assert precisie.decimalen == engine.decimalen(begroting)

    def test_the_bundled_budgets_have_no_such_amounts(self):
        from begroting_cli.bundled import BUDGETS

        for path in sorted(BUDGETS.glob("*.toml")):
            begroting = load(path).begroting
            assert begroting is not None
            precisie = _Precisie(begroting, tuple(_regels(begroting)))
            assert precisie.duizendtallen == [], path.name
            assert precisie.decimalen == engine.decimalen(begroting)
