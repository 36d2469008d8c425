"""Which characters a reader cannot see: the one definition that output and rules share."""

from __future__ import annotations

import re
import unicodedata

UNSEEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
"""Control characters (C0, DEL, C1), format characters (bidi overrides, zero width, soft
hyphen, ...), and line and paragraph separators: what shows as nothing, or moves other text."""

# Every control character, and every character from U+00AD (the first format character) on:
# the Latin letters of Dutch texts never reach the test of their category.
CANDIDATES = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u0600-\U0010ffff]")


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
