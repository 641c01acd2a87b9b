"""SLA clocks: states, pauses, target changes, explanations, escalation instants."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from sla.calculus.calendar import CalendarSpec
from sla.calculus.due import Segment, TargetSpec, compute_clock, explain, next_action_at
from sla.calculus.pauses import HistoryEntry
from sla.tests.calculus.helpers import (
    HOUR,
    china_calendar,
    history,
    local,
    plain_weekdays,
    target,
)

FRIDAY_MORNING = history(
    (local(2025, 6, 13, 8, 0), "registered"),
    (local(2025, 6, 13, 8, 30), "forwarded"),
)


# -- states ------------------------------------------------------------------------------


def test_clock_is_pending_until_its_start_code_appears():
    steps = history((local(2025, 6, 13, 8, 0), "registered"))
    result = compute_clock(steps, target(2 * HOUR), plain_weekdays(), local(2025, 6, 13, 9))
    assert (result.state, result.started_at, result.due_at) == ("pending", None, None)
    assert (result.used_seconds, result.remaining_seconds) == (0, 2 * HOUR)
    assert result.explanation.segments == ()


def test_running_clock_counts_business_time_so_far():
    result = compute_clock(
        FRIDAY_MORNING, target(2 * HOUR), plain_weekdays(), local(2025, 6, 13, 9, 0)
    )
    assert result.state == "running"
    assert result.started_at == local(2025, 6, 13, 8, 30)
    assert result.due_at == local(2025, 6, 13, 10, 30)
    assert (result.used_seconds, result.remaining_seconds) == (1800, 5400)


def test_clock_past_its_due_time_is_breached_with_negative_remaining():
    result = compute_clock(
        FRIDAY_MORNING, target(2 * HOUR), plain_weekdays(), local(2025, 6, 13, 14, 30)
    )
    assert result.state == "breached"
    assert result.used_seconds == 3 * HOUR + 30 * 60 + HOUR
    assert result.remaining_seconds == -(2 * HOUR + 30 * 60)


def test_stop_before_the_due_time_is_met():
    steps = [*FRIDAY_MORNING, HistoryEntry(local(2025, 6, 13, 10, 0), "resolved")]
    result = compute_clock(steps, target(2 * HOUR), plain_weekdays(), local(2025, 6, 20))
    assert result.state == "met"
    assert result.stopped_at == local(2025, 6, 13, 10, 0)
    assert (result.used_seconds, result.remaining_seconds) == (5400, 1800)


def test_stop_exactly_at_the_due_time_is_met():
    steps = [*FRIDAY_MORNING, HistoryEntry(local(2025, 6, 13, 10, 30), "resolved")]
    result = compute_clock(steps, target(2 * HOUR), plain_weekdays(), local(2025, 6, 20))
    assert result.state == "met"


def test_stop_after_the_due_time_is_met_late():
    steps = [*FRIDAY_MORNING, HistoryEntry(local(2025, 6, 16, 9, 0), "resolved")]
    result = compute_clock(steps, target(2 * HOUR), plain_weekdays(), local(2025, 6, 20))
    assert result.state == "met_late"
    assert result.due_at == local(2025, 6, 13, 10, 30)
    assert result.remaining_seconds == 2 * HOUR - (7 * HOUR + 30 * 60 + 30 * 60)


def test_cancellation_after_the_start_cancels_the_clock():
    steps = [*FRIDAY_MORNING, HistoryEntry(local(2025, 6, 13, 9, 0), "cancelled")]
    result = compute_clock(steps, target(2 * HOUR), plain_weekdays(), local(2025, 6, 20))
    assert result.state == "cancelled"
    assert result.stopped_at == local(2025, 6, 13, 9, 0)
    assert result.used_seconds == 1800


def test_cancellation_before_the_start_leaves_the_clock_pending():
    steps = history(
        (local(2025, 6, 13, 8, 0), "registered"),
        (local(2025, 6, 13, 8, 10), "cancelled"),
        (local(2025, 6, 13, 8, 30), "forwarded"),
    )
    result = compute_clock(steps, target(2 * HOUR), plain_weekdays(), local(2025, 6, 13, 9))
    assert result.state == "running"
    assert result.started_at == local(2025, 6, 13, 8, 30)


def test_event_code_stops_a_first_response_clock():
    # given a first-response target started at registration, stopped by the first call
    first_response = target(HOUR, start_on="registered", stop_on=frozenset({"contact.made"}))
    steps = history(
        (local(2025, 6, 13, 9, 0), "registered"),
        (local(2025, 6, 13, 9, 20), "registered", "contact.made"),
    )
    # when the clock is computed
    result = compute_clock(steps, first_response, plain_weekdays(), local(2025, 6, 13, 11))
    # then the event stopped it although the status did not change
    assert (result.state, result.stopped_at) == ("met", local(2025, 6, 13, 9, 20))


def test_staying_in_a_status_does_not_match_it_again():
    steps = history(
        (local(2025, 6, 13, 9, 0), "registered"),
        (local(2025, 6, 13, 9, 0), "resolved"),
        (local(2025, 6, 13, 9, 30), "resolved", "note.added"),
        (local(2025, 6, 13, 10, 0), "forwarded"),
        (local(2025, 6, 13, 10, 15), "forwarded", "note.added"),
        (local(2025, 6, 13, 11, 0), "resolved"),
    )
    result = compute_clock(steps, target(HOUR), plain_weekdays(), local(2025, 6, 13, 12))
    assert result.started_at == local(2025, 6, 13, 10, 0)
    assert result.stopped_at == local(2025, 6, 13, 11, 0)
    assert result.state == "met"


def test_start_and_stop_on_the_same_entry_meet_the_target_at_once():
    instant = target(HOUR, start_on="registered", stop_on=frozenset({"contact.made"}))
    steps = history((local(2025, 6, 13, 9, 0), "registered", "contact.made"))
    result = compute_clock(steps, instant, plain_weekdays(), local(2025, 6, 13, 10))
    assert (result.state, result.used_seconds) == ("met", 0)


def test_entries_after_now_are_ignored():
    steps = [*FRIDAY_MORNING, HistoryEntry(local(2025, 6, 13, 10, 0), "resolved")]
    result = compute_clock(steps, target(2 * HOUR), plain_weekdays(), local(2025, 6, 13, 9, 30))
    assert result.state == "running"
    assert result.stopped_at is None


def test_same_inputs_give_the_same_answer():
    args = (FRIDAY_MORNING, target(2 * HOUR), china_calendar(2025), local(2025, 6, 13, 9))
    assert compute_clock(*args) == compute_clock(*args)


# -- pauses and changed targets ----------------------------------------------------------

PAUSED_MORNING = [
    *FRIDAY_MORNING,
    HistoryEntry(local(2025, 6, 13, 10, 0), "waiting_customer"),
    HistoryEntry(local(2025, 6, 13, 10, 40), "forwarded", "customer.replied"),
]


def test_pause_and_resume_push_the_due_time_by_the_paused_business_time():
    result = compute_clock(
        PAUSED_MORNING, target(2 * HOUR), plain_weekdays(), local(2025, 6, 13, 11)
    )
    assert result.state == "running"
    assert result.due_at == local(2025, 6, 13, 11, 10)
    assert result.used_seconds == HOUR + 30 * 60 + 20 * 60


def test_paused_clock_shows_the_due_time_as_if_it_resumed_now():
    result = compute_clock(
        PAUSED_MORNING, target(2 * HOUR), plain_weekdays(), local(2025, 6, 13, 10, 20)
    )
    assert result.state == "paused"
    assert result.due_at == local(2025, 6, 13, 10, 50)
    assert result.used_seconds == HOUR + 30 * 60


def test_pause_over_closed_time_costs_nothing_extra():
    steps = [
        *FRIDAY_MORNING,
        HistoryEntry(local(2025, 6, 13, 12, 0), "waiting_customer"),
        HistoryEntry(local(2025, 6, 13, 13, 30), "forwarded"),
    ]
    result = compute_clock(steps, target(4 * HOUR), plain_weekdays(), local(2025, 6, 13, 14))
    assert result.due_at == local(2025, 6, 13, 14, 0)


def test_shorter_duration_after_a_severity_change_keeps_the_pause():
    # given a ticket paused 10:00–10:40 whose severity is raised at 11:00
    now = local(2025, 6, 13, 11, 0)
    before = compute_clock(PAUSED_MORNING, target(4 * HOUR), plain_weekdays(), now)
    # when the clock is recomputed with the shorter duration of the new severity
    after = compute_clock(PAUSED_MORNING, target(2 * HOUR), plain_weekdays(), now)
    # then the same business time is used and the due time is earlier, still after the pause
    assert after.used_seconds == before.used_seconds
    assert before.due_at == local(2025, 6, 13, 14, 40)
    assert after.due_at == local(2025, 6, 13, 11, 10)


def test_policy_edit_mid_way_recomputes_from_history_and_keeps_earlier_pauses():
    # given a policy with a 4 h resolution target, paused 10:00–10:40 for the customer
    old = target(4 * HOUR)
    paused = compute_clock(PAUSED_MORNING, old, plain_weekdays(), local(2025, 6, 13, 10, 20))
    # when the policy is edited at 11:00 to 6 h
    new = target(6 * HOUR)
    result = compute_clock(PAUSED_MORNING, new, plain_weekdays(), local(2025, 6, 13, 11, 0))
    # then the 40-minute pause still counts, under the new duration
    assert paused.state == "paused"
    assert result.due_at == local(2025, 6, 13, 16, 40)
    assert result.explanation.paused_seconds == 40 * 60


def test_pause_status_not_in_the_target_does_not_pause_it():
    result = compute_clock(
        PAUSED_MORNING,
        target(2 * HOUR, pause=frozenset()),
        plain_weekdays(),
        local(2025, 6, 13, 11),
    )
    assert result.due_at == local(2025, 6, 13, 10, 30)


# -- explanation ------------------------------------------------------------------------


def test_explanation_says_why_the_due_time_is_half_past_three():
    # given a 4 h 50 min target started 08:30, paused 10:00–10:40 waiting for the customer
    result = compute_clock(
        PAUSED_MORNING, target(4 * HOUR + 50 * 60), plain_weekdays(), local(2025, 6, 13, 11)
    )
    # when the explanation is read
    lines = result.explanation.describe("Asia/Shanghai")
    # then it walks from the start to the due time
    assert result.due_at == local(2025, 6, 13, 15, 30)
    assert lines == (
        "counted 2025-06-13 08:30–10:00",
        "paused 2025-06-13 10:00–10:40 (waiting_customer)",
        "counted 2025-06-13 10:40–12:00",
        "closed 2025-06-13 12:00–13:30 (off hours)",
        "counted 2025-06-13 13:30–15:30",
    )
    assert result.explanation.counted_seconds == 4 * HOUR + 50 * 60
    assert result.explanation.paused_seconds == 40 * 60
    assert result.explanation.closed_seconds == 90 * 60


def test_explanation_names_the_holiday_it_skipped():
    steps = history(
        (local(2025, 9, 30, 16, 0), "registered"), (local(2025, 9, 30, 16, 30), "forwarded")
    )
    result = compute_clock(steps, target(2 * HOUR), china_calendar(2025), local(2025, 9, 30, 17))
    closed = [s for s in result.explanation.segments if s.kind == "closed"]
    assert result.due_at == local(2025, 10, 9, 9, 30)
    assert (
        Segment(local(2025, 10, 1), local(2025, 10, 6), "closed", "holiday", "National Day")
        in closed
    )
    assert [s.reason for s in closed] == [
        "off_hours",
        "holiday",
        "holiday",
        "holiday",
        "off_hours",
    ]
    assert [s.label for s in closed][1:4] == ["National Day", "Mid-autumn Festival", "National Day"]


def test_explanation_names_the_weekend():
    steps = history((local(2025, 6, 13, 16, 0), "forwarded"))
    explanation = explain(steps, target(2 * HOUR), plain_weekdays(), local(2025, 6, 13, 16, 30))
    assert [(s.kind, s.reason) for s in explanation.segments] == [
        ("counted", ""),
        ("closed", "off_hours"),
        ("closed", "weekend"),
        ("closed", "off_hours"),
        ("counted", ""),
    ]
    assert explanation.segments[2].start == local(2025, 6, 14)
    assert explanation.segments[2].end == local(2025, 6, 16)


def test_explanation_of_a_breached_clock_runs_to_now():
    result = compute_clock(FRIDAY_MORNING, target(HOUR), plain_weekdays(), local(2025, 6, 13, 11))
    segments = result.explanation.segments
    assert (segments[0].start, segments[-1].end) == (
        local(2025, 6, 13, 8, 30),
        local(2025, 6, 13, 11),
    )
    assert result.explanation.counted_seconds == result.used_seconds


def test_explanation_of_a_stopped_clock_ends_at_the_stop():
    steps = [*FRIDAY_MORNING, HistoryEntry(local(2025, 6, 13, 9, 15), "resolved")]
    result = compute_clock(steps, target(2 * HOUR), plain_weekdays(), local(2025, 6, 20))
    assert result.explanation.segments == (
        Segment(local(2025, 6, 13, 8, 30), local(2025, 6, 13, 9, 15), "counted"),
    )


# -- escalation instants -----------------------------------------------------------------

LADDER = (-30 * 60, 0, 2 * HOUR)


def test_warning_is_business_time_before_a_monday_morning_due_time():
    steps = history((local(2025, 6, 13, 16, 30), "forwarded"))
    result = compute_clock(steps, target(2 * HOUR), plain_weekdays(), local(2025, 6, 13, 16, 45))
    assert result.due_at == local(2025, 6, 16, 9, 30)
    assert next_action_at(result, LADDER, plain_weekdays()) == local(2025, 6, 16, 9, 0)
    assert next_action_at(result, LADDER, plain_weekdays(), {0}) == local(2025, 6, 16, 9, 30)
    assert next_action_at(result, LADDER, plain_weekdays(), {0, 1}) == local(2025, 6, 16, 11, 30)
    assert next_action_at(result, LADDER, plain_weekdays(), {0, 1, 2}) is None


def test_breached_clock_still_has_unfired_levels():
    result = compute_clock(FRIDAY_MORNING, target(HOUR), plain_weekdays(), local(2025, 6, 13, 11))
    assert result.state == "breached"
    assert next_action_at(result, LADDER, plain_weekdays(), {0}) == local(2025, 6, 13, 9, 30)


@pytest.mark.parametrize("now_hour", [10, 20])
def test_no_action_for_paused_or_stopped_clocks(now_hour):
    steps = [*PAUSED_MORNING, HistoryEntry(local(2025, 6, 13, 11, 0), "resolved")]
    now = local(2025, 6, 13, now_hour, 20)
    result = compute_clock(steps, target(2 * HOUR), plain_weekdays(), now)
    assert result.state in {"paused", "met"}
    assert next_action_at(result, LADDER, plain_weekdays()) is None


# -- validation ------------------------------------------------------------------------


def test_naive_now_is_rejected():
    with pytest.raises(ValueError, match="now must be timezone-aware"):
        compute_clock(FRIDAY_MORNING, target(HOUR), plain_weekdays(), datetime(2025, 6, 13, 9))


def test_naive_history_is_rejected():
    steps = history((datetime(2025, 6, 13, 9), "forwarded"))
    with pytest.raises(ValueError, match="timezone-aware"):
        compute_clock(steps, target(HOUR), plain_weekdays(), local(2025, 6, 13, 10))


def test_history_out_of_order_is_rejected():
    steps = [*reversed(FRIDAY_MORNING)]
    with pytest.raises(ValueError, match="time order"):
        compute_clock(steps, target(HOUR), plain_weekdays(), local(2025, 6, 13, 10))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"duration_seconds": -1}, "must not be negative"),
        ({"duration_seconds": 1.5}, "must be an integer"),
        ({"start_on": "forwarded"}, "set of codes"),
        ({"stop_on": frozenset()}, "at least one code"),
    ],
)
def test_bad_target_is_rejected(kwargs, message):
    fields = {
        "metric": "resolution",
        "duration_seconds": HOUR,
        "start_on": frozenset({"forwarded"}),
        "stop_on": frozenset({"resolved"}),
    }
    with pytest.raises(ValueError, match=message):
        TargetSpec(**{**fields, **kwargs})


def test_clock_on_a_24x7_calendar_counts_the_night():
    steps = history((local(2025, 6, 13, 22, 0), "forwarded"))
    cal = CalendarSpec.always_open("Asia/Shanghai")
    result = compute_clock(steps, target(4 * HOUR), cal, local(2025, 6, 14, 1, 0))
    assert result.due_at == local(2025, 6, 14, 2, 0)
    assert result.used_seconds == 3 * HOUR
    assert result.due_at - result.started_at == timedelta(hours=4)
