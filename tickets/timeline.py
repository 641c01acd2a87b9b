"""Human rendering of timeline events: codes stay stable in the database, text is translated
at display time in the reader's language."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from tickets.events import LABELS as TICKET_LABELS
from tickets.events import TicketEventCode
from tickets.models import FaultSeverity, Status, Ticket, TicketEvent

#: Code → translated label, for every app's codes (tickets' own here, others registered).
EVENT_LABELS: dict[str, Any] = {str(code): label for code, label in TICKET_LABELS.items()}


def register_event_labels(labels: Mapping[Any, Any]) -> None:
    """Other apps that write to a ticket's timeline name their event codes here (in their
    ``AppConfig.ready``), so the timeline shows a translated label, never a raw code."""
    EVENT_LABELS.update(labels)


#: Detail lines of events other apps write: code → function(payload) → lines.
EVENT_DETAILS: dict[str, Callable[[dict[str, Any]], list[str]]] = {}


def register_event_details(code: str, details: Callable[[dict[str, Any]], list[str]]) -> None:
    """Another app that writes ``code`` on a ticket's timeline says how its payload reads."""
    EVENT_DETAILS[code] = details


HOURS_UNIT = _("h")
OUTCOMES = {"reached": _("Reached"), "no_answer": _("No answer"), "message": _("Left a message")}
FIELD_LABELS = {
    "fault_description": _("fault description"),
    "contact_name": _("contact name"),
    "contact_phone": _("contact phone"),
    "site_address": _("site address"),
    "product_model": _("product model"),
    "serial_number": _("serial number"),
    "service_type": _("service type"),
}


def event_label(code: str) -> str:
    label = EVENT_LABELS.get(code)
    return str(label) if label is not None else code


@dataclass
class _Names:
    users: dict[int, str]
    organisations: dict[int, str]
    severities: dict[str, str]


def _names(events: Iterable[TicketEvent]) -> _Names:
    user_ids: set[int] = set()
    org_ids: set[int] = set()
    for event in events:
        for key in ("technician", "supervisor"):
            if isinstance(event.payload.get(key), int):
                user_ids.add(event.payload[key])
        if isinstance(event.payload.get("assigned_organisation"), int):
            org_ids.add(event.payload["assigned_organisation"])
    return _Names(
        users={u.pk: str(u) for u in User.objects.filter(pk__in=user_ids)} if user_ids else {},
        organisations=(
            {o.pk: str(o) for o in Organisation.objects.filter(pk__in=org_ids)} if org_ids else {}
        ),
        severities={s.code: s.name for s in FaultSeverity.objects.all()},
    )


def _details(event: TicketEvent, names: _Names) -> list[str]:
    """The detail lines under an event: who and when it arranged, what its own code records,
    the call's outcome, the reason or note, then what the app that wrote it registered."""
    p: dict[str, Any] = event.payload or {}
    own = _CODE_DETAILS.get(event.code)
    extra = EVENT_DETAILS.get(event.code)
    return [
        *_arrangement_lines(event, p, names),
        *(own(p, names) if own is not None else []),
        *([str(OUTCOMES.get(p["outcome"], p["outcome"]))] if p.get("outcome") else []),
        *[
            f"{label}: {p[key]}"
            for key, label in (("reason", _("Reason")), ("note", _("Note")))
            if p.get(key)
        ],
        *(extra(p) if extra is not None else []),
    ]


def _arrangement_lines(event: TicketEvent, p: dict[str, Any], names: _Names) -> list[str]:
    """Who the ticket is with, who works on it, and when: any event may carry these."""
    out: list[str] = []
    if p.get("assigned_organisation") and event.code != TicketEventCode.CREATED:
        out.append(
            f"{_('Organisation')}: {names.organisations.get(p['assigned_organisation'], '?')}"
        )
    for key, label in (("technician", _("Technician")), ("supervisor", _("Supervisor"))):
        if p.get(key):
            out.append(f"{label}: {names.users.get(p[key], '?')}")
    if p.get("appointment_at"):
        out.append(f"{_('Appointment')}: {p['appointment_at'][:16].replace('T', ' ')}")
    if p.get("preferred_visit_at"):
        out.append(f"{_('Preferred visit time')}: {p['preferred_visit_at'][:16].replace('T', ' ')}")
    if p.get("workshop_receipt_no"):
        out.append(f"{_('Workshop receipt no.')}: {p['workshop_receipt_no']}")
    if p.get("standby_unit"):
        out.append(str(_("Standby unit provided")))
    return out


def _part_added(p: dict[str, Any], names: _Names) -> list[str]:
    return [
        f"{p.get('part_number', '')} {p.get('name', '')} × {p.get('quantity', '')}"
        f" @ {p.get('unit_price', '')}"
    ]


def _labour_added(p: dict[str, Any], names: _Names) -> list[str]:
    return [f"{p.get('hours', '')} {HOURS_UNIT} · {p.get('work_date', '')}"]


def _resolved(p: dict[str, Any], names: _Names) -> list[str]:
    if p.get("customer_absent"):
        out = [f"{_('Customer absent: completion confirmed by phone')}: {p.get('signed_by_name')}"]
    else:
        out = [f"{_('Signed by (customer)')}: {p.get('signed_by_name', '')}"]
    if p.get("comment"):
        out.append(f"{_('Customer comment')}: {p['comment']}")
    return out


def _phone_confirmed(p: dict[str, Any], names: _Names) -> list[str]:
    called = p.get("called_at")
    when = ""
    if isinstance(called, str):
        try:
            when = timezone.localtime(datetime.fromisoformat(called)).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            when = ""
    return [f"{_('Spoke with')}: {p.get('spoke_with', '')}" + (f" · {when}" if when else "")]


def _return_visit(p: dict[str, Any], names: _Names) -> list[str]:
    r = p.get("ratings")
    if not isinstance(r, dict):
        return []
    return [
        f"{_('Service attitude')} {r.get('attitude')} · "
        f"{_('Technical skill')} {r.get('skill')}"
        f" · {_('Arrival time')} {r.get('arrival')}"
        f" · {_('Keeping promises')} {r.get('promise')}"
    ]


def _severity_changed(p: dict[str, Any], names: _Names) -> list[str]:
    return [
        f"{names.severities.get(p.get('previous', ''), p.get('previous', ''))} → "
        f"{names.severities.get(p.get('severity', ''), p.get('severity', ''))}"
    ]


def _service_type_overridden(p: dict[str, Any], names: _Names) -> list[str]:
    types = dict(Ticket.ServiceType.choices)
    decided, chosen = str(p.get("decided", "")), str(p.get("service_type", ""))
    return [f"{types.get(decided, decided)} → {types.get(chosen, chosen)}"]


def _updated(p: dict[str, Any], names: _Names) -> list[str]:
    changes = p.get("changes")
    if not isinstance(changes, dict):
        return []
    return [
        f"{FIELD_LABELS.get(field, field)}: {change[0]} → {change[1]}"
        for field, change in changes.items()
    ]


#: What each of the tickets' own codes records, line by line.
_CODE_DETAILS: dict[str, Callable[[dict[str, Any], _Names], list[str]]] = {
    TicketEventCode.ADD_PART: _part_added,
    TicketEventCode.ADD_LABOUR: _labour_added,
    TicketEventCode.RESOLVE: _resolved,
    TicketEventCode.CONFIRM_BY_PHONE: _phone_confirmed,
    TicketEventCode.RETURN_VISIT: _return_visit,
    TicketEventCode.CHANGE_SEVERITY: _severity_changed,
    TicketEventCode.SERVICE_TYPE_OVERRIDDEN: _service_type_overridden,
    TicketEventCode.UPDATED: _updated,
}


#: The payload keys that carry what a person wrote; an internal event keeps them to staff.
NOTE_KEYS = ("note", "reason", "text")


#: Event codes (by prefix) only the service side reads: the SLA ladder's steps. Apps add theirs
#: with :func:`register_staff_only_codes`.
STAFF_ONLY_PREFIXES: list[str] = ["sla."]


def register_staff_only_codes(*prefixes: str) -> None:
    for prefix in prefixes:
        if prefix not in STAFF_ONLY_PREFIXES:
            STAFF_ONLY_PREFIXES.append(prefix)


def for_customer(events: Iterable[TicketEvent]) -> list[TicketEvent]:
    """The events a customer may read, internal notes left out."""
    prefixes = tuple(STAFF_ONLY_PREFIXES)
    return [without_internal_note(e) for e in events if not e.code.startswith(prefixes)]


def has_note(event: TicketEvent) -> bool:
    return any((event.payload or {}).get(key) for key in NOTE_KEYS)


def without_internal_note(event: TicketEvent) -> TicketEvent:
    """``event`` as a customer may read it: an internal event's written words left out (an
    unsaved copy; the stored row is untouched)."""
    if event.public or not has_note(event):
        return event
    copy = TicketEvent(
        pk=event.pk,
        ticket_id=event.ticket_id,
        code=event.code,
        actor_id=event.actor_id,
        at=event.at,
        from_status=event.from_status,
        to_status=event.to_status,
        payload={k: v for k, v in (event.payload or {}).items() if k not in NOTE_KEYS},
        public=False,
    )
    if "actor" in event._state.fields_cache:
        copy.actor = event.actor
    return copy


def render_events(events: list[TicketEvent]) -> list[dict[str, Any]]:
    """Events with their translated label, status change, detail lines and, for an event that
    carries a note, whether the customer may read it."""
    names = _names(events)
    statuses = dict(Status.choices)
    return [
        {
            "event": event,
            "label": event_label(event.code),
            "from_status": statuses.get(event.from_status, event.from_status),
            "to_status": statuses.get(event.to_status, event.to_status),
            "details": _details(event, names),
            "note_visibility": ("public" if event.public else "internal")
            if has_note(event)
            else "",
        }
        for event in events
    ]
