"""Pauses rebuilt from a status history."""

from __future__ import annotations

from datetime import datetime

import pytest

from sla.calculus.pauses import Interval, pause_intervals
from sla.tests.calculus.helpers import history, local

WAITING = frozenset({"waiting_customer", "awaiting_quote"})


def test_pause_runs_from_entering_a_pause_status_to_leaving_it():
    steps = history(
        (local(2025, 6, 13, 9, 0), "registered"),
        (local(2025, 6, 13, 10, 0), "waiting_customer"),
        (local(2025, 6, 13, 10, 40), "forwarded"),
    )
    intervals = pause_intervals(steps, WAITING, local(2025, 6, 13, 9, 0), local(2025, 6, 13, 17))
    assert intervals == (
        Interval(local(2025, 6, 13, 10, 0), local(2025, 6, 13, 10, 40), "waiting_customer"),
    )


def test_open_pause_lasts_until_the_end_of_the_range():
    steps = history(
        (local(2025, 6, 13, 9, 0), "registered"),
        (local(2025, 6, 13, 16, 0), "waiting_customer"),
    )
    intervals = pause_intervals(steps, WAITING, local(2025, 6, 13, 9), local(2025, 6, 14, 12))
    assert intervals == (
        Interval(local(2025, 6, 13, 16, 0), local(2025, 6, 14, 12, 0), "waiting_customer"),
    )


def test_pauses_are_clipped_to_the_range():
    steps = history(
        (local(2025, 6, 13, 8, 0), "waiting_customer"),
        (local(2025, 6, 13, 12, 0), "forwarded"),
    )
    intervals = pause_intervals(steps, WAITING, local(2025, 6, 13, 10), local(2025, 6, 13, 11))
    assert intervals == (
        Interval(local(2025, 6, 13, 10, 0), local(2025, 6, 13, 11, 0), "waiting_customer"),
    )


def test_repeated_entries_of_the_same_pause_status_make_one_pause():
    steps = history(
        (local(2025, 6, 13, 9, 0), "waiting_customer"),
        (local(2025, 6, 13, 9, 30), "waiting_customer", "customer.called"),
        (local(2025, 6, 13, 10, 0), "forwarded"),
    )
    intervals = pause_intervals(steps, WAITING, local(2025, 6, 13, 9), local(2025, 6, 13, 12))
    assert intervals == (
        Interval(local(2025, 6, 13, 9, 0), local(2025, 6, 13, 10, 0), "waiting_customer"),
    )


def test_back_to_back_pause_statuses_stay_apart_to_name_each_one():
    steps = history(
        (local(2025, 6, 13, 9, 0), "waiting_customer"),
        (local(2025, 6, 13, 9, 30), "awaiting_quote"),
        (local(2025, 6, 13, 10, 0), "forwarded"),
    )
    intervals = pause_intervals(steps, WAITING, local(2025, 6, 13, 9), local(2025, 6, 13, 12))
    assert [interval.status for interval in intervals] == ["waiting_customer", "awaiting_quote"]


def test_no_pause_statuses_means_no_pauses():
    steps = history((local(2025, 6, 13, 9, 0), "waiting_customer"))
    assert pause_intervals(steps, frozenset(), local(2025, 6, 13, 9), local(2025, 6, 13, 12)) == ()


def test_history_out_of_time_order_is_rejected():
    steps = history((local(2025, 6, 13, 10, 0), "registered"), (local(2025, 6, 13, 9), "forwarded"))
    with pytest.raises(ValueError, match="time order"):
        pause_intervals(steps, WAITING, local(2025, 6, 13, 9), local(2025, 6, 13, 12))


def test_naive_history_time_is_rejected():
    steps = history((datetime(2025, 6, 13, 10, 0), "waiting_customer"))
    with pytest.raises(ValueError, match="timezone-aware"):
        pause_intervals(steps, WAITING, local(2025, 6, 13, 9), local(2025, 6, 13, 12))
