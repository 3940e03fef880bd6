"""Checks on an assessment document (docs/output.md), used by the scenario expectations."""

from __future__ import annotations

import fnmatch
import json
import re
from dataclasses import dataclass
from typing import Any

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
INTERVENTIONS = (
    "plan.epidural_steroid_injection",
    "plan.spinal_cord_stimulation",
    "plan.trigger_point_injection",
)
Doc = dict[str, Any]


class DefectShown(Exception):
    """A check that documents a known software defect failed, as expected until the defect is fixed."""


def findings(doc: Doc, pattern: str) -> list[Doc]:
    return [f for f in doc["findings"] if fnmatch.fnmatchcase(f["code"], pattern)]


def one(doc: Doc, pattern: str) -> Doc:
    found = findings(doc, pattern)
    assert found, f"no finding matches {pattern!r}"
    return found[0]


def text_of(finding: Doc) -> str:
    """Everything a reader sees of a finding, lower-cased, to look for a statement in it."""
    parts = [finding.get(k) for k in ("title", "detail", "action", "timeframe", "value")]
    parts += [json.dumps(finding.get("data", {})), json.dumps(finding.get("because", []))]
    return " ".join(str(p) for p in parts if p is not None).lower()


def offered(doc: Doc, pattern: str) -> list[str]:
    """Plan steps matching `pattern` that are offered now (met and not on hold)."""
    return [f["code"] for f in findings(doc, pattern) if f["status"] == MET and not f["data"].get("held")]


class Check:
    def verify(self, doc: Doc) -> None:
        raise NotImplementedError


@dataclass(frozen=True)
class Is(Check):
    """The finding's status is one of `status`; its value one of `values`; its severity one of `severity`."""

    code: str
    status: tuple[str, ...] = ()
    values: tuple[object, ...] = ()
    severity: tuple[str, ...] = ()

    def verify(self, doc: Doc) -> None:
        f = one(doc, self.code)
        if self.status:
            assert f["status"] in self.status, f"{f['code']}: status {f['status']}, expected {self.status}"
        if self.values:
            assert f["value"] in self.values, f"{f['code']}: value {f['value']!r}, expected {self.values}"
        if self.severity:
            assert f["severity"] in self.severity, f"{f['code']}: severity {f['severity']}"


@dataclass(frozen=True)
class IsNot(Check):
    """No finding matching `code` has a status in `status` or a value in `values` (absent findings pass)."""

    code: str
    status: tuple[str, ...] = (MET,)
    values: tuple[object, ...] = ()

    def verify(self, doc: Doc) -> None:
        for f in findings(doc, self.code):
            if self.values:
                assert f["value"] not in self.values, f"{f['code']} must not be {f['value']!r}"
            else:
                assert f["status"] not in self.status, f"{f['code']} must not be {f['status']}"


@dataclass(frozen=True)
class Says(Check):
    """The finding states each of `words` (case-insensitive; alternatives separated by |)."""

    code: str
    words: tuple[str, ...]

    def verify(self, doc: Doc) -> None:
        f = one(doc, self.code)
        text = text_of(f)
        for word in self.words:
            assert any(alt in text for alt in word.lower().split("|")), f"{f['code']} does not say {word!r}"


@dataclass(frozen=True)
class NeverSays(Check):
    """No finding matching `code` states `word` (in what it shows or in its missing reasons)."""

    code: str
    word: str

    def verify(self, doc: Doc) -> None:
        for f in findings(doc, self.code):
            text = text_of(f) + " " + json.dumps(f["missing"]).lower()
            assert self.word.lower() not in text, f"{f['code']} says {self.word!r}"


@dataclass(frozen=True)
class Cites(Check):
    """The finding's sources' citations contain each of `words` (alternatives separated by |)."""

    code: str
    words: tuple[str, ...]

    def verify(self, doc: Doc) -> None:
        f = one(doc, self.code)
        cited = " ".join(json.dumps(doc["sources"][s]) for s in f["sources"]).lower()
        for word in self.words:
            assert any(alt in cited for alt in word.lower().split("|")), f"{f['code']} does not cite {word!r}"


@dataclass(frozen=True)
class Coded(Check):
    """The finding carries (or does not carry) these codes."""

    code: str
    includes: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()

    def verify(self, doc: Doc) -> None:
        for f in findings(doc, self.code) or [one(doc, self.code)]:
            codes = {c["code"] for c in f["codes"]}
            assert set(self.includes) <= codes, f"{f['code']} codes {codes}"
            assert not set(self.excludes) & codes, f"{f['code']} must not carry {self.excludes}"


@dataclass(frozen=True)
class Missing(Check):
    """The finding says that `path_part` is missing."""

    code: str
    path_part: str

    def verify(self, doc: Doc) -> None:
        f = one(doc, self.code)
        paths = [m["path"] for m in f["missing"]]
        assert any(self.path_part in p for p in paths), f"{f['code']} missing {paths}"


@dataclass(frozen=True)
class Because(Check):
    """The finding used the input at `path` with `value`."""

    code: str
    path: str
    value: object

    def verify(self, doc: Doc) -> None:
        f = one(doc, self.code)
        used = {b["path"]: b["value"] for b in f["because"]}
        assert used.get(self.path) == self.value, f"{f['code']} because {used}"


@dataclass(frozen=True)
class DataIs(Check):
    code: str
    key: str
    value: object

    def verify(self, doc: Doc) -> None:
        f = one(doc, self.code)
        assert f["data"].get(self.key) == self.value, (
            f"{f['code']} data[{self.key}] = {f['data'].get(self.key)!r}"
        )


@dataclass(frozen=True)
class ValueNear(Check):
    code: str
    value: float
    tolerance: float = 0.6

    def verify(self, doc: Doc) -> None:
        f = one(doc, self.code)
        assert isinstance(f["value"], int | float), f"{f['code']} value {f['value']!r}"
        assert abs(f["value"] - self.value) <= self.tolerance, f"{f['code']} value {f['value']}"


@dataclass(frozen=True)
class NoElectiveStepWhileRedFlagOpen(Check):
    """While a red flag is met, no plan step other than the red-flag action is offered as a go-ahead."""

    def verify(self, doc: Doc) -> None:
        assert doc["summary"]["open_red_flags"], "expected an open red flag"
        steps = [
            code
            for code in offered(doc, "plan.*")
            if not code.startswith(("plan.red_flag.", "plan.not_offered", "plan.undecided"))
        ]
        assert not steps, f"offered while a red flag is open: {steps}"


@dataclass(frozen=True)
class NoInterventionOffered(Check):
    """No injection or neuromodulation step is offered (met and not on hold)."""

    def verify(self, doc: Doc) -> None:
        steps = [code for pattern in INTERVENTIONS for code in offered(doc, pattern)]
        assert not steps, f"interventions offered: {steps}"


@dataclass(frozen=True)
class Before(Check):
    """Plan step `first` is ordered before `then` (or `then` is not offered at all)."""

    first: str
    then: str

    def verify(self, doc: Doc) -> None:
        a = one(doc, self.first)
        assert a["status"] == MET, f"{self.first} not offered"
        for b in findings(doc, self.then):
            if b["status"] == MET and not b["data"].get("held"):
                assert a["data"]["order"] < b["data"]["order"], f"{self.then} comes before {self.first}"


@dataclass(frozen=True)
class MedicinesOfferExcludes(Check):
    """The medicines step's 'offer one of ...' list does not name `drug`."""

    drug: str

    def verify(self, doc: Doc) -> None:
        title = one(doc, "plan.medicines")["title"].lower()
        match = re.search(r"offer one of (.*?) for the", title)
        offer = match.group(1) if match else ""
        assert self.drug not in offer, f"plan.medicines offers {self.drug}: {offer!r}"


@dataclass(frozen=True)
class Refused(Check):
    """The case is refused on reading, with a problem at `path` (and `message_part` in its message)."""

    path: str
    message_part: str = ""

    def verify(self, doc: Doc) -> None:  # pragma: no cover - handled before assessment
        raise AssertionError("a refused case has no assessment")


@dataclass(frozen=True)
class RefusedOr(Check):
    """Either the case is refused on reading, or `check` holds for its assessment."""

    check: Check

    def verify(self, doc: Doc) -> None:
        self.check.verify(doc)


@dataclass(frozen=True)
class Defect(Check):
    """A check the software fails today: defect `number` of docs/clinical-review.md."""

    number: int
    check: Check

    def verify(self, doc: Doc) -> None:
        try:
            self.check.verify(doc)
        except AssertionError as failure:
            raise DefectShown(f"D{self.number}: {failure}") from failure


@dataclass(frozen=True)
class DataAtMost(Check):
    """The finding's data[key] is a number no greater than `limit`."""

    code: str
    key: str
    limit: float

    def verify(self, doc: Doc) -> None:
        f = one(doc, self.code)
        value = f["data"].get(self.key)
        assert isinstance(value, int | float), f"{f['code']} data[{self.key}] = {value!r}"
        assert value <= self.limit, f"{f['code']} data[{self.key}] = {value}, above {self.limit}"


@dataclass(frozen=True)
class NotOfferedOrSays(Check):
    """Plan step `code` is either not offered now, or it states each of `words` (alternatives separated by |)."""

    code: str
    words: tuple[str, ...]

    def verify(self, doc: Doc) -> None:
        if not offered(doc, self.code):
            return
        Says(self.code, self.words).verify(doc)


@dataclass(frozen=True)
class SomeFindingSays(Check):
    """At least one finding matching `pattern` states `word` (alternatives separated by |)."""

    pattern: str
    word: str

    def verify(self, doc: Doc) -> None:
        alternatives = self.word.lower().split("|")
        texts = [text_of(f) for f in findings(doc, self.pattern)]
        assert any(alt in t for t in texts for alt in alternatives), (
            f"no {self.pattern} finding says {self.word!r}"
        )
