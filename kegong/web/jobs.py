"""Imports started from the web page.

The uploaded files are kept in the data folder (``DATA_DIR/uploads/<time>-<token>/<original name>``, a name
past ``MAX_NAME_BYTES`` shortened; the batch record and the period guessed from the file name see the name
the user gave). A check (dry run) or an
import runs in a background thread through ``kegong.imports.services.import_files``; its progress lives in
Django's cache under a job id, not in the database: during an import the SQLite database is held by one
write transaction, which would block progress writes.

A job is a plain dict (see ``_new_state``); the stages are 排队/读取/校验/写入/完成/失败.
"""

from __future__ import annotations

import contextlib
import logging
import re
import secrets
import shutil
import threading
import time
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.utils import timezone

from kegong.conf import database_message
from kegong.core.errors import KegongError

log = logging.getLogger(__name__)

CHECK, IMPORT = "check", "import"
QUEUED, READ, VALIDATE, WRITE, DONE, FAILED = "排队", "读取", "校验", "写入", "完成", "失败"
FINISHED = (DONE, FAILED)
EXTENSIONS = (".xlsx", ".xls", ".csv")
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_NAME_BYTES = 200  # of a stored upload's file name (file systems allow 255)
JOB_TTL = 24 * 3600  # seconds a job's state is kept in the cache
READ_SHARE = 30  # per cent of the bar given to reading the files; the rest to checking and writing them

_one_at_a_time = threading.Lock()  # imports in this process run one after the other
_confirming = threading.Lock()  # a double click on 确认导入 starts one import


class JobError(KegongError):
    """Something the user asked for that cannot be done; the message is Chinese."""


# --- uploads ------------------------------------------------------------------------------------------

def upload_root() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


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


# --- job state in the cache ---------------------------------------------------------------------------

class JobStates:
    """Background jobs' states in the cache under one key prefix (imports here, reports in report_jobs)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def get(self, job_id: str) -> dict | None:
        return cache.get(f"{self.prefix}:{job_id}")

    def save(self, state: dict) -> None:
        cache.set(f"{self.prefix}:{state['id']}", state, JOB_TTL)

    def update(self, job_id: str, **changes) -> dict:
        state = self.get(job_id) or {}
        state.update(changes)
        self.save(state)
        return state


_JOBS = JobStates("kegong:import-job")
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
    """Record a new job and run it in a background thread; returns the job id."""
    state = _new_state(kind, user_id, files, source, period, choices)
    state["from_check"] = from_check
    _save(state)
    threading.Thread(target=run, args=(state["id"],), name=f"kegong-{kind}-{state['id'][:8]}", daemon=True).start()
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


# --- the work -----------------------------------------------------------------------------------------

class _Tracker:
    """Turns the import service's stage and progress calls into the job state."""

    def __init__(self, job_id: str, n_files: int):
        self.job_id, self.n = job_id, max(n_files, 1)
        self.read, self.index = 0, -1

    def stage(self, stage: str, file: str) -> None:
        if stage == READ:
            self.read += 1
            percent = READ_SHARE * (self.read - 1) / self.n
            _update(self.job_id, stage=stage, file=file, done=self.read - 1, total=self.n, percent=round(percent))
            return
        if stage == VALIDATE:
            self.index += 1
        _update(self.job_id, stage=stage, file=file, done=0, total=0, percent=self._percent(0.0))

    def _percent(self, fraction: float) -> int:
        return round(READ_SHARE + (100 - READ_SHARE) * (max(self.index, 0) + fraction) / self.n)

    @contextlib.contextmanager
    def progress(self, label: str, length: int):
        done = 0
        _update(self.job_id, done=0, total=length)

        def step(n: int) -> None:
            nonlocal done
            done += n
            _update(self.job_id, done=done, total=length, percent=self._percent(done / length if length else 1))

        yield step


def _result_dict(r, dry_run: bool) -> dict:
    from kegong.imports.services import FINDINGS_SHOWN, result_line
    from kegong.readers.detect import source_label

    s = r.summary
    return {
        "file": r.display, "source": r.source, "source_label": source_label(r.source),
        "period": r.period_key or "—", "rows": r.rows_read, "already_imported": s.already_imported,
        "batch_id": s.batch_id if (s.already_imported or not dry_run) else None,
        "enterprises_created": s.enterprises_created, "enterprises_updated": s.enterprises_updated,
        "figures_written": s.figures_written, "figures_created": s.figures_created,
        "figures_updated": s.figures_updated, "figures_removed": s.figures_removed,
        "figures_unchanged": s.figures_unchanged, "line": result_line(r, dry_run),
        "findings": r.findings[:FINDINGS_SHOWN], "findings_more": max(len(r.findings) - FINDINGS_SHOWN, 0),
        "findings_total": len(r.findings),
    }


def run(job_id: str) -> None:
    """The body of a job (in its own thread): check or import, then record the outcome."""
    try:
        if not _one_at_a_time.acquire(blocking=False):
            _update(job_id, stage=QUEUED, file="等待另一项导入完成")
            _one_at_a_time.acquire()
        try:
            _work(job_id)
        finally:
            _one_at_a_time.release()
    finally:
        connections.close_all()  # this thread's connections; the request threads keep theirs


def _work(job_id: str) -> None:
    from django.contrib.auth import get_user_model

    from kegong.core.periods import Period
    from kegong.imports.services import ImportChoices, error_headline, import_files
    from kegong.readers.errors import IngestError

    state = get_job(job_id)
    if state is None:
        return
    dry_run = state["kind"] == CHECK
    tracker = _Tracker(job_id, len(state["files"]))
    try:
        user = get_user_model().objects.filter(pk=state["user_id"]).first()
        period = Period.parse(state["period"]) if state["period"] else None
        results = import_files([f["path"] for f in state["files"]], source=state["source"], period=period,
                               dry_run=dry_run, user=user, progress=tracker.progress, on_stage=tracker.stage,
                               display_names=[f["name"] for f in state["files"]],
                               choices=ImportChoices(**(state.get("choices") or {})))
    except IngestError as e:
        errors = [{"loc": str(i.loc) if i.loc.file else "", "message": i.message, "line": line}
                  for i, line in zip(e.issues, e.lines())]
        recoverable = bool(e.columns) or any(RECOVERABLE.search(i.message) for i in e.issues)
        _update(job_id, stage=FAILED, errors=errors, headline=error_headline(e), finished=time.time(),
                columns=[asdict(c) for c in e.columns], recoverable=recoverable and dry_run)
        if dry_run and not recoverable:
            _remove_upload_folder(state["files"])
        return
    except KegongError as e:  # a period, a batch, a file kegong refuses: the message says why
        _update(job_id, stage=FAILED, headline=f"未导入任何数据：{e.message}", finished=time.time())
        return
    except Exception as e:  # anything else: nothing was written (one transaction); say so and log it
        db = database_message(e)
        if db is None:
            log.exception("import job %s failed", job_id)
        headline = f"未导入任何数据：{db}" if db else f"导入时发生意外错误，未导入任何数据：{type(e).__name__}：{e}"
        _update(job_id, stage=FAILED, headline=headline, finished=time.time())
        return
    _update(job_id, stage=DONE, file="", percent=100, results=[_result_dict(r, dry_run) for r in results],
            finished=time.time())


# the refusals a user can lift on the check page (the readers' and the import service's wording)
TOTALS_REFUSED = re.compile(r"合计行与.*之和不符")
TOWNS_REFUSED = re.compile(r"如确为新设的乡镇或园区")
RECOVERABLE = re.compile(f"{TOTALS_REFUSED.pattern}|{TOWNS_REFUSED.pattern}")


def _remove_upload_folder(files: list[dict]) -> None:
    root = upload_root().resolve()
    for folder in {Path(f["path"]).parent.resolve() for f in files}:
        if folder.parent == root:
            shutil.rmtree(folder, ignore_errors=True)


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
