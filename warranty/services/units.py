"""Registering sold units and filing their warranty cards (三包回执卡), and the warning
beat sends to a dealer whose card is due soon.

Each function runs in one transaction and either does everything or nothing; notices go
out only after commit (:mod:`warranty.notify`).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from accounts.roles import require_role
from aftersales.errors import DomainError
from tickets.models import Customer
from tickets.selectors import customer_scope
from tickets.services import customer_find_or_create
from warranty import defaults
from warranty.decisions import scoped_units
from warranty.models import ProductModel, Unit, WarrantyCard, WarrantyRules
from warranty.notify import in_product_language, notify


def _is_dealer(user: User) -> bool:
    return not user.is_superuser and user.organisation.kind == Organisation.Kind.DEALER


def dealer_for(by: User, selling_dealer: Organisation | None) -> Organisation | None:
    """The selling dealer a registration by ``by`` may name: a dealer only its own org."""
    if _is_dealer(by):
        if selling_dealer is not None and selling_dealer.pk != by.organisation_id:
            raise DomainError(
                _("You may register only your own sales."),
                field="selling_dealer",
                code="not_own_dealer",
            )
        return by.organisation
    if selling_dealer is not None and selling_dealer.kind != Organisation.Kind.DEALER:
        raise DomainError(_("The selling dealer must be a dealer."), field="selling_dealer")
    return selling_dealer


def registration_customers(by: User) -> QuerySet[Customer]:
    """Customers a registration by ``by`` may reuse: those of its tickets and of its units."""
    return customer_scope(by) | Customer.objects.filter(
        pk__in=scoped_units(Unit.objects.all(), by).values("customer_id")
    )


@transaction.atomic
def unit_register(
    *,
    by: User,
    serial: str,
    product_model: ProductModel,
    customer: Customer | dict[str, Any],
    selling_dealer: Organisation | None = None,
    sale_date: date | None = None,
    acceptance_date: date | None = None,
    site_address: str = "",
    component_serials: dict[str, str] | None = None,
    replaces: Unit | None = None,
) -> Unit:
    """Register a sold unit. A dealer registers only its own sales.

    ``customer`` is a customer row or ``{name, phone, address}``: the customer is found or
    created (``customer_find_or_create``, in the registrant's scope) inside this transaction,
    after every check, so a refused registration writes no customer and changes none.
    """
    require_role(by, defaults.REGISTER_ROLES)
    unit = Unit(
        serial=serial.strip(),
        product_model=product_model,
        selling_dealer=dealer_for(by, selling_dealer),
        sale_date=sale_date,
        acceptance_date=acceptance_date,
        component_serials=component_serials or {},
        replaces=replaces,
        registered_by=by,
    )
    _check_dates(unit)
    try:
        unit.full_clean(exclude=["customer", "site_address"])
    except ValidationError as exc:
        raise DomainError.from_validation(exc) from exc
    if isinstance(customer, dict):
        customer = customer_find_or_create(by=by, within=registration_customers(by), **customer)
    unit.customer = customer
    unit.site_address = site_address or customer.address
    try:
        unit.full_clean()
    except ValidationError as exc:
        raise DomainError.from_validation(exc) from exc
    unit.save()
    if replaces is not None:
        replaces.status = Unit.Status.REPLACED
        replaces.save(update_fields=["status"])
    return unit


def _check_dates(unit: Unit) -> None:
    today = timezone.localdate()
    if unit.sale_date and unit.sale_date > today:
        raise DomainError(_("The sale date cannot be in the future."), field="sale_date")
    if unit.acceptance_date and unit.sale_date and unit.acceptance_date < unit.sale_date:
        raise DomainError(
            _("The acceptance date cannot be before the sale date."), field="acceptance_date"
        )


@transaction.atomic
def card_file(
    *,
    by: User,
    unit: Unit,
    customer_name: str,
    customer_phone: str,
    customer_address: str = "",
    invoice_number: str = "",
    filed_on: date | None = None,
) -> WarrantyCard:
    """File the warranty card (三包回执卡) of a unit; once per unit.

    The caller resolves ``unit`` from the user's scope (a dealer reaches only its own sales).
    """
    require_role(by, defaults.REGISTER_ROLES)
    locked = Unit.objects.select_for_update().get(pk=unit.pk)
    if _is_dealer(by) and locked.selling_dealer_id != by.organisation_id:
        raise DomainError(_("No unit with this serial number among your sales."), field="unit")
    if WarrantyCard.objects.filter(unit=locked).exists():
        raise DomainError(
            _("A warranty card is already filed for this unit."), field="unit", code="card_exists"
        )
    filed = filed_on or timezone.localdate()
    if filed > timezone.localdate():
        raise DomainError(_("The filing date cannot be in the future."), field="filed_on")
    if locked.sale_date and filed < locked.sale_date:
        raise DomainError(_("The card cannot be filed before the sale date."), field="filed_on")
    card = WarrantyCard(
        unit=locked,
        dealer=locked.selling_dealer,
        customer_name=customer_name.strip(),
        customer_phone=customer_phone.strip(),
        customer_address=customer_address.strip(),
        invoice_number=invoice_number.strip(),
        filed_on=filed,
        filed_by=by,
    )
    try:
        card.full_clean()
    except ValidationError as exc:
        raise DomainError.from_validation(exc) from exc
    card.save()
    return card


def dealer_staff(organisation: Organisation | None) -> list[User]:
    if organisation is None:
        return []
    return list(
        User.objects.filter(
            organisation=organisation, is_active=True, groups__name="dealer"
        ).distinct()
    )


@transaction.atomic
def card_send_deadline_warning(*, unit_id: int, now: datetime | None = None) -> bool:
    """Warn the selling dealer that a unit's warranty card is due soon; once per unit."""
    now = now or timezone.now()
    unit = (
        Unit.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(pk=unit_id, card_warned_at__isnull=True, card__isnull=True)
        .first()
    )
    if unit is None or unit.sale_date is None:
        return False
    unit.card_warned_at = now
    unit.save(update_fields=["card_warned_at"])
    due = unit.sale_date + timedelta(days=WarrantyRules.current().card_deadline_days)
    with in_product_language():
        subject = gettext("Warranty card for %(serial)s due on %(due)s") % {
            "serial": unit.serial,
            "due": due.isoformat(),
        }
        body = gettext(
            "Please file the warranty card of unit %(serial)s (sold on %(sale)s) by %(due)s. "
            "A card filed late is not recognised for three-guarantee service."
        ) % {"serial": unit.serial, "sale": unit.sale_date.isoformat(), "due": due.isoformat()}
    notify(dealer_staff(unit.selling_dealer), subject=subject, body=body)
    return True
