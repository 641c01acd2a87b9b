"""Who may be given a job: a member of the ticket's organisation, and — for technicians —
whatever further conditions other apps add (the dealers app requires a valid certificate
维修员证 at a dealer; it registers that check from its ``AppConfig.ready()``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from aftersales.errors import DomainError

#: A further condition for a technician at an organisation; raises ``DomainError`` to refuse.
TechnicianCheck = Callable[[User, Organisation, datetime], None]
TECHNICIAN_CHECKS: list[TechnicianCheck] = []


def register_technician_check(check: TechnicianCheck) -> None:
    if check not in TECHNICIAN_CHECKS:
        TECHNICIAN_CHECKS.append(check)


def check_member(
    person: User, organisation: Organisation, role: str, at: datetime | None = None
) -> None:
    """Refuse (``DomainError`` on the field ``role``) a person who may not take the job."""
    if person.organisation_id != organisation.pk:
        raise DomainError(
            _("%(name)s does not belong to %(organisation)s.")
            % {"name": person, "organisation": organisation},
            field=role,
        )
    if role == "technician":
        for check in TECHNICIAN_CHECKS:
            check(person, organisation, at or timezone.now())
