"""Lossless carriage of Case parts that FHIR has no element for, as complex extensions.

One generic codec, driven by the Case model's own field types: each field becomes a sub-extension named after
it (`valueBoolean`, `valueInteger`, `valueDecimal`, `valueString`, `valueCode` for enumerations, `valueDate`),
a nested part becomes a complex sub-extension, and a list repeats its sub-extension. A list that is present but
empty where "not recorded" is also possible (e.g. exam signs: None = not examined, [] = nothing found) is marked
with `valueCode: "none-found"`. Standard FHIR elements are filled as well wherever they exist; the extensions
are what makes our own exports read back into the identical Case.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from enum import Enum
from functools import cache
from typing import Any, Union

from pydantic import BaseModel

from fbss.fhir.codes import our_extension

EMPTY_LIST = "none-found"


def encode(model: BaseModel, fields: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """The sub-extensions of one Case part: one per field (of `fields`, default all) not at its default."""
    found: list[dict[str, Any]] = []
    for name, info in type(model).model_fields.items():
        if fields is not None and name not in fields:
            continue
        value = getattr(model, name)
        if value == info.get_default(call_default_factory=True):
            continue
        found.extend(_encode_field(name, value))
    return found


def extension(name: str, model: BaseModel) -> dict[str, Any]:
    """A top-level complex extension `{OUR_EXTENSIONS}/{name}` carrying one Case part."""
    return {"url": our_extension(name), "extension": encode(model)}


def find(resource: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """The top-level extensions of ours with this name on a resource."""
    url = our_extension(name)
    return [ext for ext in resource.get("extension", ()) if isinstance(ext, dict) and ext.get("url") == url]


def decode(extensions: list[dict[str, Any]], model: type[BaseModel]) -> dict[str, Any]:
    """The raw field values (for `model.model_validate`) carried by an extension list made by `encode`."""
    data: dict[str, Any] = {}
    by_url: dict[str, list[dict[str, Any]]] = {}
    for ext in extensions:
        by_url.setdefault(str(ext.get("url")), []).append(ext)
    for name in model.model_fields:
        matching = by_url.get(name)
        if not matching:
            continue
        repeated, inner = field_shape(model, name)
        if repeated:
            if len(matching) == 1 and matching[0].get("valueCode") == EMPTY_LIST:
                data[name] = []
            else:
                data[name] = [_decode_value(ext, inner) for ext in matching]
        else:
            data[name] = _decode_value(matching[0], inner)
    return data


def _encode_field(name: str, value: Any) -> list[dict[str, Any]]:
    if isinstance(value, tuple):
        if not value:
            return [{"url": name, "valueCode": EMPTY_LIST}]
        return [_encode_value(name, item) for item in value]
    return [_encode_value(name, value)]


def _encode_value(name: str, value: Any) -> dict[str, Any]:
    if isinstance(value, BaseModel):
        return {"url": name, "extension": encode(value)}
    if isinstance(value, bool):
        return {"url": name, "valueBoolean": value}
    if isinstance(value, Enum):
        return {"url": name, "valueCode": value.value}
    if isinstance(value, int):
        return {"url": name, "valueInteger": value}
    if isinstance(value, float):
        return {"url": name, "valueDecimal": value}
    if isinstance(value, dt.date):
        return {"url": name, "valueDate": value.isoformat()}
    if isinstance(value, str):
        return {"url": name, "valueString": value}
    raise TypeError(f"{name}: cannot carry a {type(value).__name__} in an extension")


def _decode_value(ext: dict[str, Any], inner: Any) -> Any:
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return decode(ext.get("extension", []), inner)
    for key, value in ext.items():
        if key.startswith("value"):
            return value
    return None


@cache
def field_shape(model: type[BaseModel], name: str) -> tuple[bool, Any]:
    """(is a list, element or value type) of one field of a model."""
    return _shape(model.model_fields[name].annotation)


def _shape(annotation: Any) -> tuple[bool, Any]:
    """(is a list, element or value type) of a field annotation, with Optional and Annotated removed."""
    annotation = _unwrap(annotation)
    if typing.get_origin(annotation) is tuple:
        args = typing.get_args(annotation)
        return True, _unwrap(args[0]) if args else Any
    return False, annotation


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation
