from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    """The SLA engine. It plugs into tickets here: it measures every ticket event, starts the
    clocks of a new ticket, shows its panel and badge, and adds its overview and texts."""

    name = "sla"
    verbose_name = _("Service levels (SLA)")

    def ready(self) -> None:
        from aftersales.health import register_warning
        from aftersales.navigation import NavItem, register, register_home
        from sla import live, measuring, notices
        from sla.events import LABELS
        from sla.templatetags.sla import badge_html
        from tickets import hooks
        from tickets.panels import TicketPanel, always, register_panel
        from tickets.timeline import register_event_labels

        register(
            NavItem(
                "sla.overview",
                _("SLA overview"),
                "sla:overview",
                frozenset({"manager", "supervisor"}),
                order=40,
            ),
            NavItem(
                "sla.calendars",
                _("Working calendars"),
                "sla:calendars",
                frozenset({"manager"}),
                order=41,
            ),
        )
        register_home("manager", "sla:overview")
        hooks.on_event(measuring.on_ticket_event)
        hooks.on_new_ticket(measuring.new_ticket_clocks)
        register_panel(TicketPanel("sla", "sla/ticket_panel.html", always, order=10, place="top"))
        hooks.set_badge(badge_html)
        hooks.set_row_clocks(live.row_clocks)
        notices.register()
        register_event_labels(LABELS)
        register_warning("calendars", schedules_health)


def schedules_health() -> list[dict[str, object]]:
    """For ``/healthz``: calendars used by a current policy whose official schedule runs out
    within ``SCHEDULE_WARNING_DAYS``."""
    from django.utils import translation

    from sla.schedules import calendars_short_of_schedule

    with translation.override("en"):
        return [w.as_dict() for w in calendars_short_of_schedule()]
