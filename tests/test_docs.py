"""The documentation keeps up with the code: every command and every rule is documented."""

from pathlib import Path

import pytest

from begroting_cli.cli import app
from begroting_cli.rules import RULES

ROOT = Path(__file__).resolve().parents[1]


def commands() -> list[str]:
    return [command.name or command.callback.__name__ for command in app.registered_commands]


@pytest.mark.parametrize("name", commands())
def test_every_command_is_in_the_readme(name):
    assert f"`begroting {name}" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_is_documented(rule):
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert f"### {rule.code} {rule.name} (" in text


def test_every_documented_rule_exists():
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    documented = [line.split()[1] for line in text.splitlines() if line.startswith("### BGR")]
    assert documented == [rule.code for rule in RULES]


def examples() -> dict[str, str]:
    """The **Example:** line of each rule in docs/rules.md, by code."""
    found, code = {}, None
    for line in (ROOT / "docs" / "rules.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("### BGR"):
            code = line.split()[1]
        elif line.startswith("**Example:** `"):
            found[code] = line.removeprefix("**Example:** `").removesuffix("`")
    return found


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_says_what_it_checks_why_and_shows_a_finding(rule):
    # what `begroting regel CODE` shows: sentences, and a finding of this very rule
    assert rule.wat.strip() and rule.wat.endswith(".")
    assert rule.waarom.strip() and rule.waarom.endswith(".")
    assert f" {rule.code} " in rule.voorbeeld


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_the_example_of_every_rule_is_the_one_in_the_docs(rule):
    assert rule.voorbeeld == examples()[rule.code]
