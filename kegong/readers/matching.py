"""Matching a name (a power account's 户名, a project's enterprise) to an enterprise: the same company is
written with full- or half-width brackets, spaces, 有限责任公司 for 有限公司, or under a former name."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


def name_keys(name: str) -> tuple[str, str]:
    """Two keys of a name: brackets dropped (content kept), and brackets dropped with their content."""
    s = unicodedata.normalize("NFKC", name or "")
    s = re.sub(r"[\s\u3000]+", "", s)
    s = s.replace("有限责任公司", "有限公司").replace("股份有限公司", "股份公司")
    s = s.replace("【", "(").replace("】", ")").replace("[", "(").replace("]", ")").replace("〔", "(").replace("〕", ")")
    without = re.sub(r"\([^()]*\)", "", s)
    plain = s.replace("(", "").replace(")", "")
    return plain, without.replace("(", "").replace(")", "")


class NameIndex:
    """Enterprise names and aliases → credit codes."""

    def __init__(self, entries: Iterable[tuple[str, Iterable[str]]]):
        self.full: dict[str, set[str]] = {}
        self.short: dict[str, set[str]] = {}
        for uscc, names in entries:
            for n in names:
                if not n:
                    continue
                a, b = name_keys(n)
                self.full.setdefault(a, set()).add(uscc)
                if b:
                    self.short.setdefault(b, set()).add(uscc)

    def match(self, name: str) -> tuple[str | None, list[str]]:
        """(the one credit code, []) on a unique match; (None, candidates) when ambiguous or unknown."""
        a, b = name_keys(name)
        for table, key in ((self.full, a), (self.short, b), (self.full, b), (self.short, a)):
            hits = table.get(key, set())
            if len(hits) == 1:
                return next(iter(hits)), []
            if len(hits) > 1:
                return None, sorted(hits)
        return None, []
