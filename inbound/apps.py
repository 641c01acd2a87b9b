from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboundConfig(AppConfig):
    name = "inbound"
    verbose_name = _("Inbound e-mail")

    def ready(self) -> None:
        from inbound.events import InboundEvent
        from inbound.timeline import email_details
        from tickets.timeline import register_event_details, register_event_labels

        register_event_labels({InboundEvent.EMAIL_RECEIVED: _("E-mail received")})
        register_event_details(InboundEvent.EMAIL_RECEIVED, email_details)
