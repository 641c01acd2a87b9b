"""Behaviour of the dealer's warranty card (三包回执卡) deadline. Pure Python, no DB."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warranty.cards import CardStatus, card_due_date, card_status

SALE = date(2025, 3, 1)
DUE = date(2025, 3, 21)  # sale + 20 days


def test_due_date_is_sale_date_plus_days():
    assert card_due_date(SALE, 20) == DUE
    assert card_due_date(date(2024, 2, 20), 20) == date(2024, 3, 11)  # across a leap day
    assert card_due_date(SALE, 0) == SALE


def test_card_filed_on_the_due_date_is_on_time():
    # given a card due 20 days after the sale; when it is filed on the due date
    status = card_status(sale_date=SALE, filed_on=DUE, days=20, today=DUE + timedelta(days=30))
    # then it is on time
    assert status == CardStatus("on_time", DUE, days_late=0, days_left=0)
    assert status.overdue is False


def test_card_filed_one_day_after_the_due_date_is_late_by_one_day():
    status = card_status(sale_date=SALE, filed_on=DUE + timedelta(days=1), days=20, today=DUE)
    assert status.state == "late"
    assert status.days_late == 1
    assert status.overdue is True


def test_card_not_filed_after_the_due_date_is_missing():
    # given no card; when today is three days past the due date
    status = card_status(sale_date=SALE, filed_on=None, days=20, today=DUE + timedelta(days=3))
    # then it is missing, three days late
    assert status.state == "missing"
    assert status.days_late == 3
    assert status.due_date == DUE


def test_card_not_filed_and_not_yet_due_is_pending():
    status = card_status(sale_date=SALE, filed_on=None, days=20, today=SALE + timedelta(days=2))
    assert status.state == "pending"
    assert status.days_left == 18
    assert status.days_late == 0


@pytest.mark.parametrize(
    ("days_before_due", "state"),
    [(4, "pending"), (3, "due_soon"), (1, "due_soon"), (0, "due_soon")],
)
def test_card_due_within_warn_days_is_due_soon(days_before_due: int, state: str):
    # given no card and today `days_before_due` days before the due date (warn 3 days)
    today = DUE - timedelta(days=days_before_due)
    status = card_status(sale_date=SALE, filed_on=None, days=20, today=today)
    # then it is due soon from three days before up to and including the due date
    assert status.state == state
    assert status.days_left == days_before_due


def test_warn_days_is_a_parameter():
    status = card_status(
        sale_date=SALE, filed_on=None, days=20, today=DUE - timedelta(days=7), warn_days=7
    )
    assert status.state == "due_soon"


def test_card_filed_before_the_sale_is_rejected():
    with pytest.raises(ValueError, match="before the sale date"):
        card_status(sale_date=SALE, filed_on=SALE - timedelta(days=1), days=20, today=SALE)


@pytest.mark.parametrize(("days", "warn_days"), [(-1, 3), (20, -1)])
def test_negative_days_are_rejected(days: int, warn_days: int):
    with pytest.raises(ValueError, match="non-negative"):
        card_status(sale_date=SALE, filed_on=None, days=days, today=SALE, warn_days=warn_days)


def test_datetime_instead_of_date_is_rejected():
    with pytest.raises(TypeError):
        card_due_date(datetime(2025, 3, 1, tzinfo=UTC), 20)


def test_status_is_frozen():
    status = card_status(sale_date=SALE, filed_on=None, days=20, today=SALE)
    with pytest.raises(FrozenInstanceError):
        status.state = "late"  # type: ignore[misc]


@given(
    sale=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    days=st.integers(min_value=0, max_value=60),
    filed_offset=st.none() | st.integers(min_value=0, max_value=120),
    today_offset=st.integers(min_value=0, max_value=120),
)
def test_property_state_matches_dates(
    sale: date, days: int, filed_offset: int | None, today_offset: int
):
    filed_on = None if filed_offset is None else sale + timedelta(days=filed_offset)
    today = sale + timedelta(days=today_offset)
    status = card_status(sale_date=sale, filed_on=filed_on, days=days, today=today)
    due = sale + timedelta(days=days)
    assert status.due_date == due
    if filed_on is not None:
        assert (status.state == "on_time") == (filed_on <= due)
        assert status.days_late == max(0, (filed_on - due).days)
    else:
        assert (status.state == "missing") == (today > due)
        assert status.days_late == max(0, (today - due).days)
        assert status.days_left == max(0, (due - today).days)
