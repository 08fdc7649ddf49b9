"""Numbers as kegong shows them: one rounding rule and one formatter for the CLI, the web pages and the documents.

Statistical publications round half up (四舍五入), never to even, and they round the number as it is written:
a float is taken through its shortest repr, so ``2.675`` (stored as 2.67499…) is 2.675 and shows as ``2.68``;
``12.25`` at one decimal is ``12.3``, ``0.005`` at two is ``0.01``, ``-0.05`` at one is ``-0.1``. A figure that
rounds to zero is ``0.0``, never ``-0.0``. Signs are ASCII (``-1.2``, ``+1.2``); a zero carries no sign.
A figure that does not exist (None, NaN, ±inf) shows as :data:`NO_FIGURE` (—).

Pure: no Django, no numpy (numpy floats are floats).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from kegong.core.errors import InputError

Number = int | float | Decimal

NO_FIGURE = "—"


def to_decimal(value: Number | str | None) -> Decimal | None:
    """A Decimal of the number as written (a float via its shortest repr); None for None, NaN and ±inf."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        d = value
    else:
        try:
            d = Decimal(str(value).strip())
        except InvalidOperation:
            raise InputError(f"不是数字：{value!r}") from None
    return d if d.is_finite() else None


FLOAT_NOISE = 9  # a float result is first taken to this many decimals: 1.2499999999999956 is 1.25


def rounded(value: Number | str | None, nd: int = 2) -> Decimal | None:
    """``value`` rounded half up to ``nd`` decimals, as a Decimal with exactly ``nd`` places (−0 becomes 0).

    A float is a computed figure (a growth rate worked out in binary): its last bits are noise, so it is taken
    to ``FLOAT_NOISE`` decimals before the half-up rounding — (40500 / 40000 − 1) × 100 prints 1.3, as
    1.25 does. A Decimal or text is rounded as it is written."""
    d = to_decimal(value)
    if d is None:
        return None
    if isinstance(value, float) and nd < FLOAT_NOISE:
        d = d.quantize(Decimal(1).scaleb(-FLOAT_NOISE), context=Context(prec=max(28, d.adjusted() + FLOAT_NOISE + 3)))
    ctx = Context(prec=max(28, d.adjusted() + nd + 3), rounding=ROUND_HALF_UP)
    r = d.quantize(Decimal(1).scaleb(-nd), context=ctx)
    return r.copy_abs() if r.is_zero() else r


def round_half_up(value: Number | str | None, nd: int = 2) -> float | None:
    """The rounded figure as a float, for JSON and chart data: ``round_half_up(2.675, 2) == 2.68``."""
    r = rounded(value, nd)
    return None if r is None else float(r)


def fmt(value: Number | str | None, nd: int = 2, *, grouping: bool = True) -> str:
    """``1,234.50`` (``grouping=False``: ``1234.50``); ``—`` for a figure that does not exist."""
    r = rounded(value, nd)
    if r is None:
        return NO_FIGURE
    return f"{r:,.{nd}f}" if grouping else f"{r:.{nd}f}"


def fmt_signed(value: Number | str | None, nd: int = 1, suffix: str = "", *, grouping: bool = False) -> str:
    """A change with its sign: ``+1.2``, ``-0.8``, ``0.0`` (zero unsigned); ``—`` for none."""
    r = rounded(value, nd)
    if r is None:
        return NO_FIGURE
    text = f"{r:,.{nd}f}" if grouping else f"{r:.{nd}f}"
    return f"{'+' if r > 0 else ''}{text}{suffix}"


def fmt_pct(value: Number | str | None, nd: int = 1) -> str:
    """A signed rate in percent: ``+1.2%``, ``-3.1%``, ``0.0%``; ``—`` for none."""
    return fmt_signed(value, nd, "%")


def fmt_plain(value: Number | str | None, max_nd: int = 2, *, grouping: bool = False) -> str:
    """A number without trailing zeros, as a target is written: ``8``, ``8.5``, ``1.25``; ``—`` for none."""
    r = rounded(value, max_nd)
    if r is None:
        return NO_FIGURE
    text = f"{r:,.{max_nd}f}" if grouping else f"{r:.{max_nd}f}"
    if max_nd > 0:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
