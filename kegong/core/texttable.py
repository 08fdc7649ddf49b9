"""Plain-text tables for the terminal that line up with Chinese text (full-width characters count two).

Numbers in the cells are formatted by :mod:`kegong.core.numbers` (``fmt``, ``fmt_pct``)."""

from __future__ import annotations

import unicodedata
from collections.abc import Container, Sequence


def display_width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def text_table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, right: Container[int] = (),
               rule: bool = True, indent: str = "") -> str:
    """Columns padded to their widest cell; columns in ``right`` are right-aligned (numbers)."""
    cells = [[str(c) for c in headers], *([str(c) for c in r] for r in rows)]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        out = []
        for i, c in enumerate(row):
            pad = " " * (widths[i] - display_width(c))
            out.append(pad + c if i in right else c + pad)
        return (indent + "  ".join(out)).rstrip()

    lines = [line(cells[0])]
    if rule:
        lines.append(line(["-" * w for w in widths]))
    lines += [line(r) for r in cells[1:]]
    return "\n".join(lines)
