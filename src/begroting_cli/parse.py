"""TOML bytes to a dict with exact amounts, and its source map; large files on several cores.

A budget of 100.000 lines spends most of its load time in the TOML parser, and its
[[programma]] tables do not depend on each other. So when the caller allows more than one
process (the command line does; a library call does not unless asked), a large document is
cut at [[programma]] headers: forked child processes parse the later parts while this process
parses
the first part and maps the source. The parts are joined only when that is sure to equal
parsing the whole (the parser accepts the first part followed by the [[programma]] line that
opens the second, and no part defines a table that another defines); otherwise, and on any
error, the whole document is parsed again in one piece, so that what is raised is the
parser's own error for the file.
"""

from __future__ import annotations

import os
import re
import sys
from decimal import Decimal
from itertools import pairwise
from typing import Any, NoReturn

import tomli

from begroting_cli.sourcemap import SourceMap

PART = 1 << 20
"""The smallest part worth a process of its own, in bytes; below it the fork costs more."""

_CUT = re.compile(rb"^\[\[programma\]\][ \t]*\r?$", re.MULTILINE)


def parse(data: bytes, cores: int = 1, part: int = PART) -> tuple[dict[str, Any], SourceMap]:
    """The UTF-8 document as a dict, floats as Decimal, and its source map.

    Raises what decoding and tomli raise for the whole document. `cores` is how many
    processes may parse at once, each part at least `part` bytes; with 1 (the default) no
    process is started.
    """
    cuts = _cuts(data, cores, part)
    children = _start(data, cuts)
    if not children:
        return _loads(data), SourceMap(data)
    try:
        head = _loads(data[: _line_end(data, cuts[0])])
        sources = SourceMap(data)
        tails = [child.result() for child in children]
    except (UnicodeDecodeError, tomli.TOMLDecodeError, RecursionError):
        head = None  # the whole file is parsed below, so that the error is the file's own
    finally:
        _stop(children)  # those not done: after an error, or an interrupt
    if head is None:
        return _loads(data), SourceMap(data)
    joined = _joined(head, tails)
    return (_loads(data) if joined is None else joined), sources


def _loads(data: bytes) -> dict[str, Any]:
    return tomli.loads(data.decode("utf-8"), parse_float=Decimal)


def available_cores() -> int:
    """How many processes may parse at once here: the cores this process may use, or 1 where
    threads run (forking a process that runs threads can deadlock the child)."""
    threading = sys.modules.get("threading")
    if threading and threading.active_count() > 1:
        return 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _cuts(data: bytes, cores: int, part: int) -> list[int]:
    """Where the parts after the first begin: [[programma]] lines about evenly spaced."""
    parts = min(cores, len(data) // max(part, 1))
    cuts: list[int] = []
    for number in range(1, parts):
        found = _CUT.search(data, max(number * len(data) // parts, cuts[-1] + 1 if cuts else 1))
        if found is None:
            break
        cuts.append(found.start())
    return cuts


def _start(data: bytes, cuts: list[int]) -> list[_Child]:
    """A child for each part after the first; none where processes cannot be forked (Windows)
    or the system starts no more."""
    children: list[_Child] = []
    if not hasattr(os, "fork"):
        return children
    try:
        for start, end in pairwise([*cuts, len(data)]):
            children.append(_Child(data, start, end))
    except OSError:  # out of processes or pipes: this process parses it all
        _stop(children)
        return []
    except BaseException:  # an interrupt
        _stop(children)
        raise
    return children


def _stop(children: list[_Child]) -> None:
    for child in children:
        child.stop()


def _line_end(data: bytes, start: int) -> int:
    end = data.find(b"\n", start)
    return len(data) if end < 0 else end + 1


def _joined(head: dict[str, Any], tails: list[dict[str, Any] | None]) -> dict[str, Any] | None:
    """The parts as one document, or None when that might differ from parsing the whole.

    The first part was parsed with the [[programma]] line that opens the second, so that the
    parser itself said that line may follow it there (`programma` is an array of tables, not
    a static array); the element it opened is the second part's first.
    """
    opened = head.get("programma")
    parts = [tail for tail in tails if tail is not None]
    if len(parts) < len(tails) or not isinstance(opened, list) or opened[-1:] != [{}]:
        return None
    opened.pop()
    for tail in parts:
        for key, value in tail.items():
            if key == "programma":
                opened += value
            elif key in head:
                return None
            else:
                head[key] = value
    return head


class _Child:
    """A forked process that parses data[start:end] and sends the result back, pickled."""

    # pickle and signal are imported where they are used: most budgets need no child.

    def __init__(self, data: bytes, start: int, end: int) -> None:
        read, write = os.pipe()
        try:
            self.pid = os.fork()
        except BaseException:
            os.close(read)
            os.close(write)
            raise
        if self.pid == 0:
            _serve(data, start, end, read, write)
        os.close(write)
        self._read: int | None = read
        self._running = True

    def result(self) -> dict[str, Any] | None:
        """What the child parsed; None if it failed."""
        import pickle

        assert self._read is not None, "a result is read once"
        pipe, self._read = open(self._read, "rb"), None  # closed by the file from here on
        with pipe:
            sent = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self._running = False
        document: dict[str, Any] | None = pickle.loads(sent) if status == 0 and sent else None
        return document

    def stop(self) -> None:
        """End the child if it still runs; its result is not wanted."""
        import signal

        if self._running:
            self._running = False
            os.kill(self.pid, signal.SIGKILL)
            if self._read is not None:
                os.close(self._read)
            os.waitpid(self.pid, 0)


def _serve(data: bytes, start: int, end: int, read: int, write: int) -> NoReturn:
    import pickle

    status = 1
    try:
        os.close(read)
        sent = pickle.dumps(_loads(data[start:end]), protocol=pickle.HIGHEST_PROTOCOL)
        with open(write, "wb") as pipe:
            pipe.write(sent)
        status = 0
    finally:  # never back into the parent's code: no cleanup, no output, no traceback
        os._exit(status)
