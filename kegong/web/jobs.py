"""Imports started from the web page.

The uploaded files are kept in the data folder (``DATA_DIR/uploads/<time>-<token>/<original name>``, a name
past ``MAX_NAME_BYTES`` shortened; the batch record and the period guessed from the file name see the name
the user gave). A check (dry run) or an
import is a task on the queue in the database (``kegong.jobs.tasks.import_job``, run by ``kegong worker`` or
the worker ``kegong serve`` starts) whose body, ``kegong.jobs.imports_work``, calls
``kegong.imports.services.import_files``; its state is the job's progress row (``kegong.jobs``), keyed by the
task result id, which every server process reads. See docs/jobs.md.

A job is a plain dict (see ``_new_state``); the stages are 排队/读取/校验/写入/完成/失败.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from django.apps import apps
from django.db import connections
from django.utils import timezone

from kegong.core.errors import KegongError
from kegong.jobs import imports_work, store
from kegong.jobs.imports_work import (  # noqa: F401  (views_mapping)
    CHECK,
    DONE,
    FAILED,
    IMPORT,
    QUEUED,
    READ,
    RECOVERABLE,
    TOTALS_REFUSED,
    TOWNS_REFUSED,
    VALIDATE,
    WRITE,
    upload_root,
)
from kegong.jobs.selectors import job_status
from kegong.jobs.services import job_state_save, job_state_update

FINISHED = (DONE, FAILED)
EXTENSIONS = (".xlsx", ".xls", ".csv")
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_NAME_BYTES = 200  # of a stored upload's file name (file systems allow 255)

_confirming = threading.Lock()  # a double click on 确认导入 starts one import
_one_at_a_time = threading.Lock()  # without the queue: imports in this process run one after the other


class JobError(KegongError):
    """Something the user asked for that cannot be done; the message is Chinese."""


# --- uploads ------------------------------------------------------------------------------------------

def _clean_name(name: str) -> str:
    name = Path(name.replace("\\", "/")).name
    return re.sub(r"[\x00-\x1f\x7f]", "", name).strip()


def _stored_name(name: str, taken: set[str]) -> str:
    """The name an upload is saved under: the user's own when it fits the file system (255 bytes a name),
    else the start of it and its extension within MAX_NAME_BYTES, cut on a character boundary — and unique
    in the folder. The user's name stays the one shown and recorded."""
    stem, ext = Path(name).stem, Path(name).suffix

    def fit(tag: str) -> str:
        if not tag and len(name.encode()) <= MAX_NAME_BYTES:
            return name
        room = MAX_NAME_BYTES - len((tag + ext).encode())
        return stem.encode()[:room].decode("utf-8", "ignore").rstrip() + tag + ext

    out, n = fit(""), 0
    while out in taken:
        n += 1
        out = fit(f"-{n}")
    taken.add(out)
    return out


def store_uploads(files: Iterable) -> list[dict]:
    """Save uploaded files (Django ``UploadedFile``) in a new folder under ``uploads``; returns
    ``[{"path": …, "name": original name}]``. Raises JobError before saving anything if one is unfit."""
    files = list(files)
    if not files:
        raise JobError("请选择要导入的文件（.xlsx、.xls 或 .csv）")
    names: list[str] = []
    for f in files:
        name = _clean_name(f.name or "")
        if not name or name in (".", ".."):
            raise JobError("有一个文件没有文件名")
        if Path(name).suffix.lower() not in EXTENSIONS:
            raise JobError(f"文件 {name} 不是 Excel 或 CSV 文件（只接受 .xlsx、.xls、.csv）")
        if f.size > MAX_FILE_BYTES:
            raise JobError(f"文件 {name} 超过 {MAX_FILE_BYTES // 1024 // 1024} MB")
        if name in names:
            raise JobError(f"同一次上传中有两个同名文件 {name}，请改名后再上传")
        names.append(name)
    folder = upload_root() / f"{timezone.localtime():%Y%m%d-%H%M%S}-{secrets.token_hex(4)}"
    folder.mkdir(parents=True)
    out: list[dict] = []
    taken: set[str] = set()
    for f, name in zip(files, names):
        path = folder / _stored_name(name, taken)
        with open(path, "wb") as dst:
            for chunk in f.chunks():
                dst.write(chunk)
        out.append({"path": str(path), "name": name})
    return out


# --- job state in the database (kegong.jobs) ----------------------------------------------------------

class JobStates:
    """Background jobs' states of one kind (imports here, reports in report_jobs), kept in the jobs' progress
    rows. ``get`` is the state a page shows: a job whose worker has stopped, or whose task failed outside its
    own handling, is 失败 with the reason in ``problem_key`` (the page's own line); one waiting with no worker
    says so in ``waiting_key``."""

    def __init__(self, kind_key: str, problem_key: str, waiting_key: str) -> None:
        self.kind_key, self.problem_key, self.waiting_key = kind_key, problem_key, waiting_key

    def get(self, job_id: str) -> dict | None:
        state = job_status(job_id)
        if state is None or self.kind_key not in state:
            return None
        if state["problem"]:
            state[self.problem_key if state["stage"] == FAILED else self.waiting_key] = state["problem"]
        return state

    def save(self, state: dict) -> None:
        job_state_save(state)

    def update(self, job_id: str, **changes) -> dict:
        return job_state_update(job_id=job_id, **changes)


_JOBS = JobStates("files", problem_key="headline", waiting_key="file")
get_job, _save, _update = _JOBS.get, _JOBS.save, _JOBS.update


def _new_state(kind: str, user_id: int, files: list[dict], source: str | None, period: str | None,
               choices: dict | None = None) -> dict:
    return {
        "choices": dict(choices or {}),  # kegong.imports.services.ImportChoices fields (profile, accept_totals, …)
        "columns": [],        # a failed check: the sheets whose columns need a mapping (SheetColumns as dicts)
        "recoverable": False,  # a failed check the user can put right here (mapping, 合计, new towns)
        "id": secrets.token_hex(16), "kind": kind, "user_id": user_id, "files": files, "source": source,
        "period": period, "stage": QUEUED, "file": "", "done": 0, "total": 0, "percent": 0,
        "started": time.time(), "finished": None,
        "results": [],        # per file, see _result_dict
        "errors": [],         # [{"loc": …, "message": …, "line": …}] as the CLI prints them
        "headline": "",       # 发现 N 处错误… / 意外错误
        "confirmed_as": None,  # a check job: the id of the import job started from it
        "from_check": None,    # an import job: the check job it came from
    }


def start(kind: str, *, user_id: int, files: list[dict], source: str | None = None, period: str | None = None,
          from_check: str | None = None, choices: dict | None = None) -> str:
    """Put a new job on the queue and record its state under the task result id; returns that id."""
    from kegong.jobs.tasks import import_job

    state = _new_state(kind, user_id, files, source, period, choices)
    state["from_check"] = from_check
    if not queued():
        return in_a_thread(state, _work, _one_at_a_time, "等待另一项导入完成")
    result = import_job.enqueue(state)
    job_state_save({**state, "id": result.id}, create_only=True)  # unless the worker was quicker
    return result.id


def queued() -> bool:
    """Whether jobs go on the queue in the database: ``kegong.jobs`` installed and its ``DatabaseBackend`` the
    default of ``TASKS``. Otherwise (settings without them; the tests of the pages) a job runs in a thread of
    this process as it did before the queue: seen by this process only, lost with it."""
    from django_tasks import task_backends

    from kegong.jobs.backend import DatabaseBackend

    return apps.is_installed("kegong.jobs") and isinstance(task_backends["default"], DatabaseBackend)


def in_a_thread(state: dict, work, lock: threading.Lock, waiting: str, key: str = "file", kind: str = "") -> str:
    """Record ``state`` and run ``work(job_id)`` in a background thread, one such job at a time."""
    _save(state)

    def run() -> None:
        try:
            if not lock.acquire(blocking=False):
                _update(state["id"], **{key: waiting})
                lock.acquire()
            try:
                work(state["id"])
            finally:
                lock.release()
        finally:
            connections.close_all()  # this thread's connections; the request threads keep theirs
            store.close()

    threading.Thread(target=run, name=f"kegong-{kind or state['kind']}-{state['id'][:8]}", daemon=True).start()
    return state["id"]


def confirm(check_id: str, user_id: int) -> str:
    """Start the real import of the files a finished check passed; a second confirm returns the same job."""
    with _confirming:
        return _confirm(check_id, user_id)


def _confirm(check_id: str, user_id: int) -> str:
    check = get_job(check_id)
    if check is None or check["user_id"] != user_id or check["kind"] != CHECK:
        raise JobError("找不到这次检查（可能已过期），请重新上传文件")
    if check["confirmed_as"]:
        return check["confirmed_as"]
    if check["stage"] != DONE:
        raise JobError("检查尚未通过，不能导入")
    if not any(not r["already_imported"] for r in check["results"]):
        raise JobError("这些文件都已导入过，无需再导入")
    missing = [f["name"] for f in check["files"] if not Path(f["path"]).exists()]
    if missing:
        raise JobError(f"上传的文件 {'、'.join(missing)} 已不在数据目录中，请重新上传")
    job_id = start(IMPORT, user_id=user_id, files=check["files"], source=check["source"], period=check["period"],
                   from_check=check_id, choices=check.get("choices"))
    _update(check_id, confirmed_as=job_id)
    return job_id


# --- the work (kegong.jobs.imports_work, run by the worker) ---------------------------------------------

def _work(job_id: str) -> None:
    """Run a stored job here and now (the worker runs ``kegong.jobs.tasks.import_job``; tests call this)."""
    imports_work.work(job_id, update=lambda job, **changes: _update(job, **changes))


_remove_upload_folder = imports_work.remove_upload_folder


def wait(job_id: str, timeout: float = 60.0) -> dict | None:
    """The job's state once it has finished (or after ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    while True:
        state = get_job(job_id)
        if state is None or state["stage"] in FINISHED or time.monotonic() > deadline:
            return state
        time.sleep(0.05)


STEPS = (READ, VALIDATE, WRITE, DONE)


def steps(state: dict) -> list[tuple[str, str]]:
    """The stages shown above the bar with their class: done, now or nothing yet."""
    now = STEPS.index(state["stage"]) if state["stage"] in STEPS else -1
    return [(s, "done" if i < now else "now" if i == now else "") for i, s in enumerate(STEPS)]


def progress_text(state: dict) -> str:
    """The line after the stage beside the progress bar, e.g. 第 1/2 个文件：… or …：5,000/12,000 条数据."""
    stage, file, done, total = state["stage"], state["file"], state["done"], state["total"]
    if stage == READ:
        return f"第 {done + 1}/{total} 个文件：{file}"
    if stage == VALIDATE:
        return f"对照已有数据：{file}"
    if stage == WRITE:
        return (f"{file}" + (f"：{done:,}/{total:,} 条数据" if total else "")
                + ("（试写入，检查后撤回）" if state["kind"] == CHECK else ""))
    if stage == QUEUED:
        return file or "等待开始"
    return ""


def public_state(state: dict) -> dict:
    """What the progress endpoint tells the page."""
    return {
        "id": state["id"], "kind": state["kind"], "stage": state["stage"], "file": state["file"],
        "done": state["done"], "total": state["total"], "percent": state["percent"], "text": progress_text(state),
        "finished": state["stage"] in FINISHED, "ok": state["stage"] == DONE, "headline": state["headline"],
        "summary": [r["line"] for r in state["results"]], "errors": [e["line"] for e in state["errors"]],
    }
