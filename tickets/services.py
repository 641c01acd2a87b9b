"""Writes to tickets: intake and corrections. The workflow actions are in
:mod:`tickets.actions` (one registry, one handler per action).

Every function runs in one transaction, records a ``TicketEvent`` with a stable code, and
either changes everything it should or nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from accounts.scoping import is_internal
from aftersales.errors import ConflictError, DomainError, PermissionDeniedError
from aftersales.numbering import next_number
from tickets import hooks
from tickets.actions import (  # noqa: F401 - the workflow's entry points, importable from here too
    available_actions,
    event_code,
    perform_action,
    register_technician_check,
)
from tickets.events import TicketEventCode
from tickets.hooks import intake_facts
from tickets.models import (
    OPEN_STATUSES,
    Customer,
    FaultSeverity,
    RegionClass,
    Ticket,
    TicketEvent,
)

CREATED = TicketEventCode.CREATED
UPDATED = TicketEventCode.UPDATED

#: Descriptive fields that may be corrected after intake (never the status or assignment).
EDITABLE_FIELDS = (
    "fault_description",
    "contact_name",
    "contact_phone",
    "site_address",
    "product_model",
    "serial_number",
)
EDITOR_ROLES = frozenset({"agent", "supervisor", "manager", "dealer", "technician"})


# --- numbering ---------------------------------------------------------------------------


def next_ticket_number(*, at: datetime) -> str:
    """``YYMM-NNNNNN``: the ticket series of :mod:`aftersales.numbering`, by the month of the
    call. ``ticket_create`` draws it right before its INSERT (the counter row stays locked
    until the transaction ends)."""
    return next_number("", at=at, digits=6)


# --- intake ------------------------------------------------------------------------------


def customer_find_or_create(
    *, name: str, phone: str, address: str = "", region_class: RegionClass | None = None
) -> Customer:
    """The customer with this phone and name, or a new one."""
    phone = phone.strip()
    existing = Customer.objects.filter(phone=phone, name=name.strip()).first()
    if existing:
        changed = []
        if address and existing.address != address:
            existing.address = address
            changed.append("address")
        if region_class and existing.region_class_id != region_class.pk:
            existing.region_class = region_class
            changed.append("region_class")
        if changed:
            existing.save(update_fields=changed)
        return existing
    customer = Customer(name=name.strip(), phone=phone, address=address, region_class=region_class)
    customer.full_clean()
    customer.save()
    return customer


def _receiving_organisation(by: User | None) -> Organisation:
    """Who takes a new request nobody assigned: the creator's own service department, or
    (customers, integrations, the system) the manufacturer's first service department."""
    if by is not None and by.organisation.kind == Organisation.Kind.SERVICE_CENTRE:
        return by.organisation
    return Organisation.objects.filter(kind=Organisation.Kind.SERVICE_CENTRE).order_by("pk").first()  # type: ignore[return-value]


def ticket_create(
    *,
    by: User | None,
    customer: Customer,
    fault_description: str,
    severity: FaultSeverity,
    kind: str = Ticket.Kind.REPAIR,
    channel: str = Ticket.Channel.PHONE,
    region_class: RegionClass | None = None,
    product_model: str = "",
    serial_number: str = "",
    received_at: datetime | None = None,
    assigned_organisation: Organisation | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    site_address: str = "",
    service_type: str | None = None,
    entitlement: dict[str, Any] | None = None,
) -> Ticket:
    """Register a service request and give it its number.

    Everything that only reads or validates comes first; then one short transaction draws
    the number and writes the ticket, its creation event and its SLA clocks.
    """
    now = timezone.now()
    received = received_at or now
    if received > now + timedelta(minutes=5):
        raise DomainError(_("The time of the call cannot be in the future."), field="received_at")
    region = region_class or customer.region_class or RegionClass.objects.order_by("rank").first()
    if (
        by is not None
        and not by.organisation.is_internal
        and by.organisation.kind == Organisation.Kind.DEALER
    ):
        # A dealer registers requests for its own outlet.
        assigned_organisation = by.organisation
    organisation = assigned_organisation or _receiving_organisation(by)
    # --- intake hooks (the warranty app): link the registered unit; store its decision
    # unless one is given.
    facts = intake_facts(serial_number, received)
    unit = facts.unit if facts is not None else None
    if facts is not None and entitlement is None and facts.entitlement is not None:
        entitlement = facts.entitlement
        product_model = product_model or facts.product_model
    # --- end of intake hooks
    ticket = Ticket(
        kind=kind,
        channel=channel,
        customer=customer,
        contact_name=contact_name,
        contact_phone=contact_phone,
        site_address=site_address or customer.address,
        product_model=product_model.strip(),
        serial_number=serial_number.strip(),
        fault_description=fault_description,
        severity=severity,
        region_class=region,
        service_type=service_type
        or (entitlement or {}).get("service_type")
        or Ticket.ServiceType.PAID,
        entitlement=entitlement or {},
        unit=unit,
        assigned_organisation=organisation,
        received_at=received,
        created_at=now,
        created_by=by,
    )
    # The related rows are instances handed in by the caller: no need to re-check they exist.
    ticket.full_clean(
        exclude=[
            "number",
            "customer",
            "severity",
            "region_class",
            "unit",
            "assigned_organisation",
            "created_by",
        ],
        validate_constraints=False,
    )
    event = TicketEvent(
        ticket=ticket,
        code=CREATED,
        actor=by,
        at=received,
        to_status=ticket.status,
        payload={
            "assigned_organisation": organisation.pk,
            "severity": severity.code,
            "region_class": region.code,  # type: ignore[union-attr]
            "kind": kind,
            "channel": channel,
        },
    )
    # Listeners (the SLA engine's clocks) work from the creation event first, so columns
    # they set on the ticket are written by its own INSERT and their rows by one more.
    extra_rows = hooks.new_ticket_rows(ticket, event)
    # Inside a caller's transaction (``ticket_intake``) no savepoint: a failure here fails it.
    with transaction.atomic(savepoint=False):
        ticket.number = next_ticket_number(at=received)
        ticket.save(force_insert=True)
        event.ticket = ticket
        event.save(force_insert=True)
        hooks.save_new_rows(extra_rows)
    return ticket


def ticket_intake(*, by: User | None, customer: Customer | dict[str, Any], **fields: Any) -> Ticket:
    """Register a request for an existing customer, or for a new one given as ``{name, phone,
    address, region_class}``: the customer and the ticket are both written, or neither (a
    call refused for its time or fields leaves no stray customer behind)."""
    with transaction.atomic():
        if isinstance(customer, dict):
            customer = customer_find_or_create(**customer)
        return ticket_create(by=by, customer=customer, **fields)


@transaction.atomic
def ticket_update(*, ticket: Ticket, by: User, **changes: Any) -> Ticket:
    """Correct descriptive fields; records ``ticket.updated`` with the old and new values."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("These fields cannot be changed here."), field=sorted(unknown)[0])
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if not by.roles & EDITOR_ROLES or (
        not by.is_superuser
        and not by.organisation.is_internal
        and locked.assigned_organisation_id != by.organisation_id
    ):
        raise PermissionDeniedError(_("Your role may not change this ticket."))
    if locked.status not in OPEN_STATUSES:
        raise ConflictError(
            _("A %(status)s ticket cannot be changed.") % {"status": locked.get_status_display()},
            code="not_open",
        )
    diff = {}
    for name, value in changes.items():
        value = value.strip() if isinstance(value, str) else value
        if getattr(locked, name) != value:
            diff[name] = [getattr(locked, name), value]
            setattr(locked, name, value)
    if not diff:
        return locked
    locked.full_clean(exclude=["number"])
    locked.save(update_fields=[*diff, "updated_at"])
    event = TicketEvent.objects.create(
        ticket=locked, code=UPDATED, actor=by, at=timezone.now(), payload={"changes": diff}
    )
    hooks.event_recorded(locked, event)
    return locked


# --- registering for a caller of the API ----------------------------------------------

#: Roles that may register tickets through the API.
CREATOR_ROLES = frozenset({"agent", "supervisor", "manager", "dealer", "customer"})
#: Roles that may register customers.
CUSTOMER_EDITOR_ROLES = frozenset({"agent", "supervisor", "manager"})


def _customer_for_account(organisation: Organisation) -> Customer:
    customer = Customer.objects.filter(account=organisation).order_by("pk").first()
    if customer is None:
        customer = Customer.objects.create(
            name=organisation.name,
            phone=organisation.phone or organisation.code,
            address=organisation.address,
            account=organisation,
        )
    return customer


def ticket_register(*, by: User, customer: Customer | dict[str, Any], **fields: Any) -> Ticket:
    """``ticket_intake`` with the API's role policy: who may register tickets, a customer
    account registers for itself (the warranty decision sets the service type), and only
    service staff and dealers may register a new customer with the ticket."""
    if not by.roles & CREATOR_ROLES:
        raise PermissionDeniedError(_("Your role may not register tickets."))
    organisation = by.organisation
    if organisation.kind == Organisation.Kind.CUSTOMER and not by.is_superuser:
        customer = _customer_for_account(organisation)
        fields["service_type"] = None
    elif isinstance(customer, dict) and not by.roles & (CUSTOMER_EDITOR_ROLES | {"dealer"}):
        raise PermissionDeniedError(_("Your role may not register customers."))
    return ticket_intake(by=by, customer=customer, **fields)


def customer_register(*, by: User, **fields: Any) -> Customer:
    """``customer_find_or_create`` for service staff (agents, supervisors, managers) only."""
    if not (by.roles & CUSTOMER_EDITOR_ROLES and is_internal(by)):
        raise PermissionDeniedError(_("Your role may not register customers."))
    return customer_find_or_create(**fields)


# --- state from the record ---------------------------------------------------------------


def state_from_events(events: list[TicketEvent]) -> dict[str, Any]:
    """Rebuild the ticket's workflow state from its timeline alone."""
    state: dict[str, Any] = {
        "status": "",
        "assigned_organisation": None,
        "technician": None,
        "supervisor": None,
        "severity": None,
    }
    for event in events:
        if event.to_status:
            state["status"] = event.to_status
        for key in ("assigned_organisation", "technician", "supervisor", "severity"):
            if key in event.payload:
                state[key] = event.payload[key]
    return state


def stored_state(ticket: Ticket) -> dict[str, Any]:
    return {
        "status": ticket.status,
        "assigned_organisation": ticket.assigned_organisation_id,
        "technician": ticket.technician_id,
        "supervisor": ticket.supervisor_id,
        "severity": ticket.severity.code,
    }
