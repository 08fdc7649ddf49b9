"""The data folder holds password hashes, contact phones and the uploaded files: the folder and every folder
in it 0700, every file 0600. Set on ``kegong init``/``demo`` (and by the process's umask for what the server
creates later); ``kegong check`` warns about anything looser. On Windows the modes mean nothing: no-op."""

from __future__ import annotations

import os
import stat
from pathlib import Path

DIR_MODE, FILE_MODE = 0o700, 0o600
UMASK = 0o077


def _applies() -> bool:
    return os.name == "posix"


def _walk(root: Path):
    yield root, True
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:
            yield Path(dirpath) / d, True
        for f in filenames:
            yield Path(dirpath) / f, False


def secure(root: Path) -> int:
    """Tighten ``root`` and everything under it (symbolic links are left alone); returns how many changed."""
    if not _applies() or not root.is_dir():
        return 0
    changed = 0
    for path, is_dir in _walk(root):
        try:
            st = path.lstat()
            if stat.S_ISLNK(st.st_mode):
                continue
            want = DIR_MODE if is_dir else FILE_MODE
            if stat.S_IMODE(st.st_mode) & 0o777 != want:
                os.chmod(path, want)
                changed += 1
        except OSError:
            continue  # gone meanwhile, or not ours: the check reports it
    return changed


def loose(root: Path) -> list[Path]:
    """Paths under ``root`` (itself included) that others than the owner may read, write or enter."""
    if not _applies() or not root.is_dir():
        return []
    out = []
    for path, _ in _walk(root):
        try:
            st = path.lstat()
        except OSError:
            continue
        if not stat.S_ISLNK(st.st_mode) and st.st_mode & 0o077:
            out.append(path)
    return out


def warning(root: Path, limit: int = 3) -> str | None:
    """The line ``kegong check`` prints when the data folder is looser than 0700/0600, else None."""
    bad = loose(root)
    if not bad:
        return None
    shown = "、".join(f"{p.relative_to(root) if p != root else p}（{stat.S_IMODE(p.lstat().st_mode):04o}）"
                     for p in bad[:limit])
    more = f" 等 {len(bad)} 项" if len(bad) > limit else ""
    return (f"警告：数据目录的权限过宽：{shown}{more}；其中有密码哈希和联系电话，应只允许本用户访问"
            f"（目录 0700、文件 0600），运行 kegong init 可自动收紧")


def private_umask() -> None:
    """Files and folders this process creates from now on are the owner's only."""
    if _applies():
        os.umask(UMASK)
