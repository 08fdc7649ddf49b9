"""Every figure slot of the seed's half-year summary, filled from what kegong keeps (issue 14's "done when").

``../shared/seed/half-year-work-summary.txt`` is a real 上半年工作总结 with every number blanked to ``x``. Below,
``SLOTS`` lists its sentences' figure slots one by one — the seed's words, where the figure comes from (the
statistical core, a ledger's measure, a published county figure or a target) and the phrase the document must
carry, computed here from those sources and not through kegong.reports. The summary is made twice from the
150-firm demo, as the bureau writes it: with June's data (``--period 2026-06``) and in early July before June's
figures exist (``--period 2026-05``: actual through 1-5月, 预计 1-6月, still titled 上半年). No period fact is
typed in (the briefing app holds none); every slot must be found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pytest
from docx import Document

from kegong.core.periods import Period
from kegong.reports import forecast_words as fw
from kegong.reports import phrasing as ph

pytestmark = pytest.mark.django_db

MODES = {"june": 6, "early-july": 5}  # the data's last month for each way of writing


@dataclass(frozen=True)
class Slot:
    key: str
    seed: str  # the seed's words around the slot
    source: str  # core | ledger | published | target
    expect: str  # the name of the function below giving the phrase the document must contain


# --- the expected phrases, from the core, the ledgers' measures, published figures and targets -----------
def _core(p: Period):
    from kegong.core.catalogue import INDICATORS
    from kegong.core.stats.forecast import county_points, forecast_cumulative
    from kegong.core.stats.indicators import county_checks, default_scopes, indicator_table
    from kegong.county.selectors import load_county_figures
    from kegong.figures.selectors import load_panel

    panel = load_panel(years=[2024, 2025, 2026])
    rows = indicator_table(panel, p, default_scopes(panel), INDICATORS)
    figures = load_county_figures([2025, 2026])
    va, _ = county_checks(panel, p, figures)
    forecasts = {}
    for code in ("gross_output", "industrial_investment", "renovation_investment", "rd_spend"):
        pts, cum, prior = county_points(panel, code, 2026, p.end)
        forecasts[code] = forecast_cumulative(pts, current_cumulative=cum, prior_cumulative=prior, level=0.8)
    return {"panel": panel, "by": {(r.scope, r.code): r for r in rows}, "va": va, "forecasts": forecasts,
            "figures": figures, "p": p}


def _said(f, unit="万元"):
    mape = f.next.backtest.get(f.next.model)
    style = fw.style(f.growth_low, f.growth_high, mape, f.next.fallback)
    return (fw.growth_said(f.growth, f.growth_low, f.growth_high, mape=mape, fallback=f.next.fallback),
            fw.amount_said(f.cumulative, f.cumulative_low, f.cumulative_high, unit, rate_style=style))


def _count(code: str, p: Period) -> str:
    """A ledger's count at the period's end, through its measure (what /measures/ shows)."""
    from kegong.core.catalogue import RECORD_COUNTS
    from kegong.core.stats.panel import Scope
    from kegong.measures.registry import MeasureData, measure
    from kegong.reports.views import fact_view

    v = measure(code).compute(p, Scope.county(), MeasureData(panel=None)).level
    assert v is not None, f"{code}: its ledger holds no record"
    return fact_view(RECORD_COUNTS[code], Decimal(str(v))).text


def _published(code: str, c) -> tuple[float, int]:
    """The latest published value of ``code`` up to the period's end: (value, month)."""
    for m in range(c["p"].end, 1, -1):
        if (code, 2026, m) in c["figures"]:
            return float(c["figures"][(code, 2026, m)][0]), m
    raise AssertionError(f"{code} not published")


def _g(c, code):
    return c["by"][("all", code)]


def _next(c) -> str:
    return "1-6月" if c["p"].end == 5 else "1-7月"


def e_output(c):
    r = _g(c, "gross_output")
    return f"全县{r.members}家规模工业企业实现总产值{ph.yi(r.cumulative)}亿元，{ph.growth(r.yoy_pct)}"


def e_value_added(c):
    return f"规模工业增加值{ph.growth(c['va'].official_pct)}"


def e_value_added_forecast(c):
    f, go = c["forecasts"]["gross_output"], _g(c, "gross_output").yoy_pct
    shift = c["va"].official_pct - go
    low, high = (None, None) if f.growth_low is None else (f.growth_low + shift, f.growth_high + shift)
    said = fw.growth_said(f.growth + shift, low, high, mape=f.next.backtest.get(f.next.model),
                          fallback=f.next.fallback)
    return f"预计{_next(c)}{said}"


def e_investment(c):
    r = _g(c, "industrial_investment")
    return f"完成投资{ph.yi(r.cumulative)}亿元，{ph.growth(r.yoy_pct, prefix='较上年同期')}"


def e_investment_pp(c):
    return ph.pp_change(_g(c, "industrial_investment").pp_change, against=f"1-{c['p'].end - 1}月", subject="增速")


def e_renovation(c):
    r = _g(c, "renovation_investment")
    return f"工业技改投资{ph.yi(r.cumulative)}亿元，{ph.growth(r.yoy_pct, prefix='较上年同期')}"


def e_investment_forecast(c):
    growth, amount = _said(c["forecasts"]["industrial_investment"])
    return f"预计{_next(c)}实现工业投资{amount}，{growth}"


def e_renovation_forecast(c):
    growth, amount = _said(c["forecasts"]["renovation_investment"])
    return f"技改投资{amount}，{growth}"


def e_electricity_total(c):
    value, m = _published("electricity_total", c)
    prior = float(c["figures"][("electricity_total", 2025, m)][0])
    return f"全社会用电量{ph.wan(value)}万千瓦时，{ph.growth(100 * (value / prior - 1), prefix='较上年同期')}"


def e_electricity(c):
    r = _g(c, "electricity")
    return (f"规模工业用电量{ph.wan(r.cumulative)}万千瓦时，{ph.growth(r.yoy_pct, prefix='较上年同期')}，"
            f"{ph.net_change(r.net_addition, '万千瓦时')}")


def e_tax(c):
    r = _g(c, "tax")
    return f"纳税总额{ph.wan(r.cumulative)}万元，{ph.growth(r.yoy_pct, prefix='较上年同期')}"


def _tax_of(section):
    def expect(c):
        r = c["by"][(f"industry:{section}", "tax")]
        return f"{r.scope_name}纳税{ph.wan(r.cumulative)}万元，{ph.growth(r.yoy_pct, prefix='较上年同期')}"
    return expect


e_tax_b, e_tax_c, e_tax_d = _tax_of("B"), _tax_of("C"), _tax_of("D")


def _new_and_ready(c) -> tuple[int, int]:
    from kegong.core.stats.cultivation import scale_up_candidates
    from kegong.enterprises.models import ScaleStatus

    new = ScaleStatus.objects.filter(year=2026, above_scale=True, entered_year=2026).count()
    ready = sum(1 for x in scale_up_candidates(c["panel"], 2026, c["p"].end) if x.gap <= 0)
    return new, ready


def e_new_enterprises(c):
    return f"新入规工业企业{_new_and_ready(c)[0]}家"


def e_new_enterprises_forecast(c):
    new, ready = _new_and_ready(c)
    return f"预计{_next(c)}新增{new + ready}家"


def _ledger(code, before="", after=""):
    def expect(c):
        return f"{before}{_count(code, c['p'])}{after}"
    return expect


e_rd_filing = _ledger("rd_filing_enterprises", "组织", "企业进行了研发资金备案")
e_rd_subsidy = _ledger("rd_subsidy_enterprises", "", "企业进行了研发财政奖补申报")
e_rd_amount = _ledger("rd_subsidy_amount", "申报资金共计")
e_platforms = _ledger("platform_applicants", "指导", "企业申报了市级科普基地")
e_tech_sme = _ledger("tech_sme", "组织", "企业成功申报科技型中小企业")
e_first_batch = _ledger("hightech_applicants", "第一批申报国家级高新技术企业的有")
e_stat_firms = _ledger("hightech_stat_enterprises", "纳入高新技术产业增加值统计的企业共")
e_high_tech = _ledger("high_tech_enterprises", "其中国家级高新技术企业")


def e_high_tech_value_added(c):
    value, m = _published("high_tech_value_added", c)
    word = {3: "一季度", 6: "上半年"}[m]
    growth = float(c["figures"][("high_tech_value_added_growth", 2026, m)][0])
    return f"{word}高新技术产业增加值完成{ph.yi(value)}亿元（统计上报），{ph.growth(growth)}（按可比价格计算）"


def _stat_ids(p: Period):
    """The statistics bureau's list for the latest quarter ended by the period (1-5月: 一季度's)."""
    from kegong.tech.models import HighTechStatEnterprise

    rows = HighTechStatEnterprise.objects.filter(year=2026, quarter__lte=p.end // 3)
    last = max(rows.values_list("quarter", flat=True))
    return list(rows.filter(quarter=last).values_list("enterprise__uscc", flat=True))


def _firm_sums(panel, ids, months):
    """The listed firms' output and prior at each month, over the firms reporting both at every month."""
    y, k = panel.year_index(2026), panel.indicator_index("gross_output")
    pos = [panel.enterprise_index(i) for i in ids if i in set(panel.ids)]
    out, ok = [], np.ones(len(pos), dtype=bool)
    for m in months:
        cur = np.where(panel.reported["cumulative"][y, k, m - 1, pos], panel.data["cumulative"][y, k, m - 1, pos],
                       np.nan)
        pri = np.where(panel.reported["prior_cumulative"][y, k, m - 1, pos],
                       panel.data["prior_cumulative"][y, k, m - 1, pos], np.nan)
        ok &= ~np.isnan(cur) & ~np.isnan(pri)
        out.append((cur, pri))
    return [(cur[ok].sum(), pri[ok].sum()) for cur, pri in out]


def e_high_tech_forecast(c):
    """Early July only (the half year's figure is not yet published): the listed firms' output carried."""
    if c["p"].end == 6:
        return ""  # 上半年 is published with June's data: nothing to forecast
    value, m = _published("high_tech_value_added", c)
    growth = float(c["figures"][("high_tech_value_added_growth", 2026, m)][0])
    ids = _stat_ids(c["p"])
    (b_cur, b_pri), (n_cur, n_pri) = _firm_sums(c["panel"], ids, (m, c["p"].end))
    f, go = c["forecasts"]["gross_output"], _g(c, "gross_output")
    n_cur_next = n_cur * f.cumulative / go.cumulative
    n_pct_next = 100 * (n_cur / n_pri - 1) + (f.growth - go.yoy_pct)
    g_next = growth + n_pct_next - 100 * (b_cur / b_pri - 1)
    return f"预计1-6月完成{ph.yi(value * n_cur_next / b_cur)}亿元左右，{ph.growth(g_next)}左右"


def e_rd(c):
    r = _g(c, "rd_spend")
    return f"完成研发投入{ph.yi(r.cumulative)}亿元，{ph.growth(r.yoy_pct)}"


def e_rd_forecast(c):
    growth, amount = _said(c["forecasts"]["rd_spend"])
    return f"预计{_next(c)}完成研发投入{amount}，{growth}"


e_lan = _ledger("it_lan_share", "", "的企业组建了企业内部局域网")
e_ecommerce = _ledger("it_ecommerce_share", "", "利用互联网开展电子商务")
e_website = _ledger("it_website_share", "", "建立了门户网站")
e_g5_plan_investment = _ledger("g5_plan_investment", "计划投资")
e_g5_plan_sites = _ledger("g5_plan_sites", "建设5G站点")
e_g5_done_investment = _ledger("g5_done_investment", "完成投资")
e_g5_done_sites = _ledger("g5_done_sites", "完成5G站点建设")
e_g5_open = _ledger("g5_open_sites", "已开通")
e_wall_firms = _ledger("wall_enterprises", "有", "墙材企业正常生产")
e_wall_sintered = _ledger("wall_sintered_enterprises", "烧结墙材企业")
e_wall_concrete = _ledger("wall_concrete_enterprises", "混凝土墙材企业")
e_wall_bricks = _ledger("wall_sintered_output", "烧结墙材生产总量约")
e_wall_blocks = _ledger("wall_concrete_output", "混凝土砖约")
e_wall_land = _ledger("wall_land_saved", "节约土地约")
e_wall_energy = _ledger("wall_energy_saved", "节约能源约")
e_wall_waste = _ledger("wall_waste_used", "利用工业废渣")
e_confidence = _ledger("sme_confidence_answers", "中小微企业信心指数调查问卷")
e_wall_applications = _ledger("wall_applications", "对我县", "墙材企业的产品")
e_zone_projects = _ledger("zone_projects", "计划实施项目")
e_zone_total = _ledger("zone_total_investment", "总投资")
e_zone_plan = _ledger("zone_plan_investment", "年度计划投资")
e_furniture_building = _ledger("furniture_building", "家居产业园在建企业")
e_furniture_operating = _ledger("furniture_operating", "竣工投产企业")
e_wind = _ledger("wind_farms", "已建成风电场")
e_solar = _ledger("solar_bases", "光伏基地")
e_capacity = _ledger("renewable_capacity", "装机容量")
e_wind_building = _ledger("wind_building_farms", "在建待建风电场")
e_wind_building_mw = _ledger("wind_building_capacity", "、")
e_solar_building = _ledger("solar_building_bases", "光伏基地")
e_solar_building_mw = _ledger("solar_building_capacity")


def e_problem_firms(c):
    return f"全县规模以上工业企业有{_g(c, 'gross_output').members}家，国家级高新技术企业只有" \
           f"{_count('high_tech_enterprises', c['p'])}"


def _target(code: str, words: str, digits: int | None):
    def expect(c):
        from kegong.core import numbers
        from kegong.targets.models import Target

        t = Target.objects.get(year=2026, code=code)
        shown = numbers.fmt_plain(t.value, 2) if digits is None else numbers.fmt(t.value, digits, grouping=False)
        return words.format(f"{shown}{t.unit}")
    return expect


e_goal_va = _target("value_added_growth", "全年规模工业增加值累计增长{}左右", None)
e_goal_ht_share = _target("high_tech_gdp_share", "全年高新技术产业增加值占GDP比重{}以上", 1)
e_goal_ht_new = _target("high_tech_new", "成功申报国家高新技术企业{}以上", 0)
e_goal_rd = _target("rd_gdp_share", "全年研发投入占GDP比重达到{}以上", 2)
e_goal_new = _target("new_above_scale", "全年新增规上工业企业{}以上", 0)


SLOTS: tuple[Slot, ...] = tuple(Slot(*row) for row in (
    ("output", "全县xxx家规模工业企业实现总产值xxx.xx亿元,同比增长xx.x%", "core", "e_output"),
    ("value_added", "实现规模工业增加值同比增长xx.x%", "published", "e_value_added"),
    ("value_added_forecast", "预计x-x月同比增长xx.x%", "core", "e_value_added_forecast"),
    ("investment", "实现工业投资xx亿元,较上年同期增长-xx.x%", "core", "e_investment"),
    ("investment_pp", "较上月收紧x个百分点", "core", "e_investment_pp"),
    ("renovation", "工业技改投资x.x亿元,较上年同期增长xx.x%", "core", "e_renovation"),
    ("investment_forecast", "预计x-x月实现工业投资xx亿元,同比回落xx.x%", "core", "e_investment_forecast"),
    ("renovation_forecast", "工业技改投资x.x亿元,同比增长x%", "core", "e_renovation_forecast"),
    ("electricity_total", "全县总用电量xxxxx.xx万千瓦,较上年同期增长xx.x%", "published", "e_electricity_total"),
    ("electricity", "工业用电量xxxxx.xx万千瓦,较上年同期增长xx.xx%,工业用电量净增xxxx.x万千瓦", "core",
     "e_electricity"),
    ("tax", "全县工业企业纳税总额xxxxx.xx万元,较上年同期增长xx.xx%", "core", "e_tax"),
    ("tax_mining", "采矿业纳税xxxx.xx万元,较上年同期增长xxx.x%", "core", "e_tax_b"),
    ("tax_manufacturing", "制造业纳税xxxx万元,较上年同期增长xx.xx%", "core", "e_tax_c"),
    ("tax_utilities", "电力、热力、燃气及水的生产和供应业纳税xxxx.x万元,较上年同期增长xx.xx%", "core", "e_tax_d"),
    ("new_enterprises", "全县新增规模以上工业企业x家", "core", "e_new_enterprises"),
    ("new_enterprises_forecast", "预计x-x月新增x家", "core", "e_new_enterprises_forecast"),
    ("rd_filing", "组织xx家企业进行了研发资金备案", "ledger", "e_rd_filing"),
    ("rd_subsidy", "xx家企业进行了研发财政奖补申报", "ledger", "e_rd_subsidy"),
    ("rd_subsidy_amount", "申报资金共计xxx余万元", "ledger", "e_rd_amount"),
    ("platforms", "指导x家企业申报了市级科普基地和市级技术研发中心", "ledger", "e_platforms"),
    ("tech_sme", "组织x家企业成功申报科技型中小企业", "ledger", "e_tech_sme"),
    ("first_batch", "第一批申报国家级高新技术企业的有x家", "ledger", "e_first_batch"),
    ("stat_firms", "纳入高新技术产业增加值统计的企业共xx家", "ledger", "e_stat_firms"),
    ("high_tech", "其中国家级高新技术企业xx家", "ledger", "e_high_tech"),
    ("high_tech_value_added", "一季度高新技术产业增加值完成xx.xx亿元(统计上报),同比增长x. x%", "published",
     "e_high_tech_value_added"),
    ("high_tech_forecast", "预计x-x月完成xx亿元,同比增长x%", "core", "e_high_tech_forecast"),
    ("rd", "x-x月完成研发投入x亿元,同比增长xx%", "core", "e_rd"),
    ("rd_forecast", "预计x-x月,完成研发投入x.x亿元,同比增长xx%", "core", "e_rd_forecast"),
    ("it_lan", "xx%的企业组建了企业内部局域网", "ledger", "e_lan"),
    ("it_ecommerce", "xx%以上利用互联网开展电子商务", "ledger", "e_ecommerce"),
    ("it_website", "xx%规模以上企业建立了门户网站", "ledger", "e_website"),
    ("g5_plan_investment", "xxxx年计划投资xxxx万元", "ledger", "e_g5_plan_investment"),
    ("g5_plan_sites", "完成xG站点建设xxx个", "ledger", "e_g5_plan_sites"),
    ("g5_done_investment", "截止到x月底,完成投资xxxx万元", "ledger", "e_g5_done_investment"),
    ("g5_done_sites", "完成xG站点建设xx个", "ledger", "e_g5_done_sites"),
    ("g5_open", "目前开通xx个", "ledger", "e_g5_open"),
    ("wall_firms", "只有x家墙材企业在正常生产", "ledger", "e_wall_firms"),
    ("wall_sintered", "烧结墙材企业x家", "ledger", "e_wall_sintered"),
    ("wall_concrete", "混凝土墙材企业x家", "ledger", "e_wall_concrete"),
    ("wall_bricks", "烧结墙材生产总量约x.xx亿块", "ledger", "e_wall_bricks"),
    ("wall_blocks", "混凝土砖约xxx万块", "ledger", "e_wall_blocks"),
    ("wall_land", "节约土地约xxx亩", "ledger", "e_wall_land"),
    ("wall_energy", "节约能源约x.xx万吨标煤", "ledger", "e_wall_energy"),
    ("wall_waste", "利用工业废渣x.xx万吨", "ledger", "e_wall_waste"),
    ("confidence", "完成了《x省中小微企业信心指数调查问卷》", "ledger", "e_confidence"),
    ("wall_applications", "等x家企业的产品进行新型墙体材料产品认定申请", "ledger", "e_wall_applications"),
    ("zone_projects", "xxxx年计划实施项目xx个", "ledger", "e_zone_projects"),
    ("zone_total", "总投资xxx.x亿元", "ledger", "e_zone_total"),
    ("zone_plan", "年度计划投资xx.xx亿元", "ledger", "e_zone_plan"),
    ("furniture_building", "家居产业园在建企业xx家", "ledger", "e_furniture_building"),
    ("furniture_operating", "竣工投产企业xx家", "ledger", "e_furniture_operating"),
    ("wind", "全县已建成风电场x个", "ledger", "e_wind"),
    ("solar", "光伏基地x个", "ledger", "e_solar"),
    ("capacity", "装机容量xx兆瓦", "ledger", "e_capacity"),
    ("wind_building", "在建待建风电场x个", "ledger", "e_wind_building"),
    ("wind_building_mw", "xxx兆瓦", "ledger", "e_wind_building_mw"),
    ("solar_building", "光伏基地x个", "ledger", "e_solar_building"),
    ("solar_building_mw", "xxx兆瓦", "ledger", "e_solar_building_mw"),
    ("problem_firms", "全县规模以上工业企业有xxx家,国家级高新技术企业只有xx家", "core", "e_problem_firms"),
    ("goal_value_added", "全年规模工业增加值累计增长x%左右", "target", "e_goal_va"),
    ("goal_high_tech_share", "全年高新技术产业增加值占GDP比重xx.x%以上", "target", "e_goal_ht_share"),
    ("goal_high_tech_new", "成功申报国家高新技术企业x家以上", "target", "e_goal_ht_new"),
    ("goal_rd", "全年研发投入占GDP比重达到x.xx%以上", "target", "e_goal_rd"),
    ("goal_new", "全年新增规上工业企业xx家以上", "target", "e_goal_new"),
))
# the seed's slots said twice (（五）三是 repeats （二）'s counts): found twice in the document
TWICE = ("first_batch", "stat_firms", "high_tech", "high_tech_value_added", "rd", "rd_forecast")


# --- the documents ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def made(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo county (no period facts typed in) and its half-year summary written both ways."""
    from kegong.demo.generator import DemoSpec, generate_county
    from kegong.demo.load import load_demo

    from .test_report_demo import _clean, _cli

    out = tmp_path_factory.mktemp("slots")
    with django_db_blocker.unblock():
        load_demo(generate_county(DemoSpec(seed=2026, n_enterprises=150, last=(2026, 6))))
        from kegong.core.catalogue import FACTS
        from kegong.county.models import CountyFigure

        CountyFigure.objects.filter(code__in=[d.code for d in FACTS]).delete()  # nothing typed
        docs, expected, results = {}, {}, {}
        for mode, month in MODES.items():
            path = out / f"{mode}.docx"
            results[mode] = _cli("report", "half-year", "--period", f"2026-{month:02d}", "-o", str(path))
            c = _core(Period.cumulative(2026, month))
            expected[mode] = {s.key: globals()[s.expect](c) for s in SLOTS}
            docs[mode] = path
    yield {"docs": docs, "expected": expected, "results": results}
    with django_db_blocker.unblock():
        _clean()


def _text(path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_every_slot_of_the_seed_is_listed():
    """The slots listed cover the seed's sentences: each seed phrase is the seed's own (x for the figures)."""
    from pathlib import Path

    seed = (Path(__file__).resolve().parents[3] / "shared/seed/half-year-work-summary.txt")
    if not seed.exists():
        pytest.skip("the seed is kept beside the repository (../shared/seed)")
    text = seed.read_text(encoding="utf-8").replace(" ", "")
    for s in SLOTS:
        assert s.seed.replace(" ", "") in text, s.key
    assert len(SLOTS) >= 60 and {s.source for s in SLOTS} == {"core", "ledger", "published", "target"}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("slot", SLOTS, ids=[s.key for s in SLOTS])
def test_slot_is_filled_from_records(made, mode, slot):
    res = made["results"][mode]
    assert res.exit_code == 0, res.output
    phrase = made["expected"][mode][slot.key]
    if not phrase:  # nothing to say this way (the half year's 高新技术产业增加值 is published in June)
        assert slot.key == "high_tech_forecast" and mode == "june"
        return
    text = _text(made["docs"][mode])
    assert phrase in text, f"{slot.seed} → {phrase}\n" + "\n".join(
        line for line in text.split("\n") if phrase[:4] in line)
    if slot.key in TWICE:
        assert text.count(phrase) >= 2, f"{slot.key} is said in （二） and in （五）三是"


@pytest.mark.parametrize("mode", MODES)
def test_the_summary_is_the_half_years_and_says_what_is_forecast(made, mode):
    text = _text(made["docs"][mode])
    assert text.startswith("青溪县科工局2026年上半年工作总结\n及下半年工作计划")  # broken between the halves
    assert "一、上半年工作完成情况" in text and "三、下半年工作打算" in text
    span = f"1-{MODES[mode]}月"
    assert f"{span}，全县" in text  # the actual figures are for the data's own span
    if mode == "early-july":
        assert "预计1-6月" in text and "1-6月，全县" not in text  # June only as a forecast
        assert "已生成 2026年上半年" in made["results"][mode].output or "1-6月为预计" in made["results"][mode].output
    assert not re.search(r"(?<![A-Za-z])x+(?![A-Za-z])", text)
    assert "—" not in text.replace("——", "")  # no figure left absent


def test_no_period_fact_is_typed(made):
    """The briefing app holds no period fact: every figure came from records, published figures or targets."""
    from kegong.core.catalogue import FACTS
    from kegong.county.models import CountyFigure

    assert not CountyFigure.objects.filter(code__in=[d.code for d in FACTS]).exists()
    assert all(made["results"][m].exit_code == 0 for m in MODES)
    assert "本期未填报" not in made["results"]["june"].output or "预计下月新增" in made["results"]["june"].output
