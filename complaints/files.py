"""Complaints carry attachments (the customer's photos, letters, the evidence an
investigation gathers): registered with the attachments app from ``ComplaintsConfig.ready``,
with the same scope as the complaint's own pages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.text import capfirst

from accounts.models import User
from aftersales.errors import ConflictError, PermissionDeniedError
from attachments.events import AttachmentEvent
from attachments.models import Attachment
from attachments.registry import RECORD_CLOSED, ROLE_REFUSED, AttachmentTarget, register
from attachments.services import event_payload
from complaints.models import Complaint, ComplaintEvent
from complaints.selectors import complaint_list

COMPLAINT_TARGET = "complaint"
#: Who may add files to a complaint they can see: the complaint desk, the dealer concerned
#: (its answer, its evidence) and the customer who complains.
ADD_ROLES = frozenset({"agent", "supervisor", "manager", "dealer", "customer"})


def complaint_scope(user: User) -> QuerySet[Complaint]:
    return complaint_list(user=user)


def complaint_check_open(complaint: Complaint) -> None:
    if not complaint.is_open:
        raise ConflictError(
            RECORD_CLOSED % {"status": complaint.get_status_display()},
            code="complaint_closed",
        )


def complaint_check_add(by: User, complaint: Complaint) -> None:
    if not by.is_superuser and not (by.roles & ADD_ROLES):
        raise PermissionDeniedError(ROLE_REFUSED)
    complaint_check_open(complaint)


def complaint_event(
    complaint: Complaint, by: User | None, rows: Sequence[Attachment], at: datetime
) -> None:
    ComplaintEvent.objects.create(
        complaint=complaint,
        code=AttachmentEvent.ADDED,
        actor=by,
        at=at,
        payload=event_payload(COMPLAINT_TARGET, complaint.number, rows),
    )


def _by_number(rows: QuerySet[Any], value: str) -> Any:
    return rows.filter(number=value).first()


def register_targets() -> None:
    register(
        AttachmentTarget(
            key=COMPLAINT_TARGET,
            model=Complaint,
            label=capfirst(Complaint._meta.verbose_name) or "Complaint",
            scope=complaint_scope,
            check_add=complaint_check_add,
            record_event=complaint_event,
            lookup=_by_number,
            reference=lambda c: c.number,
            url=lambda c: reverse("complaints:detail", args=[c.number]),
            check_open=complaint_check_open,
        )
    )
