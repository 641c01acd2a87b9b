"""Small reference tables read on every request, kept per process.

Fault severities, region classes and the intake rules are a handful of rows that every
registration reads and that change a few times a year, through the admin. Reading them from
PostgreSQL on each request cost a query and its compilation per table, a measurable share
of a registration. A :class:`ReferenceTable` reads its table whole on first use and keeps it
for ``settings.REFERENCE_CACHE_SECONDS`` (default 30):

- a change saved or deleted in this process (the admin, the seeds) clears it at once and
  again when it commits, through the models' ``post_save`` / ``post_delete`` signals, and
  after ``migrate``;
- other processes (the other web workers, the Celery workers) read the change within that
  many seconds.

Django keeps its own content types per process the same way (without a timeout). Writes
that send no signal (a queryset's ``update()``, raw SQL) are seen after the timeout;
``clear_reference_tables`` clears every table (the test suite does so before each test,
because a rolled-back test leaves no signal).
Callers get copies of the cached instances, so nothing a request does to one is seen by
another.
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete, post_migrate, post_save

T = TypeVar("T")

_TABLES: list[ReferenceTable[object]] = []


class ReferenceTable(Generic[T]):
    """``load()``'s result, kept until a listed model changes or the timeout passes."""

    def __init__(self, load: Callable[[], T], *watched: type[models.Model]) -> None:
        self._load = load
        self._lock = threading.Lock()
        self._value: T | None = None
        self._loaded_at = 0.0
        for model in watched:
            post_save.connect(self._changed, sender=model, weak=False)
            post_delete.connect(self._changed, sender=model, weak=False)
        _TABLES.append(self)  # type: ignore[arg-type]

    def get(self) -> T:
        value, loaded_at = self._value, self._loaded_at
        if value is not None and time.monotonic() - loaded_at < _timeout():
            return value
        with self._lock:
            value = self._load()
            self._value, self._loaded_at = value, time.monotonic()
        return value

    def clear(self) -> None:
        with self._lock:
            self._value = None

    def _changed(self, **kwargs: object) -> None:
        # Now, and again once the change is committed: a request of this process that read
        # the table between the save and the commit kept the rows as they were before it.
        self.clear()
        transaction.on_commit(self.clear, using=kwargs.get("using"))  # type: ignore[arg-type]


def _timeout() -> float:
    return float(settings.REFERENCE_CACHE_SECONDS)


def rows_by(
    model: type[models.Model], key: str, **filters: object
) -> ReferenceTable[dict[object, models.Model]]:
    """A table of ``model``'s rows (those matching ``filters``) by the value of ``key``."""

    def load() -> dict[object, models.Model]:
        return {getattr(row, key): row for row in model._default_manager.filter(**filters)}

    return ReferenceTable(load, model)


def fresh(instance: T) -> T:
    """A copy of a cached instance that the caller may keep and change."""
    return copy.copy(instance)


def clear_reference_tables(**_kwargs: object) -> None:
    for table in _TABLES:
        table.clear()


post_migrate.connect(clear_reference_tables, weak=False)
