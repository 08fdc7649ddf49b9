"""The backup archive: a gzip'd tar of the database copy and the data folder's files, with ``manifest.json``
(written last, once every member's sha256 is known). Members are regular files with relative names; reading
one back checks every member against the manifest before anything is put in place."""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

from kegong.backup.errors import ArchiveRefused, BackupError
from kegong.backup.manifest import MANIFEST_NAME, file_mismatches, safe_member

BLOCK = 1 << 20
Progress = Callable[[int], None]


class _Hashing:
    """A file reader that hashes what is read (tarfile reads exactly the member's size)."""

    def __init__(self, f):
        self.f, self.h = f, hashlib.sha256()

    def read(self, n: int = -1) -> bytes:
        data = self.f.read(n)
        self.h.update(data)
        return data


def _private(path: Path):
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb")


def write_archive(dest: Path, members: Iterable[tuple[str, Path]], manifest: Callable[[dict], dict],
                  progress: Progress | None = None) -> dict:
    """Write ``dest`` (0600, in place only once complete); ``manifest`` gets ``{name: {size, sha256}}`` and
    returns the manifest to store. A file that disappears meanwhile (an upload cleaned up) is left out."""
    part = dest.with_name(dest.name + ".part")
    files: dict[str, dict] = {}
    try:
        with _private(part) as raw, tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
            for name, path in members:
                try:
                    src = open(path, "rb")
                except FileNotFoundError:
                    continue
                with src:
                    info = tarfile.TarInfo(name)
                    st = os.fstat(src.fileno())
                    info.size, info.mtime, info.mode = st.st_size, int(st.st_mtime), 0o600
                    reader = _Hashing(src)
                    tar.addfile(info, reader)
                files[name] = {"size": info.size, "sha256": reader.h.hexdigest()}
                if progress:
                    progress(info.size)
            data = json.dumps(manifest(files), ensure_ascii=False, indent=1).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST_NAME)
            info.size, info.mode = len(data), 0o600
            tar.addfile(info, io.BytesIO(data))
        os.replace(part, dest)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return json.loads(data)


def _open(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, mode="r:*")
    except FileNotFoundError:
        raise ArchiveRefused(f"找不到备份文件 {path}") from None
    except (tarfile.TarError, OSError) as e:
        raise ArchiveRefused(f"{path} 不是 kegong 备份文件（无法按 tar 归档读取：{e}）") from None


def _copy(tar: tarfile.TarFile, member: tarfile.TarInfo, out: Path) -> str:
    out.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    h = hashlib.sha256()
    src = tar.extractfile(member)
    try:
        dst = _private(out)
    except OSError as e:
        raise BackupError(f"无法写入 {out}：{e.strerror or e}") from None
    with src, dst:
        for block in iter(lambda: src.read(BLOCK), b""):
            h.update(block)
            try:
                dst.write(block)
            except OSError as e:  # the disk, not the archive
                raise BackupError(f"无法写入 {out}：{e.strerror or e}（磁盘空间不足？）") from None
    return h.hexdigest()


class _Counting:
    """A raw reader that reports how many bytes of the archive were read (the bar of a restore)."""

    def __init__(self, f, progress: Progress | None):
        self.f, self.progress = f, progress

    def read(self, n: int = -1) -> bytes:
        data = self.f.read(n)
        if self.progress:
            self.progress(len(data))
        return data


def extract_verified(path: Path, staging: Path, progress: Progress | None = None) -> dict:
    """Extract every member into ``staging`` (one streaming pass; ``progress`` gets the archive's bytes read)
    and return the manifest; ArchiveRefused when a member is not in the manifest, one is missing, or a
    sha256 differs — the caller then discards ``staging``."""
    seen: dict[str, str] = {}
    manifest_bytes = None
    try:
        raw = open(path, "rb")
    except FileNotFoundError:
        raise ArchiveRefused(f"找不到备份文件 {path}") from None
    try:
        with raw, tarfile.open(fileobj=_Counting(raw, progress), mode="r|*") as tar:
            for member in tar:
                if not member.isfile() or not safe_member(member.name):
                    raise ArchiveRefused(f"备份文件中有不允许的条目“{member.name}”，拒绝恢复")
                if member.name == MANIFEST_NAME:
                    manifest_bytes = tar.extractfile(member).read()
                    continue
                seen[member.name] = _copy(tar, member, staging / member.name)
    except (tarfile.TarError, OSError, EOFError, zlib.error) as e:
        raise ArchiveRefused(f"{path} 不是完整的 kegong 备份文件（{e}）") from None
    if manifest_bytes is None:
        raise ArchiveRefused(f"{path} 中没有 {MANIFEST_NAME}，不是 kegong 备份文件")
    try:
        manifest = json.loads(manifest_bytes)
        expected = {name: meta["sha256"] for name, meta in manifest["files"].items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ArchiveRefused(f"{path} 的 {MANIFEST_NAME} 无法读取，不是 kegong 备份文件") from None
    problems = file_mismatches(expected, seen)
    if problems:
        raise ArchiveRefused(f"备份文件与其清单不符，拒绝恢复：{'；'.join(problems[:5])}"
                             + (f"（等 {len(problems)} 处）" if len(problems) > 5 else ""))
    return manifest


def read_manifest(path: Path) -> dict:
    """The manifest alone (for ``kegong restore --dry-run`` style listings)."""
    with _open(path) as tar:
        try:
            member = tar.getmember(MANIFEST_NAME)
        except KeyError:
            raise ArchiveRefused(f"{path} 中没有 {MANIFEST_NAME}，不是 kegong 备份文件") from None
        return json.loads(tar.extractfile(member).read())
