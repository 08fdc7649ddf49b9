"""Background jobs on the queue in the database (kegong.jobs): a web check, import and report enqueued by the
pages and run by the worker; progress written through its own connection, so it is seen by any other
connection while an import holds the database; a job whose worker died is put back once, then failed with a
Chinese line; ``kegong worker`` for a bounded time; ``kegong serve``'s worker child.

Until kegong/settings.py installs the app: ``.venv/bin/pytest tests/test_jobs.py --ds=tests.jobs_settings``.
"""

from __future__ import annotations

import datetime as dt
import re
import signal
import sys
import threading
import time

import pytest
from click.testing import CliRunner
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections, transaction

from kegong.imports.models import ImportBatch
from kegong.imports.services import import_files
from tests.desk_data import june, load_county, staff, text_of

pytestmark = [pytest.mark.skipif("kegong.jobs" not in settings.INSTALLED_APPS,
                                 reason="kegong.jobs not installed: run with --ds=tests.jobs_settings"),
              pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _close_progress_connections():
    """The progress store's own connections closed after each test (PostgreSQL drops the test database)."""
    yield
    from kegong.jobs import store

    store.close_all()


@pytest.fixture
def queue(settings):
    """The database queue (the deployment's TASKS), nothing run until a worker runs it."""
    from kegong.jobs import conf_settings

    settings.TASKS = conf_settings.TASKS
    from kegong.web import jobs

    assert jobs.queued()


def in_another_thread(fn):
    """``fn()`` in a new thread: its own database connections (Django's and the progress store's)."""
    from kegong.jobs import store

    out: dict = {}

    def run():
        try:
            out["value"] = fn()
        finally:
            store.close()
            connections.close_all()

    t = threading.Thread(target=run)
    t.start()
    t.join(30)
    return out["value"]


def work_queue(n: int = 1) -> int:
    """Run the worker here until ``n`` tasks have run (the test's own transaction sees what it enqueued)."""
    from kegong.jobs.worker import run_worker

    return run_worker(max_tasks=n, interval=0.01, duration=60)


def post_upload(client, path) -> str:
    r = client.post("/data/import/", {"files": [SimpleUploadedFile(path.name, path.read_bytes())], "source": "",
                                      "period": ""})
    assert r.status_code == 302, text_of(r.content.decode())[:1000]
    m = re.fullmatch(r"/data/import/([0-9a-f]{32})/", r.url)
    assert m, r.url
    return m[1]


def status(client, job_id: str) -> dict:
    r = client.get(f"/data/import/{job_id}/status/")
    assert r.status_code == 200 and r["Content-Type"] == "application/json"
    return r.json()


# --- the progress row -------------------------------------------------------------------------------------

def test_progress_written_inside_an_import_transaction_is_seen_at_once_by_another_connection(db):
    from django.contrib.auth.models import User

    from kegong.jobs.selectors import job_progress
    from kegong.jobs.services import job_progress_set

    with transaction.atomic():  # as an import: the main database's write lock is held (SQLite)
        User.objects.create_user("holder")
        job_progress_set(job_id="j1", stage="写入", done=5000, total=12000, message="规上工业.xlsx",
                         data={"kind": "import"})
        seen = in_another_thread(lambda: job_progress("j1"))
        assert (seen["stage"], seen["done"], seen["total"], seen["message"]) == ("写入", 5000, 12000, "规上工业.xlsx")
        job_progress_set(job_id="j1", done=12000, data={"file": "x"})
        seen = in_another_thread(lambda: job_progress("j1"))
        assert seen["done"] == 12000 and seen["stage"] == "写入" and seen["data"] == {"kind": "import", "file": "x"}
        transaction.set_rollback(True)  # a check rolls back; its progress stays
    assert job_progress("j1")["done"] == 12000
    assert job_progress_set(job_id="j1", stage="排队", create_only=True)["stage"] == "写入"  # the first one wins


# --- a web check and import, a report, run by the worker ---------------------------------------------------

def test_a_web_check_and_import_are_queued_then_run_by_the_worker(client, tmp_path, queue):
    from kegong.jobs.selectors import job_progress

    client.force_login(staff())
    workbook = june(tmp_path)
    expected = import_files([workbook], dry_run=True)[0].summary  # the service itself, outside the jobs
    check_id = post_upload(client, workbook)
    s = status(client, check_id)
    assert (s["stage"], s["finished"], s["text"]) == ("排队", False, "等待开始")  # on the queue, nobody ran it
    assert not ImportBatch.objects.exists()

    assert work_queue() == 1
    assert in_another_thread(lambda: job_progress(check_id))["stage"] == "完成"  # read by another connection
    s = status(client, check_id)
    assert s["finished"] and s["ok"] and s["stage"] == "完成" and s["percent"] == 100
    assert f"写入数据 {expected.figures_written} 条" in s["summary"][0] and not ImportBatch.objects.exists()
    page = text_of(client.get(f"/data/import/{check_id}/").content.decode())
    assert "确认导入" in page

    r = client.post(f"/data/import/{check_id}/confirm/")
    import_id = re.fullmatch(r"/data/import/([0-9a-f]{32})/", r.url)[1]
    assert client.post(f"/data/import/{check_id}/confirm/").url == r.url  # a second click: the same job
    assert status(client, import_id)["stage"] == "排队"
    assert work_queue() == 1
    s = status(client, import_id)
    assert s["ok"] and s["stage"] == "完成"
    batch = ImportBatch.objects.get()
    assert batch.figures_written == expected.figures_written and batch.imported_by.username == "wang"


def test_a_report_is_queued_then_made_by_the_worker(client, tmp_path, queue):
    from kegong.reports.models import ReportDocument

    load_county(tmp_path)
    client.force_login(staff())
    r = client.post("/reports/make/", {"kind": "monthly", "period": "2026-06", "template": ""})
    job_id = re.fullmatch(r"/reports/jobs/([0-9a-f]{32})/", r.url)[1]
    box = client.get(f"/reports/jobs/{job_id}/status/").content.decode()
    assert "hx-trigger" in box and "等待开始" in text_of(box)  # htmx polls
    assert work_queue() == 1
    box = client.get(f"/reports/jobs/{job_id}/status/").content.decode()
    doc = ReportDocument.objects.get()
    assert "报告已生成" in box and "hx-trigger" not in box and f"/reports/files/{doc.pk}/" in box
    assert "完成" in text_of(box)


@pytest.mark.django_db(transaction=True)
def test_without_the_database_queue_a_job_runs_in_a_thread_of_the_process(client, tmp_path, settings):
    from kegong.jobs import conf_settings
    from kegong.jobs.models import QueuedTask
    from kegong.web import jobs

    settings.TASKS = conf_settings.TASKS_IMMEDIATE  # as the tests of the pages have it
    assert not jobs.queued()
    client.force_login(staff())
    job_id = post_upload(client, june(tmp_path))
    state = jobs.wait(job_id)
    assert state["stage"] == "完成" and status(client, job_id)["ok"] and not QueuedTask.objects.exists()


# --- a worker that died, a queue with no worker -------------------------------------------------------------

def _start_import(tmp_path, user) -> str:
    from kegong.web import jobs

    files = jobs.store_uploads([SimpleUploadedFile("规上工业2026年1-6月.xlsx", june(tmp_path).read_bytes())])
    return jobs.start(jobs.CHECK, user_id=user.pk, files=files)


def _mark_running(job_id: str, worker_ids: list[str]) -> None:
    from kegong.jobs.models import RUNNING, QueuedTask

    QueuedTask.objects.filter(pk=job_id).update(status=RUNNING, worker_ids=worker_ids)


def test_a_job_whose_worker_died_is_shown_failed_then_picked_up_again(client, tmp_path, queue):
    from kegong.jobs.selectors import WORKER_LOST

    client.force_login(user := staff())
    job_id = _start_import(tmp_path, user)
    _mark_running(job_id, ["gone-host:1:deadbeef"])  # claimed by a worker that never beats again
    s = status(client, job_id)
    assert s["finished"] and not s["ok"] and s["stage"] == "失败" and s["headline"] == WORKER_LOST
    assert "后台进程已停止" in text_of(client.get(f"/data/import/{job_id}/").content.decode())

    assert work_queue() == 1  # the next worker puts it back and runs it
    s = status(client, job_id)
    assert s["ok"] and s["stage"] == "完成"
    from kegong.jobs.models import QueuedTask

    assert len(QueuedTask.objects.get(pk=job_id).worker_ids) == 2


def test_a_job_cut_off_twice_is_failed_with_a_chinese_message(client, tmp_path, queue):
    from kegong.jobs.models import FAILED, QueuedTask
    from kegong.jobs.worker import GAVE_UP, recover_lost

    client.force_login(user := staff())
    job_id = _start_import(tmp_path, user)
    _mark_running(job_id, ["gone:1:a", "gone:2:b"])
    assert recover_lost() == 1
    assert QueuedTask.objects.get(pk=job_id).status == FAILED
    s = status(client, job_id)
    assert s["finished"] and s["stage"] == "失败" and s["headline"] == GAVE_UP
    from kegong.jobs.worker import run_worker

    assert run_worker(max_tasks=1, interval=0.01, duration=0.3) == 0  # nothing left to run


def test_a_job_waiting_with_no_worker_says_so(client, tmp_path, queue):
    from kegong.jobs.models import QueuedTask
    from kegong.jobs.selectors import NO_WORKER

    client.force_login(user := staff())
    job_id = _start_import(tmp_path, user)
    QueuedTask.objects.filter(pk=job_id).update(enqueued_at=QueuedTask.objects.get(pk=job_id).enqueued_at
                                                - dt.timedelta(minutes=1))
    s = status(client, job_id)
    assert not s["finished"] and s["stage"] == "排队" and s["text"] == NO_WORKER


def test_a_task_that_raises_is_failed_and_the_worker_goes_on(client, tmp_path, queue, monkeypatch):
    from kegong.jobs import imports_work

    client.force_login(user := staff())
    first, second = _start_import(tmp_path, user), _start_import(tmp_path, user)
    real = imports_work.work
    monkeypatch.setattr(imports_work, "work", lambda job_id: (_ for _ in ()).throw(RuntimeError("磁盘已满"))
                        if job_id == first else real(job_id))
    assert work_queue(2) == 2
    s = status(client, first)
    assert s["finished"] and s["stage"] == "失败" and "后台任务意外出错" in s["headline"] and "磁盘已满" in s["headline"]
    assert status(client, second)["ok"]


# --- kegong worker, kegong serve's child --------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_the_worker_command_runs_the_queue_and_exits(client, tmp_path, queue):
    from kegong.cli import main
    from kegong.jobs.selectors import job_status

    client.force_login(user := staff())
    job_id = _start_import(tmp_path, user)
    before = signal.getsignal(signal.SIGTERM)
    try:
        r = CliRunner().invoke(main, ["worker", "--once", "--interval", "0.05", "--duration", "120"])
    finally:
        signal.signal(signal.SIGTERM, before)
    assert r.exit_code == 0, r.output
    assert "共处理 1 项任务" in r.output
    seen = in_another_thread(lambda: job_status(job_id))  # another connection: committed, not a test transaction
    assert seen["stage"] == "完成" and seen["task_status"] == "SUCCESSFUL"
    assert status(client, job_id)["ok"]


def test_serve_keeps_a_worker_child_and_stops_it(monkeypatch):
    from kegong.cli import worker as worker_cli

    monkeypatch.setattr(worker_cli, "RESTART_AFTER", 0.05)

    class Child(worker_cli.WorkerChild):
        runs = 0

        def command(self):
            Child.runs += 1
            code = "import time; time.sleep(60)" if Child.runs > 1 else "pass"  # the first one stops at once
            return [sys.executable, "-c", code]

    child = Child().start()
    try:
        deadline = time.monotonic() + 30
        while Child.runs < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.2)
        assert Child.runs == 2 and child.proc.poll() is None  # started again, and running
    finally:
        child.stop(timeout=5)
    assert child.proc.poll() is not None


def test_old_finished_jobs_are_forgotten(client, tmp_path, queue):
    from kegong.jobs.models import QueuedTask
    from kegong.jobs.selectors import job_status
    from kegong.jobs.services import job_progress_set, jobs_prune

    client.force_login(user := staff())
    old, new = _start_import(tmp_path, user), _start_import(tmp_path, user)
    assert work_queue(2) == 2
    QueuedTask.objects.filter(pk=old).update(finished_at=QueuedTask.objects.get(pk=old).finished_at
                                             - dt.timedelta(days=40))
    job_progress_set(job_id="stale", stage="完成")
    assert jobs_prune(before=QueuedTask.objects.get(pk=new).finished_at - dt.timedelta(days=1)) == 1
    assert job_status(old)["stage"] == "完成"  # its progress row was written just now: kept until it is old
    assert QueuedTask.objects.filter(pk=new).exists() and not QueuedTask.objects.filter(pk=old).exists()
