"""绩效考评 (issue 13 item 6) on a small county of three towns imported from a statistics workbook: each town's
actual from the registry of measures against its own target (Target.town), scored and ranked as the core
computes them — a cap, a band, a rank with a tie, a town without a target (said in the working, 0 points), a
manual score — the totals tied (2, 2) and listed by name; the page for staff and for a town user (their
town marked, no traceback), refused to an enterprise reporter; the .xlsx holds the same numbers."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from kegong.assessment import selectors
from kegong.assessment.models import AssessmentItem, AssessmentScheme, ManualScore
from kegong.assessment.services import AssessmentError, manual_score_set, scheme_copy
from kegong.core import access
from kegong.core.periods import Period
from kegong.core.stats import assessment as core
from kegong.enterprises.models import OrgUnit
from kegong.imports.services import import_files
from kegong.targets.models import Target
from kegong.targets.services import TargetsError, set_target
from tests.desk_data import make_user, staff, text_of
from tests.ingest.builders import Ent, TongjiSheet, uscc, write_tongji_xlsx

JUNE = Period.cumulative(2026, 6)
CG, BS, QS = "城关镇", "白沙镇", "青山乡"


def workbook(folder):
    """1-6月, 万元 (text numbers with thousands separators, as the bureau's sheets have them): 城关镇 6,000
    against 5,000 (+20%), 白沙镇 and 青山乡 3,300 against 3,000 (+10%) each."""
    ents = [
        Ent(uscc(11), "湖南城关建材有限公司", "3021", CG, {"gross_output": (1200, 6000, 1000, 5000)}),
        Ent(uscc(12), "湖南白沙家具有限公司", "2110", BS, {"gross_output": (600, 3300, 500, 3000)}),
        Ent(uscc(13), "湖南青山食品有限公司", "1391", QS, {"gross_output": (500, 2200, 400, 2000)}),
        Ent(uscc(14), "湖南青山竹业有限公司", "2039", QS, {"gross_output": (300, 1100, 200, 1000)}),
    ]
    col = ("gross_output", "1-本月")
    prior = ("gross_output", "上年同期")
    return write_tongji_xlsx(folder / "规上工业2026年1-6月.xlsx", [TongjiSheet(
        ents, title="规模以上工业企业主要指标（2026年1-6月）", unit="单位：万元", sheet_name="1-6月",
        indicators=("gross_output",),
        overrides={(0, col): "6,000", (0, prior): "5,000", (1, col): "3,300", (1, prior): "3,000"})])


@pytest.fixture
def county(db, tmp_path):
    import_files([workbook(tmp_path)])
    assert sorted(OrgUnit.objects.filter(kind="town").values_list("name", flat=True)) == sorted([CG, BS, QS])


def wang():
    """The staff member who gave the manual scores (made by the ``scheme`` fixture)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="wang")


def item(scheme, order, name, **rule):
    return AssessmentItem.objects.create(scheme=scheme, order=order, name=name, **rule)


@pytest.fixture
def scheme(county):
    s = AssessmentScheme.objects.create(year=2026, name="乡镇工业经济考评", note="县委县政府年度考评细则（科工部分）")
    item(s, 1, "工业总产值增速", measure="gross_output", figure="growth", weight=40, method="linear",
         lower=50, full=100, cap=48)
    item(s, 2, "工业总产值", measure="gross_output", figure="level", weight=30, method="bands",
         bands=[[100, 30], [80, 20], [60, 10]])
    item(s, 3, "增速排名", measure="gross_output", figure="growth", basis="actual", weight=10, method="rank", step=2)
    item(s, 4, "安全生产", measure="manual", weight=10, method="manual")
    for town, growth, level in ((CG, "10", "0.5"), (BS, "10", "0.55"), (QS, "10", None)):
        set_target(2026, "gross_output", growth, town=town)
        if level:  # in 亿元, the actual in 万元: converted
            set_target(2026, "gross_output", level, kind="level", unit="亿元", town=town)
    user = staff()
    manual_score_set(item=s.items.get(order=4), town=CG, score="8", note="全年无安全事故", user=user)
    manual_score_set(item=s.items.get(order=4), town=QS, score="10", note="", user=user)
    return s


def test_town_targets_stand_beside_the_county_s_one_of_each(county):
    set_target(2026, "gross_output", "8")
    set_target(2026, "gross_output", "10", town=CG)
    set_target(2026, "gross_output", "12", town=BS)
    _, created = set_target(2026, "gross_output", "11", town=CG)
    assert not created and Target.all_scopes.count() == 3
    # Target.objects stays the county's own targets, what every reader of targets has always read
    assert [(t.town, float(t.value)) for t in Target.objects.filter(year=2026)] == [(None, 8.0)]
    cg = OrgUnit.objects.get(kind="town", name=CG)
    for town in (None, cg):  # a second county target, or a second one of 城关镇, is refused by the database
        with pytest.raises(IntegrityError), transaction.atomic():
            Target.objects.create(year=2026, code="gross_output", kind="growth", value=1, unit="%", name="x", town=town)
    Target.objects.create(year=2026, code="gross_output", kind="level", value=1, unit="亿元", name="x", town=cg)
    Target.objects.create(year=2027, code="gross_output", kind="growth", value=1, unit="%", name="x", town=cg)
    with pytest.raises(TargetsError, match="没有名为“桃源镇”的乡镇（街道）"):
        set_target(2026, "gross_output", "8", town="桃源镇")


def test_scores_and_ranks_as_the_core_computes_them(scheme):
    b = selectors.board(scheme, JUNE)
    by = {r.town: r for r in b.rows}
    scores = {t: [c.score.score for c in r.cells] for t, r in by.items()}
    # 城关镇: +20% against 10% = 200% → 40 × (200 − 50) ÷ 50 = 120, capped at 48; 6,000万元 of 0.5亿元 = 120% → 30;
    # first by growth → 10; 安全生产 8.  白沙镇: 100% → 40; 3,300 of 5,500 = 60% → 10; second (tied) → 8; none.
    # 青山乡: 100% → 40; no level target → 0; second (tied) → 8; 安全生产 10.
    assert scores == {CG: [48.0, 30.0, 10.0, 8.0], BS: [40.0, 10.0, 8.0, 0.0], QS: [40.0, 0.0, 8.0, 10.0]}
    # a tie shares the place and is listed by name, as the core does
    assert [(r.rank, r.town, r.total) for r in b.rows] == [(1, CG, 96.0), (2, BS, 58.0), (2, QS, 58.0)]
    assert [r.town for r in b.rows] == [r.town for r in core.ranking({t: [c.score for c in r.cells]
                                                                       for t, r in by.items()})]
    # each item scored by the core from the same inputs
    rule = scheme.items.get(order=1).rule()
    got = by[CG].cells[0].score
    assert got.actual == pytest.approx(20.0) and got.target == 10.0
    assert core.score_item(rule, core.Input(actual=got.actual, target=10.0)) == got
    assert by[CG].cells[0].score.band == "封顶"
    assert by[BS].cells[1].score.completion == pytest.approx(60.0)
    assert b.weight == 90.0


def test_each_score_says_its_working(scheme):
    by = {r.town: r for r in selectors.board(scheme, JUNE).rows}
    cg = [c.working for c in by[CG].cells]
    assert cg[0] == ("2026年1-6月工业总产值增速完成20%；目标10%：完成率200：0 + (40 − 0) × (200 − 50) ÷ (100 − 50) = 120，"
                     "超过封顶48分，按48分计")
    assert cg[1] == "2026年1-6月工业总产值完成6,000万元；目标0.5亿元：完成率120达到“100以上”档，得30分"
    assert "在3个乡镇中排第1名" in cg[2]
    assert cg[3] == "全年无安全事故；评分人 王主任：人工评分8分"
    qs = by[QS].cells
    assert "本乡镇未设定2026年“工业总产值”目标" in qs[1].working and "无目标值，不得分" in qs[1].working
    assert not qs[1].score.has_data and qs[1].score.score == 0
    assert by[BS].cells[3].working == "尚未人工评分，不得分"
    assert "在3个乡镇中排第2名" in by[BS].cells[2].working


def test_manual_scores_are_bounded_and_changed_in_place(scheme):
    safety = scheme.items.get(name="安全生产")
    with pytest.raises(AssessmentError, match="“安全生产”的得分应在 0 至 10 之间，“12”超出范围"):
        manual_score_set(item=safety, town=BS, score="12")
    with pytest.raises(AssessmentError, match="得分“九分”不是数字"):
        manual_score_set(item=safety, town=BS, score="九分")
    with pytest.raises(AssessmentError, match="“工业总产值”按指标计分，不能人工评分"):
        manual_score_set(item=scheme.items.get(name="工业总产值"), town=BS, score="5")
    with pytest.raises(AssessmentError, match="没有名为“桃源镇”的乡镇（街道）"):
        manual_score_set(item=safety, town="桃源镇", score="5")
    with pytest.raises(ValidationError, match="“安全生产”的得分应在 0 至 10 之间"):  # the admin's form, the same rule
        ManualScore(item=safety, town=OrgUnit.objects.get(kind="town", name=BS), score=11).clean()
    obj, created = manual_score_set(item=safety, town=CG, score="9.5", note="复核")
    assert not created and ManualScore.objects.filter(item=safety).count() == 2 and obj.score == 9.5
    by = {r.town: r for r in selectors.board(scheme, JUNE).rows}
    assert by[CG].total == 97.5


def test_a_scheme_is_copied_to_the_next_year_without_its_scores(scheme):
    new = scheme_copy(scheme=scheme, year=2027)
    assert (new.year, new.name, new.note) == (2027, scheme.name, scheme.note)
    fields = ("order", "name", "measure", "figure", "weight", "method", "basis", "lower", "full", "cap", "bands", "step")
    assert [[getattr(i, f) for f in fields] for i in new.items.all()] == \
        [[getattr(i, f) for f in fields] for i in scheme.items.all()]
    assert not ManualScore.objects.filter(item__scheme=new).exists()
    with pytest.raises(AssessmentError, match="2027年已有考评方案“乡镇工业经济考评”"):
        scheme_copy(scheme=scheme, year=2027)


@pytest.mark.parametrize(("fields", "message"), [
    ({"measure": "no_such_code", "weight": 10}, "没有代码为“no_such_code”的指标"),
    ({"measure": "gross_output", "weight": 10, "method": "linear", "lower": 100, "full": 80},
     "线性计分需要下限与满分线，且满分线高于下限"),
    ({"measure": "gross_output", "weight": 10, "method": "bands", "bands": []}, "分档计分至少需要一个档次"),
    ({"measure": "gross_output", "weight": 10, "method": "bands", "bands": [["一百", 5]]}, "分档“['一百', 5]”应为"),
])
def test_a_bad_rule_is_refused_in_chinese(scheme, fields, message):
    it = AssessmentItem(scheme=scheme, order=9, name="新项目", **fields)
    with pytest.raises(ValidationError) as e:
        it.clean()
    assert message in str(e.value)


def test_the_page_for_staff_and_for_a_town_user(scheme, client):
    client.force_login(wang())
    r = client.get("/assessment/?period=2026-06")
    assert r.status_code == 200
    text = text_of(r.content.decode())
    assert "2026年“乡镇工业经济考评”" in text and "截至 2026年1-6月" in text
    assert "本乡镇未设定2026年“工业总产值”目标" in text  # the working, on hover and below
    assert "第1名 城关镇：96.00 分" in text and "第2名 白沙镇：58.00 分" in text and "第2名 青山乡：58.00 分" in text
    town = make_user(access.TOWN, "bs", units=[BS])
    client.force_login(town)
    page = client.get("/assessment/")  # the latest period with figures
    assert page.status_code == 200
    html = page.content.decode()
    assert '<tr class="mine">' in html and "本乡镇" in text_of(html) and "城关镇" in text_of(html)
    client.force_login(make_user(access.ENTERPRISE, "firm", enterprise_uscc=uscc(11)))
    assert client.get("/assessment/").status_code == 403


def test_the_page_without_a_scheme_or_with_a_bad_period(county, client):
    client.force_login(staff())
    text = text_of(client.get("/assessment/?period=2026-06").content.decode())
    assert "2026 年还没有考评方案" in text
    bad = client.get("/assessment/?period=2026-13")
    assert bad.status_code == 200 and "已显示 2026年1-6月" in text_of(bad.content.decode())


def test_the_xlsx_holds_the_same_numbers(scheme, client):
    client.force_login(wang())
    r = client.get("/assessment/xlsx/?period=2026-06")
    assert r.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content)))
    assert wb.sheetnames == ["考评排名", "计分过程"]
    ws = wb["考评排名"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "2026年乡镇工业经济考评（2026年1-6月）"
    assert rows[1] == ("排名", "乡镇（街道）", "总分", "工业总产值增速（40分）", "工业总产值（30分）", "增速排名（10分）",
                       "安全生产（10分）")
    board = selectors.board(scheme, JUNE)
    assert [list(r) for r in rows[2:]] == [[r.rank, r.town, r.total, *[c.score.score for c in r.cells]]
                                            for r in board.rows]
    work = list(wb["计分过程"].iter_rows(values_only=True))
    assert len(work) == 2 + 3 * 4
    qs = [w for w in work[2:] if w[1] == QS and w[2] == "工业总产值"][0]
    assert qs[3] == 0 and qs[5] is None and "无目标值，不得分" in qs[8]


def test_the_demo_s_scheme_targets_and_scores_are_deterministic_and_written_once(db):
    from kegong.demo.assessment_records import ITEMS, SCHEME, load_assessment_records, town_targets
    from kegong.demo.generator import DemoSpec, generate_county
    from kegong.demo.load import load_demo

    demo = generate_county(DemoSpec(seed=9, n_enterprises=30, last=(2026, 6)))
    load_demo(demo)
    scheme = AssessmentScheme.objects.get(year=2026, name=SCHEME)
    assert [i.name for i in scheme.items.all()] == [name for name, _fields in ITEMS]
    for i in scheme.items.all():
        i.clean()  # every rule the demo writes is one the admin's form accepts
    towns = sorted({e.record.town for e in demo.enterprises})
    assert sorted(t.town.name for t in Target.all_scopes.filter(code="gross_output", town__isnull=False)) == towns
    assert town_targets(demo) == town_targets(generate_county(DemoSpec(seed=9, n_enterprises=30, last=(2026, 6))))
    before = list(ManualScore.objects.values())
    assert load_assessment_records(demo) == 0 and list(ManualScore.objects.values()) == before
    b = selectors.board(scheme, JUNE)
    assert sorted(r.town for r in b.rows) == towns and b.rows[0].rank == 1
    assert all(c.score.has_data for r in b.rows for c in r.cells if c.item.name == "安全生产")
