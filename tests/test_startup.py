"""How `begroting` starts: light for `--help` (a module check, not a timing), and what its entry
function promises (docs/performance.md)."""

import json
import os
import subprocess
import sys

HEAVY = ("pydantic", "rich", "begroting_cli.engine", "begroting_cli.load", "begroting_cli.model",
         "tomli", "jinja2")

PROBE = """
import json, sys
from begroting_cli.__main__ import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def modules_after(*args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                          timeout=60, check=True)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY)


def test_help_imports_no_pydantic_rich_or_engine():
    assert heavy(modules_after("--help")) == []


def test_command_help_imports_no_rich_and_none_of_the_layers_below_the_cli():
    # typer itself uses pydantic to convert parameters, so a command's help may load pydantic.
    found = heavy(modules_after("validate", "--help"))
    assert [m for m in found if not m.startswith("pydantic")] == []


def test_the_probe_would_see_a_heavy_import():
    assert "begroting_cli.engine" in modules_after("totals", "--format", "json")


def test_only_the_report_loads_jinja2():
    assert "jinja2" not in modules_after("totals", "--format", "json")
    assert "jinja2" in modules_after("rapport")


def test_python_m_runs_the_command_line_as_begroting():
    done = subprocess.run([sys.executable, "-m", "begroting_cli", "--help"], capture_output=True,
                          text=True, timeout=60, check=True)
    assert done.stdout.startswith("Usage: begroting [OPTIONS] COMMAND")


INTERRUPTED_WHILE_LOADING = """
import sys

class Interrupt:  # Ctrl-C at the moment typer is imported
    def find_spec(self, name, path=None, target=None):
        if name == "typer":
            raise KeyboardInterrupt

sys.meta_path.insert(0, Interrupt())
from begroting_cli.__main__ import main
main()
"""


def test_ctrl_c_while_the_modules_load_exits_130_without_a_traceback():
    done = subprocess.run([sys.executable, "-c", INTERRUPTED_WHILE_LOADING, "--help"],
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (130, "", "")


def test_a_pydantic_plugin_setting_of_ones_own_is_left_alone():
    probe = ("import os, sys\n"
             "from begroting_cli.__main__ import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(repr(os.environ.get('PYDANTIC_DISABLE_PLUGINS')))")
    env = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": "logfire"}
    done = subprocess.run([sys.executable, "-c", probe, "--help"], capture_output=True,
                          text=True, timeout=60, env=env, check=True)
    assert done.stdout.splitlines()[-1] == "'logfire'"


def test_the_cli_default_size_limit_is_the_loaders():
    from begroting_cli.cli import DEFAULT_MAX_SIZE
    from begroting_cli.load import MAX_SIZE

    assert DEFAULT_MAX_SIZE == MAX_SIZE


def test_the_entry_function_leaves_what_it_made_to_the_os():
    # the interpreter's last collection on the way out skips frozen objects (docs/performance.md)
    probe = ("import gc\n"
             "from begroting_cli.__main__ import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(gc.get_freeze_count() > 0, gc.isenabled())")
    done = subprocess.run([sys.executable, "-c", probe, "schema"], capture_output=True,
                          text=True, timeout=60, check=True)
    assert done.stdout.splitlines()[-1] == "True False"
