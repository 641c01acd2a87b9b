"""Start-up wiring of the SLA engine: the overview in the navigation, the manager's home."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    from aftersales.navigation import NavItem, register, register_home

    register(
        NavItem(
            "sla.overview",
            _("SLA overview"),
            "sla:overview",
            frozenset({"manager", "supervisor"}),
            order=40,
        )
    )
    register_home("manager", "sla:overview")
