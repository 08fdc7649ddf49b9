"""Screenshot the 驾驶舱 of the demo county (the pictures in docs/): a fresh demo in a temporary data folder,
`kegong serve` on a free port, headless Chromium (Debian's /usr/bin/chromium) logged in as the demo's
``staff`` user, the dashboard for 2026年1-6月 at 1366×768 (desktop, first 1,400 px) and 390×844 (phone).

Run:  .venv/bin/python docs/render_dashboard.py
Writes docs/dashboard.png and docs/dashboard-phone.png.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
KEGONG = [sys.executable, "-m", "kegong"]
SHOTS = {"dashboard.png": ((1366, 768), 1400), "dashboard-phone.png": ((390, 844), 2400)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="kegong-dash-"))
    env = dict(os.environ, KEGONG_DATA_DIR=str(work / "data"), OPENBLAS_NUM_THREADS="1")
    subprocess.run([*KEGONG, "demo", "--through", "2026-10"], env=env, check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    port = _free_port()
    server = subprocess.Popen([*KEGONG, "serve", "--port", str(port)], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            for name, ((w, h), height) in SHOTS.items():
                page = browser.new_page(viewport={"width": w, "height": h})
                page.goto(base + "/login/")
                page.fill("input[name=username]", "staff")
                page.fill("input[name=password]", "kegong-demo")
                page.click("button[type=submit]")
                page.goto(base + "/?period=2026-06&by=town")
                page.wait_for_selector("#trend-chart svg")
                full = page.evaluate("document.documentElement.scrollHeight")
                page.screenshot(path=str(DOCS / name), full_page=True,
                                clip={"x": 0, "y": 0, "width": w, "height": min(height, full)})
                page.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
    print("wrote", ", ".join(str(DOCS / n) for n in SHOTS))


if __name__ == "__main__":
    main()
