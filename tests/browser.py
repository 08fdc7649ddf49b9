"""Driving Debian's Chromium with Playwright in the browser tests (never ``playwright install``)."""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def log_in(page, username: str, password: str) -> None:
    """Fill in and send the login form the page shows."""
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
