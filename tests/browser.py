"""Headless Chromium for the page tests: one browser per test module, and what a page did.

Uses Debian's ``chromium`` and ``chromium-driver`` (``make test`` installs them as root)
through Selenium. Without them the tests that ask for the browser skip with one line.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1400,1000", "--disable-dev-shm-usage")


def missing() -> str:
    """Why there is no browser here ('' when there is one)."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    for exe in ("chromium", "chromedriver"):
        if shutil.which(exe) is None:
            return f"no {exe} on PATH (make test installs Debian's chromium and chromium-driver as root)"
    return ""


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium driven by Selenium, with a fresh profile; skips the test if there is none."""
    reason = missing()
    if reason:
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="gradlab-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def open_page(driver: Any, path: Path) -> None:
    """Load a saved page from ``file://`` and forget the logs of earlier pages."""
    driver.get_log("browser")
    driver.get_log("performance")
    driver.get(path.resolve().as_uri())


def requests_made(driver: Any) -> list[str]:
    """The URLs the page asked for since it was opened, besides the page itself."""
    page = driver.current_url
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            params = message["params"]
            url = params["request"]["url"]
            ours = params.get("documentURL") == page  # not the browser's own start page
            if url != page and (ours or url.startswith(("http:", "https:", "ws:", "wss:", "ftp:"))):
                urls.append(url)
    return urls


def errors_logged(driver: Any) -> list[str]:
    """Console errors (JavaScript exceptions, blocked requests) since the page was opened."""
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
