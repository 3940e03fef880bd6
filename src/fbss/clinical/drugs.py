"""Drug ingredients and the classes the safety checks reason about.

An ingredient is matched by name (lower case) or by its RxNorm ingredient RXCUI. Only RXCUIs confirmed in an
authoritative source are listed (NLM VSAC "Anticoagulant Medications" 2.16.840.1.113762.1.4.1206.19) or in two
independent sources; other ingredients are matched by name only, never by a guessed code.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DrugClass(StrEnum):
    GABAPENTINOID = "gabapentinoid"
    SNRI = "snri"
    SSRI = "ssri"
    TCA_TERTIARY = "tca_tertiary"  # amitriptyline, imipramine, doxepin, clomipramine
    TCA_SECONDARY = "tca_secondary"  # nortriptyline, desipramine
    MAOI = "maoi"
    NSAID = "nsaid"
    COX2_INHIBITOR = "cox2_inhibitor"
    TOPICAL_ANALGESIC = "topical_analgesic"
    OPIOID = "opioid"
    SEROTONERGIC_OPIOID = "serotonergic_opioid"  # tramadol, tapentadol, fentanyl, methadone, pethidine
    SKELETAL_MUSCLE_RELAXANT = "skeletal_muscle_relaxant"
    BENZODIAZEPINE = "benzodiazepine"
    Z_DRUG = "z_drug"
    ANTIPSYCHOTIC = "antipsychotic"
    ANTIEPILEPTIC = "antiepileptic"
    CORTICOSTEROID = "corticosteroid"
    ASPIRIN = "aspirin"
    P2Y12_INHIBITOR = "p2y12_inhibitor"
    PHOSPHODIESTERASE_ANTIPLATELET = "phosphodiesterase_antiplatelet"  # cilostazol, dipyridamole
    VITAMIN_K_ANTAGONIST = "vitamin_k_antagonist"
    DOAC = "doac"
    LMWH = "lmwh"
    HEPARIN = "heparin"
    FONDAPARINUX = "fondaparinux"
    TRIPTAN = "triptan"
    LITHIUM = "lithium"
    ACE_INHIBITOR_OR_ARB = "ace_inhibitor_or_arb"
    DIURETIC = "diuretic"


ANTICOAGULANT_CLASSES = frozenset(
    {
        DrugClass.VITAMIN_K_ANTAGONIST,
        DrugClass.DOAC,
        DrugClass.LMWH,
        DrugClass.HEPARIN,
        DrugClass.FONDAPARINUX,
    }
)
ANTIPLATELET_CLASSES = frozenset(
    {DrugClass.ASPIRIN, DrugClass.P2Y12_INHIBITOR, DrugClass.PHOSPHODIESTERASE_ANTIPLATELET}
)
CNS_ACTIVE_CLASSES = frozenset(
    {
        DrugClass.GABAPENTINOID,
        DrugClass.ANTIEPILEPTIC,
        DrugClass.SNRI,
        DrugClass.SSRI,
        DrugClass.TCA_TERTIARY,
        DrugClass.TCA_SECONDARY,
        DrugClass.MAOI,
        DrugClass.ANTIPSYCHOTIC,
        DrugClass.BENZODIAZEPINE,
        DrugClass.Z_DRUG,
        DrugClass.OPIOID,
        DrugClass.SKELETAL_MUSCLE_RELAXANT,
    }
)
SEROTONERGIC_CLASSES = frozenset(
    {
        DrugClass.SNRI,
        DrugClass.SSRI,
        DrugClass.TCA_TERTIARY,
        DrugClass.TCA_SECONDARY,
        DrugClass.MAOI,
        DrugClass.SEROTONERGIC_OPIOID,
        DrugClass.TRIPTAN,
        DrugClass.LITHIUM,
    }
)


@dataclass(frozen=True, slots=True)
class Ingredient:
    name: str
    classes: frozenset[DrugClass]
    rxcui: str | None = None  # RxNorm ingredient, only where verified (see module docstring)


def _ingredient(name: str, *classes: DrugClass, rxcui: str | None = None) -> Ingredient:
    return Ingredient(name, frozenset(classes), rxcui)


_C = DrugClass
INGREDIENTS: tuple[Ingredient, ...] = (
    _ingredient("gabapentin", _C.GABAPENTINOID, _C.ANTIEPILEPTIC),
    _ingredient("pregabalin", _C.GABAPENTINOID, _C.ANTIEPILEPTIC),
    _ingredient("duloxetine", _C.SNRI),
    _ingredient("venlafaxine", _C.SNRI),
    _ingredient("amitriptyline", _C.TCA_TERTIARY),
    _ingredient("imipramine", _C.TCA_TERTIARY),
    _ingredient("doxepin", _C.TCA_TERTIARY),
    _ingredient("clomipramine", _C.TCA_TERTIARY),
    _ingredient("trimipramine", _C.TCA_TERTIARY),
    _ingredient("nortriptyline", _C.TCA_SECONDARY),
    _ingredient("desipramine", _C.TCA_SECONDARY),
    _ingredient("sertraline", _C.SSRI),
    _ingredient("fluoxetine", _C.SSRI),
    _ingredient("citalopram", _C.SSRI),
    _ingredient("escitalopram", _C.SSRI),
    _ingredient("paroxetine", _C.SSRI),
    _ingredient("phenelzine", _C.MAOI),
    _ingredient("tranylcypromine", _C.MAOI),
    _ingredient("selegiline", _C.MAOI),
    _ingredient("ibuprofen", _C.NSAID),
    _ingredient("naproxen", _C.NSAID),
    _ingredient("diclofenac", _C.NSAID),
    _ingredient("ketorolac", _C.NSAID),
    _ingredient("etodolac", _C.NSAID),
    _ingredient("indomethacin", _C.NSAID),
    _ingredient("meloxicam", _C.NSAID),
    _ingredient("nabumetone", _C.NSAID),
    _ingredient("oxaprozin", _C.NSAID),
    _ingredient("piroxicam", _C.NSAID),
    _ingredient("celecoxib", _C.NSAID, _C.COX2_INHIBITOR),
    _ingredient("etoricoxib", _C.NSAID, _C.COX2_INHIBITOR),
    _ingredient("ketoprofen", _C.NSAID),
    _ingredient("flurbiprofen", _C.NSAID),
    _ingredient("sulindac", _C.NSAID),
    _ingredient("aceclofenac", _C.NSAID),
    _ingredient("mefenamic acid", _C.NSAID),
    _ingredient("acetaminophen"),
    _ingredient("lidocaine", _C.TOPICAL_ANALGESIC),
    _ingredient("capsaicin", _C.TOPICAL_ANALGESIC),
    _ingredient("tramadol", _C.OPIOID, _C.SEROTONERGIC_OPIOID, rxcui="10689"),
    _ingredient("tapentadol", _C.OPIOID, _C.SEROTONERGIC_OPIOID),
    _ingredient("fentanyl", _C.OPIOID, _C.SEROTONERGIC_OPIOID),
    _ingredient("methadone", _C.OPIOID, _C.SEROTONERGIC_OPIOID),
    _ingredient("meperidine", _C.OPIOID, _C.SEROTONERGIC_OPIOID),
    _ingredient("morphine", _C.OPIOID),
    _ingredient("oxycodone", _C.OPIOID),
    _ingredient("hydrocodone", _C.OPIOID),
    _ingredient("hydromorphone", _C.OPIOID),
    _ingredient("codeine", _C.OPIOID),
    _ingredient("dihydrocodeine", _C.OPIOID),
    _ingredient("oxymorphone", _C.OPIOID),
    _ingredient("buprenorphine", _C.OPIOID),
    _ingredient("cyclobenzaprine", _C.SKELETAL_MUSCLE_RELAXANT),
    _ingredient("carisoprodol", _C.SKELETAL_MUSCLE_RELAXANT),
    _ingredient("methocarbamol", _C.SKELETAL_MUSCLE_RELAXANT),
    _ingredient("metaxalone", _C.SKELETAL_MUSCLE_RELAXANT),
    _ingredient("chlorzoxazone", _C.SKELETAL_MUSCLE_RELAXANT),
    _ingredient("orphenadrine", _C.SKELETAL_MUSCLE_RELAXANT),
    _ingredient("tizanidine", _C.SKELETAL_MUSCLE_RELAXANT),
    _ingredient("baclofen", _C.SKELETAL_MUSCLE_RELAXANT),
    _ingredient("diazepam", _C.BENZODIAZEPINE),
    _ingredient("lorazepam", _C.BENZODIAZEPINE),
    _ingredient("alprazolam", _C.BENZODIAZEPINE),
    _ingredient("clonazepam", _C.BENZODIAZEPINE),
    _ingredient("zolpidem", _C.Z_DRUG),
    _ingredient("zopiclone", _C.Z_DRUG),
    _ingredient("quetiapine", _C.ANTIPSYCHOTIC),
    _ingredient("olanzapine", _C.ANTIPSYCHOTIC),
    _ingredient("carbamazepine", _C.ANTIEPILEPTIC),
    _ingredient("topiramate", _C.ANTIEPILEPTIC),
    _ingredient("lamotrigine", _C.ANTIEPILEPTIC),
    _ingredient("oxcarbazepine", _C.ANTIEPILEPTIC),
    _ingredient("valproate", _C.ANTIEPILEPTIC),
    _ingredient("prednisone", _C.CORTICOSTEROID),
    _ingredient("prednisolone", _C.CORTICOSTEROID),
    _ingredient("methylprednisolone", _C.CORTICOSTEROID),
    _ingredient("triamcinolone", _C.CORTICOSTEROID),
    _ingredient("dexamethasone", _C.CORTICOSTEROID),
    _ingredient("betamethasone", _C.CORTICOSTEROID),
    _ingredient("aspirin", _C.ASPIRIN, rxcui="1191"),
    _ingredient("clopidogrel", _C.P2Y12_INHIBITOR, rxcui="32968"),
    _ingredient("prasugrel", _C.P2Y12_INHIBITOR, rxcui="613391"),
    _ingredient("ticagrelor", _C.P2Y12_INHIBITOR),
    _ingredient("cilostazol", _C.PHOSPHODIESTERASE_ANTIPLATELET),
    _ingredient("dipyridamole", _C.PHOSPHODIESTERASE_ANTIPLATELET),
    _ingredient("warfarin", _C.VITAMIN_K_ANTAGONIST, rxcui="11289"),
    _ingredient("acenocoumarol", _C.VITAMIN_K_ANTAGONIST),
    _ingredient("apixaban", _C.DOAC, rxcui="1364430"),
    _ingredient("rivaroxaban", _C.DOAC, rxcui="1114195"),
    _ingredient("edoxaban", _C.DOAC, rxcui="1599538"),
    _ingredient("dabigatran", _C.DOAC, rxcui="1037042"),
    _ingredient("enoxaparin", _C.LMWH, rxcui="67108"),
    _ingredient("dalteparin", _C.LMWH),
    _ingredient("heparin", _C.HEPARIN),
    _ingredient("fondaparinux", _C.FONDAPARINUX),
    _ingredient("sumatriptan", _C.TRIPTAN),
    _ingredient("lithium", _C.LITHIUM),
    _ingredient("lisinopril", _C.ACE_INHIBITOR_OR_ARB),
    _ingredient("ramipril", _C.ACE_INHIBITOR_OR_ARB),
    _ingredient("losartan", _C.ACE_INHIBITOR_OR_ARB),
    _ingredient("furosemide", _C.DIURETIC),
    _ingredient("hydrochlorothiazide", _C.DIURETIC),
)

_BY_NAME = {ingredient.name: ingredient for ingredient in INGREDIENTS}
_BY_RXCUI = {ingredient.rxcui: ingredient for ingredient in INGREDIENTS if ingredient.rxcui}
_SYNONYMS = {
    "dabigatran etexilate": "dabigatran",
    "acetylsalicylic acid": "aspirin",
    "pethidine": "meperidine",
    "paracetamol": "acetaminophen",
    "valproic acid": "valproate",
    "sodium valproate": "valproate",
    "heparin sodium": "heparin",
    "unfractionated heparin": "heparin",
    "capsaicin cream": "capsaicin",
    "capsaicin patch": "capsaicin",
    "lidocaine plaster": "lidocaine",
    "lidocaine patch": "lidocaine",
}


def ingredient(name: str | None = None, rxcui: str | None = None) -> Ingredient | None:
    """The ingredient for an RxNorm ingredient RXCUI or a name (case-insensitive), if we know it."""
    if rxcui and rxcui in _BY_RXCUI:
        return _BY_RXCUI[rxcui]
    if name:
        key = name.strip().lower()
        return _BY_NAME.get(_SYNONYMS.get(key, key))
    return None


def classes_of(name: str | None = None, rxcui: str | None = None) -> frozenset[DrugClass]:
    """The classes of an ingredient (empty when the ingredient is unknown)."""
    found = ingredient(name, rxcui)
    return found.classes if found else frozenset()


def is_antithrombotic(name: str | None = None, rxcui: str | None = None) -> bool:
    """True for anticoagulants, antiplatelets and NSAIDs: the drugs the ASRA pain table gives holds for."""
    classes = classes_of(name, rxcui)
    return bool(classes & (ANTICOAGULANT_CLASSES | ANTIPLATELET_CLASSES | {DrugClass.NSAID}))
