"""Budget files and snippets the tests share."""

from begroting_cli.bundled import BUDGETS

REFERENCE = BUDGETS / "ipo-begroting-2021.toml"
PREVIOUS = BUDGETS / "ipo-begroting-2020.toml"

MINIMAL = """\
[begroting]
naam = "Testbegroting"
organisatie = "Testorganisatie"
jaar = 2021
eenheid = 1000
"""

EXACT = MINIMAL + """
[[programma]]
code = "9"
naam = "Overig"

[[programma.beleidsopgave]]
code = "9.3"
naam = "Informatiehuizen"
programmalasten = 2300.75
directe_personeelslasten = 0.1
overhead = 0.2
"""
"""A budget with amounts that are not whole units: EUR 2.300.750 is 2300.75 x EUR 1.000."""

CLEAN = """\
[begroting]
naam = "Testbegroting"
organisatie = "Testorganisatie"
jaar = 2021
eenheid = 1000

[indexatie]
personeel = 0.02

[lasten]
programmalasten = 1300
personeelslasten_direct = 800
personeelslasten_overig = 100
huisvesting = 100
totaal = 2300

[lasten.kassiersfunctie]
programmalasten = 1000
personeelslasten_direct = 160
personeelslasten_overig = 20
huisvesting = 20
totaal = 1200

[lasten.basis]
programmalasten = 300
personeelslasten_direct = 640
personeelslasten_overig = 80
huisvesting = 80
totaal = 1100

[[programma]]
code = "1"
naam = "Programma"
totaal = 2300

[[programma.beleidsopgave]]
code = "1.1"
naam = "Basisopgave"
programmalasten = 300
directe_personeelslasten = 400
overhead = 400
totaal = 1100

[[programma.beleidsopgave]]
code = "1.2"
naam = "Kassiersopgave"
programmalasten = 1000
directe_personeelslasten = 100
overhead = 100
totaal = 1200
kassiersfunctie = true
"""
"""A small budget that every rule accepts: overhead rate 100%, kassiersfunctie share 20%."""


def line_of(text: str, marker: str, occurrence: int = 1) -> int:
    """The 1-based line of the n-th line of text that contains marker."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if marker in line]
    return hits[occurrence - 1]
