from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from aftersales.navigation import NavItem, register, register_home

        register(
            NavItem(
                "reports.dashboard",
                _("SLA dashboard"),
                "reports:dashboard",
                frozenset({"manager", "supervisor", "dealer"}),
                order=38,
            ),
            NavItem(
                "reports.board",
                _("Live board"),
                "reports:board",
                frozenset({"supervisor"}),
                order=25,
            ),
            NavItem(
                "reports.technicians",
                _("Technician daily report"),
                "reports:technician-daily",
                frozenset({"manager", "supervisor", "dealer"}),
                order=60,
            ),
            NavItem(
                "reports.costs",
                _("Monthly cost report"),
                "reports:costs",
                frozenset({"manager", "finance", "dealer", "supervisor"}),
                order=61,
            ),
            NavItem(
                "reports.dealers",
                _("Dealer league table"),
                "reports:dealer-league",
                frozenset({"manager", "dealer"}),
                order=62,
            ),
        )
        register_home("manager", "reports:dashboard")
        register_home("supervisor", "reports:board")

        from reports.events import register_renderers

        register_renderers()

        from django.db.models.signals import post_delete, post_save

        from reports.figures_cache import forget_figures
        from reports.models import ReportSettings

        # The compliance target is part of the cached figures.
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(
                forget_figures, sender=ReportSettings, dispatch_uid=f"reports-settings-{name}"
            )
