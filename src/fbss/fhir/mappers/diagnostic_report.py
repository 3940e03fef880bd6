"""DiagnosticReport -> imaging, EMG and diagnostic-block results."""

from __future__ import annotations

from typing import Any

from fbss.clinical.case import DiagnosticTest
from fbss.fhir import extensions
from fbss.fhir.mapping import Context, Outcome, Part, Skip, codings, describe, is_ours, validated

TEST = "case-test"
_LAB_CATEGORY = {"LAB", "laboratory"}


def map_diagnostic_report(resource: dict[str, Any], context: Context) -> list[Outcome]:
    """Our own test reports exactly; others only when their code is recognised (none are verified yet)."""
    if is_ours(resource):
        for ext in extensions.find(resource, TEST):
            built = validated(DiagnosticTest, extensions.decode(ext.get("extension", []), DiagnosticTest))
            return [built if isinstance(built, Skip) else Part("tests", built)]
        return [Skip("an fbss report without its case extension")]
    categories = {code for concept in resource.get("category", ()) for _s, code, _d in codings(concept)}
    if categories & _LAB_CATEGORY:
        return [Skip("laboratory report: its results are read from the Observations it references")]
    return [
        Skip(
            "no verified code tells which imaging or EMG test this is "
            f"({describe(resource.get('code'))}): enter the result by hand"
        )
    ]
