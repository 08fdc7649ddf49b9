"""The panel store: a derived, columnar copy of every enterprise's figures, kept in the data folder.

The database stays the one source of truth. Every committed change to the figures (an import, a rollback,
an entry, an admin edit) writes a :class:`~kegong.figures.models.PanelChange` row in its own transaction,
naming the months it touched; the newest row is the *data version*. The store keeps, per version, one
directory ``<data folder>/panel/v-<version>/`` with the panel's arrays as ``.npy`` files (memory-mapped on
reading, so every thread and every process of the server shares one copy through the page cache) and the
enterprise register as JSON.

- **Reading** (:func:`snapshot`): one cheap query for the version; the process's snapshot if it has that
  version, else the directory on disk if another process built it, else a refresh.
- **Refreshing** (:func:`refresh`, also run when a change commits): inside one read transaction (a
  consistent snapshot: ``REPEATABLE READ`` on PostgreSQL, one read transaction on SQLite) it reads the
  version, the register and the scale statuses, copies the newest snapshot on disk and re-reads only the
  months the changes since then touched; without a usable snapshot it reads every figure. Either way a
  snapshot holds all of a batch or none of it.
- **Rebuilding** (:func:`rebuild`, ``kegong panel rebuild``): drop the directories and read everything.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import secrets
import shutil
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.db import connection, transaction

from kegong import conf
from kegong.core.catalogue import INDICATORS
from kegong.core.stats.panel import ATTRIBUTES, FIELDS, Grouping, Panel, PanelBuilder
from kegong.figures import panel_rows as rows_of
from kegong.figures.models import PanelChange

log = logging.getLogger(__name__)
KEEP = 2  # snapshot directories kept on disk (readers in other processes may still map the older one)
_lock = threading.Lock()
_current: dict[Path, Snapshot] = {}


@dataclass(frozen=True)
class Snapshot:
    version: str
    change_id: int
    panel: Panel  # every stored year
    path: Path | None  # None: not kept on disk (version "0", nothing recorded yet)


def root() -> Path:
    return conf.data_dir() / "panel"


# --- writing side: recording a change ------------------------------------------------------------------
def record_change(months: Iterable[tuple[int, int]] = ()) -> None:
    """Record, inside the writing transaction, that the figures of ``months`` (year, month) changed (none:
    only the enterprise register or scale statuses did). The store refreshes once the transaction commits."""
    PanelChange.objects.create(token=secrets.token_hex(8), months=sorted({(int(y), int(m)) for y, m in months}))
    transaction.on_commit(refresh_quietly)


def refresh_quietly() -> None:
    """Refresh after a commit; a failure only leaves the refresh to the next reader."""
    try:
        refresh()
    except Exception:  # noqa: BLE001 - the next read refreshes again and reports there
        log.exception("panel store refresh failed")


# --- reading side ----------------------------------------------------------------------------------------
def snapshot() -> Snapshot:
    """The panel as of the newest committed change."""
    with connection.cursor() as cur:
        version = rows_of.current_version(cur)
    here = root()
    cached = _current.get(here)
    if cached is not None and cached.version == version:
        return cached
    return refresh()


def version() -> str:
    with connection.cursor() as cur:
        return rows_of.current_version(cur)


def refresh() -> Snapshot:
    """Bring the store up to the newest committed change (a no-op when it is there already)."""
    here = root()
    with _lock, _file_lock(here):
        with _read_transaction() as cur:  # the database is read in one transaction; the files after it
            v = rows_of.current_version(cur)
            cached = _current.get(here)
            if cached is not None and cached.version == v:
                return cached
            snap = _load(here / f"v-{v}") if v != "0" else None
            built = snap is None
            if built:
                snap = _build(cur, v, _newest(here, exclude=v))
        if built and v != "0":
            snap = _write(here, snap)
            _prune(here)
        _current[here] = snap
        return snap


def rebuild() -> Snapshot:
    """Drop every stored snapshot and read the whole panel from the database again."""
    here = root()
    with _lock:
        _current.pop(here, None)
        with _file_lock(here):
            for d in here.glob("v-*"):
                shutil.rmtree(d, ignore_errors=True)
    return refresh()


def panel(years: Iterable[int] | None = None) -> Panel:
    """The stored panel, limited to a consecutive range covering ``years`` (a view, no copy)."""
    p = snapshot().panel
    if years is None:
        return p
    years = list(years)
    lo, hi = min(years), max(years)
    if lo >= p.first_year and hi < p.first_year + p.n_years:
        a, b = lo - p.first_year, hi - p.first_year + 1
        return Panel(ids=p.ids, names=p.names, indicators=p.indicators, first_year=lo, n_years=b - a,
                     data={f: v[a:b] for f, v in p.data.items()},
                     reported={f: v[a:b] for f, v in p.reported.items()},
                     above_scale=p.above_scale[a:b], groups=p.groups)
    return _widen(p, lo, hi)


def _widen(p: Panel, lo: int, hi: int) -> Panel:
    """A copy of the panel over years lo–hi, empty where the store has no year (asked for years beyond it)."""
    n = hi - lo + 1
    shape = (n, len(p.indicators), 12, p.n_enterprises)
    data = {f: np.zeros(shape) for f in FIELDS}
    rep = {f: np.zeros(shape, dtype=bool) for f in FIELDS}
    above = np.zeros((n, p.n_enterprises), dtype=bool)
    for y in range(max(lo, p.first_year), min(hi, p.first_year + p.n_years - 1) + 1):
        for f in FIELDS:
            data[f][y - lo] = p.data[f][y - p.first_year]
            rep[f][y - lo] = p.reported[f][y - p.first_year]
        above[y - lo] = p.above_scale[y - p.first_year]
    return Panel(ids=p.ids, names=p.names, indicators=p.indicators, first_year=lo, n_years=n, data=data,
                 reported=rep, above_scale=above, groups=p.groups)


# --- building ------------------------------------------------------------------------------------------
def _build(cur, v: str, base: Snapshot | None) -> Snapshot:
    change_id = int(v.split("-")[0])
    reg = rows_of.fetch_register(cur)
    ind_ids = rows_of.fetch_indicator_ids(cur)
    codes = tuple(d.code for d in INDICATORS if d.code in set(ind_ids.values()))
    span = rows_of.year_range(cur) or (2000, 2000)
    first, n_years = span[0], span[1] - span[0] + 1
    groups = {a: Grouping.from_values(reg.attributes[a]) for a in ATTRIBUTES}
    b = PanelBuilder(reg.ids, reg.names, groups, codes, first, n_years)
    months = _changed_months(cur, base, codes) if base is not None else None
    if months is None:
        figures = rows_of.fetch_years(cur, first, first + n_years - 1)
    else:
        _copy(b, base.panel)
        months |= {(y, m) for y in range(first, first + n_years) if not base.panel.has_year(y)
                   for m in range(1, 13)}
        _clear(b, months)
        figures = rows_of.fetch_months(cur, months)
    _scatter(b, reg, ind_ids, figures)
    ent, year = rows_of.fetch_scale(cur)
    pos = np.searchsorted(reg.pks, ent)
    for y in np.unique(year):
        b.set_above_scale(int(y), pos[year == y])
    return Snapshot(v, change_id, b.build(), None)


def _changed_months(cur, base: Snapshot, codes: tuple[str, ...]) -> set[tuple[int, int]] | None:
    """The months changed since ``base``, or None when base cannot be built on (its change is gone from
    the database — a restored backup, a test's rolled-back transaction — or the catalogue changed)."""
    if base.change_id == 0 or base.panel.indicators != codes:
        return None
    if rows_of.token_of(cur, base.change_id) != base.version.split("-", 1)[1]:
        return None
    months: set[tuple[int, int]] = set()
    for _id, _token, ms in rows_of.changes_since(cur, base.change_id):
        months.update((int(y), int(m)) for y, m in ms)
    return months


def _copy(b: PanelBuilder, old: Panel) -> None:
    """Put the old panel's cells into the builder: same enterprises by credit code, same years."""
    lo = max(b.first_year, old.first_year)
    hi = min(b.first_year + b.n_years, old.first_year + old.n_years)
    if lo >= hi:
        return
    new_at = {u: i for i, u in enumerate(b.ids)}
    old_sel = np.array([j for j, u in enumerate(old.ids) if u in new_at], dtype=np.int64)
    new_sel = np.array([new_at[old.ids[j]] for j in old_sel], dtype=np.int64)
    same = len(old.ids) == len(b.ids) and old.ids == b.ids
    ny, oy = slice(lo - b.first_year, hi - b.first_year), slice(lo - old.first_year, hi - old.first_year)
    for f in FIELDS:
        if same:
            b.data[f][ny] = old.data[f][oy]
            b.reported[f][ny] = old.reported[f][oy]
        else:
            b.data[f][ny][..., new_sel] = old.data[f][oy][..., old_sel]
            b.reported[f][ny][..., new_sel] = old.reported[f][oy][..., old_sel]


def _clear(b: PanelBuilder, months: set[tuple[int, int]]) -> None:
    for y, m in months:
        if b.first_year <= y < b.first_year + b.n_years:
            for f in FIELDS:
                b.data[f][y - b.first_year, :, m - 1] = 0.0
                b.reported[f][y - b.first_year, :, m - 1] = False


def _scatter(b: PanelBuilder, reg: rows_of.Register, ind_ids: dict[int, str], rows: np.ndarray) -> None:
    if not rows.size:
        return
    ent = np.searchsorted(reg.pks, rows[:, 1].astype(np.int64))
    for ind_id, code in ind_ids.items():
        if code not in b.indicators:
            continue
        sel = rows[:, 0] == ind_id
        if sel.any():
            b.add(code, ent[sel], rows[sel, 2].astype(np.int64), rows[sel, 3].astype(np.int64),
                  **{f: rows[sel, 4 + j] for j, f in enumerate(FIELDS)})


# --- on disk -------------------------------------------------------------------------------------------
def _write(here: Path, snap: Snapshot) -> Snapshot:
    """Write the snapshot's directory (atomically: a temporary directory renamed) and map it back."""
    p = snap.panel
    final = here / f"v-{snap.version}"
    tmp = here / f".tmp-{snap.version}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for f in FIELDS:
        np.save(tmp / f"data_{f}.npy", p.data[f])
        np.save(tmp / f"rep_{f}.npy", p.reported[f])
    np.save(tmp / "above.npy", p.above_scale)
    for a, g in p.groups.items():
        np.save(tmp / f"codes_{a}.npy", g.codes)
    meta = {"version": snap.version, "change_id": snap.change_id, "indicators": list(p.indicators),
            "first_year": p.first_year, "n_years": p.n_years, "ids": list(p.ids), "names": list(p.names),
            "labels": {a: list(g.labels) for a, g in p.groups.items()}}
    (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    if final.exists():  # another process wrote the same version meanwhile
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        os.replace(tmp, final)
    return _load(final) or snap


def _load(d: Path) -> Snapshot | None:
    try:
        meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
        data = {f: np.load(d / f"data_{f}.npy", mmap_mode="r") for f in FIELDS}
        rep = {f: np.load(d / f"rep_{f}.npy", mmap_mode="r") for f in FIELDS}
        above = np.load(d / "above.npy", mmap_mode="r")
        groups = {a: Grouping(np.load(d / f"codes_{a}.npy"), tuple(labels)) for a, labels in meta["labels"].items()}
    except (OSError, ValueError, KeyError):
        return None
    p = Panel(ids=tuple(meta["ids"]), names=tuple(meta["names"]), indicators=tuple(meta["indicators"]),
              first_year=meta["first_year"], n_years=meta["n_years"], data=data, reported=rep,
              above_scale=above, groups=groups)
    return Snapshot(meta["version"], meta["change_id"], p, d)


def _newest(here: Path, exclude: str) -> Snapshot | None:
    dirs = sorted((d for d in here.glob("v-*") if d.name != f"v-{exclude}"),
                  key=lambda d: int(d.name[2:].split("-")[0]), reverse=True)
    for d in dirs:
        snap = _load(d)
        if snap is not None:
            return snap
    return None


def _prune(here: Path) -> None:
    dirs = sorted(here.glob("v-*"), key=lambda d: d.stat().st_mtime, reverse=True)
    for d in dirs[KEEP:]:
        shutil.rmtree(d, ignore_errors=True)


@contextlib.contextmanager
def _file_lock(here: Path):
    """One builder at a time across the processes sharing the data folder."""
    here.mkdir(parents=True, exist_ok=True)
    with open(here / ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextlib.contextmanager
def _read_transaction():
    """One consistent snapshot of the database for the whole build."""
    outer = connection.in_atomic_block
    with transaction.atomic():
        with connection.cursor() as cur:
            if connection.vendor == "postgresql" and not outer:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield cur
