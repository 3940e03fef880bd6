"""Citations that findings name as their sources.

A rule cites the guideline, trial or instrument manual it implements by attaching `Source` objects to its
findings. Sources used by several modules live here; a source used by one module only may be defined beside
its rule. `verification` says how far the fact was checked: `verified` in a primary or authoritative source,
`secondary` in a reproduction that should be re-checked against the primary before release.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Verification(StrEnum):
    VERIFIED = "verified"
    SECONDARY = "secondary"


@dataclass(frozen=True, slots=True)
class Source:
    """A citable source: guideline, paper, label or instrument manual."""

    id: str
    citation: str
    url: str | None = None
    doi: str | None = None
    verification: Verification = Verification.VERIFIED
    note: str | None = None

    # Rules put sources in sets and dicts and look them up in lists for every finding: comparing ids first
    # decides almost every comparison without building a tuple of every field, and hashing the id alone agrees
    # with equality (equal sources have equal ids).
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Source):
            return NotImplemented
        return self is other or (self.id == other.id and self._fields() == other._fields())

    def __hash__(self) -> int:
        return hash(self.id)

    def _fields(self) -> tuple[object, ...]:
        return (self.citation, self.url, self.doi, self.verification, self.note)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "citation": self.citation,
            "url": self.url,
            "doi": self.doi,
            "verification": self.verification.value,
            "note": self.note,
        }


S = Verification.SECONDARY

# Definitions and classification
ICD11_MG30_21 = Source(
    "icd11-mg30.21",
    "WHO ICD-11 MMS, MG30.21 Chronic postsurgical pain (entity 302680255); "
    "Schug SA et al. The IASP classification of chronic pain for ICD-11: chronic postsurgical or "
    "posttraumatic pain. Pain 2019;160(1):45-52",
    url="http://id.who.int/icd/entity/302680255",
    doi="10.1097/j.pain.0000000000001413",
)
CHRISTELIS_2021 = Source(
    "christelis-2021",
    "Christelis N, Simpson B, Russo M, et al. Persistent spinal pain syndrome: a proposal for failed back "
    "surgery syndrome and ICD-11. Pain Med 2021;22(4):807-818",
    doi="10.1093/pm/pnab015",
)
VAN_DE_MINKELIS_2024 = Source(
    "van-de-minkelis-2024",
    "van de Minkelis J, Peene L, Cohen SP, et al. Persistent spinal pain syndrome type 2. "
    "Pain Pract 2024;24(7):919-936",
    doi="10.1111/papr.13379",
)
RIGOARD_2019 = Source(
    "rigoard-2019",
    "Rigoard P, Gatzinsky K, Deneuville JP, et al. Optimizing the management and outcomes of failed back "
    "surgery syndrome: a consensus statement on definition and outlines for patient assessment. "
    "Pain Res Manag 2019:3126464",
    doi="10.1155/2019/3126464",
)
ICD10CM_2023 = Source(
    "icd10cm",
    "CMS ICD-10-CM code descriptions (FY2023 code file, icd10cm_codes_2023.txt)",
    url="https://www.cms.gov/medicare/coding-billing/icd-10-codes",
)
VSAC_CHRONIC_PAIN_CONDITIONS = Source(
    "vsac-1021.95",
    "NLM VSAC value set 'Conditions associated with chronic pain' (2.16.840.1.113762.1.4.1021.95, version "
    "20201024), as distributed in the CDS for Chronic Pain Management IG (cds4cpm)",
    url="https://vsac.nlm.nih.gov/valueset/2.16.840.1.113762.1.4.1021.95/expansion",
)

# Mechanism of pain
FINNERUP_2016 = Source(
    "neupsig-2016",
    "Finnerup NB, Haroutounian S, Kamerman P, et al. Neuropathic pain: an updated grading system for research "
    "and clinical practice. Pain 2016;157(8):1599-1606 (NeuPSIG)",
    doi="10.1097/j.pain.0000000000000492",
)
FREYNHAGEN_2019 = Source(
    "freynhagen-2019",
    "Freynhagen R, Parada HA, Calderon-Ospina CA, et al. Current understanding of the mixed pain concept: "
    "a brief narrative review. Curr Med Res Opin 2019;35(6):1011-1018",
    doi="10.1080/03007995.2018.1552042",
)
FERNANDEZ_DE_LAS_PENAS_2018 = Source(
    "tender-delphi-2018",
    "Fernández-de-las-Peñas C, Dommerholt J. International consensus on diagnostic criteria and clinical "
    "considerations of myofascial trigger points: a Delphi study. Pain Med 2018;19(1):142-150",
    doi="10.1093/pm/pnx207",
)

# Red flags and post-operative course
NICE_NG59 = Source(
    "nice-ng59",
    "NICE NG59. Low back pain and sciatica in over 16s: assessment and management (2016, updated 2020)",
    url="https://www.nice.org.uk/guidance/ng59",
)
FINUCANE_2020 = Source(
    "ifompt-2020",
    "Finucane LM, Downie A, Mercer C, et al. International framework for red flags for potential serious "
    "spinal pathologies. J Orthop Sports Phys Ther 2020;50(7):350-372",
    doi="10.2519/jospt.2020.9971",
)
GIRFT_CES = Source(
    "girft-ces-2023",
    "GIRFT / BASS / CSP National Suspected Cauda Equina Syndrome Pathway (2023): emergency MRI within 4 hours "
    "of request; PVR bladder scan must not delay MRI",
    url="https://gettingitrightfirsttime.co.uk/",
    verification=S,
    note="Time target as summarised by BMJ Best Practice and CSP Physiotherapy 2024",
)
THELANDER_1992 = Source(
    "thelander-1992",
    "Thelander U, Larsson S. Quantitation of C-reactive protein levels and erythrocyte sedimentation rate "
    "after spinal surgery. Spine 1992;17(4):400-404",
)
DOWNIE_2013 = Source(
    "downie-2013",
    "Downie A, Williams CM, Henschke N, et al. Red flags to screen for malignancy and fracture in patients "
    "with low back pain: systematic review. BMJ 2013;347:f7095",
    doi="10.1136/bmj.f7095",
)
YUSUF_2019 = Source(
    "yusuf-2019",
    "Yusuf M, Finucane L, Selfe J. Red flags for the early detection of spinal infection in back pain "
    "patients. BMC Musculoskelet Disord 2019;20:606",
    doi="10.1186/s12891-019-2949-6",
)

# Instruments (the instrument modules cite their own manuals too)
KROENKE_2001 = Source(
    "phq9-kroenke-2001",
    "Kroenke K, Spitzer RL, Williams JB. The PHQ-9: validity of a brief depression severity measure. "
    "J Gen Intern Med 2001;16(9):606-613",
    doi="10.1046/j.1525-1497.2001.016009606.x",
)
FARRAR_2001 = Source(
    "farrar-2001",
    "Farrar JT, Young JP, LaMoreaux L, et al. Clinical importance of changes in chronic pain intensity "
    "measured on an 11-point numerical pain rating scale. Pain 2001;94(2):149-158",
    doi="10.1016/S0304-3959(01)00349-9",
)
OSTELO_2008 = Source(
    "ostelo-2008",
    "Ostelo RW, Deyo RA, Stratford P, et al. Interpreting change scores for pain and functional status in "
    "low back pain: towards international consensus regarding minimal important change. "
    "Spine 2008;33(1):90-94",
    doi="10.1097/BRS.0b013e31815e3a10",
)

# Treatment and SCS (treatment modules add their own)
NICE_CG173 = Source(
    "nice-cg173",
    "NICE CG173. Neuropathic pain in adults: pharmacological management in non-specialist settings (2013)",
    url="https://www.nice.org.uk/guidance/cg173",
)
NICE_TA159 = Source(
    "nice-ta159",
    "NICE TA159. Spinal cord stimulation for chronic pain of neuropathic or ischaemic origin (2008)",
    url="https://www.nice.org.uk/guidance/ta159",
)
TRONNIER_2019 = Source(
    "tronnier-2019",
    "Tronnier VM, Eldabe S, Franke J, et al. The appropriate management of persisting pain after spine "
    "surgery: a European panel study with recommendations based on the RAND/UCLA method. "
    "Eur Spine J 2019;28(1):31-45",
    doi="10.1007/s00586-018-5711-0",
)
SEBAALY_2018 = Source(
    "sebaaly-2018",
    "Sebaaly A, Lahoud MJ, Rizkallah M, Kreichati G, Kharrat K. Etiology, evaluation, and treatment of failed "
    "back surgery syndrome. Asian Spine J 2018;12(3):574-585",
    doi="10.4184/asj.2018.12.3.574",
)
PRACTICE_PARAMETERS_2006 = Source(
    "neuromod-practice-parameters-2006",
    "Neuromodulation Foundation. Practice parameters for the use of spinal cord stimulation in the treatment "
    "of chronic neuropathic pain (2006)",
    url="https://www.neuromodfound.org",
)
NAROUZE_2018 = Source(
    "asra-pain-2018",
    "Narouze S, Benzon HT, Provenzano D, et al. Interventional spine and pain procedures in patients on "
    "antiplatelet and anticoagulant medications (second edition): guidelines from ASRA, ESRA, AAPM, INS, "
    "NANS and WIP. Reg Anesth Pain Med 2018;43(3):225-262",
    doi="10.1097/AAP.0000000000000700",
)

# Shared by several modules (defined once here so every finding cites the same text for the same id)
SIMON_2013 = Source(
    "simon-2013",
    "Simon GE, Rutter CM, Peterson D, et al. Does response on the PHQ-9 depression questionnaire predict "
    "subsequent suicide attempt or suicide death? Psychiatr Serv 2013;64(12):1195-1202",
    doi="10.1176/appi.ps.201200587",
    note="Risk of a suicide attempt rises with every answer above 'not at all' on item 9",
)
PROCESS_2007 = Source(
    "process-2007",
    "Kumar K, Taylor RS, Jacques L, et al. Spinal cord stimulation versus conventional medical management for "
    "neuropathic pain: a multicentre randomised controlled trial in patients with failed back surgery "
    "syndrome (PROCESS). Pain 2007;132(1-2):179-188",
    doi="10.1016/j.pain.2007.07.028",
    note="Eligibility (ISRCTN77527324): predominant leg pain, leg pain > 50% of total pain",
)
PROMISE_2019 = Source(
    "promise-2019",
    "Rigoard P, Basu S, Desai M, et al. Multicolumn spinal cord stimulation for predominant back pain in "
    "failed back surgery syndrome patients: a multicenter randomized controlled trial (PROMISE). "
    "Pain 2019;160(6)",
    doi="10.1097/j.pain.0000000000001510",
    note="Eligibility: back pain > leg pain",
)
COSNARD_1995 = Source(
    "cosnard-1995",
    "Cosnard G, et al. Series of more than 600 MRI studies of the operated lumbar spine. "
    "Sem Hop Paris 1995;71:782-792 (gadolinium: vascular scar enhances, disc material does not; scar can "
    "enhance for years and pathological fibrosis cannot be told from ordinary scar; arachnoiditis 5-10%; "
    "early postoperative oedema can mimic discitis)",
)
WADDELL_1979 = Source(
    "waddell-1979",
    "Waddell G, et al. Failed lumbar disc surgery and repeat surgery following industrial injuries. "
    "J Bone Joint Surg Am 1979;61(2):201-207 (40% of second operations succeeded; fewer with each further "
    "operation)",
    url="https://pubmed.ncbi.nlm.nih.gov/422604",
)
MOK_2008 = Source(
    "mok-2008",
    "Mok JM, Pekmezci M, Piper SL, et al. Use of C-reactive protein after spinal surgery: comparison with "
    "erythrocyte sedimentation rate as predictor of early postoperative infectious complications. "
    "Spine 2008;33(4):415-421 (after the peak CRP falls exponentially, half-life 2.6 days; a second rise or "
    "failure to decrease as expected: sensitivity 82%, specificity 48%, NPV 86%)",
    url="https://pubmed.ncbi.nlm.nih.gov/18277874",
)
