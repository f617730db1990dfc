"""DNS rebinding: a page on another domain that resolves to 127.0.0.1 sends that domain as
Host and Origin, so Streamlit's same-origin check alone would let it open the app's
WebSocket. server.allowedHosts (Streamlit 1.67) refuses any Host but the local names."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    folder = tmp_path_factory.mktemp("server")
    number = _free_port()
    env = {**os.environ, "RESIDENCY_SCOUT_WORKSPACE": str(folder / "workspace.sqlite")}
    with open(folder / "server.log", "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(number), "--server.headless", "true"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.time() + 90
            while time.time() < deadline:
                try:
                    if urllib.request.urlopen(f"http://127.0.0.1:{number}/_stcore/health", timeout=2).read() == b"ok":
                        break
                except OSError:
                    time.sleep(0.3)
            else:
                pytest.fail("the app did not start: " + (folder / "server.log").read_text())
            yield number
        finally:
            process.terminate()
            process.wait(timeout=20)


def _upgrade(port: int, host: str, origin: str) -> str:
    """The status line Streamlit answers a WebSocket upgrade with."""
    request = (
        "GET /_stcore/stream HTTP/1.1\r\n"
        f"Host: {host}\r\n"
        f"Origin: {origin}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Protocol: streamlit\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(request.encode())
        return conn.recv(4096).decode("latin-1").split("\r\n", 1)[0]


def test_the_app_itself_may_connect(port):
    for name in ("localhost", "127.0.0.1"):
        assert " 101 " in _upgrade(port, f"{name}:{port}", f"http://{name}:{port}")


@pytest.mark.parametrize("name", ["rebound.example", "attacker.localhost.example", "127.0.0.1.nip.io"])
def test_a_rebound_domain_is_refused_even_when_host_and_origin_agree(port, name):
    assert " 101 " not in _upgrade(port, f"{name}:{port}", f"http://{name}:{port}")


def test_a_foreign_origin_is_refused(port):
    assert " 101 " not in _upgrade(port, f"localhost:{port}", "http://evil.example")


HOSTILE = [
    "http://evil.example/x",
    "HTTPS://evil.example",
    "www.evil.example",
    "write to me@evil.example",
    "[x](http://evil.example)",
    "<a href='http://evil.example'>x</a>",
    "<img src=x onerror=alert(1)>",
]
PROBE = """
import sys
sys.path.insert(0, {root!r})
import pandas as pd
import streamlit as st
from app_pages.charts import friendliness_vs_fit
from app_pages.text import md
from data.settings import Thresholds

for text in {hostile!r}:
    st.markdown("md: " + md(text))
    st.caption(md(text))
    st.write(md(text))
st.multiselect("label " + md("http://evil.example"), ["a"])
frame = pd.DataFrame({{"tier": ["dream"], "img_friendliness": [5.0], "goal_fit": [70.0], "fit_score": [60.0], "state": ["TX"],
                      "program": ["<a href='http://evil.example'>click</a>"]}})
st.plotly_chart(friendliness_vs_fit(frame, Thresholds()), key="chart")
"""


def test_user_text_never_becomes_a_link_in_markdown_or_chart_hovers(tmp_path):
    """Browser-only: Streamlit autolinks bare URLs after escapes are resolved, and plotly
    renders <a> in hover labels; both are checked in Chromium."""
    import shutil

    from playwright.sync_api import sync_playwright

    script = tmp_path / "probe.py"
    script.write_text(PROBE.format(root=str(ROOT), hostile=HOSTILE))
    number = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(number), "--server.headless", "true"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 1400})
            deadline = time.time() + 90
            while True:
                try:
                    page.goto(f"http://localhost:{number}")
                    break
                except Exception:
                    if time.time() > deadline:
                        raise
                    time.sleep(0.5)
            page.wait_for_selector("[data-testid=stPlotlyChart] .point", timeout=60_000)
            hrefs = page.eval_on_selector_all("[data-testid=stMain] a", "els => els.map(e => e.href)")
            assert not [h for h in hrefs if "evil" in h], hrefs
            assert page.locator("img[src=x]").count() == 0
            shown = page.inner_text("[data-testid=stMain]").replace("\u2060", "")
            assert all(text in shown for text in HOSTILE)  # every text shown as typed
            point = page.query_selector("[data-testid=stPlotlyChart] .point")
            point.scroll_into_view_if_needed()
            box = point.bounding_box()
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.wait_for_selector(".hoverlayer text", timeout=10_000)
            assert page.eval_on_selector_all(".hoverlayer a", "els => els.length") == 0
            hover = "".join(page.eval_on_selector_all(".hoverlayer text", "els => els.map(e => e.textContent)"))
            assert "<a href='http://evil.example'>click</a>" in hover
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=20)
