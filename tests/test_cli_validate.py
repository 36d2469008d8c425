import json
import shutil

import pytest
from typer.testing import CliRunner

from begroting_cli.cli import app
from begroting_cli.rules import RULES
from tests.samples import CLEAN, PREVIOUS, REFERENCE, line_of

runner = CliRunner()


def run(*args):
    return runner.invoke(app, ["validate", *(str(a) for a in args)])


@pytest.fixture
def copy(tmp_path):
    """A copy of the reference pair in a temporary folder; returns the 2021 file's path."""
    shutil.copy(PREVIOUS, tmp_path / PREVIOUS.name)
    target = tmp_path / REFERENCE.name
    shutil.copy(REFERENCE, target)
    return target


def edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path.read_text(encoding="utf-8")


def lines(result, level):
    return [line for line in result.stdout.splitlines() if f": {level} " in line]


def test_the_reference_budgets_pass_with_their_rounding_differences_as_info():
    result = run(PREVIOUS, REFERENCE)
    assert result.exit_code == 0
    infos = lines(result, "melding")
    assert len([i for i in infos if "BGR101" in i and "afrondingsverschil" in i]) == 8
    (warning,) = lines(result, "waarschuwing")
    assert "BGR301 3.9: programmalasten is p.m." in warning
    assert lines(result, "fout") == []
    assert result.stdout.splitlines()[-1] == (
        "2 bestanden gecontroleerd: 0 fouten, 1 waarschuwing, 23 meldingen")


def test_without_paths_it_checks_the_bundled_budgets():
    result = run()
    assert result.exit_code == 0
    assert "6 bestanden gecontroleerd: 0 fouten" in result.stdout


def test_strict_fails_on_the_pm_warning():
    assert run(REFERENCE.parent, "--strict").exit_code == 1


def test_an_amount_changed_by_45_fails_naming_the_beleidsopgave_and_a_line_in_its_table(copy):
    text = edit(copy, "overhead = 143", "overhead = 188")  # 2.5
    result = run(copy)
    assert result.exit_code == 1
    start = line_of(text, 'code = "2.5"')
    errors = [e for e in lines(result, "fout") if " BGR101 2.5: " in e]
    assert len(errors) == 1
    line = int(errors[0].split(":")[1])
    assert start <= line <= start + 6


def test_a_duplicated_code_fails(copy):
    edit(copy, 'code = "2.6"', 'code = "2.5"')
    result = run(copy)
    assert result.exit_code == 1
    assert any("BGR008 2.5:" in e for e in lines(result, "fout"))


def test_a_key_typo_fails(copy):
    text = edit(copy, "programmalasten = 713", "programmalsten = 713")
    result = run(copy)
    assert result.exit_code == 1
    assert lines(result, "fout") == [
        f"{copy}:{line_of(text, 'programmalsten')}:1: fout BGR003 1.2: onbekende sleutel "
        "'programmalsten'; bedoelt u 'programmalasten'?"]


def test_a_dropped_kassiersfunctie_flag_fails(copy):
    text = copy.read_text(encoding="utf-8")
    start = text.index('code = "1.4"')
    flag = text.index("kassiersfunctie = true\n", start)
    copy.write_text(text[:flag] + text[flag + len("kassiersfunctie = true\n"):], encoding="utf-8")
    result = run(copy)
    assert result.exit_code == 1
    assert any("BGR107 lasten.kassiersfunctie:" in e for e in lines(result, "fout"))


def test_a_verklaring_item_changed_by_100_fails(copy):
    edit(copy, "bedrag = 1184", "bedrag = 1284")
    result = run(copy)
    assert result.exit_code == 1
    (error,) = lines(result, "fout")
    assert error.endswith(" fout BGR501 verklaring: de verklaringen tellen op tot 1.082, het "
                          "verschil (was - wordt) is 982,4: -99,6 is onverklaard")


def test_an_unreadable_file_exits_2_and_the_others_are_still_checked(tmp_path, copy):
    (tmp_path / "kapot.toml").write_text("[begroting\n", encoding="utf-8")
    result = run(tmp_path)
    assert result.exit_code == 2
    assert "kapot.toml:1:11: fout BGR002 file: ongeldige TOML" in result.stdout
    assert "3 bestanden gecontroleerd" in result.stdout


def test_json_format(write):
    path = write(CLEAN.replace("overhead = 400\ntotaal = 1100", "overhead = 445\ntotaal = 1100"))
    result = run(path, "--format", "json")
    data = json.loads(result.stdout)
    assert data["files"] == [str(path)]
    assert data["summary"] == {"errors": 3, "warnings": 1, "infos": 1}
    error = next(d for d in data["diagnostics"] if d["code"] == "BGR101")
    assert error == {"file": str(path), "line": 42, "column": 1, "severity": "error",
                     "code": "BGR101", "subject": "1.1",
                     "message": "totaal 1.100, maar berekend 1.145: wijkt -45 af, meer dan "
                                "afronding (grens 2)", "expected": 1145, "found": 1100}


def test_github_format_annotates_the_right_lines_most_severe_first(write):
    path = write(CLEAN.replace("overhead = 400\ntotaal = 1100", "overhead = 445\ntotaal = 1100"))
    result = run(path, "--format", "github", "--no-quiet")
    assert result.stdout.splitlines() == [
        f"::error file={path},line=12,col=1,title=BGR106 lasten::apparaatslasten "
        "(personeelslasten + huisvesting) 1.000, maar berekend 1.045: wijkt -45 af, meer dan "
        "afronding (grens 2,5)",
        f"::error file={path},line=34,col=1,title=BGR102 1::totaal 2.300, maar berekend 2.345: "
        "wijkt -45 af, meer dan afronding (grens 1,5)",
        f"::error file={path},line=42,col=1,title=BGR101 1.1::totaal 1.100, maar berekend 1.145: "
        "wijkt -45 af, meer dan afronding (grens 2)",
        f"::warning file={path},line=41,col=1,title=BGR201 1.1::overhead 445, verwacht 400 "
        "(400 directe personeelslasten x overheadtarief 100%25)",
        f"::notice file={path},line=1,col=1,title=BGR501 verklaring::overgeslagen: [begroting] "
        "noemt geen vorige begroting om mee te vergelijken",
        "1 bestand gecontroleerd: 3 fouten, 1 waarschuwing, 1 melding",
    ]


def test_text_lists_a_wrong_regel_before_the_totals_it_makes_wrong(write):
    text = CLEAN.replace("overhead = 400\ntotaal = 1100", "overhead = 445\ntotaal = 1100")
    path = write(text)
    result = run(path)
    assert result.exit_code == 1
    # the programme's totaal and the [lasten] table are higher up in the file, but follow
    # from the regel: they come after it
    assert [": ".join(line.split(": ")[:2]) for line in result.stdout.splitlines()[:-1]] == [
        f"{path}:1:1: melding BGR501 verklaring",
        f"{path}:{line_of(text, 'overhead = 445')}:1: waarschuwing BGR201 1.1",
        f"{path}:{line_of(text, 'totaal = 1100', 2)}:1: fout BGR101 1.1",
        f"{path}:{line_of(text, 'totaal = 2300', 2)}:1: fout BGR102 1",
        f"{path}:{line_of(text, 'personeelslasten_direct = 800')}:1: fout BGR106 lasten",
    ]


def test_list_rules_names_every_rule():
    result = runner.invoke(app, ["validate", "--list-rules"])
    assert result.exit_code == 0
    assert "BGR101  totaal-beleidsopgave" in result.stdout
    assert "BGR701  uitzondering-ongebruikt" in result.stdout
    lines = result.stdout.splitlines()
    assert len(lines) == len(RULES)
    assert ("BGR501  verklaring               De verklaringen, getoetst aan het verschil met "
            "vorige.") in lines


def test_list_rules_in_the_github_format_is_the_text_list():
    # Workflow commands are for findings; the list itself has no such form.
    result = runner.invoke(app, ["validate", "--list-rules", "--format", "github"])
    assert result.exit_code == 0
    assert result.stdout == runner.invoke(app, ["validate", "--list-rules"]).stdout


def test_max_size_refuses_a_file_unread(write):
    result = run(write(CLEAN), "--max-size", "100")
    assert result.exit_code == 2
    assert "fout BGR001 file: het bestand is" in result.stdout


def test_github_escapes_what_would_break_a_workflow_command():
    from begroting_cli.render.diagnostics.github import _data, _property

    assert _data("50%\nnext") == "50%25\\nnext"  # the newline shows; it cannot end the line
    assert _property("a:b,c") == "a%3Ab%2Cc"


def test_sarif_names_each_finding_with_its_rule_level_and_place(copy):
    edit(copy, "overhead = 231", "overhead = 331")
    log = json.loads(run(copy, "--format", "sarif").stdout)
    assert log["version"] == "2.1.0"
    (sarif,) = log["runs"]
    rules = sarif["tool"]["driver"]["rules"]
    errors = [r for r in sarif["results"] if r["level"] == "error"]
    assert errors and all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in sarif["results"])
    places = [r["locations"][0]["physicalLocation"] for r in errors]
    assert {p["artifactLocation"]["uri"] for p in places} == {str(copy).replace(" ", "%20")}
    found = json.loads(run(copy, "--format", "json").stdout)["diagnostics"]
    lines = [(p["region"]["startLine"], r["ruleId"]) for p, r in zip(places, errors, strict=True)]
    assert sorted(lines) == sorted((d["line"], d["code"]) for d in found
                                   if d["severity"] == "error")


def test_gitlab_fingerprints_stay_when_lines_move(copy):
    before = json.loads(run(copy, "--format", "gitlab").stdout)
    copy.write_text("# een regel erbij\n" + copy.read_text(encoding="utf-8"), encoding="utf-8")
    after = json.loads(run(copy, "--format", "gitlab").stdout)
    assert [i["fingerprint"] for i in before] == [i["fingerprint"] for i in after]
    assert [i["location"]["lines"]["begin"] + 1 for i in before] == [
        i["location"]["lines"]["begin"] for i in after]
    assert len({i["fingerprint"] for i in after}) == len(after)
    assert {i["severity"] for i in after} <= {"info", "minor", "major"}
