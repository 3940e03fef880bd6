"""The Case: the facts about one patient at one time, typed and immutable.

Unknown is explicit: a field left out (None) means "not recorded", never "no". For lists of observations
where absence matters (exam signs, descriptors), None means "not examined / not asked" and an empty list
means "examined / asked, nothing found". The format is documented in docs/case-format.md; `fbss schema case`
prints its JSON Schema.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from fbss.clinical import units
from fbss.clinical.instruments.registry import validate_answers  # imports case types for typing only

LEVEL_PATTERN = r"^(C[1-7]|T(1[0-2]|[1-9])|L[1-5]|S[1-5])(-(C[1-7]|T(1[0-2]|[1-9])|L[1-5]|S[1-5]))?$"
ROOT_PATTERN = r"^(C[1-8]|T(1[0-2]|[1-9])|L[1-5]|S[1-5])$"

Nrs = Annotated[int, Field(ge=0, le=10, description="0-10 numeric rating scale")]
Percent = Annotated[float, Field(ge=0, le=100)]
SpinalLevel = Annotated[
    str, Field(pattern=LEVEL_PATTERN, description="A vertebra (L5) or a segment (L4-L5, L5-S1)")
]
Root = Annotated[str, Field(pattern=ROOT_PATTERN, description="A nerve root or dermatome, e.g. L5, S1")]
ShortText = Annotated[str, Field(max_length=2000)]
Label = Annotated[str, Field(min_length=1, max_length=200)]
Months = Annotated[float, Field(ge=0, le=1200)]


class CaseModel(BaseModel):
    """Base for every part of a case: immutable, and unknown fields are errors rather than ignored."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


# --- enumerations -----------------------------------------------------------------------------------------


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BILATERAL = "bilateral"


class SurgeryType(StrEnum):
    LAMINECTOMY = "laminectomy"
    DISCECTOMY = "discectomy"
    MICRODISCECTOMY = "microdiscectomy"
    FUSION = "fusion"
    OTHER = "other"


class SpineRegion(StrEnum):
    CERVICAL = "cervical"
    THORACIC = "thoracic"
    LUMBAR = "lumbar"  # includes the lumbosacral junction (L5-S1) and sacrum


class PainRegion(StrEnum):
    BACK = "back"
    LEG = "leg"
    OTHER = "other"


class PainCourse(StrEnum):
    """How this pain relates to the index surgery."""

    PERSISTED = "persisted"  # present before surgery and never resolved
    WORSENED = "worsened"  # present before surgery, worse since
    NEW = "new"  # began after surgery without a pain-free interval
    NEW_AFTER_INTERVAL = (
        "new_after_interval"  # returned after a pain-free interval (pain_free_interval_months)
    )


class Descriptor(StrEnum):
    # the muscle / myofascial set
    DULL_ACHING = "dull_aching"
    CRAMPING = "cramping"
    SORENESS_AROUND_SURGERY_SITE = "soreness_around_surgery_site"
    # the nerve / radicular set
    SHOOTING = "shooting"
    ELECTRIC_SHOCK = "electric_shock"
    BURNING = "burning"
    TINGLING = "tingling"
    PINS_AND_NEEDLES = "pins_and_needles"
    NUMBNESS = "numbness"
    WEAKNESS = "weakness"


MUSCLE_DESCRIPTORS = frozenset(
    {Descriptor.DULL_ACHING, Descriptor.CRAMPING, Descriptor.SORENESS_AROUND_SURGERY_SITE}
)
NERVE_DESCRIPTORS = frozenset(set(Descriptor) - MUSCLE_DESCRIPTORS)


class SymptomOnset(StrEnum):
    NEW = "new"  # began within the last 14 days
    WORSENING = "worsening"
    LONGSTANDING_STABLE = "longstanding_stable"


class SensoryKind(StrEnum):
    REDUCED_TOUCH = "reduced_touch"
    REDUCED_PINPRICK = "reduced_pinprick"
    ALLODYNIA = "allodynia"  # pain to brushing or light touch
    HYPERALGESIA = "hyperalgesia"


class Reflex(StrEnum):
    PATELLAR = "patellar"  # L3-L4
    MEDIAL_HAMSTRING = "medial_hamstring"  # L5
    ACHILLES = "achilles"  # S1


class ReflexResponse(StrEnum):
    NORMAL = "normal"
    REDUCED = "reduced"
    ABSENT = "absent"
    BRISK = "brisk"


class WoundState(StrEnum):
    HEALED = "healed"
    ERYTHEMA = "erythema"
    DISCHARGE = "discharge"
    DEHISCENCE = "dehiscence"


class TestKind(StrEnum):
    XRAY = "xray"
    XRAY_FLEXION_EXTENSION = "xray_flexion_extension"
    XRAY_WHOLE_SPINE = "xray_whole_spine"
    CT = "ct"
    MRI = "mri"
    MRI_GADOLINIUM = "mri_gadolinium"
    EMG_NCS = "emg_ncs"
    DIAGNOSTIC_BLOCK = "diagnostic_block"


class TestStatus(StrEnum):
    ORDERED = "ordered"
    RESULTED = "resulted"
    CANCELLED = "cancelled"


class TestFindingType(StrEnum):
    """Structured findings of imaging and electrodiagnostic tests."""

    NO_ABNORMALITY = "no_abnormality"
    DISC_HERNIATION = "disc_herniation"  # with `enhancement` on gadolinium MRI
    EPIDURAL_FIBROSIS = "epidural_fibrosis"  # enhancing scar
    CENTRAL_STENOSIS = "central_stenosis"
    FORAMINAL_STENOSIS = "foraminal_stenosis"
    PSEUDARTHROSIS = "pseudarthrosis"
    HARDWARE_LOOSENING = "hardware_loosening"
    HARDWARE_BREAKAGE = "hardware_breakage"
    HARDWARE_MALPOSITION = "hardware_malposition"
    INSTABILITY = "instability"  # abnormal motion on flexion-extension
    SPONDYLOLISTHESIS = "spondylolisthesis"
    ADJACENT_SEGMENT_DEGENERATION = "adjacent_segment_degeneration"
    ARACHNOIDITIS = "arachnoiditis"  # clumped or peripherally adherent roots
    DISCITIS = "discitis"
    EPIDURAL_ABSCESS = "epidural_abscess"
    FLUID_COLLECTION = "fluid_collection"
    PSEUDOMENINGOCELE = "pseudomeningocele"
    FRACTURE = "fracture"
    SUSPICIOUS_LESION = "suspicious_lesion"  # possible malignancy
    SAGITTAL_IMBALANCE = "sagittal_imbalance"
    FACET_ARTHROPATHY = "facet_arthropathy"
    # electrodiagnostic
    RADICULOPATHY_ACTIVE = "radiculopathy_active"  # fibrillations / positive sharp waves in one myotome
    RADICULOPATHY_CHRONIC = "radiculopathy_chronic"
    PERIPHERAL_NEUROPATHY = "peripheral_neuropathy"
    ENTRAPMENT_NEUROPATHY = "entrapment_neuropathy"


class Enhancement(StrEnum):
    NONE = "none"
    PERIPHERAL = "peripheral"  # rim enhancement around non-enhancing material
    HOMOGENEOUS = "homogeneous"


class BlockTarget(StrEnum):
    MEDIAL_BRANCH = "medial_branch"  # facet joint
    SACROILIAC_JOINT = "sacroiliac_joint"
    SELECTIVE_NERVE_ROOT = "selective_nerve_root"
    OTHER = "other"


class LabTest(StrEnum):
    CRP = "crp"
    ESR = "esr"
    WBC = "wbc"
    CREATININE = "creatinine"
    EGFR = "egfr"
    CRCL = "crcl"  # measured or clinician-calculated creatinine clearance
    INR = "inr"
    PLATELETS = "platelets"


class MedicationStatus(StrEnum):
    ACTIVE = "active"
    STOPPED = "stopped"
    PLANNED = "planned"


class Route(StrEnum):
    ORAL = "oral"
    TOPICAL = "topical"
    TRANSDERMAL = "transdermal"
    SUBCUTANEOUS = "subcutaneous"
    INTRAVENOUS = "intravenous"
    OTHER = "other"


class Prevention(StrEnum):
    """Why an antithrombotic is taken; decides whether a hold needs shared assessment."""

    PRIMARY = "primary"
    SECONDARY = "secondary"


class Response(StrEnum):
    HELPED = "helped"
    PARTIAL = "partial"
    NO_HELP = "no_help"
    WORSE = "worse"


class TreatmentKind(StrEnum):
    MEDICATION = "medication"
    PHYSICAL_THERAPY = "physical_therapy"
    EPIDURAL_STEROID_INJECTION = "epidural_steroid_injection"
    TRIGGER_POINT_INJECTION = "trigger_point_injection"
    NERVE_BLOCK = "nerve_block"
    RADIOFREQUENCY_DENERVATION = "radiofrequency_denervation"
    ACUPUNCTURE = "acupuncture"
    MASSAGE = "massage"
    CHIROPRACTIC = "chiropractic"
    PAIN_PSYCHOLOGY = "pain_psychology"
    MULTIDISCIPLINARY_REHABILITATION = "multidisciplinary_rehabilitation"
    SPINAL_CORD_STIMULATION = "spinal_cord_stimulation"
    SURGERY = "surgery"
    OTHER = "other"


class EpiduralRoute(StrEnum):
    TRANSFORAMINAL = "transforaminal"
    INTERLAMINAR = "interlaminar"
    CAUDAL = "caudal"


class ProcedureKind(StrEnum):
    """Procedures that can be planned, for the pre-procedure safety checks."""

    ESI_TRANSFORAMINAL = "esi_transforaminal"
    ESI_INTERLAMINAR = "esi_interlaminar"
    ESI_CAUDAL = "esi_caudal"
    TRIGGER_POINT_INJECTION = "trigger_point_injection"
    MEDIAL_BRANCH_BLOCK = "medial_branch_block"
    RADIOFREQUENCY_DENERVATION = "radiofrequency_denervation"
    SACROILIAC_JOINT_INJECTION = "sacroiliac_joint_injection"
    SCS_TRIAL = "scs_trial"
    SCS_IMPLANT = "scs_implant"


class InstrumentId(StrEnum):
    NRS = "nrs"  # repeated 0-10 ratings of back and leg pain, for outcomes over time
    PEG = "peg"
    ODI = "odi"
    RMDQ = "rmdq"
    PHQ9 = "phq9"
    GAD7 = "gad7"
    DN4 = "dn4"
    DN4_INTERVIEW = "dn4_interview"
    SLANSS = "slanss"
    PAINDETECT = "paindetect"
    PCS = "pcs"
    STARTBACK = "startback"
    PROMIS29 = "promis29"


class PsychEvaluationOutcome(StrEnum):
    CLEARED = "cleared"
    TREAT_FIRST = "treat_first"  # psychological treatment before an implant
    NOT_SUITABLE = "not_suitable"


class TrialDecision(StrEnum):
    IMPLANT = "implant"
    NO_IMPLANT = "no_implant"
    REPEAT_TRIAL = "repeat_trial"


# --- parts of a case --------------------------------------------------------------------------------------


class Surgery(CaseModel):
    type: SurgeryType
    date: dt.date | None = None
    levels: tuple[SpinalLevel, ...] = ()
    instrumented: bool | None = Field(None, description="Hardware (screws, rods, cage) placed")
    index: bool = Field(False, description="The index surgery; if none is marked, the latest dated one")
    description: ShortText | None = None

    @property
    def regions(self) -> frozenset[SpineRegion]:
        return frozenset(region_of_level(level) for level in self.levels)


class PainReport(CaseModel):
    region: PainRegion
    side: Side | None = Field(None, description="For leg pain: left, right or bilateral")
    site: Label | None = Field(None, description="Where, for region 'other' (e.g. buttock, groin)")
    dermatomes: tuple[Root, ...] = Field((), description="Distribution of leg pain by dermatome, e.g. L5")
    below_knee: bool | None = None
    nrs_now: Nrs | None = None
    nrs_average: Nrs | None = None
    nrs_worst: Nrs | None = None
    duration_months: Months | None = Field(None, description="How long this pain has been present")
    course: PainCourse | None = None
    pain_free_interval_months: Months | None = None
    descriptors: tuple[Descriptor, ...] | None = Field(None, description="None: not asked; []: none apply")
    in_surgical_area: bool | None = Field(
        None, description="Clinician's judgement: in the surgical field or its nerve territory"
    )

    @property
    def intensity(self) -> int | None:
        """The NRS that best describes the pain: average, else now, else worst."""
        for value in (self.nrs_average, self.nrs_now, self.nrs_worst):
            if value is not None:
                return value
        return None


class RedFlagScreen(CaseModel):
    """Answers to the red-flag questions. None = not asked."""

    saddle_anaesthesia: bool | None = None
    bladder_dysfunction: bool | None = None
    bowel_dysfunction: bool | None = None
    bowel_constipation_only: bool | None = Field(
        None, description="The bowel disturbance is only constipation (e.g. on codeine): not a CES feature"
    )
    sexual_dysfunction: bool | None = None
    bilateral_leg_symptoms: bool | None = None
    cauda_equina_symptom_onset: SymptomOnset | None = None
    fever: bool | None = None
    night_sweats: bool | None = None
    wound_problems: bool | None = None
    history_of_cancer: bool | None = None
    unexplained_weight_loss: bool | None = None
    recent_significant_trauma: bool | None = None
    prolonged_corticosteroid_use: bool | None = None
    osteoporosis: bool | None = None
    contusion_or_abrasion: bool | None = None
    immunosuppression: bool | None = None
    intravenous_drug_use: bool | None = None
    diabetes: bool | None = None
    new_leg_weakness: bool | None = None
    progressive_weakness: bool | None = None
    recent_spinal_injection_or_implant: bool | None = None
    non_mechanical_night_pain: bool | None = None


class StraightLegRaise(CaseModel):
    side: Side
    positive: bool
    angle_degrees: int | None = Field(None, ge=0, le=90)
    crossed: bool | None = Field(None, description="Raising the other leg reproduces this leg's pain")


class MotorDeficit(CaseModel):
    side: Side
    root: Root | None = None
    muscle: Label | None = None
    mrc_grade: int = Field(ge=0, le=5, description="MRC power grade 0-5")
    new: bool | None = None
    progressive: bool | None = None


class SensoryDeficit(CaseModel):
    side: Side
    kind: SensoryKind
    root: Root | None = Field(None, description="Dermatome of the change")
    saddle: bool = Field(False, description="In the saddle (perianal, perineal, genital) area")


class ReflexFinding(CaseModel):
    side: Side
    reflex: Reflex
    response: ReflexResponse


class TriggerPoint(CaseModel):
    muscle: Label
    side: Side | None = None
    taut_band: bool | None = None
    hypersensitive_spot: bool | None = None
    referred_pain: bool | None = None
    reproduces_familiar_pain: bool | None = Field(None, description="Active trigger point: pain recognised")
    referred_sensations: tuple[Descriptor, ...] = ()


class Exam(CaseModel):
    """Physical examination. For each list: None = not examined, [] = examined and nothing found."""

    date: dt.date | None = None
    straight_leg_raise: tuple[StraightLegRaise, ...] | None = None
    motor: tuple[MotorDeficit, ...] | None = None
    sensory: tuple[SensoryDeficit, ...] | None = None
    reflexes: tuple[ReflexFinding, ...] | None = None
    trigger_points: tuple[TriggerPoint, ...] | None = None
    saddle_sensation_reduced: bool | None = None
    anal_tone_reduced: bool | None = None
    post_void_residual_ml: int | None = Field(None, ge=0, le=5000)
    wound: WoundState | None = None
    temperature_c: float | None = Field(None, ge=25, le=45)
    nonorganic_signs: int | None = Field(None, ge=0, le=5, description="Waddell signs present, 0-5")
    sij_provocation_positive: int | None = Field(
        None, ge=0, le=6, description="Sacroiliac joint provocation tests positive (None: not done)"
    )


class TestFinding(CaseModel):
    type: TestFindingType
    level: SpinalLevel | None = None
    side: Side | None = None
    root: Root | None = Field(None, description="Nerve root compressed or affected")
    enhancement: Enhancement | None = Field(None, description="On gadolinium MRI")
    concordant: bool | None = Field(None, description="Matches the symptoms and signs")
    translation_mm: float | None = Field(None, ge=0, le=50, description="Flexion-extension translation")
    note: ShortText | None = None


class BlockResult(CaseModel):
    target: BlockTarget
    level: SpinalLevel | None = None
    side: Side | None = None
    relief_percent: Percent | None = None
    confirmed_by_second_block: bool | None = Field(
        None, description="A comparative or repeat block gave concordant relief"
    )


class DiagnosticTest(CaseModel):
    kind: TestKind
    status: TestStatus = TestStatus.RESULTED
    date: dt.date | None = None
    findings: tuple[TestFinding, ...] = Field(
        (), description="For a resulted test, an empty list means no abnormality reported"
    )
    block: BlockResult | None = None
    report: ShortText | None = None


class LabResult(CaseModel):
    test: LabTest
    value: float = Field(ge=0)
    unit: str | None = Field(None, description="Defaults to the canonical unit; others are converted")
    date: dt.date | None = None

    @model_validator(mode="before")
    @classmethod
    def _to_canonical_unit(cls, data: Any) -> Any:
        if isinstance(data, dict) and "test" in data and "value" in data:
            return units.canonicalise_lab(data)
        return data


class Medication(CaseModel):
    name: Label = Field(description="Ingredient name, e.g. gabapentin")
    rxnorm: Annotated[str, Field(pattern=r"^\d{1,10}$")] | None = None
    dose_mg_per_day: float | None = Field(None, ge=0, le=100_000)
    doses_per_day: int | None = Field(None, ge=1, le=24)
    route: Route | None = None
    status: MedicationStatus = MedicationStatus.ACTIVE
    start: dt.date | None = None
    stop: dt.date | None = None
    prevention: Prevention | None = Field(None, description="For antithrombotics: primary or secondary")
    indication: ShortText | None = None
    response: Response | None = None

    @field_validator("name")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.lower()


class PriorTreatment(CaseModel):
    kind: TreatmentKind
    detail: ShortText | None = None
    epidural_route: EpiduralRoute | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    sessions: int | None = Field(None, ge=0, le=1000)
    response: Response | None = None
    relief_percent: Percent | None = None
    relief_weeks: float | None = Field(None, ge=0, le=5200)
    steroid_mg: float | None = Field(None, ge=0, le=10_000, description="Steroid dose per injection (mg)")


AnswerValue = bool | int | None


class InstrumentResponse(CaseModel):
    instrument: InstrumentId
    date: dt.date | None = None
    answers: dict[Annotated[str, Field(max_length=40)], AnswerValue] = Field(
        description="Answers by item id (see docs/instruments.md); null = unanswered"
    )

    @model_validator(mode="after")
    def _answers_fit_instrument(self) -> InstrumentResponse:
        validate_answers(self.instrument, self.answers)
        return self


class PlannedProcedure(CaseModel):
    procedure: ProcedureKind
    date: dt.date | None = None
    level: SpinalLevel | None = None


class Psychosocial(CaseModel):
    """The eight psychosocial factors of the European SCS consensus (Thomson 2020), as documented."""

    lack_of_engagement: bool | None = None
    dysfunctional_coping: bool | None = None
    unrealistic_expectations: bool | None = None
    inadequate_daily_activity: bool | None = None
    problematic_social_support: bool | None = None
    secondary_gain: bool | None = None
    psychological_distress: bool | None = None
    unwilling_to_reduce_high_dose_opioids: bool | None = None


class Conditions(CaseModel):
    """Comorbidities and circumstances that change what is safe. None = not recorded."""

    unresolved_major_psychiatric_comorbidity: bool | None = None
    active_substance_misuse: bool | None = None
    pregnancy: bool | None = None
    cardiac_pacemaker: bool | None = None
    implanted_defibrillator: bool | None = None
    foreseeable_mri_need: bool | None = None
    needs_diathermy: bool | None = None
    coagulopathy: bool | None = None
    bleeding_history: bool | None = None
    advanced_liver_disease: bool | None = None
    advanced_renal_disease: bool | None = None
    on_dialysis: bool | None = None
    history_of_falls: bool | None = None
    substantial_alcohol_use: bool | None = None
    cannot_operate_device: bool | None = None
    occupational_risk: bool | None = Field(None, description="Ladders, machinery, professional driving")
    major_comorbid_pain_syndrome: bool | None = None
    active_infection: bool | None = None
    ischaemic_pain: bool | None = None
    peptic_ulcer_history: bool | None = None
    cardiovascular_disease: bool | None = None
    heart_failure: bool | None = None


class PsychEvaluation(CaseModel):
    date: dt.date | None = None
    outcome: PsychEvaluationOutcome


class DiaryEntry(CaseModel):
    date: dt.date
    nrs_back: Nrs | None = None
    nrs_leg: Nrs | None = None
    active_minutes: int | None = Field(None, ge=0, le=1440, description="Time up and active that day")
    analgesic_doses: int | None = Field(None, ge=0, le=100, description="Analgesic doses taken that day")
    sleep_hours: float | None = Field(None, ge=0, le=24)
    note: ShortText | None = None


class ScsTrial(CaseModel):
    start: dt.date | None = None
    end: dt.date | None = None
    baseline_nrs_back: Nrs | None = None
    baseline_nrs_leg: Nrs | None = None
    baseline_active_minutes: int | None = Field(None, ge=0, le=1440)
    baseline_analgesic_doses: int | None = Field(None, ge=0, le=100)
    diary: tuple[DiaryEntry, ...] = ()
    patient_satisfied: bool | None = None
    paraesthesia_overlap_percent: Percent | None = None
    decision: TrialDecision | None = None


class ScsImplant(CaseModel):
    date: dt.date | None = None
    device: Label | None = None
    mr_conditional: bool | None = None


class Scs(CaseModel):
    """Where the patient is on the spinal cord stimulation pathway."""

    mdt_assessed: bool | None = Field(None, description="Assessed by a multidisciplinary SCS team")
    psych_evaluation: PsychEvaluation | None = None
    education_done: bool | None = None
    trial: ScsTrial | None = None
    implant: ScsImplant | None = None


class ActivityGoal(CaseModel):
    goal: ShortText
    barriers: ShortText | None = None
    set_on: dt.date | None = None
    achieved: bool | None = None


class Diagnosis(CaseModel):
    """A coded condition as recorded in the patient's record (e.g. an imported FHIR Condition), not a conclusion."""

    system: Annotated[str, Field(min_length=1, max_length=200)]
    code: Annotated[str, Field(min_length=1, max_length=64)]
    display: Label | None = None
    onset: dt.date | None = None
    active: bool | None = Field(
        None, description="Clinical status active (true) or resolved/inactive (false)"
    )


class GuidelineChoice(CaseModel):
    """Where guidelines conflict, the guideline a clinician chose for this patient, and why (a plan decision)."""

    conflict: Label = Field(
        description="The conflict finding's code, e.g. treatment.conflict.gabapentinoids_sciatica"
    )
    guideline: Label = Field(description="The source id of the guideline followed, e.g. nice-cg173")
    reason: ShortText
    chosen_by: Label | None = None
    date: dt.date | None = None


class Case(CaseModel):
    """Everything known about one patient, as of `assessment_date`."""

    case_id: Annotated[str, Field(max_length=100)] | None = None
    assessment_date: dt.date
    age_years: int | None = Field(None, ge=0, le=120)
    sex: Sex | None = None
    weight_kg: float | None = Field(None, gt=0, le=400)
    height_cm: float | None = Field(None, gt=0, le=260)
    surgeries: tuple[Surgery, ...] = ()
    operation_count: int | None = Field(None, ge=0, le=50, description="Spine operations in all")
    pain: tuple[PainReport, ...] = ()
    red_flags: RedFlagScreen = RedFlagScreen()
    exam: Exam | None = None
    tests: tuple[DiagnosticTest, ...] = ()
    labs: tuple[LabResult, ...] = ()
    medications: tuple[Medication, ...] = ()
    prior_treatments: tuple[PriorTreatment, ...] = ()
    instruments: tuple[InstrumentResponse, ...] = ()
    planned_procedures: tuple[PlannedProcedure, ...] = ()
    conditions: Conditions = Conditions()
    psychosocial: Psychosocial = Psychosocial()
    scs: Scs = Scs()
    goals: tuple[ActivityGoal, ...] = ()
    diagnoses: tuple[Diagnosis, ...] = Field(
        (), description="Coded conditions from the record (e.g. FHIR import)"
    )
    guideline_choices: tuple[GuidelineChoice, ...] = Field(
        (), description="Guideline chosen where guidelines conflict, with the reason"
    )

    @model_validator(mode="after")
    def _consistent(self) -> Case:
        if sum(1 for surgery in self.surgeries if surgery.index) > 1:
            raise ValueError("surgeries: only one surgery can be marked as the index surgery")
        if self.operation_count is not None and self.operation_count < len(self.surgeries):
            raise ValueError("operation_count: smaller than the number of surgeries listed")
        after = _first_date_after(self, self.assessment_date)
        if after is not None:
            path, when = after
            raise ValueError(f"{path}: {when.isoformat()} is after the assessment date")
        return self

    @property
    def index_surgery(self) -> Surgery | None:
        """The marked index surgery, else the latest dated one, else the only one."""
        for surgery in self.surgeries:
            if surgery.index:
                return surgery
        dated = [surgery for surgery in self.surgeries if surgery.date is not None]
        if dated:
            return max(dated, key=lambda surgery: surgery.date or dt.date.min)
        return self.surgeries[0] if len(self.surgeries) == 1 else None

    @property
    def index_surgery_position(self) -> int | None:
        surgery = self.index_surgery
        return None if surgery is None else self.surgeries.index(surgery)

    @property
    def total_operations(self) -> int:
        return max(self.operation_count or 0, len(self.surgeries))


def _first_date_after(case: Case, limit: dt.date) -> tuple[str, dt.date] | None:
    """The first observed date after `limit`, with its path (planned procedures may lie ahead)."""
    dated: tuple[tuple[str, tuple[Surgery | DiagnosticTest | LabResult | InstrumentResponse, ...]], ...] = (
        ("surgeries", case.surgeries),
        ("tests", case.tests),
        ("labs", case.labs),
        ("instruments", case.instruments),
    )
    for name, parts in dated:
        for i, part in enumerate(parts):
            if part.date is not None and part.date > limit:
                return f"{name}[{i}].date", part.date
    if case.exam is not None and case.exam.date is not None and case.exam.date > limit:
        return "exam.date", case.exam.date
    return None


_REGION_BY_LETTER = {"C": SpineRegion.CERVICAL, "T": SpineRegion.THORACIC, "L": SpineRegion.LUMBAR}
_LEVEL_SPLIT = re.compile(r"-")


def region_of_level(level: str) -> SpineRegion:
    """The spinal region of a level; a segment takes its upper vertebra (L5-S1 is lumbar)."""
    upper = _LEVEL_SPLIT.split(level)[0]
    return _REGION_BY_LETTER.get(upper[0], SpineRegion.LUMBAR)


def roots_of_level(level: str) -> frozenset[str]:
    """Nerve roots that a lumbar segment's surgery can affect: the traversing and exiting roots.

    At a lumbar disc level Lx-Ly, a posterolateral lesion affects the traversing root Ly and a foraminal one
    the exiting root Lx (e.g. L4-L5 -> L4 and L5; L5-S1 -> L5 and S1).
    """
    parts = _LEVEL_SPLIT.split(level)
    return frozenset(parts) if len(parts) == 2 else frozenset({parts[0]})
