"""Reads shared by the measures of one page (or one document): many counts come from the same records — the
eleven 企业诉求 counts from one year's appeals, the five 四率 from one survey year's above-scale enterprises —
so a read that several measures make is made once while ``sharing()`` is open, and made afresh by the next
page. Nothing is kept beyond the block: a record saved between two pages is always seen.

    with sharing():
        rows = [m.compute(period, scope) for m in measures]

A function is shared by decorating it with ``@shared``; its arguments must be hashable (periods, scopes,
dates and Django ``Q`` objects are) and what it returns is read, never changed, by its callers."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")
_MEMO: ContextVar[dict | None] = ContextVar("kegong_measure_memo", default=None)


def active() -> bool:
    """Whether a ``sharing()`` block is open (a read made for many scopes at once is then worth making)."""
    return _MEMO.get() is not None


@contextlib.contextmanager
def sharing() -> Iterator[None]:
    """Share the ``@shared`` reads made inside the block (nested blocks share the outer one's)."""
    if _MEMO.get() is not None:
        yield
        return
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def shared(fn: Callable[..., T]) -> Callable[..., T]:
    @functools.wraps(fn)
    def wrapper(*args, **kwargs) -> T:
        memo = _MEMO.get()
        if memo is None:
            return fn(*args, **kwargs)
        key = (fn.__module__, fn.__qualname__, args, tuple(sorted(kwargs.items())))
        try:
            hash(key)
        except TypeError:  # an unhashable argument: read it unshared
            return fn(*args, **kwargs)
        if key not in memo:
            memo[key] = fn(*args, **kwargs)
        return memo[key]

    return wrapper


@shared
def has_records(model) -> bool:
    """Whether a ledger holds any record (a count of an empty ledger is unknown, not 0)."""
    return model.objects.exists()
