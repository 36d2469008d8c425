"""The budgets that ship inside the package.

src/begroting_cli/budgets is a link to the repository's budgets/; the wheel holds the files.
"""

from pathlib import Path

BUDGETS = Path(__file__).parent / "budgets"
DEFAULT = BUDGETS / "ipo-begroting-2021.toml"
"""What `begroting totals` shows without a file: the reference budget."""
