"""The one typer app. Command modules in this package register themselves on it."""

import typer

app = typer.Typer(
    name="maxpressure",
    help="A workbench for maintaining and enforcing the DPRK sanctions regime.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
