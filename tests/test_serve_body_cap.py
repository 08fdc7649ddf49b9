"""A real ``kegong serve`` refuses a request body over its cap before reading it (HTTP 413), anonymous or not,
and goes on serving: waitress would otherwise buffer up to 1 GiB per request before Django's login check."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request

import pytest

from tests.test_cli_errors import run
from tests.test_serve_hostile_uploads import _wait_until_up, free_port

pytestmark = pytest.mark.slow


def _post_raw(port: int, size: int) -> bytes:
    """POST ``size`` bytes of body to /login/ and return what the server answers first."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as s:
        head = (f"POST /login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                f"Content-Length: {size}\r\nConnection: close\r\n\r\n").encode()
        s.sendall(head)
        try:
            chunk = b"\0" * 65536
            sent = 0
            while sent < size:
                s.sendall(chunk[: min(len(chunk), size - sent)])
                sent += len(chunk)
        except OSError:
            pass  # the server may close the connection as soon as it has refused the body
        return s.recv(200)


def test_a_body_over_the_cap_is_refused_before_it_is_read(tmp_path):
    data = tmp_path / "data"
    assert run("init", data_dir=data).returncode == 0
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KEGONG_DATA_DIR")}
    proc = subprocess.Popen([sys.executable, "-m", "kegong", "--data-dir", str(data), "serve", "--port", str(port),
                             "--no-worker", "--max-body-mb", "1"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env)
    try:
        _wait_until_up(f"http://127.0.0.1:{port}", proc)
        assert _post_raw(port, 3 * 1024 * 1024).startswith(b"HTTP/1.1 413")  # over 1 MB: refused
        assert not _post_raw(port, 1000).startswith(b"HTTP/1.1 413")  # a small form still reaches Django
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=10) as r:
            assert r.status == 200  # and the server goes on serving
    finally:
        proc.terminate()
        proc.wait(15)


def test_the_cap_is_an_option_with_a_default():
    from click.testing import CliRunner

    from kegong.cli import main

    res = CliRunner().invoke(main, ["serve", "--help"])
    assert "--max-body-mb" in res.output and "64" in res.output
