"""A real ``kegong serve`` takes hostile uploads through the data-import page — a sheet reaching XFD1048576,
one reaching AZ1000000, one that needs more memory than the reading child may have, a file whose name is
300 bytes long — shows each outcome in Chinese, and goes on serving: the process is alive and the next
page answers."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_cli_errors import run
from tests.test_reader_safety import SPARSE_MESSAGE, cells_xlsx, june_workbook, sparse_xlsx, wide_xlsx

pytestmark = pytest.mark.slow

USER, PASSWORD = "wang", "Kegong-2026-pw"
MEMORY_MB = 200  # the server's reading child: wide.xlsx needs more


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """Just enough of a browser: cookies, Django's CSRF token, forms, multipart uploads."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str, str]:
        with self.opener.open(self.base + path, timeout=30) as r:
            return r.status, r.url, r.read().decode()

    def token(self, path: str) -> str:
        m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get(path)[2])
        assert m, f"no CSRF token on {path}"
        return m[1]

    def post(self, path: str, body: bytes, content_type: str) -> tuple[int, str, str]:
        req = urllib.request.Request(self.base + path, data=body, headers={"Content-Type": content_type})
        try:
            with self.opener.open(req, timeout=60) as r:
                return r.status, r.url, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.url, e.read().decode()

    def log_in(self) -> None:
        form = {"username": USER, "password": PASSWORD, "csrfmiddlewaretoken": self.token("/login/")}
        status, url, _ = self.post("/login/", urllib.parse.urlencode(form).encode(), "application/x-www-form-urlencoded")
        assert status == 200 and not urllib.parse.urlparse(url).path.startswith("/login/"), url

    def upload(self, path: Path, name: str | None = None) -> str:
        """Send one file through the import form; returns the check job's id."""
        boundary = "----kegong" + secrets.token_hex(8)
        fields = {"csrfmiddlewaretoken": self.token("/data/import/"), "source": "", "period": ""}
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                 for k, v in fields.items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name or path.name}"\r\n'
                     "Content-Type: application/octet-stream\r\n\r\n".encode() + path.read_bytes() + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        status, url, html = self.post("/data/import/", body, f"multipart/form-data; boundary={boundary}")
        m = re.search(r"/data/import/([0-9a-f]{32})/$", url)
        assert status == 200 and m, (status, url, html[:2000])
        return m[1]

    def finished(self, job_id: str, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            state = json.loads(self.get(f"/data/import/{job_id}/status/")[2])
            if state["finished"]:
                return state
            assert time.monotonic() < deadline, state
            time.sleep(0.1)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, subprocess.Popen, Path]]:
    data = tmp_path_factory.mktemp("serve-hostile") / "data"
    for args in (["init"], ["createuser", USER, "--password", PASSWORD, "--superuser"]):
        r = run(*args, data_dir=data)
        assert r.returncode == 0, r.stderr
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KEGONG_DATA_DIR")}
    env["KEGONG_READ_MEMORY_MB"] = str(MEMORY_MB)
    log = open(data / "serve.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "kegong", "--data-dir", str(data), "serve", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, proc)
        yield base, proc, data
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _wait_until_up(base: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        assert proc.poll() is None, "kegong serve ended before serving"
        try:
            with urllib.request.urlopen(base + "/login/", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("kegong serve did not answer within 20 s")


@pytest.fixture(scope="module")
def browser(server) -> Browser:
    b = Browser(server[0])
    b.log_in()
    return b


def assert_still_serving(browser: Browser, proc: subprocess.Popen) -> None:
    status, url, html = browser.get("/")
    assert status == 200 and urllib.parse.urlparse(url).path == "/" and "<html" in html.lower()
    assert proc.poll() is None


def refused_with(browser: Browser, job_id: str, line: str) -> None:
    state = browser.finished(job_id)
    assert not state["ok"] and state["stage"] == "失败"
    assert state["errors"] == [line] and state["headline"] == "发现 1 处错误，未导入任何数据（请改正后重新导入）"
    page = browser.get(f"/data/import/{job_id}/")[2].replace("&quot;", '"').replace("&#x27;", "'")
    loc, message = line.split("：", 1)
    assert loc in page and message in page


def test_the_sparse_and_the_oversized_workbooks_are_refused_and_the_server_lives(server, browser, tmp_path):
    _base, proc, _data = server
    refused_with(browser, browser.upload(sparse_xlsx(tmp_path)), SPARSE_MESSAGE)
    assert_still_serving(browser, proc)
    job = browser.upload(cells_xlsx(tmp_path / "远处误填.xlsx", [("A1", "企业名称"), ("AZ1000000", "误填")]))
    state = browser.finished(job)
    assert state["errors"][0].startswith("文件 远处误填.xlsx 工作表 一月报表：内容范围达 A1:AZ1000000（1,000,000 行 × 52 列）")
    assert_still_serving(browser, proc)


def test_a_workbook_past_the_memory_cap_is_one_chinese_line_and_the_server_lives(server, browser, tmp_path):
    _base, proc, data = server
    refused_with(browser, browser.upload(wide_xlsx(tmp_path)),
                 f"文件 wide.xlsx：读取时内存超出上限（{MEMORY_MB} MB），文件可能已损坏或含有异常大的表格，已停止读取")
    assert "out of memory" in (data / "logs" / "read.log").read_text(encoding="utf-8")
    assert_still_serving(browser, proc)


def test_a_300_byte_file_name_is_checked_under_that_name(server, browser, tmp_path):
    _base, proc, data = server
    name = "规上工业2026年1-6月" + "（县统计局报送各乡镇街道规模以上工业企业主要指标快报）" * 4 + ".xlsx"
    assert 300 <= len(name.encode()) < 400
    state = browser.finished(browser.upload(june_workbook(tmp_path), name))
    assert state["ok"], state
    assert state["summary"][0].startswith(f"{name}（统计局，期别 2026-06）：读取 2 行")
    stored = [p.name for p in (data / "uploads").glob("*/*.xlsx")]
    assert stored and all(len(n.encode()) <= 200 for n in stored)
    assert any(n.startswith("规上工业2026年1-6月（县统计局") and n != name for n in stored)
    assert_still_serving(browser, proc)
