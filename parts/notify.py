"""Low-stock notifications: to the storekeepers (warehouse) or the dealer's staff (its store),
written in the caller's transaction; the e-mail leaves after commit."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _

from accounts.models import User
from parts.events import LOW_STOCK
from parts.models import StockLevel


def recipients(level: StockLevel) -> list[int]:
    store = level.store
    users = User.objects.filter(is_active=True, organisation_id=store.organisation_id)
    roles = ["storekeeper"] if store.organisation.is_internal else ["dealer", "storekeeper"]
    return list(users.filter(groups__name__in=roles).values_list("pk", flat=True).distinct())


def low_stock(level: StockLevel) -> None:
    if not apps.is_installed("notifications"):
        return
    from notifications.services import notify

    notify(
        recipients(level),
        LOW_STOCK,
        payload={
            "number": f"{level.store.code} {level.part.part_number}",
            "store": level.store.code,
            "store_name": level.store.name_zh,
            "store_name_en": level.store.name_en,
            "part_number": level.part.part_number,
            "part_name": level.part.name_zh,
            "part_name_en": level.part.name_en,
            "available": level.available,
            "min_level": level.min_level,
        },
    )


def _low_stock_text(p: dict[str, Any]) -> str:
    from aftersales.i18n import bilingual

    return _(
        "Low stock at %(store)s: %(part_number)s %(part)s, %(available)s available "
        "(minimum %(min)s)."
    ) % {
        "store": bilingual(p.get("store_name", ""), p.get("store_name_en", "")),
        "part_number": p.get("part_number", ""),
        "part": bilingual(p.get("part_name", ""), p.get("part_name_en", "")),
        "available": p.get("available", ""),
        "min": p.get("min_level", ""),
    }


def register_renderers() -> None:
    if not apps.is_installed("notifications"):
        return
    from notifications.messages import RENDERERS

    RENDERERS.setdefault(LOW_STOCK, _low_stock_text)
