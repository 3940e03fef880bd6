"""Frozen slotted dataclasses that are quick to build.

A frozen dataclass refuses plain assignment, so its generated `__init__` stores every field through
`object.__setattr__`, which looks the slot up by name each time. An assessment builds a few hundred findings
and their reasons per case, and that lookup was about a sixth of the time of `assess`. `quick_init` gives such
a class an `__init__` with the same signature and defaults that stores each field through its slot's own
descriptor, found once. Nothing else changes: the class stays frozen (assignment still raises
FrozenInstanceError), `__post_init__` still runs, equality, hashing and repr are the dataclass's own.
"""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any, TypeVar

T = TypeVar("T")
_UNSET: Any = object()  # marks a field with a default factory that the caller left out


def quick_init(cls: type[T]) -> type[T]:
    """Replace the generated `__init__` of a frozen, slotted dataclass (apply above `@dataclass`)."""
    params = getattr(cls, "__dataclass_params__", None)
    if params is None or not params.frozen or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__}: quick_init is for frozen dataclasses with slots=True")
    namespace: dict[str, Any] = {"_UNSET": _UNSET}
    arguments: list[str] = []
    stores: list[str] = []
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        if not field.init or field.kw_only:
            raise TypeError(f"{cls.__name__}.{field.name}: quick_init keeps only plain init fields")
        name = field.name
        namespace[f"_set_{name}"] = cls.__dict__[name].__set__
        value = name
        if field.default is not dataclasses.MISSING:
            namespace[f"_default_{name}"] = field.default
            name = f"{name}=_default_{name}"
        elif field.default_factory is not dataclasses.MISSING:
            namespace[f"_factory_{name}"] = field.default_factory
            value = f"_factory_{name}() if {name} is _UNSET else {name}"
            name = f"{name}=_UNSET"
        arguments.append(name)
        stores.append(f"    _set_{field.name}(self, {value})")
    if hasattr(cls, "__post_init__"):
        stores.append("    self.__post_init__()")
    source = f"def __init__(self, {', '.join(arguments)}):\n" + "\n".join(stores or ["    pass"])
    exec(source, namespace)  # noqa: S102 - built from the field names of the class, as dataclasses does
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    init.__signature__ = inspect.signature(cls.__init__)
    cls.__init__ = init  # type: ignore[method-assign]
    return cls
