"""Who may do what to a ticket's own fields: rules an administrator changes, kept as data.

- :class:`IntakeRule` per role: how far back its users may set the time of a call, and
  whether they may override the service type the warranty decision gave.
- :class:`TicketEditRule`: which descriptive fields a role may correct, in which statuses,
  and whether only on the jobs assigned to the user (technicians).

Seeded by migration ``0012_access_rules``; checked only in ``tickets.services`` (pages, API
and admin all call it).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role


class IntakeRule(models.Model):
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, unique=True)
    backdate_hours = models.PositiveIntegerField(
        _("may back-date the call by (hours)"),
        default=0,
        help_text=_(
            "How long before its registration a call may be said to have come in. "
            "0: the time of the call is when the ticket is registered."
        ),
    )
    may_override_service_type = models.BooleanField(
        _("may override the service type"),
        default=False,
        help_text=_("Set a service type other than the warranty decision's, with a reason."),
    )

    class Meta:
        ordering = ["role"]
        verbose_name = _("intake rule")
        verbose_name_plural = _("intake rules")

    def __str__(self) -> str:
        return self.get_role_display()


class TicketEditRule(models.Model):
    ANY_OPEN = "*"

    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    fields = models.JSONField(_("fields"), default=list, help_text=_("Field names it may edit."))
    statuses = models.JSONField(
        _("statuses"),
        default=list,
        help_text=_("Ticket statuses in which it applies; “*” is every open status."),
    )
    only_assigned = models.BooleanField(
        _("only on jobs assigned to the user"),
        default=False,
        help_text=_("The ticket's technician must be the user (a technician's own jobs)."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("ticket edit rule")
        verbose_name_plural = _("ticket edit rules")

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {', '.join(self.fields)}"
