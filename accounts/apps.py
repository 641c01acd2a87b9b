from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People and organisations")

    def ready(self) -> None:
        from accounts.roles import Role
        from aftersales.navigation import NavItem, register

        register(NavItem("dashboard", _("Home"), "dashboard", frozenset(Role.values), order=0))
        self._connect_principal_cache()
        self._connect_token_revocation()

    def _connect_principal_cache(self) -> None:
        """Any change to who someone is or may do ends the cached API principals."""
        from django.contrib.auth.models import Group
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from knox.models import AuthToken

        from accounts.authentication import forget_principals
        from accounts.models import Organisation, User

        for model in (User, AuthToken, Organisation, Group):
            post_save.connect(
                forget_principals, sender=model, dispatch_uid=f"principal-save-{model.__name__}"
            )
            post_delete.connect(
                forget_principals, sender=model, dispatch_uid=f"principal-del-{model.__name__}"
            )
        m2m_changed.connect(
            forget_principals, sender=User.groups.through, dispatch_uid="principal-groups"
        )

    def _connect_token_revocation(self) -> None:
        """A changed password or a deactivated account ends every API token of the user."""
        from django.db.models.signals import post_save, pre_save

        from accounts.models import User
        from accounts.tokens import revoke_on_change, watch_user

        pre_save.connect(watch_user, sender=User, dispatch_uid="tokens-watch-user")
        post_save.connect(revoke_on_change, sender=User, dispatch_uid="tokens-revoke-on-change")
