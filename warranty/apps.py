from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WarrantyConfig(AppConfig):
    name = "warranty"
    verbose_name = _("Warranty (three guarantees)")

    def ready(self) -> None:
        from aftersales.navigation import ROLE_HOME, NavItem, register

        register(
            NavItem(
                "warranty-units",
                _("Units"),
                "warranty:unit-list",
                frozenset({"agent", "supervisor", "manager", "dealer", "technician", "appraiser"}),
                order=30,
            ),
            NavItem(
                "warranty-cards",
                _("Warranty cards"),
                "warranty:card-list",
                frozenset({"dealer", "manager"}),
                order=31,
            ),
            NavItem(
                "warranty-contracts",
                _("Contracts"),
                "warranty:contract-list",
                frozenset({"agent", "manager"}),
                order=32,
            ),
        )
        # A fallback home for dealers: after any home another app registers for them.
        ROLE_HOME.setdefault("dealer", []).append("warranty:card-list")
        from tickets.hooks import register_intake_hook
        from tickets.timeline import register_event_labels
        from warranty.decisions import intake_facts
        from warranty.services.revisions import REVISED

        register_intake_hook(intake_facts)

        register_event_labels({REVISED: _("Warranty decision revised")})
