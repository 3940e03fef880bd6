"""Small helpers that keep finding titles grammatical: a label inside a sentence, and a list in words."""

from __future__ import annotations

from collections.abc import Sequence


def in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: 'Diagnostic block' -> 'diagnostic block'; 'MRI', 'CRP' and
    'Oral NSAIDs' keep their capitals where the second letter is one."""
    return label[0].lower() + label[1:] if len(label) > 1 and label[1].islower() else label


def listed(items: Sequence[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c' (or 'or')."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"
