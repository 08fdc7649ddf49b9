"""Problems found while reading a file: where they are (file, sheet, row, column) and what is wrong.

A *hard error* stops the whole import (nothing is written); a *finding* is reported and the import goes on.
Every message is Chinese and names the place, the value and what was expected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from kegong.core.errors import KegongError
from kegong.readers.cells import NotANumber, parse_number


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    s = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


@dataclass(frozen=True)
class Loc:
    """A place in a file. ``row`` is the 1-based sheet row, ``col`` the 0-based column index."""

    file: str
    sheet: str | None = None
    row: int | None = None
    col: int | None = None
    header: str | None = None

    def at(self, row: int | None = None, col: int | None = None, header: str | None = None) -> Loc:
        return Loc(self.file, self.sheet, row if row is not None else self.row,
                   col if col is not None else self.col, header if header is not None else self.header)

    def __str__(self) -> str:
        parts = [f"文件 {self.file}"]
        if self.sheet:
            parts.append(f"工作表 {self.sheet}")
        if self.row is not None:
            parts.append(f"第 {self.row} 行")
        if self.col is not None:
            parts.append(f"{column_letter(self.col)} 列" + (f"（{self.header}）" if self.header else ""))
        elif self.header:
            parts.append(f"“{self.header}”列")
        return " ".join(parts)


@dataclass(frozen=True)
class Issue:
    loc: Loc
    message: str

    def __str__(self) -> str:
        return f"{self.loc}：{self.message}"


class IngestError(KegongError):
    """One or more hard errors: the file (or the whole import) is refused and nothing is written."""

    def __init__(self, issues: list[Issue] | Issue | str, columns: Sequence[object] = ()):
        if isinstance(issues, str):
            issues = [Issue(Loc(""), issues)]
        elif isinstance(issues, Issue):
            issues = [issues]
        self.issues = list(issues)
        self.columns = list(columns)  # kegong.readers.mapping.SheetColumns of sheets with unplaced columns
        super().__init__("\n".join(self.lines()))

    def __reduce__(self):
        return (type(self), (self.issues, self.columns))

    def lines(self) -> list[str]:
        return [str(i) if i.loc.file else i.message for i in self.issues]


def fail(loc: Loc, message: str) -> IngestError:
    return IngestError([Issue(loc, message)])


class Collector:
    """Collects every hard error of a file so that they can all be shown at once."""

    def __init__(self, limit: int = 500):
        self.issues: list[Issue] = []
        self.limit = limit
        self.dropped = 0

    def add(self, loc: Loc, message: str) -> None:
        if len(self.issues) < self.limit:
            self.issues.append(Issue(loc, message))
        else:
            self.dropped += 1

    def __bool__(self) -> bool:
        return bool(self.issues)

    def number(self, loc: Loc, value: object, expected: str) -> tuple[bool, Decimal | None]:
        """A number cell: (True, the number or None when empty), or (False, None) with the error recorded
        in the one wording every reader uses — ``“12,3O5”不是数字，应为金额（单位：元）``."""
        try:
            return True, parse_number(value)
        except NotANumber as e:
            self.add(loc, f"{e}，应为{expected}")
            return False, None

    def raise_if_any(self) -> None:
        if self.issues:
            issues = list(self.issues)
            if self.dropped:
                issues.append(Issue(Loc(""), f"另有 {self.dropped} 处错误未列出"))
            raise IngestError(issues)
