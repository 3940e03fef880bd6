"""Code systems and the codes the FHIR mapping recognises, each with its source.

Only codes marked [V] (authoritative source) or [S] (two independent sources) in the project's fact sheet
(shared/clinical/diagnosis-instruments-codes.md §2) are listed. A code not listed here is never guessed: the
import reports it as unknown. Where no verified code exists (e.g. epidural steroid injection), our own code
system carries the concept so that our exports stay lossless; other systems will not know those codes.
"""

from __future__ import annotations

from dataclasses import dataclass

from fbss.clinical.case import LabTest, SurgeryType, TreatmentKind
from fbss.clinical.sources import (
    ICD10CM_2023,
    ICD11_MG30_21,
    VSAC_CHRONIC_PAIN_CONDITIONS,
    Source,
    Verification,
)

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
ICD11 = "http://id.who.int/icd/release/11/mms"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
UCUM = "http://unitsofmeasure.org"
CPT = "http://www.ama-assn.org/go/cpt"

# The project's own canonical base. Placeholder domain (reserved, RFC 2606) until the project has its own.
CANONICAL = "https://fbss.example.org/fhir"
OUR_CODES = f"{CANONICAL}/CodeSystem"
OUR_EXTENSIONS = f"{CANONICAL}/StructureDefinition"
CASE_ID_SYSTEM = f"{CANONICAL}/NamingSystem/case-id"


def our_system(name: str) -> str:
    """The URL of one of our own code systems (e.g. `test-kind`)."""
    return f"{OUR_CODES}/{name}"


def our_extension(name: str) -> str:
    """The URL of one of our own extensions (e.g. `case-exam`)."""
    return f"{OUR_EXTENSIONS}/{name}"


IPS_FREE_SET = Source(
    "ips-snomed-free-set",
    "SNOMED International IPS Free Set (SNOMED CT 2022-07-31), value sets of the HL7 International Patient "
    "Summary IG",
    url="https://build.fhir.org/ig/HL7/fhir-ips/",
)
VSAC_ECQM = Source(
    "vsac-ecqm-2025",
    "NLM VSAC eCQM value sets, expansion 'eCQM Update 2025-05-08'",
    url="https://vsac.nlm.nih.gov/",
)
WHO_MMS = Source(
    "who-icd11-mms",
    "WHO ICD-11 MMS linearization (codes, titles, entity URIs)",
    url="https://icd.who.int/browse11/l-m/en",
)
FHIR_VITAL_SIGNS = Source(
    "fhir-r4-vitalsigns",
    "HL7 FHIR R4 (4.0.1) Vital Signs profile: body weight LOINC 29463-7, body height LOINC 8302-2",
    url="http://hl7.org/fhir/R4/observation-vitalsigns.html",
)
LAB_CATALOGUES = Source(
    "lab-catalogues",
    "Mayo Clinic Laboratories test catalog (CRP 1988-5); ARUP Laboratories directory (ESR 4537-7); "
    "IU Health laboratory catalog (ESR 30341-2)",
    url="http://testcatalog.org/show/CRP",
    verification=Verification.SECONDARY,
)
LOINC_TERMS = Source(
    "loinc-terms",
    "LOINC (Regenstrief Institute) term pages: 38483-4 Creatinine [Mass/volume] in Blood; 14682-9 Creatinine "
    "[Moles/volume] in Serum or Plasma; 33914-3 Glomerular filtration rate/1.73 sq M.predicted [Volume "
    "Rate/Area] in Serum or Plasma by Creatinine-based formula (MDRD). Synthea, for one, sends 38483-4 and 33914-3",
    url="https://loinc.org/33914-3",
)
LHC_FORMS_PHQ9 = Source(
    "lforms-phq9",
    "NLM LHC-Forms PHQ-9 (LOINC 44249-1): item codes and answer codes LA6568-5, LA6569-3, LA6570-1, LA6571-9 "
    "with ordinal values 0-3",
    url="https://lhncbc.github.io/lforms/",
)


@dataclass(frozen=True, slots=True)
class KnownCode:
    system: str
    code: str
    display: str
    source: Source


def _table(*codes: KnownCode) -> dict[tuple[str, str], KnownCode]:
    return {(known.system, known.code): known for known in codes}


def _k(system: str, code: str, display: str, source: Source) -> KnownCode:
    return KnownCode(system, code, display, source)


# --- conditions: spine and pain diagnoses kept in Case.diagnoses -------------------------------------------

FBSS_CODES = _table(
    _k(ICD10CM, "M96.1", "Postlaminectomy syndrome, not elsewhere classified", ICD10CM_2023),
    _k(ICD11, "MG30.21", "Chronic postsurgical pain", ICD11_MG30_21),
    _k(SNOMED, "27151001", "Post-laminectomy syndrome", VSAC_CHRONIC_PAIN_CONDITIONS),
    _k(SNOMED, "202725007", "Lumbar post-laminectomy syndrome", VSAC_CHRONIC_PAIN_CONDITIONS),
    _k(SNOMED, "202723000", "Cervical post-laminectomy syndrome", VSAC_CHRONIC_PAIN_CONDITIONS),
    _k(SNOMED, "202724006", "Thoracic post-laminectomy syndrome", VSAC_CHRONIC_PAIN_CONDITIONS),
    _k(ICD11, "FC01.1", "Postlaminectomy syndrome, not elsewhere classified", WHO_MMS),
)

_ICD10 = [
    ("M96.0", "Pseudarthrosis after fusion or arthrodesis"),
    ("M96.3", "Postlaminectomy kyphosis"),
    ("G89.28", "Other chronic postprocedural pain"),
    ("G89.29", "Other chronic pain"),
    ("G89.4", "Chronic pain syndrome"),
    ("M54.16", "Radiculopathy, lumbar region"),
    ("M54.17", "Radiculopathy, lumbosacral region"),
    ("M51.16", "Intervertebral disc disorders with radiculopathy, lumbar region"),
    ("M51.17", "Intervertebral disc disorders with radiculopathy, lumbosacral region"),
    ("M54.30", "Sciatica, unspecified side"),
    ("M54.31", "Sciatica, right side"),
    ("M54.32", "Sciatica, left side"),
    ("M54.40", "Lumbago with sciatica, unspecified side"),
    ("M54.41", "Lumbago with sciatica, right side"),
    ("M54.42", "Lumbago with sciatica, left side"),
    ("M54.50", "Low back pain, unspecified"),
    ("M54.51", "Vertebrogenic low back pain"),
    ("M54.59", "Other low back pain"),
    ("M46.26", "Osteomyelitis of vertebra, lumbar region"),
    ("M46.27", "Osteomyelitis of vertebra, lumbosacral region"),
    ("M46.36", "Infection of intervertebral disc (pyogenic), lumbar region"),
    ("M46.37", "Infection of intervertebral disc (pyogenic), lumbosacral region"),
    ("M46.46", "Discitis, unspecified, lumbar region"),
    ("M46.47", "Discitis, unspecified, lumbosacral region"),
    ("M48.061", "Spinal stenosis, lumbar region without neurogenic claudication"),
    ("M48.062", "Spinal stenosis, lumbar region with neurogenic claudication"),
    ("M51.26", "Other intervertebral disc displacement, lumbar region"),
    ("M51.36", "Other intervertebral disc degeneration, lumbar region"),
    ("M53.2X7", "Spinal instabilities, lumbosacral region"),
    ("M46.1", "Sacroiliitis, not elsewhere classified"),
    ("M53.3", "Sacrococcygeal disorders, not elsewhere classified"),
    ("G83.4", "Cauda equina syndrome"),
    ("G96.12", "Meningeal adhesions (cerebral) (spinal)"),
    ("T84.216A", "Breakdown (mechanical) of internal fixation device of vertebrae, initial encounter"),
    ("T84.226A", "Displacement of internal fixation device of vertebrae, initial encounter"),
    ("T84.296A", "Other mechanical complication of internal fixation device of vertebrae, initial encounter"),
    (
        "T84.63XA",
        "Infection and inflammatory reaction due to internal fixation device of spine, initial encounter",
    ),
]
_SNOMED_DISORDERS = [
    ("2304001", "Discitis", VSAC_CHRONIC_PAIN_CONDITIONS),
    ("202752002", "Lumbar discitis", VSAC_CHRONIC_PAIN_CONDITIONS),
    ("302935008", "Infective discitis", VSAC_CHRONIC_PAIN_CONDITIONS),
    ("18347007", "Spinal stenosis of lumbar region", VSAC_CHRONIC_PAIN_CONDITIONS),
    ("128196005", "Lumbar radiculopathy", VSAC_CHRONIC_PAIN_CONDITIONS),
    ("2415007", "Lumbosacral radiculopathy", VSAC_CHRONIC_PAIN_CONDITIONS),
    ("202735001", "Lumbar disc prolapse with radiculopathy", IPS_FREE_SET),
    ("23056005", "Sciatica", VSAC_CHRONIC_PAIN_CONDITIONS),
    ("299966003", "Compression of lumbar nerve root", VSAC_CHRONIC_PAIN_CONDITIONS),
    ("608829007", "Internal disruption of lumbar intervertebral disc", VSAC_CHRONIC_PAIN_CONDITIONS),
    ("55146009", "Inflammation of sacroiliac joint", VSAC_CHRONIC_PAIN_CONDITIONS),
    ("202487003", "Sacroiliac joint pain", IPS_FREE_SET),
    ("247369005", "Facet joint pain", IPS_FREE_SET),
    ("373621006", "Chronic pain syndrome", VSAC_CHRONIC_PAIN_CONDITIONS),
    ("82423001", "Chronic pain", IPS_FREE_SET),
    ("278860009", "Chronic low back pain", IPS_FREE_SET),
    ("247398009", "Neuropathic pain", IPS_FREE_SET),
    ("213299007", "Postoperative pain", IPS_FREE_SET),
    ("33910007", "Postoperative infection", IPS_FREE_SET),
    ("8217007", "Arachnoiditis", IPS_FREE_SET),
    ("192970008", "Cauda equina syndrome", IPS_FREE_SET),
]
_ICD11 = [
    ("MG30.2", "Chronic postsurgical or post traumatic pain"),
    ("MG30.50", "Chronic central neuropathic pain"),
    ("MG30.51", "Chronic peripheral neuropathic pain"),
    ("8E40.3", "Arachnoiditis"),
    ("8B40", "Cauda equina syndrome"),
    ("ME84.2", "Low back pain"),
    ("ME84.20", "Lumbago with sciatica"),
    ("ME84.3", "Sciatica"),
]

SPINE_CONDITION_CODES: dict[tuple[str, str], KnownCode] = {
    **FBSS_CODES,
    **_table(*(_k(ICD10CM, code, display, ICD10CM_2023) for code, display in _ICD10)),
    **_table(*(_k(SNOMED, code, display, source) for code, display, source in _SNOMED_DISORDERS)),
    **_table(*(_k(ICD11, code, display, WHO_MMS) for code, display in _ICD11)),
}

# --- procedures -------------------------------------------------------------------------------------------

SURGERY_CODES: dict[tuple[str, str], tuple[SurgeryType, KnownCode]] = {
    (known.system, known.code): (kind, known)
    for kind, known in (
        (SurgeryType.LAMINECTOMY, _k(SNOMED, "387731002", "Laminectomy", IPS_FREE_SET)),
        (
            SurgeryType.LAMINECTOMY,
            _k(
                SNOMED,
                "427752004",
                "Excision of lamina of lumbar vertebra for decompression of spinal cord",
                IPS_FREE_SET,
            ),
        ),
        (
            SurgeryType.LAMINECTOMY,
            _k(SNOMED, "442118009", "Primary hemilaminectomy for decompression of lumbar spine", VSAC_ECQM),
        ),
        (SurgeryType.LAMINECTOMY, _k(SNOMED, "283165009", "Decompression laminectomy", VSAC_ECQM)),
        (SurgeryType.DISCECTOMY, _k(SNOMED, "3418002", "Discectomy of spine", IPS_FREE_SET)),
        (
            SurgeryType.DISCECTOMY,
            _k(
                SNOMED,
                "89355001",
                "Discectomy for intervertebral herniated disc, nucleus pulposus",
                IPS_FREE_SET,
            ),
        ),
        (
            SurgeryType.MICRODISCECTOMY,
            _k(
                SNOMED,
                "178625001",
                "Primary lumbar microdiscectomy",
                Source(
                    "dk-core-servicerequest",
                    "HL7 Denmark DK-Core ServiceRequest guidance; SHN SDK tx.fhir.org lookup",
                    verification=Verification.SECONDARY,
                ),
            ),
        ),
        (SurgeryType.FUSION, _k(SNOMED, "55705006", "Spinal arthrodesis", IPS_FREE_SET)),
        (SurgeryType.FUSION, _k(SNOMED, "50172003", "Lumbar spinal fusion", IPS_FREE_SET)),
        (SurgeryType.FUSION, _k(SNOMED, "277764006", "Fusion of posterior lumbar spine", IPS_FREE_SET)),
        (
            SurgeryType.FUSION,
            _k(SNOMED, "34238000", "Lumbar and lumbosacral fusion by posterior technique", IPS_FREE_SET),
        ),
        (SurgeryType.FUSION, _k(SNOMED, "359586003", "Laminectomy with spinal fusion", VSAC_ECQM)),
    )
}
# The code we emit for each surgery type (the IPS preferred concept).
SURGERY_EXPORT_CODE: dict[SurgeryType, tuple[str, str]] = {
    SurgeryType.LAMINECTOMY: (SNOMED, "387731002"),
    SurgeryType.DISCECTOMY: (SNOMED, "3418002"),
    SurgeryType.MICRODISCECTOMY: (SNOMED, "178625001"),
    SurgeryType.FUSION: (SNOMED, "55705006"),
}
SCS_PADDLE_IMPLANT = _k(
    SNOMED,
    "47478002",
    "Laminectomy for implantation of neurostimulator electrodes, spinal cord",
    VSAC_ECQM,
)
THERAPY_CODES: dict[tuple[str, str], tuple[TreatmentKind, KnownCode]] = {
    (SNOMED, "91251008"): (
        TreatmentKind.PHYSICAL_THERAPY,
        _k(SNOMED, "91251008", "Physical therapy procedure", IPS_FREE_SET),
    ),
    (SNOMED, "46947000"): (
        TreatmentKind.CHIROPRACTIC,
        _k(SNOMED, "46947000", "Chiropractic manipulation", VSAC_ECQM),
    ),
}

# --- observations -----------------------------------------------------------------------------------------

LAB_CODES: dict[str, tuple[LabTest, KnownCode]] = {
    code: (test, _k(LOINC, code, display, source))
    for code, test, display, source in (
        ("1988-5", LabTest.CRP, "C reactive protein [Mass/volume] in Serum or Plasma", LAB_CATALOGUES),
        ("4537-7", LabTest.ESR, "Erythrocyte sedimentation rate by Westergren method", LAB_CATALOGUES),
        ("30341-2", LabTest.ESR, "Erythrocyte sedimentation rate", LAB_CATALOGUES),
        ("6690-2", LabTest.WBC, "Leukocytes [#/volume] in Blood by Automated count", VSAC_ECQM),
        ("2160-0", LabTest.CREATININE, "Creatinine [Mass/volume] in Serum or Plasma", VSAC_ECQM),
        ("38483-4", LabTest.CREATININE, "Creatinine [Mass/volume] in Blood", LOINC_TERMS),
        ("14682-9", LabTest.CREATININE, "Creatinine [Moles/volume] in Serum or Plasma", LOINC_TERMS),
        (
            "98979-8",
            LabTest.EGFR,
            "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum, Plasma or Blood by "
            "Creatinine-based formula (CKD-EPI 2021)",
            VSAC_ECQM,
        ),
        ("62238-1", LabTest.EGFR, "Glomerular filtration rate/1.73 sq M.predicted (CKD-EPI)", VSAC_ECQM),
        (
            "33914-3",
            LabTest.EGFR,
            "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum or Plasma by "
            "Creatinine-based formula (MDRD)",
            LOINC_TERMS,
        ),
        ("6301-6", LabTest.INR, "INR in Platelet poor plasma by Coagulation assay", VSAC_ECQM),
        ("34714-6", LabTest.INR, "INR in Blood by Coagulation assay", VSAC_ECQM),
        ("777-3", LabTest.PLATELETS, "Platelets [#/volume] in Blood by Automated count", VSAC_ECQM),
        ("26515-7", LabTest.PLATELETS, "Platelets [#/volume] in Blood", VSAC_ECQM),
    )
}
# The code we emit for each test (the first listed above).
LAB_EXPORT_CODE: dict[LabTest, str] = {}
for _code, (_test, _known) in LAB_CODES.items():
    LAB_EXPORT_CODE.setdefault(_test, _code)

BODY_WEIGHT = _k(LOINC, "29463-7", "Body weight", FHIR_VITAL_SIGNS)
BODY_HEIGHT = _k(LOINC, "8302-2", "Body height", FHIR_VITAL_SIGNS)

# Totals that arrive without item answers: named so the report can say why they are not imported.
TOTAL_SCORE_CODES = {
    "44261-6": "PHQ-9 total score",
    "70274-6": "GAD-7 total score",
    "91147-9": "PEG mean score",
    "97909-6": "Oswestry disability index score",
    "91351-7": "STarT Back total score",
}
# A pain intensity with no region: the case records back and leg pain separately.
PAIN_SEVERITY_NO_REGION = {"72514-3", "75260-0", "75261-8", "75262-6"}

# PHQ and GAD answer codes (LOINC answer list) and their ordinal values.
PHQ_GAD_ANSWER_ORDINALS = {"LA6568-5": 0, "LA6569-3": 1, "LA6570-1": 2, "LA6571-9": 3}

# RxNorm clinical drugs from NLM VSAC "Non opioid pain medications" (2.16.840.1.113762.1.4.1021.73).
VSAC_NON_OPIOID = Source(
    "vsac-1021.73",
    "NLM VSAC value set 'Non opioid pain medications' (2.16.840.1.113762.1.4.1021.73), in cds4cpm",
    url="https://vsac.nlm.nih.gov/valueset/2.16.840.1.113762.1.4.1021.73/expansion",
)
CLINICAL_DRUGS: dict[str, tuple[str, float]] = {
    "310431": ("gabapentin", 300.0),  # gabapentin 300 MG Oral Capsule
    "483440": ("pregabalin", 150.0),  # pregabalin 150 MG Oral Capsule
    "197806": ("ibuprofen", 600.0),  # ibuprofen 600 MG Oral Tablet
}

# Timing.code: "If a code is provided, the code is understood to be a complete statement of whatever is specified
# in the structured timing data, and either the code or the data may be used to interpret the Timing" (FHIR R4
# Timing.code, https://hl7.org/fhir/R4/datatypes-definitions.html#Timing.code). The value set TimingAbbreviation
# (https://hl7.org/fhir/R4/valueset-timing-abbreviation.html) defines, in v3-GTSAbbreviation: BID "Two times a
# day", TID "Three times a day", QID "Four times a day", QD "Every Day" (each at institution specified times).
# Only these four unambiguous doses-per-day codes are read; any other timing code leaves the dose uncomputed.
GTS_ABBREVIATION = "http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation"
TIMES_A_DAY: dict[str, int] = {"QD": 1, "BID": 2, "TID": 3, "QID": 4}
