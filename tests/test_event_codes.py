"""Timeline codes are declared once per app and every one a user can meet has a label."""

from __future__ import annotations

import pytest

from tickets.events import TicketEventCode
from tickets.models import WorkflowAction
from tickets.timeline import EVENT_LABELS, event_label

pytestmark = pytest.mark.django_db


def test_every_workflow_action_writes_a_declared_code_with_a_label():
    actions = set(WorkflowAction.objects.values_list("action", flat=True))

    undeclared = sorted(a for a in actions if f"ticket.{a}" not in set(TicketEventCode))
    unlabelled = sorted(a for a in actions if f"ticket.{a}" not in EVENT_LABELS)

    assert (undeclared, unlabelled) == ([], [])


def test_the_codes_other_apps_register_are_labelled_not_shown_raw():
    for code in ("sla.reassign", "sla.raise_severity", "parts.reserved", "dealer.record_filed"):
        assert event_label(code) != code, code
