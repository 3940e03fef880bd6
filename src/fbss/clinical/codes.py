"""Codings that findings attach: ICD-10-CM, ICD-11 MMS and SNOMED CT.

Only codes marked [V] in the project fact sheet (diagnosis-instruments-codes.md §2) are listed: each was seen
with its display in an authoritative source (the CMS ICD-10-CM code file, WHO ICD-11 MMS data, NLM VSAC value
set 2.16.840.1.113762.1.4.1021.95 or the SNOMED International IPS Free Set). Candidate codes the fact sheet
marks UNVERIFIED (e.g. a separate "failed back surgery syndrome" concept, myofascial pain syndrome 726531007)
are deliberately absent: a wrong code is worse than a missing one.
"""

from __future__ import annotations

from fbss.clinical.case import SpineRegion
from fbss.clinical.finding import Coding

ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
ICD11_MMS = "http://id.who.int/icd/release/11/mms"
SNOMED = "http://snomed.info/sct"


def _icd10cm(code: str, display: str) -> Coding:
    return Coding(ICD10CM, code, display)


def _icd11(code: str, display: str) -> Coding:
    return Coding(ICD11_MMS, code, display)


def _sct(code: str, display: str) -> Coding:
    return Coding(SNOMED, code, display)


# --- ICD-10-CM (CMS code file FY2023) ----------------------------------------------------------------------
POSTLAMINECTOMY_SYNDROME_ICD10CM = _icd10cm("M96.1", "Postlaminectomy syndrome, not elsewhere classified")
PSEUDARTHROSIS_AFTER_FUSION_ICD10CM = _icd10cm("M96.0", "Pseudarthrosis after fusion or arthrodesis")
POSTLAMINECTOMY_KYPHOSIS_ICD10CM = _icd10cm("M96.3", "Postlaminectomy kyphosis")
OTHER_CHRONIC_POSTPROCEDURAL_PAIN_ICD10CM = _icd10cm("G89.28", "Other chronic postprocedural pain")
OTHER_CHRONIC_PAIN_ICD10CM = _icd10cm("G89.29", "Other chronic pain")
CHRONIC_PAIN_SYNDROME_ICD10CM = _icd10cm("G89.4", "Chronic pain syndrome")
RADICULOPATHY_LUMBAR_ICD10CM = _icd10cm("M54.16", "Radiculopathy, lumbar region")
RADICULOPATHY_LUMBOSACRAL_ICD10CM = _icd10cm("M54.17", "Radiculopathy, lumbosacral region")
DISC_DISORDER_WITH_RADICULOPATHY_LUMBAR_ICD10CM = _icd10cm(
    "M51.16", "Intervertebral disc disorders with radiculopathy, lumbar region"
)
DISC_DISORDER_WITH_RADICULOPATHY_LUMBOSACRAL_ICD10CM = _icd10cm(
    "M51.17", "Intervertebral disc disorders with radiculopathy, lumbosacral region"
)
LOW_BACK_PAIN_UNSPECIFIED_ICD10CM = _icd10cm("M54.50", "Low back pain, unspecified")
VERTEBROGENIC_LOW_BACK_PAIN_ICD10CM = _icd10cm("M54.51", "Vertebrogenic low back pain")
OTHER_LOW_BACK_PAIN_ICD10CM = _icd10cm("M54.59", "Other low back pain")
OSTEOMYELITIS_VERTEBRA_LUMBAR_ICD10CM = _icd10cm("M46.26", "Osteomyelitis of vertebra, lumbar region")
OSTEOMYELITIS_VERTEBRA_LUMBOSACRAL_ICD10CM = _icd10cm(
    "M46.27", "Osteomyelitis of vertebra, lumbosacral region"
)
PYOGENIC_DISC_INFECTION_LUMBAR_ICD10CM = _icd10cm(
    "M46.36", "Infection of intervertebral disc (pyogenic), lumbar region"
)
PYOGENIC_DISC_INFECTION_LUMBOSACRAL_ICD10CM = _icd10cm(
    "M46.37", "Infection of intervertebral disc (pyogenic), lumbosacral region"
)
DISCITIS_LUMBAR_ICD10CM = _icd10cm("M46.46", "Discitis, unspecified, lumbar region")
DISCITIS_LUMBOSACRAL_ICD10CM = _icd10cm("M46.47", "Discitis, unspecified, lumbosacral region")
STENOSIS_LUMBAR_WITHOUT_CLAUDICATION_ICD10CM = _icd10cm(
    "M48.061", "Spinal stenosis, lumbar region without neurogenic claudication"
)
STENOSIS_LUMBAR_WITH_CLAUDICATION_ICD10CM = _icd10cm(
    "M48.062", "Spinal stenosis, lumbar region with neurogenic claudication"
)
SPINAL_INSTABILITY_LUMBOSACRAL_ICD10CM = _icd10cm("M53.2X7", "Spinal instabilities, lumbosacral region")
MYALGIA_OTHER_SITE_ICD10CM = _icd10cm("M79.18", "Myalgia, other site")
FIBROMYALGIA_ICD10CM = _icd10cm("M79.7", "Fibromyalgia")
CAUDA_EQUINA_SYNDROME_ICD10CM = _icd10cm("G83.4", "Cauda equina syndrome")
MENINGEAL_ADHESIONS_ICD10CM = _icd10cm("G96.12", "Meningeal adhesions (cerebral) (spinal)")
FIXATION_DEVICE_BREAKDOWN_ICD10CM = _icd10cm(
    "T84.216A", "Breakdown (mechanical) of internal fixation device of vertebrae, initial encounter"
)
FIXATION_DEVICE_DISPLACEMENT_ICD10CM = _icd10cm(
    "T84.226A", "Displacement of internal fixation device of vertebrae, initial encounter"
)
FIXATION_DEVICE_OTHER_MECHANICAL_ICD10CM = _icd10cm(
    "T84.296A",
    "Other mechanical complication of internal fixation device of vertebrae, initial encounter",
)
FIXATION_DEVICE_INFECTION_ICD10CM = _icd10cm(
    "T84.63XA",
    "Infection and inflammatory reaction due to internal fixation device of spine, initial encounter",
)

# --- ICD-11 MMS (WHO MMS data) -----------------------------------------------------------------------------
CHRONIC_POSTSURGICAL_OR_POSTTRAUMATIC_PAIN_ICD11 = _icd11(
    "MG30.2", "Chronic postsurgical or post traumatic pain"
)
CHRONIC_POSTTRAUMATIC_PAIN_ICD11 = _icd11("MG30.20", "Chronic post traumatic pain")
CHRONIC_POSTSURGICAL_PAIN_ICD11 = _icd11("MG30.21", "Chronic postsurgical pain")
CHRONIC_CENTRAL_NEUROPATHIC_PAIN_ICD11 = _icd11("MG30.50", "Chronic central neuropathic pain")
CHRONIC_PERIPHERAL_NEUROPATHIC_PAIN_ICD11 = _icd11("MG30.51", "Chronic peripheral neuropathic pain")
POSTLAMINECTOMY_SYNDROME_ICD11 = _icd11("FC01.1", "Postlaminectomy syndrome, not elsewhere classified")
POSTLAMINECTOMY_KYPHOSIS_ICD11 = _icd11("FC01.3", "Postlaminectomy kyphosis")
ARACHNOIDITIS_ICD11 = _icd11("8E40.3", "Arachnoiditis")
CAUDA_EQUINA_SYNDROME_ICD11 = _icd11("8B40", "Cauda equina syndrome")
LOW_BACK_PAIN_ICD11 = _icd11("ME84.2", "Low back pain")
LUMBAGO_WITH_SCIATICA_ICD11 = _icd11("ME84.20", "Lumbago with sciatica")
SCIATICA_ICD11 = _icd11("ME84.3", "Sciatica")

# --- SNOMED CT disorders (VSAC 2.16.840.1.113762.1.4.1021.95 and/or IPS Free Set) ------------------------------
POST_LAMINECTOMY_SYNDROME_SCT = _sct("27151001", "Post-laminectomy syndrome")
CERVICAL_POST_LAMINECTOMY_SYNDROME_SCT = _sct("202723000", "Cervical post-laminectomy syndrome")
THORACIC_POST_LAMINECTOMY_SYNDROME_SCT = _sct("202724006", "Thoracic post-laminectomy syndrome")
LUMBAR_POST_LAMINECTOMY_SYNDROME_SCT = _sct("202725007", "Lumbar post-laminectomy syndrome")
DISCITIS_SCT = _sct("2304001", "Discitis")
LUMBAR_DISCITIS_SCT = _sct("202752002", "Lumbar discitis")
INFECTIVE_DISCITIS_SCT = _sct("302935008", "Infective discitis")
LUMBAR_STENOSIS_SCT = _sct("18347007", "Spinal stenosis of lumbar region")
LUMBAR_RADICULOPATHY_SCT = _sct("128196005", "Lumbar radiculopathy")
LUMBOSACRAL_RADICULOPATHY_SCT = _sct("2415007", "Lumbosacral radiculopathy")
LUMBAR_DISC_PROLAPSE_WITH_RADICULOPATHY_SCT = _sct("202735001", "Lumbar disc prolapse with radiculopathy")
SCIATICA_SCT = _sct("23056005", "Sciatica")
LUMBAR_NERVE_ROOT_COMPRESSION_SCT = _sct("299966003", "Compression of lumbar nerve root")
LUMBAR_INTERNAL_DISC_DISRUPTION_SCT = _sct("608829007", "Internal disruption of lumbar intervertebral disc")
SACROILIAC_INFLAMMATION_SCT = _sct("55146009", "Inflammation of sacroiliac joint")
SACROILIAC_JOINT_PAIN_SCT = _sct("202487003", "Sacroiliac joint pain")
FACET_JOINT_PAIN_SCT = _sct("247369005", "Facet joint pain")
CHRONIC_PAIN_SYNDROME_SCT = _sct("373621006", "Chronic pain syndrome")
CHRONIC_PAIN_SCT = _sct("82423001", "Chronic pain")
CHRONIC_LOW_BACK_PAIN_SCT = _sct("278860009", "Chronic low back pain")
NEUROPATHIC_PAIN_SCT = _sct("247398009", "Neuropathic pain")
POSTOPERATIVE_PAIN_SCT = _sct("213299007", "Postoperative pain")
POSTOPERATIVE_INFECTION_SCT = _sct("33910007", "Postoperative infection")
ARACHNOIDITIS_SCT = _sct("8217007", "Arachnoiditis")
CAUDA_EQUINA_SYNDROME_SCT = _sct("192970008", "Cauda equina syndrome")
FIBROMYOSITIS_SCT = _sct("24693007", "Fibromyositis")
FIBROMYALGIA_SCT = _sct("203082005", "Fibromyalgia")

# --- SNOMED CT procedures and devices (IPS Free Set, VSAC eCQM, HL7 value sets) ----------------------------
LAMINECTOMY_SCT = _sct("387731002", "Laminectomy")
DISCECTOMY_OF_SPINE_SCT = _sct("3418002", "Discectomy of spine")
DISCECTOMY_FOR_HERNIATED_DISC_SCT = _sct(
    "89355001", "Discectomy for intervertebral herniated disc, nucleus pulposus"
)
SPINAL_ARTHRODESIS_SCT = _sct("55705006", "Spinal arthrodesis")
LUMBAR_SPINAL_FUSION_SCT = _sct("50172003", "Lumbar spinal fusion")
LAMINECTOMY_FOR_SCS_ELECTRODES_SCT = _sct(
    "47478002", "Laminectomy for implantation of neurostimulator electrodes, spinal cord"
)
NEUROSTIMULATOR_DEVICE_SCT = _sct("25937001", "Neurostimulator, device")
PHYSICAL_THERAPY_SCT = _sct("91251008", "Physical therapy procedure")
COGNITIVE_BEHAVIORAL_THERAPY_SCT = _sct("228557008", "Cognitive and behavioral therapy")
CHIROPRACTIC_MANIPULATION_SCT = _sct("46947000", "Chiropractic manipulation")

# --- groupings the rules use -------------------------------------------------------------------------------
POST_LAMINECTOMY_SYNDROME_BY_REGION: dict[SpineRegion, Coding] = {
    SpineRegion.CERVICAL: CERVICAL_POST_LAMINECTOMY_SYNDROME_SCT,
    SpineRegion.THORACIC: THORACIC_POST_LAMINECTOMY_SYNDROME_SCT,
    SpineRegion.LUMBAR: LUMBAR_POST_LAMINECTOMY_SYNDROME_SCT,
}
CAUDA_EQUINA_SYNDROME: tuple[Coding, ...] = (
    CAUDA_EQUINA_SYNDROME_ICD10CM,
    CAUDA_EQUINA_SYNDROME_ICD11,
    CAUDA_EQUINA_SYNDROME_SCT,
)
