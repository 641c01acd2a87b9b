"""Clocks recomputed from the history: pauses, severity change, policy change keeping pauses."""

from __future__ import annotations

import pytest

from sla.measuring import clocks_recompute, policy_reapply
from sla.models import SlaClock, SlaPolicy
from sla.policies import policy_revise
from sla.tests.engine.conftest import act, forward, local, new_ticket
from tickets.models import Ticket
from tickets.services import perform_action

pytestmark = pytest.mark.django_db


def _clock(ticket, metric):
    return SlaClock.objects.get(ticket=ticket, metric=metric)


def _surrounding_on_site_in(policy, *, hours):
    """The policy's targets (with their ladders) as ``policy_revise`` takes them, the
    surrounding-area on-site limit changed to ``hours``."""
    targets = []
    for target in policy.targets.all():
        row = {
            f: getattr(target, f)
            for f in (
                "metric",
                "position",
                "when_kinds",
                "when_severities",
                "when_region_classes",
                "when_channels",
                "duration_seconds",
                "calendar_id",
                "start_on",
                "stop_on",
                "pause_statuses",
                "cancel_on",
            )
        }
        if target.metric == "on_site" and target.when_region_classes == ["surrounding"]:
            row["duration_seconds"] = hours * 3600
        row["levels"] = [
            {
                "level": lv.level,
                "offset_seconds": lv.offset_seconds,
                "action": lv.action,
                "role": lv.role,
            }
            for lv in target.levels.all()
        ]
        targets.append(row)
    return targets


def _arranged(people, clock, region="surrounding", sev="minor"):
    ticket = new_ticket(people, region=region, sev=sev)
    forward(people, ticket)
    clock.move_to(local(2025, 3, 3, 9, 10))
    act(
        people,
        ticket,
        "supervisor",
        "arrange",
        technician=people["technician"].pk,
        customer_told=True,
    )
    return ticket


def test_waiting_for_the_customer_pauses_on_site_and_resume_continues(people, clock):
    # given a surrounding-region ticket (on site within 12 h, 24×7) created at 09:00
    ticket = _arranged(people, clock)
    assert _clock(ticket, "on_site").due_at == local(2025, 3, 3, 21, 0)

    # when it waits for the customer from 10:00 to 13:00
    clock.move_to(local(2025, 3, 3, 10, 0))
    act(people, ticket, "technician", "wait_customer", reason="客户不在家")
    paused = _clock(ticket, "on_site")
    ticket.refresh_from_db()
    clock.move_to(local(2025, 3, 3, 13, 0))
    act(people, ticket, "technician", "resume")

    # then on-site was paused meanwhile and is due three hours later; dispatch is unaffected
    assert paused.state == "paused"
    assert paused.next_action_at is None
    on_site = _clock(ticket, "on_site")
    assert on_site.state == "running"
    assert on_site.due_at == local(2025, 3, 4, 0, 0)
    assert _clock(ticket, "dispatch").state == "met"


def test_severity_change_picks_the_matching_target_of_the_same_policy(people, clock):
    # given a minor urban ticket: resolution in 3 working days, on site in 6 working hours
    ticket = new_ticket(people, sev="minor", region="urban")
    assert _clock(ticket, "resolution").due_at == local(2025, 3, 6, 9, 0)
    assert _clock(ticket, "on_site").due_at == local(2025, 3, 3, 16, 30)
    assert not SlaClock.objects.filter(ticket=ticket, metric="restore").exists()
    policy = _clock(ticket, "resolution").target.policy

    # when it is raised to critical at 10:00
    clock.move_to(local(2025, 3, 3, 10, 0))
    perform_action(
        ticket=ticket,
        by=people["agent"],
        action="change_severity",
        data={"severity": "critical", "reason": "停产"},
    )

    # then the critical targets apply, measured from the same start
    assert _clock(ticket, "resolution").due_at == local(2025, 3, 3, 17, 0)
    assert _clock(ticket, "on_site").due_at == local(2025, 3, 3, 11, 0)
    assert _clock(ticket, "restore").due_at == local(2025, 3, 3, 13, 0)
    assert {c.target.policy_id for c in SlaClock.objects.filter(ticket=ticket)} == {policy.pk}
    ticket.refresh_from_db()
    assert ticket.sla_due_at == local(2025, 3, 3, 10, 0)  # first response (1 h) is the most urgent
    assert ticket.sla_metric == "first_response"


def test_policy_change_mid_way_keeps_the_pauses(people, clock):
    # given a ticket that paused three hours for the customer
    ticket = _arranged(people, clock)
    clock.move_to(local(2025, 3, 3, 10, 0))
    act(people, ticket, "technician", "wait_customer", reason="客户不在家")
    clock.move_to(local(2025, 3, 3, 13, 0))
    act(people, ticket, "technician", "resume")
    old = SlaPolicy.objects.get(key="standard", is_current=True)

    # when the policy is revised (surrounding on-site 12 h → 10 h)
    new = policy_revise(
        policy=old, by=people["manager"], targets=_surrounding_on_site_in(old, hours=10)
    )

    # then the ticket keeps its version until the policy is re-applied
    clocks_recompute(ticket)
    assert _clock(ticket, "on_site").target.policy == old
    assert policy_reapply(new) == 1
    on_site = _clock(ticket, "on_site")
    assert on_site.target.policy == new
    assert new.version == 2
    assert on_site.due_at == local(2025, 3, 3, 22, 0)  # 09:00 + 10 h + the 3-hour pause


def test_recompute_is_a_pure_function_of_the_history(people, clock):
    ticket = _arranged(people, clock)
    before = list(SlaClock.objects.filter(ticket=ticket).values_list("metric", "state", "due_at"))

    clocks_recompute(ticket)
    clocks_recompute(ticket)

    assert (
        list(SlaClock.objects.filter(ticket=ticket).values_list("metric", "state", "due_at"))
        == before
    )


def test_consultation_has_no_on_site_clock_and_complaint_gets_closure(people, clock):
    consultation = new_ticket(people, kind="consultation")
    complaint = new_ticket(people, kind="complaint")

    assert not SlaClock.objects.filter(ticket=consultation, metric="on_site").exists()
    assert _clock(complaint, "complaint_closure").due_at == local(2025, 3, 16, 9, 0)
    assert _clock(complaint, "on_site").due_at == local(2025, 3, 4, 9, 0)


def test_phone_calls_get_a_thirty_minute_first_response(people, clock):
    ticket = new_ticket(people, channel="phone")
    clock.move_to(local(2025, 3, 3, 9, 20))
    act(people, ticket, "agent", "log_contact", outcome="reached")

    first = _clock(ticket, "first_response")
    assert first.state == "met"
    assert first.due_at == local(2025, 3, 3, 9, 30)


@pytest.mark.parametrize(
    ("region", "sev"), [("urban", "critical"), ("suburban", "minor"), ("other_province", "major")]
)
def test_clocks_started_at_creation_equal_a_full_recompute(people, clock, region, sev):
    # given a ticket just registered (its clocks written by the creation fast path)
    ticket = new_ticket(people, region=region, sev=sev)
    started = {
        c.metric: (c.state, c.due_at, c.next_action_at, c.target_id)
        for c in SlaClock.objects.filter(ticket=ticket)
    }
    assert started

    # when the clocks are recomputed from the stored history
    clocks_recompute(ticket)

    # then nothing differs, on the clocks nor on the ticket's SLA columns (queue sort, badges)
    recomputed = {
        c.metric: (c.state, c.due_at, c.next_action_at, c.target_id)
        for c in SlaClock.objects.filter(ticket=ticket)
    }
    assert recomputed == started
    stored = Ticket.objects.values_list("sla_state", "sla_due_at", "sla_metric", "sla_calendar_id")
    assert stored.get(pk=ticket.pk) == (
        ticket.sla_state,
        ticket.sla_due_at,
        ticket.sla_metric,
        ticket.sla_calendar_id,
    )
    assert ticket.sla_due_at == min(due for _state, due, _next, _target in started.values())


def _on_site_hours(ticket) -> float:
    clock = _clock(ticket, "on_site")
    return (clock.due_at - clock.started_at).total_seconds() / 3600


def test_the_next_ticket_after_a_revision_is_measured_under_the_new_version(people, clock):
    # given a ticket registered under the standard policy (its rows now cached)
    first = new_ticket(people, region="surrounding")
    old = SlaPolicy.objects.get(key="standard", is_current=True)
    assert _clock(first, "on_site").target.policy == old

    # when the policy is revised to a 10-hour on-site limit for surrounding areas
    new = policy_revise(
        policy=old, by=people["manager"], targets=_surrounding_on_site_in(old, hours=10)
    )

    # then the very next ticket is measured under the new version
    second = new_ticket(people, region="surrounding")
    assert _clock(second, "on_site").target.policy == new
    assert _clock(second, "on_site").target.duration_seconds == 10 * 3600


def test_a_policy_added_behind_the_services_back_applies_to_the_next_ticket(people, clock):
    # given the current policies were read once (cached)
    new_ticket(people, sev="critical")
    standard = SlaPolicy.objects.get(key="standard", is_current=True)

    # when a higher-priority policy for critical faults is written straight to the table
    urgent = SlaPolicy.objects.create(
        key="critical-only", name_zh="紧急", priority=1, match_severities=["critical"]
    )
    for target in standard.targets.all():
        target.pk = None
        target.policy = urgent
        target.save()

    # then a critical ticket uses it, and a minor one still the standard policy
    critical = new_ticket(people, sev="critical")
    minor = new_ticket(people, sev="minor")
    assert _clock(critical, "first_response").target.policy == urgent
    assert _clock(minor, "first_response").target.policy == standard
