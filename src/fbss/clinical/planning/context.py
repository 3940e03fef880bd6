"""What the planning rules know about a case: the case itself, the clinic's policy, and the upstream findings
read by code (never by re-running the rules). Absent upstream findings read as undetermined."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fbss.clinical.case import Case, Medication, MedicationStatus, PainRegion, PainReport
from fbss.clinical.drugs import DrugClass, classes_of
from fbss.clinical.finding import Because, Finding, Kind, Status
from fbss.clinical.memo import cached_property
from fbss.clinical.policy import Policy
from fbss.clinical.redflags import unanswered_questions

NEUROPATHIC_GRADES = frozenset({"possible", "probable", "definite"})
NERVE_MECHANISMS = frozenset({"nerve", "mixed"})
MUSCLE_MECHANISMS = frozenset({"muscle", "mixed"})
# Medicines that count as pharmacological pain management (NICE: part of conventional medical management)
PAIN_MEDICINE_CLASSES = frozenset(
    {
        DrugClass.GABAPENTINOID,
        DrugClass.ANTIEPILEPTIC,
        DrugClass.SNRI,
        DrugClass.TCA_TERTIARY,
        DrugClass.TCA_SECONDARY,
        DrugClass.NSAID,
        DrugClass.OPIOID,
        DrugClass.TOPICAL_ANALGESIC,
        DrugClass.SKELETAL_MUSCLE_RELAXANT,
    }
)


@dataclass(frozen=True, slots=True)
class MedicationRef:
    """A current or planned medication with its place in the case."""

    position: int
    medication: Medication
    classes: frozenset[DrugClass]

    @property
    def path(self) -> str:
        return f"medications[{self.position}]"

    @property
    def name(self) -> str:
        return self.medication.name

    def has(self, *wanted: DrugClass) -> bool:
        return not self.classes.isdisjoint(wanted)


def upstream_because(finding: Finding) -> Because:
    """Cite an upstream finding as an input: path `finding:<code>`, its value (or status if it has none)."""
    value = finding.value if finding.value is not None else finding.status.value
    return Because(f"finding:{finding.code}", value)


@dataclass(frozen=True)
class PlanContext:
    case: Case
    policy: Policy
    earlier: tuple[Finding, ...]

    @cached_property
    def _by_code(self) -> dict[str, Finding]:
        found: dict[str, Finding] = {}
        for finding in self.earlier:
            found.setdefault(finding.code, finding)
        return found

    @cached_property
    def _by_kind(self) -> dict[Kind, tuple[Finding, ...]]:
        grouped: dict[Kind, list[Finding]] = {}
        for finding in self.earlier:
            grouped.setdefault(finding.kind, []).append(finding)
        return {kind: tuple(found) for kind, found in grouped.items()}

    def of_kind(self, kind: Kind) -> tuple[Finding, ...]:
        """The upstream findings of one kind, in their order (several rules read one kind of ~60 findings)."""
        return self._by_kind.get(kind, ())

    @cached_property
    def _cited(self) -> dict[str, Because]:
        return {}

    def finding(self, code: str) -> Finding | None:
        return self._by_code.get(code)

    def citation(self, code: str) -> Because | None:
        """The upstream finding `code` as an input (made once per context); None when it is absent."""
        cited = self._cited.get(code)
        if cited is None:
            finding = self._by_code.get(code)
            if finding is None:
                return None
            cited = self._cited[code] = upstream_because(finding)
        return cited

    def cite(self, *codes: str) -> tuple[Because, ...]:
        """Because-entries for the upstream findings among `codes` that are present."""
        return tuple(cited for code in codes if (cited := self.citation(code)) is not None)

    @property
    def today(self) -> dt.date:
        return self.case.assessment_date

    # --- red flags ----------------------------------------------------------------------------------------
    @cached_property
    def open_red_flags(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.of_kind(Kind.RED_FLAG) if f.status is Status.MET)

    @cached_property
    def open_red_flag_codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.open_red_flags)

    @cached_property
    def undecided_red_flags(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.of_kind(Kind.RED_FLAG) if f.status is Status.UNKNOWN)

    @cached_property
    def red_flag_questions(self) -> tuple[str, ...]:
        """Paths of red-flag questions left unanswered by an undecided red flag: the screen is incomplete."""
        return tuple(dict.fromkeys(gap.path for _, gap in unanswered_questions(self.undecided_red_flags)))

    # --- phenotype ----------------------------------------------------------------------------------------
    def _phenotype(self, code: str, absent: str) -> str:
        finding = self.finding(code)
        return str(finding.value) if finding is not None and finding.value is not None else absent

    # The phenotype is read by most planning rules: each value is worked out once per context.
    @cached_property
    def mechanism(self) -> str:
        return self._phenotype("phenotype.mechanism", "undetermined")

    @cached_property
    def neuropathic_grade(self) -> str:
        return self._phenotype("phenotype.neuropathic_grade", "unknown")

    @cached_property
    def predominance(self) -> str:
        return self._phenotype("phenotype.predominance", "unknown")

    @cached_property
    def has_neuropathic_component(self) -> bool | None:
        """Nerve or mixed mechanism, or a NeuPSIG grade of possible or better; None while undetermined."""
        if self.mechanism in NERVE_MECHANISMS or self.neuropathic_grade in NEUROPATHIC_GRADES:
            return True
        if self.mechanism == "muscle" or self.neuropathic_grade == "unlikely":
            return False
        return None

    @cached_property
    def has_leg_pain(self) -> bool:
        return any(report.region is PainRegion.LEG for report in self.case.pain)

    @cached_property
    def is_radicular(self) -> bool | None:
        """Sciatica-type pain: a neuropathic component with leg pain; None while the phenotype is undetermined."""
        neuropathic = self.has_neuropathic_component
        if neuropathic is None:
            return None
        return neuropathic and (self.has_leg_pain or self.predominance == "leg")

    @cached_property
    def phenotype_because(self) -> tuple[Because, ...]:
        return self.cite("phenotype.mechanism", "phenotype.neuropathic_grade", "phenotype.predominance")

    # --- structural causes --------------------------------------------------------------------------------
    @property
    def surgical_referral(self) -> Finding | None:
        return self.finding("referral.surgical")

    @cached_property
    def surgically_amenable_causes(self) -> tuple[str, ...]:
        """Causes the differential points to (status met) and judges amenable to surgery."""
        causes: list[str] = []
        for finding in self.of_kind(Kind.DIFFERENTIAL):
            if finding.status is not Status.MET:
                continue
            if finding.data.get("structural") and finding.data.get("surgically_amenable") is True:
                causes.append(finding.code.removeprefix("differential."))
        referral = self.surgical_referral
        if referral is not None and referral.status is Status.MET:
            causes.extend(str(c) for c in referral.data.get("causes", ()) if str(c) not in causes)
        return tuple(causes)

    @property
    def red_flags_needing_a_surgeon(self) -> tuple[str, ...]:
        """Open red flags (cauda equina, progressive or major deficit) that the surgical referral is for."""
        referral = self.surgical_referral
        if referral is None or referral.status is not Status.MET:
            return ()
        return tuple(str(code) for code in referral.data.get("red_flags", ()))

    def surgical_reason(self) -> str:
        """Why a surgical opinion is needed, in words: the amenable causes, else the open red flag."""
        if self.surgically_amenable_causes:
            return (
                ", ".join(c.replace("_", " ") for c in self.surgically_amenable_causes)
                + " may be amenable to surgery"
            )
        if self.red_flags_needing_a_surgeon:
            return "an open red flag needs a spinal surgical opinion now"
        return "a structural cause may be amenable to surgery"

    @property
    def needs_surgical_evaluation(self) -> bool | None:
        """True when a cause amenable to surgery is found or strongly suspected; None while undecided."""
        referral = self.surgical_referral
        if self.surgically_amenable_causes or (referral is not None and referral.status is Status.MET):
            return True
        if referral is not None and referral.status is Status.NOT_MET:
            return False
        return None

    # --- examination --------------------------------------------------------------------------------------
    @property
    def has_active_trigger_points(self) -> bool | None:
        """Myofascial trigger points by the Delphi criteria (taut band + hypersensitive spot + referred pain)."""
        differential = self.finding("differential.myofascial")
        if differential is not None and differential.status is Status.MET:
            return True
        exam = self.case.exam
        if exam is None or exam.trigger_points is None:
            return None if differential is None or differential.status is Status.UNKNOWN else False
        criteria = [(tp.taut_band, tp.hypersensitive_spot, tp.referred_pain) for tp in exam.trigger_points]
        if any(all(c is True for c in point) for point in criteria):
            return True
        if all(any(c is False for c in point) for point in criteria):
            return False
        return None

    # --- pain ---------------------------------------------------------------------------------------------
    def reports(self, region: PainRegion) -> tuple[tuple[int, PainReport], ...]:
        return tuple((i, report) for i, report in enumerate(self.case.pain) if report.region is region)

    # --- medicines ----------------------------------------------------------------------------------------
    @cached_property
    def medications(self) -> tuple[MedicationRef, ...]:
        """Active and planned medications (stopped ones are history)."""
        return tuple(
            MedicationRef(i, med, classes_of(med.name, med.rxnorm))
            for i, med in enumerate(self.case.medications)
            if med.status is not MedicationStatus.STOPPED
        )

    def taking(self, *wanted: DrugClass) -> tuple[MedicationRef, ...]:
        return tuple(ref for ref in self.medications if ref.has(*wanted))

    @cached_property
    def taken_names(self) -> frozenset[str]:
        return frozenset(ref.name for ref in self.medications)

    def is_taking(self, ingredient: str) -> bool:
        return ingredient in self.taken_names
