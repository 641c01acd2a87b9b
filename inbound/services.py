"""Turning inbound mail into tickets and ticket messages.

``mail_receive`` stores every message before acting on it: a person's mail that refers to a
ticket its sender may write to (our Message-ID in ``In-Reply-To``/``References``, or the
ticket number in the subject) becomes a message on that ticket; any other person's mail
becomes a new ticket (channel e-mail) for the customer with that address; automatic mail
(auto-replies, bounces, loops) is stored as ignored. A mail's files are kept with it as they
came, and those that pass the content check become attachments of its ticket
(:mod:`attachments.receiving`); a refused one is noted with its reason. A message that cannot
be read, or whose ticket could not be written, is quarantined with the reason. Nothing raises
to the caller, so one bad message never stops the mailbox task.
"""

from __future__ import annotations

import hashlib
import logging
import re
from datetime import datetime
from email.utils import parseaddr

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from attachments.receiving import Arrived, attachments_receive
from attachments.services import delete_files
from attachments.verify import Checked
from inbound import parsing
from inbound.events import InboundEvent
from inbound.models import InboundAttachment, InboundMessage
from inbound.sources import MailboxError, open_source
from tickets import hooks
from tickets.models import Customer, FaultSeverity, Ticket, TicketEvent
from tickets.selectors import ticket_scope
from tickets.services import ticket_create

logger = logging.getLogger(__name__)

Outcome = InboundMessage.Outcome


def message_key(raw: bytes) -> str:
    """The Message-ID, read cheaply, or a digest of the bytes when there is none."""
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    found = re.search(rb"^message-id:\s*(<[^>\r\n]{1,290}>)", head, re.IGNORECASE | re.MULTILINE)
    if found:
        return found.group(1).decode("ascii", "replace")
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def _store(key: str, raw: bytes, outcome: str, **fields: object) -> InboundMessage:
    try:
        with transaction.atomic():
            return InboundMessage.objects.create(
                message_key=key, raw=raw, outcome=outcome, **fields
            )
    except IntegrityError:  # another worker stored it first
        return InboundMessage.objects.get(message_key=key)


def _writer_may_reach(ticket: Ticket, sender: str) -> bool:
    """The ticket's customer by address, or a user who may see the ticket."""
    if ticket.customer.email and ticket.customer.email.lower() == sender:
        return True
    users = User.objects.filter(email__iexact=sender, is_active=True)
    return any(ticket_scope(user).filter(pk=ticket.pk).exists() for user in users[:5])


def _ticket_answered(mail: parsing.ParsedMail) -> Ticket | None:
    for number in mail.ticket_numbers():
        ticket = Ticket.objects.select_related("customer").filter(number=number).first()
        if ticket is not None and _writer_may_reach(ticket, mail.sender):
            return ticket
    return None


def _customer_for(mail: parsing.ParsedMail) -> Customer:
    """The customer with this address (their own record, or their account's), or a new one
    known by the address until an agent adds the phone."""
    sender = mail.sender
    customer = (
        Customer.objects.filter(
            Q(email__iexact=sender)
            | Q(account__users__email__iexact=sender, account__users__is_active=True)
        )
        .order_by("pk")
        .first()
    )
    if customer is not None:
        return customer
    return Customer.objects.create(name=mail.sender_name or sender, phone="", email=sender)


def _email_severity() -> FaultSeverity:
    """A mailed request starts at the least severe active level; the agent grades it."""
    return FaultSeverity.objects.filter(is_active=True).order_by("-rank", "-pk")[:1].get()


#: The kind an e-mailed file is filed as, by what its content turned out to be.
KIND_BY_TYPE = {"application/pdf": "pdf"}
IMAGE_KIND = "fault_photo"


def _kind_for(checked: Checked) -> str:
    if checked.mime_type.startswith("image/"):
        return IMAGE_KIND
    return KIND_BY_TYPE.get(checked.mime_type, "other")


def _writer(ticket: Ticket, sender: str) -> User | None:
    """The user account the mail came from, when it is one that may see the ticket."""
    for user in User.objects.filter(email__iexact=sender, is_active=True)[:5]:
        if ticket_scope(user).filter(pk=ticket.pk).exists():
            return user
    return None


def _keep(message: InboundMessage, mail: parsing.ParsedMail) -> list[InboundAttachment]:
    return InboundAttachment.objects.bulk_create(
        InboundAttachment(
            message=message,
            filename=a.filename,
            content_type=a.content_type,
            size=len(a.content),
            content=a.content,
        )
        for a in mail.attachments
    )


def _attach(
    ticket: Ticket,
    message: InboundMessage,
    kept: list[InboundAttachment],
    event: TicketEvent,
    now: datetime,
) -> None:
    """Make the good files attachments of the ticket, checked by content like an upload; a
    refused one is noted on its row, on the message and on the e-mail's timeline entry."""
    received = attachments_receive(
        target="ticket",
        record=ticket,
        files=[Arrived(row.filename, bytes(row.content)) for row in kept],
        by=_writer(ticket, message.sender),
        kind_for=_kind_for,
        at=now,
    )
    try:
        for row, (attachment, reason) in zip(kept, received.outcomes, strict=True):
            row.attachment, row.refused_reason = attachment, reason
        InboundAttachment.objects.bulk_update(kept, ["attachment", "refused_reason"])
        refused = [row for row in kept if row.refused_reason]
        if refused:
            notes = "; ".join(f"{row.filename} ({row.refused_reason})" for row in refused)
            message.reason = f"attachments_refused: {notes}"[:300]
            message.save(update_fields=["reason"])
            event.payload["refused"] = [
                {"name": row.filename, "reason": row.refused_reason} for row in refused
            ]
            event.save(update_fields=["payload"])
    except BaseException:  # the transaction rolls back: leave no stored file behind
        delete_files(received.added)
        raise


def _record(ticket: Ticket, message: InboundMessage, mail: parsing.ParsedMail) -> TicketEvent:
    event = TicketEvent.objects.create(
        ticket=ticket,
        code=InboundEvent.EMAIL_RECEIVED,
        at=message.received_at,
        payload={
            "message": message.pk,
            "from": mail.sender,
            "subject": mail.subject,
            "text": mail.text[:4000],
            "attachments": [a.filename for a in mail.attachments],
            "refused": [],
            "public": True,
        },
        public=True,  # the customer's own words
    )
    hooks.event_recorded(ticket, event)
    return event


def _act(key: str, raw: bytes, mail: parsing.ParsedMail, now: datetime) -> InboundMessage:
    with transaction.atomic():
        ticket = _ticket_answered(mail)
        outcome = Outcome.THREADED
        if ticket is None:
            outcome = Outcome.TICKET_CREATED
            description = "\n\n".join(p for p in (mail.subject, mail.text) if p)
            ticket = ticket_create(
                by=None,
                customer=_customer_for(mail),
                fault_description=description or mail.sender,
                severity=_email_severity(),
                channel=Ticket.Channel.EMAIL,
                received_at=now,
                contact_name=mail.sender_name[:100],
            )
        message = InboundMessage.objects.create(
            message_key=key,
            raw=raw,
            outcome=outcome,
            sender=mail.sender,
            subject=mail.subject,
            received_at=now,
            ticket=ticket,
        )
        kept = _keep(message, mail)
        event = _record(ticket, message, mail)
        if kept:
            _attach(ticket, message, kept, event, now)
    return message


def mail_receive(raw: bytes, *, now: datetime | None = None) -> InboundMessage:
    """Store and act on one raw message (see the module docstring). Safe to call twice."""
    moment = now or timezone.now()
    key = message_key(raw)
    existing = InboundMessage.objects.filter(message_key=key).first()
    if existing is not None:
        return existing
    if len(raw) > settings.INBOUND_EMAIL_MAX_BYTES:
        return _store(key, raw[:0], Outcome.QUARANTINED, reason=f"too_large: {len(raw)} bytes")
    try:
        ours = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or settings.DEFAULT_FROM_EMAIL
        mail = parsing.parse(raw, loop_stamp=ours)
    except parsing.MalformedMail as exc:
        return _store(key, raw, Outcome.QUARANTINED, reason=f"malformed: {exc}"[:300])
    fields = {"sender": mail.sender[:254], "subject": mail.subject, "received_at": moment}
    if mail.automatic:
        return _store(key, raw, Outcome.IGNORED, reason=mail.automatic, **fields)
    try:
        return _act(key, raw, mail, moment)
    except IntegrityError:
        return InboundMessage.objects.filter(message_key=key).first() or _store(
            key, raw, Outcome.QUARANTINED, reason="integrity", **fields
        )
    except Exception as exc:  # a ticket that could not be written: keep the mail, say why
        logger.warning("inbound mail %s quarantined", key, exc_info=True)
        reason = f"not_processed: {type(exc).__name__}: {exc}"[:300]
        return _store(key, raw, Outcome.QUARANTINED, reason=reason, **fields)


def mailbox_read(url: str | None = None) -> dict[str, int]:
    """Read every unread message of the service mailbox; counts per outcome."""
    url = settings.INBOUND_EMAIL_URL if url is None else url
    report = dict.fromkeys(Outcome.values, 0)
    if not url:
        return report
    try:
        source = open_source(url)
    except MailboxError:
        logger.warning("inbound mailbox unreachable; the next run tries again", exc_info=True)
        return report
    try:
        for key, raw in source.messages():
            message = mail_receive(raw)
            report[message.outcome] += 1
            source.done(key)
    except MailboxError:
        logger.warning("inbound mailbox read interrupted", exc_info=True)
    finally:
        source.close()
    return report
