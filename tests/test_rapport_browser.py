"""`begroting rapport` in a real browser: what a reader sees, not what the HTML says.

Covers screenshots at phone, tablet and desktop width (written as artifacts, also the two for
the README), no sideways scrolling at 320 and 360 px, no network requests and no console
errors, accessibility (axe-core, WCAG 2.2 AA), the skip link on the first Tab, the tiles'
links, the printed A4 version (a page per programme, the page footer, no navigation) and the
kassiersfunctie badges in forced colours (Windows high contrast).

Python playwright drives Debian's chromium (`apt-get install chromium`); playwright's own
browser download is not used. The browser is found as `chromium` or `chromium-browser` on the
PATH, or at $BEGROTING_CHROMIUM. Without a browser or without playwright the whole module is
skipped with the reason, so `pytest` runs anywhere; `pytest -rs` shows why.

Screenshots go to $BEGROTING_ARTIFACTS, by default tests/artifacts/ (ignored by git).
"""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from begroting_cli.bundled import BUDGETS
from begroting_cli.cli import app

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # the test extra is not installed
    pytest.skip("playwright is not installed (pip install '.[test]')", allow_module_level=True)

CHROMIUM = (os.environ.get("BEGROTING_CHROMIUM") or shutil.which("chromium")
            or shutil.which("chromium-browser"))
if not CHROMIUM:
    pytest.skip("no chromium found (apt-get install chromium, or set BEGROTING_CHROMIUM)",
                allow_module_level=True)

# No sandbox: CI runs as root in a container. No background networking: a test that counts
# requests must see only the report's own.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
ARTIFACTS = Path(os.environ.get("BEGROTING_ARTIFACTS")
                 or Path(__file__).parent / "artifacts")
BUNDLED = sorted(path.stem for path in BUDGETS.glob("*.toml"))
IPO = "ipo-begroting-2021"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def browser():
    """One chromium for the whole session: starting it is most of the time a test takes."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def rapporten(tmp_path_factory) -> dict[str, Path]:
    """Every bundled budget's report, made once by the command itself, by name. The budgets
    are given by their absolute path, as CI gives them, and the colofon shows that path."""
    folder = tmp_path_factory.mktemp("rapporten")
    runner = CliRunner()
    made = {}
    for name in BUNDLED:
        out = folder / f"{name}.html"
        # LANGUAGE unset: the reports are in Dutch, as the texts below expect.
        result = runner.invoke(app, ["rapport", str(BUDGETS / f"{name}.toml"), "-o", str(out)],
                               env={"LANGUAGE": None})
        assert result.exit_code == 0, result.output
        made[name] = out
    return made


@pytest.fixture
def open_page(browser, rapporten):
    """Open a report in a new page of the given size; the pages are closed after the test."""
    pages = []

    def open_page(name: str = IPO, width: int = 1280, height: int = 900, **options):
        page = browser.new_page(viewport={"width": width, "height": height}, **options)
        pages.append(page)
        page.goto(rapporten[name].as_uri())
        return page

    yield open_page
    for page in pages:
        page.close()


def png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG, from its IHDR chunk (no image library needed)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


# Screenshots


@pytest.mark.parametrize("width", [360, 768, 1280])
def test_a_screenshot_is_written_at_phone_tablet_and_desktop_width(open_page, width):
    # The first 3.000 pixels (header, leeswijzer, tiles, Was / Wordt): a full page of the IPO
    # report is 45.000-75.000 pixels tall and takes seconds to capture, for no more to look
    # at than the sections that the other tests walk through.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"rapport-{width}.png"
    open_page(width=width, height=3000).screenshot(path=str(path))
    assert png_size(path) == (width, 3000)


@pytest.mark.parametrize(("name", "width", "height"), [
    ("rapport-desktop.png", 1280, 900),
    ("rapport-telefoon.png", 360, 800),
])
def test_the_screenshots_for_the_readme_are_written(open_page, name, width, height):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page = open_page(width=width, height=height)
    # The overview of programmes: what the report adds to the tables of `totals`.
    page.evaluate("document.getElementById('overzicht').scrollIntoView()")
    page.screenshot(path=str(path))
    assert png_size(path) == (width, height)


# Phones


@pytest.mark.parametrize("width", [320, 360])
@pytest.mark.parametrize("budget", BUNDLED)
def test_the_report_does_not_scroll_sideways_on_a_phone(open_page, budget, width):
    page = open_page(budget, width=width, height=800)
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= client, (
        f"{budget} at {width} px is {scroll} px wide; sticking out: {sticking_out(page)}")


def sticking_out(page) -> list[str]:
    """The innermost elements past the right edge of the window that nothing clips: what makes
    a page scroll sideways."""
    return page.evaluate("""(() => {
        const width = document.documentElement.clientWidth;
        const clipped = element => {
            for (let up = element.parentElement; up && up !== document.body; up = up.parentElement)
                if (getComputedStyle(up).overflowX !== 'visible') return true;
            return false;
        };
        const out = [...document.body.querySelectorAll('*')].filter(element =>
            element.getBoundingClientRect().right > width + 0.5 && !clipped(element));
        const inside = element => out.some(other => other !== element && element.contains(other));
        return out.filter(element => !inside(element))
            .slice(0, 3).map(element => `${element.tagName.toLowerCase()}`
                + `${element.getAttribute('class') ? '.' + element.getAttribute('class') : ''}`
                + ` in #${element.closest('[id]')?.id}: ${element.textContent.trim().slice(0, 60)}`
                + ` (right edge ${Math.round(element.getBoundingClientRect().right)} px)`);
    })()""")


def test_no_table_of_the_report_scrolls_sideways_on_a_phone(open_page):
    page = open_page(width=360, height=800)
    regions = page.evaluate("""[...document.querySelectorAll('.tabel')].map(region => ({
        table: region.querySelector('table')?.id,
        scroll: region.scrollWidth, client: region.clientWidth}))""")
    assert "was-wordt-tabel" in [region["table"] for region in regions]
    wide = [f"#{r['table']}: {r['scroll']} px in {r['client']} px"
            for r in regions if r["scroll"] > r["client"]]
    assert not wide, "tables that scroll sideways at 360 px: " + "; ".join(wide)


# What the page does


@pytest.mark.parametrize("budget", BUNDLED)
def test_the_report_makes_no_requests_and_logs_no_errors(browser, rapporten, budget):
    url = rapporten[budget].as_uri()
    requests, errors = [], []
    page = browser.new_page()
    try:
        def console(message):
            if message.type == "error":
                errors.append(f"console: {message.text}")

        page.on("request", lambda request: requests.append(request.url))
        page.on("console", console)
        page.on("pageerror", lambda error: errors.append(f"page: {error}"))

        # Anything but the report itself is stopped before it leaves the machine.
        def only_the_report(route):
            if route.request.url == url:
                route.continue_()
            else:
                route.abort()

        page.route("**/*", only_the_report)
        page.goto(url, wait_until="load")
        page.wait_for_timeout(100)  # a late fetch or error would show by now
    finally:
        page.close()
    assert requests == [url]
    assert errors == []


@pytest.mark.parametrize("budget", [IPO, "drimmelen-jaarstukken-2021", "zuid-holland-2018"])
def test_the_report_has_no_accessibility_violations(open_page, budget):
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
    violations = Axe().run(open_page(budget), options=options).response["violations"]
    found = [f"{v['id']} ({v['impact']}, {len(v['nodes'])}x): "
             + ", ".join(" ".join(node["target"]) for node in v["nodes"][:3])
             for v in violations]
    assert not found, f"axe-core on {budget}:\n" + "\n".join(found)


def test_the_first_tab_shows_the_skip_link_with_a_visible_outline(open_page):
    page = open_page(width=1280, height=900)
    page.keyboard.press("Tab")
    focused = page.evaluate("""(() => {
        const element = document.activeElement, box = element.getBoundingClientRect();
        return {skip: element.matches('a.skip'), href: element.getAttribute('href'),
                top: box.top, bottom: box.bottom, left: box.left, right: box.right,
                outline: getComputedStyle(element).outlineStyle};
    })()""")
    assert focused["skip"] and focused["href"] == "#inhoud", focused
    # Shown on focus: the whole link inside the window, not above it where it waits.
    assert focused["top"] >= 0 and focused["left"] >= 0, focused
    assert focused["bottom"] <= 900 and focused["right"] <= 1280, focused
    assert focused["outline"] != "none", focused


def test_a_tiles_link_lands_on_its_programme(open_page):
    page = open_page(width=1280, height=900)
    links = page.locator(".tegel h3 a")
    assert links.count() == 9
    for index in range(links.count()):
        link = links.nth(index)
        href = link.get_attribute("href")
        link.click()
        assert page.evaluate("location.hash") == href
        top = page.evaluate(f"document.getElementById({href[1:]!r}).getBoundingClientRect().top")
        # -1: scrolled to a fraction of a pixel.
        assert -1 < top < 900, f"{href} is at {top} px after the click"


def test_kassiersfunctie_badges_stay_visible_in_forced_colors(open_page):
    page = open_page(forced_colors="active")
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    badges = page.evaluate("""[...document.querySelectorAll('.badge.kassiers')].map(badge => {
        const box = badge.getBoundingClientRect();
        return {width: box.width, height: box.height,
                border: getComputedStyle(badge).borderTopStyle};
    })""")
    assert badges, "no .badge.kassiers in the IPO report"
    hidden = [badge for badge in badges
              if not badge["width"] or not badge["height"] or badge["border"] == "none"]
    assert not hidden, f"{len(hidden)} of {len(badges)} badges do not show: {hidden[:3]}"


# Paper


@pytest.fixture(scope="module")
def printed(browser, rapporten):
    """The IPO report printed to A4 as the browser does it: its pages' text, and the
    programmes' headings."""
    import pypdf

    page = browser.new_page()
    try:
        page.goto(rapporten[IPO].as_uri())
        headings = page.eval_on_selector_all(
            "section.programma h2", "headings => headings.map(h => h.textContent)")
        pdf = page.pdf(format="A4", print_background=True, display_header_footer=False)
    finally:
        page.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "rapport.pdf").write_bytes(pdf)
    texts = [sheet.extract_text() for sheet in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    return texts, [" ".join(heading.split()) for heading in headings]


def body_lines(text: str, number: int, count: int) -> list[str]:
    """A printed page's lines without its footer."""
    return [line for line in text.splitlines()
            if line.strip() and f"pagina {number} van {count}" not in line]


def test_each_programme_starts_a_new_printed_page(printed):
    texts, headings = printed
    assert len(headings) == 9
    starts = []
    for heading in headings:
        code = re.match(r"Programma (\S+)", heading)
        assert code, heading
        title = re.compile(rf"^Programma {re.escape(code[1])}\b")
        pages = [number for number, text in enumerate(texts, start=1)
                 if any(title.match(line) for line in body_lines(text, number, len(texts)))]
        assert pages, f"{heading!r} is not in the PDF"
        first = pages[0]
        lines = body_lines(texts[first - 1], first, len(texts))
        # Near the top: the heading is the first thing on its page (it may wrap).
        assert title.match(lines[0]), f"page {first} starts with {lines[:2]}, not {heading!r}"
        starts.append(first)
    assert len(set(starts)) == len(starts), f"programmes start on pages {starts}"


def test_every_printed_page_has_the_page_footer_and_content(printed):
    texts, _ = printed
    count = len(texts)
    for number, text in enumerate(texts, start=1):
        assert f"IPO-Begroting 2021 · pagina {number} van {count}" in text, (
            f"page {number}: {text[:80]!r}")
        # A page with only its footer would be a blank sheet in the printer.
        assert body_lines(text, number, count), f"page {number} is empty"


def test_the_printout_leaves_out_the_navigation(printed):
    texts, _ = printed
    assert not any("Naar de inhoud" in text for text in texts)
    assert "Terug naar het overzicht" not in "".join(texts)


def test_the_printout_has_a_sane_number_of_pages(printed):
    texts, _ = printed
    # 9 programmes of 59 beleidsopgaven, a card never split: at most about a page per card
    # (the source document has a page per beleidsopgave). Far more would mean blank sheets,
    # far fewer content lost.
    assert 10 <= len(texts) <= 59 + 9 + 5, f"{len(texts)} pages"
