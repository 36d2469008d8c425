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
BRONCKHORST = "budgets/bronckhorst-2024.toml"
DRIMMELEN = "budgets/drimmelen-jaarstukken-2021.toml"
ZUID_HOLLAND = "budgets/zuid-holland-2018.toml"
DRONTEN = "budgets/dronten-2019.toml"
FORMATS = ("table", "json", "csv", "markdown")

CASES: dict[str, list[str]] = {
    **{f"totals.{f}": ["totals", "-f", f] for f in FORMATS},
    **{f"totals-detail.{f}": ["totals", IPO_2021, "--detail", "-f", f] for f in FORMATS},
    **{f"totals-programma-3.{f}": ["totals", IPO_2021, "--programma", "3", "-f", f]
       for f in FORMATS},
    **{f"totals-2020.{f}": ["totals", IPO_2020, "-f", f] for f in FORMATS},
    **{f"totals-meerjarig.{f}": ["totals", IPO_2021, "--meerjarig", "2024", "--personeel", "2%",
                                 "--tarief", "dso=3%", "-f", f] for f in FORMATS},
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
                        "--tarief", "dso=1,5%", "--tarief", "huisvesting=3%"],
    "index-2020-summary.toml": ["index", IPO_2020, "--naar", "2021", "--personeel", "1.6%"],
    **{f"validate.{f}": ["validate", IPO_2020, IPO_2021, "-f", f]
       for f in ("text", "json", "github", "gitlab", "sarif")},
    **{f"validate-strict.{f}": ["validate", IPO_2021, "--strict", "-f", f]
       for f in ("text", "json", "github")},
    **{f"list-rules.{f}": ["validate", "--list-rules", "-f", f]
       for f in ("text", "json", "github")},
    "schema.json": ["schema"],
    # Format v2: real budgets of other bodies
    **{f"totals-bronckhorst.{f}": ["totals", BRONCKHORST, "-f", f] for f in FORMATS},
    **{f"totals-drimmelen.{f}": ["totals", DRIMMELEN, "-f", f] for f in FORMATS},
    **{f"totals-zuid-holland.{f}": ["totals", ZUID_HOLLAND, "-f", f] for f in FORMATS},
    "totals-bronckhorst-detail.table": ["totals", BRONCKHORST, "--detail"],
    "totals-bronckhorst-programma-2.table": ["totals", BRONCKHORST, "--programma", "2"],
    **{f"totals-dronten-per-taakveld.{f}": ["totals", DRONTEN, "--per", "taakveld", "-f", f]
       for f in FORMATS},
    "totals-dronten.table": ["totals", DRONTEN, "--detail"],
    **{f"validate-v2.{f}": ["validate", BRONCKHORST, DRIMMELEN, DRONTEN, ZUID_HOLLAND, "-f", f]
       for f in ("text", "json", "github")},
    **{f"diff-drimmelen-periode.{f}": [
        "diff", DRIMMELEN, "--periode", "begroting 2021 na wijziging", "--periode",
        "rekening 2021", "-f", f] for f in FORMATS},
    "diff-bronckhorst-raming.table": ["diff", BRONCKHORST, "--periode", "begroting 2024",
                                      "--periode", "raming 2025"],
    "index-bronckhorst.toml": ["index", BRONCKHORST, "--naar", "2025", "--personeel", "2%"],
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
