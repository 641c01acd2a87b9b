"""A task sent through the real broker is executed by a real worker started by the test."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from aftersales.celery import ping

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.broker
def test_a_real_worker_executes_a_task_sent_through_the_broker():
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "aftersales",
            "worker",
            "--pool=solo",
            "--queues",
            queue,
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "aftersales.settings"},
    )
    try:
        result = ping.apply_async(queue=queue)

        assert result.get(timeout=60) == "pong"
    finally:
        worker.terminate()
        worker.wait(timeout=30)
