"""Spinal levels as disc spaces, to tell "at the operated level" from "adjacent to a fusion".

A segment such as L4-L5 is the disc space below L4; a span L3-L5 covers two disc spaces; a single vertebra
(L5) touches the disc spaces above and below it. Disc spaces are numbered by their upper vertebra.
"""

from __future__ import annotations

from collections.abc import Iterable

VERTEBRAE: tuple[str, ...] = (
    *(f"C{n}" for n in range(1, 8)),
    *(f"T{n}" for n in range(1, 13)),
    *(f"L{n}" for n in range(1, 6)),
    *(f"S{n}" for n in range(1, 6)),
)
POSITION = {name: i for i, name in enumerate(VERTEBRAE)}
LAST_MOBILE_DISC = POSITION["L5"]  # L5-S1; the sacral segments below are fused by nature


def discs_of(level: str) -> frozenset[int]:
    """The disc spaces a level names: a segment its spaces, a vertebra the spaces above and below it."""
    parts = level.split("-")
    if len(parts) == 2:
        upper, lower = sorted((POSITION[parts[0]], POSITION[parts[1]]))
        return frozenset(range(upper, lower))
    at = POSITION[parts[0]]
    return frozenset(d for d in (at - 1, at) if 0 <= d <= LAST_MOBILE_DISC)


def discs_of_all(levels: Iterable[str]) -> frozenset[int]:
    found: set[int] = set()
    for level in levels:
        found |= discs_of(level)
    return frozenset(found)


def adjacent_discs(fused: frozenset[int]) -> frozenset[int]:
    """Mobile disc spaces just above and below each fused block."""
    near = {d - 1 for d in fused} | {d + 1 for d in fused}
    return frozenset(d for d in near - fused if 0 <= d <= LAST_MOBILE_DISC)


def includes_sacrum(levels: Iterable[str]) -> bool:
    """Whether any level reaches S1 (a fusion "to the sacrum")."""
    return any("S1" in level.split("-") for level in levels)


def segment_name(disc: int) -> str:
    return f"{VERTEBRAE[disc]}-{VERTEBRAE[disc + 1]}"
