"""Scopes (what to add up), enterprise attributes as integer group codes, and the core's error type.

Plain data, no Django: the statistical core and its callers share these. ``kegong.core.stats.panel`` re-exports
them, so ``from kegong.core.stats.panel import Scope`` works too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from kegong.core.errors import DataError

ATTRIBUTES: tuple[str, ...] = ("section", "division", "town", "park", "chain")
# Scope kind -> enterprise attribute it selects on.
SCOPE_ATTRIBUTE: dict[str, str] = {"industry": "section", "division": "division", "town": "town",
                                   "park": "park", "chain": "chain"}
SCOPE_KINDS: tuple[str, ...] = ("all", *SCOPE_ATTRIBUTE, "enterprise", "enterprises")
SCOPE_NAMES = {"industry": "行业门类", "division": "行业大类", "town": "乡镇（街道）", "park": "园区",
               "chain": "产业链"}


class StatsError(DataError):
    """A request the statistical core cannot answer (unknown scope, indicator, period); Chinese message."""


# --- enterprises and groupings -------------------------------------------------------------------------
@dataclass(frozen=True)
class EnterpriseInfo:
    """What the core needs to know about an enterprise. ``id`` is the credit code (USCC)."""

    id: str
    name: str
    section: str
    division: str
    town: str
    park: str = ""
    chain: str = ""


@dataclass(frozen=True, eq=False)
class Grouping:
    """An enterprise attribute as integer codes: ``labels[codes[e]]`` is enterprise ``e``'s value."""

    codes: np.ndarray  # int32, one per enterprise
    labels: tuple[str, ...]

    @classmethod
    def from_values(cls, values: Sequence[str]) -> Grouping:
        labels, codes = np.unique(np.asarray(values, dtype=object).astype(str), return_inverse=True)
        return cls(codes=codes.astype(np.int32).reshape(-1), labels=tuple(str(s) for s in labels))

    def code_of(self, label: str) -> int | None:
        try:
            return self.labels.index(label)
        except ValueError:
            return None

    def onehot(self, dtype=np.float64) -> np.ndarray:
        """(n_labels, n_enterprises) membership matrix."""
        m = np.zeros((len(self.labels), self.codes.size), dtype=dtype)
        m[self.codes, np.arange(self.codes.size)] = 1
        return m


# --- scopes --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scope:
    """What to add up. ``str(scope)`` is the CLI spelling (``industry:B``); :meth:`parse` reads it back."""

    kind: str
    key: str = ""
    members: tuple[str, ...] = field(default=(), compare=True)

    def __post_init__(self) -> None:
        if self.kind not in SCOPE_KINDS:
            raise StatsError(f"范围类型“{self.kind}”无效（可用：{'、'.join(SCOPE_KINDS)}）")
        if self.kind == "enterprises" and not self.members:
            object.__setattr__(self, "members", tuple(s for s in self.key.split(",") if s))
        # park:"" and chain:"" are the enterprises outside any park / chain (parts of a partition).
        if not self.key and self.kind in ("industry", "division", "town", "enterprise"):
            raise StatsError(f"范围“{self.kind}”需要指定名称，例如 {self.kind}:名称")

    @classmethod
    def county(cls) -> Scope:
        return cls("all")

    @classmethod
    def enterprise_list(cls, ids: Iterable[str]) -> Scope:
        ids = tuple(ids)
        return cls("enterprises", ",".join(ids), ids)

    @classmethod
    def parse(cls, text: str) -> Scope:
        s = text.strip()
        if s in ("all", "county", "全县"):
            return cls("all")
        kind, sep, key = s.partition(":")
        if not sep or kind not in SCOPE_KINDS or kind == "all":
            raise StatsError(f"无法识别的范围“{text}”，应为 all、industry:B、town:名称、park:名称、chain:名称 "
                             "或 enterprise:统一社会信用代码")
        key = key.strip()
        if kind in ("industry", "enterprise"):
            key = key.upper()  # section letters and credit codes are upper case
        if not key:
            raise StatsError(f"范围“{text}”缺少名称")
        return cls(kind, key)

    @property
    def by_scale(self) -> bool:
        """Whether membership is limited to enterprises above scale in the year (group scopes)."""
        return self.kind not in ("enterprise", "enterprises")

    def __str__(self) -> str:
        return "all" if self.kind == "all" else f"{self.kind}:{self.key}"
