"""The data pages: import through the web (check, confirm, progress in the cache), import batches and
rollback, downloads of the template and of the exported tables, and who may do what."""

from __future__ import annotations

import io
import os
import re
import shutil
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import openpyxl
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections

from kegong.enterprises.models import Enterprise
from kegong.figures.models import MonthlyFigure
from kegong.imports.models import ImportBatch
from kegong.imports.services import import_files
from kegong.readers.errors import IngestError
from kegong.readers.template import HEADERS, SHEET, TITLE
from kegong.web import jobs
from tests.ingest.builders import Ent, TongjiSheet, uscc, write_rows_xlsx, write_tongji_xlsx

PW = "Kegong-2026-pw"
A, B, C = uscc(1), uscc(2), uscc(3)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def june_workbook(folder: Path, name: str = "规上工业2026年1-6月.xlsx", drop_c: bool = False, **overrides) -> Path:
    """Three enterprises (or two), 1-6月, amounts in 万元: gross output and revenue."""
    ents = [
        Ent(A, "湖南甲建材有限公司", "3021", "城关镇", {"gross_output": (120, 600, 100, 500), "revenue": (130, 650, 90, 540)}),
        Ent(B, "湖南乙家具有限公司", "2110", "白沙镇", {"gross_output": (40, 300, 50, 300), "revenue": (50, 350, 70, 390)}),
        Ent(C, "湖南丙电子科技有限公司", "3982", "城关镇", {"gross_output": (25, 175, 25, 125), "revenue": (50, 250, 30, 180)}),
    ][:2 if drop_c else 3]
    return write_tongji_xlsx(folder / name, [TongjiSheet(
        ents, title="规模以上工业企业主要指标（2026年1-6月）", unit="单位：万元", sheet_name="1-6月",
        indicators=("gross_output", "revenue"), overrides=overrides.get("overrides", {}))])


def may_workbook(folder: Path, with_c: bool = False) -> Path:
    """Enterprises A and B (and C), 1-5月, gross output only."""
    ents = [Ent(A, "湖南甲建材有限公司", "3021", "城关镇", {"gross_output": (100, 480, 90, 400)}),
            Ent(B, "湖南乙家具有限公司", "2110", "白沙镇", {"gross_output": (50, 260, 55, 250)})]
    if with_c:
        ents.append(Ent(C, "湖南丙电子科技有限公司", "3982", "城关镇", {"gross_output": (30, 150, 20, 100)}))
    return write_tongji_xlsx(folder / "规上工业2026年1-5月.xlsx", [TongjiSheet(
        ents, title="规模以上工业企业主要指标（2026年1-5月）", unit="单位：万元", sheet_name="1-5月",
        indicators=("gross_output",))])


def upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())


def text_of(html: str) -> str:
    """The page's text as a user reads it (tags removed, entities of the escaped quotes restored)."""
    s = re.sub(r"<[^>]+>", "", html)
    return s.replace("&quot;", '"').replace("&#x27;", "'").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


@pytest.fixture
def admin_user(db):
    return User.objects.create_user("wang", password=PW, first_name="王主任", is_staff=True)


@pytest.fixture
def clerk(db):
    return User.objects.create_user("zhao", password=PW, first_name="赵科员")


@pytest.fixture
def as_admin(client, admin_user):
    assert client.login(username="wang", password=PW)
    return client


@pytest.fixture
def as_clerk(client, clerk):
    assert client.login(username="zhao", password=PW)
    return client


def wait_finished(client, job_id: str, timeout: float = 60) -> dict:
    """Poll the progress endpoint as the page does until the job has finished."""
    deadline = time.monotonic() + timeout
    while True:
        r = client.get(f"/data/import/{job_id}/status/")
        assert r.status_code == 200 and r["Content-Type"] == "application/json"
        state = r.json()
        if state["finished"]:
            return state
        assert time.monotonic() < deadline, f"job still at {state}"
        time.sleep(0.05)


def job_id_of(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    m = re.fullmatch(r"/data/import/([0-9a-f]{32})/", response.url)
    assert m, response.url
    return m[1]


# --- who may do what ----------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/data/import/", "/data/batches/", "/data/downloads/", "/data/downloads/template.xlsx",
                                 "/data/downloads/enterprises.xlsx", "/data/import/" + "0" * 32 + "/status/",
                                 "/data/batches/1/rollback/"])
def test_anonymous_is_sent_to_the_login(client, db, url):
    r = client.get(url)
    assert r.status_code == 302 and r.url.startswith("/login/?next=")


def test_a_login_without_a_role_is_read_only(as_clerk, tmp_path):
    """A login made without a role (no account row, not staff) is read-only like a leader: no import, no
    rollback, no bulk download."""
    batch = import_files([june_workbook(tmp_path)])[0].summary.batch_id
    r = as_clerk.get("/data/import/")
    assert r.status_code == 403 and "没有权限" in r.content.decode()
    uploads_before = set((settings.DATA_DIR / "uploads").glob("*/*"))
    r = as_clerk.post("/data/import/", {"files": [upload(june_workbook(tmp_path))]})
    assert r.status_code == 403 and set((settings.DATA_DIR / "uploads").glob("*/*")) == uploads_before
    r = as_clerk.post(f"/data/batches/{batch}/rollback/")
    assert r.status_code == 403 and "没有权限" in r.content.decode()
    assert ImportBatch.objects.get(pk=batch).status == ImportBatch.Status.ACTIVE
    for url in ("/data/batches/", "/data/downloads/", "/data/downloads/template.xlsx",
                "/data/downloads/enterprises.xlsx"):
        assert as_clerk.get(url).status_code == 403, url
    home = as_clerk.get("/").content.decode()
    assert "数据导入</a>" not in home and "数据下载</a>" not in home and "（领导）" in home


def test_nobody_sees_another_users_job(client, admin_user, tmp_path, db):
    other = User.objects.create_user("qian", password=PW, is_staff=True)
    files = jobs.store_uploads([upload(june_workbook(tmp_path))])
    state = jobs._new_state(jobs.CHECK, other.pk, files, None, None)
    jobs._save(state)
    client.login(username="wang", password=PW)
    assert client.get(f"/data/import/{state['id']}/").status_code == 404
    assert client.get(f"/data/import/{state['id']}/status/").status_code == 404
    assert client.post(f"/data/import/{state['id']}/confirm/").status_code == 404
    assert client.get("/data/import/" + "f" * 32 + "/status/").status_code == 404


# --- the import page ----------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_check_then_confirm_imports_in_a_background_thread(client, tmp_path):
    user = User.objects.create_user("wang", password=PW, first_name="王主任", is_staff=True)
    client.login(username="wang", password=PW)
    page = client.get("/data/import/").content.decode()
    assert "自动识别" in page and "统计局" in page and "下载填报模板" in page

    workbook_path = june_workbook(tmp_path)
    r = client.post("/data/import/", {"files": [upload(workbook_path)], "source": "", "period": ""})
    check_id = job_id_of(r)
    state = wait_finished(client, check_id)
    assert state["ok"] and state["stage"] == "完成" and state["percent"] == 100
    assert state["summary"] == ["规上工业2026年1-6月.xlsx（统计局，期别 2026-06）：读取 3 行；新建企业 3 家，更新企业 0 家；"
                                "写入数据 6 条（新增 6，修改 0，删除 0），未变 0 条"]
    # the check wrote nothing
    assert not ImportBatch.objects.exists() and not MonthlyFigure.objects.exists() and not Enterprise.objects.exists()
    html = client.get(f"/data/import/{check_id}/").content.decode()
    assert "检查通过" in html and "确认导入" in html and "数据库未改动" in html
    assert "import-progress.js" not in html  # finished: no polling

    r = client.post(f"/data/import/{check_id}/confirm/")
    import_id = job_id_of(r)
    assert import_id != check_id
    assert job_id_of(client.post(f"/data/import/{check_id}/confirm/")) == import_id  # a second click: same job
    state = wait_finished(client, import_id)
    assert state["ok"], state
    batch = ImportBatch.objects.get()
    assert state["summary"][0].endswith(f"；批次 {batch.pk}")
    assert (batch.file_name, batch.source, batch.period_key, batch.rows, batch.figures_written, batch.imported_by) == (
        "规上工业2026年1-6月.xlsx", "tongji", "2026-06", 3, 6, user)
    a = MonthlyFigure.objects.get(enterprise__uscc=A, indicator__code="gross_output", year=2026, month=6)
    assert (a.value, a.cumulative, a.prior_year_cumulative, a.batch_id) == (Decimal(120), Decimal(600), Decimal(500),
                                                                            batch.pk)
    assert MonthlyFigure.objects.count() == 6 and Enterprise.objects.count() == 3
    stored = list((settings.DATA_DIR / "uploads").glob("*/规上工业2026年1-6月.xlsx"))
    assert any(str(p) == jobs.get_job(import_id)["files"][0]["path"] for p in stored)

    html = client.get(f"/data/import/{import_id}/").content.decode()
    assert "导入完成" in html and "查看导入批次" in html and f'<a href="/data/batches/">{batch.pk}</a>' in html

    # the same file again (same bytes): the check says so and offers no import
    r = client.post("/data/import/", {"files": [upload(workbook_path)]})
    again = job_id_of(r)
    state = wait_finished(client, again)
    assert state["summary"] == [f"规上工业2026年1-6月.xlsx（统计局，期别 2026-06）：此文件已导入过（批次 {batch.pk}），未作任何修改"]
    html = client.get(f"/data/import/{again}/").content.decode()
    assert "无需再导入" in html and "确认导入" not in html
    r = client.post(f"/data/import/{again}/confirm/", follow=True)
    assert "这些文件都已导入过" in r.content.decode() and ImportBatch.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_bad_file_lists_every_error_as_the_cli_does_and_nothing_is_kept(client, tmp_path):
    User.objects.create_user("wang", password=PW, is_staff=True)
    client.login(username="wang", password=PW)
    bad = june_workbook(tmp_path, "坏表2026年1-6月.xlsx", overrides={(0, ("gross_output", "本月")): "一百二",
                                                                 (1, "uscc"): "91431124ABCDEFGHIJ"})
    with pytest.raises(IngestError) as exc:  # what `kegong import` prints, line by line
        import_files([bad], dry_run=True)
    cli_lines = exc.value.lines()
    assert len(cli_lines) >= 2 and all("文件 坏表2026年1-6月.xlsx 工作表 1-6月 第 " in x for x in cli_lines)

    check_id = job_id_of(client.post("/data/import/", {"files": [upload(bad)], "period": "2026-06"}))
    state = wait_finished(client, check_id)
    assert not state["ok"] and state["stage"] == "失败"
    assert state["errors"] == cli_lines
    assert state["headline"] == f"发现 {len(cli_lines)} 处错误，未导入任何数据（请改正后重新导入）"
    page = text_of(client.get(f"/data/import/{check_id}/").content.decode())
    assert "检查未通过" in page and all(line in page for line in cli_lines)
    assert "确认导入" not in page
    assert not list((settings.DATA_DIR / "uploads").glob("*/坏表2026年1-6月.xlsx"))  # a refused upload is not kept
    r = client.post(f"/data/import/{check_id}/confirm/", follow=True)
    assert "检查尚未通过" in r.content.decode() and not ImportBatch.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_job_thread_closes_its_database_connection(tmp_path, monkeypatch):
    import threading

    user = User.objects.create_user("wang", password=PW, is_staff=True)
    closed_in: list[str] = []
    real_close_all = jobs.connections.close_all

    def close_all():
        closed_in.append(threading.current_thread().name)
        real_close_all()

    monkeypatch.setattr(jobs.connections, "close_all", close_all)
    job_id = jobs.start(jobs.IMPORT, user_id=user.pk, files=jobs.store_uploads([upload(june_workbook(tmp_path))]))
    worker = next(t for t in threading.enumerate() if t.name == f"kegong-import-{job_id[:8]}")
    worker.join(60)
    assert jobs.get_job(job_id)["stage"] == "完成" and ImportBatch.objects.get().imported_by == user
    assert closed_in == [worker.name]
    if connections["default"].vendor == "postgresql":
        from kegong.jobs import store

        store.close()  # this (the test's) thread read the job's progress through the job store's own connection
        with connections["default"].cursor() as c:
            c.execute("select count(*) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()")
            assert c.fetchone()[0] == 0


def test_the_form_refuses_a_wrong_period_a_missing_file_and_other_kinds_of_file(as_admin, tmp_path):
    r = as_admin.post("/data/import/", {"files": [upload(june_workbook(tmp_path))], "period": "六月"})
    assert r.status_code == 400 and "无法识别的期别“六月”" in r.content.decode()
    r = as_admin.post("/data/import/", {"period": ""})
    assert r.status_code == 400 and "请选择要导入的文件" in r.content.decode()
    r = as_admin.post("/data/import/", {"files": [SimpleUploadedFile("报表.pdf", b"%PDF-1.4")]})
    assert r.status_code == 400 and "文件 报表.pdf 不是 Excel 或 CSV 文件" in r.content.decode()
    p = june_workbook(tmp_path)
    r = as_admin.post("/data/import/", {"files": [upload(p), upload(p)]})
    assert r.status_code == 400 and "两个同名文件" in r.content.decode()


def test_progress_goes_through_the_stages_and_is_kept_in_the_cache(admin_user, tmp_path, monkeypatch):
    """The job body run in this thread (the test database is this thread's): every state it records."""
    seen: list[dict] = []
    real = jobs._update

    def spy(job_id, **changes):
        state = real(job_id, **changes)
        seen.append(dict(state))
        return state

    monkeypatch.setattr(jobs, "_update", spy)
    files = jobs.store_uploads([upload(june_workbook(tmp_path)), upload(may_workbook(tmp_path))])
    state = jobs._new_state(jobs.CHECK, admin_user.pk, files, "tongji", None)
    jobs._save(state)
    jobs._work(state["id"])
    stages = [s["stage"] for s in seen]
    assert stages[0] == "读取" and stages[-1] == "完成"
    assert [s for i, s in enumerate(stages) if i == 0 or s != stages[i - 1]] == ["读取", "校验", "写入", "校验", "写入", "完成"]
    reads = [s for s in seen if s["stage"] == "读取"]
    assert [(s["done"], s["total"], s["percent"]) for s in reads] == [(0, 2, 0), (1, 2, 15)]
    writes = [(s["file"], s["done"], s["total"], s["percent"]) for s in seen if s["stage"] == "写入" and s["done"]]
    assert writes == [("规上工业2026年1-5月.xlsx", 2, 2, 65), ("规上工业2026年1-6月.xlsx", 6, 6, 100)]  # by period
    percents = [s["percent"] for s in seen]
    assert percents == sorted(percents) and percents[-1] == 100
    text = jobs.progress_text(next(s for s in seen if s["stage"] == "写入" and s["done"] == 6))
    assert text == "规上工业2026年1-6月.xlsx：6/6 条数据（试写入，检查后撤回）"
    final = jobs.get_job(state["id"])  # from the cache, not the database
    assert final["stage"] == "完成" and len(final["results"]) == 2 and not ImportBatch.objects.exists()


def test_the_check_lists_the_findings_of_each_file(client, admin_user, tmp_path):
    """Enterprise C reported in May and missing from June: a finding, shown and not blocking."""
    import_files([may_workbook(tmp_path, with_c=True)])
    files = jobs.store_uploads([upload(june_workbook(tmp_path, drop_c=True))])
    state = jobs._new_state(jobs.CHECK, admin_user.pk, files, None, None)
    jobs._save(state)
    jobs._work(state["id"])
    client.login(username="wang", password=PW)
    html = text_of(client.get(f"/data/import/{state['id']}/").content.decode())
    result = jobs.get_job(state["id"])["results"][0]
    assert result["findings_total"] == 1 and "湖南丙电子科技有限公司" in result["findings"][0]
    assert "规上工业2026年1-6月.xlsx：提示 1 条（不影响导入，请核对）" in html and result["findings"][0] in html
    assert "确认导入" in html


def test_the_status_endpoint_reports_a_running_job(as_admin, admin_user):
    state = jobs._new_state(jobs.IMPORT, admin_user.pk, [{"path": "/x/a.xlsx", "name": "a.xlsx"}], None, None)
    state.update(stage="写入", file="a.xlsx", done=5000, total=12000, percent=59)
    jobs._save(state)
    r = as_admin.get(f"/data/import/{state['id']}/status/")
    assert r.status_code == 200 and r["Content-Type"] == "application/json"
    assert r.json() == {"id": state["id"], "kind": "import", "stage": "写入", "file": "a.xlsx", "done": 5000,
                        "total": 12000, "percent": 59, "text": "a.xlsx：5,000/12,000 条数据", "finished": False,
                        "ok": False, "headline": "", "summary": [], "errors": []}
    html = as_admin.get(f"/data/import/{state['id']}/").content.decode()
    assert "正在导入" in html and 'data-percent="59"' in html and "import-progress.js" in html
    assert f'data-status-url="/data/import/{state["id"]}/status/"' in html


# --- batches and rollback -----------------------------------------------------------------------------

def template_workbook(folder: Path) -> Path:
    """kegong's template changing enterprise A's May gross output."""
    return write_rows_xlsx(folder / "手工更正.xlsx", [[TITLE], ["说明"], list(HEADERS),
                                                      [A, "湖南甲建材有限公司", "工业总产值", "2026-06", 150, 630, 100, 500]],
                           sheet_name=SHEET)


def test_batches_list_and_rollback_with_confirmation(as_admin, admin_user, tmp_path):
    first = import_files([june_workbook(tmp_path)], user=admin_user)[0].summary.batch_id
    fix = import_files([template_workbook(tmp_path)])[0].summary.batch_id
    page = as_admin.get("/data/batches/").content.decode()
    assert page.index(f'<td class="num">{fix}</td>') < page.index(f'<td class="num">{first}</td>')  # newest first
    for s in ("规上工业2026年1-6月.xlsx", "统计局", "kegong 模板", "2026-06", "王主任", "命令行导入", "有效",
              f'href="/data/batches/{first}/rollback/"'):
        assert s in page, s

    # the first batch's figure was changed by the later one: refused with the service's message
    confirm = as_admin.get(f"/data/batches/{first}/rollback/").content.decode()
    assert "确认撤销" in confirm and "规上工业2026年1-6月.xlsx" in confirm
    n_first = ImportBatch.objects.get(pk=first).figures_written
    n_fix = ImportBatch.objects.get(pk=fix).figures_written
    assert f"请输入数据条数 {n_first} 以确认" in confirm
    r = as_admin.post(f"/data/batches/{first}/rollback/", {"confirm_count": str(n_first + 1)})
    assert r.status_code == 409 and f"请输入这个批次写入的数据条数 {n_first} 以确认撤销" in r.content.decode()
    r = as_admin.post(f"/data/batches/{first}/rollback/", {"confirm_count": str(n_first)})
    assert r.status_code == 409
    assert f"批次 {first} 的数据已被之后的批次 {fix} 修改，请先撤销批次 {fix}" in r.content.decode()
    assert ImportBatch.objects.get(pk=first).status == ImportBatch.Status.ACTIVE

    r = as_admin.post(f"/data/batches/{fix}/rollback/", {"confirm_count": str(n_fix)}, follow=True)
    assert r.redirect_chain[-1][0] == "/data/batches/"
    assert ImportBatch.objects.get(pk=fix).rolled_back_by == admin_user
    assert f"已撤销批次 {fix}：恢复数据 1 条" in r.content.decode()
    a = MonthlyFigure.objects.get(enterprise__uscc=A, indicator__code="gross_output", year=2026, month=6)
    assert (a.value, a.batch_id) == (Decimal(120), first)
    r = as_admin.post(f"/data/batches/{first}/rollback/", {"confirm_count": str(n_first)}, follow=True)
    assert "已撤销批次" in r.content.decode() and not MonthlyFigure.objects.exists()
    page = as_admin.get("/data/batches/").content.decode()
    assert page.count("已撤销") >= 2 and "/rollback/" not in page  # no button on rolled-back batches
    r = as_admin.post(f"/data/batches/{first}/rollback/", {"confirm_count": str(n_first)})
    assert r.status_code == 409 and "已经撤销过了" in r.content.decode()
    assert as_admin.get("/data/batches/99999/rollback/").status_code == 404


# --- downloads ----------------------------------------------------------------------------------------

def workbook(response) -> openpyxl.Workbook:
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_the_template_download_is_the_cli_template(as_admin, tmp_path):
    r = as_admin.get("/data/downloads/template.xlsx")
    assert r["Content-Disposition"] == (
        "attachment; filename=\"kegong-template.xlsx\"; filename*=UTF-8''" + quote("kegong手工数据导入模板.xlsx"))
    wb = workbook(r)
    ws = wb[SHEET]
    assert TITLE in ws["A1"].value and tuple(c.value for c in ws[3]) == HEADERS
    assert ws.max_row == 3 and "指标" in wb.sheetnames
    import_files([june_workbook(tmp_path)])
    Enterprise.objects.filter(uscc=A).update(name="=HYPERLINK(\"http://x\",\"点我\")")
    ws = workbook(as_admin.get("/data/downloads/template.xlsx?with_enterprises=on&period=2026-06"))[SHEET]
    rows = [tuple(c.value for c in row[:4]) for row in ws.iter_rows(min_row=4)]
    assert rows == [(A, "'=HYPERLINK(\"http://x\",\"点我\")", "研发投入", "2026-06"),
                    (B, "湖南乙家具有限公司", "研发投入", "2026-06"), (C, "湖南丙电子科技有限公司", "研发投入", "2026-06")]
    r = as_admin.get("/data/downloads/template.xlsx?period=六月")
    assert r.status_code == 400 and "无法识别的期别" in r.content.decode()


def test_exports_have_chinese_headers_and_neutralise_formulas(as_admin, tmp_path):
    import_files([june_workbook(tmp_path)])
    Enterprise.objects.filter(uscc=B).update(name="-1+2 家具", contact_person="@某人")
    page = as_admin.get("/data/downloads/").content.decode()
    assert 'value="2026-06"' in page and "企业名录" in page and "导入批次" in page

    r = as_admin.get("/data/downloads/enterprises.xlsx")
    assert r["Content-Disposition"] == ("attachment; filename=\"kegong-enterprises.xlsx\"; filename*=UTF-8''"
                                        + quote("企业名录.xlsx"))
    ws = workbook(r)["企业名录"]
    assert ws["A1"].value == "统一社会信用代码" and ws["B1"].value == "单位详细名称"
    b = next(row for row in ws.iter_rows(min_row=2, values_only=True) if row[0] == B)
    assert b[1] == "'-1+2 家具" and b[7] == "'@某人"
    assert ws.cell(3, 2).data_type == "s"

    r = as_admin.get("/data/downloads/figures.xlsx?period=2026-06&indicator=gross_output")
    assert "filename=\"kegong-figures-gross_output-2026-06.xlsx\"" in r["Content-Disposition"]
    assert quote("企业月度数据-工业总产值-2026-06.xlsx") in r["Content-Disposition"]
    ws = workbook(r)["企业月度数据"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("统一社会信用代码", "单位详细名称", "指标") and len(rows) == 4
    assert {(r[0], r[2], r[5], r[8]) for r in rows[1:]} == {(A, "工业总产值", 6, 600), (B, "工业总产值", 6, 300),
                                                           (C, "工业总产值", 6, 175)}
    assert len(list(workbook(as_admin.get("/data/downloads/figures.xlsx")).active.iter_rows())) == 7

    ws = workbook(as_admin.get("/data/downloads/indicators.xlsx")).active
    assert [c.value for c in ws[1]] == ["指标代码", "指标名称", "计量单位", "类型", "来源", "汇总方式"]
    ws = workbook(as_admin.get("/data/downloads/batches.xlsx")).active
    assert ws["A1"].value == "批次" and ws["D2"].value == "规上工业2026年1-6月.xlsx" and ws["H2"].value == "有效"

    r = as_admin.get("/data/downloads/figures.xlsx?period=2026年六月")
    assert r.status_code == 400 and "无法识别的期别“2026年六月”" in r.content.decode()
    assert as_admin.get("/data/downloads/nothing.xlsx").status_code == 404


# --- in a real browser --------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.skipif(not shutil.which("chromium") and not os.path.exists("/usr/bin/chromium"),
                    reason="needs Debian's chromium")
def test_upload_check_confirm_and_progress_in_a_real_browser(live_server, tmp_path):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    from tests.browser import launch_chromium, log_in

    User.objects.create_user("wang", password=PW, first_name="王主任", is_staff=True)
    bad = june_workbook(tmp_path, "坏表2026年1-6月.xlsx", overrides={(0, ("gross_output", "本月")): "一百二"})
    good = june_workbook(tmp_path)
    shots = Path(os.environ.get("KEGONG_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.goto(live_server.url + "/data/import/")
        log_in(page, "wang", PW)
        page.wait_for_selector("#import-form")
        page.set_input_files("input[name=files]", [str(june_workbook(tmp_path)), str(may_workbook(tmp_path))])
        assert page.locator(".drop .chosen li").count() == 2  # the chosen files are listed in Chinese
        page.screenshot(path=str(shots / "data-import.png"), full_page=True)

        # the progress bar of a running job follows the cache and the page reloads when the job ends
        user = User.objects.get(username="wang")
        state = jobs._new_state(jobs.IMPORT, user.pk, [{"path": str(good), "name": good.name}], "tongji", None)
        state.update(stage="写入", file=good.name, done=5000, total=12000, percent=59)
        jobs._save(state)
        page.goto(f"{live_server.url}/data/import/{state['id']}/")
        page.wait_for_selector("#progress")
        assert page.inner_text(".steps li.now") == "写入" and page.locator(".steps li.done").count() == 2
        page.screenshot(path=str(shots / "data-import-progress.png"), full_page=True)
        jobs._update(state["id"], done=9000, percent=83)
        page.wait_for_function("() => document.querySelector('.progress-text .text').textContent.includes('9,000/12,000')")  # an arrow: a bare expression would be eval'd, which the CSP forbids
        assert page.get_attribute(".bar", "aria-valuenow") == "83"
        jobs._update(state["id"], stage="完成", percent=100, results=[], finished=time.time())
        page.wait_for_selector(".result.ok h2:has-text('导入完成')")
        page.goto(live_server.url + "/data/import/")

        page.set_input_files("input[name=files]", str(bad))
        page.click("#import-form button[type=submit]")
        page.wait_for_selector(".result.failed", timeout=30000)
        assert "第 5 行" in page.inner_text("ol.issues") and "一百二" in page.inner_text("ol.issues")
        page.screenshot(path=str(shots / "data-import-errors.png"), full_page=True)

        page.goto(live_server.url + "/data/import/")
        page.set_input_files("input[name=files]", str(good))
        page.select_option("select[name=source]", "tongji")
        page.click("#import-form button[type=submit]")
        page.wait_for_selector(".result.ok", timeout=30000)
        assert "检查通过" in page.inner_text("main")
        page.screenshot(path=str(shots / "data-import-check.png"), full_page=True)

        page.click("text=确认导入")
        page.wait_for_selector(".result.ok h2:has-text('导入完成')", timeout=30000)
        batch = ImportBatch.objects.get()
        assert batch.imported_by.username == "wang" and MonthlyFigure.objects.count() == 6
        assert "规上工业2026年1-6月.xlsx" in page.inner_text("table.summary")
        page.screenshot(path=str(shots / "data-import-done.png"), full_page=True)

        fix = import_files([template_workbook(tmp_path)])[0].summary.batch_id  # changes a figure of batch 1
        page.click("text=查看导入批次")
        page.wait_for_selector("table.batches")
        assert "王主任" in page.inner_text("table.batches")
        page.screenshot(path=str(shots / "data-batches.png"), full_page=True)

        page.click(f"a[href='/data/batches/{batch.pk}/rollback/']")
        page.wait_for_selector("button.danger")
        page.screenshot(path=str(shots / "data-batch-rollback.png"), full_page=True)
        page.fill("input[name=confirm_count]", str(batch.figures_written))  # the count typed to confirm
        page.click("button.danger")
        page.wait_for_selector("p.error.headline")
        assert f"请先撤销批次 {fix}" in page.inner_text("p.error.headline")
        page.screenshot(path=str(shots / "data-batch-rollback-refused.png"), full_page=True)
        page.goto(f"{live_server.url}/data/batches/{fix}/rollback/")
        page.fill("input[name=confirm_count]", str(ImportBatch.objects.get(pk=fix).figures_written))
        page.click("button.danger")
        page.wait_for_selector(".messages li.success")
        assert f"已撤销批次 {fix}" in page.inner_text(".messages")
        page.screenshot(path=str(shots / "data-batches-rolled-back.png"), full_page=True)

        page.goto(live_server.url + "/data/downloads/")
        page.screenshot(path=str(shots / "data-downloads.png"), full_page=True)

        User.objects.create_user("zhao", password=PW, first_name="赵科员")
        clerk = browser.new_page(viewport={"width": 1200, "height": 600})
        clerk.goto(live_server.url + "/data/import/")
        log_in(clerk, "zhao", PW)
        clerk.wait_for_selector("text=没有权限")
        assert "数据导入" not in clerk.inner_text("nav")
        clerk.screenshot(path=str(shots / "data-403.png"), full_page=True)
        browser.close()
        # the ORM calls above ran inside Playwright's event loop, where Django keeps a separate connection
        connections.close_all()
