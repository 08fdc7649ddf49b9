"""Locked months: every path that changes stored figures (an import or a manual entry through
``kegong.imports.writer.write_records``, a rollback) asks here first, inside its transaction, whether the
months it is about to change may change.

The figures app does not know why a month is locked; an app that locks months (``kegong.audit``: an
approved period) connects a receiver to :data:`figures_changing` that returns the Chinese reason, or None.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import Signal

from kegong.core.errors import DataError

# sent with ``months``: a frozenset of (year, month) about to change; a receiver returns a message or None
figures_changing = Signal()


class PeriodLocked(DataError):
    """Figures of a locked month were about to change; the message names the period (Chinese)."""


def check_writable(months: Iterable[tuple[int, int]], error: type[Exception] = PeriodLocked) -> None:
    """Raise ``error`` with every receiver's reason when any of ``months`` may not change."""
    wanted = frozenset((int(y), int(m)) for y, m in months)
    if not wanted:
        return
    reasons = [r for _receiver, r in figures_changing.send(sender=None, months=wanted) if r]
    if reasons:
        raise error("；".join(reasons))
