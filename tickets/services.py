"""Writes to tickets: intake, the workflow actions, parts and hours.

Every function runs in one transaction, records a ``TicketEvent`` with a stable code, and
either changes everything it should or nothing. The allowed actions and roles are data
(``WorkflowAction``), checked here for pages, API and admin alike.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from aftersales.errors import ConflictError, DomainError, PermissionDeniedError
from tickets import hooks
from tickets.forms import ACTION_FORMS
from tickets.models import (
    OPEN_STATUSES,
    Customer,
    FaultSeverity,
    LabourEntry,
    PartUsage,
    RegionClass,
    Ticket,
    TicketEvent,
    TicketNumberSequence,
    WorkflowAction,
)
from warranty.decisions import intake_decision

CREATED = "ticket.created"
UPDATED = "ticket.updated"

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


def event_code(action: str) -> str:
    """The stable audit code of a workflow action, e.g. ``ticket.check_in``."""
    return f"ticket.{action}"


# --- numbering ---------------------------------------------------------------------------


def next_ticket_number(*, at: datetime) -> str:
    """``YYMM-NNNNNN`` from a per-month counter, bumped atomically in the database.

    One ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` statement: two concurrent creators
    can never read the same value, and a rolled-back creation gives its number back. The
    month's counter row stays locked until the caller's transaction ends, so call it as late
    as possible in that transaction (``ticket_create`` does so right before its INSERT).
    """
    period = timezone.localtime(at).strftime("%y%m")
    table = TicketNumberSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (period, last_value) VALUES (%s, 1) "  # noqa: S608 - table name is ours
            f"ON CONFLICT (period) DO UPDATE SET last_value = {table}.last_value + 1 "
            "RETURNING last_value",
            [period],
        )
        (value,) = cursor.fetchone()
    return f"{period}-{value:06d}"


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
    return Organisation.objects.filter(kind=Organisation.Kind.SERVICE_CENTRE).order_by("pk").first()


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
    if received > now + timezone.timedelta(minutes=5):
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
    # --- warranty hook (issue 5): link the registered unit; store its decision unless given.
    unit, decided = intake_decision(serial_number, received)
    if entitlement is None and decided is not None:
        entitlement = decided
        product_model = product_model or unit.product_model.code
    # --- end of warranty hook
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
            "region_class": region.code,
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


# --- workflow ----------------------------------------------------------------------------


def _rules_for(ticket: Ticket) -> list[WorkflowAction]:
    statuses = [ticket.status]
    if ticket.status in OPEN_STATUSES:
        statuses.append(WorkflowAction.ANY_OPEN)
    return list(WorkflowAction.objects.filter(is_active=True, from_status__in=statuses))


def _may_act(rule: WorkflowAction, ticket: Ticket, user: User) -> bool:
    allowed = user.roles & set(rule.roles)
    if not allowed:
        return False
    if user.is_superuser:
        return True
    organisation = user.organisation
    if organisation.kind == Organisation.Kind.CUSTOMER:
        return ticket.customer.account_id == organisation.pk
    if not organisation.is_internal and ticket.assigned_organisation_id != organisation.pk:
        return False
    # A technician (and nothing more) acts only on the jobs assigned to them.
    if allowed == {"technician"}:
        return ticket.technician_id == user.pk
    return True


def available_actions(ticket: Ticket, user: User) -> list[WorkflowAction]:
    """The actions ``user`` may perform on ``ticket`` in its current state, in display order."""
    return [rule for rule in _rules_for(ticket) if _may_act(rule, ticket, user)]


def _previous_status(ticket: Ticket) -> str:
    last = (
        ticket.events.exclude(to_status="")
        .exclude(to_status=ticket.status)
        .order_by("-at", "-id")
        .values_list("to_status", flat=True)
        .first()
    )
    changed_into_current = (
        ticket.events.filter(to_status=ticket.status)
        .exclude(from_status="")
        .order_by("-at", "-id")
        .values_list("from_status", flat=True)
        .first()
    )
    return changed_into_current or last or ticket.status


@transaction.atomic
def perform_action(
    *,
    ticket: Ticket,
    by: User,
    action: str,
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> TicketEvent:
    """Perform a workflow action: check state and role, validate the fields, write the event.

    Raises ``ConflictError`` (409) when the action is not allowed in the ticket's status,
    ``PermissionDeniedError`` (403) when the user's role may not do it, and ``DomainError``
    (400) with per-field messages when the fields are invalid. Nothing is written then.
    """
    locked = Ticket.objects.select_for_update().select_related("customer").get(pk=ticket.pk)
    rule = next(
        (r for r in _rules_for(locked) if r.action == action),
        None,
    )
    if rule is None:
        if not WorkflowAction.objects.filter(action=action).exists():
            raise DomainError(
                _("Unknown action “%(action)s”.") % {"action": action},
                field="action",
                code="unknown_action",
            )
        raise ConflictError(
            _("“%(action)s” is not allowed while the ticket is %(status)s.")
            % {"action": action, "status": locked.get_status_display()},
            code="illegal_transition",
        )
    if not _may_act(rule, locked, by):
        raise PermissionDeniedError(
            _("Your role may not perform “%(action)s” on this ticket.") % {"action": rule.label},
        )
    form = ACTION_FORMS[action](data=_as_form_data(data or {}))
    if not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        if "__all__" in errors:
            errors["detail"] = errors.pop("__all__")
        raise DomainError(_("Please correct the fields."), errors=errors, code="invalid_fields")
    values = form.cleaned_data
    now = at or timezone.now()
    from_status = locked.status
    to_status = rule.to_status
    if to_status == WorkflowAction.PREVIOUS:
        to_status = _previous_status(locked)
    payload = _apply(action, locked, by, values, now)
    if to_status:
        locked.status = to_status
    if to_status == "resolved":
        locked.resolved_at = now
    if to_status == "closed":
        locked.closed_at = now
    if action == "reopen":
        locked.resolved_at = None
        locked.closed_at = None
    locked.save()
    event = TicketEvent.objects.create(
        ticket=locked,
        code=event_code(action),
        actor=by,
        at=now,
        from_status=from_status if to_status else "",
        to_status=to_status or "",
        payload=payload,
    )
    hooks.event_recorded(locked, event)
    ticket.refresh_from_db()
    return event


def _as_form_data(data: dict[str, Any]) -> dict[str, Any]:
    """Inputs as a browser would post them: scalars as text, so every form field parses them
    the same way whether they came from a page, JSON or Python. Nested values are refused."""
    out: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, value in data.items():
        if value is None:
            out[name] = ""
        elif isinstance(value, bool):
            out[name] = "true" if value else "false"
        elif isinstance(value, int | float | Decimal | str):
            out[name] = str(value)
        elif isinstance(value, datetime | date):
            out[name] = value.isoformat()
        elif isinstance(value, Model):
            out[name] = str(value.pk)
        else:
            errors[str(name)] = [str(_("Enter a single value."))]
    if errors:
        raise DomainError(_("Please correct the fields."), errors=errors, code="invalid_fields")
    return out


def _note(values: dict[str, Any]) -> dict[str, Any]:
    return {k: values[k] for k in ("note", "reason") if values.get(k)}


def _apply(
    action: str, ticket: Ticket, by: User, values: dict[str, Any], now: datetime
) -> dict[str, Any]:
    """Apply the action's fields to the ticket (not saved) and return the event payload."""
    payload = _note(values)
    if action in {"forward", "assign"}:
        organisation = values.get("assigned_organisation")
        if organisation:
            if organisation.pk != ticket.assigned_organisation_id and ticket.technician_id:
                ticket.technician = None
                payload["technician"] = None
            ticket.assigned_organisation = organisation
            payload["assigned_organisation"] = organisation.pk
        for role in ("technician", "supervisor"):
            person = values.get(role)
            if person:
                _check_member(person, ticket.assigned_organisation, role, now)
                setattr(ticket, role, person)
                payload[role] = person.pk
        if action == "forward" and by.has_role("supervisor") and not ticket.supervisor_id:
            ticket.supervisor = by
            payload["supervisor"] = by.pk
    elif action == "arrange":
        technician = values["technician"]
        _check_member(technician, ticket.assigned_organisation, "technician", now)
        ticket.technician = technician
        payload.update(technician=technician.pk, customer_told=True)
        if values.get("appointment_at"):
            payload["appointment_at"] = values["appointment_at"].isoformat()
        if by.has_role("supervisor") and not ticket.supervisor_id:
            ticket.supervisor = by
            payload["supervisor"] = by.pk
    elif action == "check":
        if by.has_role("supervisor") and not ticket.supervisor_id:
            ticket.supervisor = by
            payload["supervisor"] = by.pk
    elif action == "carry_in":
        ticket.workshop_receipt_no = values["workshop_receipt_no"]
        payload["workshop_receipt_no"] = values["workshop_receipt_no"]
    elif action == "restore":
        payload["standby_unit"] = bool(values.get("standby_unit"))
    elif action == "resolve":
        ticket.signed_by_name = values["signed_by_name"]
        ticket.signed_at = now
        ticket.signature = values.get("signature", "")
        ticket.signoff_comment = values.get("comment", "")
        payload.update(
            signed_by_name=ticket.signed_by_name,
            signed=bool(ticket.signature),
            comment=ticket.signoff_comment,
        )
    elif action == "return_visit":
        payload["ratings"] = {k: values[k] for k in ("attitude", "skill", "arrival", "promise")}
        payload["dissatisfied"] = min(payload["ratings"].values()) <= 1
    elif action == "cancel":
        ticket.cancel_reason = values["reason"]
    elif action == "log_contact":
        payload["outcome"] = values["outcome"]
    elif action == "add_part":
        part = PartUsage.objects.create(ticket=ticket, recorded_by=by, recorded_at=now, **values)
        payload.update(
            part=part.pk,
            part_number=part.part_number,
            name=part.name,
            quantity=str(part.quantity),
            unit_price=str(part.unit_price),
            old_part_retained=part.old_part_retained,
            old_part_tag=part.old_part_tag,
        )
    elif action == "add_labour":
        entry = LabourEntry.objects.create(
            ticket=ticket,
            technician=by,
            work_date=values.get("work_date") or timezone.localdate(now),
            hours=values["hours"],
            work_type=values.get("work_type", ""),
            note=values.get("note", ""),
            recorded_at=now,
        )
        payload.update(
            labour=entry.pk, hours=str(entry.hours), work_date=entry.work_date.isoformat()
        )
    elif action == "change_severity":
        payload.update(severity=values["severity"].code, previous=ticket.severity.code)
        ticket.severity = values["severity"]
    return payload


#: Further conditions a technician must meet to be given a job at an organisation, added by
#: the apps that own them (the dealers app requires a valid certificate 维修员证 at a dealer).
#: Each raises ``DomainError`` to refuse.
TechnicianCheck = Callable[[User, Organisation, datetime], None]
TECHNICIAN_CHECKS: list[TechnicianCheck] = []


def register_technician_check(check: TechnicianCheck) -> None:
    if check not in TECHNICIAN_CHECKS:
        TECHNICIAN_CHECKS.append(check)


def _check_member(
    person: User, organisation: Organisation, role: str, at: datetime | None = None
) -> None:
    if person.organisation_id != organisation.pk:
        raise DomainError(
            _("%(name)s does not belong to %(organisation)s.")
            % {"name": person, "organisation": organisation},
            field=role,
        )
    if role == "technician":
        for check in TECHNICIAN_CHECKS:
            check(person, organisation, at or timezone.now())


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
