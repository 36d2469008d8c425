"""Which characters a reader cannot see: the one definition that output and rules share."""

from __future__ import annotations

import re
import unicodedata

UNSEEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
"""Control characters (C0, DEL, C1), format characters (bidi overrides, zero width, soft
hyphen, ...), and line and paragraph separators: what shows as nothing, or moves other text."""

# Where the unseen characters are, with room for what later versions of Unicode add there
# (the category decides); a test checks that every one this Python knows is inside. Text in
# Dutch, with its quotes, dashes and euro signs, has nothing here but the odd soft hyphen.
# (Two classes: one class with both kinds of range is searched at a third of the speed.)
CANDIDATES = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2"
    "\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
    "|[\U000110bd-\U000e007f]")


def unseen(char: str) -> bool:
    """Whether a reader cannot see the character, or it changes how other text shows."""
    return unicodedata.category(char) in UNSEEN_CATEGORIES


def has_unseen(text: str) -> bool:
    """Whether the text has a character a reader cannot see (or that moves other text)."""
    return any(unseen(m.group()) for m in CANDIDATES.finditer(text))


def as_seen(code: str) -> str:
    """A code as a reader sees it: compatibility forms folded (NFKC, so a no-break space is a
    space), unseen characters left out, spaces at the ends dropped. Two codes that are the
    same as seen are one code to a reader."""
    folded = unicodedata.normalize("NFKC", code)
    return "".join(c for c in folded if not unseen(c)).strip()
