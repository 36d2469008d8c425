"""Which files under a path are budgets: what `validate DIR` checks.

A named file is always a budget to check: who names it means it. A folder is walked for
`*.toml` files, leaving out hidden folders and virtual environments (a `.venv` holds
pyproject.toml files of other projects) and files without a `[begroting]` table
(pyproject.toml, a tool's settings); any table of the format counts, so that a budget with
a broken header is still checked. A file that cannot be read, or is above the size limit,
is kept: whether it is a budget cannot be told, and its check says what is wrong with it.
Links to folders are not followed: two links to their own folder would be a walk of 2^40
paths.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

_BEGROTING = re.compile(
    rb"^[ \t]*\[\[?[ \t]*(?:begroting|programma|lasten|totaal|indexatie|verklaring)\b",
    re.MULTILINE)
"""A table of the budget format at a line's start, even one written wrong ("[begroting"):
a budget with a typo must be checked, not passed by."""
_HEAD = 64 * 1024
"""How much of a file is read to find [begroting]: budgets begin with it, after a comment."""
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "site-packages"})


@dataclass(frozen=True, slots=True)
class Found:
    """The budgets under some paths, and how many other TOML files a walk passed by."""

    files: tuple[Path, ...]
    skipped: int


def budget_files(paths: list[Path]) -> Found:
    """Files as given; folders as every budget below them, sorted."""
    files: list[Path] = []
    skipped = 0
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        for file in _walk(path):
            if _is_budget(file):
                files.append(file)
            else:
                skipped += 1
    return Found(tuple(files), skipped)


def _walk(top: Path) -> list[Path]:
    found = []
    for folder, folders, names in os.walk(top):
        folders[:] = [name for name in folders if not _skipped(Path(folder) / name)]
        found += [Path(folder) / name for name in names if name.endswith(".toml")]
    return sorted(found)


def _skipped(folder: Path) -> bool:
    """Hidden folders (.git, .venv, .tox), virtual environments by any name, and folders of
    installed packages."""
    return (folder.name.startswith(".") or folder.name in SKIPPED_FOLDERS
            or (folder / "pyvenv.cfg").is_file())


def _is_budget(file: Path) -> bool:
    """Whether a file has a table of the format near its start; True when it cannot be read as
    a regular file (a device or a pipe is opened without waiting, and not read)."""
    try:
        handle = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return True
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            return True
        head = os.read(handle, _HEAD)
    except OSError:
        return True
    finally:
        os.close(handle)
    return _BEGROTING.search(head) is not None
