"""The ticket's stored state can always be rebuilt from its timeline."""

from __future__ import annotations

import random

import pytest

from accounts.tests.factories import UserFactory
from tickets.actions import REGISTRY, available_actions, perform_action
from tickets.services import state_from_events, stored_state
from tickets.tests.factories import make_ticket
from tickets.tests.services.test_workflow_rules import VALID_DATA

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("seed", range(6))
def test_random_walks_through_the_workflow_rebuild_to_the_stored_state(seed):
    rng = random.Random(seed)
    boss = UserFactory(is_superuser=True, roles=["technician", "supervisor"])
    ticket = make_ticket(by=boss)
    ticket.technician = boss
    ticket.supervisor = boss

    for _step in range(25):
        rules = available_actions(ticket, boss)
        if not rules:
            break
        rule = rng.choice(rules)
        data = VALID_DATA.get(rule.action, lambda t: {})(ticket)
        if rule.action in {"arrange", "assign"}:
            data.update(technician=boss.pk, supervisor=boss.pk)
        assert rule.action in REGISTRY
        perform_action(ticket=ticket, by=boss, action=rule.action, data=data)
        ticket.refresh_from_db()

        assert state_from_events(list(ticket.events.order_by("at", "id"))) == stored_state(ticket)
