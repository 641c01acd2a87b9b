"""Writes to tickets: intake and corrections. The workflow actions are in
:mod:`tickets.actions` (one registry, one handler per action).

Every function runs in one transaction, records a ``TicketEvent`` with a stable code, and
either changes everything it should or nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from accounts.scoping import is_internal
from aftersales.errors import ConflictError, DomainError, PermissionDeniedError
from aftersales.numbering import next_number, number_row, provisional_number
from tickets import access, hooks
from tickets.access_defaults import DESCRIPTIVE_FIELDS
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
from tickets.selectors import customer_scope

CREATED = TicketEventCode.CREATED
UPDATED = TicketEventCode.UPDATED

SERVICE_TYPE_OVERRIDDEN = TicketEventCode.SERVICE_TYPE_OVERRIDDEN

#: Descriptive fields that may be corrected after intake (never the status or assignment);
#: who may correct which, in which status, is data (``TicketEditRule``, ``tickets.access``).
EDITABLE_FIELDS = DESCRIPTIVE_FIELDS


# --- numbering ---------------------------------------------------------------------------


def next_ticket_number(*, at: datetime) -> str:
    """``YYMM-NNNNNN``: the ticket series of :mod:`aftersales.numbering`, by the month ``at``
    in which the ticket is registered (never a client-supplied time of call; the counter is
    keyed by the full year). The counter row stays locked until the transaction ends."""
    return next_number("", at=at, digits=6)


def number_ticket(ticket: Ticket, *, at: datetime) -> str:
    """Give the saved ``ticket`` (inserted under a provisional number) the next number of
    :func:`next_ticket_number`'s series, as the last write before its transaction commits."""
    return number_row(Ticket, ticket.pk, "", at=at, digits=6)


# --- intake ------------------------------------------------------------------------------


def customer_find_or_create(
    *,
    name: str,
    phone: str,
    address: str = "",
    region_class: RegionClass | None = None,
    by: User | None = None,
    within: QuerySet[Customer] | None = None,
) -> Customer:
    """The customer with this phone and name that ``by`` may see, or a new contact record.

    The customer master belongs to the manufacturer's service department: only its staff
    (and the system, ``by=None``) update a found customer's address and region class. Anyone
    else (a dealer, a customer account) finds only customers in its own scope (``within``,
    default ``tickets.selectors.customer_scope``) and never changes them — the address they
    give goes on their ticket or unit — and a name and phone matching only a customer they
    cannot see makes a new contact record, so nothing of the other is read or changed.
    """
    phone = phone.strip()
    internal = by is None or by.is_superuser or by.organisation.is_internal
    candidates = Customer.objects.all() if internal else within
    if candidates is None:
        candidates = customer_scope(by)  # type: ignore[arg-type]
    existing = candidates.filter(phone=phone, name=name.strip()).order_by("pk").first()
    if existing:
        changed = []
        if internal and address and existing.address != address:
            existing.address = address
            changed.append("address")
        if internal and region_class and existing.region_class_id != region_class.pk:
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


#: Fields of a new ticket that hold rows the caller handed in (not re-checked).
_GIVEN_ROWS = [
    "number",
    "customer",
    "severity",
    "region_class",
    "unit",
    "assigned_organisation",
    "created_by",
]


def _intake_organisation(by: User | None, assigned: Organisation | None) -> Organisation:
    """Who the request is with: a dealer registers for its own outlet; otherwise the chosen
    organisation, else the one that takes calls."""
    organisation = by.organisation if by is not None else None
    is_dealer = organisation is not None and organisation.kind == Organisation.Kind.DEALER
    if organisation is not None and is_dealer and not organisation.is_internal:
        return organisation
    return assigned or _receiving_organisation(by)


def _intake_unit(
    by: User | None,
    serial_number: str,
    received: datetime,
    entitlement: dict[str, Any] | None,
    product_model: str,
) -> tuple[Any, dict[str, Any] | None, str]:
    """The intake hooks (the warranty app): the registered unit the creator may see, and its
    decision unless one is given."""
    facts = intake_facts(by, serial_number, received)
    unit = facts.unit if facts is not None else None
    if facts is not None and entitlement is None and facts.entitlement is not None:
        entitlement = facts.entitlement
        product_model = product_model or facts.product_model
    return unit, entitlement, product_model


def _creation_event(ticket: Ticket, by: User | None) -> TicketEvent:
    return TicketEvent(
        ticket=ticket,
        code=CREATED,
        actor=by,
        at=ticket.received_at,
        to_status=ticket.status,
        payload={
            "assigned_organisation": ticket.assigned_organisation.pk,
            "severity": ticket.severity.code,
            "region_class": ticket.region_class.code if ticket.region_class else "",
            "kind": ticket.kind,
            "channel": ticket.channel,
        },
    )


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
    service_type_reason: str = "",
    entitlement: dict[str, Any] | None = None,
    registered_at: datetime | None = None,
) -> Ticket:
    """Register a service request and give it its number.

    ``received_at`` is the time of the call as the creator states it: how far back each role
    may set it is data (``IntakeRule``); ``registered_at`` (default now) is when it is
    registered, which gives the number its period — only trusted code (demo data, replays)
    passes it. The service type follows the warranty decision unless the creator's role may
    override it, with a reason, recorded as its own event; :func:`_register` writes.
    """
    now = registered_at or timezone.now()
    received = received_at or now
    access.check_time_of_call(by, received, now)
    region = region_class or customer.region_class or RegionClass.objects.order_by("rank").first()
    organisation = _intake_organisation(by, assigned_organisation)
    unit, entitlement, product_model = _intake_unit(
        by, serial_number, received, entitlement, product_model
    )
    decided_type, override = _service_type(by, entitlement, service_type, service_type_reason)
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
        service_type=override or decided_type,
        entitlement=entitlement or {},
        unit=unit,
        assigned_organisation=organisation,
        received_at=received,
        created_at=now,
        created_by=by,
    )
    _register(ticket, by, now, decided=decided_type, override=override, reason=service_type_reason)
    return ticket


def _service_type(
    by: User | None, entitlement: dict[str, Any] | None, chosen: str | None, reason: str
) -> tuple[str, str | None]:
    """The service type the warranty decision gives (paid without one), and the creator's
    override of it when their role may (``None`` when the decision stands)."""
    decided = (entitlement or {}).get("service_type") or Ticket.ServiceType.PAID
    return decided, access.check_service_type(by, decided=decided, chosen=chosen, reason=reason)


def _register(
    ticket: Ticket,
    by: User | None,
    now: datetime,
    *,
    decided: str,
    override: str | None,
    reason: str,
) -> None:
    """Validate the new ticket, let the listeners prepare their rows, then one short
    transaction: the number, the ticket, its creation event, the listeners' rows and the
    override's event."""
    # The related rows are instances handed in by the caller: no need to re-check they exist.
    ticket.full_clean(exclude=_GIVEN_ROWS, validate_constraints=False)
    event = _creation_event(ticket, by)
    # Listeners (the SLA engine's clocks) work from the creation event first, so columns
    # they set on the ticket are written by its own INSERT and their rows by one more.
    extra_rows = hooks.new_ticket_rows(ticket, event)
    # Inside a caller's transaction (``ticket_intake``) no savepoint: a failure here fails it.
    # The number is drawn last: concurrent registrations wait on the month's counter row
    # only for that one statement and the commit (``aftersales.numbering.number_row``).
    with transaction.atomic(savepoint=False):
        ticket.number = provisional_number()
        ticket.save(force_insert=True)
        event.ticket = ticket
        event.save(force_insert=True)
        hooks.save_new_rows(extra_rows)
        ticket.number = number_ticket(ticket, at=now)
        if override:
            _record_override(ticket, by, now, decided, override, reason)


def _record_override(
    ticket: Ticket, by: User | None, at: datetime, decided: str, chosen: str, reason: str
) -> None:
    """The service type set against the warranty decision, with its reason, on the record."""
    event = TicketEvent.objects.create(
        ticket=ticket,
        code=SERVICE_TYPE_OVERRIDDEN,
        actor=by,
        at=at,
        payload={"decided": decided, "service_type": chosen, "reason": reason.strip()[:500]},
    )
    hooks.event_recorded(ticket, event)


def ticket_intake(*, by: User | None, customer: Customer | dict[str, Any], **fields: Any) -> Ticket:
    """Register a request for an existing customer, or for a new one given as ``{name, phone,
    address, region_class}``: the customer and the ticket are both written, or neither (a
    call refused for its time or fields leaves no stray customer behind)."""
    with transaction.atomic():
        if isinstance(customer, dict):
            # The address the caller gave is where this job is, whether or not the customer
            # record (which only service staff update) takes it.
            if customer.get("address") and not fields.get("site_address"):
                fields["site_address"] = customer["address"]
            customer = customer_find_or_create(by=by, **customer)
        return ticket_create(by=by, customer=customer, **fields)


@transaction.atomic
def ticket_update(*, ticket: Ticket, by: User, **changes: Any) -> Ticket:
    """Correct descriptive fields; records ``ticket.updated`` with the old and new values.

    Who may correct which field in which status is one rule (``tickets.access``, data in
    ``TicketEditRule``) for API, pages and admin. A changed serial number is looked up again
    through the editor's scope, as at intake: the link to the unit and its decision follow.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise DomainError(_("These fields cannot be changed here."), field=sorted(unknown)[0])
    locked = Ticket.objects.select_for_update().select_related("customer").get(pk=ticket.pk)
    if not access.editable_fields(locked, by) and locked.status in OPEN_STATUSES:
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
    access.check_edit(locked, by, diff)
    update_fields = [*diff, "updated_at"]
    if "serial_number" in diff:
        update_fields += _relink_unit(locked, by, diff)
    locked.full_clean(exclude=["number"])
    locked.save(update_fields=update_fields)
    event = TicketEvent.objects.create(
        ticket=locked, code=UPDATED, actor=by, at=timezone.now(), payload={"changes": diff}
    )
    hooks.event_recorded(locked, event)
    return locked


def _relink_unit(ticket: Ticket, by: User, diff: dict[str, list[Any]]) -> list[str]:
    """Link the ticket to the unit of its new serial (in the editor's scope) and decide again;
    returns the columns changed (the changes are added to ``diff``)."""
    facts = intake_facts(by, ticket.serial_number, ticket.received_at)
    unit = facts.unit if facts is not None else None
    changed = []
    if (unit.pk if unit else None) != ticket.unit_id:
        ticket.unit = unit
        changed.append("unit")
    entitlement = (facts.entitlement if facts is not None else None) or {}
    if entitlement != ticket.entitlement:
        ticket.entitlement = entitlement
        changed.append("entitlement")
    service_type = entitlement.get("service_type") or Ticket.ServiceType.PAID
    if ticket.service_type != Ticket.ServiceType.INTERNAL and service_type != ticket.service_type:
        diff["service_type"] = [ticket.service_type, service_type]
        ticket.service_type = service_type
        changed.append("service_type")
    return changed


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
    return customer_find_or_create(by=by, **fields)


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
