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
