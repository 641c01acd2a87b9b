from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Customer portal")

    def ready(self) -> None:
        from aftersales.navigation import NavItem, register, register_home
        from notifications.messages import register_renderers
        from portal import customer_actions, mail, services  # noqa: F401 - registers actions
        from tickets import hooks
        from tickets.timeline import register_event_labels

        customer = frozenset({"customer"})
        register(
            NavItem("portal.home", _("My service"), "portal:home", customer, order=5),
            NavItem("portal.report", _("Report a fault"), "portal:report", customer, order=6),
        )
        register_home("customer", "portal:home")
        hooks.set_customer_pages(
            queue="portal:home", intake="portal:report", detail="portal:request"
        )
        hooks.on_new_ticket(mail.registration_mail)
        hooks.on_event(mail.on_ticket_event)
        register_renderers(mail.RENDERERS)
        register_event_labels(
            {
                services.PREFERRED_VISIT: _("Customer's preferred visit time"),
            }
        )
