"""How texts from a budget are shown: as data, in every kind of output (render/escape.py)."""

import io

import pytest

from begroting_cli.characters import as_seen, has_unseen
from begroting_cli.render.escape import (
    LineGuard,
    commands,
    csv_text,
    guard_line,
    json_exact,
    markdown,
    toml_exact,
    visible,
)


@pytest.mark.parametrize(("text", "shown"), [
    ("Raad\n::error::x", "Raad\\n::error::x"),
    ("\x1b]0;titel\x07", "\\x1b]0;titel\\x07"),
    ("a\rb\tc", "a\\rb\\tc"),
    ("\x85\x9b", "\\x85\\x9b"),  # C1: NEL and CSI
    ("abc\u202eevil", "abc\\u202eevil"),  # a bidi override
    ("1.1\u200b", "1.1\\u200b"),  # zero width
    ("x\u2028y", "x\\u2028y"),
    ("Ĳssel € 1.000 – café", "Ĳssel € 1.000 – café"),  # what Dutch texts have stays
])
def test_control_and_invisible_characters_are_shown_as_escapes(text, shown):
    assert visible(text) == shown


def test_has_unseen_tells_a_code_with_an_invisible_character_from_one_without():
    assert has_unseen("1.1\u200b")
    assert not has_unseen("1.1 Één")


def test_every_unseen_character_this_python_knows_is_a_candidate():
    import sys
    import unicodedata

    from begroting_cli.characters import CANDIDATES, UNSEEN_CATEGORIES

    missed = [hex(code) for code in range(sys.maxunicode + 1)
              if unicodedata.category(chr(code)) in UNSEEN_CATEGORIES
              and not CANDIDATES.fullmatch(chr(code))]
    assert missed == []


def test_codes_that_look_the_same_are_the_same_as_seen():
    assert as_seen("1.1\u200b") == as_seen(" 1.1\u00a0") == as_seen("1.1")
    assert as_seen("1.1") != as_seen("1.2")


def test_markdown_cannot_break_a_table_or_render_links_html_or_mentions():
    shown = markdown("a | b\n# kop <img src=x> [l](http://x) www.x.nl @iemand *v* `c`")
    assert "\n" not in shown
    assert "\\|" in shown and "\\<img" in shown and "\\[l\\]" in shown
    assert "http\\://" in shown and "www\\.x" in shown and "@<!-- -->iemand" in shown
    assert "\\*v\\*" in shown and "\\`c\\`" in shown
    assert markdown("1.234,5 - 3/4") == "1.234,5 - 3/4"  # amounts read as written


@pytest.mark.parametrize("text", ["=HYPERLINK(\"x\")", "+1", "-/- Bezuinigingen", "@SUM(A1)"])
def test_a_csv_cell_is_never_a_formula(text):
    assert csv_text(text) == f"'{text}"


def test_a_tab_or_carriage_return_that_starts_a_cell_is_shown_not_kept():
    assert (csv_text("\tx"), csv_text("\rx")) == ("\\tx", "\\rx")


def test_a_quote_of_the_texts_own_before_a_formula_sign_survives_the_import():
    assert csv_text("'=x") == "''=x"  # import takes off one quote
    assert csv_text("'s-Hertogenbosch") == "'s-Hertogenbosch"


def test_a_csv_cell_that_is_no_formula_stays_as_it_is():
    assert csv_text("Bestuur en middelen") == "Bestuur en middelen"


@pytest.mark.parametrize(("line", "guarded"), [
    ("::error file=x::boom", "\\x3a:error file=x::boom"),
    ("   ::warning::x", "   \\x3a:warning::x"),
    ("text ##[error]x", "text #\\x23[error]x"),
    ("a\r::error::x", "a\r\\x3a:error::x"),  # the runner ends a line at a carriage return
    ("programma 1: lasten 3::4", "programma 1: lasten 3::4"),
])
def test_no_guarded_line_is_a_workflow_command(line, guarded):
    assert guard_line(line) == guarded


@pytest.mark.parametrize("text", ["x ##[error]y", "a\u202eb\u200bc\x85d\x9b2J",
                                  "tag \U000e0041 end", "Ĳssel € – café 1.234"])
def test_json_keeps_its_meaning_without_a_command_or_an_unseen_character(text):
    import json

    written = json_exact(json.dumps({"naam": text}, ensure_ascii=False))
    assert json.loads(written) == {"naam": text}
    assert "##[" not in written and not has_unseen(written)


@pytest.mark.parametrize("text", ["x ##[error]y", "a\u202eb\u200bc\x85d", "tag \U000e0041",
                                  "regel\n::error::x\n  ::warning::y"])
def test_toml_keeps_its_meaning_without_a_command_or_an_unseen_character(text):
    import tomli
    import tomli_w

    written = toml_exact(tomli_w.dumps({"naam": text}, multiline_strings=True))
    assert tomli.loads(written) == {"naam": text}
    assert "##[" not in written and not has_unseen(written.replace("\n", ""))
    assert not any(line.lstrip().startswith("::") for line in written.splitlines())


def test_the_line_guard_judges_whole_lines_whatever_the_pieces_written():
    out = io.StringIO()
    guard = LineGuard(out)
    for piece in ["ok\n  ", ":", ":error::x\n#", "#[y]", "\nlast :"]:
        guard.write(piece)
        guard.flush()  # flushing passes on only complete lines
    guard.close()
    assert out.getvalue() == "ok\n  \\x3a:error::x\n#\\x23[y]\nlast :"


def test_the_github_format_writes_its_own_commands_past_the_guard():
    out = io.StringIO()
    guard = LineGuard(out)
    guard.write("summary first ")
    commands(guard).write("::error file=a::b\n")
    assert out.getvalue() == "summary first ::error file=a::b\n"
