"""`begroting rapport`: the budget "in één oogopslag" as one self-contained HTML file.

inhoud.py decides what the report shows, grafiek.py where a chart's bars go, and the template
rapport.html.j2 lays it out with rapport.css. jinja2 is imported here, so only by the command
that writes a report; autoescape is always on, and no text of a budget is ever marked safe.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from begroting_cli.render.rapport.inhoud import Cel, Rapport
from begroting_cli.tekst import _, ngettext

HIER = Path(__file__).parent


def html(rapport: Rapport, *, bron_url: str | None = None) -> str:
    """The report as an HTML document."""
    import jinja2
    from markupsafe import Markup

    from begroting_cli.render.escape import visible

    def zichtbaar(value: object) -> object:
        """Every text shown as it is: a bidi override or a zero-width space from a budget
        is written out (\\u202e), as in every other output (docs/security.md)."""
        return visible(value) if isinstance(value, str) and not isinstance(value, Markup) else (
            value)

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HIER),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        finalize=zichtbaar,
    )
    environment.globals.update(_=_, ngettext=ngettext)
    environment.filters["zacht"] = zacht
    environment.globals["bedrag"] = _bedrag(rapport.bestand, bron_link(bron_url) if bron_url
                                            else None)
    template = environment.get_template("rapport.html.j2")
    css = (HIER / "rapport.css").read_text(encoding="utf-8")
    pagina = _("{naam} · pagina ").format(naam=rapport.naam)
    return template.render(
        r=rapport,
        # Our own stylesheet, and a page footer whose text is escaped for CSS (css_tekst):
        # the only markup that does not come through autoescape.
        css=Markup(css),  # noqa: S704
        pagina=Markup(  # noqa: S704
            "@page { size: A4; margin: 16mm 14mm 18mm; @bottom-center { content: "
            f"{css_tekst(pagina)} counter(page) {css_tekst(_(' van '))} counter(pages); "
            "font-size: 9pt; color: #4a4a4a; } }"),
        bron_url=bron_link(bron_url) if bron_url else None,
    )


def _bedrag(bestand: str, bron: Callable[[int], str] | None) -> Callable[[Cel | None], str]:
    """The HTML of an amount: a <data> with its exact value, its key and its line (a link with
    --bron-url), "+ p.m." after it; p.m. itself a <span>. Every part escaped and shown as it
    is (escape.visible), as autoescape and the template's finalize would."""
    from markupsafe import Markup, escape

    from begroting_cli.render.escape import visible

    def tekst(value: str) -> str:
        return str(escape(visible(value)))

    plus = tekst(_("+ p.m."))

    def bedrag(c: Cel | None) -> str:
        if c is None or (c.waarde is None and not c.tekst):
            return Markup("")
        attributes = f'data-key="{tekst(c.sleutel)}" data-bron="{tekst(bestand)}:{c.bron}"'
        if c.waarde is None:
            return Markup(f'<span class="pm" {attributes}>{tekst(c.tekst)}</span>')
        html = f'<data value="{tekst(c.waarde)}" {attributes}>{tekst(c.tekst)}</data>'
        if bron is not None:
            html = f'<a class="bron" href="{tekst(bron(c.bron))}">{html}</a>'
        if c.pm:
            html += f' <span class="pm">{plus}</span>'
        return Markup(html)

    return bedrag


def css_tekst(tekst: str) -> str:
    """A text as a CSS string: every character but a letter, digit or space as a hex escape,
    so that no quote, backslash or `</style>` in a budget's name can end it."""
    return '"' + "".join(c if c.isalnum() and c.isascii() or c == " " else f"\\{ord(c):x} "
                         for c in tekst) + '"'


def bron_link(template: str) -> Callable[[int], str]:
    """The address of a line of the budget: `{line}` in the template replaced by its number."""
    return lambda line: template.replace("{line}", str(line))


BRON_URL = re.compile(r"https?://[^\s\"'<>]+")


def geldige_bron_url(template: str) -> bool:
    """Whether --bron-url is an http(s) address with `{line}` in it (no javascript:, no
    relative link that could point anywhere)."""
    return BRON_URL.fullmatch(template) is not None and "{line}" in template


def zacht(tekst: str) -> object:
    """A column header that may break inside its long word: "Kassiers-functie" on a phone."""
    from markupsafe import Markup, escape

    return escape(tekst).replace("Kassiersfunctie", Markup("Kassiers&shy;functie"))
