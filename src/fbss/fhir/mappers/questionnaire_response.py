"""QuestionnaireResponse -> instrument answers, matched by the item's LOINC code, never by a publisher's linkId.

The codes of a foreign response's items are in its Questionnaire, which must be in the input (or contained).
Answer values come from the answer's integer, or the ordinal value the Questionnaire gives its answer option,
or, for PHQ-9 and GAD-7 only, the LOINC answer list (LA6568-5 ... LA6571-9 = 0 ... 3). Our own exports name
our questionnaire (`{CANONICAL}/Questionnaire/<instrument>`) and use our item ids as linkIds.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from fbss.clinical.case import InstrumentId, InstrumentResponse
from fbss.clinical.instruments import INSTRUMENTS, Item
from fbss.fhir.codes import CANONICAL, LOINC, PHQ_GAD_ANSWER_ORDINALS
from fbss.fhir.mapping import Context, Outcome, Part, Skip, after_as_of, is_derived, to_date, validated

OUR_QUESTIONNAIRE = f"{CANONICAL}/Questionnaire/"
_DONE = {"completed", "amended"}
_ORDINAL_URLS = (
    "http://hl7.org/fhir/StructureDefinition/ordinalValue",
    "http://hl7.org/fhir/StructureDefinition/itemWeight",
    "http://hl7.org/fhir/StructureDefinition/iso21090-CO-value",
)
_LOINC_ANSWER_LIST_INSTRUMENTS = {InstrumentId.PHQ9.value, InstrumentId.GAD7.value}


@cache
def items_by_loinc() -> dict[str, tuple[str, Item]]:
    """LOINC item code -> (instrument id, item), from the instrument definitions."""
    return {
        item.loinc: (instrument_id, item)
        for instrument_id, instrument in INSTRUMENTS.items()
        for item in instrument.items
        if item.loinc
    }


def map_questionnaire_response(resource: dict[str, Any], context: Context) -> list[Outcome]:
    """One InstrumentResponse per instrument whose items the response answers."""
    if is_derived(resource):
        return [Skip("derived by an fbss assessment")]
    if resource.get("status") not in _DONE:
        return [Skip(f"status {resource.get('status')}: not completed")]
    when = to_date(resource.get("authored"))
    late = after_as_of(when, context)
    if late:
        return [late]
    canonical = str(resource.get("questionnaire", "")).split("|", 1)[0]
    if canonical.startswith(OUR_QUESTIONNAIRE):
        return [_ours(resource, canonical.removeprefix(OUR_QUESTIONNAIRE), when)]
    questionnaire = _questionnaire(resource, canonical, context)
    if questionnaire is None:
        return [
            Skip(f"its Questionnaire {canonical or '(none named)'} is not in the input: items have no codes")
        ]
    return _by_code(resource, questionnaire, when)


def _ours(resource: dict[str, Any], instrument: str, when: Any) -> Outcome:
    answers = {item["linkId"]: _plain_value(item) for item in resource.get("item", [])}
    built = validated(InstrumentResponse, {"instrument": instrument, "date": when, "answers": answers})
    return built if isinstance(built, Skip) else Part("instruments", built)


def _by_code(resource: dict[str, Any], questionnaire: dict[str, Any], when: Any) -> list[Outcome]:
    definitions = dict(_definitions(questionnaire.get("item", [])))
    answers: dict[str, dict[str, int | bool | None]] = {}
    unmatched: list[str] = []
    for item in _answered(resource.get("item", [])):
        definition = definitions.get(item["linkId"])
        match = _instrument_item(definition)
        if definition is None or match is None:
            unmatched.append(f"{item['linkId']} (no instrument item with its code)")
            continue
        instrument_id, instrument_item = match
        value = _ordinal(item, definition, questionnaire, instrument_id)
        if value is None or not instrument_item.accepts(int(value)):
            unmatched.append(
                f"{item['linkId']} (answer without an ordinal value {instrument_item.describe_range()})"
            )
            continue
        answers.setdefault(instrument_id, {})[instrument_item.id] = value
    if not answers:
        return [Skip("no answered item matched an instrument item by LOINC code")]
    note = f"not matched: {', '.join(unmatched)}" if unmatched else None
    outcomes: list[Outcome] = []
    for instrument_id, found in answers.items():
        built = validated(InstrumentResponse, {"instrument": instrument_id, "date": when, "answers": found})
        outcomes.append(built if isinstance(built, Skip) else Part("instruments", built, note=note))
    return outcomes


def _instrument_item(definition: dict[str, Any] | None) -> tuple[str, Item] | None:
    if definition is None:
        return None
    for coding in definition.get("code", ()):
        if coding.get("system") == LOINC and coding.get("code") in items_by_loinc():
            return items_by_loinc()[coding["code"]]
    return None


def _answered(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in items:
        if item.get("answer"):
            yield item
        yield from _answered(item.get("item", []))
        for answer in item.get("answer", ()):
            yield from _answered(answer.get("item", []))


def _definitions(items: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    for item in items:
        yield item["linkId"], item
        yield from _definitions(item.get("item", []))


def _plain_value(item: dict[str, Any]) -> int | bool | None:
    if not item.get("answer"):
        return None
    answer = item["answer"][0]
    for key in ("valueInteger", "valueBoolean"):
        if key in answer:
            value: int | bool = answer[key]
            return value
    return None


def _ordinal(
    item: dict[str, Any], definition: dict[str, Any], questionnaire: dict[str, Any], instrument_id: str
) -> int | None:
    answer = item["answer"][0]
    if isinstance(answer.get("valueInteger"), int):
        return int(answer["valueInteger"])
    if isinstance(answer.get("valueDecimal"), int | float) and float(answer["valueDecimal"]).is_integer():
        return int(answer["valueDecimal"])
    coding = answer.get("valueCoding")
    if not isinstance(coding, dict):
        return None
    for option in _answer_options(definition, questionnaire):
        if option.get("code") == coding.get("code") and option.get("system") == coding.get("system"):
            ordinal = _ordinal_extension(option)
            if ordinal is not None:
                return ordinal
    if instrument_id in _LOINC_ANSWER_LIST_INSTRUMENTS and coding.get("system") == LOINC:
        return PHQ_GAD_ANSWER_ORDINALS.get(str(coding.get("code")))
    return None


def _answer_options(definition: dict[str, Any], questionnaire: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Each answer coding with the extensions that may carry its ordinal value."""
    for option in definition.get("answerOption", ()):
        coding = option.get("valueCoding", {})
        yield {**coding, "extension": [*option.get("extension", ()), *coding.get("extension", ())]}
    reference = definition.get("answerValueSet", "")
    for contained in questionnaire.get("contained", ()):
        if contained.get("resourceType") != "ValueSet":
            continue
        if reference not in (f"#{contained.get('id')}", contained.get("url")):
            continue
        for include in contained.get("compose", {}).get("include", ()):
            for concept in include.get("concept", ()):
                yield {**concept, "system": include.get("system")}
        yield from contained.get("expansion", {}).get("contains", ())


def _ordinal_extension(option: dict[str, Any]) -> int | None:
    for ext in option.get("extension", ()):
        if ext.get("url") in _ORDINAL_URLS:
            value = ext.get("valueDecimal", ext.get("valueInteger"))
            if isinstance(value, int | float) and float(value).is_integer():
                return int(value)
    return None


def _questionnaire(resource: dict[str, Any], canonical: str, context: Context) -> dict[str, Any] | None:
    for contained in resource.get("contained", ()):
        if contained.get("resourceType") == "Questionnaire" and canonical == f"#{contained.get('id')}":
            return dict(contained)
    return context.questionnaires.get(canonical)
