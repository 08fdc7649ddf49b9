"""kegong backup / restore / cleanup-uploads, end to end through the CLI (each run a process of its own with
its own data folder), plus the pure helpers; the PostgreSQL
round trip (at the end) is skipped when PostgreSQL at 127.0.0.1:5432 cannot be reached."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
import tarfile
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest

from kegong.backup.manifest import (
    Column,
    backup_name,
    beyond_retention,
    canonical,
    file_mismatches,
    mismatches,
    safe_member,
    table_checksum,
)
from kegong.backup.permissions import loose

ROOT = Path(__file__).resolve().parent.parent


def kegong(args: list[str], data_dir: Path, *, database_url: str | None = None, check: bool = True):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["KEGONG_DATA_DIR"] = str(data_dir)
    if database_url:
        env["DATABASE_URL"] = database_url
    done = subprocess.run([sys.executable, "-m", "kegong", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)
    if check and done.returncode != 0:
        raise AssertionError(f"kegong {' '.join(args)} → {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): sha256(p) for p in sorted(root.rglob("*")) if p.is_file()}


class FigureWriter(threading.Thread):
    """Writes figures while a backup runs: each commit moves 1 from one figure's value to another's, so the
    sum of all values is the same in every committed state (a torn snapshot would show it)."""

    def __init__(self, db: Path):
        super().__init__(daemon=True)
        self.db, self.commits, self.stop, self.error = db, 0, threading.Event(), None

    def run(self) -> None:
        try:
            con = sqlite3.connect(self.db, timeout=30, isolation_level=None)
            ids = [r[0] for r in con.execute("SELECT id FROM figures_monthlyfigure ORDER BY id LIMIT 400")]
            while not self.stop.is_set():
                a, b = ids[self.commits % len(ids)], ids[(self.commits * 7 + 3) % len(ids)]
                con.execute("BEGIN IMMEDIATE")
                con.execute("UPDATE figures_monthlyfigure SET value = value + 1 WHERE id = ?", (a,))
                con.execute("UPDATE figures_monthlyfigure SET value = value - 1 WHERE id = ?", (b,))
                con.execute("COMMIT")
                self.commits += 1
            con.close()
        except Exception as e:  # reported by the test
            self.error = e


def figure_sum(db: Path) -> Decimal:
    con = sqlite3.connect(db)
    try:
        values = [Decimal(str(v)) for (v,) in con.execute("SELECT value FROM figures_monthlyfigure")]
    finally:
        con.close()
    return sum(values, Decimal(0)).quantize(Decimal("0.0001"))


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """A 150-firm demo with an upload folder (a checked file and a CSV) and a generated report."""
    root = tmp_path_factory.mktemp("bk") / "source"
    kegong(["demo", "--quiet", "--through", "2026-06"], root)
    up = root / "uploads" / "20260701-101500-ab12cd34"
    up.mkdir(parents=True)
    (up / "2026年6月规上工业.csv").write_text("统一社会信用代码,企业名称\n91330100MA2XXXXXX1,示例\n",
                                            encoding="utf-8")
    (root / "reports").mkdir(exist_ok=True)
    (root / "reports" / "20260702-090000-0123456789ab.docx").write_bytes(os.urandom(5000))
    return root


@pytest.fixture(scope="module")
def round_trip(source, tmp_path_factory):
    """Back up ``source`` while a thread writes figures, then restore into an empty folder."""
    work = tmp_path_factory.mktemp("bk-out")
    db = source / "kegong.sqlite3"
    before = figure_sum(db)
    writer = FigureWriter(db)
    writer.start()
    while writer.commits < 20 and writer.is_alive():
        time.sleep(0.01)
    at_start = writer.commits
    archive = work / "kegong.tar.gz"
    out = kegong(["backup", "-o", str(archive), "--quiet"], source)
    during = writer.commits - at_start
    writer.stop.set()
    writer.join(10)
    assert writer.error is None, writer.error
    target = work / "restored"
    restored = kegong(["restore", str(archive), "--quiet"], target)
    return {"archive": archive, "target": target, "before": before, "during": during, "backup": out,
            "restore": restored, "work": work}


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive) as tar:
        return json.loads(tar.extractfile("manifest.json").read())


def test_round_trip_while_figures_are_written(source, round_trip):
    assert round_trip["during"] > 0, "the writer made no commit while the backup ran"
    assert "已备份到" in round_trip["backup"].stdout
    assert "校验值均与备份一致" in round_trip["restore"].stdout
    target, manifest = round_trip["target"], manifest_of(round_trip["archive"])
    # every committed state keeps the sum: the snapshot holds whole transactions only
    assert figure_sum(target / "kegong.sqlite3") == round_trip["before"]
    # the manifest's counts are the restored tables' own, counted here with plain sqlite3
    con = sqlite3.connect(target / "kegong.sqlite3")
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                             "AND name NOT LIKE 'sqlite_%'")}
        counts = {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
        applied = sorted([a, n] for a, n in con.execute("SELECT app, name FROM django_migrations"))
    finally:
        con.close()
    assert counts == {t: v["rows"] for t, v in manifest["tables"].items()}
    assert counts["figures_monthlyfigure"] > 10000 and counts["enterprises_enterprise"] >= 140
    assert manifest["migrations"] == applied
    assert manifest["database_vendor"] == "sqlite" and manifest["kegong_version"]
    dt.datetime.fromisoformat(manifest["created_at"])


def test_the_uploads_and_reports_come_back_byte_for_byte(source, round_trip):
    target = round_trip["target"]
    for sub in ("uploads", "reports"):
        assert tree(target / sub) == tree(source / sub) and tree(target / sub)
    manifest = manifest_of(round_trip["archive"])
    for name, meta in manifest["files"].items():
        if name.startswith("files/"):
            assert sha256(target / name.removeprefix("files/")) == meta["sha256"]


def test_restore_refuses_a_folder_that_is_not_empty(round_trip):
    done = kegong(["restore", str(round_trip["archive"]), "--quiet"], round_trip["target"], check=False)
    assert done.returncode == 2
    assert "不是空的" in done.stderr and "恢复只能在空的数据目录中进行" in done.stderr


def _rewrite(archive: Path, dest: Path, change) -> None:
    """Copy ``archive`` to ``dest``, passing each member's (name, bytes) through ``change``."""
    with tarfile.open(archive) as src, tarfile.open(dest, "w:gz") as out:
        for m in src.getmembers():
            data = change(m.name, src.extractfile(m).read())
            info = tarfile.TarInfo(m.name)
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))


def test_a_tampered_member_is_refused_before_anything_is_restored(round_trip):
    bad = round_trip["work"] / "tampered.tar.gz"
    _rewrite(round_trip["archive"], bad,
             lambda name, data: data + b"x" if name.endswith(".csv") else data)
    target = round_trip["work"] / "into-tampered"
    done = kegong(["restore", str(bad), "--quiet"], target, check=False)
    assert done.returncode == 2 and "拒绝恢复" in done.stderr and "校验值不符" in done.stderr
    assert not (target / "kegong.sqlite3").exists() and not (target / "uploads").exists()


def test_a_member_the_manifest_does_not_list_is_refused(round_trip):
    bad = round_trip["work"] / "extra.tar.gz"
    with tarfile.open(round_trip["archive"]) as src:
        members = [(m.name, src.extractfile(m).read()) for m in src.getmembers()]
    with tarfile.open(bad, "w:gz") as out:
        for name, data in [("files/uploads/planted.csv", b"a,b\n"), *members]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))
    done = kegong(["restore", str(bad), "--quiet"], round_trip["work"] / "into-extra", check=False)
    assert done.returncode == 2 and "planted.csv 不在清单中" in done.stderr


def test_a_table_that_does_not_match_its_checksum_is_reported(round_trip):
    """A manifest whose checksum for one table differs from the data: loaded, verified, reported, exit 2."""
    def change(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        m = json.loads(data)
        m["tables"]["figures_indicator"]["sha256"] = "0" * 64
        m["tables"]["enterprises_orgunit"]["rows"] += 1
        return json.dumps(m).encode()

    bad = round_trip["work"] / "wrong-checksum.tar.gz"
    _rewrite(round_trip["archive"], bad, change)
    done = kegong(["restore", str(bad), "--quiet"], round_trip["work"] / "into-wrong", check=False)
    assert done.returncode == 2
    assert "不符：表 figures_indicator：行数相同" in done.stderr
    assert "不符：表 enterprises_orgunit：行数不符" in done.stderr
    assert "2 张表与备份清单不符" in done.stderr


def test_a_file_that_is_no_archive_is_refused(tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    done = kegong(["restore", str(junk), "--quiet"], tmp_path / "empty", check=False)
    assert done.returncode == 2 and "不是完整的 kegong 备份文件" in done.stderr


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_data_folders_archives_and_restores_are_private(source, round_trip):
    made_here = ("uploads", "reports")  # written by this test's own process, not by kegong
    assert [p for p in loose(source) if p.relative_to(source).parts[0] not in made_here] == []
    assert mode(source) == 0o700 and mode(source / "panel") == 0o700
    assert mode(source / "kegong.sqlite3") == 0o600
    assert mode(round_trip["archive"]) == 0o600
    assert loose(round_trip["target"]) == []


def test_check_warns_about_loose_permissions_and_init_tightens_them(round_trip):
    target = round_trip["target"]
    os.chmod(target / "kegong.sqlite3", 0o644)
    os.chmod(target / "uploads", 0o755)
    done = kegong(["check"], target)
    assert "权限过宽" in done.stderr and "kegong.sqlite3（0644）" in done.stderr and "uploads（0755）" in done.stderr
    kegong(["init"], target)
    assert mode(target / "kegong.sqlite3") == 0o600 and mode(target / "uploads") == 0o700
    assert "权限过宽" not in kegong(["check"], target).stderr


def test_uploads_the_server_stores_are_private(source):
    """What a kegong process saves later (here an upload, as the import page stores it) is 0700/0600."""
    code = ("from kegong.cli.app import setup_django; setup_django()\n"
            "from django.core.files.uploadedfile import SimpleUploadedFile\n"
            "from kegong.web.jobs import store_uploads\n"
            "print(store_uploads([SimpleUploadedFile('规上.csv', b'a,b\\n1,2\\n')])[0]['path'])\n")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["KEGONG_DATA_DIR"] = str(source)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=True)
    stored = Path(done.stdout.strip().splitlines()[-1])
    try:
        assert mode(stored) == 0o600 and mode(stored.parent) == 0o700
    finally:
        import shutil

        shutil.rmtree(stored.parent)


def _old(path: Path, hours: float) -> None:
    t = time.time() - hours * 3600
    for p in [*path.rglob("*"), path]:
        os.utime(p, (t, t))


def test_daily_backup_keeps_n_and_cleans_up_abandoned_uploads(source, tmp_path):
    folder = tmp_path / "daily"
    folder.mkdir()
    old = ["kegong-backup-20260101-020000.tar.gz", "kegong-backup-20260102-020000.tar.gz",
           "kegong-backup-20260103-020000.tar.gz"]
    for name in old:
        (folder / name).write_bytes(b"old")
    (folder / "notes.txt").write_text("not a backup")
    abandoned = source / "uploads" / "20260601-080000-deadbeef"
    abandoned.mkdir(parents=True)
    (abandoned / "检查后未导入.xlsx").write_bytes(b"PK" + os.urandom(100))
    _old(abandoned, 30)
    done = kegong(["backup", "--to-dir", str(folder), "--keep", "2", "--quiet"], source)
    names = sorted(p.name for p in folder.iterdir())
    new = [n for n in names if n.startswith("kegong-backup-") and n not in old]
    assert len(new) == 1 and names == sorted([old[-1], new[0], "notes.txt"])
    assert "已清理未确认导入的上传 1 批" in done.stdout
    assert not abandoned.exists() and (source / "uploads" / "20260701-101500-ab12cd34").exists()
    assert not any("deadbeef" in n for n in manifest_of(folder / new[0])["files"])


@pytest.mark.django_db
def test_cleanup_removes_only_old_uploads_no_file_of_which_was_imported(settings, tmp_path):
    from kegong.backup.uploads import cleanup_uploads
    from kegong.imports.models import ImportBatch
    from kegong.ledgers.models import LedgerImport

    settings.DATA_DIR = tmp_path
    os.environ["KEGONG_DATA_DIR"], saved = str(tmp_path), os.environ["KEGONG_DATA_DIR"]
    try:
        folders = {k: tmp_path / "uploads" / f"2026060{i}-080000-{k}" for i, k in enumerate(
            ["imported", "ledger", "abandoned", "fresh"], 1)}
        for key, folder in folders.items():
            folder.mkdir(parents=True)
            (folder / f"{key}.xlsx").write_bytes(key.encode() * 50)
            if key != "fresh":
                _old(folder, 25)
        ImportBatch.objects.create(source="tongji", file_name="imported.xlsx",
                                   file_hash=sha256(folders["imported"] / "imported.xlsx"))
        LedgerImport.objects.create(ledger="tech", file_name="ledger.xlsx",
                                    digest=sha256(folders["ledger"] / "ledger.xlsx"))
        listed = cleanup_uploads(24, dry_run=True)
        assert listed.removed == [folders["abandoned"]] and folders["abandoned"].exists()
        result = cleanup_uploads(24)
        assert result.removed == [folders["abandoned"]] and result.kept == 3
        assert result.bytes_freed == len(b"abandoned") * 50
        assert sorted(p.name for p in (tmp_path / "uploads").iterdir()) == sorted(
            f.name for k, f in folders.items() if k != "abandoned")
    finally:
        os.environ["KEGONG_DATA_DIR"] = saved


def test_backup_needs_exactly_one_destination(source, tmp_path):
    for args in ([], ["-o", str(tmp_path / "a.tar.gz"), "--to-dir", str(tmp_path)]):
        done = kegong(["backup", *args], source, check=False)
        assert done.returncode == 2 and "二者选一" in done.stderr
    assert not (tmp_path / "a.tar.gz").exists()


def test_pg_tools_get_the_connection_settings():
    from kegong.backup.snapshot import _pg_env_args

    env, args = _pg_env_args({"NAME": "kg", "HOST": "db.example", "PORT": 5433, "USER": "kegong",
                              "PASSWORD": "s3cret", "OPTIONS": {"sslmode": "require"}})
    assert args == ["-h", "db.example", "-p", "5433", "-U", "kegong", "-d", "kg"]
    assert env["PGPASSWORD"] == "s3cret" and env["PGSSLMODE"] == "require"
    assert "s3cret" not in " ".join(args)  # never on the command line (ps would show it)


# --- the pure helpers ----------------------------------------------------------------------------------

def test_values_as_sqlite_and_postgresql_return_them_give_one_checksum():
    cols = [Column("id", "int"), Column("ok", "bool"), Column("amount", "decimal", 4), Column("day", "date"),
            Column("at", "datetime"), Column("extra", "json"), Column("name", "text")]
    sqlite_row = (1, 1, 1234.5, "2026-06-30", "2026-07-01 02:03:04.000005", '{"b": 1, "a": [1, 2]}', "青溪")
    pg_row = (1, True, Decimal("1234.5000"), dt.date(2026, 6, 30),
              dt.datetime(2026, 7, 1, 10, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=8))),
              '{"a": [1, 2], "b": 1}', "青溪")
    assert table_checksum([sqlite_row], cols) == table_checksum([pg_row], cols)
    other = (1, True, Decimal("1234.5001"), *pg_row[3:])
    assert table_checksum([other], cols) != table_checksum([pg_row], cols)
    assert table_checksum([], cols)["rows"] == 0
    expected = hashlib.sha256(b'[1,true,"1234.5000"]\n').hexdigest()
    assert table_checksum([(1, 1, 1234.5)], cols[:3])["sha256"] == expected
    assert canonical(None, "int") is None and canonical(b"\x01\xff", "bytes") == "01ff"


def test_row_order_matters_and_comparisons_name_each_table():
    cols = [Column("id", "int")]
    assert table_checksum([(1,), (2,)], cols) != table_checksum([(2,), (1,)], cols)
    a = {"t1": {"rows": 2, "sha256": "x"}, "t2": {"rows": 1, "sha256": "y"}, "t3": {"rows": 0, "sha256": "z"}}
    b = {"t1": {"rows": 3, "sha256": "x"}, "t2": {"rows": 1, "sha256": "q"}, "t4": {"rows": 0, "sha256": "z"}}
    lines = mismatches(a, b)
    assert len(lines) == 4 and "t1" in lines[0] and "行数不符" in lines[0] and "内容校验值不符" in lines[1]
    assert mismatches(a, a) == []
    assert file_mismatches({"a": "1", "b": "2"}, {"a": "1", "c": "3"}) == ["清单中的 b 不在备份中", "c 不在清单中"]


def test_retention_and_names():
    names = [backup_name(dt.datetime(2026, 1, d, 2, 0, 0)) for d in (3, 1, 2, 4)] + ["x.tar.gz"]
    assert beyond_retention(names, 2) == ["kegong-backup-20260101-020000.tar.gz",
                                          "kegong-backup-20260102-020000.tar.gz"]
    assert beyond_retention(names, 10) == []
    assert safe_member("files/uploads/a/b.csv") and not safe_member("../x") and not safe_member("/etc/passwd")
    assert not safe_member("files/../../x") and not safe_member("a\\b")


# --- PostgreSQL ------------------------------------------------------------------------------------------

PG_HOST = ("-h", "127.0.0.1", "-p", "5432", "-U", "postgres")


def _pg_reachable() -> bool:
    import shutil

    if not all(shutil.which(t) for t in ("createdb", "dropdb", "pg_dump", "pg_restore")):
        return False
    try:
        import psycopg

        psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", connect_timeout=3).close()
    except Exception:
        return False
    return True


needs_postgres = pytest.mark.skipif(not _pg_reachable(), reason="PostgreSQL at 127.0.0.1:5432 not reachable")


@pytest.fixture
def pg_databases():
    import secrets

    names = [f"kegong_bk_{secrets.token_hex(4)}_{role}" for role in ("src", "dst")]
    for name in names:
        subprocess.run(["createdb", *PG_HOST, name], check=True, capture_output=True)
    yield [f"postgresql://postgres@127.0.0.1:5432/{name}" for name in names]
    for name in names:
        subprocess.run(["dropdb", *PG_HOST, "--if-exists", "--force", name], capture_output=True)


class PgFigureWriter(FigureWriter):
    def __init__(self, url: str):
        super().__init__(Path())
        self.url = url

    def run(self) -> None:
        import psycopg

        try:
            with psycopg.connect(self.url) as con:
                ids = [r[0] for r in con.execute("SELECT id FROM figures_monthlyfigure ORDER BY id LIMIT 400")]
                con.commit()
                while not self.stop.is_set():
                    a, b = ids[self.commits % len(ids)], ids[(self.commits * 7 + 3) % len(ids)]
                    con.execute("UPDATE figures_monthlyfigure SET value = value + 1 WHERE id = %s", (a,))
                    con.execute("UPDATE figures_monthlyfigure SET value = value - 1 WHERE id = %s", (b,))
                    con.commit()
                    self.commits += 1
        except Exception as e:
            self.error = e


def _pg(url: str, sql: str):
    import psycopg

    with psycopg.connect(url) as con:
        return con.execute(sql).fetchall()


@needs_postgres
def test_postgresql_round_trip_while_figures_are_written(pg_databases, round_trip, tmp_path):
    src_url, dst_url = pg_databases
    src_dir, dst_dir = tmp_path / "pg-src", tmp_path / "pg-dst"
    kegong(["demo", "--quiet", "--through", "2026-06"], src_dir, database_url=src_url)
    up = src_dir / "uploads" / "20260701-101500-0badf00d"
    up.mkdir(parents=True)
    (up / "电力.xlsx").write_bytes(b"PK" + os.urandom(2000))
    (before,) = _pg(src_url, "SELECT SUM(value) FROM figures_monthlyfigure")[0]
    writer = PgFigureWriter(src_url)
    writer.start()
    while writer.commits < 20 and writer.is_alive():
        time.sleep(0.01)
    at_start = writer.commits
    archive = tmp_path / "pg.tar.gz"
    kegong(["backup", "-o", str(archive), "--quiet"], src_dir, database_url=src_url)
    during = writer.commits - at_start
    writer.stop.set()
    writer.join(10)
    assert writer.error is None and during > 0
    done = kegong(["restore", str(archive), "--quiet"], dst_dir, database_url=dst_url)
    assert "校验值均与备份一致" in done.stdout
    manifest = manifest_of(archive)
    assert manifest["database_vendor"] == "postgresql" and "database/kegong.pgdump" in manifest["files"]
    assert _pg(dst_url, "SELECT SUM(value) FROM figures_monthlyfigure")[0][0] == before
    tables = [t for (t,) in _pg(dst_url, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                               "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition")]  # partitions are their table's
    counts = {t: _pg(dst_url, f'SELECT COUNT(*) FROM "{t}"')[0][0] for t in tables}
    assert counts == {t: v["rows"] for t, v in manifest["tables"].items()}
    assert tree(dst_dir / "uploads") == tree(src_dir / "uploads")
    # the same rows give the same checksum on SQLite: tables the writers did not touch and that hold no
    # time of their own, from the SQLite demo of the same seed
    sqlite_tables = manifest_of(round_trip["archive"])["tables"]
    for table in ("figures_indicator", "enterprises_orgunit", "enterprises_scalestatus", "accounts_account"):
        assert manifest["tables"][table] == sqlite_tables[table], table
    again = kegong(["restore", str(archive), "--quiet"], tmp_path / "pg-other", database_url=dst_url, check=False)
    assert again.returncode == 2 and "不是空的" in again.stderr and "空的数据库" in again.stderr
