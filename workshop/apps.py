from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopConfig(AppConfig):
    name = "workshop"
    verbose_name = _("Workshop")

    def ready(self) -> None:
        from aftersales.navigation import NavItem, register
        from parts.services.tickets import register_use_check
        from sla.metrics import register_metric_labels
        from tickets.panels import TicketPanel, register_panel
        from tickets.timeline import register_event_details, register_event_labels
        from workshop.events import LABELS, WorkshopEvent
        from workshop.files import register_targets
        from workshop.notify import register_renderers
        from workshop.services.quotes import require_approved_quote
        from workshop.views import refund_details, ticket_panel

        people = frozenset({"technician", "supervisor", "dealer", "agent", "manager"})
        register(
            NavItem("workshop.register", _("Workshop"), "workshop:register", people, order=30),
            NavItem("workshop.standby", _("Standby units"), "workshop:standby", people, order=31),
            NavItem(
                "workshop.returns",
                _("Return orders"),
                "workshop:returns",
                frozenset({"supervisor", "manager", "dealer", "finance"}),
                order=32,
            ),
        )
        register_event_labels(LABELS)
        register_event_details(WorkshopEvent.REFUNDED.value, refund_details)
        register_targets()
        register_metric_labels(
            {
                "carry_in": _("Workshop repair promise"),
                "factory_repair": _("Factory repair"),
            }
        )
        register_renderers()
        register_panel(TicketPanel("workshop", "workshop/_ticket_panel.html", ticket_panel, 10))
        register_use_check(require_approved_quote)
