from begroting_cli.load import load, load_bytes
from tests.samples import MINIMAL

LINE = """
[[programma]]
code = "1"
naam = "Programma"

[[programma.beleidsopgave]]
code = "1.1"
naam = "Opgave"
programmalasten = 125
directe_personeelslasten = 360
overhead = 231
"""


def only(loaded):
    assert loaded.begroting is None
    assert len(loaded.diagnostics) == 1
    return loaded.diagnostics[0]


def test_a_valid_file_loads_without_diagnostics(write):
    loaded = load(write(MINIMAL + LINE))
    assert loaded.diagnostics == ()
    assert loaded.begroting.programma[0].beleidsopgave[0].code == "1.1"


def test_missing_file_is_unreadable(tmp_path):
    found = only(load(tmp_path / "nope.toml"))
    assert (found.code, found.message) == ("BGR001", "bestand bestaat niet")


def test_a_directory_is_unreadable(tmp_path):
    assert only(load(tmp_path)).code == "BGR001"


def test_a_file_above_the_size_limit_is_refused_unread(write):
    found = only(load(write(MINIMAL), max_size=10))
    assert found.code == "BGR001"
    assert "groter dan het maximum van 10 bytes" in found.message


def test_invalid_toml_names_line_and_column(write):
    found = only(load(write(MINIMAL + "jaar = = 3\n")))
    assert (found.code, found.line, found.column) == ("BGR002", 6, 8)
    assert found.message == "ongeldige TOML: ongeldige waarde"


def test_unclosed_value_at_end_of_file_names_the_last_line(write):
    found = only(load(write(MINIMAL + 'x = "abc')))
    assert (found.code, found.line, found.column) == ("BGR002", 6, None)
    assert found.message == ("ongeldige TOML aan het einde van het bestand: een tekst zonder "
                             "sluitend aanhalingsteken")


def test_non_utf8_bytes_name_the_line_of_the_first_bad_byte(write):
    found = only(load(write(MINIMAL.encode() + b'x = "\xff"\n')))
    assert (found.code, found.line) == ("BGR002", 6)
    assert found.message == (
        f"geen UTF-8-tekst: ongeldige eerste byte op byte {len(MINIMAL.encode()) + 5}")


def test_a_utf8_bom_and_crlf_line_endings_are_accepted(write):
    loaded = load(write(b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode()))
    assert loaded.diagnostics == ()


def test_deep_nesting_is_a_clean_error_not_a_crash(write):
    found = only(load(write("x = " + "{a = " * 10_000 + "1" + "}" * 10_000 + "\n")))
    assert found.code == "BGR002"


def test_a_key_typo_is_reported_at_its_line_with_a_suggestion(write):
    found = only(load(write(MINIMAL + LINE.replace("programmalasten", "programmalsten"))))
    assert (found.code, found.line, found.subject) == ("BGR003", 14, "1.1")
    assert found.message == "onbekende sleutel 'programmalsten'; bedoelt u 'programmalasten'?"


def test_a_missing_key_is_reported_at_its_table(write):
    found = only(load(write(MINIMAL + LINE.replace("overhead = 231\n", ""))))
    assert (found.code, found.line, found.subject) == ("BGR005", 11, "1.1")
    assert found.message == "verplichte sleutel 'overhead' ontbreekt"


def test_a_wrong_type_says_what_was_expected(write):
    found = only(load(write(MINIMAL.replace("jaar = 2021", 'jaar = "2021"'))))
    assert (found.code, found.line, found.subject) == ("BGR004", 4, "begroting")
    assert found.message == "'jaar' moet een geheel getal zijn, niet '2021'"


def test_nan_and_huge_amounts_are_invalid_amounts(write):
    loaded = load(write(MINIMAL + LINE.replace("231", "nan").replace("125", "1e30")))
    assert sorted((d.code, d.line) for d in loaded.diagnostics) == [
        ("BGR006", 14), ("BGR006", 16)]


def test_eenheid_outside_the_allowed_values(write):
    found = only(load(write(MINIMAL.replace("eenheid = 1000", "eenheid = 100"))))
    assert (found.code, found.line) == ("BGR007", 5)
    assert found.message == "eenheid moet 1, 1000 of 1000000 zijn, niet 100"


def test_every_schema_error_is_reported_not_just_the_first(write):
    text = MINIMAL.replace('naam = "Testbegroting"', "naam = 3") + LINE.replace(
        "overhead = 231", "kleur = 231")
    assert len(load(write(text)).diagnostics) == 3  # naam, kleur unknown, overhead missing


def test_load_bytes_names_the_file_as_given():
    found = only(load_bytes(b"[", "main:budgets/x.toml"))
    assert found.file == "main:budgets/x.toml"


def many_programmes(count: int = 4) -> str:
    return MINIMAL + "".join(LINE.replace('"1', f'"{n}') for n in range(1, count + 1))


def test_load_leaves_the_garbage_collector_as_it_found_it(write):
    import gc

    path = write(many_programmes())
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        frozen = gc.get_freeze_count()
        try:
            assert load(path).diagnostics == ()
            assert (gc.isenabled(), gc.get_freeze_count()) == (enabled, frozen)
        finally:
            gc.enable()


def test_load_starts_no_process_unless_asked_to_parse_in_parallel(write, monkeypatch):
    import os

    from begroting_cli import load as loader
    from begroting_cli import parse

    forks = []

    def fork():
        forks.append(1)
        raise OSError("no process may be started here")  # the loader then parses it alone

    monkeypatch.setattr(os, "fork", fork)
    monkeypatch.setattr(loader, "available_cores", lambda: 4)
    long = "x" * parse.PART  # every programme a part worth a process of its own
    path = write(many_programmes().replace('naam = "Programma"',
                                           f'naam = "Programma"\ntoelichting = "{long}"'))
    assert load(path).diagnostics == ()
    assert forks == []
    assert load(path, parallel=True).diagnostics == ()
    assert forks != []


def test_the_examples_of_the_loaders_rules_are_what_it_prints(monkeypatch):
    from pathlib import Path

    from begroting_cli.diagnostic import Severity, too_many
    from begroting_cli.render.diagnostics.text import diagnostic
    from begroting_cli.rules import check

    def first(text, code):
        found = check(load_bytes(text.encode(), "x.toml"))
        return next(d for d in found if d.code == code)

    root = Path(__file__).resolve().parents[1]
    monkeypatch.chdir(root)
    opgave = ('[[programma.beleidsopgave]]\ncode = "1.1"\nnaam = "Nog een"\nprogrammalasten = 1\n'
              'directe_personeelslasten = 1\noverhead = 1\n')
    twice = MINIMAL + "\n" * 46 + LINE + "\n" * 6 + opgave  # 1.1 on line 58 and on line 70
    made = {
        "BGR001": load("budgets/x.toml").diagnostics[0],
        "BGR002": first(MINIMAL + "jaar = = 3\n", "BGR002"),
        "BGR003": first(MINIMAL + LINE.replace("programmalasten", "programmalsten"), "BGR003"),
        "BGR004": first(MINIMAL.replace("jaar = 2021", 'jaar = "2021"'), "BGR004"),
        "BGR005": first(MINIMAL + LINE.replace("overhead = 231\n", ""), "BGR005"),
        "BGR006": first(MINIMAL + LINE.replace("231", "nan"), "BGR006"),
        "BGR007": first(MINIMAL.replace("eenheid = 1000", "eenheid = 100"), "BGR007"),
        "BGR008": first(twice, "BGR008"),
        "BGR009": first(MINIMAL + '\n[[programma]]\ncode = "1"\nnaam = "P"\nlasten = 5\n'
                        'baten = { "Begroting 2024" = 5 }\n', "BGR009"),
        "BGR011": first(MINIMAL + '\n[[programma]]\ncode = "1\\n::error::x"\nnaam = "P"\n'
                        'lasten = 1\n', "BGR011"),
        "BGR702": too_many("x.toml", {Severity.ERROR: 299_001}),
    }
    examples, code = {}, None
    for line in (root / "docs" / "rules.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("### BGR"):
            code = line.split()[1]
        elif line.startswith("**Example:** `") and code in made:
            examples[code] = line.removeprefix("**Example:** `").removesuffix("`")
    assert examples == {code: diagnostic(found) for code, found in made.items()}
