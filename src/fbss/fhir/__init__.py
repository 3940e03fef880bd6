"""FHIR R4 (4.0.1) in and out: Bundles and Bulk Data NDJSON <-> Case, Assessment -> standard resources.

In: `fbss.fhir.importer.import_path` / `import_resources` (one Case per patient, with a report of what was
mapped, skipped and refused). Out: `fbss.fhir.export.case_bundle` / `ndjson_files`. Validation against the
official R4 JSON Schema: `fbss.fhir.schema`. See docs/fhir.md.
"""
