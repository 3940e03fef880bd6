"""`fbss fhir import` and `fbss fhir export`: FHIR R4 Bundles and Bulk Data NDJSON in and out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import orjson
import typer

from fbss import caseio
from fbss.clinical.case import Case
from fbss.fhir import read
from fbss.fhir.export import case_bundle, ndjson_files
from fbss.fhir.importer import ImportResult, import_found, recorded_assessment_date
from fbss.fhir.report import Refused, Skipped

if TYPE_CHECKING:
    from fbss.fhir.rest.ingest import Ingested, PatientOutcome

fhir_app = typer.Typer(
    name="fhir", help="FHIR R4 in and out: Bundles and Bulk Data NDJSON.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    """Add the `fhir` command group to the `fbss` application."""
    app.add_typer(fhir_app)


@fhir_app.command("import")
def import_command(
    source: Annotated[
        Path, typer.Argument(exists=True, help="A Bundle or resource file, or a Bulk export folder")
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            help="Assessment date (YYYY-MM-DD); default: the date an fbss export recorded, else today"
        ),
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Folder to write one case file (JSON) per patient")] = None,
    report: Annotated[Path | None, typer.Option(help="Write the full import report here (JSON)")] = None,
    into_db: Annotated[
        bool,
        typer.Option(
            "--into-db",
            help="Store the patients in the database (FBSS_DATABASE_URL); the same data twice adds nothing",
        ),
    ] = False,
) -> None:
    """Map FHIR R4 resources to cases and say what was mapped, skipped (and why) and refused.

    With --into-db each patient is matched by FHIR identity (or created) and their facts are stored in the
    record, as of --as-of (default: today). Exit status 1 when anything was refused (malformed JSON, a resource
    breaking the R4 schema, or a patient the database could not take).
    """
    found, refused = read.read_path(source)
    outcomes: list[PatientOutcome] = []
    if into_db:
        date = _as_of(as_of) or dt.date.today()
        ingested = _into_database(found, refused, date)
        result, outcomes = ingested.result, ingested.outcomes
    else:
        date = _as_of(as_of) or recorded_assessment_date(found) or dt.date.today()
        result = import_found(found, refused, date)
    for log in read.export_logs(source):
        result.report.skipped.append(Skipped(log.name, log.name, "Bulk Data export log, not FHIR resources"))
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for number, case in enumerate(result.cases):
            name = _file_name(case.case_id or f"patient-{number}")
            (out / name).write_bytes(orjson.dumps(case.model_dump(mode="json"), option=orjson.OPT_INDENT_2))
    if report is not None:
        document = _report_document(result, date)
        if into_db:
            document["database"] = [outcome.to_dict() for outcome in outcomes]
        report.write_bytes(orjson.dumps(document, option=orjson.OPT_INDENT_2))
    _print_summary(result, date)
    for outcome in outcomes:
        typer.echo(f"  database: {_stored(outcome)}")
    refused_any = result.report.refused or any(p.report.refused for p in result.patients)
    raise typer.Exit(1 if refused_any or any(o.refused for o in outcomes) else 0)


def _into_database(found: list[read.Found], refused: list[Refused], date: dt.date) -> Ingested:
    """Import into the database as the command line (audited; matched by FHIR identity; all in one transaction)."""
    from fbss.fhir.rest.ingest import Importer, ingest
    from fbss.settings import Settings
    from fbss.store import audit
    from fbss.store.audit import AuditEvent, Outcome
    from fbss.store.db import Database
    from fbss.store.migrate import is_up_to_date
    from fbss.store.models import Role

    if date > dt.date.today():
        raise typer.BadParameter("cannot import into the record as of a future date", param_hint="--as-of")
    settings = Settings()
    database = Database(settings.database_url)
    try:
        if not is_up_to_date(database.engine):
            typer.echo(
                "fbss fhir import: the database is not migrated; run `fbss db migrate` first", err=True
            )
            raise typer.Exit(2)
        key, now = settings.secret_key.get_secret_value().encode(), dt.datetime.now(dt.UTC)
        with database.transaction() as session:
            ingested = ingest(session, found, refused, date, Importer(None, Role.ADMIN))
            for outcome in ingested.outcomes:
                if outcome.patient_id is not None:
                    result = Outcome.DENIED if outcome.refused else Outcome.OK
                    event = AuditEvent(
                        "fhir.import", "command line", result, username="cli", patient_id=outcome.patient_id
                    )
                    audit.append(session, key, event, now)
        return ingested
    finally:
        database.dispose()


def _stored(outcome: PatientOutcome) -> str:
    if outcome.refused:
        return f"{outcome.key} refused: {outcome.refused}"
    how = "created" if outcome.created else "matched"
    return (
        f"{outcome.key} -> patient {outcome.patient_id} ({how}): {outcome.added} added, "
        f"{outcome.updated} updated, {outcome.unchanged} unchanged"
    )


@fhir_app.command("export")
def export_command(
    cases: Annotated[
        list[Path], typer.Argument(exists=True, help="Case files (JSON or YAML) or folders of them")
    ],
    out: Annotated[Path, typer.Option(help="The Bundle file (one case) or the NDJSON folder (several)")],
    ndjson: Annotated[bool, typer.Option(help="Write Bulk Data NDJSON even for one case")] = False,
) -> None:
    """Export cases and their assessments as FHIR R4: one case -> a Bundle, several -> NDJSON per type."""
    loaded: list[Case] = []
    for source in cases:
        try:
            for entry in caseio.read_cases(source):
                if entry.case is None:
                    typer.echo(f"{entry.origin}: {entry.error}", err=True)
                    raise typer.Exit(2)
                loaded.append(entry.case)
        except caseio.CaseInputError as error:
            typer.echo(f"{source}: {error}", err=True)
            raise typer.Exit(2) from error
    if len(loaded) == 1 and not ndjson:
        out.write_bytes(orjson.dumps(case_bundle(loaded[0]), option=orjson.OPT_INDENT_2))
        typer.echo(f"wrote a Bundle of case {loaded[0].case_id or '(no id)'} to {out}")
        return
    out.mkdir(parents=True, exist_ok=True)
    for name, content in ndjson_files(loaded).items():
        (out / name).write_bytes(content)
    typer.echo(f"wrote {len(loaded)} cases as NDJSON to {out}")


def _as_of(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise typer.BadParameter("use YYYY-MM-DD", param_hint="--as-of") from error


def _file_name(case_id: str) -> str:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in case_id)[:80]
    return f"{safe or 'case'}.json"


def _print_summary(result: ImportResult, date: dt.date) -> None:
    typer.echo(
        f"as of {date.isoformat()}: {len(result.cases)} case(s) from {len(result.patients)} patient(s)"
    )
    for patient in result.patients:
        counts = (len(patient.report.mapped), len(patient.report.skipped), len(patient.report.refused))
        typer.echo(f"  {patient.patient}: mapped {counts[0]}, skipped {counts[1]}, refused {counts[2]}")
        for item in patient.report.refused:
            typer.echo(f"    refused {item.where} {item.path}: {item.message}")
    reasons: dict[str, int] = {}
    for report in [result.report, *(p.report for p in result.patients)]:
        for reason, count in report.skip_reasons().items():
            reasons[reason] = reasons.get(reason, 0) + count
    if reasons:
        typer.echo("skipped, by reason:")
        for reason, count in sorted(reasons.items(), key=lambda pair: -pair[1])[:25]:
            typer.echo(f"  {count:6d}  {reason}")
    for item in result.report.refused:
        typer.echo(f"refused {item.where} {item.path}: {item.message}")


def _report_document(result: ImportResult, date: dt.date) -> dict[str, object]:
    return {
        "as_of": date.isoformat(),
        "general": result.report.to_dict(),
        "patients": [
            {"patient": p.patient, "case_id": p.case.case_id if p.case else None, **p.report.to_dict()}
            for p in result.patients
        ],
    }
