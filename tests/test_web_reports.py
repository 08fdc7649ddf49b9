"""报告 pages (/reports/…): a monthly briefing made end to end by the background job and downloaded (its figures
those of kegong.reports.sources.gather, its closing line the period's approval), the list of documents, the
prose of a period prefilled from the last one and saved with its user, templates checked as the CLI checks them,
and who may do what (leader: read and download only; town and enterprise users: nothing)."""

from __future__ import annotations

import io
import re
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from kegong.audit.approval import period_approve
from kegong.core import access
from kegong.core.periods import Period
from kegong.reports import phrasing as ph
from kegong.reports import services
from kegong.reports.models import PeriodText, ReportDocument, ReportTemplate
from kegong.reports.writer import default_template
from kegong.web import report_jobs
from tests.desk_data import A, load_county, make_user, staff, text_of

P = Period.cumulative(2026, 6)
PROBLEMS_MAY = "（一）五月问题：要素保障仍需加强。\n（二）五月问题：创新投入偏弱。"


@pytest.fixture
def county(db, tmp_path):
    load_county(tmp_path)


def leader():
    return make_user(access.LEADER, "lin", "林局长")


def body(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    return "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])


def make(client, **fields) -> str:
    """Post the 生成 form; the job's id from the redirect."""
    r = client.post("/reports/make/", {"kind": "monthly", "period": "2026-06", "template": "", **fields})
    assert r.status_code == 302, text_of(r.content.decode())[:2000]
    m = re.fullmatch(r"/reports/jobs/([0-9a-f]{32})/", r.url)
    assert m, r.url
    return m[1]


def run_here(client, **fields) -> dict:
    """Start a job through the form but do its work in this thread (the test database's transaction)."""
    from unittest import mock

    with mock.patch.object(report_jobs.threading, "Thread"):
        job_id = make(client, **fields)
    report_jobs._work(job_id)
    return report_jobs.get_job(job_id)


def docx_upload(name: str, extra: str = "") -> SimpleUploadedFile:
    """The built-in monthly template, with one more paragraph when ``extra`` is given."""
    doc = Document(str(default_template("monthly")))
    if extra:
        doc.add_paragraph(extra)
    out = io.BytesIO()
    doc.save(out)
    return SimpleUploadedFile(name, out.getvalue())


# --- making and downloading --------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_a_monthly_briefing_is_made_by_the_job_and_downloaded_with_gathers_figures(client, tmp_path):
    from kegong.reports.sources import gather

    load_county(tmp_path)
    client.force_login(staff())
    page = text_of(client.get("/reports/").content.decode())
    assert "2026年1-6月：本期数据尚未审定，数字可能变动" in page and "还没有生成过报告" in page
    job_id = make(client)
    r = client.get(f"/reports/jobs/{job_id}/")
    assert r.status_code == 200 and "hx-get" in r.content.decode() and "vendor/htmx.min.js" in r.content.decode()
    state = report_jobs.wait(job_id)
    assert state["stage"] == "完成", state
    status = client.get(f"/reports/jobs/{job_id}/status/").content.decode()
    assert "报告已生成" in status and "hx-trigger" not in status  # htmx stops polling
    assert "本期数据尚未审定，数字可能变动" in text_of(status)
    doc = ReportDocument.objects.get()
    assert f"/reports/files/{doc.pk}/" in status and doc.made_by.username == "wang" and not doc.approved
    assert doc.filename.endswith("2026年1-6月工业经济运行简报.docx") and "/" not in doc.path.removeprefix("reports/")

    r = client.get(f"/reports/files/{doc.pk}/")
    assert r.status_code == 200 and r["Content-Type"].endswith("wordprocessingml.document")
    assert f"filename*=UTF-8''{quote(doc.filename, safe='')}" in r["Content-Disposition"]
    content = b"".join(r.streaming_content)
    go = gather(P).county["gross_output"]
    assert f"实现总产值{ph.yi(go.cumulative)}亿元，{ph.growth(go.yoy_pct)}" in body(content)
    last = Document(io.BytesIO(content)).paragraphs[-1]
    assert last.text == "注：本期数据尚未审定，数字可能变动。" and last.style.name == "注释"
    listed = text_of(client.get("/reports/").content.decode())
    assert "工业经济运行简报" in listed and "未审定" in listed and "王主任" in listed


def test_an_approved_period_is_said_on_the_page_the_job_and_in_the_document(client, county):
    user = staff()
    period_approve(year=2026, month=6, user=user, accept_findings=True)
    client.force_login(user)
    assert "2026年1-6月：本期数据已审定" in text_of(client.get("/reports/").content.decode())
    state = run_here(client)
    assert state["stage"] == "完成" and state["approval"].startswith("本期数据已审定（王主任，")
    doc = ReportDocument.objects.get()
    assert doc.approved and doc.approval == state["approval"]
    assert f"注：{state['approval']}。" in body(b"".join(client.get(f"/reports/files/{doc.pk}/").streaming_content))
    assert "已审定" in text_of(client.get(f"/reports/jobs/{state['id']}/status/").content.decode())


def test_what_cannot_be_made_is_one_chinese_line_never_a_traceback(client, county):
    client.force_login(staff())
    r = client.post("/reports/make/", {"kind": "monthly", "period": "2025-03"})
    assert r.status_code == 400 and "所选期别没有企业月报数据" in text_of(r.content.decode())
    half = ReportTemplate.objects.create(name="半年总结新版", kind="half-year", path="reports/templates/none.docx")
    r = client.post("/reports/make/", {"kind": "monthly", "period": "2026-06", "template": half.pk})
    assert r.status_code == 400 and "模板“半年总结新版”是工作总结及工作计划的模板" in text_of(r.content.decode())
    state = run_here(client, kind="half-year", template=half.pk)  # its file is not in the data folder
    assert state["stage"] == "失败" and state["error"] == "未生成报告：模板“半年总结新版”的文件已不在数据目录中，请重新上传"
    page = text_of(client.get(f"/reports/jobs/{state['id']}/").content.decode())
    assert "生成失败" in page and state["error"] in page and "Traceback" not in page
    assert not ReportDocument.objects.exists()


def test_a_job_is_seen_only_by_the_user_who_started_it(client, county):
    client.force_login(staff())
    state = run_here(client)
    client.force_login(make_user(access.ADMIN, "boss", "局长"))
    assert client.get(f"/reports/jobs/{state['id']}/").status_code == 404
    assert client.get(f"/reports/jobs/{state['id']}/status/").status_code == 404


# --- who may do what ---------------------------------------------------------------------------------------

def test_a_leader_sees_and_downloads_but_cannot_make_edit_or_upload(client, county):
    client.force_login(staff())
    run_here(client)
    doc = ReportDocument.objects.get()
    client.force_login(leader())
    page = client.get("/reports/").content.decode()
    assert "报告</a>" in page and 'action="/reports/make/"' not in page and f"/reports/files/{doc.pk}/" in page
    assert client.get(f"/reports/files/{doc.pk}/").status_code == 200
    assert client.post("/reports/make/", {"kind": "monthly", "period": "2026-06"}).status_code == 403
    assert client.get("/reports/texts/2026-06/").status_code == 403
    assert client.post("/reports/texts/2026-06/", {"problems": "领导改的"}).status_code == 403
    assert client.post("/reports/template/", {"kind": "monthly", "file": docx_upload("新.docx")}).status_code == 403
    assert not PeriodText.objects.exists() and not ReportTemplate.objects.exists()
    assert ReportDocument.objects.count() == 1


@pytest.mark.parametrize("role", [access.TOWN, access.ENTERPRISE])
def test_town_and_enterprise_users_get_403_on_every_report_page(client, county, role):
    client.force_login(staff())
    run_here(client)
    doc = ReportDocument.objects.get()
    scope = {"units": ["城关镇"]} if role == access.TOWN else {"enterprise_uscc": A}
    client.force_login(make_user(role, f"u-{role}", **scope))
    home = client.get("/").content.decode()
    assert 'href="/reports/"' not in home
    for url in ("/reports/", f"/reports/files/{doc.pk}/", "/reports/texts/", "/reports/texts/2026-06/",
                "/reports/template/", "/reports/template/monthly.docx"):
        assert client.get(url).status_code == 403, url
    for url in ("/reports/make/", "/reports/texts/2026-06/", "/reports/template/"):
        assert client.post(url, {"kind": "monthly", "period": "2026-06"}).status_code == 403, url


# --- 报告文字 -----------------------------------------------------------------------------------------------

def test_the_texts_of_a_new_period_start_from_the_last_one_and_are_saved_with_the_user(client, county):
    from kegong.reports.services import period_text_set

    period_text_set(kind="problems", year=2026, month=5, text=PROBLEMS_MAY)
    user = staff()
    client.force_login(user)
    r = client.get("/reports/texts/")
    assert r.status_code == 302 and r.url == "/reports/texts/2026-06/"
    r = client.get("/reports/texts/2026-06/")
    html = r.content.decode()
    page = text_of(html)
    assert "已填入 2026-05 期的文字作为起草基础" in page and "存在问题和不足" in page and "工作举措" in page
    assert PROBLEMS_MAY in page
    form = r.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data["problems"] = PROBLEMS_MAY.replace("五月", "六月")
    r = client.post("/reports/texts/2026-06/", data)
    assert r.status_code == 302 and r.url == "/reports/texts/2026-06/"
    rows = {t.kind: t for t in PeriodText.objects.filter(year=2026, month=6)}
    assert rows["problems"].text == data["problems"] and rows["problems"].updated_by == user
    assert rows["problems"].based_on == "2026-05"
    assert all(t.updated_by == user for t in rows.values())
    after = text_of(client.get("/reports/texts/2026-06/").content.decode())
    assert "已保存 2026年1-6月 的文字材料" in after and "本期已填写" in after and "王主任" in after
    assert PeriodText.objects.get(year=2026, month=5, kind="problems").text == PROBLEMS_MAY  # the last one stays


def test_texts_are_refused_in_chinese_when_too_long_or_for_a_period_that_cannot_be(client, county):
    client.force_login(staff())
    r = client.post("/reports/texts/2026-06/", {"problems": "长" * 20001})
    assert r.status_code == 400 and "“存在问题和不足”不能超过 20000 字" in text_of(r.content.decode())
    assert not PeriodText.objects.exists()
    r = client.get("/reports/texts/2026-13/")
    assert r.status_code == 400 and "月份" in text_of(r.content.decode())


# --- 报告模板 -----------------------------------------------------------------------------------------------

def _cli_error(template) -> str:
    """What ``kegong report monthly --template FILE`` prints for the template."""
    from kegong.cli import main
    from kegong.cli import reports as cli_reports

    original = cli_reports.setup_django
    cli_reports.setup_django = lambda **kw: None
    try:
        res = CliRunner().invoke(main, ["report", "monthly", "--period", "2026-06", "--template", str(template),
                                        "-o", str(template.with_suffix(".out.docx"))])
    finally:
        cli_reports.setup_django = original
    assert res.exit_code == 2, res.output
    return res.output.strip().removeprefix("错误：")


def test_a_bad_template_shows_the_placeholder_error_the_cli_shows_and_is_not_kept(client, county, tmp_path):
    client.force_login(staff())
    upload = docx_upload("我的简报.docx", "{{ industry.gross_output.nonsense }}")
    local = tmp_path / "我的简报.docx"
    local.write_bytes(upload.read())
    upload.seek(0)
    expected = _cli_error(local)
    assert "nonsense" in expected
    r = client.post("/reports/template/", {"kind": "monthly", "name": "坏模板", "file": upload})
    assert r.status_code == 400
    page = text_of(r.content.decode())
    assert "模板未通过检查，未保存" in page and expected in page
    assert not ReportTemplate.objects.exists() and not list((services.data_path(services.TEMPLATES_DIR)).glob("*"))


def test_only_docx_files_within_the_size_limit_are_taken(client, county, tmp_path, monkeypatch):
    client.force_login(staff())
    r = client.post("/reports/template/", {"kind": "monthly", "file": SimpleUploadedFile("报表.xlsx", b"PK\x03\x04")})
    assert r.status_code == 400 and "模板 报表.xlsx 不是 .docx 文件（请在 Word 中另存为 .docx）" in text_of(r.content.decode())
    fake = tmp_path / "假的.docx"
    fake.write_bytes(b"not a zip")
    r = client.post("/reports/template/", {"kind": "monthly", "file": SimpleUploadedFile(fake.name, fake.read_bytes())})
    assert r.status_code == 400 and _cli_error(fake) in text_of(r.content.decode())
    assert "无法读取模板 假的.docx：不是有效的 Word（.docx）文件" in text_of(r.content.decode())
    monkeypatch.setattr(services, "MAX_TEMPLATE_BYTES", 1024)
    r = client.post("/reports/template/", {"kind": "monthly", "file": docx_upload("大.docx")})
    assert r.status_code == 400 and "模板 大.docx 超过 1 KB" in text_of(r.content.decode())
    assert not ReportTemplate.objects.exists()


def test_a_good_template_is_kept_under_a_generated_name_and_used_for_a_report(client, county):
    user = staff()
    client.force_login(user)
    r = client.post("/reports/template/", {"kind": "monthly", "name": "简报（加批示栏）",
                                           "file": docx_upload("../../我的 简报.docx", "领导批示：")})
    assert r.status_code == 302
    t = ReportTemplate.objects.get()
    assert t.original_name == "我的 简报.docx" and t.uploaded_by == user and t.kind == "monthly"
    assert re.fullmatch(r"reports/templates/\d{8}-\d{6}-[0-9a-f]{12}\.docx", t.path)
    assert services.data_path(t.path).is_file()
    page = client.get(r.url).content.decode()
    assert f'<option value="{t.pk}" selected>简报（加批示栏）（工业经济运行简报）</option>' in page
    state = run_here(client, template=t.pk)
    assert state["stage"] == "完成", state
    doc = ReportDocument.objects.get()
    assert doc.template == t and doc.template_name == "简报（加批示栏）"
    assert "领导批示：" in body(b"".join(client.get(f"/reports/files/{doc.pk}/").streaming_content))
    assert "简报（加批示栏）" in text_of(client.get("/reports/").content.decode())


def test_the_default_templates_can_be_downloaded_to_edit(client, db):
    client.force_login(staff())
    r = client.get("/reports/template/half-year.docx")
    assert r.status_code == 200 and b"".join(r.streaming_content) == default_template("half-year").read_bytes()
    assert f"filename*=UTF-8''{quote('工作总结及工作计划模板.docx', safe='')}" in r["Content-Disposition"]
    assert client.get("/reports/template/weekly.docx").status_code == 404
    assert "数据库中还没有企业月报数据" in text_of(client.get("/reports/").content.decode())
