"""Ways out of an Assessment: a readable text report (Rich), JSON documents, the case-format schema.

Renderers know the Finding shape (code, kind, status, severity, because, missing, sources, ...), never the
rules behind it, so a new rule or a new kind of finding appears here without a change.
"""

from fbss.render.jsonout import assessment_json, assessment_ndjson_line
from fbss.render.text import plain_text_report, print_report, text_report

__all__ = [
    "assessment_json",
    "assessment_ndjson_line",
    "plain_text_report",
    "print_report",
    "text_report",
]
