"""Uploads that were checked but never imported.

The web import keeps each upload in ``<data folder>/uploads/<time>-<token>/`` (``kegong.web.jobs``); a check
(dry run) leaves the files there for 确认导入, whose import records the file's sha256 in its batch
(``ImportBatch.file_hash``; a ledger list in ``LedgerImport.digest``). A folder untouched for longer than the
limit (24 hours by default) none of whose files was ever imported was checked and abandoned: it is removed (a
late 确认导入 then asks for the file again: ``kegong.web.jobs`` checks that the files still exist). Imported
files stay (they are the sources a backup keeps).
"""

from __future__ import annotations

import hashlib
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from kegong import conf

DEFAULT_HOURS = 24


@dataclass(frozen=True)
class Cleanup:
    removed: list[Path]
    kept: int  # folders kept: imported, or younger than the limit
    bytes_freed: int


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def imported_hashes() -> set[str]:
    """The sha256 of every file ever imported (data batches and ledger lists), read by model name."""
    from django.apps import apps

    out: set[str] = set()
    for label, field in (("imports.ImportBatch", "file_hash"), ("ledgers.LedgerImport", "digest")):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        out.update(model.objects.values_list(field, flat=True))
    return out


def _newest(folder: Path) -> float:
    times = [folder.stat().st_mtime] + [p.stat().st_mtime for p in folder.rglob("*")]
    return max(times)


def upload_root() -> Path:
    return conf.data_dir() / "uploads"


def cleanup_uploads(older_than_hours: float = DEFAULT_HOURS, *, dry_run: bool = False,
                    now: float | None = None) -> Cleanup:
    """Remove the upload folders untouched for ``older_than_hours`` none of whose files was imported."""
    root = upload_root()
    if not root.is_dir():
        return Cleanup([], 0, 0)
    limit = (time.time() if now is None else now) - older_than_hours * 3600
    known = imported_hashes()
    removed, kept, freed = [], 0, 0
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.is_symlink()):
        try:
            files = [p for p in folder.rglob("*") if p.is_file()]
            if _newest(folder) > limit or any(_sha256(p) in known for p in files):
                kept += 1
                continue
            size = sum(p.stat().st_size for p in files)
        except OSError:
            continue
        if not dry_run:
            shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
        freed += size
    return Cleanup(removed, kept, freed)
