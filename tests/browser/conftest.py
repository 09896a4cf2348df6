"""Real-browser tests: JupyterLab in Chromium, driven by Playwright.

A session starts JupyterLab on a free local port, with a token, over a temporary copy of
``notebooks/``, and one headless Chromium. Chromium comes from the system (Debian:
``apt-get install chromium chromium-driver``, which ``.ci/run`` does when it is missing) or
from ``$DESCENT_CHROMIUM``. Without a browser every test here is skipped, with the reason.

Screenshots go to ``browser-results/`` (git-ignored).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "browser-results"
CHROMIUM = (os.environ.get("DESCENT_CHROMIUM") or shutil.which("chromium")
            or shutil.which("chromium-browser"))
# JupyterLab settings for a test run: every cell rendered (no virtual scrolling, so a
# test can see each output), no news or update pop-ups.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
}


def pytest_collection_modifyitems(config, items):
    reason = None
    if CHROMIUM is None:
        reason = ("NO BROWSER: Chromium not found, so widgets were NOT tested in a browser. "
                  "Install it (Debian: apt-get install chromium chromium-driver) or set "
                  "DESCENT_CHROMIUM")
    else:
        try:
            import playwright  # noqa: F401
        except ImportError:
            reason = "NO BROWSER: playwright is not installed (make install)"
    if reason:
        for item in items:
            item.add_marker(pytest.mark.skip(reason=reason))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(autouse=True)
def offline():
    """Override the unit tests' socket guard: these tests talk to a local server, and the
    browser's requests are watched by the tests themselves."""


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """A running JupyterLab over a temporary copy of the notebooks: (base URL, token, folder)."""
    base = tmp_path_factory.mktemp("lab")
    work = base / "work"
    shutil.copytree(ROOT / "notebooks", work, ignore=shutil.ignore_patterns("*.xlsx"))
    settings = base / "settings"
    for name, value in LAB_SETTINGS.items():
        path = settings / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    port, token = free_port(), "descent-browser-test"
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings),
               JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
               DESCENT_OFFLINE="1", DESCENT_MNIST="subset", DESCENT_PROGRESS="0")
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
               "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={work}"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = open(base / "lab.log", "w")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                    break
            except OSError as err:
                if server.poll() is not None:
                    log.flush()
                    raise RuntimeError(f"JupyterLab exited: {(base / 'lab.log').read_text()}") \
                        from err
                time.sleep(0.5)
        else:
            raise RuntimeError("JupyterLab did not start in 60 s")
        yield url, token, work
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def shots():
    SHOTS.mkdir(exist_ok=True)
    return SHOTS
