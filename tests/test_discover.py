"""Which files under a path are budgets (begroting_cli/discover.py)."""

import os
import shutil

from begroting_cli.discover import budget_files
from tests.samples import MINIMAL, PREVIOUS, REFERENCE


def test_a_walk_takes_budgets_and_passes_other_toml_files_by(tmp_path):
    shutil.copy(REFERENCE, tmp_path / REFERENCE.name)
    (tmp_path / "pyproject.toml").write_text('[tool.ruff]\nline-length = 100\n', encoding="utf-8")
    (tmp_path / "later.toml").write_text("# een begroting\n\n" + MINIMAL, encoding="utf-8")
    found = budget_files([tmp_path])
    assert found.files == (tmp_path / REFERENCE.name, tmp_path / "later.toml")
    assert found.skipped == 1


def test_hidden_folders_and_virtual_environments_are_not_walked(tmp_path):
    for folder in (".git", ".venv", "env", "node_modules", "budgets"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "b.toml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr\n", encoding="utf-8")
    assert budget_files([tmp_path]).files == (tmp_path / "budgets" / "b.toml",)


def test_a_named_file_is_checked_whatever_it_holds(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.x]\n", encoding="utf-8")
    assert budget_files([tmp_path / "pyproject.toml"]).files == (tmp_path / "pyproject.toml",)


def test_what_cannot_be_read_is_kept_for_its_check_to_say_why(tmp_path):
    os.mkfifo(tmp_path / "pipe.toml")  # opened without waiting for a writer
    (tmp_path / "zero.toml").symlink_to("/dev/zero")
    assert budget_files([tmp_path]).files == (tmp_path / "pipe.toml", tmp_path / "zero.toml")


def test_the_bundled_budgets_are_all_found(tmp_path):
    shutil.copytree(REFERENCE.parent, tmp_path / "budgets")
    found = budget_files([tmp_path])
    assert len(found.files) == len(list(REFERENCE.parent.glob("*.toml"))) and not found.skipped
    assert PREVIOUS.name in {f.name for f in found.files}


def test_a_budget_with_a_broken_header_is_still_checked(tmp_path):
    (tmp_path / "kapot.toml").write_text("[begroting\nnaam = 1\n", encoding="utf-8")
    (tmp_path / "zonder.toml").write_text('[[programma]]\ncode = "1"\n', encoding="utf-8")
    assert len(budget_files([tmp_path]).files) == 2
