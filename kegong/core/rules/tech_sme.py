"""科技型中小企业评价 self-check: the size limits, the 100-point score and the direct routes, as data. Pure.

Source: 《科技型中小企业评价办法》（国科发政〔2017〕115号，科技部、财政部、国家税务总局 2017年5月印发）,
第六条 (conditions), 第七条 (the score) and 第八条 (直接确认), as restated without change in 《科技型中小企业
评价服务工作指引》（国科火字〔2022〕67号，科技部火炬中心 2022年）. The figures are the enterprise's last
accounting year's (上一会计年度), as the annual 评价 asks; money in 万元.

- 第六条（二）: 职工总数 ≤ 500 人, 年销售收入 ≤ 2 亿元, 资产总额 ≤ 2 亿元 (inclusive, :data:`SIZE_LIMITS`);
- 第七条: 科技人员 20 分 (:data:`TECH_STAFF_BANDS`), 研发投入 50 分 — the enterprise picks R&D ÷ sales
  (:data:`RD_SALES_BANDS`) or R&D ÷ 成本费用支出总额 (:data:`RD_COST_BANDS`), so the self-check takes the
  higher —, 科技成果 30 分 (:data:`IP_BANDS`: any Ⅰ类 → 30, else by the count of Ⅱ类);
- 第六条（五）: passes with 60 分 or more and a 科技人员 score that is not 0;
- 第八条: or directly (:data:`DIRECT`), with a valid 高新技术企业 certificate, a 国家级 S&T award in the last
  five years ranked in the first three 获奖单位, a recognised 省部级以上 R&D institution, or having led an
  international, national or industry standard in the last five years.

Not self-checked: 第六条（一）（三）（四） (居民企业, 非禁止限制淘汰类, no accident / 失信 record).

Every fact is optional (None: not known → 待补充). An item whose facts are partly known carries the range of
points it can still reach, so an enterprise already past 60 分 — or unable to reach it — is decided anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from kegong.core.errors import InputError
from kegong.core.rules.common import (
    FAIL,
    PASS,
    UNKNOWN,
    VERDICT_NAMES,
    Criterion,
    Finding,
    amount,
    count,
    finding,
    flag,
    overall,
    plain,
    ratio,
    show_amount,
    show_percent,
    show_threshold,
    unknown,
)

RULE = "《科技型中小企业评价办法》（国科发政〔2017〕115号，2017年）"
GUIDE = "《科技型中小企业评价服务工作指引》（国科火字〔2022〕67号，2022年）"
PASS_SCORE = 60


@dataclass(frozen=True)
class Band:
    """``points`` for a share from ``low`` % (inclusive) up to ``high`` % (exclusive; None: no upper)."""

    low: Decimal
    high: Decimal | None
    points: int
    source: str = f"{RULE}第七条"

    def holds(self, r: Fraction) -> bool:
        pct = r * 100
        return pct >= Fraction(self.low) and (self.high is None or pct < Fraction(self.high))

    @property
    def label(self) -> str:
        if self.high is None:
            return f"{show_threshold(self.low)}（含）以上"
        if self.low == 0:
            return f"{show_threshold(self.high)}以下"
        return f"{show_threshold(self.low)}（含）至 {show_threshold(self.high)}"


def _bands(*rows: tuple[int, int | None, int]) -> tuple[Band, ...]:
    return tuple(Band(Decimal(lo), None if hi is None else Decimal(hi), pts) for lo, hi, pts in rows)


TECH_STAFF_BANDS = _bands((30, None, 20), (25, 30, 16), (20, 25, 12), (15, 20, 8), (10, 15, 4), (0, 10, 0))
RD_SALES_BANDS = _bands((6, None, 50), (5, 6, 40), (4, 5, 30), (3, 4, 20), (2, 3, 10), (0, 2, 0))
RD_COST_BANDS = _bands((30, None, 50), (25, 30, 40), (20, 25, 30), (15, 20, 20), (10, 15, 10), (0, 10, 0))


@dataclass(frozen=True)
class IpBand:
    """``points`` for at least ``at_least`` items of 知识产权 of class ``kind`` (Ⅰ / Ⅱ; "": none)."""

    kind: str
    at_least: int
    points: int
    source: str = f"{RULE}第七条（三）"


IP_BANDS: tuple[IpBand, ...] = (
    IpBand("Ⅰ", 1, 30), IpBand("Ⅱ", 4, 24), IpBand("Ⅱ", 3, 18), IpBand("Ⅱ", 2, 12), IpBand("Ⅱ", 1, 6), IpBand("", 0, 0),
)


@dataclass(frozen=True)
class Limit:
    code: str
    name: str
    maximum: Decimal  # inclusive
    unit: str
    source: str = f"{RULE}第六条（二）"


SIZE_LIMITS: tuple[Limit, ...] = (
    Limit("staff", "职工总数", Decimal(500), "人"),
    Limit("sales", "年销售收入", Decimal(20000), "万元"),
    Limit("total_assets", "资产总额", Decimal(20000), "万元"),
)

DIRECT: tuple[Criterion, ...] = (
    Criterion("high_tech_certificate", "有效期内高新技术企业资格证书", "企业拥有有效期内高新技术企业资格证书", f"{RULE}第八条（一）"),
    Criterion("national_award", "近五年国家级科技奖励（获奖单位前三名）",
              "企业近五年内获得过国家级科技奖励，并在获奖单位中排在前三名", f"{RULE}第八条（二）"),
    Criterion("provincial_rd_institution", "省部级以上研发机构", "企业拥有经认定的省部级以上研发机构", f"{RULE}第八条（三）"),
    Criterion("led_standard", "近五年主导制定国际、国家或行业标准",
              "企业近五年内主导制定过国际标准、国家标准或行业标准", f"{RULE}第八条（四）"),
)
SIZE = Criterion("size", "企业规模", "职工总数不超过 500 人、年销售收入不超过 2 亿元、资产总额不超过 2 亿元", f"{RULE}第六条（二）")
SCORED = Criterion("scored", "综合评价", "综合评价所得分值不低于 60 分，且科技人员指标得分不得为 0 分", f"{RULE}第六条（五）")
DIRECT_ROUTE = Criterion("direct", "直接确认", "符合第六条第（一）至（四）项条件，且符合第八条所列条件之一", f"{RULE}第八条")


@dataclass(frozen=True)
class TechSmeFacts:
    """An enterprise's last accounting year, as it says; every field optional (None: not known)."""

    staff: int | None = None
    tech_staff: int | None = None
    sales: Decimal | None = None
    total_assets: Decimal | None = None
    rd: Decimal | None = None
    total_cost: Decimal | None = None  # 成本费用支出总额
    ip_class1: int | None = None
    ip_class2: int | None = None
    high_tech_certificate: bool | None = None
    national_award: bool | None = None
    provincial_rd_institution: bool | None = None
    led_standard: bool | None = None

    def __post_init__(self) -> None:
        put = object.__setattr__
        for name, label in (("staff", "职工总数"), ("tech_staff", "科技人员数"), ("ip_class1", "Ⅰ类知识产权数"),
                            ("ip_class2", "Ⅱ类知识产权数")):
            put(self, name, count(getattr(self, name), label))
        for name, label in (("sales", "销售收入"), ("total_assets", "资产总额"), ("rd", "研发费用"),
                            ("total_cost", "成本费用支出总额")):
            put(self, name, amount(getattr(self, name), label))
        for c in DIRECT:
            put(self, c.code, flag(getattr(self, c.code), c.name))
        if self.staff is not None and self.tech_staff is not None and self.tech_staff > self.staff:
            raise InputError(f"科技人员数 {self.tech_staff} 人多于职工总数 {self.staff} 人")


@dataclass(frozen=True)
class ItemScore:
    """One item of the score: the points it has (``low == high``) or can still reach (``low``–``high``)."""

    code: str
    name: str
    full: int
    low: int
    high: int
    explanation: str
    missing: tuple[str, ...] = ()

    @property
    def points(self) -> int | None:
        return self.low if self.low == self.high else None

    @property
    def status_name(self) -> str:
        return "待补充" if self.points is None else f"{self.points} 分"


@dataclass(frozen=True)
class TechSmeResult:
    size: tuple[Finding, ...]
    scores: tuple[ItemScore, ...]
    scored: Finding
    direct: Finding
    status: str
    route: str  # "直通", "评分" or "" (not passed)
    explanation: str
    missing: tuple[str, ...] = ()  # what would decide a 待补充资料 verdict; empty once decided

    @property
    def total(self) -> int | None:
        low, high = sum(s.low for s in self.scores), sum(s.high for s in self.scores)
        return low if low == high else None

    @property
    def verdict_name(self) -> str:
        return VERDICT_NAMES[self.status]


def self_check(facts: TechSmeFacts) -> TechSmeResult:
    """The size limits, the three scores, both routes and the verdict for ``facts``."""
    size = tuple(check_limit(facts, lim) for lim in SIZE_LIMITS)
    scores = (score_tech_staff(facts), score_rd(facts), score_ip(facts))
    scored, direct = check_scored(scores), check_direct(facts)
    size_status = overall(f.status for f in size)
    qualify = PASS if PASS in (scored.status, direct.status) else FAIL if scored.status == direct.status == FAIL else UNKNOWN
    if size_status == FAIL or qualify == FAIL:
        status = FAIL
    else:
        status = PASS if size_status == qualify == PASS else UNKNOWN
    route = ("直通" if direct.status == PASS else "评分") if status == PASS else ""
    missing: tuple[str, ...] = ()
    if status == UNKNOWN:
        routes = () if qualify != UNKNOWN else (direct,) if scored.status == FAIL else (scored, direct)
        missing = tuple(dict.fromkeys(m for f in (*size, *routes) for m in f.missing))
    return TechSmeResult(size, scores, scored, direct, status, route,
                         _summary(status, route, size, scored, direct, missing), missing)


def _summary(status: str, route: str, size: tuple[Finding, ...], scored: Finding, direct: Finding,
             missing: tuple[str, ...]) -> str:
    if status == PASS:
        return f"规模符合；{direct.explanation if route == '直通' else scored.explanation}"
    if any(f.status == FAIL for f in size):
        return "规模超出：" + "；".join(f.explanation for f in size if f.status == FAIL)
    if status == FAIL:
        return f"{scored.explanation}；{direct.explanation}"
    if scored.status == FAIL:
        return f"{scored.explanation}；具备直接确认条件之一仍可确认，待补充：" + "、".join(missing)
    return "待补充：" + "、".join(missing)


def check_limit(f: TechSmeFacts, lim: Limit) -> Finding:
    c = Criterion(lim.code, lim.name, f"{lim.name}不超过 {plain(lim.maximum)} {lim.unit}", lim.source)
    value = getattr(f, lim.code)
    if value is None:
        return unknown(c, [lim.name])
    shown = show_amount(value) if lim.unit == "万元" else f"{value} {lim.unit}"
    limit = show_amount(lim.maximum) if lim.unit == "万元" else f"{plain(lim.maximum)} {lim.unit}"
    ok = value <= lim.maximum
    return finding(c, PASS if ok else FAIL, f"{lim.name} {shown}，{'未超过' if ok else '超过'} {limit}")


def band_for(bands: tuple[Band, ...], r: Fraction) -> Band:
    return next(b for b in bands if b.holds(r))


def score_tech_staff(f: TechSmeFacts) -> ItemScore:
    name, full = "科技人员", 20
    missing = [label for value, label in ((f.staff, "职工总数"), (f.tech_staff, "科技人员数")) if value is None]
    if missing:
        return ItemScore("tech_staff", name, full, 0, full, "缺少 " + "、".join(missing), tuple(missing))
    assert f.staff is not None and f.tech_staff is not None
    if f.staff == 0:
        return ItemScore("tech_staff", name, full, 0, 0, "职工总数为 0，得 0 分")
    r = ratio(f.tech_staff, f.staff)
    b = band_for(TECH_STAFF_BANDS, r)
    text = f"科技人员 {f.tech_staff} 人，占职工总数 {f.staff} 人的 {show_percent(r)}（{b.label}），得 {b.points} 分"
    return ItemScore("tech_staff", name, full, b.points, b.points, text)


def _rd_part(rd: Decimal, base: Decimal | None, label: str, bands: tuple[Band, ...]) -> tuple[int, int, str]:
    """(low, high, text) of one way of scoring R&D: against sales or against total cost."""
    if base is None:
        return 0, 50, f"缺少{label}"
    if base == 0:
        return 0, 0, f"{label}为 0，此项不得分"
    r = ratio(rd, base)
    b = band_for(bands, r)
    return b.points, b.points, f"占{label} {show_percent(r)}（{b.label}，{b.points} 分）"


def score_rd(f: TechSmeFacts) -> ItemScore:
    name, full = "研发投入", 50
    if f.rd is None:
        missing = ["研发费用"] + [label for v, label in ((f.sales, "年销售收入"), (f.total_cost, "成本费用支出总额"))
                                   if v is None]
        return ItemScore("rd", name, full, 0, full, "缺少 " + "、".join(missing), tuple(missing))
    parts = (_rd_part(f.rd, f.sales, "销售收入", RD_SALES_BANDS), _rd_part(f.rd, f.total_cost, "成本费用支出总额", RD_COST_BANDS))
    low, high = max(p[0] for p in parts), max(p[1] for p in parts)
    text = f"研发费用 {show_amount(f.rd)}，" + "，".join(p[2] for p in parts)
    if low == high:
        return ItemScore("rd", name, full, low, high, f"{text}；取高者，得 {low} 分")
    missing = tuple(label for v, label in ((f.sales, "年销售收入"), (f.total_cost, "成本费用支出总额")) if v is None)
    return ItemScore("rd", name, full, low, high, f"{text}；已得 {low} 分，补充后最多 {high} 分", missing)


def ip_points(class1: int, class2: int) -> int:
    """The points of :data:`IP_BANDS` for these counts of Ⅰ类 and Ⅱ类 知识产权."""
    have = {"Ⅰ": class1, "Ⅱ": class2, "": 0}
    return next(b.points for b in IP_BANDS if have[b.kind] >= b.at_least)


def score_ip(f: TechSmeFacts) -> ItemScore:
    name, full = "科技成果", 30
    c1, c2 = f.ip_class1, f.ip_class2
    if c1 is not None and c1 > 0:
        return ItemScore("ip", name, full, 30, 30, f"Ⅰ类知识产权 {c1} 项，得 30 分")
    if c1 is not None and c2 is not None:
        pts = ip_points(c1, c2)
        return ItemScore("ip", name, full, pts, pts, f"Ⅰ类知识产权 0 项，Ⅱ类知识产权 {c2} 项，得 {pts} 分")
    if c1 is not None:  # no Ⅰ类, Ⅱ类 not known
        return ItemScore("ip", name, full, 0, ip_points(0, 4), "Ⅰ类知识产权 0 项，缺少 Ⅱ类知识产权数", ("Ⅱ类知识产权数",))
    if c2 is not None:
        low = ip_points(0, c2)
        return ItemScore("ip", name, full, low, full, f"Ⅱ类知识产权 {c2} 项（{low} 分），缺少 Ⅰ类知识产权数", ("Ⅰ类知识产权数",))
    return ItemScore("ip", name, full, 0, full, "缺少 Ⅰ类知识产权数、Ⅱ类知识产权数", ("Ⅰ类知识产权数", "Ⅱ类知识产权数"))


def check_scored(scores: tuple[ItemScore, ...]) -> Finding:
    """第六条（五）: 60 分 or more and a 科技人员 score that is not 0 — decided on the ranges when it can be."""
    tech = scores[0]
    low, high = sum(s.low for s in scores), sum(s.high for s in scores)
    parts = "、".join(f"{s.name} {s.status_name}" for s in scores)
    if tech.points == 0:
        return finding(SCORED, FAIL, f"科技人员指标得 0 分（{tech.explanation}）")
    if high < PASS_SCORE:
        said = f"综合评价 {low} 分" if low == high else f"综合评价最多 {high} 分"
        return finding(SCORED, FAIL, f"{said}（{parts}），低于 {PASS_SCORE} 分")
    if low >= PASS_SCORE and tech.low > 0:
        said = f"综合评价 {low} 分" if low == high else f"已得 {low} 分"
        return finding(SCORED, PASS, f"{said}（{parts}），不低于 {PASS_SCORE} 分且科技人员指标不为 0 分")
    missing = [m for s in scores for m in s.missing]
    return finding(SCORED, UNKNOWN, f"已得 {low} 分，最多 {high} 分（{parts}）；缺少 " + "、".join(missing), missing)


def check_direct(f: TechSmeFacts) -> Finding:
    """第八条: any one condition known to hold passes; all known not to hold fails; else unknown."""
    held = [c.name for c in DIRECT if getattr(f, c.code) is True]
    if held:
        return finding(DIRECT_ROUTE, PASS, "具备直接确认条件：" + "、".join(held))
    missing = [f"{c.name}情况" for c in DIRECT if getattr(f, c.code) is None]
    if missing:
        return finding(DIRECT_ROUTE, UNKNOWN, "缺少 " + "、".join(missing), missing)
    return finding(DIRECT_ROUTE, FAIL, "不具备第八条所列直接确认条件")
