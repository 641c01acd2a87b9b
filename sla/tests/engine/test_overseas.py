"""Overseas customers: complaints are closed within 17 days (domestic: 13), under a policy of
their own."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sla.models import SlaClock
from sla.tests.engine.conftest import local, new_ticket

pytestmark = pytest.mark.django_db


def _clock(ticket, metric):  # type: ignore[no-untyped-def]
    return (
        SlaClock.objects.filter(ticket=ticket, metric=metric)
        .select_related("target__policy")
        .first()
    )


def test_an_overseas_complaint_is_due_to_close_in_17_days(people, clock):
    ticket = new_ticket(people, kind="complaint", region="overseas")

    closure = _clock(ticket, "complaint_closure")

    assert closure.due_at == local(2025, 3, 3, 9, 0) + timedelta(days=17)
    assert closure.target.policy.key == "overseas"
    assert _clock(ticket, "on_site").due_at == local(
        2025, 3, 4, 9, 0
    )  # complaints: on site in 24 h


def test_a_domestic_complaint_still_closes_in_13_days(people, clock):
    ticket = new_ticket(people, kind="complaint", region="other_province")

    closure = _clock(ticket, "complaint_closure")

    assert closure.due_at == local(2025, 3, 3, 9, 0) + timedelta(days=13)
    assert closure.target.policy.key == "standard"


def test_an_overseas_repair_keeps_the_other_limits_but_has_no_domestic_on_site_limit(people, clock):
    ticket = new_ticket(people, kind="repair", sev="major", region="overseas")

    assert _clock(ticket, "resolution").due_at == local(2025, 3, 3, 17, 0)  # general 8 h
    assert _clock(ticket, "on_site") is None
