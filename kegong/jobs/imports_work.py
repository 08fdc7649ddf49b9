"""The body of a web check or import (moved here from ``kegong.web.jobs`` when the jobs went to the queue):
runs ``kegong.imports.services.import_files`` for a stored job state and records progress and outcome.

The state is the dict ``kegong.web.jobs`` makes (stages 排队/读取/校验/写入/完成/失败); it is kept through
``kegong.jobs.services.job_state_update``, so every process sees it.
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
import time
from dataclasses import asdict
from pathlib import Path

from django.conf import settings

from kegong.conf import database_message
from kegong.core.errors import KegongError
from kegong.jobs.selectors import job_status
from kegong.jobs.services import job_state_update

log = logging.getLogger(__name__)

CHECK, IMPORT = "check", "import"
QUEUED, READ, VALIDATE, WRITE, DONE, FAILED = "排队", "读取", "校验", "写入", "完成", "失败"
READ_SHARE = 30  # per cent of the bar given to reading the files; the rest to checking and writing them

# the refusals a user can lift on the check page (the readers' and the import service's wording)
TOTALS_REFUSED = re.compile(r"合计行与.*之和不符")
TOWNS_REFUSED = re.compile(r"如确为新设的乡镇或园区")
RECOVERABLE = re.compile(f"{TOTALS_REFUSED.pattern}|{TOWNS_REFUSED.pattern}")


def upload_root() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def _update(job_id: str, **changes) -> dict:
    return job_state_update(job_id=job_id, **changes)


class Tracker:
    """Turns the import service's stage and progress calls into the job state."""

    def __init__(self, job_id: str, n_files: int, update=None):
        self.job_id, self.n = job_id, max(n_files, 1)
        self.read, self.index = 0, -1
        self.update = update or _update

    def stage(self, stage: str, file: str) -> None:
        if stage == READ:
            self.read += 1
            percent = READ_SHARE * (self.read - 1) / self.n
            self.update(self.job_id, stage=stage, file=file, done=self.read - 1, total=self.n,
                        percent=round(percent))
            return
        if stage == VALIDATE:
            self.index += 1
        self.update(self.job_id, stage=stage, file=file, done=0, total=0, percent=self._percent(0.0))

    def _percent(self, fraction: float) -> int:
        return round(READ_SHARE + (100 - READ_SHARE) * (max(self.index, 0) + fraction) / self.n)

    @contextlib.contextmanager
    def progress(self, label: str, length: int):
        done = 0
        self.update(self.job_id, done=0, total=length)

        def step(n: int) -> None:
            nonlocal done
            done += n
            self.update(self.job_id, done=done, total=length, percent=self._percent(done / length if length else 1))

        yield step


def result_dict(r, dry_run: bool) -> dict:
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


def work(job_id: str, update=None) -> str:
    """Check or import the job's files, then record the outcome (through ``update(job_id, **changes)``, by
    default the job's progress row); returns the stage it ended in."""
    from django.contrib.auth import get_user_model

    from kegong.core.periods import Period
    from kegong.imports.services import ImportChoices, error_headline, import_files
    from kegong.readers.errors import IngestError

    state = job_status(job_id)
    if state is None or "files" not in state:
        return FAILED
    dry_run = state["kind"] == CHECK
    record = update or _update
    tracker = Tracker(job_id, len(state["files"]), record)
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
        record(job_id, stage=FAILED, errors=errors, headline=error_headline(e), finished=time.time(),
                columns=[asdict(c) for c in e.columns], recoverable=recoverable and dry_run)
        if dry_run and not recoverable:
            remove_upload_folder(state["files"])
        return FAILED
    except KegongError as e:  # a period, a batch, a file kegong refuses: the message says why
        record(job_id, stage=FAILED, headline=f"未导入任何数据：{e.message}", finished=time.time())
        return FAILED
    except Exception as e:  # anything else: nothing was written (one transaction); say so and log it
        db = database_message(e)
        if db is None:
            log.exception("import job %s failed", job_id)
        headline = f"未导入任何数据：{db}" if db else f"导入时发生意外错误，未导入任何数据：{type(e).__name__}：{e}"
        record(job_id, stage=FAILED, headline=headline, finished=time.time())
        return FAILED
    record(job_id, stage=DONE, file="", percent=100, results=[result_dict(r, dry_run) for r in results],
            finished=time.time())
    return DONE


def remove_upload_folder(files: list[dict]) -> None:
    root = upload_root().resolve()
    for folder in {Path(f["path"]).parent.resolve() for f in files}:
        if folder.parent == root:
            shutil.rmtree(folder, ignore_errors=True)
