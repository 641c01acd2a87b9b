"""Return-visit surveys: recorded by an agent from a call, or answered by the customer through
a signed short link (once, before it expires, no login). A dissatisfied answer opens exactly
one complaint ("from a survey", linked to the ticket and the technician)."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from aftersales.errors import ConflictError, DomainError, PermissionDeniedError
from complaints import notices
from complaints.events import TicketEventCode
from complaints.models import (
    Channel,
    ComplaintClass,
    SatisfactionRules,
    Seriousness,
    Survey,
    SurveyAnswer,
    SurveyItem,
    SurveyLevel,
    SurveyLink,
)
from complaints.services.complaints import complaint_create
from tickets import hooks
from tickets.actions import available_actions, perform_action
from tickets.events import TicketEventCode as TicketCode
from tickets.models import Ticket, TicketEvent

DESK_ROLES = frozenset({"agent", "supervisor", "manager"})
#: The ticket form's rating fields (tickets.forms.ReturnVisitForm), by survey item code.
TICKET_RATING_FIELDS = ("attitude", "skill", "arrival", "promise")
VISITABLE = frozenset({"resolved"})
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read out over the phone
_MAC_CHARS = 8


# --- recording -------------------------------------------------------------------------------


def _answers_from_codes(answers: dict[str, Any]) -> list[tuple[SurveyItem, SurveyLevel]]:
    items = list(SurveyItem.objects.filter(is_active=True))
    levels = {lvl.code: lvl for lvl in SurveyLevel.objects.filter(is_active=True)}
    errors: dict[str, list[str]] = {}
    out = []
    for item in items:
        level = levels.get(str(answers.get(item.code, "")))
        if level is None:
            errors[item.code] = [str(_("Choose one of the levels."))]
        else:
            out.append((item, level))
    if errors:
        raise DomainError(_("Please answer every question."), errors=errors, code="invalid_fields")
    return out


def _write_survey(
    ticket: Ticket,
    pairs: list[tuple[SurveyItem, SurveyLevel]],
    *,
    source: str,
    comment: str,
    by: User | None,
    now: datetime,
) -> Survey:
    survey = Survey.objects.create(
        ticket=ticket,
        customer=ticket.customer,
        organisation=ticket.assigned_organisation,
        technician=ticket.technician,
        source=source,
        comment=comment,
        dissatisfied=any(level.dissatisfied for _item, level in pairs),
        answered_at=now,
        recorded_by=by,
    )
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(survey=survey, item=item, level=level) for item, level in pairs
    )
    return survey


@transaction.atomic
def survey_record(
    *,
    ticket: Ticket,
    by: User | None,
    answers: dict[str, Any],
    comment: str = "",
    source: str = Survey.Source.PHONE,
    at: datetime | None = None,
) -> Survey:
    """Store the survey as rows; a ticket awaiting its return visit moves on (the ticket's own
    return-visit step, so its clock stops); a dissatisfied answer opens a complaint."""
    if by is not None and source == Survey.Source.PHONE and not by.has_role(*DESK_ROLES):
        raise PermissionDeniedError(_("Your role may not record return visits."))
    now = at or timezone.now()
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if Survey.objects.filter(ticket=locked).exists():
        raise ConflictError(_("This ticket's return visit is already recorded."), code="surveyed")
    pairs = _answers_from_codes(answers)
    recorder = by if source == Survey.Source.PHONE else None
    survey = _write_survey(locked, pairs, source=source, comment=comment, by=recorder, now=now)
    _advance_ticket(locked, survey, pairs, by)
    if survey.dissatisfied:
        complaint_from_survey(survey, by=by if source == Survey.Source.PHONE else None)
    return survey


def _advance_ticket(
    ticket: Ticket, survey: Survey, pairs: list[tuple[SurveyItem, SurveyLevel]], by: User | None
) -> None:
    ratings = {item.code: level.score for item, level in pairs if item.code in TICKET_RATING_FIELDS}
    may = by is not None and any(r.action == "return_visit" for r in available_actions(ticket, by))
    if (
        by is not None
        and may
        and ticket.status in VISITABLE
        and len(ratings) == len(TICKET_RATING_FIELDS)
    ):
        note = survey.comment
        if survey.source == Survey.Source.LINK:
            note = f"{gettext_now('Answered by the customer through the survey link.')} {note}"
        perform_action(
            ticket=ticket, by=by, action="return_visit", data={**ratings, "note": note.strip()}
        )
        return
    event = TicketEvent.objects.create(
        ticket=ticket,
        code=TicketEventCode.SURVEY_RECORDED,
        actor=by if survey.source == Survey.Source.PHONE else None,
        at=survey.answered_at,
        payload={"survey": survey.pk, "dissatisfied": survey.dissatisfied},
    )
    hooks.event_recorded(ticket, event)


def survey_from_visit(ticket: Ticket, event: TicketEvent) -> None:
    """Ticket event listener: the ticket's return-visit step's ratings become survey rows
    (unless this app's own recording already wrote them)."""
    if event.code != TicketCode.RETURN_VISIT:
        return
    if Survey.objects.filter(ticket=ticket).exists():
        return
    values = (event.payload or {}).get("ratings") or {}
    levels = {lvl.score: lvl for lvl in SurveyLevel.objects.filter(is_active=True)}
    items = {i.code: i for i in SurveyItem.objects.filter(code__in=TICKET_RATING_FIELDS)}
    pairs = [
        (items[code], levels[int(values[code])])
        for code in TICKET_RATING_FIELDS
        if code in items and values.get(code) is not None and int(values[code]) in levels
    ]
    by = event.actor
    comment = (event.payload or {}).get("note") or ""
    survey = _write_survey(
        ticket, pairs, source=Survey.Source.PHONE, comment=comment, by=by, now=event.at
    )
    if survey.dissatisfied:
        complaint_from_survey(survey, by=by)


def complaint_from_survey(survey: Survey, *, by: User | None) -> Any:
    """Open the one complaint of a dissatisfied survey and tell the supervisor."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.complaint_id:
        return survey.complaint
    ticket = survey.ticket
    complaint_class = (
        ComplaintClass.objects.filter(from_survey=True, is_active=True).order_by("rank").first()
        or ComplaintClass.objects.filter(is_active=True).order_by("rank").first()
    )
    low = [
        str(a.item) for a in survey.answers.select_related("item", "level") if a.level.dissatisfied
    ]
    description = gettext_now("Dissatisfied at the return visit: %(items)s.") % {
        "items": ", ".join(low)
    }
    if survey.comment:
        description = f"{description}\n{survey.comment}"
    seriousness = Seriousness.objects.filter(is_active=True).order_by("rank").first()
    if complaint_class is None or seriousness is None:
        raise DomainError(_("No complaint class or seriousness is set up."), code="not_set_up")
    complaint = complaint_create(
        by=by if by is not None and by.has_role(*DESK_ROLES) else None,
        channel=Channel.SURVEY,
        complaint_class=complaint_class,
        seriousness=seriousness,
        description=description,
        customer=survey.customer,
        ticket=ticket,
        technician=survey.technician,
    )
    survey.complaint = complaint
    survey.save(update_fields=["complaint"])
    notices.from_survey_notify(complaint, ticket)
    return complaint


# --- signed links -------------------------------------------------------------------------------


def _encode(number: int) -> str:
    out = ""
    while True:
        number, rest = divmod(number, len(_ALPHABET))
        out = _ALPHABET[rest] + out
        if not number:
            return out


def _decode(text: str) -> int | None:
    value = 0
    for char in text:
        index = _ALPHABET.find(char)
        if index < 0:
            return None
        value = value * len(_ALPHABET) + index
    return value


def _mac(link_id: int, nonce: str) -> str:
    digest = salted_hmac("complaints.survey_link", f"{link_id}:{nonce}").digest()
    number = int.from_bytes(digest[:8], "big")
    return "".join(_ALPHABET[(number >> (5 * i)) % len(_ALPHABET)] for i in range(_MAC_CHARS))


def link_code(link: SurveyLink) -> str:
    """``<id>-<8 signed characters>``, e.g. ``C7-K3PXM9QA``: short enough to read out."""
    return f"{_encode(link.pk)}-{_mac(link.pk, link.nonce)}"


def link_from_code(code: str) -> SurveyLink | None:
    """The link a code names, if its signature is right; else None (never says which part
    was wrong)."""
    text = code.strip().upper().replace(" ", "")
    head, _sep, mac = text.partition("-")
    link_id = _decode(head) if head else None
    if link_id is None or len(mac) != _MAC_CHARS:
        return None
    link = SurveyLink.objects.filter(pk=link_id).first()
    if link is None or not constant_time_compare(mac, _mac(link.pk, link.nonce)):
        return None
    return link


@transaction.atomic
def survey_link_create(
    *, ticket: Ticket, by: User, email: str = "", at: datetime | None = None
) -> tuple[SurveyLink, str]:
    """A new link for the ticket's return visit (earlier unused ones are revoked); e-mailed
    after commit when an address is given."""
    if not by.has_role(*DESK_ROLES):
        raise PermissionDeniedError(_("Your role may not send survey links."))
    now = at or timezone.now()
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if locked.status not in VISITABLE:
        raise ConflictError(
            _("Only a resolved ticket awaiting its return visit gets a survey link.")
        )
    if Survey.objects.filter(ticket=locked).exists():
        raise ConflictError(_("This ticket's return visit is already recorded."), code="surveyed")
    SurveyLink.objects.filter(ticket=locked, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    days = SatisfactionRules.current().link_valid_days
    link = SurveyLink.objects.create(
        ticket=locked,
        nonce=secrets.token_hex(16),
        created_at=now,
        created_by=by,
        expires_at=now + timedelta(days=days),
        sent_to=email,
    )
    code = link_code(link)
    event = TicketEvent.objects.create(
        ticket=locked,
        code=TicketEventCode.SURVEY_LINK_SENT,
        actor=by,
        at=now,
        payload={"expires_at": link.expires_at.isoformat(), "sent_to": email},
    )
    hooks.event_recorded(locked, event)
    if email:
        transaction.on_commit(lambda: _send_link(email, code, link.expires_at, locked.number))
    return link, code


def survey_url(code: str) -> str:
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    return f"{base}/s/{code}/"


def _send_link(email: str, code: str, expires_at: datetime, number: str) -> None:
    body = gettext_now(
        "Please tell us how our service went (ticket %(number)s): %(url)s\n"
        "The link works once, until %(until)s."
    ) % {
        "number": number,
        "url": survey_url(code),
        "until": timezone.localtime(expires_at).strftime("%Y-%m-%d %H:%M"),
    }
    send_mail(gettext_now("Your opinion of our service"), body, None, [email], fail_silently=True)


class LinkInvalid(DomainError):
    """Unknown, mistyped, used, revoked or expired: one message for all."""

    http_status = 404
    default_code = "link_invalid"


def usable_link(code: str, *, now: datetime | None = None, lock: bool = False) -> SurveyLink:
    now = now or timezone.now()
    link = link_from_code(code)
    if link is not None and lock:
        link = SurveyLink.objects.select_for_update().get(pk=link.pk)
    if link is None or link.used_at or link.revoked_at or link.expires_at <= now:
        raise LinkInvalid(_("This survey link is not valid: it was used already or has expired."))
    return link


@transaction.atomic
def survey_submit_by_link(
    *, code: str, answers: dict[str, Any], comment: str = "", at: datetime | None = None
) -> Survey:
    """The customer's own answers: once, before the link expires."""
    now = at or timezone.now()
    link = usable_link(code, now=now, lock=True)
    survey = survey_record(
        ticket=link.ticket,
        by=link.created_by,
        answers=answers,
        comment=comment,
        source=Survey.Source.LINK,
        at=now,
    )
    link.used_at = now
    link.save(update_fields=["used_at"])
    return survey
