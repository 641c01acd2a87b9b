from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People and organisations")

    def ready(self) -> None:
        from accounts.roles import Role
        from aftersales.navigation import NavItem, register

        register(NavItem("dashboard", _("Home"), "dashboard", frozenset(Role.values), order=0))
