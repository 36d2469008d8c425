import pytest
import tomli
from hypothesis import given, settings

from begroting_cli.sourcemap import SourceMap
from tests.strategies import mapped_documents

TEXT = '''\
[begroting]
naam = "x"  # a comment with = in it
toelichting = """
key = "not a key"
[not.a.table]
"""

[lasten.basis]
huisvesting = 1

[[programma]]
code = "1"
output = [
  "a = b",
  "[c]",
]

[[programma.beleidsopgave]]
code = "1.1"
overhead = 3

[[programma]]
code = "2"

[[programma.beleidsopgave]]
"code" = "2.1"
overhead = 4
'''


def test_keys_tables_and_array_elements_map_to_their_lines():
    sources = SourceMap.scan(TEXT)
    assert sources.line(("begroting", "naam")) == 2
    assert sources.line(("lasten", "basis", "huisvesting")) == 9
    assert sources.line(("programma", 0)) == 11
    assert sources.line(("programma", 0, "beleidsopgave", 0, "overhead")) == 20
    assert sources.line(("programma", 1, "beleidsopgave", 0)) == 25
    assert sources.line(("programma", 1, "beleidsopgave", 0, "code")) == 26


def test_text_inside_multiline_strings_and_arrays_is_not_mistaken_for_keys():
    sources = SourceMap.scan(TEXT)
    assert sources.line(("begroting", "key")) == 1  # falls back to the table
    assert sources.line(("not", "a", "table")) == 1
    assert sources.line(("c",)) == 1


def test_a_missing_key_falls_back_to_its_table():
    sources = SourceMap.scan(TEXT)
    assert sources.line(("programma", 1, "beleidsopgave", 0, "naam")) == 25


def test_span_runs_to_the_next_table_header():
    sources = SourceMap.scan(TEXT)
    assert sources.span(("programma", 0, "beleidsopgave", 0)) == (18, 21)
    assert sources.span(("programma", 1, "beleidsopgave", 0)) == (25, 27)


def test_triple_quotes_that_open_no_string_do_not_hide_the_headers():
    text = '''# Gebruik \'\'\' voor lange teksten
[begroting]
naam = 'a"""b'
toelichting = """Zij zei \\""" en ging weg."""

[lasten]
huisvesting = 1
'''
    sources = SourceMap.scan(text)
    assert sources.line(("begroting", "toelichting")) == 4
    assert sources.line(("lasten", "huisvesting")) == 7


def test_a_key_inside_an_inline_table_maps_to_the_line_of_that_table():
    text = 'x = 1\nlasten = { basis = 1,\n  huisvesting = "tien" }\n[begroting]\nnaam = "n"\n'
    sources = SourceMap.scan(text)
    assert sources.line(("lasten", "huisvesting")) == 2
    assert sources.line(("begroting", "naam")) == 5



@settings(max_examples=300, deadline=None)
@given(mapped_documents())
def test_every_table_and_key_maps_to_where_it_was_written(document):
    text, where = document
    tomli.loads(text)  # the generator writes TOML
    sources = SourceMap.scan(text)
    for path, position in where.items():
        assert sources.position(path) == position, path


@pytest.mark.parametrize("text", [
    "[" + " " * 200_000 + "x\n",  # a header that never closes, after a long run of spaces
    'a = """' + "\\\"" * 100_000 + "\n" + "[b" * 10_000 + "\n",  # an unclosed string
    "x = [\n" + "[1],\n" * 50_000 + "]\n",  # a long nested array
    "s = '''\n" + "[t]\n" * 50_000 + "'''\n",  # headers inside a string
    "s = \"\"\"\n" + "x = [\n" * 50_000 + "\"\"\"\n",  # a value that runs on
    "# \"\"\" '''\n" * 50_000,
])
def test_hostile_text_is_mapped_in_one_pass(text):
    # Each of these took minutes or hours when a scan read text again per line or a regular
    # expression backtracked; read once, they take milliseconds (benchmarks/run.py measures).
    sources = SourceMap.scan(text)
    assert sources.position(("x", "y")) == (1, 1)
    assert sources.position(("s", "z")) == (1, 1)
