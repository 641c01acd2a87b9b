"""The SLA overview for managers and supervisors: breached now, at risk within the hour,
compliance per metric for today / 7 days / 30 days. A handful of indexed queries, none per row."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.decorators import role_required
from accounts.requests import request_user
from sla.schedules import calendars_short_of_schedule
from sla.selectors import clocks_at_risk, clocks_breached_now, compliance

OVERVIEW_ROLES = ("manager", "supervisor")


@role_required(*OVERVIEW_ROLES)
def overview(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "sla/overview.html",
        {
            "now": now,
            "breached": list(clocks_breached_now(request_user(request), now)),
            "at_risk": list(clocks_at_risk(request_user(request), now)),
            "compliance": compliance(request_user(request), now),
            "horizon_warnings": calendars_short_of_schedule(),
            "can_enter_schedule": request_user(request).has_role("manager"),
        },
    )
