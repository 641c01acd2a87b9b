"""The SLA overview for managers and supervisors: breached now, at risk within the hour,
compliance per metric for today / 7 days / 30 days. A handful of indexed queries, none per row."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.decorators import role_required
from accounts.requests import request_user
from sla.models import SlaClock
from sla.schedules import calendars_short_of_schedule
from sla.selectors import clocks_at_risk_all, clocks_breached_all, compliance

#: Rows listed per box; the badge always counts them all and says when the list is cut.
SHOWN = 50

OVERVIEW_ROLES = ("manager", "supervisor")


def _box(rows: QuerySet[SlaClock]) -> dict[str, Any]:
    return {"rows": list(rows[:SHOWN]), "total": rows.count()}


@role_required(*OVERVIEW_ROLES)
def overview(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "sla/overview.html",
        {
            "now": now,
            "breached": _box(clocks_breached_all(request_user(request), now)),
            "at_risk": _box(clocks_at_risk_all(request_user(request), now)),
            "compliance": compliance(request_user(request), now),
            "at_risk_query": urlencode(
                [
                    ("sla_state", "running"),
                    ("sla_state", "warning"),
                    ("due_after", now.isoformat()),
                    ("due_before", (now + timedelta(hours=1)).isoformat()),
                ]
            ),
            "horizon_warnings": calendars_short_of_schedule(),
            "can_enter_schedule": request_user(request).has_role("manager"),
        },
    )
