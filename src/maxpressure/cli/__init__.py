"""The command line: one typer app; errors become one line on stderr and an exit code.

Each module in this package registers its commands on `app` when it is imported; importing them
here, by name, is the whole list of commands (a new command module is added to this import).
"""

from __future__ import annotations

import sys

import click
import typer

from maxpressure.cli import brief, gaps, lists, maritime, network, pressure, screen, serve, update  # noqa: F401
from maxpressure.cli.app import app
from maxpressure.errors import MaxpressureError

try:  # typer 0.29 parses with its own copy of click, whose exceptions are not click's
    from typer._click import exceptions as _typer_click
except ImportError:  # older typer parses with click itself
    _typer_click = click.exceptions

# Each kind of exit as click raises it and as typer does (typer 0.29 has its own Exit and Abort).
_EXITS = (click.exceptions.Exit, typer.Exit)
_USAGE = (click.ClickException, _typer_click.ClickException)  # UsageError, NoSuchOption, BadParameter ...
_ABORTS = (click.exceptions.Abort, typer.Abort)

# Options every command takes, which may also come before the command, as in `git -C DIR log`.
GLOBAL_FLAGS = ("--json",)
GLOBAL_VALUES = ("--home",)


def leading_options_last(args: list[str]) -> list[str]:
    """`--home DIR` and `--json` given before the command, moved after it (before any `--`),
    where the command's own options are parsed: `--home D lists` becomes `lists --home D`."""
    leading: list[str] = []
    rest = list(args)
    while rest:
        first = rest[0]
        if first in GLOBAL_FLAGS or any(first.startswith(f"{name}=") for name in GLOBAL_VALUES):
            leading.append(rest.pop(0))
        elif first in GLOBAL_VALUES and len(rest) > 1:
            leading += [rest.pop(0), rest.pop(0)]
        else:
            break
    if not rest:
        return []  # options but no command: the help, as for no arguments at all
    end = rest.index("--") if "--" in rest else len(rest)
    return rest[:end] + leading + rest[end:]


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    if debug:
        args.remove("--debug")
    try:
        app(args=leading_options_last(args), prog_name="maxpressure", standalone_mode=False)
    except _EXITS as exc:
        sys.exit(exc.exit_code)
    except _USAGE as exc:
        # The usual usage error: the command's usage line, the error, click's "Did you mean".
        exc.show()
        sys.exit(exc.exit_code)
    except _ABORTS:
        print("maxpressure: aborted", file=sys.stderr)
        sys.exit(130)
    except MaxpressureError as exc:
        if debug:
            raise
        print(f"maxpressure: error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("maxpressure: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # a bug of ours: still one line, the traceback on request
        if debug:
            raise
        print(f"maxpressure: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
              file=sys.stderr)
        sys.exit(70)
    sys.exit(0)
