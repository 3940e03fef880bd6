"""The `fbss` command line. Each command group lives in its own module and registers itself here."""

from __future__ import annotations

import typer

from fbss.cli import assess_cmd, db_cmd, demo_cmd, fhir_cmd, schema_cmd, scs_cmd, serve_cmd

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
scs_cmd.register(app)
serve_cmd.register(app)
db_cmd.register(app)
fhir_cmd.register(app)


def main() -> None:
    app()
