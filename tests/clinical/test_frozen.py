"""quick_init: the same objects as the dataclass's own __init__, still frozen, still validated."""

from __future__ import annotations

import inspect
from dataclasses import FrozenInstanceError, dataclass, field, replace

import pytest

from fbss.clinical.finding import Because, Finding, Kind, Status
from fbss.clinical.frozen import quick_init
from fbss.clinical.sources import SEBAALY_2018


@dataclass(frozen=True, slots=True)
class Plain:
    name: str
    count: int = 0
    tags: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.count < 0:
            raise ValueError("negative")


@quick_init
@dataclass(frozen=True, slots=True)
class Quick:
    name: str
    count: int = 0
    tags: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.count < 0:
            raise ValueError("negative")


def test_same_signature_and_values_as_the_generated_init() -> None:
    assert str(inspect.signature(Quick)) == str(inspect.signature(Plain))
    for args, kwargs in [
        (("a",), {}),
        (("a", 2), {}),
        (("a",), {"tags": ["x"]}),
        ((), {"name": "b", "count": 3}),
    ]:
        quick, plain = Quick(*args, **kwargs), Plain(*args, **kwargs)  # type: ignore[arg-type]
        assert (quick.name, quick.count, quick.tags) == (plain.name, plain.count, plain.tags)


def test_default_factory_gives_each_object_its_own_value() -> None:
    first, second = Quick("a"), Quick("b")
    assert first.tags == []
    assert first.tags is not second.tags


def test_still_frozen_and_still_validated() -> None:
    quick = Quick("a")
    with pytest.raises(FrozenInstanceError):
        quick.name = "b"  # type: ignore[misc]
    with pytest.raises(ValueError, match="negative"):
        Quick("a", -1)
    with pytest.raises(TypeError):
        Quick()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Quick("a", nope=1)  # type: ignore[call-arg]


def test_refuses_classes_it_was_not_written_for() -> None:
    @dataclass(frozen=True)
    class NoSlots:
        name: str

    @dataclass(slots=True)
    class NotFrozen:
        name: str

    for cls in (NoSlots, NotFrozen):
        with pytest.raises(TypeError):
            quick_init(cls)


def test_findings_keep_their_guarantees() -> None:
    finding = Finding("a.b", Kind.PLAN, "Title", Status.MET, (SEBAALY_2018,), because=(Because("x", 1),))
    assert finding == Finding(
        code="a.b",
        kind=Kind.PLAN,
        title="Title",
        status=Status.MET,
        sources=(SEBAALY_2018,),
        because=(Because("x", 1),),
    )
    assert replace(finding, title="Other").title == "Other"
    with pytest.raises(ValueError, match="names no source"):
        Finding("a.b", Kind.PLAN, "Title", Status.MET, ())
    with pytest.raises(FrozenInstanceError):
        finding.title = "Other"  # type: ignore[misc]
