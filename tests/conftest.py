from __future__ import annotations

from pathlib import Path

import pytest

from begroting_cli.load import load
from tests.samples import REFERENCE


@pytest.fixture(scope="session")
def reference():
    """The IPO-Begroting 2021 as loaded from the bundled file."""
    loaded = load(REFERENCE)
    assert loaded.diagnostics == ()
    return loaded.begroting


@pytest.fixture(autouse=True)
def nederlands(monkeypatch):
    """Every test speaks Dutch, whatever LANGUAGE the run has; a test of English asks for it
    (tests/test_tekst.py)."""
    from begroting_cli import tekst

    monkeypatch.delenv("LANGUAGE", raising=False)
    tekst.kies_taal(None)
    yield
    tekst.kies_taal(None)


@pytest.fixture
def write(tmp_path: Path):
    """Write text (or bytes) to a budget file in a temporary folder and return its path."""

    def write(content: str | bytes, name: str = "begroting.toml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite the expected output in tests/golden/ (then review git diff).")
