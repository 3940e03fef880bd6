"""The `fbss` command line. Each command group lives in its own module and registers itself here."""

from __future__ import annotations

import typer

from fbss.cli import assess_cmd, db_cmd, demo_cmd, fhir_cmd, schema_cmd, scs_cmd, serve_cmd

EPILOG = """\
[bold]Examples[/]

  [dim]# a case's report: red flags, a one-screen summary, then the detail[/]
  fbss assess examples/redflag-cauda-equina.yaml
  fbss assess examples/plan-scs-candidate-leg.yaml --detail full

  [dim]# many cases as JSON, one line each (synthetic cases: never real patients)[/]
  fbss assess examples/ --format json > assessments.ndjson
  fbss demo cases 100 --seed 7 | fbss assess - --format json

  [dim]# the web app with demo patients on http://127.0.0.1:8000[/]
  fbss serve --demo

  [dim]# FHIR R4 in and out[/]
  fbss fhir import bundle.json --out cases/
  fbss fhir export examples/plan-scs-candidate-leg.yaml --out bundle.json

  [dim]# an SCS screening trial's verdict from its diary[/]
  fbss scs-trial examples/plan-scs-trial-success.yaml

Each command has its own --help. Formats: docs/case-format.md, docs/output.md; the web app: docs/web.md.
"""

app = typer.Typer(
    name="fbss",
    help="Decision support for failed back surgery syndrome (persistent spinal pain syndrome type 2).",
    epilog=EPILOG,
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
