"""The budgets that ship inside the package."""

from pathlib import Path

BUDGETS = Path(__file__).parent / "budgets"
DEFAULT = BUDGETS / "ipo-begroting-2021.toml"
"""What `begroting totals` shows without a file: the reference budget."""
