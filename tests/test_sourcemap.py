from begroting_cli.sourcemap import SourceMap

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

