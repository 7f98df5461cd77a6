"""The one typer app. Command modules in this package register themselves on it."""

import typer

from maxpressure.cli.common import HomeOpt, JsonOpt

app = typer.Typer(
    name="maxpressure",
    help="A workbench for maintaining and enforcing the DPRK sanctions regime.\n\n"
         "--home DIR and --json may come before the command or after it: "
         "`maxpressure --home DIR lists` is `maxpressure lists --home DIR`.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


@app.callback()
def global_options(home: HomeOpt = None, as_json: JsonOpt = False) -> None:
    # Never set here: `cli.main` moves these options after the command, whose own options they
    # are. Declared so that `--help` lists them and a misspelt one gets "Did you mean --home?".
    pass
