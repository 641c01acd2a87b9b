"""The web service keeps answering while slow clients hold connections open.

The test starts gunicorn exactly as docker-compose runs it (its command, its config file) on
a free port of 127.0.0.1, with a single worker, opens connections whose request headers
never finish, and then asks for a page as a normal browser would.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
PAGE = "/accounts/login/"


def _compose_web_command() -> list[str]:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return list(compose["services"]["web"]["command"])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, timeout: float) -> int:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (local)
        return response.status


@pytest.fixture
def gunicorn(tmp_path):
    command = _compose_web_command()
    assert command[0] == "gunicorn"
    port = _free_port()
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",  # the worst case: one worker
        "DEBUG": "1",
        "SECRET_KEY": "slow-client-test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "AFTERSALES_VAR_DIR": str(tmp_path),
        "REDIS_URL": "",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", *command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if _get(base + PAGE, timeout=2) == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, "gunicorn exited"
            assert time.monotonic() < deadline, "gunicorn did not answer within 30 s"
            time.sleep(0.2)
        yield base, port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_compose_runs_gunicorn_with_its_config_file():
    command = _compose_web_command()

    assert command[:3] == ["gunicorn", "-c", "gunicorn.conf.py"]
    assert (ROOT / "gunicorn.conf.py").exists()
    assert "gunicorn.conf.py" in (ROOT / "Dockerfile").read_text()


def test_half_open_connections_do_not_stall_a_normal_request(gunicorn):
    base, port = gunicorn
    slow = []
    try:
        for _ in range(2):
            client = socket.create_connection(("127.0.0.1", port), timeout=5)
            # request line and one header, never the blank line that ends the headers
            client.sendall(f"GET {PAGE} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())
            slow.append(client)
        silent = socket.create_connection(("127.0.0.1", port), timeout=5)  # sends nothing
        slow.append(silent)
        time.sleep(0.5)  # let the worker take them

        started = time.monotonic()
        status = _get(base + PAGE, timeout=10)
        elapsed = time.monotonic() - started
    finally:
        for client in slow:
            client.close()

    assert status == 200
    assert elapsed < 2, f"a normal GET took {elapsed:.1f} s behind two half-open connections"
