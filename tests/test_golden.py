"""What people and scripts read, byte for byte: every command and format on the bundled budgets.

The expected output lives in tests/golden/, one file per case. After a change that is meant to
alter the output, regenerate the files and review them with `git diff`:

    python -m pytest tests/test_golden.py --update-golden
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from begroting_cli.cli import app

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
IPO_2021 = "budgets/ipo-begroting-2021.toml"
IPO_2020 = "budgets/ipo-begroting-2020.toml"
FORMATS = ("table", "json", "csv", "markdown")

CASES: dict[str, list[str]] = {
    **{f"totals.{f}": ["totals", "-f", f] for f in FORMATS},
    **{f"totals-detail.{f}": ["totals", IPO_2021, "--detail", "-f", f] for f in FORMATS},
    **{f"totals-programma-3.{f}": ["totals", IPO_2021, "--programma", "3", "-f", f]
       for f in FORMATS},
    **{f"totals-2020.{f}": ["totals", IPO_2020, "-f", f] for f in FORMATS},
    **{f"totals-meerjarig.{f}": ["totals", IPO_2021, "--meerjarig", "2024", "--personeel", "2%",
                                 "--rate", "dso=3%", "-f", f] for f in FORMATS},
    **{f"totals-2020-meerjarig.{f}": ["totals", IPO_2020, "--meerjarig", "2022", "-f", f]
       for f in FORMATS},
    **{f"diff.{f}": ["diff", IPO_2020, IPO_2021, "-f", f] for f in FORMATS},
    **{f"diff-totaal-all.{f}": ["diff", IPO_2020, IPO_2021, "--scope", "totaal", "--all",
                                "-f", f] for f in FORMATS},
    **{f"diff-top.{f}": ["diff", IPO_2021, IPO_2021, "--all", "--top", "3", "-f", f]
       for f in FORMATS},
    "diff-vorige.table": ["diff", IPO_2021],
    "index-2022.toml": ["index", IPO_2021, "--naar", "2022"],
    "index-2024.toml": ["index", IPO_2021, "--naar", "2024", "--personeel", "2%",
                        "--rate", "dso=1,5%", "--rate", "huisvesting=3%"],
    "index-2020-summary.toml": ["index", IPO_2020, "--naar", "2021", "--personeel", "1.6%"],
    **{f"validate.{f}": ["validate", "budgets", "-f", f] for f in ("text", "json", "github")},
    **{f"validate-strict.{f}": ["validate", IPO_2021, "--strict", "-f", f]
       for f in ("text", "json", "github")},
    **{f"list-rules.{f}": ["validate", "--list-rules", "-f", f]
       for f in ("text", "json", "github")},
    "schema.json": ["schema"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_is_as_recorded(name, monkeypatch, request):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, CASES[name])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    recorded = (f"$ begroting {' '.join(CASES[name])}\n"
                f"exit {result.exit_code}\n"
                f"--- stdout\n{result.stdout}"
                f"--- stderr\n{result.stderr}")
    path = GOLDEN / f"{name}.txt"
    if request.config.getoption("--update-golden"):
        path.write_text(recorded, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == recorded
