"""The SLA calculus is pure Python: its tests need neither Django nor pytest-django and
run with ``-p no:django``. Project-wide autouse fixtures that adjust Django settings
get this stand-in here instead of pytest-django's ``settings``: what they set is
dropped, and nothing in these tests reads it."""

from __future__ import annotations

from typing import Any

import pytest


class _UnusedSettings:
    """Accepts any setting and reads every unset one as an empty mapping."""

    def __getattr__(self, name: str) -> Any:
        return {}


@pytest.fixture
def settings() -> _UnusedSettings:
    return _UnusedSettings()
