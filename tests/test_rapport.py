"""`begroting rapport` without a browser: the figures, where they come from, the links, the
escaping, the bytes (docs/rapport.md). tests/test_rapport_browser.py looks at it in Chromium.

Every bundled budget's report is made once per module; the tests read it with the standard
library's html.parser, strictly (every element closed where it was opened).
"""

from __future__ import annotations

import datetime
import gettext
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from begroting_cli.characters import has_unseen
from begroting_cli.cli import app
from begroting_cli.load import load
from begroting_cli.notation import bedrag, nadeel, richting
from begroting_cli.render.escape import visible
from begroting_cli.render.rapport.grafiek import balk, waterval
from begroting_cli.render.rows import decimalen
from begroting_cli.tekst import DOMAIN, LOCALE
from tests.samples import CLEAN, MINIMAL

ROOT = Path(__file__).resolve().parents[1]
IPO_2021 = "budgets/ipo-begroting-2021.toml"
IPO_2020 = "budgets/ipo-begroting-2020.toml"
BRONCKHORST = "budgets/bronckhorst-2024.toml"
DRIMMELEN = "budgets/drimmelen-jaarstukken-2021.toml"
DRONTEN = "budgets/dronten-2019.toml"
ZUID_HOLLAND = "budgets/zuid-holland-2018.toml"
BUNDLED = sorted(f"budgets/{path.name}" for path in (ROOT / "budgets").glob("*.toml"))
SUMMARIES = (IPO_2020, ZUID_HOLLAND)
"""Budgets without regels: no cards."""
MIN = "\u2212"
BRON_URL = "https://example.org/b.toml#L{line}"

runner = CliRunner()


def run(*args: object):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception)
    return result


@pytest.fixture(scope="module")
def dutch_in_root():
    """Run from the repository, in Dutch: data-bron then names budgets/NAME.toml, as a
    reader of the repository would type it."""
    from begroting_cli import tekst

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        patch.delenv("LANGUAGE", raising=False)
        tekst.kies_taal(None)
        yield
    tekst.kies_taal(None)


@pytest.fixture(scope="module")
def reports(dutch_in_root) -> dict[str, str]:
    """The report of every bundled budget, as `begroting rapport FILE` prints it."""
    found = {}
    for budget in BUNDLED:
        result = run("rapport", budget)
        assert result.exit_code == 0, (budget, result.stderr)
        found[budget] = result.stdout
    return found


@pytest.fixture(scope="module")
def engine(dutch_in_root) -> dict[str, dict]:
    """What `totals --detail -f json` (and for the IPO 2021, `diff -f json` with its vorige)
    says of every bundled budget: the figures the report must show."""
    found = {}
    for budget in BUNDLED:
        totals = run("totals", budget, "--detail", "-f", "json")
        assert totals.exit_code == 0, totals.stderr
        found[budget] = {"totals": json.loads(totals.stdout, parse_float=Decimal)}
    diff = run("diff", IPO_2020, IPO_2021, "-f", "json")
    assert diff.exit_code == 0, diff.stderr
    found[IPO_2021]["diff"] = json.loads(diff.stdout, parse_float=Decimal)
    return found


@pytest.fixture(scope="module")
def with_links(dutch_in_root) -> str:
    result = run("rapport", IPO_2021, "--bron-url", BRON_URL)
    assert result.exit_code == 0, result.stderr
    return result.stdout


# Reading the HTML

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str | None]
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self, tag: str | None = None):
        for child in self.children:
            if isinstance(child, Element):
                if tag is None or child.tag == tag:
                    yield child
                yield from child.iter(tag)

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()


class Tree(HTMLParser):
    """A document as a tree; every end tag must close the element open last."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.open = [self.root]
        self.errors: list[str] = []
        self.declarations: list[str] = []
        self.comments: list[str] = []

    def _add(self, tag: str, attrs: list[tuple[str, str | None]]) -> Element:
        element = Element(tag, dict(attrs), self.open[-1])
        assert len(element.attrs) == len(attrs), f"an attribute twice on <{tag}>: {attrs}"
        self.open[-1].children.append(element)
        return element

    def handle_starttag(self, tag, attrs):
        element = self._add(tag, attrs)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self._add(tag, attrs)

    def handle_endtag(self, tag):
        if self.open[-1].tag != tag:
            self.errors.append(f"</{tag}> closes <{self.open[-1].tag}>")
            return
        self.open.pop()

    def handle_data(self, data):
        self.open[-1].children.append(data)

    def handle_decl(self, decl):
        self.declarations.append(decl)

    def handle_comment(self, data):
        self.comments.append(data)


def parse(html: str) -> Element:
    """The document, which must parse: one doctype, every element closed in order."""
    tree = Tree()
    tree.feed(html)
    tree.close()
    assert tree.errors == [], tree.errors[:5]
    assert [e.tag for e in tree.open] == ["#document"], "elements left open"
    assert tree.declarations == ["DOCTYPE html"]
    return tree.root


@dataclass(frozen=True)
class Amount:
    """A <data> element: an amount as the report shows it."""

    key: str
    value: str
    bron: str
    text: str
    link: str | None
    element: Element


def amounts(document: Element) -> list[Amount]:
    found = []
    for element in document.iter("data"):
        link = next((a.attrs.get("href") for a in element.ancestors() if a.tag == "a"), None)
        found.append(Amount(element.attrs["data-key"], element.attrs["value"],
                            element.attrs["data-bron"], element.text(), link, element))
    return found


def pm_spans(document: Element) -> list[Element]:
    return [e for e in document.iter("span") if "data-key" in e.attrs]


def by_id(document: Element, name: str) -> Element:
    found = [e for e in document.iter() if e.attrs.get("id") == name]
    assert len(found) == 1, name
    return found[0]


def heads(table: Element) -> list[str]:
    return [th.text().replace("\u00ad", "") for th in next(table.iter("thead")).iter("th")]


# From a data-key to the figure of `totals` or `diff` (docs/rapport.md, docs/json.md)


@dataclass(frozen=True)
class Item:
    """The element of a JSON list whose `veld` is `waarde`."""

    veld: str
    waarde: str


EVERY = object()
"""Any element of a JSON list: the one for which the rest of the path exists."""


def lookup(node: object, path: tuple) -> object:
    if not path:
        return node
    step, rest = path[0], path[1:]
    if isinstance(step, Item):
        hits = [x for x in node if x[step.veld] == step.waarde]
        if len(hits) != 1:
            raise LookupError(step)
        return lookup(hits[0], rest)
    if step is EVERY:
        found = []
        for item in node:
            try:
                found.append(lookup(item, rest))
            except LookupError:
                continue
        if len(found) != 1:
            raise LookupError(rest)
        return found[0]
    if node is None:
        raise LookupError(step)
    return lookup(node[step], rest)


def json_path(key: str, periode: str | None, diff: bool) -> tuple:
    """Where `totals` (or `diff`) has the figure of a key. periode is the budget's own period
    for a budget with baten en lasten, None for one split the IPO's way."""
    match key.split("/"):
        case ["totaal"] if periode is None:
            return ("totals", "totaal")
        case ["totaal"]:
            return ("totals", "totaal", "bedragen", "lasten", periode)
        case ["programma", code, "totaal"] if periode is not None:
            return ("totals", "programmas", Item("code", code), "bedragen", "lasten", periode)
        case ["programma", code, deel]:
            return ("totals", "programmas", Item("code", code), deel)
        case ["regel", code, deel] if periode is None:
            return ("totals", "programmas", EVERY, "beleidsopgaven", Item("code", code), deel)
        case ["regel", code, soort]:
            return ("totals", "programmas", EVERY, "regels", Item("code", code), "bedragen",
                    soort, periode)
        case ["kostensoort", soort, kolom] if diff:
            return ("diff", "kostensoorten", Item("kostensoort", soort), kolom)
        case ["kostensoort", soort, kolom]:
            return ("totals", "kostensoorten", kolom, soort)
        case ["verklaring", "totaal"]:
            return ("diff", "verklaard")
        case ["verklaring", n]:
            return ("diff", "verklaring", int(n), "bedrag")
        case ["overzicht", "totaal", soort, kolom]:
            return ("totals", "totaal", "bedragen", soort, kolom)
        case ["overzicht", programma, soort, kolom]:
            return ("totals", "programmas", Item("code", programma), "bedragen", soort, kolom)
        case ["overzicht", programma, regel, soort, kolom]:
            return ("totals", "programmas", Item("code", programma), "regels",
                    Item("code", regel), "bedragen", soort, kolom)
    raise AssertionError(f"a data-key that docs/rapport.md does not name: {key}")


def number(value: object) -> Decimal:
    assert isinstance(value, int | Decimal) and not isinstance(value, bool), value
    return Decimal(value)


def engine_value(key: str, data: dict) -> Decimal | None:
    """The engine's figure for a key: a JSON value at its path, or computed from JSON values
    where the report shows a figure the JSON gives as parts; None where the JSON has none."""
    try:
        return _engine_value(key, data)
    except LookupError:
        return None


def _engine_value(key: str, data: dict) -> Decimal:
    totals = data["totals"]
    periode = f"begroting {totals['begroting']['jaar']}" if "perioden" in totals else None
    diff = "diff" in data
    parts = key.split("/")
    if parts[0] == "waterval":
        return waterfall_values(data["diff"])[int(parts[1])]
    if parts[0] == "kostensoort" and parts[2] == "kassiersfunctie" and diff:
        # Was / Wordt shows the kassiersfunctie as the source prints it: taken off (negative)
        return -number(lookup(data, json_path(key, periode, diff)))
    if parts[0] == "programma" and periode is not None and parts[2] != "totaal":
        # basis and kassiersfunctie of lasten: the regels marked kassiersfunctie are the latter
        programma = lookup(totals, ("programmas", Item("code", parts[1])))
        kassiers = sum((number(r["bedragen"]["lasten"][periode]) for r in programma["regels"]
                        if r["kassiersfunctie"]), Decimal(0))
        total = number(programma["bedragen"]["lasten"][periode])
        return kassiers if parts[2] == "kassiersfunctie" else total - kassiers
    if parts[0] == "overzicht" and parts[-1].startswith("verschil "):
        # verschil = was - wordt of the columns `verschillen` names
        kolom = lookup(totals, ("verschillen", Item("kolom", parts[-1])))
        base = json_path("/".join([*parts[:-1], kolom["was"]]), periode, diff)
        return (number(lookup(data, base)) - number(lookup(data, (*base[:-1], kolom["wordt"]))))
    return number(lookup(data, json_path(key, periode, diff)))


def waterfall_values(diff: dict) -> list[Decimal]:
    """Was, minus each item of the verklaring (an item is a part of Was - Wordt), the rest
    that stays unexplained, Wordt (2)."""
    totaal = lookup(diff, ("kostensoorten", Item("kostensoort", "totaal")))
    steps = [-number(item["bedrag"]) for item in diff["verklaring"]]
    if diff["onverklaard"]:
        steps.append(-number(diff["onverklaard"]))
    return [number(totaal["was"]), *steps, number(totaal["wordt_basis"])]


# How an amount is written for people (notation.py): the budget's own decimals

RICHTING = {"saldo": "N", "mutatie_reserves": "N", "resultaat": "N"}
"""A positive saldo, mutatie of resultaat is a nadeel."""
VERSCHIL = {"lasten": "V", "baten": "N", "saldo": "V", "toevoeging_reserve": "V",
            "onttrekking_reserve": "N", "mutatie_reserves": "V", "resultaat": "V"}
"""A positive verschil (was - wordt): less cost is a voordeel, less income a nadeel."""


def shown(key: str, value: Decimal, d: int, dd: int, last: int) -> str:
    """The text of an amount: d decimals (dd in Was / Wordt: those of the more precise of
    the two files), a real minus; N/V where the sign is a direction; -/- for a nadeel in the
    verklaring; a step of the waterfall with its sign."""
    parts = key.split("/")
    if parts[0] == "verklaring":
        return nadeel(value)
    if parts[0] in ("kostensoort", "waterval"):
        d = dd
    if parts[0] == "waterval" and parts[1] not in ("0", str(last)):
        text = bedrag(abs(value), d)
        if value and not text.strip("0,."):  # a rest too small for d decimals shows them all
            text = bedrag(abs(value), None)
        return ("+" if value >= 0 else MIN) + text
    if parts[0] in ("overzicht", "regel") and parts[-1].startswith("verschil "):
        return richting(value, d, VERSCHIL[parts[-2]])
    soort = parts[-2] if parts[0] == "overzicht" else parts[-1]
    if parts[0] in ("overzicht", "regel") and soort in RICHTING:
        return richting(value, d, RICHTING[soort])
    return bedrag(value, d).replace("-", MIN)


def budget_decimals(budget: str) -> int:
    loaded = load(ROOT / budget)
    assert loaded.begroting is not None
    return decimalen(loaded.begroting)


# 1. Every amount shown is the engine's


@pytest.mark.parametrize("budget", BUNDLED)
def test_every_amount_is_the_engines_figure_at_its_key(reports, engine, budget):
    shown_amounts = amounts(parse(reports[budget]))
    assert shown_amounts or budget == IPO_2020  # test_a_summary_budget_shows_its_kostensoorten
    wrong = [f"{a.key} ({a.bron}): shown {a.value}, engine {engine_value(a.key, engine[budget])}"
             for a in shown_amounts if Decimal(a.value) != engine_value(a.key, engine[budget])]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("budget", BUNDLED)
def test_every_amount_is_written_the_dutch_way_with_the_budgets_decimals(reports, budget):
    found = amounts(parse(reports[budget]))
    d = budget_decimals(budget)
    # Was / Wordt and its waterfall: as many decimals as the more precise of the two files
    dd = max(d, budget_decimals(IPO_2020)) if budget == IPO_2021 else d
    last = max((int(a.key.split("/")[1]) for a in found if a.key.startswith("waterval/")),
               default=-1)
    expected = {a.key: shown(a.key, Decimal(a.value), d, dd, last) for a in found}
    # " *" marks a sum of part of a figure (test_a_sum_of_part_of_a_figure_is_marked_...)
    wrong = [f"{a.key}: {a.value} shown as {a.text!r}, not {expected[a.key]!r}"
             for a in found if a.text.removesuffix(" *") != expected[a.key]]
    assert not wrong, "\n".join(wrong)


def test_the_ipo_report_shows_every_figure_of_totals_and_diff(reports, engine):
    document = parse(reports[IPO_2021])
    keys = Counter(a.key for a in amounts(document))
    totals, diff = engine[IPO_2021]["totals"], engine[IPO_2021]["diff"]
    expected = {"totaal", "verklaring/totaal"}
    for programma in totals["programmas"]:
        code = programma["code"]
        expected |= {f"programma/{code}/totaal", f"programma/{code}/basis"}
        if programma["kassiersfunctie"]:
            expected.add(f"programma/{code}/kassiersfunctie")
        for regel in programma["beleidsopgaven"]:
            expected |= {f"regel/{regel['code']}/{deel}" for deel in (
                "programmalasten", "directe_personeelslasten", "overhead", "totaal")
                if regel[deel] != "p.m."}
    for rij in diff["kostensoorten"]:
        expected |= {f"kostensoort/{rij['kostensoort']}/{kolom}" for kolom in (
            "was", "wordt", "kassiersfunctie", "wordt_basis", "verschil")}
    expected |= {f"verklaring/{n}" for n in range(len(diff["verklaring"]))}
    assert expected - set(keys) == set()
    # a programme's figures on its tile and on its page; a regel's on its card, once
    assert keys["programma/3/totaal"] == 2 and keys["regel/3.1/programmalasten"] == 1
    assert len(expected) == 2 + 9 * 2 + 4 + 59 * 4 - 1 + 25 + 5


def test_a_pm_amount_is_pm_in_the_json_too(reports, engine):
    document = parse(reports[IPO_2021])
    spans = pm_spans(document)
    assert [s.attrs["data-key"] for s in spans] == ["regel/3.9/programmalasten"]
    path = json_path("regel/3.9/programmalasten", None, False)
    assert lookup(engine[IPO_2021], path) == "p.m."
    card = by_id(document, "p3-r9")
    assert "p.m. (indicatie 4.200)" in card.text()


@pytest.mark.parametrize("budget", BUNDLED)
def test_every_amount_without_a_value_is_pm_and_pm_in_the_json(reports, engine, budget):
    """A <span class="pm" data-key> stands for an amount that is p.m., nothing else: not an
    empty place for a figure the budget does not have."""
    data = engine[budget]
    periode = (f"begroting {data['totals']['begroting']['jaar']}" if "perioden" in data["totals"]
               else None)
    for span in pm_spans(parse(reports[budget])):
        key = span.attrs["data-key"]
        assert span.text() == "p.m.", (key, span.text())
        path = json_path(key, periode, "diff" in data)
        if "bedragen" in path:  # an overview marks its p.m. figures: {soort: [periode, ...]}
            at = path.index("bedragen")
            soort, kolom = path[at + 1:]
            assert kolom in lookup(data, (*path[:at], "pm")).get(soort, []), key
        else:
            assert lookup(data, path) == "p.m.", key


def test_a_total_with_pm_in_it_says_plus_pm(reports, engine):
    html = reports[IPO_2021]
    totals = engine[IPO_2021]["totals"]
    for key, pm in [("totaal", totals["pm"]),
                    *((f"programma/{p['code']}/totaal", p["pm"]) for p in totals["programmas"])]:
        marked = re.findall(rf'data-key="{re.escape(key)}"[^>]*>[^<]*</data>'
                            r'( <span class="pm">\+ p\.m\.</span>)?', html)
        assert marked and all(bool(m) == pm for m in marked), key


def test_the_ipo_total_is_30547_plus_pm_and_explains_the_printed_30543(reports):
    document = parse(reports[IPO_2021])
    overzicht = by_id(document, "overzicht")
    groot = next(p for p in overzicht.iter("p") if "groot" in p.classes())
    assert " ".join(groot.text().split()) == "Totaal 30.547 + p.m."
    notes = " ".join(p.text() for p in overzicht.iter("p") if "noot" in p.classes())
    assert "De programma's tellen op tot 30.547, de kostensoorten tot 30.544 (verschil 3)" in notes
    assert "basis (16.023 en 16.021) en kassiersfunctie (14.524 en 14.523)" in notes
    was_wordt = by_id(document, "was-wordt").text()
    assert "Totaal, Wordt (1): opgegeven 30.543, berekend 30.544" in was_wordt
    assert "Totaal, Was: opgegeven 17.002, berekend 17.003" in was_wordt


def test_the_verklaring_has_the_sources_items_with_nadeel_as_minus_slash_minus(reports):
    table = by_id(parse(reports[IPO_2021]), "verklaring")
    rows = [[cell.text() for cell in tr.children if isinstance(cell, Element)]
            for tr in next(table.iter("tbody")).iter("tr")]
    assert rows == [["Opname DSO in IPO BGR", "-/- 1.650"],
                    ["Correctie formatieraming", "-/- 778"],
                    ["Indexatie personeelslasten", "-/- 156"],
                    ["Toer. App.lstn aan K-functie", "2.382"],
                    ["Verlaging diverse ramingen", "1.184"],
                    ["Totaal verklaard", "982"]]
    assert "Onverklaard 0,4: binnen de afrondingsgrens (4)." in by_id(
        parse(reports[IPO_2021]), "was-wordt").text()


def test_the_was_wordt_table_is_the_sources_with_the_kassiersfunctie_taken_off(reports):
    table = by_id(parse(reports[IPO_2021]), "was-wordt-tabel")
    assert heads(table) == ["Kostensoort", "Was", "Wordt (1)", "Kassiersfunctie", "Wordt (2)",
                            "Verschil"]
    totaal = [tr for tr in table.iter("tr") if "totaal" in tr.classes()]
    assert [td.text() for td in totaal[0].iter("td")] == [
        "17.003", "30.544", f"{MIN}14.523", "16.021", "982"]


def test_the_tiles_bars_are_the_programmes_figures(reports):
    """The bar of a tile is balk() of the figures on the tile, next to the largest programme:
    programme 9 (9.301) fills it, mostly kassiersfunctie."""
    document = parse(reports[IPO_2021])
    tiles = [li for li in document.iter("li") if "tegel" in li.classes()]
    assert len(tiles) == 9
    figures = []
    for tile in tiles:
        values = {a.key.rsplit("/", 1)[1]: Decimal(a.value) for a in amounts(tile)}
        figures.append((values["totaal"], values["basis"],
                        values.get("kassiersfunctie", Decimal(0))))
    grootste = max(totaal for totaal, _b, _k in figures)
    assert grootste == 9301
    bars = []
    for tile, (_totaal, basis, kassiers) in zip(tiles, figures, strict=True):
        rects = {r.attrs["class"]: r for r in tile.iter("rect")}
        bar = balk(basis, kassiers, grootste)
        assert Decimal(rects["basis"].attrs["width"]) == bar.basis
        assert Decimal(rects["kas"].attrs["width"]) == bar.kassiersfunctie
        assert Decimal(rects["kas"].attrs["x"]) == bar.basis
        assert rects["kas"].attrs["fill"] == "url(#streep)"
        bars.append((bar.basis, bar.kassiersfunctie))
    assert bars[8] == (Decimal("3.2"), Decimal("96.8"))
    assert bars[0] == (Decimal("39.3"), Decimal("11.7"))  # 3.658 and 1.086 of 9.301


NEGATIVE_KASSIERS = MINIMAL + """
[[programma]]
code = "1"
naam = "Met een correctie"

[[programma.beleidsopgave]]
code = "1.1"
naam = "Basis"
programmalasten = 120
directe_personeelslasten = 0
overhead = 0

[[programma.beleidsopgave]]
code = "1.2"
naam = "Correctie op de kassiersfunctie"
programmalasten = -20
directe_personeelslasten = 0
overhead = 0
kassiersfunctie = true

[[programma]]
code = "2"
naam = "Klein"

[[programma.beleidsopgave]]
code = "2.1"
naam = "Klein"
programmalasten = 50
directe_personeelslasten = 0
overhead = 0
"""
"""Programme 1: basis 120, kassiersfunctie -20, total 100, the largest."""


def test_a_tiles_bar_stays_inside_the_tile_when_a_part_is_negative(write):
    document = parse(run("rapport", write(NEGATIVE_KASSIERS)).stdout)
    tiles = [li for li in document.iter("li") if "tegel" in li.classes()]
    assert [a.text for a in amounts(tiles[0]) if a.key.endswith("/basis")] == ["120"]
    for tile in tiles:
        for rect in tile.iter("rect"):
            x, width = Decimal(rect.attrs.get("x", "0")), Decimal(rect.attrs["width"])
            assert 0 <= x and 0 <= width and x + width <= 100, (rect.attrs, tile.text())


def test_the_waterfall_draws_its_table(reports):
    document = parse(reports[IPO_2021])
    table = by_id(document, "waterval-tabel")
    rows = [(tr.iter("th").__next__().text(), next(tr.iter("data")))
            for tr in next(table.iter("tbody")).iter("tr")]
    labels = [label for label, _d in rows]
    assert labels == ["Was", "Opname DSO in IPO BGR", "Correctie formatieraming",
                      "Indexatie personeelslasten", "Toer. App.lstn aan K-functie",
                      "Verlaging diverse ramingen", "Onverklaard", "Wordt (2)"]
    values = [Decimal(data.attrs["value"]) for _l, data in rows]
    # Was and every step come to Wordt (2): nothing is hidden
    assert values[0] + sum(values[1:-1]) == values[-1] == Decimal("16020.6")
    drawn = waterval((labels[0], values[0]), list(zip(labels[1:-1], values[1:-1], strict=True)),
                     (labels[-1], values[-1]))
    svg = next(e for e in document.iter("svg") if e.attrs.get("role") == "img")
    rects = list(svg.iter("rect"))
    texts = [t.text() for t in svg.iter("text")]
    assert len(rects) == len(drawn.treden) == len(texts) == 8
    for rect, text, trede, (label, data) in zip(rects, texts, drawn.treden, rows, strict=True):
        assert rect.attrs["class"] == trede.soort
        assert Decimal(rect.attrs["x"]) == trede.x + 10
        assert Decimal(rect.attrs["y"]) == trede.y
        assert Decimal(rect.attrs["width"]) == max(trede.breedte, Decimal("0.5"))
        assert text == f"{label}: {data.text()}"
    assert svg.attrs["viewbox"] == f"0 0 {drawn.breedte + 20} {drawn.hoogte}"


def test_the_overview_of_a_budget_with_periods_has_them_as_columns(reports):
    document = parse(reports[DRIMMELEN])
    table = by_id(document, "overzicht-tabel")
    assert heads(table) == ["Programma", "Begroting 2021", "Na wijziging 2021", "Rekening 2021",
                            "Verschil 2021"]
    totaal = {a.key: a.text for a in amounts(table) if a.key.startswith("overzicht/totaal/")}
    assert totaal["overzicht/totaal/lasten/rekening 2021"] == "65.448"
    assert totaal["overzicht/totaal/lasten/verschil 2021"] == "3.160 V"
    assert totaal["overzicht/totaal/resultaat/rekening 2021"] == "1.419 V"
    assert "Verschil = begroting (na wijziging) - rekening, met N of V." in document.text()
    dronten = by_id(parse(reports[DRONTEN]), "overzicht-tabel")
    assert heads(dronten)[0] == "Programma" and len(heads(dronten)) > 3
    assert all(re.fullmatch(r"(Rekening|Begroting|Raming|Na wijziging|Verschil) \d{4}", h)
               for h in heads(dronten)[1:]), heads(dronten)


def test_a_sum_of_part_of_a_figure_is_marked_and_explained_as_in_totals(reports, engine):
    """Bronckhorst gives some figures only in a saldo, and some periods for one programme:
    `totals` marks such a sum with * and says what it leaves out; the report must too."""
    document = parse(reports[BRONCKHORST])
    table = by_id(document, "overzicht-tabel")
    totals = engine[BRONCKHORST]["totals"]
    cells = {a.key: a.element.parent for a in amounts(table)}
    marked = [f"overzicht/totaal/{soort}/{periode}"
              for soort, perioden in totals["totaal"]["deels"].items() for periode in perioden]
    assert "overzicht/totaal/resultaat/rekening 2022" in marked
    unmarked = [f"{key}: {cells[key].text()!r}" for key in marked
                if key in cells and "*" not in cells[key].text()]
    assert not unmarked, "no * after a sum of part of it:\n" + "\n".join(unmarked)
    text = " ".join(document.text().split())
    assert "Deels: een regel of programma geeft dit bedrag niet apart" in text
    assert ("Rekening 2022: alleen programma 2; de totalen van die kolom zijn van wat er is."
            in text)


def test_a_summary_budget_shows_its_kostensoorten(reports, engine):
    """IPO 2020 is only its [lasten.basis]: `totals` shows that table, the report must too."""
    document = parse(reports[IPO_2020])
    basis = engine[IPO_2020]["totals"]["kostensoorten"]["basis"]
    found = {a.key: Decimal(a.value) for a in amounts(document)}
    assert found == {f"kostensoort/{soort}/basis": number(value)
                     for soort, value in basis.items()}
    assert found["kostensoort/totaal/basis"] == 17003


def test_a_budget_without_vorige_gets_its_kostensoorten_table(write, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write(CLEAN)
    result = run("rapport", path.name)
    assert result.exit_code == 0, result.stderr
    found = {a.key: a for a in amounts(parse(result.stdout))}
    totals = json.loads(run("totals", path.name, "-f", "json").stdout, parse_float=Decimal)
    for kolom in ("lasten", "kassiersfunctie", "basis"):
        for soort, value in totals["kostensoorten"][kolom].items():
            key = f"kostensoort/{soort}/{kolom}"
            assert Decimal(found[key].value) == value, key
            assert found[key].text == bedrag(number(value), 0)
            assert found[key].bron == f"begroting.toml:{line_of_table(CLEAN, kolom)}"
    assert found["kostensoort/totaal/lasten"].text == "2.300"


def line_of_table(text: str, kolom: str) -> int:
    header = "[lasten]" if kolom == "lasten" else f"[lasten.{kolom}]"
    return text.splitlines().index(header) + 1


def test_a_tile_of_a_budget_with_baten_shows_lasten_baten_saldo_and_resultaat(reports):
    """docs/rapport.md: "A budget with baten en lasten gets tiles of lasten, baten, saldo and
    resultaat of its own year"."""
    document = parse(reports[ZUID_HOLLAND])
    tile = next(li for li in document.iter("li") if "tegel" in li.classes())
    text = " ".join(tile.text().split())
    assert "Programma 1" in text
    for figure in ("198.133", "74.671", "123.462 N", "116.965 N"):
        assert figure in text, figure


# 2. Every amount says where it comes from


@pytest.mark.parametrize("budget", BUNDLED)
def test_every_amount_names_its_file_and_a_line_of_it(reports, budget):
    lines = (ROOT / budget).read_text(encoding="utf-8").splitlines()
    document = parse(reports[budget])
    for item in [*amounts(document), *(Amount(s.attrs["data-key"], "", s.attrs["data-bron"],
                                              s.text(), None, s) for s in pm_spans(document))]:
        name, _colon, line = item.bron.rpartition(":")
        assert name == budget, item
        assert 1 <= int(line) <= len(lines), item


@pytest.mark.parametrize("budget", [BRONCKHORST, DRIMMELEN, DRONTEN])
def test_a_cards_figure_points_at_its_line_or_at_its_regel(reports, budget):
    lines = (ROOT / budget).read_text(encoding="utf-8").splitlines()
    cards = [a for a in amounts(parse(reports[budget]))
             if a.key.startswith("overzicht/") and len(a.key.split("/")) == 5]
    assert cards
    for item in cards:
        _overzicht, _programma, code, soort, _kolom = item.key.split("/")
        n = int(item.bron.rpartition(":")[2])
        start = max(i for i in range(n) if lines[i].lstrip().startswith("[["))
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("[")),
                   len(lines))
        assert any(f'code = "{code}"' in line for line in lines[start:end]), (item.key, n)
        # a stated figure on its own line; one computed from others (a saldo) at its regel
        assert re.match(rf"\s*{soort}\s*=", lines[n - 1]) or lines[n - 1].startswith("[["), (
            item.key, lines[n - 1])


@pytest.mark.parametrize("budget", [IPO_2021])
def test_a_regels_amount_points_at_the_line_it_is_written_on(reports, budget):
    lines = (ROOT / budget).read_text(encoding="utf-8").splitlines()
    document = parse(reports[budget])
    regels = [a for a in amounts(document) if a.key.startswith("regel/")]
    regels += [Amount(s.attrs["data-key"], "", s.attrs["data-bron"], "", None, s)
               for s in pm_spans(document) if s.attrs["data-key"].startswith("regel/")]
    assert regels
    for item in regels:
        _regel, code, deel = item.key.split("/")
        n = int(item.bron.rpartition(":")[2])
        assert re.match(rf"\s*{deel}\s*=", lines[n - 1]), (item.key, lines[n - 1])
        # ... inside that regel's own table
        start = max(i for i in range(n) if lines[i].lstrip().startswith("[["))
        codes = [line for line in lines[start:n] if re.match(r"\s*code\s*=", line)]
        assert codes and f'"{code}"' in codes[0], (item.key, n)


def test_regel_1_5_programmalasten_is_on_its_line(reports):
    found = next(a for a in amounts(parse(reports[IPO_2021]))
                 if a.key == "regel/1.5/programmalasten")
    lines = (ROOT / IPO_2021).read_text(encoding="utf-8").splitlines()
    line = int(found.bron.rpartition(":")[2])
    assert lines[line - 1] == "programmalasten = 1650"
    assert 'code = "1.5"' in lines[line - 3]
    assert (found.value, found.text) == ("1650", "1.650")


def test_a_programmes_amounts_point_at_its_table(reports):
    lines = (ROOT / IPO_2021).read_text(encoding="utf-8").splitlines()
    for item in amounts(parse(reports[IPO_2021])):
        if item.key.startswith("programma/"):
            n = int(item.bron.rpartition(":")[2])
            assert lines[n - 1] == "[[programma]]", item
            assert lines[n] == f'code = "{item.key.split("/")[1]}"', item
        if item.key.startswith("verklaring/") and item.key != "verklaring/totaal":
            n = int(item.bron.rpartition(":")[2])
            assert lines[n - 1].startswith("bedrag = "), item


def test_with_bron_url_every_amount_links_to_its_line(with_links):
    document = parse(with_links)
    found = amounts(document)
    assert len(found) > 300
    for item in found:
        line = item.bron.rpartition(":")[2]
        assert item.link == BRON_URL.replace("{line}", line), item
    # the findings and the cards link their lines too; every address is one of these
    addresses = {a.attrs["href"] for a in document.iter("a")}
    external = {href for href in addresses if not href.startswith("#")}
    assert all(re.fullmatch(r"https://example\.org/b\.toml#L\d+", href) for href in external)
    assert set(re.findall(r"https?://[^\s\"'<>]*", with_links)) == external
    # a card links the line its table starts on: [[programma.beleidsopgave]], before its code
    card = by_id(document, "p1-r5")
    bron = next(p for p in card.iter("p") if "bron" in p.classes())
    header = (ROOT / IPO_2021).read_text(encoding="utf-8").splitlines().index('code = "1.5"')
    assert next(bron.iter("a")).attrs["href"] == f"https://example.org/b.toml#L{header}"


@pytest.mark.parametrize("bron_url", [
    "javascript:alert(1)", "https://example.org/b.toml", "example.org/b.toml#L{line}",
    "https://example.org/\"><script>alert(1)</script>{line}", "data:text/html,{line}",
    "https://example.org/b.toml#L{line} onmouseover=alert(1)"])
def test_a_bron_url_that_is_no_http_address_with_line_is_refused(bron_url, tmp_path):
    out = tmp_path / "rapport.html"
    result = run("rapport", ROOT / IPO_2021, "--bron-url", bron_url, "-o", out)
    assert result.exit_code == 2
    assert "--bron-url" in result.stderr
    assert not out.exists()


# 3. Links inside, nothing outside


@pytest.mark.parametrize("budget", BUNDLED)
def test_every_internal_link_resolves_and_ids_are_unique(reports, budget):
    document = parse(reports[budget])
    ids = [e.attrs["id"] for e in document.iter() if "id" in e.attrs]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    targets = [e.attrs["href"][1:] for e in document.iter("a")
               if e.attrs.get("href", "").startswith("#")]
    for element in document.iter():
        for attribute in ("aria-labelledby", "aria-describedby"):
            targets += (element.attrs.get(attribute) or "").split()
        for value in element.attrs.values():
            targets += re.findall(r"url\(#([^)]+)\)", value or "")
    assert targets
    assert set(targets) - set(ids) == set()


@pytest.mark.parametrize("budget", BUNDLED)
def test_nothing_is_loaded_from_elsewhere_and_nothing_runs(reports, budget):
    html = reports[budget]
    document = parse(html)
    tags = {e.tag for e in document.iter()}
    assert tags.isdisjoint({"script", "link", "img", "iframe", "object", "embed", "base",
                            "form", "audio", "video", "source", "image", "use", "foreignobject"})
    for element in document.iter():
        for name, value in element.attrs.items():
            assert name not in ("src", "srcset", "action", "formaction", "xlink:href", "ping")
            assert not name.startswith("on"), (element.tag, name)
            if name == "href":
                assert value.startswith("#"), value
    assert not re.search(r"https?:|//[a-z]", html, re.IGNORECASE)
    style = [e.text() for e in document.iter("style")]
    assert len(style) == 1
    assert "@import" not in style[0]
    assert re.findall(r"url\(([^)]*)\)", html) == ["#streep"] * len(re.findall(r"url\(", html))
    csp = [m for m in document.iter("meta")
           if (m.attrs.get("http-equiv") or "").lower() == "content-security-policy"]
    assert len(csp) == 1
    assert csp[0].attrs["content"].startswith("default-src 'none'")
    assert "script-src" not in csp[0].attrs["content"]
    assert next(document.iter("head")).children.index(csp[0]) < 8  # before anything it guards


@pytest.mark.parametrize("budget", BUNDLED)
def test_the_report_is_not_large(reports, budget):
    assert len(reports[budget].encode("utf-8")) < 1_000_000


# 4. A budget's texts are text


HOSTILE = ["<script>alert(1)</script>", "</style>", "</title>", '"', "'", "&", "&amp;", "&lt;",
           "{{ r.naam }}", "{% raw %}", "{#", "}}", "<!--", "]]>", "<b>", "\\", "\\3c ",
           "\x1b[2J", "\u202eevil", "\u200b", "\x85", "\n", "\t", "\r\n", "- lijst",
           "url(http://x)", "@import 'x';", "\"></data><script>", "é€‘", "  "]
texts = st.lists(st.sampled_from(HOSTILE) | st.text(max_size=4), min_size=1, max_size=4).map(
    "".join)
codes = st.lists(st.sampled_from([p for p in HOSTILE if not any(
    unicodedata.category(c) == "Cc" for c in p)]) | st.text(
    st.characters(blacklist_categories=("Cc", "Cs")), max_size=3), min_size=1, max_size=3).map(
    "".join).filter(lambda code: code.strip() != "")
ALL = "".join(HOSTILE)
CODE = "".join(c for c in ALL if unicodedata.category(c) != "Cc")


def hostile(naam: str, code: str, tekst: str) -> tuple[dict, dict]:
    """A budget and its vorige with every text shown in the report hostile: the name, the
    organisation, the programme's and regel's texts, and the verklaring (Was / Wordt)."""
    lasten = {"programmalasten": 100, "personeelslasten_direct": 60,
              "personeelslasten_overig": 0, "huisvesting": 36}
    vorige = {"begroting": {"naam": tekst, "organisatie": tekst, "jaar": 2023, "eenheid": 1000},
              "lasten": {"basis": {**lasten, "programmalasten": 90}}}
    budget = {
        "begroting": {"naam": naam, "organisatie": tekst, "jaar": 2024, "eenheid": 1000,
                      "vorige": "vorige.toml"},
        "lasten": lasten,
        "programma": [{"code": code, "naam": naam, "toelichting": tekst, "beleidsopgave": [
            {"code": code + ".1", "naam": tekst, "programmalasten": 100,
             "directe_personeelslasten": 60, "overhead": 36, "output": [tekst, naam],
             "heroverweging": [tekst], "toelichting": tekst}]}],
        "verklaring": [{"omschrijving": tekst, "bedrag": -10}],
    }
    return budget, vorige


TAGS = frozenset({"a", "article", "body", "caption", "data", "dd", "defs", "div", "dl", "dt",
                  "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "head", "header",
                  "html", "li", "line", "main", "meta", "nav", "p", "pattern", "rect", "section",
                  "span", "style", "svg", "table", "tbody", "td", "text", "th", "thead", "title",
                  "tr", "ul"})
"""Every element the template writes: a `<` in the report starts one of these, or nothing."""


def css_string(text: str) -> str:
    """A CSS string's content as CSS reads it (hex escapes end at one space)."""
    assert text[0] == text[-1] == '"' and '"' not in text[1:-1] and "\n" not in text
    return re.sub(r"\\([0-9a-fA-F]{1,6}) ?|\\(.)", lambda m: chr(int(m.group(1), 16))
                  if m.group(1) else m.group(2), text[1:-1])


def render_hostile(folder: Path, naam: str, code: str, tekst: str) -> str:
    budget, vorige = hostile(naam, code, tekst)
    # basic strings with escapes: a multi-line string would read back with \r\n as \n
    (folder / "vorige.toml").write_text(tomli_w.dumps(vorige), encoding="utf-8")
    path = folder / "begroting.toml"
    path.write_text(tomli_w.dumps(budget), encoding="utf-8")
    out = folder / "rapport.html"
    result = run("rapport", path, "-o", out)
    assert result.exit_code == 0, result.stderr
    return out.read_bytes().decode("utf-8")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(naam=texts, code=codes, tekst=texts)
@example(naam=ALL, code=CODE, tekst=ALL)
@example(naam='"</style><script>alert(1)</script>\\', code='1"><b>', tekst="{{ 7*7 }}{% x %}")
def test_hostile_texts_come_out_as_text(naam, code, tekst):
    with tempfile.TemporaryDirectory() as folder:
        html = render_hostile(Path(folder), naam, code, tekst)
    document = parse(html)
    assert "<script" not in html.lower()
    assert {e.tag for e in document.iter()} <= TAGS
    # every < outside the stylesheet starts an element of the template's own
    body = html.split("</style>", 1)[1]
    assert re.findall(r"<(?!/?(?:[a-z][a-z0-9]*)[\s>/])", body) == []
    assert all(m in TAGS for m in re.findall(r"</?([a-z][a-z0-9]*)", body))
    # the page footer: one stylesheet, ended where the template ends it, its name a CSS string
    # that the name cannot end
    (style,) = document.iter("style")
    css = style.text()
    assert "<" not in css.split("@page", 1)[1]
    footer = re.fullmatch(r'\s*@page \{ size: A4; margin: 16mm 14mm 18mm; @bottom-center \{ '
                          r'content: ("[^"\n]*") counter\(page\) ("[^"\n]*") counter\(pages\); '
                          r"font-size: 9pt; color: #4a4a4a; \} \}\s*", css[css.index("@page"):])
    assert footer is not None, css[css.index("@page"):]
    assert css_string(footer.group(1)) == f"{naam} · pagina "
    assert css_string(footer.group(2)) == " van "
    # the texts read back as written (with what a reader cannot see shown the way the report
    # shows it: tests/test_rapport.py::test_unseen_characters_are_shown_not_obeyed)
    h1 = next(document.iter("h1"))
    assert visible(h1.text()) == visible(naam)
    title = next(document.iter("title")).text()
    assert visible(title) == visible(f"{naam} · {tekst}")
    card = by_id(document, "p1-r1")
    assert visible(next(card.iter("h3")).text()) == visible(f"{code}.1 {tekst}")
    items = [visible(li.text()) for li in card.iter("li")
             if not any("meldingen" in e.classes() for e in li.ancestors())]
    assert items[:3] == [visible(tekst), visible(naam), visible(tekst)]
    verklaring = by_id(document, "verklaring")
    assert visible(next(next(verklaring.iter("tbody")).iter("th")).text()) == visible(tekst)
    assert visible(naam) in visible(document.text())
    # a code is part of an attribute: it stays inside it, shown as a reader would see it
    assert {a.key for a in amounts(card)} == {f"regel/{visible(code)}.1/{deel}" for deel in (
        "programmalasten", "directe_personeelslasten", "overhead", "totaal")}


def test_unseen_characters_are_shown_not_obeyed(tmp_path):
    """docs/security.md: a budget's text may not make a reader see other text than it holds
    (a bidi override shows the rest of a line backwards) in any output for people; `totals`
    and `diff` show such characters as escapes (render/escape.py: visible)."""
    naam, tekst = "Begroting \u202e2024 \u200b\x1b[2J\x85", "toelichting \u2066x\u2069"
    html = render_hostile(tmp_path, naam, "1", tekst)
    # (the report's own soft hyphen in "Kassiers-functie" is a place to break, not a text's)
    seen = sorted({f"U+{ord(c):04X}" for c in naam + tekst if has_unseen(c) and c in html})
    assert seen == [], f"characters a reader cannot see, as they are: {seen}"
    assert visible(naam) in parse(html).text()


# 5. The same budget gives the same bytes


def test_the_same_budget_gives_the_same_bytes(reports, tmp_path):
    first, second = tmp_path / "een.html", tmp_path / "twee.html"
    for out in (first, second):
        assert run("rapport", IPO_2021, "-o", out).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    # and -o writes what stdout prints
    assert first.read_text(encoding="utf-8") == reports[IPO_2021]


@pytest.mark.parametrize("budget", BUNDLED)
def test_no_date_unless_asked(reports, budget):
    html = reports[budget]
    assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}:\d{2}", html)
    assert datetime.date.today().isoformat() not in html
    colofon = by_id(parse(html), "colofon")
    assert "Datum" not in [dt.text() for dt in colofon.iter("dt")]


def test_with_datum_the_colofon_shows_it(reports):
    result = run("rapport", IPO_2021, "--datum", "2024-11-01")
    assert result.exit_code == 0
    colofon = by_id(parse(result.stdout), "colofon")
    rows = {dt.text(): dd.text() for dt, dd in zip(colofon.iter("dt"), colofon.iter("dd"),
                                                   strict=True)}
    assert rows["Datum"] == "2024-11-01"
    assert rows["Bestand"] == IPO_2021
    assert rows["Vorige begroting"] == "ipo-begroting-2020.toml"
    assert re.fullmatch(r"[0-9a-f]{64}", rows["SHA-256"])
    # the date is the only difference
    assert result.stdout.replace(
        "\n<div><dt>Datum</dt><dd>2024-11-01</dd></div>", "") == reports[IPO_2021]


@pytest.mark.parametrize("datum", ["2024-13-01", "1-11-2024", "morgen", "2024-02-30", ""])
def test_an_invalid_datum_is_refused(datum, tmp_path):
    out = tmp_path / "rapport.html"
    result = run("rapport", ROOT / IPO_2021, "--datum", datum, "-o", out)
    assert result.exit_code == 2
    assert "--datum" in result.stderr
    assert not out.exists()


# 6. Every bundled budget


@pytest.mark.parametrize("budget", BUNDLED)
def test_every_bundled_budget_gets_a_report(reports, budget):
    document = parse(reports[budget])
    cards = [e for e in document.iter("article") if "kaart" in e.classes()]
    meta = load(ROOT / budget).begroting.begroting
    assert next(document.iter("h1")).text() == meta.naam
    if budget in SUMMARIES:
        assert cards == []
    else:
        assert cards
    # a page per programme, linked from the contents
    nav = [a.attrs["href"] for a in next(document.iter("nav")).iter("a")]
    pages = [e.attrs["id"] for e in document.iter("section") if "programma" in e.classes()]
    assert [f"#{page}" for page in pages] == [h for h in nav if re.fullmatch(r"#p\d+", h)]


def test_the_ipo_2021_report_has_a_card_per_regel_and_a_page_per_programme(reports, engine):
    document = parse(reports[IPO_2021])
    cards = [e for e in document.iter("article") if "kaart" in e.classes()]
    assert len(cards) == 59
    kassiers = [next(c.iter("h3")).text() for c in cards if "is-kassiers" in c.classes()]
    assert kassiers == [f"{r['code']} {r['naam']}" for p in engine[IPO_2021]["totals"][
        "programmas"] for r in p["beleidsopgaven"] if r["kassiersfunctie"]]
    assert "3.9 Stikstof" in kassiers and len(kassiers) == 7
    page = by_id(document, "p1")
    assert "Binnen dit programma zijn twee kassiersfuncties ondergebracht:" in page.text()
    assert [li.text() for li in next(page.iter("ul")).iter("li")] == [
        "Implementatie Omgevingswet", "Nederlands Hydrologisch Instituut"]


def test_without_a_file_it_reports_the_bundled_ipo_2021(reports):
    result = run("rapport")
    assert result.exit_code == 0
    document = parse(result.stdout)
    assert next(document.iter("h1")).text() == "IPO-Begroting 2021"
    assert {a.bron.rpartition(":")[0] for a in amounts(document)} == {"ipo-begroting-2021.toml"}
    assert result.stdout.replace('data-bron="ipo-begroting-2021.toml:', 'data-bron="'
                                 f'{IPO_2021}:').replace(
        "<dd>ipo-begroting-2021.toml</dd>", f"<dd>{IPO_2021}</dd>") == reports[IPO_2021]


# 7. Errors in the budget

BROKEN = MINIMAL + """
[[programma]]
code = "9"
naam = "Overig"

[[programma.beleidsopgave]]
code = "9.3"
naam = "Informatiehuizen"
programmalasten = 2300
directe_personeelslasten = 100
overhead = 60
totaal = 9999
"""
"""A regel whose stated totaal is 7.539 more than its parts: one error, BGR101."""


def test_strict_refuses_a_budget_with_an_error(write, tmp_path):
    out = tmp_path / "rapport.html"
    result = run("rapport", write(BROKEN), "--strict", "-o", out)
    assert result.exit_code == 1
    assert not out.exists()
    assert "BGR101" in result.stderr and "9.3" in result.stderr
    assert run("rapport", write(BROKEN), "--strict").stdout == ""


def test_without_strict_the_report_names_the_errors(write, tmp_path):
    out = tmp_path / "rapport.html"
    result = run("rapport", write(BROKEN), "-o", out)
    assert result.exit_code == 0
    document = parse(out.read_text(encoding="utf-8"))
    header = next(document.iter("header"))
    summary = next(p for p in header.iter("p") if "samenvatting" in p.classes())
    assert "fout" in summary.classes()
    assert summary.text().startswith("De controle vond 1 fout,")
    errors = [li for li in by_id(document, "controle").iter("li") if "error" in li.classes()]
    assert len(errors) == 1
    assert next(errors[0].iter("a")).attrs["href"] == "#p1-r1"
    assert "BGR101" in errors[0].text() and "9.999" in errors[0].text()
    # the card shows the figures as computed, and the finding about them
    card = by_id(document, "p1-r1")
    assert "totaal 9.999, maar berekend 2.460" in card.text()
    assert {a.key: a.text for a in amounts(card)}["regel/9.3/totaal"] == "2.460"


def test_a_clean_budget_says_so(reports, write):
    result = run("rapport", write(CLEAN))
    summary = next(p for p in parse(result.stdout).iter("p") if "samenvatting" in p.classes())
    assert "fout" not in summary.classes()
    assert summary.text().startswith("De controle vond 0 fouten,")


# 8. Where the report goes


def test_an_existing_file_is_replaced_only_with_force(tmp_path):
    out = tmp_path / "rapport.html"
    out.write_text("van iemand anders", encoding="utf-8")
    result = run("rapport", ROOT / IPO_2021, "-o", out)
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "van iemand anders"
    assert run("rapport", ROOT / IPO_2021, "-o", out, "--force").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_without_o_the_report_goes_to_stdout(reports, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("rapport", ROOT / IPO_2021)
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>\n<html lang=\"nl\">")
    assert result.stdout.endswith("</html>\n")
    assert list(tmp_path.iterdir()) == []


# 9. Language


def test_the_report_is_dutch(reports):
    for html in reports.values():
        document = parse(html)
        assert next(document.iter("html")).attrs["lang"] == "nl"
    headings = [h.text() for h in parse(reports[IPO_2021]).iter("h2")]
    assert headings[:3] == ["Inhoud", "Leeswijzer", "Totaaloverzicht"]


def test_with_language_en_the_report_is_english(tmp_path):
    out = tmp_path / "report.html"
    env = {**os.environ, "LANGUAGE": "en"}
    subprocess.run([sys.executable, "-m", "begroting_cli", "rapport", str(ROOT / IPO_2021),
                    "-o", str(out)], check=True, env=env, cwd=tmp_path, timeout=60)
    html = out.read_text(encoding="utf-8")
    document = parse(html)
    assert next(document.iter("html")).attrs["lang"] == "en"
    english = gettext.translation(DOMAIN, LOCALE, languages=["en"])
    labels = {e.text() for e in document.iter() if e.tag in ("h2", "a", "caption", "th", "dt")}
    untranslated = []
    for dutch in ("Inhoud", "Leeswijzer", "Totaaloverzicht", "Controle", "Colofon",
                  "Naar de inhoud", "Totaal verklaard",
                  "Terug naar het overzicht", "Bestand", "Gemaakt met"):
        translated = english.gettext(dutch)
        if translated == dutch or translated not in labels:
            untranslated.append(dutch)
    assert untranslated == []
    summary = next(p for p in document.iter("p") if "samenvatting" in p.classes())
    assert "De controle" not in summary.text()
    assert re.search(r"Total <data value=\"30547\"", html)
