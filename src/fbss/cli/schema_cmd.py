"""`fbss schema case`: print the JSON Schema of the case format (or its field reference in Markdown)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import orjson
import typer

from fbss.render.schema import case_field_reference, case_json_schema, with_current_field_reference

CASE_HELP = """\
Print the JSON Schema (draft 2020-12) of a case file, every field with a title and a description.

Case files may be JSON or YAML; the schema applies to both. It checks the shape of a case; \
[bold]fbss assess[/] checks more (units, instrument items, dates against the assessment date).

With [bold]--markdown[/], print the field reference that docs/case-format.md carries instead; with \
[bold]--update-doc docs/case-format.md[/], rewrite that reference in place after a change to the case model.
"""

CASE_EPILOG = """\
[bold]Examples[/]

  fbss schema case > case.schema.json

  fbss schema case --markdown

  fbss schema case --update-doc docs/case-format.md
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
    update_doc: Annotated[
        Path | None,
        typer.Option(
            "--update-doc",
            metavar="FILE",
            help="Rewrite the generated field reference inside FILE (docs/case-format.md).",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
) -> None:
    if update_doc is not None:
        update_doc.write_text(
            with_current_field_reference(update_doc.read_text(encoding="utf-8")), encoding="utf-8"
        )
        typer.echo(f"updated the field reference in {update_doc}")
        return
    if markdown:
        typer.echo(case_field_reference(), nl=False)
        return
    document = case_json_schema()
    typer.echo(orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode())
