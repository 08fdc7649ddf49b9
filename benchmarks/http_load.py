"""The HTTP side of the web benchmarks (bench_read_path, bench_web_pages): start and stop ``kegong serve``,
log in like a browser, and send GETs from python threads on keep-alive connections, timing each one.

A *request* here is a function of one open ``http.client.HTTPConnection`` that sends one GET, reads the whole
answer, checks it (status and content: a fast error page is not a result) and returns its wall time in
seconds; :func:`load` runs many of them from concurrent clients.
"""

from __future__ import annotations

import http.client
import http.cookies
import os
import re
import socket
import statistics
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

Request = Callable[[http.client.HTTPConnection], float]
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(cmd: list[str], env: dict, log_path: Path, cwd: Path, port: int,
                 timeout: float = 120) -> subprocess.Popen:
    """Start ``cmd`` (a ``kegong serve --port PORT …``) with its output in ``log_path``; return once the port
    accepts connections."""
    log = open(log_path, "w")  # noqa: SIM115 - the server's output, kept open for its whole life
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=cwd)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"kegong serve exited ({proc.returncode}); see {log.name}")
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return proc
        except OSError:
            time.sleep(0.2)
    stop_server(proc)
    raise RuntimeError(f"kegong serve did not start listening within {timeout:.0f} s")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def cookies_of(resp: http.client.HTTPResponse) -> dict[str, str]:
    jar = http.cookies.SimpleCookie()
    for header in resp.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {k: v.value for k, v in jar.items()}


def login(port: int, username: str, password: str) -> str:
    """Log in like a browser: GET /login/ (csrftoken cookie + form token), POST the form; the Cookie header."""
    c = http.client.HTTPConnection(HOST, port, timeout=120)
    c.request("GET", "/login/")
    r = c.getresponse()
    page, jar = r.read().decode("utf-8"), cookies_of(r)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    c.request("POST", "/login/", body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={jar['csrftoken']}"})
    r = c.getresponse()
    r.read()
    jar |= cookies_of(r)
    c.close()
    if r.status != 302 or "sessionid" not in jar:
        raise RuntimeError(f"login as {username} failed: HTTP {r.status}")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def get(conn: http.client.HTTPConnection, path: str, cookie: str | None = None) -> tuple[float, int, bytes]:
    """One GET on an open connection: (wall seconds until the whole body is read, status, body)."""
    t0 = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    r = conn.getresponse()
    body = r.read()
    return time.perf_counter() - t0, r.status, body


def load(port: int, request: Request, clients: int, total: int) -> dict:
    """``total`` requests spread over ``clients`` threads, each on its own keep-alive connection."""
    latencies: list[float] = []
    errors: list[str] = []
    lock, left = threading.Lock(), [total]

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=300)
        try:
            while True:
                with lock:
                    if left[0] == 0:
                        return
                    left[0] -= 1
                latency = request(conn)
                with lock:
                    latencies.append(latency)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(repr(e))
        finally:
            conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    if errors:
        raise RuntimeError(f"{len(errors)} client(s) failed: {errors[0]}")
    return {"clients": clients, "requests": len(latencies), **percentiles(latencies),
            "throughput_rps": len(latencies) / wall}


def percentiles(xs: list[float]) -> dict:
    q = statistics.quantiles(xs, n=100, method="inclusive")
    return {"p50_ms": statistics.median(xs) * 1e3, "p95_ms": q[94] * 1e3, "max_ms": max(xs) * 1e3}


def vm_status(pid: int) -> dict:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            fields[key] = int(value.split()[0]) / 1024  # kB → MiB
    return fields


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (/proc/<pid>/stat fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_with_cpu(port: int, request: Request, clients: int, total: int, server_pid: int) -> dict:
    """:func:`load`, plus the server's and this client's CPU time per request (the server's cost per page
    whatever the concurrency, and what the client took from the same cores)."""
    server0, client0 = cpu_seconds(server_pid), sum(os.times()[:2])
    r = load(port, request, clients, total)
    n = r["requests"]
    return {**r, "server_cpu_ms_per_req": (cpu_seconds(server_pid) - server0) / n * 1e3,
            "client_cpu_ms_per_req": (sum(os.times()[:2]) - client0) / n * 1e3}
