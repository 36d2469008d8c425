"""`begroting` and `python -m begroting_cli`: one run of the command line."""

import gc
import os


def main() -> None:
    """Run the command line as a short-lived process."""
    # A run makes millions of objects and no cycles worth collecting (peak memory at 100.000
    # lines is the same without the collector), so collecting is time spent for nothing:
    # about 8 ms while typer and pydantic load, more on large budgets.
    gc.disable()
    # pydantic looks for plugins in the metadata of every installed package before it builds
    # the first model; a command line has no use for them. Setting the variable yourself wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        from begroting_cli.cli import app
    except KeyboardInterrupt:  # Ctrl-C while typer loads: end as typer does later, quietly
        raise SystemExit(130) from None

    try:
        app(prog_name="begroting")
    finally:
        # The interpreter collects garbage once more on its way out, through every object the
        # run made (25-35 ms for the IPO budget); frozen objects are left for the OS to free.
        gc.freeze()


if __name__ == "__main__":
    main()
