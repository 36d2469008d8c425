"""Hypothesis strategies for budgets: generated data in the file format, as dicts."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

amounts = st.one_of(
    st.integers(min_value=0, max_value=50_000).map(Decimal),
    st.decimals(min_value=0, max_value=50_000, places=2, allow_nan=False, allow_infinity=False),
)
amount_or_pm = st.one_of(amounts, amounts, amounts, st.just("p.m."))


@st.composite
def budgets(draw, max_programmas: int = 5, max_lines: int = 6) -> dict:
    """A valid budget with programmes and beleidsopgaven (no stated totals)."""
    programmas = []
    for p in range(1, draw(st.integers(1, max_programmas)) + 1):
        lines = [
            {
                "code": f"{p}.{b}",
                "naam": f"Opgave {p}.{b}",
                "programmalasten": draw(amount_or_pm),
                "directe_personeelslasten": draw(amounts),
                "overhead": draw(amounts),
                "kassiersfunctie": draw(st.booleans()),
            }
            for b in range(1, draw(st.integers(0, max_lines)) + 1)
        ]
        programmas.append({"code": str(p), "naam": f"Programma {p}", "beleidsopgave": lines})
    return {
        "begroting": {"naam": "Gegenereerd", "organisatie": "Test", "jaar": 2021,
                      "eenheid": 1000},
        "lasten": {"personeelslasten_direct": draw(amounts),
                   "personeelslasten_overig": draw(amounts), "huisvesting": draw(amounts)},
        "programma": programmas,
    }


@st.composite
def consistent_budgets(draw) -> dict:
    """A budget whose stated totals, [lasten] and overhead agree exactly with its lines."""
    rate = draw(st.sampled_from([Decimal("0.5"), Decimal("0.6"), Decimal(1)]))
    programmas = []
    all_lines = []
    for p in range(1, draw(st.integers(1, 4)) + 1):
        lines = []
        for b in range(1, draw(st.integers(1, 5)) + 1):
            direct = Decimal(draw(st.integers(0, 5_000)) * 10)
            line = {"code": f"{p}.{b}", "naam": f"Opgave {p}.{b}",
                    "programmalasten": Decimal(draw(st.integers(0, 100_000))),
                    "directe_personeelslasten": direct, "overhead": direct * rate,
                    "kassiersfunctie": draw(st.booleans())}
            line["totaal"] = sum(line[k] for k in ("programmalasten", "directe_personeelslasten",
                                                   "overhead"))
            lines.append(line)
        all_lines += lines
        programmas.append({"code": str(p), "naam": f"Programma {p}",
                           "totaal": sum(line["totaal"] for line in lines),
                           "beleidsopgave": lines})
    apparaat = sum(line["directe_personeelslasten"] + line["overhead"] for line in all_lines)
    overig = Decimal(draw(st.integers(0, min(100, int(apparaat)))))
    huisvesting = Decimal(draw(st.integers(0, min(100, int(apparaat - overig)))))
    lasten = {"programmalasten": sum(line["programmalasten"] for line in all_lines),
              "personeelslasten_direct": apparaat - overig - huisvesting,
              "personeelslasten_overig": overig, "huisvesting": huisvesting}
    lasten["totaal"] = sum(lasten.values())
    return {
        "begroting": {"naam": "Gegenereerd", "organisatie": "Test", "jaar": 2021,
                      "eenheid": 1000},
        "lasten": lasten,
        "programma": programmas,
    }


PERIODEN = ("rekening 2022", "begroting 2024", "raming 2025", "raming 2026")
whole = st.integers(min_value=-1_000, max_value=900_000).map(Decimal)


@st.composite
def per_periode(draw, perioden: list[str]) -> dict:
    chosen = draw(st.lists(st.sampled_from(perioden), min_size=1, unique=True))
    return {periode: draw(st.one_of(whole, whole, whole, st.just("p.m."))) for periode in chosen}


@st.composite
def overzicht_budgets(draw) -> str:
    """A budget file in format v2 (lasten and baten by period, regels or programme figures,
    reserves for the whole budget), with no stated totals: every figure is the file's own."""
    import tomli_w

    perioden = draw(st.lists(st.sampled_from(PERIODEN), min_size=1, max_size=4, unique=True))
    programmas = []
    for p in range(1, draw(st.integers(1, 4)) + 1):
        programma: dict = {"code": str(p), "naam": f"Programma {p}"}
        regels = [{"code": f"{p}.{r}", "naam": f"Regel {p}.{r}",
                   **{soort: draw(per_periode(perioden)) for soort in ("lasten", "baten")
                      if draw(st.booleans())}}
                  for r in range(1, draw(st.integers(0, 4)) + 1)]
        if regels:
            programma["regel"] = regels
        else:
            programma["lasten"] = draw(per_periode(perioden))
            programma["baten"] = draw(per_periode(perioden))
        programmas.append(programma)
    data = {"begroting": {"naam": "Gegenereerd", "organisatie": "Test", "jaar": 2024,
                          "eenheid": 1000, "soort_organisatie": "gemeente"},
            "programma": programmas}
    if draw(st.booleans()):
        data["totaal"] = {"toevoeging_reserve": draw(per_periode(perioden)),
                          "onttrekking_reserve": draw(per_periode(perioden))}
    return tomli_w.dumps(data)


# Pieces of text that have fooled source scanners: headers, keys, quotes, comments, brackets.
_TRICKS = ["[a]", "[[programma]]", "  [begroting]", "k = 1", '"""', "'''", '"', "'", "#", "=",
           ",", "[", "]", "{", "}", "\\", " " * 40, "x", "\n", "\n[[programma.regel]]\n",
           "\n  [1, 2],\n", "##[", "::error::"]
_texts = st.lists(st.sampled_from(_TRICKS), max_size=8).map("".join)


def _basic(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


@st.composite
def _value(draw) -> str:
    """A TOML value as written after "=": it may run over several lines."""
    text = draw(_texts)
    kind = draw(st.sampled_from(["int", "basic", "literal", "multi-basic", "multi-literal",
                                 "array", "nested", "inline"]))
    if kind == "int":
        return str(draw(st.integers(-10**6, 10**6)))
    if kind == "literal" and "'" not in text and "\n" not in text:
        return f"'{text}'"
    if kind == "multi-basic":
        body = text.replace("\\", "\\\\").replace('"', '\\"')
        return f'"""\n{body}"""'
    if kind == "multi-literal" and "'" not in text:
        return f"'''\n{text}'''"
    if kind == "array":
        items = draw(st.lists(_texts, max_size=3))
        return "[\n" + "".join(f"  {_basic(item)},  # {draw(_comment)}\n" for item in items) + "]"
    if kind == "nested":  # the last row, without its comma, looks like a header: [7]
        rows = draw(st.lists(st.lists(st.integers(0, 9), max_size=3), min_size=1, max_size=3))
        written = [f"[{', '.join(map(str, row))}]" for row in rows]
        if draw(st.booleans()):
            written.append(f"[{_basic(draw(_texts))}]")
        return "[\n" + ",\n".join(written) + "\n]"
    if kind == "inline":
        return f"{{ a = {_basic(text)}, b = [1, [2]] }}"
    return _basic(text)


_comment = _texts.map(lambda text: text.replace("\n", " "))


@st.composite
def mapped_documents(draw) -> tuple[str, dict[tuple, tuple[int, int]]]:
    """A TOML document full of text that looks like structure, and where each of its tables
    and keys really is: (line, column), recorded as the document was written."""
    lines: list[str] = []
    where: dict[tuple, tuple[int, int]] = {}

    def put(text: str) -> None:
        lines.extend(text.split("\n"))

    def keys(table: tuple) -> None:
        for number in range(draw(st.integers(0, 3))):
            if draw(st.booleans()):
                put(f"# {draw(_comment)}")
            indent = " " * draw(st.integers(0, 2))
            name, written = draw(st.sampled_from([
                (f"k{number}", f"k{number}"), (f"k {number}", f'"k {number}"'),
                (f"k'{number}", f"\"k'{number}\"")]))
            where[(*table, name)] = (len(lines) + 1, len(indent) + 1)
            comment = f"  # {draw(_comment)}" if draw(st.booleans()) else ""
            put(f"{indent}{written} = {draw(_value())}{comment}")
            if draw(st.booleans()):
                put("")

    keys(())
    if draw(st.booleans()):
        where[("begroting",)] = (len(lines) + 1, 1)
        put("[begroting]")
        keys(("begroting",))
    for index in range(draw(st.integers(0, 3))):
        where[("programma", index)] = (len(lines) + 1, 1)
        put("[[programma]]  # " + draw(_comment) if draw(st.booleans()) else "[[programma]]")
        keys(("programma", index))
        for number in range(draw(st.integers(0, 2))):
            where[("programma", index, "regel", number)] = (len(lines) + 1, 3)
            put("  [[ programma . regel ]]")
            keys(("programma", index, "regel", number))
    return "\n".join(lines) + "\n", where


@st.composite
def overzicht_budgets_met_saldi(draw) -> str:
    """A budget file in format v2 like overzicht_budgets, whose regels may also give only a
    saldo, only reserves or only a mutatie_reserves, and whose [totaal] may state reserves: a
    saldo or mutatie that holds amounts no one gives apart."""
    import tomli_w

    perioden = draw(st.lists(st.sampled_from(PERIODEN), min_size=1, max_size=4, unique=True))
    kinds = (("lasten", "baten"), ("saldo",), ("toevoeging_reserve", "onttrekking_reserve"),
             ("mutatie_reserves",), ("lasten", "baten", "toevoeging_reserve"))
    programmas = []
    for p in range(1, draw(st.integers(1, 4)) + 1):
        regels = [{"code": f"{p}.{r}", "naam": f"Regel {p}.{r}",
                   **{soort: draw(per_periode(perioden)) for soort in draw(st.sampled_from(kinds))}}
                  for r in range(1, draw(st.integers(0, 4)) + 1)]
        programma: dict = {"code": str(p), "naam": f"Programma {p}"}
        if regels:
            programma["regel"] = regels
        else:
            programma["saldo"] = draw(per_periode(perioden))
        programmas.append(programma)
    data = {"begroting": {"naam": "Gegenereerd", "organisatie": "Test", "jaar": 2024,
                          "eenheid": 1000},
            "programma": programmas}
    if draw(st.booleans()):
        data["totaal"] = {"toevoeging_reserve": draw(per_periode(perioden)),
                          "onttrekking_reserve": draw(per_periode(perioden))}
    return tomli_w.dumps(data)


@st.composite
def consistent_v2_budgets(draw) -> dict:
    """A budget in format v2 whose every stated figure is exactly what it is made of: regels
    with lasten and baten (and a saldo or not) by period, programmes and [totaal] that state
    lasten, baten and saldo."""
    perioden = draw(st.lists(st.sampled_from(PERIODEN), min_size=1, max_size=3, unique=True))
    amount = st.integers(min_value=0, max_value=100_000)

    def figures(lasten: dict, baten: dict) -> dict:
        return {"lasten": lasten, "baten": baten,
                "saldo": {p: lasten[p] - baten[p] for p in perioden}}

    def som(items: list[dict], soort: str) -> dict:
        return {p: sum(item[soort][p] for item in items) for p in perioden}

    programmas = []
    for p in range(1, draw(st.integers(1, 3)) + 1):
        regels = []
        for r in range(1, draw(st.integers(1, 4)) + 1):
            regel = {"code": f"{p}.{r}", "naam": f"Regel {p}.{r}",
                     **figures({q: draw(amount) for q in perioden},
                               {q: draw(amount) for q in perioden})}
            if not draw(st.booleans()):
                del regel["saldo"]
            regels.append(regel)
        programmas.append({"code": str(p), "naam": f"Programma {p}",
                           **figures(som(regels, "lasten"), som(regels, "baten")),
                           "regel": regels})
    return {"begroting": {"naam": "Gegenereerd", "organisatie": "Test", "jaar": 2024,
                          "eenheid": 1000},
            "totaal": figures(som(programmas, "lasten"), som(programmas, "baten")),
            "programma": programmas}
