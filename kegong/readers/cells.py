"""Cell values as spreadsheets deliver them: text normalisation and strict number parsing."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from kegong.core.codes.uscc import clean_uscc, validate_uscc
from kegong.core.errors import InputError

Cell = object  # str | int | float | bool | date | datetime | None

_DASHES = "-－—–―‐‑‒⁃﹣~～〜至"
_DASH_RE = re.compile(f"[{re.escape(_DASHES)}]+")
_SPACE_RE = re.compile(r"[\s\u3000\u00a0]+")
_EMPTY_MARKS = {"", "-", "--", "—", "——", "－", "/", "／", "\\", "…", "...", "nan", "None"}
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


@lru_cache(maxsize=1 << 16)
def _valid_code(code: str) -> str:
    return validate_uscc(code)


def read_uscc(raw: Cell) -> tuple[str, bool]:
    """(the valid credit code, whether it had to be cleaned — lowercase, full-width or spaces); raises
    USCCError. Validations are remembered: a workbook with a sheet per month repeats every code."""
    typed = text(raw)
    code = clean_uscc(typed)
    return _valid_code(code), code != typed


@dataclass
class Cleanups:
    """Cells of a sheet read after normalising them (a notice, not an error): how many and the first."""

    what: str
    count: int = 0
    example: str = ""

    def note(self, where: str, typed: str, clean: str) -> None:
        self.count += 1
        if not self.example:
            self.example = f"如{where}“{typed}”→“{clean}”"

    def finding(self, sheet_where: str) -> str | None:
        if not self.count:
            return None
        return f"{sheet_where}：{self.count} 个{self.what}含小写字母、全角字符或空格，已规范化后导入（{self.example}）"


class NotANumber(InputError):
    """The text of a cell that should hold a number; the message says what was expected."""


def text(value: Cell) -> str:
    """A cell as trimmed text ('' for empty); whole floats lose their '.0' (codes typed as numbers)."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value).strip()


def norm_label(value: Cell) -> str:
    """A header label reduced for matching: NFKC (全角→半角), no spaces, one kind of bracket and dash."""
    s = unicodedata.normalize("NFKC", text(value))
    s = _SPACE_RE.sub("", s)
    s = s.replace("[", "(").replace("]", ")").replace("【", "(").replace("】", ")")
    s = s.replace("〔", "(").replace("〕", ")")
    s = _DASH_RE.sub("-", s)
    return s


def strip_brackets(label: str) -> str:
    """'工业总产值(当年价格)(千元)' → '工业总产值'."""
    return re.sub(r"\([^()]*\)", "", label)


def bracket_contents(label: str) -> list[str]:
    return re.findall(r"\(([^()]*)\)", label)


def parse_number(value: Cell) -> Decimal | None:
    """A number from a cell: numbers as they are; text with thousands separators, full-width digits,
    a leading '−' or spaces accepted; empty, '-' and '—' mean no figure (None).
    Anything else ('12,3O5', '约100') raises NotANumber."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise NotANumber(f"“{value}”不是数字")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value:
            return None
        if value - value != 0:  # ±inf (a .xls cell can hold it): no figure a form can report
            raise NotANumber(f"“{value}”不是数字")
        return Decimal(repr(value)) if not value.is_integer() else Decimal(int(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        raise NotANumber(f"“{value.isoformat()}”是日期，不是数字")
    raw = str(value)
    s = unicodedata.normalize("NFKC", raw).strip()
    s = _SPACE_RE.sub("", s).replace("−", "-").replace("﹣", "-")
    if s in _EMPTY_MARKS:
        return None
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    if _PLAIN_NUMBER.fullmatch(s):
        pass
    elif _GROUPED_NUMBER.fullmatch(s):
        s = s.replace(",", "")
    else:
        raise NotANumber(f"“{raw.strip()}”不是数字")
    try:
        d = Decimal(s)
    except InvalidOperation as e:  # pragma: no cover - the regexes only let numbers through
        raise NotANumber(f"“{raw.strip()}”不是数字") from e
    return -d if negative else d


def is_blank(value: Cell) -> bool:
    return text(value) == ""


def fmt_decimal(d: Decimal) -> str:
    """A Decimal as people write it in a message: ``10750`` rather than ``10750.0000``."""
    return format(d.normalize(), "f") if d == d.to_integral_value() else format(d, "f")


_ORG_NAME = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff0-9A-Za-z()（）·\-]{0,39}")


def org_name_problem(name: str) -> str | None:
    """Why a town or park name cannot be one (a formula like “=1+1镇”, odd characters), or None."""
    s = unicodedata.normalize("NFKC", name).strip()
    if s[:1] in ("=", "+", "-", "@") or not _ORG_NAME.fullmatch(s):
        return f"“{name}”不是有效的名称（应以汉字开头，只含汉字、字母、数字和括号，不超过 40 字）"
    return None
