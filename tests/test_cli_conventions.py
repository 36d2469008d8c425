"""The conventions people know: --version, completion, examples in help, formats in any case,
--quiet, validate without a path, rates that say what they mean."""

import os
import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from begroting_cli.cli import app
from tests.samples import PREVIOUS, REFERENCE

runner = CliRunner()


def begroting(*args, env=None):
    return subprocess.run([sys.executable, "-m", "begroting_cli", *args], capture_output=True,
                          text=True, timeout=60, env={**os.environ, **(env or {})})


def test_version_says_which_begroting_this_is():
    from importlib.metadata import version

    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.stdout) == (0, f"begroting {version('begroting')}\n")


@pytest.mark.parametrize("command", ["totals", "validate", "diff", "index", "import",
                                     "rapport"])
def test_every_command_shows_examples_in_its_help(command):
    shown = begroting(command, "--help", env={"LANGUAGE": ""}).stdout
    assert "Voorbeeld" in shown and f"begroting {command}" in shown


def test_help_is_dutch_and_english_with_language_en():
    assert "Controleer begrotingen" in begroting("validate", "-h", env={"LANGUAGE": ""}).stdout
    assert "Check budgets" in begroting("validate", "-h", env={"LANGUAGE": "en"}).stdout


def test_shell_completion_can_be_installed():
    assert "--install-completion" in runner.invoke(app, ["--help"]).stdout


def test_a_format_is_understood_in_any_case():
    result = runner.invoke(app, ["totals", str(REFERENCE), "-f", "JSON"])
    assert result.exit_code == 0 and result.stdout.startswith("{")


@pytest.mark.parametrize(("args", "message"), [
    (["--personeel", "2%"], "een tarief werkt alleen met --meerjarig"),
    (["--meerjarig", "2023", "--personeel", "16"],
     "16 zonder % is 1.600% per jaar; bedoelt u 16%?"),
    (["--meerjarig", "2023", "--tarief", "dso"], "'dso' heeft niet de vorm NAAM=TARIEF"),
])
def test_a_rate_that_would_do_something_else_than_meant_is_refused(args, message):
    result = runner.invoke(app, ["totals", str(REFERENCE), *args])
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())


@pytest.fixture
def folder(tmp_path, monkeypatch):
    shutil.copy(REFERENCE, tmp_path / REFERENCE.name)
    shutil.copy(PREVIOUS, tmp_path / PREVIOUS.name)
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\n", encoding="utf-8")
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "x.toml").write_text("[tool.x]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_validate_without_a_path_checks_the_budgets_under_the_current_folder(folder):
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1].startswith("2 bestanden gecontroleerd")
    assert "begroting: 1 ander TOML-bestand overgeslagen: geen tabel [begroting]" in result.stderr


def test_a_folder_without_budgets_is_an_error_not_a_pass(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 2
    assert "geen begroting gevonden in" in result.stderr
    assert "gecontroleerd" not in result.stdout


def test_github_leaves_notices_out_unless_asked(folder):
    quiet = runner.invoke(app, ["validate", "-f", "github"])
    assert "::notice" not in quiet.stdout and "::warning" in quiet.stdout
    assert "meldingen niet getoond (--quiet)" in quiet.stderr
    assert "::notice" in runner.invoke(app, ["validate", "-f", "github", "--no-quiet"]).stdout


def test_quiet_leaves_the_infos_out_of_the_text_format_too(folder):
    shown = runner.invoke(app, ["validate", "--quiet"]).stdout
    assert " melding BGR" not in shown and " waarschuwing BGR301" in shown


@pytest.mark.parametrize("asked", ["BGR101", "bgr101", "totaal-beleidsopgave"])
def test_regel_explains_one_rule_with_its_example(asked):
    from begroting_cli.rules import RULES

    rule = next(r for r in RULES if r.code == "BGR101")
    result = runner.invoke(app, ["regel", asked])
    assert result.exit_code == 0
    assert result.stdout.startswith("BGR101 totaal-beleidsopgave: ")
    assert f"Voorbeeld: {rule.voorbeeld}" in result.stdout and "Waarom: " in result.stdout


def test_regel_of_a_rule_that_is_none_suggests_the_nearest():
    result = runner.invoke(app, ["regel", "BGR10"])
    assert result.exit_code == 2
    assert "geen controle 'BGR10'; bedoelt u" in result.stderr


@pytest.mark.parametrize(("args", "said"), [
    (["totals", "-f", "xml"], "ongeldige waarde voor --format / -f: 'xml' is geen van 'table', "
                              "'json', 'csv', 'markdown'\nZie 'begroting totals -h'."),
    (["diff", "a", "b", "--top", "0"], "ongeldige waarde voor --top: moet minstens 1 zijn"),
    (["totals", "--meerjarig", "20x"], "ongeldige waarde voor --meerjarig: geen geheel getal"),
    (["totals", "--programa", "3"], "onbekende optie --programa; bedoelt u --format, "
                                    "--programma?"),
    (["diff"], "WAS ontbreekt\nZie 'begroting diff -h'."),
    (["totals", "a", "b"], "te veel argumenten: b"),
    (["rekenen"], "onbekende opdracht 'rekenen'"),
])
def test_a_wrong_command_line_is_told_in_dutch_with_exit_2(args, said):
    done = begroting(*args, env={"LANGUAGE": ""})
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"begroting: {said}")
    assert "Value error" not in done.stderr and "Traceback" not in done.stderr
