"""Bad input of every kind gives a clean message or a correct result, never a traceback."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from begroting_cli.cli import app
from tests.samples import CLEAN

runner = CliRunner()
TOML_TEST = Path(__file__).parent / "data" / "toml-test"  # vendored, MIT (its LICENSE beside it)
# Rules that TOML 1.1 drops (corpus README, list D): a 1.1 parser such as recent tomli accepts
# these, so they are rejected as budgets (a schema error), not as TOML.
TOML_1_1 = {
    "datetime/no-secs", "local-datetime/no-secs", "local-time/no-secs",
    "inline-table/linebreak-01", "inline-table/linebreak-02", "inline-table/linebreak-03",
    "inline-table/linebreak-04", "inline-table/trailing-comma", "string/basic-byte-escapes",
}


def corpus(kind: str) -> list[Path]:
    return sorted((TOML_TEST / kind).rglob("*.toml"))


def test_the_whole_vendored_corpus_is_there():
    assert (len(corpus("valid")), len(corpus("invalid"))) == (210, 499)


def validate(path: Path):
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize("path", corpus("invalid"), ids=lambda p: p.stem)
def test_invalid_toml_is_rejected_in_one_line_naming_the_line(path):
    import tomli  # the parser begroting reads with: its line is the one to name

    result = validate(path)
    name = path.relative_to(TOML_TEST / "invalid").with_suffix("").as_posix()
    if name in TOML_1_1 and result.exit_code == 1:
        assert " fout BGR0" in result.stdout
        return
    assert result.exit_code == 2
    (message, summary) = result.stdout.splitlines()
    assert message.startswith(f"{path}:") and " fout BGR002 file: " in message
    assert " file: ongeldige TOML" in message or " file: geen UTF-8-tekst: " in message
    data = path.read_bytes()
    try:
        tomli.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        expected = data[: error.start].count(b"\n") + 1
    except tomli.TOMLDecodeError as error:
        expected = error.lineno
    else:  # pragma: no cover - the corpus says every file here is invalid
        pytest.fail("tomli accepted an invalid file")
    if expected is not None:
        assert message.startswith(f"{path}:{expected}:")


@pytest.mark.parametrize("path", corpus("valid"), ids=lambda p: p.stem)
def test_valid_toml_that_is_no_budget_gets_a_schema_error(path):
    result = validate(path)
    assert result.exit_code != 0
    assert " fout BGR" in result.stdout


@pytest.mark.parametrize("content", [
    b"",
    bytes(range(256)) * 4,
    b"\xff\xfe[\x00b\x00",
    CLEAN.encode("latin-1").replace(b"Testbegroting", b"Test\xe9begroting"),
    b"x = " + b"[" * 10_000 + b"]" * 10_000 + b"\n",
    b"x = " + b"{a = " * 10_000 + b"1" + b"}" * 10_000 + b"\n",
    b"a" + b".a" * 5_000 + b" = 1\n",
], ids=["empty", "binary", "utf16", "latin1", "deep-array", "deep-table", "deep-dotted-key"])
def test_bad_bytes_give_a_clean_error(write, content):
    result = validate(write(content))
    assert result.exit_code in (1, 2)
    assert " fout BGR0" in result.stdout


def test_a_bom_and_crlf_line_endings_are_a_valid_budget(write):
    result = validate(write(b"\xef\xbb\xbf" + CLEAN.replace("\n", "\r\n").encode()))
    assert result.exit_code == 0


def test_a_file_just_under_the_size_limit_gives_a_clean_result(write):
    line = b"# " + b"x" * 97 + b"\n"
    result = validate(write(CLEAN.encode() + line * 160_000))  # 16 MB of comments
    assert result.exit_code == 0
