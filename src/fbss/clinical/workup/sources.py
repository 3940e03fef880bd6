"""Sources used only by the differential and work-up rules (shared ones live in fbss.clinical.sources)."""

from __future__ import annotations

from fbss.clinical.sources import Source, Verification

S = Verification.SECONDARY

MATTAR_2012 = Source(
    "mattar-2012",
    "Mattar MA, Zaher AA, Gomaa M, Zaher AA. Outcome and prognostic factors for recurrent lumbar disc "
    "herniation surgery. Egypt J Neurol Psychiat Neurosurg 2012;49(2):143-148 (recurrence: same level, "
    "ipsilateral or contralateral, after a pain-free interval of more than 6 months)",
    url="http://ejnpn.org/Article/ShowFullText.aspx?Id=709",
)
PAIN_FREE_INTERVAL_HEURISTIC = Source(
    "pain-free-interval-heuristic",
    "Timing clue from a physician's web page (andrepanagosmd.com): symptoms after a 1-6 month pain-free "
    "period suggest arachnoiditis or fibrosis; after more than 6 months, recurrent herniation",
    verification=S,
    note="Low-quality secondary source: shown only as a labelled heuristic, never deciding a finding",
)
RESNICK_2005 = Source(
    "resnick-2005-fusion-part4",
    "Resnick DK, et al. AANS/CNS guidelines for the performance of fusion procedures for degenerative "
    "disease of the lumbar spine, part 4: radiographic assessment of fusion. J Neurosurg Spine "
    "2005;2:653-657 (static radiographs alone are inaccurate; thin-slice CT preferred)",
)
NOUH_2012 = Source(
    "nouh-2012",
    "Nouh MR. Imaging review of spinal fusion hardware. World J Radiol 2012 (radiographs and CT for screw "
    "loosening, breakage and malposition)",
)
MANCHIKANTI_2001 = Source(
    "manchikanti-2001",
    "Manchikanti L, Pampati V, Baha AG, et al. Contribution of facet joints to chronic low back pain in "
    "postlumbar laminectomy syndrome: a controlled comparative prevalence evaluation. Pain Physician "
    "2001;4(2):175-180 (prevalence 32% after surgery vs 44% without; single-block false-positive rate 24%)",
)
MANCHIKANTI_2016 = Source(
    "manchikanti-2016-facet-review",
    "Manchikanti L, Hirsch JA, Falco FJE, Boswell MV. Management of lumbar zygapophysial (facet) joint pain. "
    "World J Orthop 2016;7(5):315-337 (diagnostic accuracy judged by > 50% relief with controlled blocks)",
    doi="10.5312/wjo.v7.i5.315",
)
LILIANG_2011 = Source(
    "liliang-2011",
    "Liliang PC, et al. Sacroiliac joint pain after lumbar and lumbosacral fusion: findings "
    "using dual sacroiliac joint blocks. Pain Med 2011;12(4):565-570 (>= 3 positive provocation tests; "
    "positive block = 75% relief, confirmed by a second block)",
    doi="10.1111/j.1526-4637.2011.01087.x",
    note="Checked in the PubMed abstract",
)
POLLY_2016 = Source(
    "polly-2016",
    "Polly D, Cher D, Whang PG, et al. Does level of response to SI joint block predict response to SI joint "
    "fusion? Int J Spine Surg 2016;10:4 (a 50% block threshold; 75% has no basis in evidence)",
    doi="10.14444/3004",
)
SPINE_SECRETS_EDX = Source(
    "spine-secrets-edx",
    "Spine Secrets, electrodiagnostic testing chapter (reproduced at mitchmedical.us): only pre-existing "
    "changes in the first 10-14 days after surgery; 3 weeks to 4 months for a new lesion; hard to interpret "
    "6-12 months after lumbar laminectomy",
    verification=S,
    note="Secondary source: timing limits are shown labelled, never as fact",
)
BARR_EDX = Source(
    "barr-edx",
    "Barr K. Electrodiagnosis of lumbar radiculopathy (PM&R clinics review): EMG/NCS is specific, tests root "
    "function and excludes mimics such as peripheral neuropathy or entrapment",
)
SLIPMAN_2002 = Source(
    "slipman-2002",
    "Slipman CW, et al. Etiologies of failed back surgery syndrome. Pain Med "
    "2002;3(3):200-214 (unknown aetiology in 11 of 197 fully worked-up charts, 5.6%)",
    doi="10.1046/j.1526-4637.2002.02033.x",
)
