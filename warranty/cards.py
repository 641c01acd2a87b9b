"""The dealer's warranty card (三包回执卡) deadline.

The dealer must return the card with the customer's data within ``days`` of the sale
(default 20 days per 000 P2; 001 says one month - the figure is data, passed in), or
the company does not recognise that unit's three-guarantee service by the dealer.

Pure Python, no Django. ``due = sale_date + days``; a card filed on the due date is
on time, one filed the day after is one day late.

States:

* ``on_time``  - filed on or before the due date
* ``late``     - filed after the due date (``days_late`` > 0)
* ``missing``  - not filed and the due date has passed (``days_late`` > 0)
* ``due_soon`` - not filed, due today or within ``warn_days`` days (``days_left``)
* ``pending``  - not filed, due later than that (``days_left``)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

__all__ = ["CardState", "CardStatus", "card_due_date", "card_status"]

CardState = Literal["on_time", "late", "missing", "pending", "due_soon"]


def _check_date(value: object, name: str) -> None:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime.date (not a datetime)")


def _check_days(value: int, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a non-negative int, got {value!r}")


@dataclass(frozen=True, slots=True)
class CardStatus:
    """Where a unit's warranty card stands.

    ``days_late`` is > 0 only for ``late`` / ``missing``; ``days_left`` (days until the
    due date, 0 on the due date itself) is meaningful only for ``pending`` / ``due_soon``
    and 0 otherwise.
    """

    state: CardState
    due_date: date
    days_late: int = 0
    days_left: int = 0

    @property
    def overdue(self) -> bool:
        """True when the card was, or still is, not returned in time."""
        return self.state in ("late", "missing")


def card_due_date(sale_date: date, days: int) -> date:
    """Last day on which the dealer may return the card: ``sale_date + days``."""
    _check_date(sale_date, "sale_date")
    _check_days(days, "days")
    return sale_date + timedelta(days=days)


def card_status(
    *,
    sale_date: date,
    filed_on: date | None,
    days: int,
    today: date,
    warn_days: int = 3,
) -> CardStatus:
    """Status of the warranty card of a unit sold on ``sale_date``, as of ``today``."""
    due = card_due_date(sale_date, days)
    _check_date(today, "today")
    _check_days(warn_days, "warn_days")
    if filed_on is not None:
        _check_date(filed_on, "filed_on")
        if filed_on < sale_date:
            raise ValueError(f"filed_on {filed_on} is before the sale date {sale_date}")
        if filed_on <= due:
            return CardStatus("on_time", due)
        return CardStatus("late", due, days_late=(filed_on - due).days)
    if today > due:
        return CardStatus("missing", due, days_late=(today - due).days)
    left = (due - today).days
    return CardStatus("due_soon" if left <= warn_days else "pending", due, days_left=left)
