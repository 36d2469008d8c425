"""What a person reads, in one language: Dutch, or English when LANGUAGE asks for it.

Every text for people is written in Dutch in the code and marked: `_("...")`, or
`ngettext(enkelvoud, meervoud, n)` where a number decides the form, or `N_("...")` for a text
made at import and translated with `_()` where it is shown; placeholders are named
(`_("regel {code}").format(code=...)`), so that a translation may put them in its own order.
locale/en/LC_MESSAGES/begroting.po holds the English; `python tools/catalogus.py` finds the
marked texts, updates the catalogue and compiles it (docs/architecture.md, "Texts").

Only LANGUAGE chooses (`LANGUAGE=en`): LANG and LC_ALL say how a machine shows dates and
letters, and a CI runner's en_US.UTF-8 is no request for English. Rule codes, JSON keys,
command names and the file format are not translated.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "begroting"
LOCALE = Path(__file__).parent / "locale"

_vertaling: gettext.NullTranslations = gettext.NullTranslations()
_taal = "nl"


def kies_taal(language: str | None) -> None:
    """Speak the first language of a LANGUAGE value ("en", "en_GB:en") that has a catalogue;
    Dutch when it names none, or is None."""
    global _vertaling, _taal
    languages = [name for name in (language or "").split(":") if name]
    # The first that is Dutch (the texts' own language) or has a catalogue: "nl:en" is Dutch.
    found = next((name for name in languages
                  if name.startswith("nl") or gettext.find(DOMAIN, LOCALE, [name])), None)
    if found is not None and found.startswith("nl"):
        found = None
    _vertaling = gettext.translation(DOMAIN, LOCALE, languages=[found]) if found else (
        gettext.NullTranslations())
    _taal = found.split("_")[0].split(".")[0] if found else "nl"


def taal() -> str:
    """The language spoken, as an HTML lang attribute: "nl" or "en"."""
    return _taal


def _(tekst: str) -> str:
    """A text for people, in the chosen language."""
    return _vertaling.gettext(tekst)


def N_(tekst: str) -> str:
    """A text marked for the catalogue, translated later with _(): for texts made when a
    module loads (a rule's summary), before a language is chosen."""
    return tekst


def ngettext(enkelvoud: str, meervoud: str, aantal: int) -> str:
    """The form of a text for a number: "1 bestand", "2 bestanden"."""
    return _vertaling.ngettext(enkelvoud, meervoud, aantal)
