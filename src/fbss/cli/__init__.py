"""The `fbss` command line. Each command group lives in its own module and registers itself here."""

from __future__ import annotations

import typer

from fbss.cli import assess_cmd, demo_cmd, schema_cmd

app = typer.Typer(
    name="fbss",
    help="Decision support for failed back surgery syndrome (persistent spinal pain syndrome type 2).",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
assess_cmd.register(app)
schema_cmd.register(app)
demo_cmd.register(app)


def main() -> None:
    app()
