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
