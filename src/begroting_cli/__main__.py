"""`begroting` and `python -m begroting_cli`: one run of the command line, and its exit code.

Exit codes: 0 ok, 1 a budget is invalid, 2 the input could not be read, the output could not
be written or the command line is wrong, 130 interrupted (quietly). No way of ending shows a
traceback for something the user did or the machine ran out of: a closed pipe ends quietly, a
full disk in one line.
"""

import errno
import gc
import os
import sys

INTERRUPTED, UNWRITABLE = 130, 2


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
        code = _run()
    finally:
        # The interpreter collects garbage once more on its way out, through every object the
        # run made (25-35 ms for the IPO budget); frozen objects are left for the OS to free.
        gc.freeze()
    sys.exit(code)


def _run() -> int:
    """The command's exit code, whatever way it ends."""
    try:
        from typer._click.exceptions import ClickException, UsageError
        from typer.exceptions import Abort

        from begroting_cli.cli import app
        from begroting_cli.render.escape import OutputError

        try:
            code = app(prog_name="begroting", standalone_mode=False)
            sys.stdout.flush()  # here, where a full disk can still be told
        except UsageError as error:  # a wrong command line
            from begroting_cli.cli import gebruiksfout

            sys.stderr.write(gebruiksfout(error) + "\n")
            return error.exit_code
        except ClickException as error:
            error.show()
            return error.exit_code
        except Abort:
            raise KeyboardInterrupt from None
        except OutputError as error:  # what typer would have made an exit code of 1
            raise OSError(error.errno, str(error)) from None
        return code if isinstance(code, int) else 0
    except KeyboardInterrupt:  # the terminal showed ^C; typer ends its commands so too
        return INTERRUPTED
    except OSError as error:
        if error.errno == errno.EPIPE:
            # The reader went away (`begroting totals | head`): nothing more to say, and
            # nothing left for the interpreter to flush into the closed pipe on its way out.
            _silence(sys.stdout)
            return UNWRITABLE
        _silence(sys.stdout)
        from begroting_cli.tekst import _

        sys.stderr.write("begroting: " + _("kan de uitvoer niet schrijven: {reden}").format(
            reden=reden(error)) + "\n")
        return UNWRITABLE


def reden(error: OSError) -> str:
    """Why a file or the output could not be written: a full disk in words of the run's
    language, anything else as the system says it."""
    from begroting_cli.tekst import _

    if error.errno == errno.ENOSPC:
        return _("er is geen ruimte meer op de schijf")
    return str(error.strerror or error)


def _silence(stream: object) -> None:
    """Point the stream's file at /dev/null, so that no later flush fails."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())  # type: ignore[attr-defined]
        os.close(devnull)
    except (OSError, AttributeError, ValueError):
        pass


if __name__ == "__main__":
    main()
