"""`cached_property` without the lock of functools' (Python 3.11).

The per-case contexts (`PlanContext`, the differential's `Record`) work each derived fact out once, on first
use. functools.cached_property takes a lock on every first use, which was about 1% of the time of `assess`;
these objects live within one call of `assess` on one thread, so the lock buys nothing (Python 3.12 dropped it).
The catalogue's options, shared by all threads, hold only pure values: two threads computing one at once
compute the same thing, and either result may stay.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")


class cached_property(Generic[T]):
    """Compute on first access, then store in the instance's __dict__, where later reads find it first."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> cached_property[T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> T | cached_property[T]:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value
