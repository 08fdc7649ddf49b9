"""Files that are not what they claim: each gets a clear Chinese error and the database stays exactly as
it was (compared row by row before and after)."""

import zipfile
from pathlib import Path

import pytest

from kegong.readers.detect import read_file
from kegong.readers.errors import IngestError
from tests.ingest.builders import Ent, TongjiSheet, uscc, write_tongji_xlsx
from tests.ingest.conftest import dump_db


def zip_bomb(path: Path, mb: int = 24) -> Path:
    """A small .xlsx-looking zip whose sheet inflates to ``mb`` MB of zeros (ratio ~1000:1)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (mb * 1024 * 1024))
    return path


def bad_files(tmp: Path) -> dict[str, tuple[Path, str]]:
    (tmp / "empty.xlsx").write_bytes(b"")
    (tmp / "notes.xlsx").write_text("这不是工作簿，只是一段文字", encoding="utf-8")
    (tmp / "binary.xlsx").write_bytes(bytes(range(256)) * 4)
    (tmp / "page.xls").write_text("<html><body><table><tr><td>1</td></tr></table></body></html>", encoding="utf-8")
    with zipfile.ZipFile(tmp / "photos.xlsx", "w") as z:
        z.writestr("a.txt", "hello")
    (tmp / "broken.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    return {
        "empty": (tmp / "empty.xlsx", "文件 empty.xlsx：是空文件（0 字节），没有可导入的内容"),
        "text": (tmp / "notes.xlsx", "文件 notes.xlsx：扩展名为 .xlsx，但内容不是 Excel 工作簿（可能是改了扩展名的其他文件）"),
        "binary": (tmp / "binary.xlsx", "文件 binary.xlsx：不是 Excel 工作簿，也不是 CSV 文本文件"),
        "html": (tmp / "page.xls", "文件 page.xls：实际是网页（HTML/XML）格式，不是 Excel 工作簿；请用 Excel 打开后“另存为” .xlsx 再导入"),
        "zip": (tmp / "photos.xlsx", "文件 photos.xlsx：是压缩包，但不是 Excel 工作簿（缺少 xl/ 目录）"),
        "broken": (tmp / "broken.xlsx", "文件 broken.xlsx：不是有效的 Excel 工作簿（压缩包已损坏）"),
        "bomb": (zip_bomb(tmp / "bomb.xlsx"), "文件 bomb.xlsx：其中 xl/worksheets/sheet1.xml 压缩比达"),
    }


@pytest.mark.parametrize("kind", ["empty", "text", "binary", "html", "zip", "broken", "bomb"])
def test_each_bad_file_gets_its_own_clear_error(tmp_path: Path, kind: str):
    path, message = bad_files(tmp_path)[kind]
    with pytest.raises(IngestError) as e:
        read_file(path)
    assert e.value.lines()[0].startswith(message)
    if kind == "bomb":
        assert "疑似“压缩炸弹”，已拒绝打开" in e.value.lines()[0]


def test_declared_size_beyond_the_limit_is_refused_before_inflating(tmp_path: Path, monkeypatch):
    from kegong.readers import safety

    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    with pytest.raises(IngestError) as e:
        read_file(zip_bomb(tmp_path / "big.xlsx", mb=2))
    assert "解压后将达 2 MB，超过 1 MB 的上限" in str(e.value)


def _seeded(cli, tmp: Path) -> None:
    ents = [Ent(uscc(1), "湖南甲建材有限公司", "3021", "城关镇", {"gross_output": (10, 50, 9, 40)}),
            Ent(uscc(2), "湖南乙家具有限公司", "2110", "白沙镇", {"gross_output": (20, 90, 15, 80)})]
    p = write_tongji_xlsx(tmp / "good-1-5.xlsx", [TongjiSheet(ents, title="2026年1-5月", unit="单位：万元",
                                                              sheet_name="1-5月")])
    r = cli("import", str(p), "--quiet")
    assert r.exit_code == 0, r.output


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["empty", "text", "html", "zip", "bomb", "bad_uscc", "text_in_number",
                                  "header_missing", "mixed"])
def test_a_bad_file_changes_nothing_in_the_database(cli, tmp_path: Path, kind: str):
    _seeded(cli, tmp_path)
    before = dump_db()
    ents = [Ent(uscc(1), "湖南甲建材有限公司", "3021", "城关镇", {"gross_output": (12, 62, 10, 50)}),
            Ent(uscc(3), "湖南丙电子有限公司", "3982", "城关镇", {"gross_output": (5, 30, 4, 20)})]
    good = TongjiSheet(ents, title="2026年1-6月", unit="单位：万元")
    files = {k: v[0] for k, v in bad_files(tmp_path).items()}
    files["bad_uscc"] = write_tongji_xlsx(tmp_path / "u.xlsx", [TongjiSheet(
        ents, title="2026年1-6月", unit="单位：万元", overrides={(1, "uscc"): uscc(3)[:-1] + "Z"})])
    files["text_in_number"] = write_tongji_xlsx(tmp_path / "n.xlsx", [TongjiSheet(
        ents, title="2026年1-6月", unit="单位：万元", overrides={(0, ("gross_output", "本月")): "12,3O5"})])
    files["header_missing"] = write_tongji_xlsx(tmp_path / "h.xlsx", [TongjiSheet(
        ents, title="2026年1-6月", unit="单位：万元", id_order=("seq", "uscc", "name", "industry"))])
    if kind == "mixed":  # a good file and a bad one in the same command: neither is imported
        args = [str(write_tongji_xlsx(tmp_path / "ok.xlsx", [good])), str(files["bad_uscc"])]
    else:
        args = [str(files[kind])]
    r = cli("import", *args, "--quiet")
    assert r.exit_code == 2, r.output
    assert "未导入任何数据" in r.output
    assert dump_db() == before
