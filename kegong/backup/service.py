"""``backup``, ``restore`` and the scheduled ``backup_to_dir``.

An archive holds ``database/kegong.sqlite3`` (SQLite) or ``database/kegong.pgdump`` (PostgreSQL, custom
format), the data folder's ``uploads/`` and ``reports/`` under ``files/``, and ``manifest.json``: kegong's
version, when, the database vendor, the applied migrations, every table's row count and sha256 (read from the
snapshot itself) and every member's sha256. The panel store and caches are derived and rebuilt on demand.
Restore goes only into an empty data folder (SQLite) or an empty database (PostgreSQL), refuses an archive
whose members do not match the manifest, and re-reads every table's checksum after loading.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from kegong import conf
from kegong.backup import checksums, snapshot
from kegong.backup.archive import extract_verified, write_archive
from kegong.backup.errors import ArchiveRefused, BackupError
from kegong.backup.manifest import backup_name, beyond_retention, build_manifest, mismatches
from kegong.backup.permissions import secure
from kegong.backup.uploads import DEFAULT_HOURS, Cleanup, cleanup_uploads

FILE_DIRS = ("uploads", "reports")
DB_MEMBERS = {"sqlite": "database/kegong.sqlite3", "postgresql": "database/kegong.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# what kegong itself puts in a data folder before any data (settings make the key on first start)
HARMLESS = {"secret_key", "logs"}
Progress = Callable[[str, int], AbstractContextManager[Callable[[int], None]]]


@contextlib.contextmanager
def _no_bar(label: str, length: int) -> Iterator[Callable[[int], None]]:
    yield lambda n: None


@dataclass
class BackupResult:
    path: Path
    manifest: dict
    seconds: float
    removed: list[Path] = field(default_factory=list)  # older backups past the retention
    cleanup: Cleanup | None = None


@dataclass
class RestoreResult:
    manifest: dict
    tables: int
    mismatches: list[str]
    notes: list[str]
    seconds: float


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kegong")
    except PackageNotFoundError:
        return "unknown"


def data_files(root: Path) -> list[tuple[str, Path]]:
    out = []
    for sub in FILE_DIRS:
        folder = root / sub
        if folder.is_dir():
            out += [(f"files/{p.relative_to(root).as_posix()}", p) for p in sorted(folder.rglob("*"))
                    if p.is_file() and not p.is_symlink()]
    return out


def _snapshot(tmp: Path, vendor: str, bar: Progress) -> tuple[Path, dict, list]:
    from django.db import connection

    if vendor == "sqlite":
        db_file = tmp / "kegong.sqlite3"
        snapshot.sqlite_copy(Path(connection.settings_dict["NAME"]), db_file)
        with snapshot.sqlite_alias(db_file) as alias:
            with bar("计算各表校验值", checksums.row_total(alias)) as step:
                return db_file, checksums.table_checksums(alias, step), checksums.applied_migrations(alias)
    db_file = tmp / "kegong.pgdump"
    with snapshot.pg_snapshot(db_file), bar("计算各表校验值", checksums.row_total()) as step:
        return db_file, checksums.table_checksums("default", step), checksums.applied_migrations("default")


def backup(dest: Path, progress: Progress | None = None) -> BackupResult:
    """Write a backup archive of the configured database and data folder to ``dest``."""
    from django.db import connection

    bar = progress or _no_bar
    started = time.monotonic()
    vendor = connection.vendor
    if vendor not in DB_MEMBERS:
        raise BackupError(f"不支持备份 {vendor} 数据库")
    dest = dest.resolve()
    if dest.is_dir():
        raise BackupError(f"{dest} 是一个目录，请给出备份文件名（或用 --to-dir）")
    dest.parent.mkdir(parents=True, exist_ok=True)
    created = dt.datetime.now(dt.UTC)
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=".kegong-backup-") as tmp:
        db_file, tables, migrations = _snapshot(Path(tmp), vendor, bar)
        members = [(DB_MEMBERS[vendor], db_file), *data_files(conf.data_dir())]

        def manifest(files: dict) -> dict:
            return build_manifest(version=_version(), created_at=created, vendor=vendor,
                                  database=DB_MEMBERS[vendor], migrations=migrations, tables=tables, files=files)

        total = sum(p.stat().st_size for _, p in members if p.exists())
        with bar("写入备份文件", total) as step:
            stored = write_archive(dest, members, manifest, step)
    return BackupResult(dest, stored, time.monotonic() - started)


def backup_to_dir(folder: Path, keep: int, *, older_than_hours: float = DEFAULT_HOURS,
                  progress: Progress | None = None) -> BackupResult:
    """The daily backup: clean up abandoned uploads, write ``kegong-backup-<date>-<time>.tar.gz`` in
    ``folder`` and remove the oldest of those beyond ``keep``."""
    if keep < 1:
        raise BackupError("--keep 至少为 1")
    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    cleaned = cleanup_uploads(older_than_hours)
    result = backup(folder / backup_name(dt.datetime.now()), progress)
    for name in beyond_retention((p.name for p in folder.iterdir()), keep):
        (folder / name).unlink(missing_ok=True)
        result.removed.append(folder / name)
    result.cleanup = cleaned
    return result


def _require_empty_target(vendor: str, root: Path) -> None:
    if vendor == "sqlite":
        present = sorted(p.name for p in root.iterdir() if p.name not in HARMLESS) if root.exists() else []
        if present:
            raise BackupError(f"数据目录 {root} 不是空的（已有 {'、'.join(present[:5])}），恢复只能在空的数据目录中进行；"
                              "请用 --data-dir 指定一个新的空目录")
        return
    tables = snapshot.database_tables()
    if tables:
        from django.db import connection

        raise BackupError(f"数据库 {conf.describe_database(connection.settings_dict)} 不是空的（已有 {len(tables)} "
                          "张表），恢复只能在空的数据库中进行；请新建一个空数据库（createdb）再恢复")
    used = [d for d in FILE_DIRS if (root / d).is_dir() and any((root / d).iterdir())]
    if used:
        raise BackupError(f"数据目录 {root} 中已有 {'、'.join(used)}，恢复只能在空的数据目录中进行")


def _place_files(staging: Path, root: Path) -> None:
    for sub in FILE_DIRS:
        src = staging / "files" / sub
        if src.is_dir():
            dst = root / sub
            if dst.exists():
                dst.rmdir()  # empty (checked before)
            shutil.move(str(src), str(dst))


def restore(archive: Path, progress: Progress | None = None) -> RestoreResult:
    """Restore ``archive`` into the configured empty data folder or empty database and verify every table."""
    from django.db import connection

    bar = progress or _no_bar
    started = time.monotonic()
    vendor, root = connection.vendor, conf.data_dir()
    archive = archive.resolve()
    if not archive.is_file():
        raise ArchiveRefused(f"找不到备份文件 {archive}")
    _require_empty_target(vendor, root)
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.TemporaryDirectory(dir=root, prefix=".restore-") as tmp:
        staging = Path(tmp)
        with bar("读取并校验备份文件", archive.stat().st_size) as step:
            manifest = extract_verified(archive, staging, step)
        _load_database(manifest, vendor, staging, root)
        _place_files(staging, root)
    secure(root)
    with bar("核对各表校验值", sum(t["rows"] for t in manifest["tables"].values())) as step:
        actual = checksums.table_checksums("default", step)
    return RestoreResult(manifest, len(actual), mismatches(manifest["tables"], actual), migration_notes(manifest),
                         time.monotonic() - started)


def _load_database(manifest: dict, vendor: str, staging: Path, root: Path) -> None:
    source = manifest.get("database_vendor")
    if source != vendor:
        raise ArchiveRefused(f"这份备份来自 {VENDOR_NAMES.get(source, source)} 数据库，当前配置的是 "
                             f"{VENDOR_NAMES.get(vendor, vendor)}，只能恢复到同一种数据库")
    db_file = staging / manifest["database_file"]
    if manifest["database_file"] != DB_MEMBERS[vendor] or not db_file.is_file():
        raise ArchiveRefused("备份中没有数据库文件，拒绝恢复")
    if vendor == "sqlite":
        from django.db import connection

        connection.close()
        shutil.move(str(db_file), connection.settings_dict["NAME"])
    else:
        snapshot.pg_load(db_file)


def migration_notes(manifest: dict) -> list[str]:
    """What the restored database's migrations say against this kegong's code (Chinese lines)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    on_disk = set(executor.loader.disk_migrations)
    apps_on_disk = {a for a, _ in on_disk}
    unknown = {tuple(m) for m in manifest.get("migrations", []) if m[0] in apps_on_disk} - on_disk
    out = []
    if pending:
        out.append(f"备份的数据库表结构比当前程序旧（{len(pending)} 项变更未应用），请运行 kegong init 升级")
    if unknown:
        out.append(f"备份来自较新的 kegong（{len(unknown)} 项表结构变更当前程序不认识），请升级 kegong 后再使用")
    return out
