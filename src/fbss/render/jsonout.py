"""The assessment as JSON: one indented document for one case, one compact line per case for NDJSON.

The shape is `Assessment.to_dict()`, documented in docs/output.md; this module only encodes it.
"""

from __future__ import annotations

import orjson

from fbss.clinical.assessment import Assessment

_OPTIONS = orjson.OPT_NON_STR_KEYS


def assessment_json(assessment: Assessment) -> bytes:
    """One assessment as an indented JSON document, ending in a newline."""
    return orjson.dumps(assessment.to_dict(), option=_OPTIONS | orjson.OPT_INDENT_2) + b"\n"


def assessment_ndjson_line(assessment: Assessment) -> bytes:
    """One assessment as a single line of NDJSON, ending in a newline."""
    return orjson.dumps(assessment.to_dict(), option=_OPTIONS | orjson.OPT_APPEND_NEWLINE)
