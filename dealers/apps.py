from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: (key, label, url name, roles, order) of the dealers' menu entries.
NAVIGATION = [
    ("dealers.portal", _("Dealer portal"), "dealers:portal", {"dealer"}, 5),
    (
        "dealers.records",
        _("Repair records"),
        "dealers:record-list",
        {"dealer", "appraiser", "manager"},
        40,
    ),
    ("dealers.claims", _("Claims"), "dealers:claim-list", {"dealer", "manager"}, 41),
    ("dealers.appraisal", _("Claims to appraise"), "dealers:appraisal", {"appraiser"}, 5),
    ("dealers.finance", _("Claims to review"), "dealers:finance", {"finance"}, 5),
    (
        "dealers.shipments",
        _("Parts shipments"),
        "dealers:shipment-list",
        {"dealer", "appraiser", "manager"},
        42,
    ),
    (
        "dealers.statements",
        _("Settlement notices"),
        "dealers:statement-list",
        {"dealer", "finance", "manager"},
        43,
    ),
    ("dealers.assessment", _("Dealer assessment"), "dealers:assessment", {"dealer", "manager"}, 44),
    ("dealers.technicians", _("Technicians"), "dealers:technician-list", {"dealer", "manager"}, 45),
]
HOMES = {"dealer": "dealers:portal", "appraiser": "dealers:appraisal", "finance": "dealers:finance"}


class DealersConfig(AppConfig):
    name = "dealers"
    verbose_name = _("Dealers")

    def ready(self) -> None:
        """Plug into the rest of the product: menu and start pages, notification texts,
        attachment targets, the technician check of ticket actions, timeline labels."""
        from aftersales.navigation import NavItem, register, register_home
        from dealers.files import register_targets
        from dealers.notices import register_renderers
        from dealers.services.profiles import require_certified_at_dealer
        from dealers.services.records import RECORD_FILED, RECORD_PHOTOS_ADDED
        from tickets.actions import register_technician_check
        from tickets.timeline import register_event_labels

        register(
            *(
                NavItem(key, label, url, frozenset(roles), order=order)
                for key, label, url, roles, order in NAVIGATION
            )
        )
        for role, url in HOMES.items():
            register_home(role, url)
        register_renderers()
        register_targets()
        register_technician_check(require_certified_at_dealer)
        register_event_labels(
            {
                RECORD_FILED: _("Repair record filed (三包维修记录)"),
                RECORD_PHOTOS_ADDED: _("Photos added to the repair record"),
            }
        )
