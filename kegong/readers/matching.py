"""Matching a name (a power account's 户名, a project's enterprise) to an enterprise: the same company is
written with full- or half-width brackets, spaces, 有限责任公司 for 有限公司, or under a former name; a power
account's 户名 often carries a meter label after the company's name (``（一期）``, ``一分厂``, ``2号车间``).

Only a unique match counts: a name two enterprises could carry is ambiguous and stays unmatched."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# a meter label after a company's name: 一期, 二分厂, 3号车间, 1#表, 第二厂区 (分公司 is a firm of its own)
_METER = re.compile(r"(.+?(?:公司|厂))(第?[0-9一二三四五六七八九十]+(?:#|号)?(?:期|分厂|车间|厂区|表|线|变|号表|号变)|"
                    r"[0-9]+#)")


def name_keys(name: str) -> tuple[str, str]:
    """Two keys of a name: brackets dropped (content kept), and brackets dropped with their content."""
    s = unicodedata.normalize("NFKC", name or "")
    s = re.sub(r"[\s\u3000]+", "", s)
    s = s.replace("有限责任公司", "有限公司").replace("股份有限公司", "股份公司")
    s = s.replace("【", "(").replace("】", ")").replace("[", "(").replace("]", ")").replace("〔", "(").replace("〕", ")")
    without = re.sub(r"\([^()]*\)", "", s)
    plain = s.replace("(", "").replace(")", "")
    return plain, without.replace("(", "").replace(")", "")


def meter_base(key: str) -> str:
    """A name key without a trailing meter label: '湖南甲建材有限公司一分厂' → '湖南甲建材有限公司'; the key itself
    when it has none."""
    m = _METER.fullmatch(key)
    return m[1] if m else key


class NameIndex:
    """Enterprise names and aliases → credit codes."""

    def __init__(self, entries: Iterable[tuple[str, Iterable[str]]]):
        self.full: dict[str, set[str]] = {}
        self.short: dict[str, set[str]] = {}
        self.base: dict[str, set[str]] = {}  # every name on a company's name, its meter labels dropped
        for uscc, names in entries:
            for n in names:
                if not n:
                    continue
                a, b = name_keys(n)
                self.full.setdefault(a, set()).add(uscc)
                if b:
                    self.short.setdefault(b, set()).add(uscc)
                    self.base.setdefault(meter_base(b), set()).add(uscc)

    def match(self, name: str) -> tuple[str | None, list[str]]:
        """(the one credit code, []) on a unique match; (None, candidates) when ambiguous or unknown."""
        a, b = name_keys(name)
        for table, key in ((self.full, a), (self.short, b), (self.full, b), (self.short, a)):
            hits = table.get(key, set())
            if len(hits) == 1:
                return next(iter(hits)), []
            if len(hits) > 1:
                return None, sorted(hits)
        return self._by_meter_base(b)

    def _by_meter_base(self, key: str) -> tuple[str | None, list[str]]:
        """A meter's 户名 ('…有限公司一分厂') matched to the company it names, when that company is the only
        enterprise on that name (none other registered as '…有限公司二分厂' or the like)."""
        base = meter_base(key)
        if base == key:
            return None, []
        plain, every = self.short.get(base, set()), self.base.get(base, set())
        if len(every) == 1 and plain == every:
            return next(iter(every)), []
        return None, sorted(every) if len(every) > 1 else []
