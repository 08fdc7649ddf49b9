"""What the data-desk tests (手工录入, 数据审核, 期别审定, computed downloads) share: a small county imported
from a statistics-bureau workbook, and one login per role."""

from __future__ import annotations

import re
from pathlib import Path

from kegong.accounts.services import user_create
from kegong.core import access
from kegong.imports.services import import_files
from tests.ingest.builders import Ent, TongjiSheet, uscc, write_tongji_xlsx

PW = "Kegong-2026-pw"
A, B, C = uscc(1), uscc(2), uscc(3)
NAME_A = "湖南甲建材有限公司"


def june(folder: Path, name: str = "规上工业2026年1-6月.xlsx", a_gross: tuple = (120, 600, 100, 500)) -> Path:
    """Three enterprises, 1-6月, amounts in 万元 (A and C in 城关镇, B in 白沙镇)."""
    ents = [
        Ent(A, NAME_A, "3021", "城关镇", {"gross_output": a_gross, "revenue": (1300, 6500, 900, 5400)}),
        Ent(B, "湖南乙家具有限公司", "2110", "白沙镇", {"gross_output": (40, 300, 50, 300), "revenue": (500, 3500, 700, 3900)}),
        Ent(C, "湖南丙电子科技有限公司", "3982", "城关镇", {"gross_output": (25, 175, 25, 125), "revenue": (50, 250, 30, 180)}),
    ]
    return write_tongji_xlsx(folder / name, [TongjiSheet(
        ents, title="规模以上工业企业主要指标（2026年1-6月）", unit="单位：万元", sheet_name="1-6月",
        indicators=("gross_output", "revenue"))])


def may(folder: Path) -> Path:
    ents = [Ent(A, NAME_A, "3021", "城关镇", {"gross_output": (100, 480, 90, 400), "revenue": (1100, 5200, 800, 4500)})]
    return write_tongji_xlsx(folder / "规上工业2026年1-5月.xlsx", [TongjiSheet(
        ents, title="规模以上工业企业主要指标（2026年1-5月）", unit="单位：万元", sheet_name="1-5月",
        indicators=("gross_output", "revenue"))])


def load_county(folder: Path) -> None:
    import_files([june(folder)])


def make_user(role: str, username: str | None = None, name: str = "", **scope):
    return user_create(username=username or role, password=PW, role=role, name=name, check_password=False, **scope)


def staff(name: str = "王主任"):
    return make_user(access.STAFF, "wang", name)


def reporter(firm: str = A, username: str = "firm-a"):
    return make_user(access.ENTERPRISE, username, "甲公司填报员", enterprise_uscc=firm)


def text_of(html: str) -> str:
    """The page's text as a user reads it (tags removed, the escaped quotes restored)."""
    s = re.sub(r"<[^>]+>", "", html)
    return s.replace("&quot;", '"').replace("&#x27;", "'").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
