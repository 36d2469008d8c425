"""Benchmark `begroting` as a user runs it: whole processes, against the floors they must beat.

    python benchmarks/run.py            # all sizes, 5 runs each after a warm-up
    python benchmarks/run.py --quick    # without the 100.000-line budget: size targets not judged
    python benchmarks/run.py --hostile  # the worst shapes of benchmarks/hostile.py, against
                                        # the limits of docs/security.md

Prints one table of medians and peak memory, then the targets of docs/performance.md, and exits
1 when one is missed. A benchmark, not a test: run it by hand or in a scheduled job.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / ".data"
SIZES = (59, 1_000, 10_000, 100_000)
PYTHON = sys.executable
BEGROTING = shutil.which("begroting", path=str(Path(PYTHON).parent)) or "begroting"
REFERENCE = ROOT / "budgets" / "ipo-begroting-2021.toml"
TYPER_COMMAND = """
import sys, typer
app = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)
@app.command()
def main(n: int) -> None:
    pass
sys.argv[1:] = ["1"]
app()
"""


def measure(commands: dict[str, list[str]], runs: int,
            codes: tuple[int, ...] = (0, 1)) -> dict[str, tuple[list[float], int]]:
    """Per command: the wall times (s) of runs after a warm-up, and the peak memory (KiB).

    The commands take turns, one run of each per round, so that a slow spell of the machine
    falls on a command and on the floor it is compared with alike.
    """
    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks = dict.fromkeys(commands, 0)
    for attempt in range(runs + 1):
        for name, command in commands.items():
            start = time.perf_counter()
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.perf_counter() - start
            if attempt:
                times[name].append(elapsed)
                peaks[name] = max(peaks[name], usage.ru_maxrss)
            code = os.waitstatus_to_exitcode(status)
            if code not in codes:  # 1 is "invalid budget", a normal outcome for validate
                sys.exit(f"{' '.join(command)} exited {code}")
    return {name: (times[name], peaks[name]) for name in commands}


GENERATE = """
import sys
from pathlib import Path
from begroting_cli.synthetic import synthetic
size, changed, path = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
path.write_text(synthetic(size, gewijzigd_elke=changed), encoding="utf-8")
"""
GENERATE_V2 = """
import sys
from pathlib import Path
from begroting_cli.synthetic import synthetic_tabel, synthetic_v2
size, budget, table = int(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
budget.write_text(synthetic_v2(size), encoding="utf-8")
table.write_text(synthetic_tabel(size), encoding="utf-8")
"""


def format_v2(size: int) -> tuple[Path, Path]:
    """A budget of format v2 with `size` regels and three periods, and a flat table of `size`
    rows, cached."""
    DATA.mkdir(exist_ok=True)
    budget, table = DATA / f"begroting-v2-{size}.toml", DATA / f"tabel-{size}.csv"
    if not budget.exists() or not table.exists():
        subprocess.run([PYTHON, "-c", GENERATE_V2, str(size), str(budget), str(table)],
                       check=True)
    return budget, table


def budgets(sizes: tuple[int, ...]) -> dict[int, tuple[Path, Path]]:
    """The synthetic budget of each size, and a second version of it (for diff), cached."""
    DATA.mkdir(exist_ok=True)
    files = {}
    for size in sizes:
        first, second = DATA / f"begroting-{size}.toml", DATA / f"begroting-{size}-b.toml"
        for path, changed in ((first, 0), (second, 100)):
            if not path.exists():  # in a child, so that this process stays small: a child's
                # peak memory counts what it inherited before it started its program
                subprocess.run([PYTHON, "-c", GENERATE, str(size), str(changed), str(path)],
                               check=True)
        files[size] = (first, second)
    return files


LARGE = 256 * 1024 * 1024
HOSTILE_SIZE = 4 * 1024 * 1024
SECONDS_PER_MIB = 1.5
"""docs/security.md: the most time a command takes per MiB it reads, on the 2-core machine."""
MEMORY_BASE_MIB, MEMORY_PER_BYTE = 60, 120
"""docs/security.md: the most memory a command takes, start-up plus so much per byte read."""


def hostile(runs: int) -> int:
    """Each shape of benchmarks/hostile.py through validate, totals --format json and diff."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from hostile import SHAPES

    DATA.mkdir(exist_ok=True)
    print(f"{runs} runs each, median after a warm-up; peak memory over the runs")
    missed = 0
    for name, shape in SHAPES.items():
        path = DATA / f"hostile-{name.replace(' ', '-')}.toml"
        if not path.exists():
            path.write_text(shape(HOSTILE_SIZE), encoding="utf-8")
        size, limit = path.stat().st_size, ["--max-size", str(HOSTILE_SIZE * 2)]
        commands = {f"{name}: validate": ([BEGROTING, "validate", str(path), *limit], size),
                    f"{name}: totals -f json": ([BEGROTING, "totals", str(path), "-f", "json",
                                                 "--detail", *limit], size),
                    f"{name}: diff": ([BEGROTING, "diff", str(path), str(path), *limit],
                                      2 * size)}
        measured = measure({key: command for key, (command, _) in commands.items()}, runs,
                           codes=(0, 1, 2))
        for key, (_, read) in commands.items():
            times, kib = measured[key]
            mib = read / 1024 / 1024
            per_mib = statistics.median(times) / mib
            per_byte = (kib / 1024 - MEMORY_BASE_MIB) / mib
            ok = per_mib <= SECONDS_PER_MIB and per_byte <= MEMORY_PER_BYTE
            missed += not ok
            print(f"  {'met ' if ok else 'MISS'} {key:<32} {per_mib:5.2f} s/MiB "
                  f"{kib / 1024:6.0f} MiB = {MEMORY_BASE_MIB} + {per_byte:5.1f} x input",
                  flush=True)
    print(f"\nLimits: {SECONDS_PER_MIB} s per MiB read, {MEMORY_BASE_MIB} MiB + "
          f"{MEMORY_PER_BYTE} x the bytes read")
    return 1 if missed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="skip the 100.000-line budget")
    parser.add_argument("--hostile", action="store_true",
                        help="the worst shapes, against the limits of docs/security.md")
    options = parser.parse_args()
    if options.hostile:
        return hostile(max(options.runs // 2, 1))
    sizes = SIZES[:-1] if options.quick else SIZES
    DATA.mkdir(exist_ok=True)
    runs = max(options.runs, 5)
    files = budgets(sizes)
    rows: dict[str, tuple[list[float], int]] = {}
    groups: dict[str, int] = {}

    def group(commands: dict[str, list[str]], rounds: int = runs) -> None:
        rows.update(measure(commands, rounds))
        number = len(set(groups.values()))
        for name in commands:
            groups[name] = number
            times, kib = rows[name]
            print(f"  {name:<38} {statistics.median(times) * 1000:9.0f} ms {kib / 1024:8.0f} MiB",
                  flush=True)

    def ratio(name: str, floor: str) -> float:
        """Within a group, the median of the ratios of each round; else of the medians."""
        times, floors = rows[name][0], rows[floor][0]
        if groups[name] == groups[floor]:
            return statistics.median(a / b for a, b in zip(times, floors, strict=True))
        return statistics.median(times) / statistics.median(floors)

    print(f"{runs} runs each ({3 * runs} for start-up), median after a warm-up, in turns per "
          f"group; {os.cpu_count()} cores")
    floor = "import tomllib, sys; tomllib.load(open(sys.argv[1], 'rb'))"
    group({
        "python3 -c pass": [PYTHON, "-c", "pass"],
        "import typer": [PYTHON, "-c", "import typer"],
        # A typer app set up like ours, with one command that takes one int and does nothing:
        # what the stack costs before a line of ours runs (typer 0.29 loads pydantic for the
        # parameter). Shown, not a target.
        "typer command": [PYTHON, "-c", TYPER_COMMAND],
        "begroting --help": [BEGROTING, "--help"],
        "tomllib ipo": [PYTHON, "-c", floor, str(REFERENCE)],
        "validate ipo": [BEGROTING, "validate", str(REFERENCE)],
        "rapport ipo": [BEGROTING, "rapport", str(REFERENCE), "-o", str(DATA / "rapport.html"),
                        "--force"],
    }, rounds=3 * runs)  # a second a round: more runs make the medians of small ratios steadier
    for size in sizes:
        first, second = (str(path) for path in files[size])
        v2, table = (str(path) for path in format_v2(size))
        workbook = str(DATA / f"werkboek-{size}.xlsx")
        big = ["--max-size", str(LARGE)]  # 100.000 lines are above the default
        group({
            f"tomllib {size}": [PYTHON, "-c", floor, first],
            f"validate {size}": [BEGROTING, "validate", first, *big],
            f"validate {size} (both versions)": [BEGROTING, "validate", first, second, *big],
            f"totals --format json {size}": [BEGROTING, "totals", first, "-f", "json", *big],
            f"diff {size}": [BEGROTING, "diff", first, second, *big],
            f"validate v2 {size} (3 periods)": [BEGROTING, "validate", v2, *big],
            # to stdout: -o over an existing budget would update that file in place, another job
            f"import {size} rows": [BEGROTING, "import", table, "--naam", "B", "--organisatie",
                                    "G", "--eenheid", "1000", *big],
            f"rapport {size}": [BEGROTING, "rapport", first, "-o", str(DATA / "rapport.html"),
                                "--force", *big],
            f"export {size}": [BEGROTING, "export", first, "-o", workbook, "--force", *big],
        })
        group({  # reads what export wrote; writes a new budget, to stdout as the import above
            f"validate {size} (again)": [BEGROTING, "validate", first, *big],
            f"import {size} workbook": [BEGROTING, "import", workbook, *big],
        })

    largest = sizes[-1]
    size_mib = files[largest][0].stat().st_size / 1024 / 1024
    start_up = [
        ("--help / import typer", ratio("begroting --help", "import typer"), 1.3),
        ("validate ipo / tomllib ipo", ratio("validate ipo", "tomllib ipo"), 5.0),
        ("rapport ipo / validate ipo", ratio("rapport ipo", "validate ipo"), 3.0),
        ("rapport 10000 / validate 10000", ratio("rapport 10000", "validate 10000"), 5.0),
    ]
    at_size = [  # set for 100.000 lines: with --quick they are shown, not judged
        (f"validate {largest} / tomllib {largest}",
         ratio(f"validate {largest}", f"tomllib {largest}"), 0.5),
        (f"validate {largest} / validate {sizes[-2]}",
         ratio(f"validate {largest}", f"validate {sizes[-2]}"), 11.0),
        (f"peak memory validate {largest} / file size",
         rows[f"validate {largest}"][1] / 1024 / size_mib, 10.0),
        (f"totals --format json {largest} / validate {largest}",
         ratio(f"totals --format json {largest}", f"validate {largest}"), 1.3),
        (f"diff {largest} / validate {largest} (both versions)",
         ratio(f"diff {largest}", f"validate {largest} (both versions)"), 1.3),
        (f"validate v2 {largest} (3 periods) / validate {largest}",
         ratio(f"validate v2 {largest} (3 periods)", f"validate {largest}"), 2.0),
        (f"import {largest} rows / validate {largest}",
         ratio(f"import {largest} rows", f"validate {largest}"), 2.0),
        (f"export {largest} / validate {largest}",
         ratio(f"export {largest}", f"validate {largest}"), 3.0),
        (f"import {largest} workbook / validate {largest}",
         ratio(f"import {largest} workbook", f"validate {largest} (again)"), 3.0),
    ]
    print(f"\nTargets ({largest} lines: {size_mib:.1f} MiB)")
    missed = 0
    for name, value, limit in start_up + at_size:
        if options.quick and (name, value, limit) in at_size:
            print(f"  ---- {name:<52} {value:6.2f} (at most {limit} at 100000 lines)")
            continue
        ok = value <= limit
        missed += not ok
        print(f"  {'met ' if ok else 'MISS'} {name:<52} {value:6.2f} (at most {limit})")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
