from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from aftersales.navigation import NavItem, register

        register(
            NavItem(
                "notifications.inbox",
                _("Inbox"),
                "notifications:inbox",
                frozenset(
                    {
                        "agent",
                        "supervisor",
                        "technician",
                        "dealer",
                        "appraiser",
                        "finance",
                        "manager",
                        "customer",
                    }
                ),
                order=900,
            ),
        )
