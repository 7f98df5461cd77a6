"""The command line: one typer app; errors become one line on stderr and an exit code.

Each module in this package registers its commands on `app`; they are found and imported here,
so adding a command never means editing a central list.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import click

from maxpressure.cli.app import app
from maxpressure.errors import MaxpressureError

_NOT_COMMANDS = {"app", "common"}


def _register_commands() -> None:
    for info in pkgutil.iter_modules(__path__):
        if info.name not in _NOT_COMMANDS and not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    if debug:
        args.remove("--debug")
    _register_commands()
    try:
        app(args=args, prog_name="maxpressure", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
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
