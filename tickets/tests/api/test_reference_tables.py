"""Registration reads severities and intake rules from the process's reference tables: no
query of its own for them, a change saved through the admin applies at once, a change made
elsewhere (another worker, a bulk update) within ``REFERENCE_CACHE_SECONDS``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aftersales import reference
from tickets.models import FaultSeverity, IntakeRule
from tickets.reference import active_severity
from tickets.tests.factories import CustomerFactory
from tickets.tests.helpers import api_client_for

pytestmark = pytest.mark.django_db


def _customer_id() -> int:
    return CustomerFactory().pk  # type: ignore[attr-defined,no-any-return]


def _register(client, severity: str = "minor"):  # type: ignore[no-untyped-def]
    body = {"customer": _customer_id(), "fault_description": "不制冷", "severity": severity}
    return client.post("/api/v1/tickets/", body, format="json")


def test_a_registration_reads_no_severity_or_intake_rule_once_they_are_loaded(people):
    client = api_client_for(people["agent"])
    assert _register(client).status_code == 201  # loads the tables

    with CaptureQueriesContext(connection) as ctx:
        assert _register(client).status_code == 201

    tables = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "tickets_faultseverity" not in tables
    assert "tickets_intakerule" not in tables


def test_a_severity_deactivated_in_the_admin_is_refused_at_once(people):
    client = api_client_for(people["agent"])
    assert _register(client, "major").status_code == 201
    major = FaultSeverity.objects.get(code="major")
    major.is_active = False
    major.save()

    refused = _register(client, "major")

    assert refused.status_code == 400
    assert "severity" in refused.json()


def test_a_change_made_elsewhere_is_read_after_the_timeout(people, settings, monkeypatch):
    settings.REFERENCE_CACHE_SECONDS = 30
    clock = [1000.0]
    monkeypatch.setattr(reference.time, "monotonic", lambda: clock[0])
    client = api_client_for(people["agent"])
    assert _register(client, "major").status_code == 201
    # another process deactivates it: no signal reaches this one
    FaultSeverity.objects.filter(code="major").update(is_active=False)

    clock[0] += 29
    still = _register(client, "major")
    clock[0] += 2
    refused = _register(client, "major")

    assert still.status_code == 201
    assert refused.status_code == 400


def test_an_intake_rule_saved_in_the_admin_applies_to_the_next_registration(people):
    client = api_client_for(people["agent"])
    three_hours_ago = (timezone.now() - timedelta(hours=3)).isoformat()
    body = {"fault_description": "不制冷", "severity": "minor", "received_at": three_hours_ago}
    allowed = client.post("/api/v1/tickets/", {**body, "customer": _customer_id()})
    rule = IntakeRule.objects.get(role="agent")
    rule.backdate_hours = 0
    rule.save()

    refused = client.post("/api/v1/tickets/", {**body, "customer": _customer_id()})

    assert allowed.status_code == 201
    assert refused.status_code == 400
    assert "received_at" in refused.json()


def test_each_caller_gets_its_own_copy_of_a_cached_row(db):
    first = active_severity("minor")
    assert first is not None
    first.name_en = "changed by one request"

    second = active_severity("minor")

    assert second is not None
    assert second.name_en != "changed by one request"
    assert second.pk == first.pk


def test_a_table_read_before_the_change_commits_is_read_again_after_it(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        major = FaultSeverity.objects.get(code="major")
        major.is_active = False
        major.save()
        # a request of this process reads the table here: another connection would still
        # see the rows as they were before the save
        assert active_severity("minor") is not None

    with CaptureQueriesContext(connection) as ctx:
        active_severity("minor")

    assert any("tickets_faultseverity" in q["sql"] for q in ctx.captured_queries)
