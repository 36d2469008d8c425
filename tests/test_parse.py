"""Parsing a large budget in parts on several cores gives exactly what parsing it whole gives."""

from __future__ import annotations

import errno
import os
import threading
from decimal import Decimal

import pytest
import tomli
import tomli_w
from hypothesis import given, settings

from begroting_cli import parse as parse_module
from begroting_cli.parse import parse
from begroting_cli.synthetic import synthetic
from tests.samples import REFERENCE
from tests.strategies import budgets

SMALL = 64  # bytes per part: small enough to cut even the smallest budget


def whole(data: bytes) -> dict:
    return tomli.loads(data.decode(), parse_float=Decimal)


def parse_error(data: bytes, **options) -> str:
    with pytest.raises(tomli.TOMLDecodeError) as raised:
        parse(data, **options)
    return str(raised.value)


@pytest.fixture
def parsed_here(monkeypatch) -> list[int]:
    """The sizes of what this process parses itself (the children's parts are not seen)."""
    sizes: list[int] = []
    parse_part = parse_module._loads

    def spy(data: bytes) -> dict:
        sizes.append(len(data))
        return parse_part(data)

    monkeypatch.setattr(parse_module, "_loads", spy)
    return sizes


@pytest.mark.parametrize("cores", [2, 3, 7])
def test_a_budget_parsed_in_parts_equals_the_budget_parsed_whole(cores, parsed_here):
    data = synthetic(300).encode()
    raw, sources = parse(data, cores=cores, part=SMALL)
    assert raw == whole(data)
    cut = data.index(b"\n[[programma]]\n", len(data) // cores) + 1
    assert parsed_here == [cut + len(b"[[programma]]\n")]  # the first part and the cut line
    assert len(raw["programma"]) == 6
    assert sources.line(("programma", 5, "beleidsopgave", 0)) == (
        data[: data.index(b'code = "6.1"')].count(b"\n"))


def test_the_reference_budget_parsed_in_parts_equals_it_parsed_whole():
    data = REFERENCE.read_bytes()
    assert parse(data, cores=4, part=SMALL)[0] == whole(data)


@given(budgets(max_programmas=6, max_lines=3))
@settings(max_examples=25, deadline=None)
def test_any_budget_parsed_in_parts_equals_it_parsed_whole(budget):
    data = tomli_w.dumps(budget).encode()
    assert parse(data, cores=3, part=SMALL)[0] == whole(data)


PROGRAMMAS = "".join(f'[[programma]]\ncode = "{n}"\nnaam = "P{n}"\n\n' for n in range(1, 7))


def test_an_error_in_a_later_part_is_reported_at_its_line_in_the_whole_file():
    data = (PROGRAMMAS + "[[programma]]\ncode = = 7\n").encode()
    assert parse_error(data, cores=4, part=SMALL) == parse_error(data, cores=1)
    assert "line 26" in parse_error(data, cores=4, part=SMALL)


def test_a_table_defined_in_two_parts_is_the_error_it_is_in_the_whole_file(parsed_here):
    data = ("[lasten]\nhuisvesting = 1\n\n" + PROGRAMMAS + "[lasten]\nhuisvesting = 2\n").encode()
    assert parse_error(data, cores=4, part=SMALL) == parse_error(data, cores=1)
    assert parsed_here[1] == len(data)  # after the first part, the whole file


def test_an_array_of_tables_continued_in_a_later_part_is_parsed_whole(parsed_here):
    data = ('[[verklaring]]\nomschrijving = "a"\nbedrag = 1\n\n' + PROGRAMMAS
            + '[[verklaring]]\nomschrijving = "b"\nbedrag = 2\n').encode()
    raw, _ = parse(data, cores=4, part=SMALL)
    assert raw == whole(data)
    assert parsed_here[-1] == len(data)
    assert [item["omschrijving"] for item in raw["verklaring"]] == ["a", "b"]


def test_a_programma_header_inside_a_multiline_string_is_not_a_cut(parsed_here):
    text = "[[programma]]\n" * 20  # the middle of the file: where a cut is looked for
    data = (PROGRAMMAS + f'[[programma]]\ncode = "9"\ntoelichting = """\n{text}"""\n\n'
            + PROGRAMMAS).encode()
    raw, _ = parse(data, cores=2, part=SMALL)
    assert raw == whole(data)
    assert raw["programma"][6]["toelichting"] == text
    # The first part ends inside the string, so it fails to parse: the whole file is parsed.
    assert len(parsed_here) == 2 and parsed_here[-1] == len(data)


def test_a_programma_line_inside_a_multiline_string_in_an_array_is_no_header(parsed_here):
    data = (f'programma = [\n"""\n[[programma]]\n""",\n]\nopvulling = "{"x" * 60}"\n'
            '[[programma]]\ncode = "1"\n').encode()
    assert parse_error(data, cores=2, part=SMALL) == parse_error(data, cores=1)
    assert parsed_here[-1] == len(data)


def test_a_static_programma_array_is_not_joined_with_a_later_array_of_tables(parsed_here):
    head = 'programma = [{code = "0"}]\ntekst = """\n[[programma]]\n"""\n'
    data = (head + f'opvulling = "{"x" * 100}"\n' + '[[programma]]\ncode = "1"\n').encode()
    assert parse_error(data, cores=2, part=SMALL) == parse_error(data, cores=1)
    # The first part parses (its [[programma]] is text), but not with the cut line after it.
    assert parsed_here[0] < len(data) and parsed_here[1] == len(data)


def test_a_programma_line_inside_a_static_array_is_no_header(parsed_here):
    data = (f'programma = [\n[["programma"]]\n]\nopvulling = "{"x" * 60}"\n'
            '[[programma]]\ncode = "1"\n').encode()
    assert parse_error(data, cores=2, part=SMALL) == parse_error(data, cores=1)
    assert parsed_here[0] < len(data) and parsed_here[1] == len(data)


def test_text_that_is_not_utf8_in_a_later_part_is_reported_at_its_byte_in_the_whole_file():
    data = PROGRAMMAS.encode() + b'[[programma]]\nnaam = "\xff"\n'
    with pytest.raises(UnicodeDecodeError) as raised:
        parse(data, cores=4, part=SMALL)
    assert raised.value.start == data.index(b"\xff")


def test_a_small_file_is_parsed_in_one_piece(parsed_here):
    data = REFERENCE.read_bytes()
    assert parse(data, cores=4)[0] == whole(data)
    assert parsed_here == [len(data)]  # below the default part size: no child


def test_when_no_process_can_be_started_the_file_is_parsed_in_one_piece(monkeypatch,
                                                                          parsed_here):
    def fork():
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", fork)
    data = synthetic(300).encode()
    assert parse(data, cores=3, part=SMALL)[0] == whole(data)
    assert parsed_here == [len(data)]


def test_a_process_that_runs_threads_parses_in_one_piece(parsed_here):
    # Forking copies one thread: a lock held by another would stay locked in the child.
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        data = synthetic(300).encode()
        assert parse(data, part=SMALL)[0] == whole(data)
    finally:
        stop.set()
        thread.join()
    assert parsed_here == [len(data)]


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files in /proc")
def test_an_interrupt_while_children_start_leaves_no_child_and_no_open_pipe(monkeypatch):
    forks = []
    real_fork = os.fork

    def fork():
        forks.append(1)
        if len(forks) == 2:
            raise KeyboardInterrupt
        return real_fork()

    monkeypatch.setattr(os, "fork", fork)
    descriptors = len(os.listdir("/proc/self/fd"))
    with pytest.raises(KeyboardInterrupt):
        parse(synthetic(3000).encode(), cores=3, part=SMALL)
    assert len(os.listdir("/proc/self/fd")) == descriptors
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)
