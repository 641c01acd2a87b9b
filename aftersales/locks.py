"""Row locks, taken one way everywhere: ``SELECT … FOR UPDATE`` ordered by pk, which keeps
concurrent writers from deadlocking (two writers locking the same rows lock them in the same
order). Only the rows themselves are locked (``of=self``), so a queryset may join nullable
relations with ``select_related``. Call inside ``transaction.atomic``."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def lock_objects(queryset: QuerySet[M]) -> list[M]:
    """Lock and return the rows of ``queryset``, in pk order."""
    return list(queryset.select_for_update(of=("self",)).order_by("pk"))


def lock_one(queryset: QuerySet[M], pk: int | None) -> M:
    """Lock and return the row ``pk`` of ``queryset``; ``DoesNotExist`` when it is not there."""
    rows = lock_objects(queryset.filter(pk=pk))
    if not rows:
        raise queryset.model.DoesNotExist  # type: ignore[attr-defined]
    return rows[0]
