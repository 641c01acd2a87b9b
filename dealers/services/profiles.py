"""Dealer terms, grades and the technician registry (维修员证)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from accounts.roles import require_role
from aftersales.errors import DomainError
from aftersales.locks import lock_objects
from dealers import defaults
from dealers.models import DealerProfile, TechnicianCertificate
from dealers.services.common import dealer_event, require_own_dealer

GRADE_CHANGED = "dealer.grade_changed"
CERTIFICATE_REGISTERED = "dealer.certificate_registered"


def profile_for(dealer: Organisation) -> DealerProfile:
    """The dealer's terms; the defaults (data, model defaults) until someone sets them."""
    if dealer.kind != Organisation.Kind.DEALER:
        raise DomainError(_("%(org)s is not a dealer.") % {"org": dealer}, field="dealer")
    profile, _created = DealerProfile.objects.get_or_create(organisation=dealer)
    return profile


@transaction.atomic
def dealer_grade_change(
    *, dealer: Organisation, by: User, grade: str, reason: str = ""
) -> DealerProfile:
    """A manager rewards or downgrades a dealer: recorded as ``dealer.grade_changed``."""
    require_role(by, {defaults.MANAGER})
    if grade not in DealerProfile.Grade.values:
        raise DomainError(_("Choose a valid grade."), field="grade", code="invalid_grade")
    profile_for(dealer)
    profile = lock_objects(DealerProfile.objects.filter(organisation=dealer))[0]
    previous = profile.grade
    if previous == grade:
        return profile
    profile.grade = grade
    profile.save(update_fields=["grade", "updated_at"])
    dealer_event(
        dealer, code=GRADE_CHANGED, by=by, payload={"from": previous, "to": grade, "reason": reason}
    )
    return profile


@transaction.atomic
def certificate_register(
    *,
    by: User,
    technician: User,
    number: str,
    valid_from: date,
    valid_until: date,
    dealer: Organisation | None = None,
) -> TechnicianCertificate:
    """Register a dealer technician's certificate (维修员证)."""
    require_role(by, defaults.REGISTRY_ROLES)
    dealer = dealer or technician.organisation
    require_own_dealer(by, dealer)
    if dealer.kind != Organisation.Kind.DEALER:
        raise DomainError(
            _("Certificates are registered for dealer technicians."), field="technician"
        )
    if technician.organisation_id != dealer.pk or not technician.has_role("technician"):
        raise DomainError(
            _("%(name)s is not a technician of %(dealer)s.")
            % {"name": technician, "dealer": dealer},
            field="technician",
        )
    number = (number or "").strip()
    if TechnicianCertificate.objects.filter(number=number).exists():
        raise DomainError(
            _("This certificate number is already registered."), field="number", code="duplicate"
        )
    certificate = TechnicianCertificate(
        dealer=dealer,
        technician=technician,
        number=number,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    try:
        certificate.full_clean()
    except ValidationError as exc:
        raise DomainError.from_validation(exc) from exc
    if valid_until < valid_from:
        raise DomainError(_("The end of validity is before its start."), field="valid_until")
    certificate.save()
    dealer_event(
        dealer,
        code=CERTIFICATE_REGISTERED,
        by=by,
        payload={"technician": technician.pk, "number": number},
    )
    return certificate


def valid_certificate(
    technician: User, dealer: Organisation, day: date | None = None
) -> TechnicianCertificate | None:
    day = day or timezone.localdate()
    return (
        TechnicianCertificate.objects.filter(
            technician=technician, dealer=dealer, valid_from__lte=day, valid_until__gte=day
        )
        .order_by("-valid_until")
        .first()
    )


def require_certified(
    technician: User, dealer: Organisation, day: date | None = None, *, field: str = "technician"
) -> TechnicianCertificate:
    if technician.organisation_id != dealer.pk:
        raise DomainError(
            _("%(name)s does not belong to %(dealer)s.") % {"name": technician, "dealer": dealer},
            field=field,
        )
    certificate = valid_certificate(technician, dealer, day)
    if certificate is None:
        raise DomainError(
            _("%(name)s holds no valid technician certificate (维修员证) on that day.")
            % {"name": technician},
            field=field,
            code="no_valid_certificate",
        )
    return certificate


def require_certified_at_dealer(technician: User, organisation: Organisation, at: datetime) -> None:
    """Ticket workflow hook: a job at a dealer goes only to a technician certified there."""
    if organisation.kind == Organisation.Kind.DEALER:
        require_certified(technician, organisation, timezone.localdate(at))


def certified_technicians(dealer: Organisation, day: date | None = None):  # type: ignore[no-untyped-def]
    day = day or timezone.localdate()
    return (
        User.objects.filter(
            is_active=True,
            organisation=dealer,
            groups__name="technician",
            certificates__dealer=dealer,
            certificates__valid_from__lte=day,
            certificates__valid_until__gte=day,
        )
        .distinct()
        .order_by("username")
    )


def money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))
