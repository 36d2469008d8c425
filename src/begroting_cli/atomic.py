"""Writing a file so that nothing but that file can change: the command line's one writer.

`-o` is the only place the tool writes (docs/security.md). The text goes to a temporary file
next to the target, is flushed to disk, and replaces the target in one step: an
interruption (Ctrl-C, SIGTERM, SIGHUP, a full disk) leaves the old file or the new one, and
no temporary file. What is at the target must be a regular file: a device, a link or a
folder there is refused, so that `-o /dev/sda --force` cannot replace a disk by a file.
"""

from __future__ import annotations

import os
import signal
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from begroting_cli.tekst import _


class Refused(Exception):
    """Why the target cannot be written: its message says it in a user's words."""


def check_target(path: Path, force: bool) -> None:
    """Refuse, before any work: a target that is there without force, or that is not a
    regular file, or a folder to write in that is not there."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        found = None
    except OSError as error:
        raise Refused(_("{pad} kan niet worden geschreven: {reden}").format(
            pad=path, reden=error.strerror or error)) from None
    if found is not None and not stat.S_ISREG(found.st_mode):
        if stat.S_ISLNK(found.st_mode):
            message = _("{pad} is een symbolische koppeling, geen bestand: alleen een bestand "
                        "wordt vervangen")
        elif stat.S_ISDIR(found.st_mode):
            message = _("{pad} is een map, geen bestand: alleen een bestand wordt vervangen")
        else:
            message = _("{pad} is een apparaat, een pipe of een socket, geen bestand: alleen "
                        "een bestand wordt vervangen")
        raise Refused(message.format(pad=path))
    if found is not None and not force:
        raise Refused(_("{pad} bestaat al; gebruik --force om het te overschrijven").format(
            pad=path))
    if not path.parent.is_dir():
        raise Refused(_("{map} is geen map: {pad} kan niet worden geschreven").format(
            map=path.parent, pad=path))


def write(path: Path, text: str | bytes, force: bool) -> None:
    """Text (as UTF-8) or bytes to path, atomically, with the mode of the file it replaces (or
    what the umask leaves of rw-rw-rw-)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    check_target(path, force)
    mode = _mode(path)
    with _interrupts_raise():
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                             suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, mode)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    _sync_folder(path.parent)


def _mode(path: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def _interrupts_raise() -> Iterator[None]:
    """SIGTERM and SIGHUP end the process as Ctrl-C does, with an exception, so that the
    temporary file is removed; outside the main thread signals cannot be set, nor arrive."""
    def stop(number: int, frame: object) -> None:
        raise SystemExit(128 + number)

    wanted = [s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None))
              if s is not None]
    try:
        previous = {number: signal.signal(number, stop) for number in wanted}
    except ValueError:  # not the main thread
        previous = {}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _sync_folder(folder: Path) -> None:
    """Flush the rename to disk too, where the system allows it."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
