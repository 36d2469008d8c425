"""One language for people: Dutch, and English with LANGUAGE=en (begroting_cli/tekst.py)."""

import importlib.util
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from begroting_cli import tekst
from begroting_cli.cli import app
from tests.samples import BUDGETS

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def catalogus():
    spec = importlib.util.spec_from_file_location("catalogus", ROOT / "tools" / "catalogus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["catalogus"] = module
    spec.loader.exec_module(module)
    return module


def test_every_text_has_its_english_with_the_same_placeholders():
    tool = catalogus()
    teksten = tool.gevonden()
    po, _ = tool._paths("en")
    assert tool.problemen("en", teksten, tool.lees_po(po)) == []


def test_the_catalogues_are_what_the_code_and_the_po_make_them():
    tool = catalogus()
    teksten = tool.gevonden()
    assert tool.POT.read_text(encoding="utf-8") == tool.schrijf_po(teksten, tool.POT, True)
    po_path, mo_path = tool._paths("en")
    merged = tool.samengevoegd(teksten, tool.lees_po(po_path))
    assert po_path.read_text(encoding="utf-8") == tool.schrijf_po(merged, po_path), (
        "run: python tools/catalogus.py")
    assert mo_path.read_bytes() == tool.mo(merged), "run: python tools/catalogus.py"


def test_dutch_is_spoken_unless_language_asks_for_english(monkeypatch):
    budget = str(BUDGETS / "ipo-begroting-2021.toml")
    assert "2 bestanden gecontroleerd" in runner.invoke(app, ["validate", budget, budget]).stdout
    monkeypatch.setenv("LANG", "en_US.UTF-8")  # a machine's locale is no request for English
    assert "gecontroleerd" in runner.invoke(app, ["validate", budget]).stdout
    monkeypatch.setenv("LANGUAGE", "en_GB:en")
    assert "1 file checked" in runner.invoke(app, ["validate", budget]).stdout


@pytest.mark.parametrize("budget", sorted(BUDGETS.glob("*.toml")), ids=lambda p: p.name)
def test_every_command_and_format_runs_in_english(monkeypatch, budget):
    # a translation with a placeholder of its own would fail here, where it is formatted
    monkeypatch.setenv("LANGUAGE", "en")
    for args in (["validate", "-f", "text"], ["totals", "--detail"], ["totals", "-f", "markdown"],
                 ["diff", str(budget)]):
        result = runner.invoke(app, [args[0], str(budget), *args[1:]])
        assert result.exception is None or isinstance(result.exception, SystemExit), args


@pytest.mark.parametrize(("language", "spoken"), [
    (None, "nl"), ("", "nl"), ("nl:en", "nl"), ("nl_NL", "nl"), ("en", "en"), ("en_GB:en", "en"),
    ("fr:en", "en"), ("fr", "nl"),
])
def test_the_first_language_that_is_dutch_or_has_a_catalogue_is_spoken(language, spoken):
    tekst.kies_taal(language)
    assert tekst.taal() == spoken
    assert tekst._("Totaal verklaard") == ("Totaal verklaard" if spoken == "nl"
                                           else "Total explained")
