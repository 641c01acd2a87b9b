from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboundConfig(AppConfig):
    name = "inbound"
    verbose_name = _("Inbound e-mail")

    def ready(self) -> None:
        from inbound.events import InboundEvent
        from tickets.timeline import register_event_labels

        register_event_labels({InboundEvent.EMAIL_RECEIVED: _("E-mail received")})
