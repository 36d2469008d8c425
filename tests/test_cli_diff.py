import csv
import io
import json
import shutil
import subprocess
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from begroting_cli.cli import app
from tests.samples import PREVIOUS, REFERENCE

runner = CliRunner()


def run(*args):
    return runner.invoke(app, ["diff", *(str(a) for a in args)])


def test_the_table_has_the_shape_of_the_source():
    result = run(PREVIOUS, REFERENCE)
    assert result.exit_code == 0
    out = result.stdout
    assert "Was ┃ Wordt (1) ┃ Kassiersfunctie ┃ Wordt (2) ┃ Verschil" in out
    assert "│ Totaal                    │ 17.003 │    30.544 │         -14.523 │    16.021 │" in out
    assert "Verschil = Was - Wordt (2); -/- = nadeel" in out
    assert "│ Opname DSO in IPO BGR        │ -/- 1.650 │" in out
    notes = out.replace("\n", " ")
    assert "noemt andere bedragen dan berekend: Totaal Was 17.002 (berekend 17.003)" in notes


def test_without_was_it_takes_the_vorige_of_wordt():
    assert run(REFERENCE).stdout == run(PREVIOUS, REFERENCE).stdout


def test_a_budget_without_vorige_needs_both_sides():
    result = run(PREVIOUS)
    assert result.exit_code == 2
    assert "names no vorige budget" in result.stderr


def test_an_invalid_budget_alone_is_reported_not_a_crash(tmp_path):
    broken = tmp_path / "kapot.toml"
    broken.write_text("[begroting\n", encoding="utf-8")
    result = run(broken)
    assert result.exit_code == 2
    assert f"{broken}:1:" in result.stderr and "BGR002" in result.stderr


def test_json_carries_the_contract():
    data = json.loads(run(PREVIOUS, REFERENCE, "-f", "json").stdout, parse_float=Decimal)
    assert data["was"] == {"naam": "IPO-Begroting 2020", "jaar": 2020}
    assert data["scope"] == "basis"
    assert data["kostensoorten"][0] == {
        "kostensoort": "programmalasten", "was": 6497, "wordt": 18591, "kassiersfunctie": 12138,
        "wordt_basis": 6453, "verschil": 44}
    assert data["verklaard"] == 982 and data["onverklaard"] == Decimal("0.4")
    assert len(data["verklaring"]) == 5
    assert data["beleidsopgaven"] is None


def test_markdown_and_csv_carry_the_same_figures():
    markdown = run(PREVIOUS, REFERENCE, "-f", "markdown").stdout
    assert "| Totaal | 17.003 | 30.544 | -14.523 | 16.021 | 982 |" in markdown
    assert "| Verlaging diverse ramingen | 1.184 |" in markdown
    rows = list(csv.DictReader(io.StringIO(run(PREVIOUS, REFERENCE, "-f", "csv").stdout)))
    totaal = next(r for r in rows if r["code"] == "totaal")
    assert (totaal["was"], totaal["wordt"], totaal["kassiersfunctie"], totaal["wordt_basis"],
            totaal["verschil"]) == ("17003", "30544", "14523.4", "16020.6", "982.4")
    assert next(r for r in rows if r["code"] == "verklaard")["verschil"] == "982"


def test_an_unexplained_rest_beyond_rounding_is_shown(tmp_path):
    shutil.copy(PREVIOUS, tmp_path / PREVIOUS.name)
    wordt = tmp_path / REFERENCE.name
    wordt.write_text(REFERENCE.read_text(encoding="utf-8").replace("bedrag = 1184",
                                                                   "bedrag = 1284"))
    result = run(wordt)
    assert "│ Onverklaard                  │   -/- 100 │" in result.stdout
    assert "Onverklaard -/- 100 is meer dan afronding (grens 4,0)" in result.stdout


def test_changed_beleidsopgaven_largest_first_with_top(tmp_path):
    wordt = tmp_path / "wordt.toml"
    text = REFERENCE.read_text(encoding="utf-8")
    wordt.write_text(text.replace("programmalasten = 125\n", "programmalasten = 175\n", 1).replace(
        "programmalasten = 713\n", "programmalasten = 913\n"), encoding="utf-8")
    result = run(REFERENCE, wordt, "--top", "1", "-f", "json")
    lines = json.loads(result.stdout)["beleidsopgaven"]
    assert [(x["code"], x["status"], x["verschil"]) for x in lines] == [("1.2", "gewijzigd", -200)]


@pytest.fixture
def repository(tmp_path, monkeypatch):
    """A git repository with the reference budget committed, then changed in the work tree."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    budgets = tmp_path / "budgets"
    budgets.mkdir()
    shutil.copy(REFERENCE, budgets / REFERENCE.name)
    shutil.copy(PREVIOUS, budgets / PREVIOUS.name)
    monkeypatch.chdir(tmp_path)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "begroting"], check=True)
    path = budgets / REFERENCE.name
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("programmalasten = 125\n", "programmalasten = 175\n", 1))
    return tmp_path


def test_the_git_form_reads_a_file_as_it_was_in_a_revision(repository):
    result = run(f"main:budgets/{REFERENCE.name}", f"budgets/{REFERENCE.name}", "-f", "json")
    assert result.exit_code == 0, result.output
    (line,) = json.loads(result.stdout)["beleidsopgaven"]
    assert (line["code"], line["verschil"]) == ("1.1", -50)


def test_the_git_form_finds_vorige_in_the_same_revision(repository):
    result = run(f"main:budgets/{REFERENCE.name}", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["was"]["jaar"] == 2020


def test_an_unknown_revision_is_a_clear_error(repository):
    result = run(f"nope:budgets/{REFERENCE.name}", f"budgets/{REFERENCE.name}")
    assert result.exit_code == 2
    assert "git: invalid object name 'nope'" in result.stderr


def test_outside_a_git_repository_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = run("main:budgets/x.toml", REFERENCE)
    assert result.exit_code == 2
    assert "not a git repository" in result.stderr
