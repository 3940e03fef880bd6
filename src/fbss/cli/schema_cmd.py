"""`fbss schema case`: print the JSON Schema of the case format (or its field reference in Markdown)."""

from __future__ import annotations

from typing import Annotated

import orjson
import typer

from fbss.render.schema import case_field_reference, case_json_schema

CASE_HELP = """\
Print the JSON Schema (draft 2020-12) of a case file, every field with a title and a description.

Case files may be JSON or YAML; the schema applies to both. It checks the shape of a case; \
[bold]fbss assess[/] checks more (units, instrument items, dates against the assessment date).

With [bold]--markdown[/], print the field reference that docs/case-format.md carries instead.
"""

CASE_EPILOG = """\
[bold]Examples[/]

  fbss schema case > case.schema.json

  fbss schema case --markdown
"""


def register(app: typer.Typer) -> None:
    schema = typer.Typer(
        help="Print the schemas of the formats fbss reads.", no_args_is_help=True, rich_markup_mode="rich"
    )
    schema.command("case", help=CASE_HELP, epilog=CASE_EPILOG)(case_schema)
    app.add_typer(schema, name="schema")


def case_schema(
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the field reference in Markdown instead of the schema.")
    ] = False,
) -> None:
    if markdown:
        typer.echo(case_field_reference(), nl=False)
        return
    document = case_json_schema()
    typer.echo(orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode())
