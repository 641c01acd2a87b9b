"""Writes of the warranty app: registering units, filing cards, revising a ticket's
decision, contracts, their generated visits and the notices beat sends.

Each function runs in one transaction and either does everything or nothing; notices go
out only after commit (:mod:`warranty.notify`).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
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
from tickets import hooks
from tickets.models import Customer, FaultSeverity, Ticket, TicketEvent
from tickets.selectors import customer_scope, ticket_scope
from tickets.services import customer_find_or_create, ticket_create
from warranty import defaults
from warranty.decisions import entitlement_for, scoped_units, stored_decision
from warranty.entitlement import add_months
from warranty.models import (
    ContractVisit,
    MaintenanceContract,
    ProductModel,
    Unit,
    WarrantyCard,
    WarrantyRules,
)
from warranty.notify import in_product_language, notify
from warranty.schedule import visit_dates

REVISED = "warranty.revised"


def _is_dealer(user: User) -> bool:
    return not user.is_superuser and user.organisation.kind == Organisation.Kind.DEALER


# --- units and cards -------------------------------------------------------------------


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


# --- a ticket's decision ---------------------------------------------------------------


@transaction.atomic
def ticket_revise_entitlement(
    *, ticket: Ticket, by: User, exclusion: str | None = None, component: str | None = None
) -> TicketEvent:
    """Decide again for the ticket's unit with an exclusion and/or component picked later
    (by the technician or appraiser); store the new decision and record ``warranty.revised``.
    """
    require_role(by, defaults.REVISE_ROLES)
    locked = ticket_scope(by).select_for_update(of=("self",)).filter(pk=ticket.pk).first()
    if locked is None:
        raise DomainError(_("No such ticket."), field="ticket", code="not_found")
    if locked.unit_id is None:
        raise DomainError(
            _("The ticket is not linked to a registered unit."), field="ticket", code="no_unit"
        )
    unit = Unit.objects.select_related("product_model").get(pk=locked.unit_id)
    try:
        decision = entitlement_for(
            unit,
            locked.received_at,
            component=component,
            exclusion=exclusion,
            exclude_ticket_id=locked.pk,
        )
    except ValueError as exc:
        raise DomainError(
            _("This exclusion is not recognised by the product model's policy."),
            field="exclusion",
            code="unknown_exclusion",
        ) from exc
    old_type = locked.service_type
    locked.entitlement = stored_decision(decision, fault_at=locked.received_at, serial=unit.serial)
    if locked.service_type != Ticket.ServiceType.INTERNAL:
        locked.service_type = decision.service_type
    locked.save(update_fields=["entitlement", "service_type", "updated_at"])
    event = TicketEvent.objects.create(
        ticket=locked,
        code=REVISED,
        actor=by,
        at=timezone.now(),
        payload={
            "old_service_type": old_type,
            "new_service_type": locked.service_type,
            "exclusion": decision.exclusion,
            "component": decision.component,
            "replacement_due": decision.replacement_due,
        },
    )
    hooks.event_recorded(locked, event)
    ticket.refresh_from_db()
    return event


# --- contracts -------------------------------------------------------------------------


@transaction.atomic
def contract_create(
    *,
    by: User,
    number: str,
    customer: Customer,
    units: list[Unit],
    start: date,
    end: date,
    visits_per_year: int,
    price: Decimal,
    owner: User | None = None,
    account_manager: User | None = None,
    note: str = "",
    renewed_from: MaintenanceContract | None = None,
) -> MaintenanceContract:
    """Open a maintenance contract (service type B) for units of one customer."""
    require_role(by, defaults.CONTRACT_ROLES)
    if end < start:
        raise DomainError(_("The end date cannot be before the start date."), field="end")
    if not units:
        raise DomainError(_("Choose at least one unit."), field="units")
    foreign = [u.serial for u in units if u.customer_id != customer.pk]
    if foreign:
        raise DomainError(
            _("These units belong to another customer: %(serials)s")
            % {"serials": ", ".join(foreign)},
            field="units",
        )
    contract = MaintenanceContract(
        number=number.strip(),
        customer=customer,
        start=start,
        end=end,
        visits_per_year=visits_per_year,
        price=price,
        owner=owner or by,
        account_manager=account_manager,
        note=note,
        renewed_from=renewed_from,
        created_by=by,
    )
    try:
        contract.full_clean()
    except ValidationError as exc:
        raise DomainError.from_validation(exc) from exc
    contract.save()
    contract.units.set(units)
    return contract


def renewal_defaults(contract: MaintenanceContract) -> dict[str, Any]:
    """The proposed renewal: the same length, starting the day after the end."""
    start = contract.end + timedelta(days=1)
    months = (
        (contract.end.year - contract.start.year) * 12 + contract.end.month - contract.start.month
    )
    whole = next(
        (
            m
            for m in (months, months + 1)
            if m > 0 and add_months(contract.start, m) - timedelta(days=1) == contract.end
        ),
        None,
    )
    if whole is not None:
        end = add_months(start, whole) - timedelta(days=1)
    else:
        end = start + (contract.end - contract.start)
    base = contract.number.split("-R")[0]
    existing = MaintenanceContract.objects.filter(number__startswith=f"{base}-R").count()
    return {
        "number": f"{base}-R{existing + 1}",
        "start": start,
        "end": end,
        "visits_per_year": contract.visits_per_year,
        "price": contract.price,
    }


@transaction.atomic
def contract_renew(
    *,
    by: User,
    contract: MaintenanceContract,
    number: str | None = None,
    start: date | None = None,
    end: date | None = None,
    visits_per_year: int | None = None,
    price: Decimal | None = None,
) -> MaintenanceContract:
    """Renew a contract: a new contract for the same customer and units, linked to the old."""
    require_role(by, defaults.CONTRACT_ROLES)
    locked = MaintenanceContract.objects.select_for_update().get(pk=contract.pk)
    if MaintenanceContract.objects.filter(renewed_from=locked).exists():
        raise DomainError(_("This contract has already been renewed."), code="already_renewed")
    proposal = renewal_defaults(locked)
    new_start = start or proposal["start"]
    if new_start <= locked.start:
        raise DomainError(_("The renewal must start after the contract it renews."), field="start")
    return contract_create(
        by=by,
        number=number or proposal["number"],
        customer=locked.customer,
        units=list(locked.units.all()),
        start=new_start,
        end=end or proposal["end"],
        visits_per_year=visits_per_year or proposal["visits_per_year"],
        price=proposal["price"] if price is None else price,
        owner=locked.owner,
        account_manager=locked.account_manager,
        renewed_from=locked,
    )


def _local_datetime(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at), timezone.get_default_timezone())


def _visit_dates_due(contract: MaintenanceContract, today: date) -> list[date]:
    """Scheduled visit dates within the lead time, not opened yet, not before registration."""
    lead = timedelta(days=WarrantyRules.current().visit_lead_days)
    done = set(contract.visits.values_list("scheduled_date", flat=True))
    registered = timezone.localdate(contract.created_at)
    return [
        d
        for d in visit_dates(contract.start, contract.end, contract.visits_per_year)
        if registered <= d and d - lead <= today and d not in done
    ]


def _open_visit_ticket(
    contract: MaintenanceContract,
    day: date,
    schedule: list[date],
    units: list[Unit],
    severity: FaultSeverity | None,
    now: datetime,
) -> Ticket:
    """The maintenance ticket of one scheduled visit (described in the product language)."""
    with in_product_language():
        description = gettext(
            "Preventive maintenance visit %(n)s of %(total)s under contract %(contract)s "
            "on %(date)s. Units: %(units)s"
        ) % {
            "n": schedule.index(day) + 1,
            "total": len(schedule),
            "contract": contract.number,
            "date": day.isoformat(),
            "units": ", ".join(u.serial for u in units) or "-",
        }
    return ticket_create(
        by=None,
        customer=contract.customer,
        fault_description=description,
        severity=severity,  # type: ignore[arg-type]
        kind=Ticket.Kind.MAINTENANCE,
        channel=Ticket.Channel.API,
        serial_number=units[0].serial if len(units) == 1 else "",
        product_model=units[0].product_model.code if len(units) == 1 else "",
        received_at=min(now, _local_datetime(day, time(8, 0))),
        service_type=Ticket.ServiceType.CONTRACT,
        entitlement={
            "service_type": Ticket.ServiceType.CONTRACT,
            "contract": contract.number,
            "scheduled_date": day.isoformat(),
        },
    )


@transaction.atomic
def contract_generate_visits(*, contract_id: int, today: date | None = None) -> list[ContractVisit]:
    """Open the preventive-maintenance tickets due by ``today`` (plus the lead time).

    Visits scheduled before the contract was registered are history, not work: they are
    not opened (a contract entered in the middle of its period starts with its next visit).
    A visit missed while beat was down is still opened when it runs again. Safe to run twice:
    the contract row is locked and a visit exists once per scheduled date
    (unique constraint), so a second run creates nothing.
    """
    today = today or timezone.localdate()
    contract = (
        MaintenanceContract.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("customer")
        .filter(pk=contract_id)
        .first()
    )
    if contract is None:
        return []
    due = _visit_dates_due(contract, today)
    if not due:
        return []
    units = list(contract.units.order_by("serial"))
    severity = FaultSeverity.objects.order_by("-rank").first()
    now = timezone.now()
    schedule = visit_dates(contract.start, contract.end, contract.visits_per_year)
    created = []
    for day in due:
        ticket = _open_visit_ticket(contract, day, schedule, units, severity, now)
        created.append(
            ContractVisit.objects.create(contract=contract, scheduled_date=day, ticket=ticket)
        )
    return created


@transaction.atomic
def contract_send_renewal_notice(*, contract_id: int, now: datetime | None = None) -> bool:
    """Tell the contract owner and the account manager that the contract expires soon.

    Once per contract: ``renewal_notified_at`` is set in the same transaction.
    """
    now = now or timezone.now()
    contract = (
        MaintenanceContract.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("owner", "account_manager", "customer")
        .filter(pk=contract_id, renewal_notified_at__isnull=True)
        .first()
    )
    if contract is None:
        return False
    contract.renewal_notified_at = now
    contract.save(update_fields=["renewal_notified_at"])
    with in_product_language():
        subject = gettext("Maintenance contract %(number)s expires on %(end)s") % {
            "number": contract.number,
            "end": contract.end.isoformat(),
        }
        body = gettext(
            "The maintenance contract %(number)s of %(customer)s ends on %(end)s. "
            "Please contact the customer about renewing it."
        ) % {
            "number": contract.number,
            "customer": contract.customer.name,
            "end": contract.end.isoformat(),
        }
    notify([contract.owner, contract.account_manager], subject=subject, body=body)
    return True


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
