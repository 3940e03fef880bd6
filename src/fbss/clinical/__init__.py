"""The pure clinical core: no I/O, no clock, no database, no web framework.

Everything else calls `assess(case) -> Assessment` and renders the findings it returns.
"""

from fbss.clinical.knowledge import KNOWLEDGE_VERSION

__all__ = ["KNOWLEDGE_VERSION"]
