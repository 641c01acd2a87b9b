from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = _("Service tickets")

    def ready(self) -> None:
        from aftersales.navigation import NavItem, register, register_home

        register(
            NavItem(
                "tickets.intake",
                _("Phone intake"),
                "tickets:intake",
                frozenset({"agent", "supervisor", "manager", "dealer"}),
                order=10,
            ),
            NavItem(
                "tickets.queue",
                _("Tickets"),
                "tickets:queue",
                frozenset({"agent", "supervisor", "technician", "dealer", "manager"}),
                order=20,
            ),
            NavItem(
                "tickets.dispatch",
                _("Dispatch board"),
                "tickets:dispatch",
                frozenset({"supervisor", "manager", "dealer"}),
                order=30,
            ),
            NavItem(
                "tickets.my_jobs",
                _("My jobs"),
                "tickets:my_jobs",
                frozenset({"technician"}),
                order=15,
            ),
        )
        for role, url_name in (
            ("agent", "tickets:intake"),
            ("supervisor", "tickets:dispatch"),
            ("technician", "tickets:my_jobs"),
            ("customer", "tickets:queue"),
            ("dealer", "tickets:queue"),
            ("manager", "tickets:queue"),
        ):
            register_home(role, url_name)
