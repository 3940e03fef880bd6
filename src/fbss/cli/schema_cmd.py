"""`fbss schema case`: print the JSON Schema of the case format."""

from __future__ import annotations

import orjson
import typer

from fbss.clinical.case import Case


def register(app: typer.Typer) -> None:
    schema = typer.Typer(
        help="Print the JSON Schemas of the formats fbss reads and writes.", no_args_is_help=True
    )

    @schema.command("case")
    def case_schema() -> None:
        """Print the JSON Schema of a case file (JSON or YAML)."""
        document = Case.model_json_schema()
        typer.echo(orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode())

    app.add_typer(schema, name="schema")
