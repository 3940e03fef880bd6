"""`fbss demo ...`: demo data and the `make run` job (placeholder)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    demo = typer.Typer(
        help="Synthetic demo data and the demo job that `make run` starts.", no_args_is_help=True
    )

    @demo.command("run")
    def run() -> None:
        """What `make run` starts."""
        typer.echo("fbss: nothing to run yet")

    app.add_typer(demo, name="demo")
