from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartsConfig(AppConfig):
    name = "parts"
    verbose_name = _("Parts store")

    def ready(self) -> None:
        from aftersales.navigation import NavItem, register, register_home
        from parts.events import LABELS
        from parts.notify import register_renderers
        from sla.metrics import register_metric_labels
        from tickets.timeline import register_event_labels

        stock_roles = frozenset({"storekeeper", "dealer", "manager", "supervisor", "technician"})
        register(
            NavItem("parts.stock", _("Parts stock"), "parts:stores", stock_roles, order=50),
            NavItem(
                "parts.transfers",
                _("Parts transfers"),
                "parts:transfers",
                frozenset({"storekeeper", "dealer", "manager"}),
                order=51,
            ),
            NavItem(
                "parts.catalogue",
                _("Parts catalogue"),
                "parts:catalogue",
                frozenset({"storekeeper", "manager", "supervisor", "technician", "dealer"}),
                order=52,
            ),
        )
        register_home("storekeeper", "parts:stores")
        register_event_labels(LABELS)
        register_metric_labels({"parts_shipment": _("In-warranty parts shipment")})
        register_renderers()

        from parts.views import ticket_panel
        from tickets.panels import TicketPanel, register_panel

        register_panel(TicketPanel("parts", "parts/_ticket_panel.html", ticket_panel, order=20))
