"""Sources cited by the planning, safety and SCS rules (shared ones live in fbss.clinical.sources and are
re-exported here).

`verification` follows the fact sheet: VERIFIED when read in the primary or an authoritative source,
SECONDARY when read in a reproduction that must be re-checked against the primary before release.
"""

from __future__ import annotations

from fbss.clinical.sources import Source, Verification

S = Verification.SECONDARY

PROCESS_2008 = Source(
    "process-2008",
    "Kumar K, Taylor RS, Jacques L, et al. The effects of spinal cord stimulation in neuropathic pain are "
    "sustained: a 24-month follow-up of the PROCESS trial. Neurosurgery 2008 (PMID 18981888)",
    url="https://pubmed.ncbi.nlm.nih.gov/18981888",
)
NORTH_2005 = Source(
    "north-2005",
    "North RB, Kidd DH, Farrokhi F, Piantadosi SA. Spinal cord stimulation versus repeated lumbosacral spine "
    "surgery for chronic pain: a randomized, controlled trial. Neurosurgery 2005;56(1):98-106",
)
SENZA_2015 = Source(
    "senza-rct-2015",
    "Kapural L, Yu C, Doust MW, et al. Novel 10-kHz high-frequency therapy (HF10 therapy) is superior to "
    "traditional low-frequency spinal cord stimulation for the treatment of chronic back and leg pain: the "
    "SENZA-RCT randomized controlled trial. Anesthesiology 2015;123(4):851",
)
COCHRANE_SCS_2023 = Source(
    "cochrane-scs-lbp-2023",
    "Traeger AC, Gilbert SE, Harris IA, Maher CG. Spinal cord stimulation for low back pain. Cochrane "
    "Database Syst Rev 2023, CD014789.pub2",
    doi="10.1002/14651858.CD014789.pub2",
    note="Methods and results verified; conclusion wording read via PMC10391586",
)
TRIAL_STIM_2020 = Source(
    "trial-stim-2020",
    "Eldabe S, Duarte RV, et al. Does a screening trial for spinal cord stimulation in patients with "
    "chronic pain of neuropathic origin have clinical utility and cost-effectiveness (TRIAL-STIM)? "
    "Pain 2020",
    doi="10.1097/j.pain.0000000000001977",
)
THOMSON_2020 = Source(
    "thomson-2020",
    "Thomson S, Huygen F, Prangnell S, et al. Appropriate referral and selection of patients with chronic "
    "pain for spinal cord stimulation: European consensus recommendations and e-health tool. "
    "Eur J Pain 2020;24(6):1169-1181",
    doi="10.1002/ejp.1562",
    note="This software does not reproduce the consensus e-health tool; it prompts for its determinants",
)
CMS_LCD_SCS = Source(
    "cms-lcd-scs-2021",
    "CMS Local Coverage Determination 'Spinal Cord Stimulators for Chronic Pain' (effective 13 May 2021): SCS as "
    "a late option after medicines, physical and psychological therapy; multidisciplinary screening with "
    "psychological and physical evaluation; no active substance misuse; patient education and disclosure",
    verification=S,
    note="Read in a copy of the LCD",
)
NICE_MTG41 = Source(
    "nice-mtg41",
    "NICE MTG41. Senza spinal cord stimulation system for delivering HF10 therapy to treat chronic "
    "neuropathic pain (2019)",
    url="https://www.nice.org.uk/guidance/mtg41",
)

# --- medicines ----------------------------------------------------------------------------------------------
ACP_2017 = Source(
    "acp-2017",
    "Qaseem A, Wilt TJ, McLean RM, Forciea MA. Noninvasive treatments for acute, subacute, and chronic low "
    "back pain: a clinical practice guideline from the American College of Physicians. "
    "Ann Intern Med 2017;166(7):514-530",
    doi="10.7326/M16-2367",
)
NG59_SCIATICA_DRUGS = Source(
    "nice-ng59-sciatica-2020",
    "NICE NG59 (pharmacological management of sciatica, updated December 2020): do not offer "
    "gabapentinoids, other antiepileptics, oral corticosteroids or benzodiazepines for managing sciatica",
    url="https://www.nice.org.uk/guidance/ng59",
    verification=S,
    note="Wording read in NHS SPS and MIMS summaries; recommendation number unconfirmed",
)
NG59_RATIONALE = Source(
    "nice-ng59-research-antidepressants",
    "NICE NG59 research recommendation and committee rationale: antidepressants for sciatica (no "
    "recommendation for or against); antiepileptics including gabapentinoids should not be used for sciatica",
    url="https://www.nice.org.uk/researchrecommendation/pharmacological-therapies-what-is-the-clinical-and-"
    "cost-effectiveness-of-antidepressants-for-the-management-of-sciatica",
)
NG59_LBP_DRUGS = Source(
    "nice-ng59-lbp-drugs",
    "NICE NG59 (low back pain without sciatica): consider oral NSAIDs at the lowest effective dose for the "
    "shortest time; do not offer SSRIs, SNRIs, tricyclic antidepressants or anticonvulsants for low back pain",
    url="https://www.nice.org.uk/guidance/ng59",
    verification=S,
    note="Wording read in the NECSU 'NICE Bites' summary of NG59",
)
NG59_NON_DRUG = Source(
    "nice-ng59-non-drug",
    "NICE NG59 non-pharmacological care: group exercise; manual therapy and psychological therapy only as "
    "part of a package with exercise; combined physical and psychological programmes; do not offer "
    "acupuncture",
    url="https://www.nice.org.uk/guidance/ng59",
    verification=S,
    note="Recommendation wording read in secondary summaries; acupuncture position also in NICE 2016 press release",
)
NG59_DO_NOT_OFFER = Source(
    "nice-ng59-do-not-offer",
    "NICE NG59 'do not offer' list for low back pain: TENS, PENS, ultrasound, interferential therapy; "
    "traction; orthotics, belts and corsets; spinal injections for non-specific low back pain; disc "
    "replacement; spinal fusion except as part of a randomised controlled trial",
    url="https://www.nice.org.uk/guidance/ng59",
    verification=S,
    note="List read in secondary summaries (physiotherapy and pharmacy sites, NHS commissioning policies)",
)
NG59_EPIDURALS = Source(
    "nice-ng59-epidurals",
    "NICE NG59: consider epidural injections of local anaesthetic and steroid in people with acute and severe "
    "sciatica",
    url="https://www.nice.org.uk/guidance/ng59",
    verification=S,
    note="Read in AoMRC and NHS commissioning documents citing NG59; exact wording not seen",
)
PRECISE_2017 = Source(
    "precise-2017",
    "Mathieson S, Maher CG, McLachlan AJ, et al. Trial of pregabalin for acute and chronic sciatica. "
    "N Engl J Med 2017;376(12):1111-1120",
    doi="10.1056/NEJMoa1614292",
)
NEURONTIN_LABEL = Source(
    "neurontin-label-renal",
    "NEURONTIN (gabapentin) prescribing information, section 2.3, Table 1 'Dosage Based on Renal Function' "
    "(DailyMed setid 97935fd9-1d4a-43b6-a5d9-de994591187b, label version 48)",
    url="https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=97935fd9-1d4a-43b6-a5d9-de994591187b",
    verification=S,
    note="Read in a verbatim copy of the label text; confirm on DailyMed before release",
)
PREGABALIN_RENAL = Source(
    "pregabalin-renal-bands",
    "Pregabalin dosing by creatinine clearance (Lyrica label, as reproduced by the Canterbury DHB palliative "
    "care information sheet and label summaries)",
    verification=S,
    note="Band edges and doses per day not confirmed against the Lyrica label",
)
DULOXETINE_LABEL = Source(
    "duloxetine-label",
    "Duloxetine (Cymbalta) summary of product characteristics: avoid with creatinine clearance below "
    "30 mL/min; avoid in hepatic insufficiency; chronic musculoskeletal pain 60 mg once daily",
    verification=S,
    note="Read in label copies (MIMS SmPC); duloxetine serotonin-syndrome wording unconfirmed",
)
COCKCROFT_GAULT_1976 = Source(
    "cockcroft-gault-1976",
    "Cockcroft DW, Gault MH. Prediction of creatinine clearance from serum creatinine. Nephron 1976;16:31",
    verification=S,
    note="Formula as reproduced consistently by several references; the Neurontin label directs its use",
)
BEERS_2023 = Source(
    "beers-2023",
    "2023 American Geriatrics Society Beers Criteria Update Expert Panel. American Geriatrics Society 2023 "
    "updated AGS Beers Criteria for potentially inappropriate medication use in older adults. "
    "J Am Geriatr Soc 2023",
    doi="10.1111/jgs.18372",
    verification=S,
    note="Criteria read in reproductions of the 2023 tables",
)
FDA_GABAPENTINOIDS_2019 = Source(
    "fda-gabapentinoids-2019",
    "FDA Drug Safety Communication (December 2019): serious breathing difficulties with gabapentin and "
    "pregabalin in patients with respiratory risk factors, including use with opioids or other CNS depressants",
    verification=S,
    note="Read in ASCP/Choosing Wisely 2022 and Medsafety summaries",
)
SEROTONERGIC_LABELS = Source(
    "serotonin-syndrome-class-labelling",
    "Serotonergic antidepressant class labelling: serotonin syndrome risk rises with other serotonergic drugs "
    "(triptans, tricyclic antidepressants, fentanyl, lithium, tramadol, tryptophan, buspirone, amphetamines, "
    "St John's Wort); MAO inhibitors contraindicated",
    verification=S,
    note="Class wording seen in fluoxetine and lithium label extracts; duloxetine-specific wording unconfirmed",
)
FDA_NSAID_2015 = Source(
    "fda-nsaid-2015",
    "FDA Drug Safety Communication (July 2015): FDA strengthens warning that non-aspirin NSAIDs can cause "
    "heart attacks or strokes",
    url="http://www.fda.gov/Drugs/DrugSafety/ucm451800.htm",
)
NSAID_UK_CAUTIONS = Source(
    "scottish-polypharmacy-nsaids",
    "Scottish Government Polypharmacy Guidance (NHS Scotland): NSAID gastroprotection and the 'triple "
    "whammy' with ACE inhibitor or ARB plus diuretic",
    url="https://www.polypharmacy.scot.nhs.uk",
    verification=S,
)

# --- injections ---------------------------------------------------------------------------------------------
FDA_ESI_2014 = Source(
    "fda-esi-2014",
    "FDA Drug Safety Communication (23 April 2014): FDA requires label changes to warn of rare but serious "
    "neurologic problems after epidural corticosteroid injections for pain",
    url="http://www.fda.gov/Drugs/DrugSafety/ucm394280.htm",
)
RATHMELL_2015 = Source(
    "rathmell-2015",
    "Rathmell JP, Benzon HT, Dreyfuss P, et al. Safeguards to prevent neurologic complications after epidural "
    "steroid injections: consensus opinions from a multidisciplinary working group and national "
    "organizations. Anesthesiology 2015",
    note="Abstract verified; the wording of each of the 17 considerations is not",
)
MANCHIKANTI_2012 = Source(
    "manchikanti-2012-caudal",
    "Manchikanti L, et al. Randomised trial of caudal epidural lidocaine with or without betamethasone in "
    "post-surgery syndrome (140 patients). Int J Med Sci 2012;9(7):582-591",
    url="https://pubmed.ncbi.nlm.nih.gov/23028241",
)
ESI_FREQUENCY_PRACTICE = Source(
    "esi-frequency-practice",
    "Epidural steroid injection frequency in practice: no agreed lifetime limit; commonly no more than 3-4 per "
    "12 months per region with reassessment (Medscape 2018 and others)",
    verification=S,
)
TPI_REVIEW_2009 = Source(
    "tpi-review-2009",
    "Trigger point injections for chronic non-malignant musculoskeletal pain: a systematic review "
    "(15 RCTs). Pain Med 2009",
    doi="10.1111/j.1526-4637.2008.00526.x",
)

# --- non-drug care ------------------------------------------------------------------------------------------
KAMPER_2015 = Source(
    "kamper-2015",
    "Kamper SJ, et al. Multidisciplinary biopsychosocial rehabilitation for "
    "chronic low back pain: Cochrane systematic review and meta-analysis. BMJ 2015;350:h444",
    url="https://www.bmj.com/content/350/bmj.h444",
)
OOSTERHUIS_2014 = Source(
    "oosterhuis-2014",
    "Oosterhuis T, et al. Rehabilitation after lumbar disc surgery. Cochrane Database "
    "Syst Rev 2014, CD003007.pub3",
    doi="10.1002/14651858.CD003007.pub3",
)
RUBINSTEIN_2019 = Source(
    "rubinstein-2019",
    "Rubinstein SM, et al. Benefits and harms of spinal manipulative therapy for "
    "the treatment of chronic low back pain: systematic review and meta-analysis of randomised controlled "
    "trials. BMJ 2019;364:l689",
    doi="10.1136/bmj.l689",
)
MU_2020 = Source(
    "cochrane-acupuncture-2020",
    "Mu J, et al. Acupuncture for chronic nonspecific low back pain. Cochrane Database "
    "Syst Rev 2020, CD013814",
    doi="10.1002/14651858.CD013814",
)

GATZINSKY_2019 = Source(
    "gatzinsky-2019",
    "Gatzinsky K, Eldabe S, Deneuville JP, et al. Optimizing the management and outcomes of failed back "
    "surgery syndrome: a proposal of a standardized multidisciplinary team care pathway. "
    "Pain Res Manag 2019:8184592",
    doi="10.1155/2019/8184592",
    note="Abstract verified; the pathway steps are not",
)

# --- ASRA pain table: what we hold of it ---------------------------------------------------------------------
ASRA_TABLE_REPRODUCTION = Source(
    "asra-pain-table-uptodate",
    "UpToDate table 'Summary of periprocedural management of anticoagulants and antiplatelet medications for "
    "interventional pain procedures', adapted from Narouze 2018 (reproduction ends after dalteparin)",
    url="https://www.medilib.ir/uptodate/show/108918",
    verification=S,
    note="Procedure categories and the aspirin, NSAID, phosphodiesterase, vitamin K antagonist, heparin and "
    "LMWH rows; not yet checked against the Narouze 2018 table itself",
)
NEUROMODULATION_TEXTBOOK_HOLDS = Source(
    "neuromodulation-textbook-holds",
    "Textbook chapter 'Considerations for Neuromodulation', table of anticoagulant holds before "
    "neuromodulation procedures (ASRA edition not stated)",
    url="https://musculoskeletalkey.com/considerations-for-neuromodulation/",
    verification=S,
    note="Unconfirmed against Narouze 2018",
)
ASRA_CALCULATOR_HOLDS = Source(
    "asra-based-hold-calculator",
    "Open-source ASRA-based anticoagulant hold calculator (github.com/nmhusa-pixel/anticoag2, app.js): holds "
    "for high- and intermediate-risk pain procedures",
    verification=S,
    note="Unconfirmed against Narouze 2018",
)
FAUBEL_HOLDS = Source(
    "faubel-holds",
    "Faubel C. Holding anticoagulants for interventional pain procedures (thepainsource.com)",
    verification=S,
    note="Unconfirmed against Narouze 2018",
)
PLATELET_REFERENCE = Source(
    "statpearls-thrombocytopenia",
    "StatPearls: Thrombocytopenia (PMID 31194365): a platelet count below the adult lower limit of normal, "
    "150,000 per microlitre (150 x10^9/L), is thrombocytopenia; surgical bleeding can occur below 50,000",
    url="https://pubmed.ncbi.nlm.nih.gov/31194365",
)
INR_REFERENCE = Source(
    "mayo-prothrombin-time",
    "Mayo Clinic. Prothrombin time test: in healthy people an INR of 1.1 or below is considered normal",
    url="https://www.mayoclinic.org/tests-procedures/prothrombin-time/about/pac-20384661",
    verification=S,
    note="Read in a mirror of the Mayo Clinic health library. A laboratory's own reference interval, where "
    "it differs, takes precedence.",
)
