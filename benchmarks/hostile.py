"""The worst budgets we know of, of a given size: each shape makes one part of the tool work
hardest per byte (docs/security.md). `python benchmarks/run.py --hostile` measures them."""

from __future__ import annotations

from collections.abc import Callable, Iterator

HEAD = ('[begroting]\nnaam = "Vijandig"\norganisatie = "Iemand"\njaar = 2024\neenheid = 1000\n'
        'soort_organisatie = "gemeente"\n')


def _repeat(head: str, item: Callable[[int], str], size: int) -> str:
    """head, then item(0), item(1), ... up to size bytes."""
    parts, length, number = [head], len(head), 0
    while length < size:
        part = item(number)
        parts.append(part)
        length += len(part.encode("utf-8"))
        number += 1
    return "".join(parts)


def dense_regels(size: int) -> str:
    """The smallest regels of format v2 that validate: the overview's memory per byte."""
    return _repeat(HEAD + '[[programma]]\ncode = "1"\nnaam = "P"\n',
                   lambda n: f'[[programma.regel]]\ncode = "{n}"\nnaam = ""\nlasten = 9\n'
                             f"baten = 4\nsaldo = 5\n", size)


def wrong_saldo(size: int) -> str:
    """Every regel a finding: the rules past the thousandth."""
    return _repeat(HEAD + '[[programma]]\ncode = "1"\nnaam = "P"\n',
                   lambda n: f'[[programma.regel]]\ncode = "{n}"\nnaam = ""\nlasten = 9\n'
                             f"baten = 4\nsaldo = 1\n", size)


def wrong_types(size: int) -> str:
    """Every regel a schema error: validation past the thousandth."""
    return _repeat(HEAD + '[[programma]]\ncode = "1"\nnaam = "P"\n',
                   lambda n: f'[[programma.regel]]\ncode = "{n}"\nnaam = ""\nlasten = "x"\n',
                   size)


def unknown_keys(size: int) -> str:
    """A table of unknown keys, each a few bytes."""
    return _repeat(HEAD, lambda n: f"k{n} = 1\n", size)


def programmas(size: int) -> str:
    """Programmes of one amount each: a model per few dozen bytes."""
    return _repeat(HEAD, lambda n: f'[[programma]]\ncode = "{n}"\nnaam = ""\nlasten = 1\n', size)


def periods(size: int) -> str:
    """Regels with an amount for every period of a century: the overview's columns."""
    columns = ", ".join(f'"{kind} {year}" = 1' for year in range(2000, 2100)
                        for kind in ("begroting", "rekening", "raming"))
    return _repeat(HEAD + '[[programma]]\ncode = "1"\nnaam = "P"\n',
                   lambda n: f'[[programma.regel]]\ncode = "{n}"\nnaam = ""\n'
                             f"lasten = {{ {columns} }}\n", size)


def strings(size: int) -> str:
    """Multi-line strings full of lines that look like headers: the source map."""
    text = "[programma]\n  [[programma.regel]]\n" + " " * 60 + "x = [\n"
    return _repeat(HEAD + '[[programma]]\ncode = "1"\nnaam = "P"\nlasten = 1\n',
                   lambda n: f'[[programma.regel]]\ncode = "{n}"\nnaam = ""\nlasten = 1\n'
                             f'toelichting = """\n{text * 4}"""\n', size)


def escapes(size: int) -> str:
    """Texts of control and invisible characters: every output escapes each of them."""
    text = "\\u001b[2J\\u202e\\u200b\\n::error::x" * 8
    return _repeat(HEAD + '[[programma]]\ncode = "1"\nnaam = "P"\n',
                   lambda n: f'[[programma.regel]]\ncode = "{n}"\nnaam = "{text}"\nlasten = 1\n',
                   size)


SHAPES: dict[str, Callable[[int], str]] = {
    "dense regels": dense_regels, "wrong saldo": wrong_saldo, "wrong types": wrong_types,
    "unknown keys": unknown_keys, "programmas": programmas, "periods": periods,
    "strings": strings, "escapes": escapes,
}


def shapes(size: int) -> Iterator[tuple[str, str]]:
    """(name, text) of every shape at about size bytes."""
    for name, shape in SHAPES.items():
        yield name, shape(size)
