"""Budget files and snippets the tests share."""

from begroting_cli.bundled import BUDGETS

REFERENCE = BUDGETS / "ipo-begroting-2021.toml"
PREVIOUS = BUDGETS / "ipo-begroting-2020.toml"

MINIMAL = """\
[begroting]
naam = "Testbegroting"
organisatie = "Testorganisatie"
jaar = 2021
eenheid = 1000
"""
