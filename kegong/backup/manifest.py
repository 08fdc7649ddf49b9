"""Pure helpers for backups: a table's checksum, the manifest, comparisons, names and retention.

A row enters its table's checksum as the JSON list of its canonical values followed by a newline, rows in
primary-key order. A value is made canonical by its column's *kind* (from the Django field, see
:mod:`kegong.backup.checksums`), so that what SQLite returns (text dates, 0/1 booleans, floats for decimals,
JSON as text) and what PostgreSQL returns (date objects, bools, ``Decimal``, reordered ``jsonb``) give the
same digest for the same data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

FORMAT = 1
MANIFEST_NAME = "manifest.json"
KINDS = ("bool", "int", "float", "decimal", "date", "datetime", "time", "json", "text", "bytes", "uuid", "any")
NAME_RE = re.compile(r"^kegong-backup-(\d{8}-\d{6})\.tar\.gz$")


def _datetime(v) -> str:
    if isinstance(v, str):
        v = dt.datetime.fromisoformat(v)
    if isinstance(v, dt.datetime) and v.tzinfo is not None:
        v = v.astimezone(dt.UTC).replace(tzinfo=None)
    return v.isoformat(sep=" ", timespec="microseconds")


def _json(v) -> str:
    if isinstance(v, (str, bytes)):
        v = json.loads(v)
    return json.dumps(v, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _decimal(places: int | None):
    quantum = Decimal(1).scaleb(-places) if places is not None else None
    zeros = "." + "0" * places if places else ""

    def convert(v) -> str:
        if type(v) is int and places is not None:
            return f"{v}{zeros}"
        d = v if isinstance(v, Decimal) else Decimal(str(v))
        return str(d.quantize(quantum) if quantum is not None else d)

    return convert


def _any(v):
    if isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, dt.datetime):
        return _datetime(v)
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v).hex()
    return str(v)


def _bool(v) -> bool:
    return bool(int(v)) if isinstance(v, str) else bool(v)


def _date(v) -> str:
    return (dt.date.fromisoformat(v[:10]) if isinstance(v, str) else v).isoformat()


def _time(v) -> str:
    return (dt.time.fromisoformat(v) if isinstance(v, str) else v).isoformat(timespec="microseconds")


_CONVERTERS = {
    "bool": _bool, "int": int, "float": lambda v: repr(float(v)), "date": _date, "datetime": _datetime,
    "time": _time, "json": _json, "bytes": lambda v: bytes(v).hex(), "uuid": lambda v: uuid.UUID(str(v)).hex,
    "text": str, "any": _any,
}


def converter(kind: str, places: int | None = None):
    """The function making a column's non-null values canonical (see :func:`canonical`)."""
    return _decimal(places) if kind == "decimal" else _CONVERTERS.get(kind, _any)


def canonical(value, kind: str, places: int | None = None):
    """A column's value as it enters the checksum: None, a bool, an int or a string."""
    return None if value is None else converter(kind, places)(value)


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "any"
    places: int | None = None  # a decimal column's decimal places


def table_checksum(rows: Iterable[Sequence], columns: Sequence[Column]) -> dict:
    """``{"rows": n, "sha256": hex}`` of rows given in primary-key order."""
    convs = [converter(c.kind, c.places) for c in columns]
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    h = hashlib.sha256()
    n = 0
    for row in rows:
        values = [None if v is None else f(v) for f, v in zip(convs, row)]
        h.update(encode(values).encode("utf-8") + b"\n")
        n += 1
    return {"rows": n, "sha256": h.hexdigest()}


def mismatches(expected: Mapping[str, Mapping], actual: Mapping[str, Mapping]) -> list[str]:
    """One Chinese line per table whose count or checksum differs, or that is missing on either side."""
    out = []
    for table in sorted(set(expected) | set(actual)):
        e, a = expected.get(table), actual.get(table)
        if a is None:
            out.append(f"表 {table}：备份中有，恢复后的数据库中没有")
        elif e is None:
            out.append(f"表 {table}：恢复后的数据库中有，备份清单中没有")
        elif e["rows"] != a["rows"]:
            out.append(f"表 {table}：行数不符（备份 {e['rows']} 行，恢复后 {a['rows']} 行）")
        elif e["sha256"] != a["sha256"]:
            out.append(f"表 {table}：行数相同（{a['rows']} 行）但内容校验值不符")
    return out


def file_mismatches(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    """Chinese lines for the members whose sha256 differs from the manifest, or that are extra or missing."""
    out = [f"{n} 的校验值不符" for n in sorted(set(expected) & set(actual)) if expected[n] != actual[n]]
    out += [f"清单中的 {n} 不在备份中" for n in sorted(set(expected) - set(actual))]
    out += [f"{n} 不在清单中" for n in sorted(set(actual) - set(expected))]
    return out


def build_manifest(*, version: str, created_at: dt.datetime, vendor: str, database: str,
                   migrations: Sequence[Sequence[str]], tables: Mapping[str, Mapping],
                   files: Mapping[str, Mapping]) -> dict:
    return {"format": FORMAT, "kegong_version": version,
            "created_at": created_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
            "database_vendor": vendor, "database_file": database,
            "migrations": [list(m) for m in migrations], "tables": dict(sorted(tables.items())),
            "files": dict(sorted(files.items()))}


def safe_member(name: str) -> bool:
    """A member name that stays inside the folder it is extracted into."""
    parts = name.split("/")
    return bool(name) and not name.startswith("/") and "\\" not in name and all(
        p not in ("", ".", "..") for p in parts)


def backup_name(now: dt.datetime) -> str:
    return f"kegong-backup-{now:%Y%m%d-%H%M%S}.tar.gz"


def beyond_retention(names: Iterable[str], keep: int) -> list[str]:
    """The scheduled backups to remove so that the newest ``keep`` remain (by the date in the name)."""
    ours = sorted((n for n in names if NAME_RE.match(n)), key=lambda n: NAME_RE.match(n).group(1))
    return ours[:max(len(ours) - max(keep, 0), 0)]
