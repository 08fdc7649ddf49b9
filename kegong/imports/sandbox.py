"""Reading an uploaded file in a child process with a memory and a time cap, so that no file — a corrupt
workbook, a sheet python-calamine cannot hold, a reader caught in a loop — can take the web server or the
command line down with it.

``read_file_capped`` runs ``kegong.readers.detect.read_file`` in ``python -m kegong.imports.sandbox``: the
child caps its own address space (``RLIMIT_AS``, ``KEGONG_READ_MEMORY_MB``, default 4096) before it reads,
the parent waits at most ``KEGONG_READ_TIMEOUT`` seconds (default 300) and kills it after that. The request
and the result travel as pickles in a private temporary folder; the child's stderr (a Rust panic, a
traceback) goes to a file there and on to the log, never to the user. ``KEGONG_READ_IN_PROCESS=1`` reads
in this process instead (no child, no caps).

Why a fresh interpreter (``subprocess`` of ``sys.executable -m …``) rather than ``multiprocessing``: the web
server is multi-threaded, so a ``fork`` is unsafe (locks held by other threads are copied locked); the
"spawn" and "forkserver" contexts re-import the parent's ``__main__``, which for ``python -m kegong`` is the
command line itself, and cannot be told to set a resource limit before the child imports anything.
``subprocess`` forks and execs in C (no Python runs between the two), the child sets its own limit first
thing, and a child that aborts (SIGABRT from a failed allocation) is just a negative return code.
Cost: one interpreter start plus the pickles — see ``benchmarks/reader-safety-results.md``.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, fields
from decimal import Decimal
from pathlib import Path

from kegong import conf
from kegong.core.errors import SetupError
from kegong.core.records import FigureRecord
from kegong.readers.common import ParsedFile, ReadOptions
from kegong.readers.errors import IngestError, Issue, Loc

log = logging.getLogger(__name__)

ENV_MEMORY, ENV_TIMEOUT, ENV_IN_PROCESS = "KEGONG_READ_MEMORY_MB", "KEGONG_READ_TIMEOUT", "KEGONG_READ_IN_PROCESS"
DEFAULT_MEMORY_MB = 4096
DEFAULT_TIMEOUT = 300.0
EXIT_MEMORY = 75  # the child ran out of memory even while saying so
STDERR_KEPT = 8000  # characters of the child's stderr written to the log


@dataclass(frozen=True)
class Limits:
    memory_mb: int
    timeout: float

    @classmethod
    def from_env(cls) -> Limits:
        return cls(int(_env_number(ENV_MEMORY, DEFAULT_MEMORY_MB)), _env_number(ENV_TIMEOUT, DEFAULT_TIMEOUT))


def _env_number(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if value <= 0:
        raise SetupError(f"环境变量 {name}={raw} 应为正数")
    return value


def read_file_capped(path: str | Path, source: str | None = None, options: ReadOptions | None = None) -> ParsedFile:
    """``read_file`` in a child process under the memory and time caps; the same ParsedFile, the same
    IngestError — and an IngestError with one Chinese line when the child runs out of memory or time or
    crashes."""
    options = options or ReadOptions()
    if os.environ.get(ENV_IN_PROCESS, "").strip() == "1":
        from kegong.readers.detect import read_file

        return read_file(path, source, options)
    limits = Limits.from_env()
    display = options.display_name or Path(path).name
    with tempfile.TemporaryDirectory(prefix="kegong-read-") as tmp:
        folder = Path(tmp)
        with open(folder / "request.pickle", "wb") as f:
            pickle.dump((str(path), source, options, limits.memory_mb), f)
        returncode = _run_child(folder, limits.timeout)
        return _outcome(folder, returncode, display, limits)


def _run_child(folder: Path, timeout: float) -> int | None:
    """The child's return code, or None when it was stopped after ``timeout`` seconds."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])  # where the kegong package is, whatever the working folder
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    cmd = [sys.executable, "-m", "kegong.imports.sandbox", str(folder / "request.pickle"),
           str(folder / "result.pickle")]
    with open(folder / "stderr.txt", "wb") as err:
        child = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=err, stderr=err, env=env)
        try:
            return child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
            return None


def _outcome(folder: Path, returncode: int | None, display: str, limits: Limits) -> ParsedFile:
    stderr = _tail(folder / "stderr.txt")
    if returncode is None:
        _log_details(display, f"stopped after {limits.timeout:g} s", stderr)
        raise _one_line(display, f"读取超过 {limits.timeout:g} 秒仍未读完，已停止读取")
    kind, payload = _result(folder / "result.pickle") if returncode == 0 else ("", None)
    if kind == "ok" and isinstance(payload, ParsedFile):
        return payload
    if kind == "ingest":
        issues, columns = payload
        raise IngestError(issues, columns)
    if kind == "memory" or returncode < 0 or returncode == EXIT_MEMORY:
        _log_details(display, f"out of memory (return code {returncode})", stderr)
        raise _one_line(display, f"读取时内存超出上限（{limits.memory_mb} MB），文件可能已损坏或含有异常大的表格，"
                                 "已停止读取")
    _log_details(display, f"crashed (return code {returncode})", f"{payload or ''}\n{stderr}")
    raise _one_line(display, "读取时发生意外错误，已停止读取（详情已记入数据目录的 logs/read.log）")


def _result(path: Path) -> tuple[str, object]:
    """What the child pickled; the collector paused meanwhile (half the time of loading 100,000 records)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as f:
            kind, payload = pickle.load(f)
        if kind == "ok":
            payload = _unpack(payload)
    except Exception as e:  # a result cut short (the child died writing it) or one that does not fit
        return "", f"the result could not be read back: {e!r}"
    finally:
        if paused:
            gc.enable()
    return kind, payload


# A FigureRecord pickles at ~6 µs (a frozen dataclass and four Decimals); the figures of a 20,000-firm
# workbook (120,000 records) travel instead as one list a field, the Decimals as their exact strings.
_FIELDS = tuple(f.name for f in fields(FigureRecord) if f.init)


def _pack(parsed: ParsedFile) -> tuple[ParsedFile, list[tuple[bool, list]] | None]:
    figures = parsed.records.figures
    if not all(type(r) is FigureRecord for r in figures):
        return parsed, None
    parsed.records.figures = []
    columns = []
    for name in _FIELDS:
        col = [getattr(r, name) for r in figures]
        decimal = all(v is None or type(v) is Decimal for v in col)
        columns.append((decimal, [None if v is None else str(v) for v in col] if decimal else col))
    return parsed, columns


def _unpack(packed: tuple[ParsedFile, list[tuple[bool, list]] | None]) -> ParsedFile:
    parsed, columns = packed
    if columns is not None:
        values = [[None if v is None else Decimal(v) for v in col] if decimal else col for decimal, col in columns]
        parsed.records.figures = [FigureRecord(*row) for row in zip(*values)]
    return parsed


def _one_line(display: str, message: str) -> IngestError:
    """One Chinese line naming the file: ``文件 x.xlsx：读取时内存超出上限……``."""
    return IngestError([Issue(Loc(display), message)])


def _tail(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError:
        return ""
    return data[-STDERR_KEPT:].decode("utf-8", "replace")


def _log_details(display: str, what: str, details: object) -> None:
    """What went wrong, for whoever looks after the server: ``<data folder>/logs/read.log`` and the logger."""
    text = f"{time.strftime('%Y-%m-%d %H:%M:%S')} reading {display}: {what}\n{details or ''}\n"
    log.info("reading %s: %s", display, what)
    try:
        folder = conf.data_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / "read.log", "a", encoding="utf-8") as f:
            f.write(text)
    except OSError:
        pass


# --- the child ----------------------------------------------------------------------------------------

def _cap_memory(memory_mb: int) -> None:
    limit = memory_mb * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def child_main(request: Path, result: Path) -> int:
    """Read the file the request names and pickle the outcome: ("ok", ParsedFile), ("ingest", (issues, columns)),
    ("memory", None) or ("crash", traceback text)."""
    with open(request, "rb") as f:
        path, source, options, memory_mb = pickle.load(f)
    _cap_memory(memory_mb)
    try:
        from kegong.readers.detect import read_file

        outcome: tuple[str, object] = ("ok", _pack(read_file(path, source, options)))
    except IngestError as e:
        outcome = ("ingest", (e.issues, e.columns))  # the columns: for the mapping step
    except MemoryError:
        outcome = ("memory", None)
    except Exception:
        import traceback

        outcome = ("crash", traceback.format_exc())
    try:
        with open(result, "wb") as f:
            pickle.dump(outcome, f, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        return EXIT_MEMORY
    return 0


if __name__ == "__main__":
    sys.exit(child_main(Path(sys.argv[1]), Path(sys.argv[2])))
