"""Reads for the customer portal, always from the customer's own scope: their units with the
warranty in plain words, their requests (open first), and a request's timeline as a customer
reads it (no internal notes, clocks, checks or escalations)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from attachments.events import AttachmentEvent
from complaints.events import TicketEventCode as SurveyEvent
from tickets.models import OPEN_STATUSES, Ticket, TicketEvent
from tickets.selectors import ticket_events_for, ticket_list
from warranty.decisions import entitlement_for
from warranty.models import Unit
from warranty.selectors import unit_scope


@dataclass(frozen=True)
class UnitCard:
    unit: Unit
    covered: bool
    words: str


def _day(value: date | None) -> str:
    return date_format(value, "Y-m-d") if value else ""


def warranty_words(unit: Unit, *, today: date | None = None) -> tuple[bool, str]:
    """The unit's warranty today in one plain sentence, and whether repair is free."""
    decision = entitlement_for(unit)
    today = today or timezone.localdate()
    if decision.covered:
        return True, _("Free repair under warranty until %(day)s.") % {
            "day": _day(decision.quality_end)
        }
    if decision.contract:
        return True, _("Covered by your maintenance contract %(number)s.") % {
            "number": decision.contract
        }
    if decision.period_start is None:
        return False, _("We have no sale record of this unit: keep your invoice at hand.")
    if decision.maintenance_end and decision.maintenance_end >= today:
        return False, _(
            "Free repair ended on %(end)s; we maintain it at a charge until %(until)s."
        ) % {"end": _day(decision.quality_end), "until": _day(decision.maintenance_end)}
    return False, _("The warranty ended on %(day)s: repairs are charged.") % {
        "day": _day(decision.quality_end)
    }


def my_units(user: User) -> list[UnitCard]:
    """The customer's registered units (a customer has a handful: one decision each)."""
    cards = []
    for unit in unit_scope(user).order_by("-sale_date", "serial"):
        covered, words = warranty_words(unit)
        cards.append(UnitCard(unit=unit, covered=covered, words=words))
    return cards


def my_requests(user: User) -> QuerySet[Ticket]:
    """The customer's requests: open ones first, newest first within each."""
    return (
        ticket_list(user)
        .annotate(
            closed_rank=Case(
                When(status__in=list(OPEN_STATUSES), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("closed_rank", "-received_at", "-id")
    )


def my_request(user: User, number: str) -> Ticket | None:
    return ticket_list(user).filter(number=number).first()


def status_words(status: str) -> str:
    """The request's status as the customer reads it (internal steps such as the supervisor's
    check read as what they mean to the customer)."""
    words = {
        "registered": _("Registered"),
        "forwarded": _("Arranging a technician"),
        "arranged": _("Technician assigned"),
        "checked": _("Technician assigned"),
        "on_site": _("Technician on site"),
        "in_workshop": _("In the workshop"),
        "awaiting_parts": _("Waiting for parts"),
        "waiting_customer": _("Waiting for you"),
        "restored": _("Working again"),
        "resolved": _("Repaired"),
        "visited": _("Repaired"),
        "closed": _("Closed"),
        "cancelled": _("Cancelled"),
    }
    return str(words.get(status, status))


# --- the timeline in plain words ---------------------------------------------------------

#: What the customer reads for each step; steps not listed show only when they carry a
#: public message (internal checks, parts, hours, clocks never show).
STEP_WORDS = {
    "ticket.created": "registered",
    "ticket.forward": "forwarded",
    "ticket.arrange": "arranged",
    "ticket.assign": "arranged",
    "ticket.check_in": "on_site",
    "ticket.carry_in": "in_workshop",
    "ticket.await_parts": "awaiting_parts",
    "ticket.parts_arrived": "parts_arrived",
    "ticket.wait_customer": "waiting_customer",
    "ticket.resume": "resumed",
    "ticket.restore": "restored",
    "ticket.resolve": "repaired",
    "ticket.return_visit": "visited",
    "ticket.close": "closed",
    "ticket.reopen": "reopened",
    "ticket.cancel": "cancelled",
    "ticket.confirm_repair": "confirmed",
    "portal.preferred_visit": "preferred_visit",
    AttachmentEvent.ADDED: "files",
    SurveyEvent.SURVEY_RECORDED: "surveyed",
}


def step_title(step: str) -> str:
    titles = {
        "registered": _("We registered your request"),
        "forwarded": _("Passed to the service team"),
        "arranged": _("A technician is assigned"),
        "on_site": _("The technician is on site"),
        "in_workshop": _("Taken to the workshop for repair"),
        "awaiting_parts": _("Waiting for parts"),
        "parts_arrived": _("The parts have arrived"),
        "waiting_customer": _("We are waiting for you"),
        "resumed": _("Work has resumed"),
        "restored": _("Your unit works again"),
        "repaired": _("Repaired"),
        "visited": _("We asked how our service went"),
        "closed": _("Closed"),
        "reopened": _("Reopened"),
        "cancelled": _("Cancelled"),
        "confirmed": _("You confirmed the repair"),
        "preferred_visit": _("Your preferred visit time"),
        "files": _("Files added"),
        "surveyed": _("Thank you for your opinion"),
        "message_in": _("Your message"),
        "message_out": _("Message from the service team"),
    }
    return str(titles.get(step, step))


def local_time(value: str | datetime | None) -> str:
    """A stored ISO time (or a datetime) as the customer reads it, in local time."""
    moment = parse_datetime(value) if isinstance(value, str) else value
    if moment is None:
        return ""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return date_format(timezone.localtime(moment), "Y-m-d H:i")


def _step_of(event: TicketEvent, customer_side: bool) -> str | None:
    step = STEP_WORDS.get(event.code)
    if step is None and event.payload.get("note") and event.public:
        step = "message_in" if customer_side else "message_out"
    if event.code in {"ticket.add_info", "inbound.email_received"}:
        step = "message_in"
    return step


def customer_timeline(ticket: Ticket, user: User) -> list[dict[str, Any]]:
    """The request's steps as the customer reads them, oldest first."""
    events = ticket_events_for(ticket, user)
    names = {e.actor_id: str(e.actor) for e in events if e.actor_id}
    technicians = {
        u.pk: str(u)
        for u in User.objects.filter(
            pk__in={e.payload["technician"] for e in events if e.payload.get("technician")}
        )
    }
    out = []
    for event in events:
        customer_side = event.actor_id == user.pk or (
            event.actor is not None and event.actor.organisation_id == user.organisation_id
        )
        step = _step_of(event, customer_side)
        if step is None or (event.code == "ticket.assign" and not event.payload.get("technician")):
            continue
        p = event.payload
        lines = []
        if p.get("technician"):
            lines.append(_("Technician: %(name)s") % {"name": technicians.get(p["technician"], "")})
        if p.get("appointment_at"):
            lines.append(_("Appointment: %(time)s") % {"time": local_time(p["appointment_at"])})
        if p.get("preferred_visit_at"):
            lines.append(local_time(p["preferred_visit_at"]))
        if event.code == AttachmentEvent.ADDED and p.get("names"):
            lines.append(", ".join(str(n) for n in p["names"]))
        if event.code == "ticket.resolve" and p.get("signed_by_name"):
            lines.append(_("Signed off by %(name)s") % {"name": p["signed_by_name"]})
        text = p.get("note") or p.get("reason") or p.get("text") or ""
        if event.code == "portal.preferred_visit":
            text = ""
        out.append(
            {
                "step": step,
                "title": step_title(step),
                "at": event.at,
                "lines": lines,
                "text": text if (event.public or customer_side) else "",
                "by": "" if customer_side else names.get(event.actor_id or 0, ""),
                "mine": customer_side,
            }
        )
    return out
