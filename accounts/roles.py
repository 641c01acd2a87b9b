"""Roles of the after-sales service (docs/DOMAIN.md "Who uses it"), kept as Django groups.

The group name is the stable role code; labels are translated for display only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.errors import PermissionDeniedError

if TYPE_CHECKING:
    from accounts.models import User


class Role(models.TextChoices):
    AGENT = "agent", _("Agent")
    SUPERVISOR = "supervisor", _("Supervisor")
    TECHNICIAN = "technician", _("Technician")
    DEALER = "dealer", _("Dealer")
    APPRAISER = "appraiser", _("Appraiser")
    FINANCE = "finance", _("Finance")
    MANAGER = "manager", _("Manager")
    CUSTOMER = "customer", _("Customer")
    STOREKEEPER = "storekeeper", _("Storekeeper")


def require_role(user: User, roles: Iterable[str]) -> None:
    """Refuse (403) a user who holds none of ``roles``, and every customer account (a customer
    never acts for the service); superusers hold every role."""
    from accounts.models import Organisation

    if user.is_superuser:
        return
    if not (user.roles & frozenset(roles)) or user.organisation.kind == Organisation.Kind.CUSTOMER:
        raise PermissionDeniedError(_("Your role may not do this."))


#: Model permissions each role holds, as "app_label.codename". Apps extend this with their
#: own data migrations through :func:`grant_permissions`.
FOUNDATION_PERMISSIONS: dict[str, list[str]] = {
    Role.MANAGER: [
        "accounts.view_organisation",
        "accounts.add_organisation",
        "accounts.change_organisation",
        "accounts.view_user",
    ],
    Role.SUPERVISOR: ["accounts.view_organisation", "accounts.view_user"],
    Role.AGENT: ["accounts.view_organisation"],
    Role.DEALER: ["accounts.view_organisation"],
}


def grant_permissions(apps, grants: dict[str, list[str]]) -> None:  # type: ignore[no-untyped-def]
    """Give roles permissions inside a data migration (creates missing groups and perms)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in grants.items():
        group, _created = Group.objects.get_or_create(name=str(role))
        for perm in perms:
            app_label, codename = perm.split(".", 1)
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
            group.permissions.add(permission)
