"""`fbss assess CASE`: assess case files and print the report (placeholder until the renderers land)."""

from __future__ import annotations

from pathlib import Path

import orjson
import typer
import yaml

from fbss.clinical.assess import assess
from fbss.clinical.case import Case


def register(app: typer.Typer) -> None:
    @app.command("assess")
    def assess_command(case_file: Path) -> None:
        """Assess one case file and print the assessment as JSON."""
        data = yaml.safe_load(case_file.read_text())
        assessment = assess(Case.model_validate(data))
        typer.echo(orjson.dumps(assessment.to_dict(), option=orjson.OPT_INDENT_2).decode())
