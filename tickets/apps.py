from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = _("Service tickets")

    def ready(self) -> None:
        from tickets.sla_setup import ready as sla_ready

        sla_ready()
