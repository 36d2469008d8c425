"""The texts of `begroting` and their English: find, merge, compile (src/begroting_cli/tekst.py).

    python tools/catalogus.py            # update begroting.pot and en's .po, compile the .mo
    python tools/catalogus.py --check    # exit 1 when anything is out of date or untranslated
    python tools/catalogus.py --from X.po  # take translations from X.po (a .po of en) too

Texts are found in src/begroting_cli/**/*.py as the string literals given to `_()`, `N_()`
and `ngettext()`, and in its templates (*.j2) as the literal given to `_()`. A new text gets
an empty translation in the .po: fill in its msgstr and run this again. A text no longer in
the code leaves the .po. The .mo is what gettext reads; it is
written in the standard format (no msgfmt needed) and checked in, so that an install needs
no build step.
"""

from __future__ import annotations

import argparse
import ast
import re
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "begroting_cli"
LOCALE = SOURCE / "locale"
POT = LOCALE / "begroting.pot"
LANGUAGES = ("en",)
HEADER = ("Content-Type: text/plain; charset=UTF-8", "Plural-Forms: nplurals=2; plural=(n != 1);")
"""The catalogue's header lines: UTF-8, and two forms (1 and the rest), as Dutch and English."""


@dataclass
class Tekst:
    """One text: its msgid (and plural), where it is used, and a translation."""

    msgid: str
    plural: str | None = None
    plaatsen: list[str] = field(default_factory=list)
    msgstr: list[str] = field(default_factory=list)


def gevonden(source: Path = SOURCE) -> dict[str, Tekst]:
    """Every marked text in the sources, by msgid, in the order first found."""
    found: dict[str, Tekst] = {}
    for path in sorted(source.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            name, args = node.func.id, node.args
            if name in ("_", "N_") and args and _literal(args[0]) is not None:
                msgid, plural = _literal(args[0]), None
            elif name == "ngettext" and len(args) >= 2 and all(
                    _literal(a) is not None for a in args[:2]):
                msgid, plural = _literal(args[0]), _literal(args[1])
            else:
                continue
            assert msgid is not None
            tekst = found.setdefault(msgid, Tekst(msgid, plural))
            place = str(path.relative_to(ROOT))  # no line: moving code changes no catalogue
            if place not in tekst.plaatsen:
                tekst.plaatsen.append(place)
    for path in sorted(source.rglob("*.j2")):  # templates call _() with one literal
        place = str(path.relative_to(ROOT))
        for match in _TEMPLATE_TEXT.finditer(path.read_text(encoding="utf-8")):
            msgid = match.group(2).replace("\\\"", "\"").replace("\\'", "'")
            tekst = found.setdefault(msgid, Tekst(msgid))
            if place not in tekst.plaatsen:
                tekst.plaatsen.append(place)
    return found


_TEMPLATE_TEXT = re.compile(r"""\b_\((["'])((?:(?!\1)[^\\]|\\.)*)\1\)""")
"""`_("...")` or `_('...')` in a jinja2 template."""


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def lees_po(path: Path) -> dict[str, Tekst]:
    """The entries of a .po file by msgid (the header left out)."""
    entries: dict[str, Tekst] = {}
    current: dict[str, list[str]] = {}
    key = ""

    def done() -> None:
        if "msgid" in current:
            msgid = "".join(current["msgid"])
            if msgid:
                strs = [("".join(current[k])) for k in sorted(current) if k.startswith("msgstr")]
                plural = "".join(current["msgid_plural"]) if "msgid_plural" in current else None
                entries[msgid] = Tekst(msgid, plural, [], strs)
        current.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            if line.startswith("#~") or not line.strip():
                done()
            continue
        match = re.match(r'(msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line)
        if match:
            if match.group(1) == "msgid":
                done()
            key = match.group(1)
            current[key] = [_unquote(match.group(2))]
        elif line.startswith('"'):
            current[key].append(_unquote(line[1:-1]))
    done()
    return entries


_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", '"': '"', "\\": "\\"}
"""The escapes of a .po string this project uses (\\b: click's mark for a block kept as it is)."""


def _unquote(text: str) -> str:
    return re.sub(r'\\(.)', lambda m: _ESCAPES[m.group(1)], text)


def _quote(text: str) -> str:
    text = text.replace("\\", "\\\\")  # first: the escapes below bring their own
    for letter, char in _ESCAPES.items():
        if letter != "\\":
            text = text.replace(char, f"\\{letter}")
    return text


def schrijf_po(teksten: dict[str, Tekst], path: Path, template: bool = False) -> str:
    """The .po (or, as template, the .pot) text of teksten, in the order given."""
    lines = ['msgid ""', 'msgstr ""', *(f'"{line}\\n"' for line in HEADER), ""]
    for tekst in teksten.values():
        lines += [f"#: {place}" for place in tekst.plaatsen]
        if "{" in tekst.msgid:
            lines.append("#, python-brace-format")
        lines.append(f'msgid "{_quote(tekst.msgid)}"')
        if tekst.plural is not None:
            lines.append(f'msgid_plural "{_quote(tekst.plural)}"')
            strs = tekst.msgstr if not template and len(tekst.msgstr) == 2 else ["", ""]
            lines += [f'msgstr[{i}] "{_quote(s)}"' for i, s in enumerate(strs)]
        else:
            text = "" if template or not tekst.msgstr else tekst.msgstr[0]
            lines.append(f'msgstr "{_quote(text)}"')
        lines.append("")
    return "\n".join(lines)


def samengevoegd(teksten: dict[str, Tekst], po: dict[str, Tekst]) -> dict[str, Tekst]:
    """The texts of the code with the translations the .po has for them."""
    merged = {}
    for msgid, tekst in teksten.items():
        old = po.get(msgid)
        merged[msgid] = Tekst(msgid, tekst.plural, tekst.plaatsen,
                              old.msgstr if old is not None else [])
    return merged


def mo(teksten: dict[str, Tekst]) -> bytes:
    """A GNU .mo file of the translated texts (the format gettext.GNUTranslations reads)."""
    pairs = {"": "".join(f"{line}\n" for line in HEADER)}
    for tekst in teksten.values():
        if not tekst.msgstr or not all(tekst.msgstr):
            continue
        if tekst.plural is not None:
            pairs[f"{tekst.msgid}\0{tekst.plural}"] = "\0".join(tekst.msgstr)
        else:
            pairs[tekst.msgid] = tekst.msgstr[0]
    keys = sorted(pairs)
    ids = [k.encode("utf-8") for k in keys]
    strs = [pairs[k].encode("utf-8") for k in keys]
    start = 7 * 4 + 16 * len(keys)
    offsets, data = [], b""
    for chunk in (*ids, *strs):
        offsets.append((len(chunk), start + len(data)))
        data += chunk + b"\0"
    n = len(keys)
    head = struct.pack("Iiiiiii", 0x950412DE, 0, n, 7 * 4, 7 * 4 + 8 * n, 0, 0)
    table = b"".join(struct.pack("ii", length, offset) for length, offset in offsets)
    return head + table + data


def _paths(language: str) -> tuple[Path, Path]:
    folder = LOCALE / language / "LC_MESSAGES"
    return folder / "begroting.po", folder / "begroting.mo"


def problemen(language: str, teksten: dict[str, Tekst], po: dict[str, Tekst]) -> list[str]:
    """What is missing or wrong in a catalogue: untranslated texts, placeholders that differ."""
    found = []
    for msgid, tekst in teksten.items():
        entry = po.get(msgid)
        if entry is None or not entry.msgstr or not all(entry.msgstr):
            found.append(f"{language}: no translation for {msgid!r} ({tekst.plaatsen[0]})")
            continue
        for translation in entry.msgstr:
            if _placeholders(translation) != _placeholders(msgid):
                found.append(f"{language}: the placeholders of {msgid!r} differ in "
                             f"{translation!r}")
    return found


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"(?<!\{)\{([a-z_]*)(?:[:!][^}]*)?\}", text))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 when something is out of date")
    parser.add_argument("--from", dest="sources", action="append", type=Path, default=[],
                        metavar="PO", help="a .po file of en whose translations to take too")
    options = parser.parse_args()
    teksten = gevonden()
    stale = []
    wanted = {POT: schrijf_po(teksten, POT, template=True)}
    report = []
    for language in LANGUAGES:
        po_path, mo_path = _paths(language)
        po = lees_po(po_path) if po_path.exists() else {}
        for source in options.sources:
            po |= {msgid: entry for msgid, entry in lees_po(source).items() if entry.msgstr
                   and all(entry.msgstr)}
        merged = samengevoegd(teksten, po)
        wanted[po_path] = schrijf_po(merged, po_path)
        report += problemen(language, teksten, po)
        compiled = mo(merged)
        if not mo_path.exists() or mo_path.read_bytes() != compiled:
            stale.append(mo_path)
            if not options.check:
                mo_path.parent.mkdir(parents=True, exist_ok=True)
                mo_path.write_bytes(compiled)
    for path, text in wanted.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(path)
            if not options.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    for line in report:
        print(line)
    for path in stale:
        print(f"{'out of date' if options.check else 'written'}: {path.relative_to(ROOT)}")
    return 1 if report or (options.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
