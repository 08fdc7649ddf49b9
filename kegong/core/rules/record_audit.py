"""台账核对: the checks on what people enter into the ledgers, as a table of rules like the monthly figures'
(kegong.core.stats.audit: H01… / S01…). Codes here are R01… so they never collide with those.

The counts and amounts the documents use are measures computed from ledger records
(kegong.measures.registry; names and units in kegong.core.catalogue.RECORD_COUNTS). Most of them are
consistent by construction (烧结 + 混凝土 = 正常生产; a cumulative is a sum of months that are never
negative), but records can still be entered or edited so that they are not: a producer stored with a kind
that is neither 烧结 nor 混凝土, a 5G site opened before it was built, a month's output re-entered lower
(the year's cumulative as published falls), a share computed outside 0–100 %.

Rule kinds (pure data; evaluated by kegong.core.stats.record_audit):

- ``PartsRule``: the whole equals the sum of its parts, month by month;
- ``NotFallingRule``: a cumulative count or amount of a year never falls from one month to the next, nor
  below what it was before an edit (a correction needs a note: soft);
- ``RangeRule``: a share lies in [lo, hi];
- ``NotAboveRule``: one measure never exceeds another (已开通 ≤ 已建成);
- ``RecordRule``: one ledger record at a time (a site's dates, a project's completed investment).

Source of the kinds: the 审核关系 (表内、表间逻辑审核) every 统计调查制度 of 国家统计局 states for its forms —
总计 = 各分项之和, 本年累计 ≥ 上月累计, 比重在 0–100% — applied to the ledgers' measures.
"""

from __future__ import annotations

from dataclasses import dataclass

from kegong.core.stats.audit import Severity

SOURCE = "国家统计局统计调查制度“审核关系”（表内逻辑审核：总计等于分项之和、本年累计不小于上月累计、比重介于0～100%）"


@dataclass(frozen=True)
class PartsRule:
    code: str
    whole: str
    parts: tuple[str, ...]
    severity: Severity = Severity.HARD
    title: str = ""
    source: str = SOURCE

    @property
    def measures(self) -> tuple[str, ...]:
        return (self.whole, *self.parts)


@dataclass(frozen=True)
class NotFallingRule:
    code: str
    codes: tuple[str, ...]
    severity: Severity = Severity.SOFT
    title: str = ""
    source: str = SOURCE

    @property
    def measures(self) -> tuple[str, ...]:
        return self.codes


@dataclass(frozen=True)
class RangeRule:
    code: str
    codes: tuple[str, ...]
    lo: float = 0.0
    hi: float = 100.0
    severity: Severity = Severity.HARD
    title: str = ""
    source: str = SOURCE

    @property
    def measures(self) -> tuple[str, ...]:
        return self.codes


@dataclass(frozen=True)
class NotAboveRule:
    """``lower`` ≤ ``upper`` at every month (both in the same unit)."""

    code: str
    lower: str
    upper: str
    severity: Severity = Severity.HARD
    title: str = ""
    source: str = SOURCE

    @property
    def measures(self) -> tuple[str, ...]:
        return (self.lower, self.upper)


@dataclass(frozen=True)
class RecordRule:
    """A check on one record of ``ledger`` (its slug); ``check`` names the pure check
    (kegong.core.stats.record_audit.RECORD_CHECKS); ``measures`` are the counts the record feeds."""

    code: str
    ledger: str
    check: str
    measures: tuple[str, ...]
    severity: Severity = Severity.HARD
    title: str = ""
    source: str = "台账字段的含义（见各台账的表头与 kegong 的模型说明）"


MeasureRule = PartsRule | NotFallingRule | RangeRule | NotAboveRule
HARD, SOFT = Severity.HARD, Severity.SOFT

CUMULATIVE = ("g5_done_sites", "g5_open_sites", "g5_done_investment", "wall_sintered_output",
              "wall_concrete_output", "wall_land_saved", "wall_energy_saved", "wall_waste_used",
              "zone_done_investment")
SHARES = ("it_broadband_share", "it_lan_share", "it_ecommerce_share", "it_website_share")

MEASURE_RULES: tuple[MeasureRule, ...] = (
    PartsRule("R01", whole="wall_enterprises", parts=("wall_sintered_enterprises", "wall_concrete_enterprises"),
              severity=HARD, title="正常生产墙材企业数不等于烧结与混凝土企业数之和"),
    NotFallingRule("R02", codes=CUMULATIVE, severity=SOFT,
                   title="年内累计数回落（较上月减少，或修改后低于修改前），须填写更正说明"),
    RangeRule("R03", codes=SHARES, lo=0, hi=100, severity=HARD, title="比重不在 0～100% 之间"),
    NotAboveRule("R04", lower="g5_open_sites", upper="g5_done_sites", severity=HARD,
                 title="5G站点已开通数大于累计建成数"),
    NotAboveRule("R05", lower="zone_done_investment", upper="zone_total_investment", severity=SOFT,
                 title="示范区累计完成投资超过项目总投资"),
)

RECORD_RULES: tuple[RecordRule, ...] = (
    RecordRule("R11", "g5-sites", "opened_before_built", ("g5_done_sites", "g5_open_sites"), HARD,
               "5G站点开通日期早于建成日期"),
    RecordRule("R12", "g5-sites", "status_without_date", ("g5_done_sites", "g5_open_sites"), HARD,
               "5G站点状态为建成或开通，但缺建成日期或开通日期（不计入累计数）"),
    RecordRule("R13", "g5-sites", "date_without_status", ("g5_open_sites",), SOFT,
               "5G站点已填开通日期，但状态不是开通（不计入已开通数）"),
    RecordRule("R21", "projects", "done_over_total", ("zone_done_investment",), SOFT,
               "项目累计完成投资超过其总投资"),
    RecordRule("R31", "wall-outputs", "negative_output", ("wall_sintered_output", "wall_concrete_output"), HARD,
               "墙材月产量为负数"),
    RecordRule("R32", "wall-outputs", "output_while_stopped", ("wall_sintered_output", "wall_concrete_output"),
               SOFT, "停产或关停的墙材企业报有产量"),
    RecordRule("R33", "wall-producers", "unknown_kind",
               ("wall_enterprises", "wall_sintered_enterprises", "wall_concrete_enterprises"), HARD,
               "墙材企业的类别既不是烧结也不是混凝土（计入正常生产企业数，但不计入任何一类）"),
)

RULES = (*MEASURE_RULES, *RECORD_RULES)
RULES_BY_CODE = {r.code: r for r in RULES}


def measure_codes(rules=MEASURE_RULES) -> tuple[str, ...]:
    """Every measure the measure rules read, in table order, each once."""
    return tuple(dict.fromkeys(c for r in rules for c in r.measures))


def rules_touching(codes) -> list:
    """The rules (measure and record) that read any of ``codes``."""
    wanted = set(codes)
    return [r for r in RULES if wanted & set(r.measures)]
