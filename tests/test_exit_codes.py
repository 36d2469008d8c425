"""Exit codes as the README says, however a run ends: 0 ok, 1 invalid, 2 could not read or
write or a wrong command line, 130 interrupted; never a traceback."""

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from begroting_cli.cli import app
from tests.samples import MINIMAL

runner = CliRunner()
UNKNOWN_KEY = MINIMAL + "onbekend = 1\n"


def begroting(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "begroting_cli", *args], timeout=60, **kwargs)


def test_a_reader_that_goes_away_ends_the_run_quietly_with_2():
    process = subprocess.Popen([sys.executable, "-m", "begroting_cli", "totals", "--detail"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.read(10)
    process.stdout.close()  # as `begroting totals --detail | head -1` does
    assert (process.wait(timeout=60), process.stderr.read()) == (2, b"")


def test_a_full_disk_is_one_line_and_2():
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        done = begroting("totals", stdout=full, stderr=subprocess.PIPE, text=True)
    assert (done.returncode, done.stderr) == (
        2, "begroting: kan de uitvoer niet schrijven: er is geen ruimte meer op de schijf\n")


@pytest.mark.parametrize("command", [["validate", "FILE"], ["totals", "FILE"],
                                     ["diff", "FILE", "FILE"], ["index", "FILE", "--naar", "2022"]])
def test_an_invalid_budget_is_1_in_every_command(write, command):
    path = str(write(UNKNOWN_KEY))
    assert runner.invoke(app, [path if a == "FILE" else a for a in command]).exit_code == 1


@pytest.mark.parametrize("args", [["totals", "--nope"], ["totals", "--programma", "99"],
                                  ["totals", "-f", "xml"], ["frobnicate"]])
def test_a_wrong_command_line_is_2(args):
    done = begroting(*args, capture_output=True, text=True)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
