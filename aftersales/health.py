"""``/healthz``: database and broker reachability as JSON, 503 when one is down; and the
warnings apps register (``register_warning``), e.g. a calendar whose official schedule runs
out soon. A warning does not make the service unavailable: it is reported, with status 200."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from aftersales.celery import app as celery_app


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return False, exc.__class__.__name__
    return True, connection.vendor


def check_broker() -> tuple[bool, str]:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            transport = conn.transport_cls
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return False, exc.__class__.__name__
    return True, str(transport)


#: name → a callable returning the current warnings, each a dict with at least "message".
_WARNINGS: dict[str, Callable[[], list[dict[str, Any]]]] = {}


def register_warning(name: str, check: Callable[[], list[dict[str, Any]]]) -> None:
    """Called from an app's ``ready()``: ``check()`` is run by every ``/healthz``."""
    _WARNINGS[name] = check


def collect_warnings() -> dict[str, dict[str, Any]]:
    sections: dict[str, dict[str, Any]] = {}
    for name, check in _WARNINGS.items():
        try:
            found = check()
        except Exception as exc:  # noqa: BLE001 - a broken check is itself a warning
            found = [{"message": f"check failed: {exc.__class__.__name__}"}]
        sections[name] = {"ok": not found, "warnings": found}
    return sections


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    db_ok, db_detail = check_database()
    broker_ok, broker_detail = check_broker()
    healthy = db_ok and broker_ok
    sections = collect_warnings() if db_ok else {}
    body: dict[str, Any] = {
        "status": "ok" if healthy else "unavailable",
        "database": {"ok": db_ok, "detail": db_detail},
        "broker": {"ok": broker_ok, "detail": broker_detail},
        **sections,
        "warnings": [w["message"] for section in sections.values() for w in section["warnings"]],
    }
    return JsonResponse(body, status=200 if healthy else 503)
