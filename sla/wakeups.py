"""Wake-ups: a sweep at the instant the next rung is due, not at the next periodic sweep.

Beat runs ``sla.sweep`` every ``SLA_SWEEP_SECONDS``. When a clock's next action falls before
the next periodic sweep — seen after each sweep, and whenever the engine writes a clock —,
one more ``sla.sweep`` is queued with a Celery ``eta`` at the end of that second. A burst of
clocks due in the same second queues one wake-up: the second is claimed first with an atomic
``cache.add`` (``SET NX`` on Redis, shared by every process), so at most one wake-up is queued
per second whoever asks. Each sweep schedules the next one, so a run of clocks due over a few
minutes is swept second by second. A wake-up that is lost (broker restarted, worker killed)
costs only latency: the periodic sweep still fires everything that is due.
"""

from __future__ import annotations

import logging
import math
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min
from django.utils import timezone

from sla.models import SlaClock

logger = logging.getLogger(__name__)

KEY = "sla:wake:{}"


def window() -> timedelta:
    """How far ahead a wake-up is worth it: until the next periodic sweep."""
    return timedelta(seconds=max(int(settings.SLA_SWEEP_SECONDS), 1))


def wake_at(moment: datetime, *, now: datetime | None = None) -> bool:
    """Queue a sweep for the end of ``moment``'s second unless one is queued for it already,
    or the periodic sweep comes first; True when this call queued it."""
    current = now or timezone.now()
    if moment - current >= window():
        return False
    second = max(math.ceil(moment.timestamp()), math.ceil(current.timestamp()))
    if not cache.add(KEY.format(second), 1, timeout=int(window().total_seconds()) + 60):
        return False
    eta = datetime.fromtimestamp(second, tz=UTC)
    try:
        from sla.tasks import sla_sweep

        sla_sweep.apply_async(eta=eta, expires=eta + window())
    except Exception:  # a broker outage must never fail the caller: the periodic sweep runs
        cache.delete(KEY.format(second))
        logger.warning("could not queue an SLA wake-up; the periodic sweep will run", exc_info=True)
        return False
    return True


def next_due_after(now: datetime) -> datetime | None:
    """The earliest next action after ``now`` and before the next periodic sweep."""
    found: datetime | None = SlaClock.objects.filter(
        next_action_at__gt=now, next_action_at__lte=now + window()
    ).aggregate(at=Min("next_action_at"))["at"]
    return found


def schedule_next(now: datetime | None = None) -> bool:
    """After a sweep: a wake-up for the next rung due before the next periodic sweep."""
    current = now or timezone.now()
    moment = next_due_after(current)
    return moment is not None and wake_at(moment, now=current)


def wake_for(moments: list[datetime | None]) -> None:
    """After clocks are written (on commit): a wake-up for the soonest of their next actions
    when it comes before the next periodic sweep."""
    current = timezone.now()
    soonest = min((m for m in moments if m is not None and m > current), default=None)
    if soonest is not None:
        wake_at(soonest, now=current)
