"""Budget files and snippets the tests share."""

from pathlib import Path

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

BRONCKHORST = BUDGETS / "bronckhorst-2024.toml"
DRIMMELEN = BUDGETS / "drimmelen-jaarstukken-2021.toml"
ZUID_HOLLAND = BUDGETS / "zuid-holland-2018.toml"
DRONTEN = BUDGETS / "dronten-2019.toml"
TABLES = Path(__file__).parent / "data" / "import"
"""The flat tables the real budgets were imported from (tests/data/import/README.md)."""

GEMEENTE = """\
[begroting]
naam = "Begroting 2024"
organisatie = "Gemeente Voorbeeld"
soort_organisatie = "gemeente"
jaar = 2024
eenheid = 1000

[totaal]
lasten = { "begroting 2024" = 1500, "raming 2025" = 1600 }
baten = { "begroting 2024" = 1400, "raming 2025" = 1450 }
saldo = { "begroting 2024" = 100, "raming 2025" = 150 }
toevoeging_reserve = { "begroting 2024" = 20 }
onttrekking_reserve = { "begroting 2024" = 50 }
mutatie_reserves = { "begroting 2024" = -30 }
resultaat = { "begroting 2024" = 70, "raming 2025" = 150 }

[[programma]]
code = "1"
naam = "Bestuur"
lasten = { "begroting 2024" = 1000, "raming 2025" = 1100 }
baten = { "begroting 2024" = 200, "raming 2025" = 250 }
saldo = { "begroting 2024" = 800, "raming 2025" = 850 }

[[programma.regel]]
code = "1.1"
naam = "Raad en college"
taakveld = "0.1"
lasten = { "begroting 2024" = 600, "raming 2025" = 650 }
baten = { "begroting 2024" = 0, "raming 2025" = 0 }

[[programma.regel]]
code = "1.2"
naam = "Burgerzaken"
taakveld = "0.2"
lasten = { "begroting 2024" = 400, "raming 2025" = 450 }
baten = { "begroting 2024" = 200, "raming 2025" = 250 }

[[programma]]
code = "AD"
naam = "Algemene dekkingsmiddelen"
lasten = { "begroting 2024" = 500, "raming 2025" = 500 }
baten = { "begroting 2024" = 1200, "raming 2025" = 1200 }
toevoeging_reserve = { "begroting 2024" = 20 }
onttrekking_reserve = { "begroting 2024" = 50 }
"""
"""A municipal budget with baten, reserves and a raming that adds up everywhere."""


HEAD_2024 = """\
[begroting]
naam = "N"
organisatie = "O"
jaar = 2024
eenheid = 1000
"""

STATED_OVER_A_SALDO = HEAD_2024 + """
[[programma]]
code = "1"
naam = "A"
lasten = 1000
baten = 200
saldo = 800

[[programma.regel]]
code = "1A"
naam = "a, in full"
lasten = 600
baten = 100
saldo = 500

[[programma.regel]]
code = "1B"
naam = "b, only a saldo"
saldo = 300
"""
"""A programme that states lasten, baten and saldo over a regel in full and one that gives only
a saldo (the review's mixed-regels.toml): 1B's lasten and baten are inside its saldo."""
