"""The dashboards' rollup figures, cached per (filters and scope, language, rollup generation).

Compliance, the splits, the trend, the mean and p90 times and the fix rates are sums over the
rollups, which change only when ``reports.rollup.rebuild_days`` writes them: every rebuild
(the increment after clock stops, the nightly reconcile) and every change of the report
settings starts a new generation, so the next view computes them again (in every process when
the cache is shared, i.e. Redis with ``REDIS_URL``). Entries also expire after
``REPORTS_FIGURES_CACHE_SECONDS``; 0 switches the cache off. What is read *now* from the clock
and ticket tables (breached, at risk, ageing) is never cached.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import translation

if TYPE_CHECKING:
    from reports.forms import ReportFilters

GENERATION_KEY = "reports:rollup-generation"
log = logging.getLogger(__name__)


def rollup_generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Missing (first use, evicted, flushed): a fresh random value never matches old entries.
        generation = uuid.uuid4().hex
        cache.set(GENERATION_KEY, generation, None)
    return str(generation)


def new_rollup_generation() -> None:
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception:  # the cache is down: nobody reads it either; entries expire on their own
        log.warning("cache unavailable: could not start a new rollup generation", exc_info=True)


def forget_figures(**_signal: Any) -> None:
    """Forget every cached figure: now, and again when the caller's transaction commits (a
    view in between may have read the rollups as they were and cached them)."""
    new_rollup_generation()
    transaction.on_commit(new_rollup_generation)


def figures_key(filters: ReportFilters, today: date) -> str:
    parts = (
        filters.period.code,
        filters.period.first,
        filters.period.last,
        today,
        filters.metric,
        filters.severity.pk if filters.severity is not None else None,
        filters.region_class.pk if filters.region_class is not None else None,
        filters.kind,
        filters.organisation_id,
        filters.technician_id,
        filters.channel,
        translation.get_language(),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"reports:figures:{rollup_generation()}:{digest}"


def cached_figures(
    filters: ReportFilters, today: date, compute: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """``compute()``'s figures for ``filters``, from the cache when this generation has them."""
    seconds = getattr(settings, "REPORTS_FIGURES_CACHE_SECONDS", 0)
    if not seconds:
        return compute()
    try:
        key = figures_key(filters, today)
        found = cache.get(key)
    except Exception:  # the cache is down: compute
        log.warning("cache unavailable: report figures computed", exc_info=True)
        return compute()
    if found is not None:
        return found  # type: ignore[no-any-return]
    figures = compute()
    try:
        cache.set(key, figures, seconds)
    except Exception:
        log.warning("cache unavailable: report figures not kept", exc_info=True)
    return figures
