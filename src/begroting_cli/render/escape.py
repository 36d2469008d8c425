"""How a text from a budget is shown: as data, never as markup, escapes or commands.

A budget file may come from a pull request (docs/security.md). Its texts (codes, names,
explanations, file names) reach terminals, CI logs, pull-request comments and spreadsheets.
This module is the one place that decides how, per kind of output:

- `visible`: control characters and invisible format characters as escapes (`\\x1b`, `\\n`,
  `\\u202e`), for every human-readable output (text, tables, markdown, GitHub, stderr);
- `markdown`: also what would change Markdown's structure or render HTML, links or mentions;
- `csv_text`: also a cell that a spreadsheet would run as a formula (OWASP's rule);
- `json_exact`, `toml_exact`: the same data, with what a terminal or CI runner would act on
  written as the format's own escapes;
- `LineGuard`: a stream that keeps any line of output from being a CI workflow command;
  `commands` the stream under it, for `--format github` alone.

JSON and TOML stay exact: they read back as the data they were made from.
"""

from __future__ import annotations

import re
from typing import TextIO

from begroting_cli.characters import CANDIDATES, unseen

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    if not unseen(char):
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else (
        f"\\U{code:08x}")


def visible(text: str) -> str:
    """The text with every control and invisible format character as a visible escape."""
    return CANDIDATES.sub(_escape, text)


_MARKDOWN = re.compile(r"([\\`*_\[\]<>|~])|(?<=www)(\.)|(:)(?=//)")


def markdown(text: str) -> str:
    """The text for a Markdown table cell or heading (a pull-request comment): visible, and
    every character that Markdown could read as a table, emphasis, code, HTML, a
    link or an autolink backslash-escaped, and no @mention. Digits, '.', '-' and '/' stay as
    they are, so that amounts read as written."""
    escaped = _MARKDOWN.sub(lambda m: "\\" + m.group(), visible(text))
    return escaped.replace("@", "@<!-- -->")  # GitHub mentions ignore backslashes


def csv_text(text: str) -> str:
    """A text for a CSV cell: visible, and never a formula (OWASP: a cell that starts with
    =, +, -, or @ gets a ' before it; a tab or carriage return is shown as an escape)."""
    shown = visible(text)
    # A quote of the text's own before one of them gets one more, so that `begroting import`,
    # which takes off this one quote, gives the text back as it was.
    formula = shown[:1] in _FORMULA or (shown[:1] == "'" and shown[1:2] in _FORMULA)
    return f"'{shown}" if formula else shown


_FORMULA = ("=", "+", "-", "@")


def guard_line(line: str) -> str:
    """A line that no CI runner reads as a command: GitHub Actions runs a line that starts
    with '::' (after spaces) and one with '##[' anywhere in it; it also ends a line at '\\r'."""
    if "\r" in line:
        return "\r".join(guard_line(part) for part in line.split("\r"))
    stripped = line.lstrip()
    if stripped.startswith("::"):
        at = len(line) - len(stripped)
        line = f"{line[:at]}\\x3a{line[at + 1:]}"
    return line.replace("##[", "#\\x23[")


def json_exact(text: str) -> str:
    """JSON text with the same meaning, but no CI command and no unseen character in it: '#'
    of '##[' and every unseen character are written as \\u escapes, which JSON reads back
    as they were ('##[' and unseen characters can only stand in a string there)."""
    return _UNSEEN_RAW.sub(_json_escape, text.replace("##[", "#\\u0023["))


def toml_exact(text: str) -> str:
    """TOML text (basic strings only, as tomli_w writes them) with the same meaning, as
    json_exact; and a line that starts with '::' (only possible inside a multi-line string)
    gets its first ':' as \\u003a."""
    text = _UNSEEN_RAW.sub(_toml_escape, text.replace("##[", "#\\u0023["))
    if "::" in text:
        text = "\n".join(f"{line[:len(line) - len(line.lstrip())]}\\u003a{line.lstrip()[1:]}"
                          if line.lstrip().startswith("::") else line
                          for line in text.split("\n"))
    return text


# The unseen characters that JSON and TOML writers leave as they are: C0 is escaped by both
# (what is left of it separates values and lines), the rest is not.
_UNSEEN_RAW = re.compile(CANDIDATES.pattern.replace("\x00-\x1f", "", 1))


def _json_escape(match: re.Match[str]) -> str:
    char = match.group()
    if not unseen(char):
        return char
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # a UTF-16 surrogate pair: JSON has no longer escape
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _toml_escape(match: re.Match[str]) -> str:
    char = match.group()
    if not unseen(char):
        return char
    code = ord(char)
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


class OutputError(Exception):
    """The output could not be written (a closed pipe, a full disk): raised from the OSError
    by LineGuard, as something the command line should end on, not a bug."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror or str(error))
        self.errno = error.errno


class LineGuard:
    """A text stream that passes every line through guard_line on its way to `out`.

    A line is written once it is complete: flush() passes on only what is complete, because
    a line's start decides whether it is a command. close() writes the rest. An OSError of
    `out` comes out as OutputError.
    """

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._line = ""

    def write(self, text: str) -> int:
        pending = self._line + text
        end = pending.rfind("\n") + 1
        self._line = pending[end:]
        if end:
            done = pending[:end]
            if "::" in done or "##[" in done or "\r" in done:
                done = "\n".join(guard_line(line) for line in done.split("\n"))
            self._pass(done)
        return len(text)

    def flush(self) -> None:
        self._pass("")

    def close(self) -> None:
        """Write the last, unfinished line; `out` stays open."""
        line, self._line = self._line, ""
        self._pass(guard_line(line))

    def _pass(self, text: str) -> None:
        try:
            if text:
                self._out.write(text)
            self._out.flush()
        except OSError as error:
            raise OutputError(error) from error

    def isatty(self) -> bool:
        return self._out.isatty()

    def fileno(self) -> int:
        return self._out.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self._out, "encoding", "utf-8")


def commands(out: TextIO) -> TextIO:
    """The stream under a LineGuard: for the one output that writes workflow commands on
    purpose (`--format github`), whose texts are escaped by the command's own rules."""
    if isinstance(out, LineGuard):
        out.close()
        return out._out
    return out
