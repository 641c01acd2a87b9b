from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DealersConfig(AppConfig):
    name = "dealers"
    verbose_name = _("Dealers")

    def ready(self) -> None:
        from aftersales.navigation import NavItem, register, register_home

        register(
            NavItem(
                "dealers.portal",
                _("Dealer portal"),
                "dealers:portal",
                frozenset({"dealer"}),
                order=5,
            ),
            NavItem(
                "dealers.records",
                _("Repair records"),
                "dealers:record-list",
                frozenset({"dealer", "appraiser", "manager"}),
                order=40,
            ),
            NavItem(
                "dealers.claims",
                _("Claims"),
                "dealers:claim-list",
                frozenset({"dealer", "manager"}),
                order=41,
            ),
            NavItem(
                "dealers.appraisal",
                _("Claims to appraise"),
                "dealers:appraisal",
                frozenset({"appraiser"}),
                order=5,
            ),
            NavItem(
                "dealers.finance",
                _("Claims to review"),
                "dealers:finance",
                frozenset({"finance"}),
                order=5,
            ),
            NavItem(
                "dealers.shipments",
                _("Parts shipments"),
                "dealers:shipment-list",
                frozenset({"dealer", "appraiser", "manager"}),
                order=42,
            ),
            NavItem(
                "dealers.statements",
                _("Settlement notices"),
                "dealers:statement-list",
                frozenset({"dealer", "finance", "manager"}),
                order=43,
            ),
            NavItem(
                "dealers.assessment",
                _("Dealer assessment"),
                "dealers:assessment",
                frozenset({"dealer", "manager"}),
                order=44,
            ),
            NavItem(
                "dealers.technicians",
                _("Technicians"),
                "dealers:technician-list",
                frozenset({"dealer", "manager"}),
                order=45,
            ),
        )
        register_home("dealer", "dealers:portal")
        register_home("appraiser", "dealers:appraisal")
        register_home("finance", "dealers:finance")

        from dealers.notices import register_renderers

        register_renderers()
        from dealers.files import register_targets

        register_targets()

        from dealers.services.profiles import require_certified_at_dealer
        from tickets.actions import register_technician_check

        register_technician_check(require_certified_at_dealer)
        from dealers.services.records import RECORD_FILED, RECORD_PHOTOS_ADDED
        from tickets.timeline import register_event_labels

        register_event_labels(
            {
                RECORD_FILED: _("Repair record filed (三包维修记录)"),
                RECORD_PHOTOS_ADDED: _("Photos added to the repair record"),
            }
        )
