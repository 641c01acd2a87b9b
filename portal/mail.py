"""Telling the customer by e-mail, and the service side when the customer writes.

Milestones (registered with its number; technician and appointment; repaired; a public
message from the service team) go to the customer's address through the notifications
outbox, in the customer's language, with its retries. A note the writer kept internal is
never in a mail. When the customer writes (a reply by e-mail threaded onto the ticket, or a
message in the portal) the ticket's technician and supervisor are notified.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from accounts.models import User
from complaints.events import TicketEventCode as SurveyEvent
from notifications.messages import Renderer
from notifications.services import addressed_email, email_address, notify, nudge_delivery
from portal.selectors import local_time
from portal.surveys import survey_url_for
from tickets.models import Ticket, TicketEvent

REGISTERED = "portal.mail.registered"
ARRANGED = "portal.mail.arranged"
REPAIRED = "portal.mail.repaired"
MESSAGE = "portal.mail.message"
SURVEY = "portal.mail.survey"
CUSTOMER_WROTE = "portal.customer_wrote"

#: Event code → the milestone mail it sends the customer.
MILESTONES = {
    "ticket.arrange": ARRANGED,
    "ticket.resolve": REPAIRED,
    "ticket.add_note": MESSAGE,
}
#: Events that are the customer's own words.
CUSTOMER_WORDS = {"inbound.email_received", "ticket.add_info"}


def _public_note(event: TicketEvent) -> str:
    if not event.public:
        return ""
    return str(event.payload.get("note") or event.payload.get("reason") or "")


def registration_mail(ticket: Ticket, event: TicketEvent) -> Sequence[Model]:
    """``on_new_ticket`` hook: the "registered, here is your number" mail, written with the
    ticket (the outbox fills in the number it is given)."""
    customer = ticket.customer
    if not customer.email:
        return []
    transaction.on_commit(nudge_delivery)
    return [
        addressed_email(
            customer.email,
            REGISTERED,
            ticket=ticket,
            language=customer.language,
            payload={"fault": ticket.fault_description[:200]},
        )
    ]


def _technician_name(pk: Any) -> str:
    person = User.objects.filter(pk=pk).first() if pk else None
    return str(person) if person else ""


def milestone_mail(ticket: Ticket, event: TicketEvent) -> None:
    code = MILESTONES.get(event.code)
    customer = ticket.customer
    if code is None or not customer.email:
        return
    if code == MESSAGE and not event.public:
        return  # an internal note stays internal
    payload: dict[str, Any] = {"number": ticket.number, "note": _public_note(event)}
    if code == ARRANGED:
        payload["technician"] = _technician_name(event.payload.get("technician"))
        payload["appointment"] = local_time(event.payload.get("appointment_at"))
    email_address(customer.email, code, payload=payload, language=customer.language, ticket=ticket)


def survey_mail(ticket: Ticket, event: TicketEvent) -> None:
    """A survey link the service side created without mailing it: mail it to the customer."""
    customer = ticket.customer
    if event.code != SurveyEvent.SURVEY_LINK_SENT or event.payload.get("sent_to"):
        return
    url = survey_url_for(ticket)
    if customer.email and url:
        email_address(
            customer.email,
            SURVEY,
            payload={"number": ticket.number, "url": url},
            language=customer.language,
            ticket=ticket,
        )


def customer_wrote(ticket: Ticket, event: TicketEvent) -> None:
    """The customer's words reached the ticket: tell the people working on it (its
    technician and supervisor, else whoever registered it), never the writer."""
    if event.code not in CUSTOMER_WORDS:
        return
    people = {pk for pk in (ticket.technician_id, ticket.supervisor_id) if pk}
    if not people and ticket.created_by_id:
        people = {ticket.created_by_id}
    people.discard(event.actor_id)  # type: ignore[arg-type]
    if people:
        notify(
            people,
            CUSTOMER_WROTE,
            ticket=ticket,
            payload={
                "number": ticket.number,
                "text": str(event.payload.get("note") or event.payload.get("text") or "")[:300],
            },
        )


def on_ticket_event(ticket: Ticket, event: TicketEvent) -> None:
    """``on_event`` listener."""
    milestone_mail(ticket, event)
    survey_mail(ticket, event)
    customer_wrote(ticket, event)


# --- texts -------------------------------------------------------------------------------


def _with_note(text: str, p: dict[str, Any]) -> str:
    return f"{text}\n\n{p['note']}" if p.get("note") else text


def _registered(p: dict[str, Any]) -> str:
    return _(
        "We have registered your service request %(number)s. Quote this number when you "
        "contact us; we will tell you when a technician is arranged.\n\n%(fault)s"
    ) % {"number": p.get("number", ""), "fault": p.get("fault", "")}


def _arranged(p: dict[str, Any]) -> str:
    text = _("Your request %(number)s: technician %(technician)s will come.") % {
        "number": p.get("number", ""),
        "technician": p.get("technician") or _("of our service team"),
    }
    if p.get("appointment"):
        text += " " + _("Appointment: %(time)s") % {"time": p["appointment"]}
    return _with_note(text, p)


def _repaired(p: dict[str, Any]) -> str:
    text = _(
        "Your request %(number)s is repaired. If anything is still wrong, reply to this "
        "mail or reopen the request in the customer portal."
    ) % {"number": p.get("number", "")}
    return _with_note(text, p)


def _message(p: dict[str, Any]) -> str:
    return (
        _("A message about your request %(number)s:") % {"number": p.get("number", "")}
        + f"\n\n{p.get('note', '')}"
    )


def _survey(p: dict[str, Any]) -> str:
    return _("Please tell us how our service went (request %(number)s): %(url)s") % {
        "number": p.get("number", ""),
        "url": p.get("url", ""),
    }


def _customer_wrote(p: dict[str, Any]) -> str:
    return _("The customer wrote on ticket %(number)s: %(text)s") % {
        "number": p.get("number", ""),
        "text": p.get("text", ""),
    }


RENDERERS: dict[str, Renderer] = {
    REGISTERED: _registered,
    ARRANGED: _arranged,
    REPAIRED: _repaired,
    MESSAGE: _message,
    SURVEY: _survey,
    CUSTOMER_WROTE: _customer_wrote,
}
