"""The command line: one typer app; errors become one line on stderr and an exit code.

Each module in this package registers its commands on `app` when it is imported; importing them
here, by name, is the whole list of commands (a new command module is added to this import).
"""

from __future__ import annotations

import sys

import click

from maxpressure.cli import brief, gaps, lists, maritime, network, pressure, screen, serve, update  # noqa: F401
from maxpressure.cli.app import app
from maxpressure.errors import MaxpressureError


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    if debug:
        args.remove("--debug")
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
