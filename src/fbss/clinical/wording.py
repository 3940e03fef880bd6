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


def counted(number: float, unit: str) -> str:
    """'1 month', '2 months', '1.5 months': a number with its unit in the right number."""
    return f"{number:g} {unit}" if number == 1 else f"{number:g} {unit}s"


def with_article(phrase: str) -> str:
    """'a high-risk procedure', 'an intermediate-risk procedure'."""
    return ("an " if phrase[:1].lower() in "aeiou" else "a ") + phrase


def sentence_start(text: str) -> str:
    """The first letter upper-cased and the rest left alone ('oral NSAID' -> 'Oral NSAID', not 'Oral nsaid')."""
    return text[:1].upper() + text[1:]


def short_name(name: str) -> str:
    """A name without its trailing parenthesis: 'Spinal cord stimulation (trial, then implant)' -> 'Spinal cord
    stimulation', for use inside another parenthesis."""
    return name.split(" (")[0]
