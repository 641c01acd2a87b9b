"""Run the whole product in one terminal: web server, a Celery worker and Celery beat.

Ctrl-C (or SIGTERM) stops all three; if one of them dies the others are stopped too.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


def _commands(addr: str) -> dict[str, list[str]]:
    """The three processes of the stack, by name."""
    python = sys.executable
    celery = [python, "-m", "celery", "-A", "aftersales"]
    return {
        "web": [python, "manage.py", "runserver", addr, "--noreload"],
        "worker": [*celery, "worker", "--loglevel=INFO", "--concurrency=2"],
        "beat": [
            *celery,
            "beat",
            "--loglevel=INFO",
            "--schedule",
            settings.CELERY_BEAT_SCHEDULE_FILENAME,
        ],
    }


def _stop_all(processes: dict[str, subprocess.Popen[bytes]], grace_seconds: float = 15) -> None:
    """SIGTERM to every process still running; those not gone within the grace are killed."""
    for process in processes.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace_seconds
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()


class Command(BaseCommand):
    help = "Start web (runserver), Celery worker and Celery beat together."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        Path(settings.CELERY_DIR).mkdir(parents=True, exist_ok=True)
        processes: dict[str, subprocess.Popen[bytes]] = {}
        self.stopping = False
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        try:
            for name, command in _commands(options["addr"]).items():
                self.stdout.write(f"starting {name}: {' '.join(command[1:])}")
                processes[name] = subprocess.Popen(command, start_new_session=True)
            self.stdout.write(
                self.style.SUCCESS(
                    f"After-sales service on http://{options['addr']}/  "
                    "(Ctrl-C stops web, worker and beat)"
                )
            )
            self._watch(processes)
        finally:
            _stop_all(processes)
            self.stdout.write("stopped web, worker and beat")

    def _stop(self, *_: object) -> None:
        self.stopping = True

    def _watch(self, processes: dict[str, subprocess.Popen[bytes]]) -> None:
        """Until a signal comes or one of the processes exits."""
        while not self.stopping:
            for name, process in processes.items():
                if process.poll() is not None:
                    self.stderr.write(f"{name} exited with {process.returncode}; stopping the rest")
                    self.stopping = True
            time.sleep(0.5)
