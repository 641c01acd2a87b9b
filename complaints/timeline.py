"""The complaint's timeline in words: stable codes in the database, text in the reader's
language."""

from __future__ import annotations

from typing import Any

from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from attachments.events import AttachmentEvent
from complaints.events import ComplaintEventCode as Code
from complaints.models import (
    Acceptance,
    ComplaintEvent,
    ComplaintStatus,
    Reminder,
    ResponsibleDepartment,
    RootCause,
    TargetKind,
)

LABELS = {
    Code.CREATED: _("Complaint accepted"),
    Code.ASSIGN: _("Assigned to a responsible department"),
    Code.REASSIGN: _("Reassigned"),
    Code.START: _("Investigation started"),
    Code.INVESTIGATE: _("Root cause and corrective / preventive action recorded"),
    Code.REPLY: _("Replied to the customer"),
    Code.ACCEPT: _("Customer accepted; closed"),
    Code.REFUSE: _("Customer refused; investigation reopened"),
    Code.CANCEL: _("Cancelled"),
    Code.CONTACT: _("Contact with the customer"),
    Code.SITE_VISIT: _("On site"),
    Code.EXPLAIN_DELAY: _("Delay explained"),
    Code.NOTE: _("Note"),
    Code.REMINDER: _("Reminder (催办单) sent"),
    AttachmentEvent.ADDED: _("Files attached"),
}


def event_label(code: str) -> str:
    label = LABELS.get(code)  # type: ignore[call-overload]
    return str(label) if label is not None else code


def _when(value: str) -> str:
    moment = parse_datetime(value or "")
    if moment is None:
        return value
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")


def _details(event: ComplaintEvent, names: dict[str, dict[str, str]]) -> list[str]:
    p: dict[str, Any] = event.payload or {}
    out: list[str] = []
    if p.get("department"):
        out.append(f"{_('Department')}: {names['departments'].get(p['department'], '')}")
    if p.get("root_cause"):
        out.append(f"{_('Root cause')}: {names['causes'].get(p['root_cause'], '')}")
    if p.get("action_owner"):
        out.append(f"{_('Actions by')}: {p['action_owner']} · {p.get('action_due', '')}")
    if p.get("reply_text"):
        out.append(f"{_('Reply')}: {p['reply_text']}")
    if p.get("how"):
        out.append(
            f"{Acceptance.How(p['how']).label} · {_when(p.get('answered_at', ''))} · "
            f"{p.get('customer_name', '')}"
        )
    if p.get("comment"):
        out.append(f"{_('Customer')}: {p['comment']}")
    if event.code == Code.REMINDER:
        out.append(
            f"{TargetKind(p['target']).label} · {Reminder.Level(p['level']).label} · "
            f"{_('due')} {_when(p.get('due_at', ''))}"
        )
    if event.code == AttachmentEvent.ADDED and p.get("names"):
        out.append(", ".join(str(n) for n in p["names"]))
    if p.get("targets"):
        out.append(", ".join(str(TargetKind(t).label) for t in p["targets"]))
    for key, label in (("text", _("Explanation")), ("reason", _("Reason")), ("note", _("Note"))):
        if p.get(key):
            out.append(f"{label}: {p[key]}")
    return out


def render_events(events: list[ComplaintEvent]) -> list[dict[str, Any]]:
    names = {
        "departments": {d.code: d.name for d in ResponsibleDepartment.objects.all()},
        "causes": {c.code: c.name for c in RootCause.objects.all()},
    }
    statuses = dict(ComplaintStatus.choices)
    return [
        {
            "event": e,
            "label": event_label(e.code),
            "from_status": statuses.get(e.from_status, e.from_status),
            "to_status": statuses.get(e.to_status, e.to_status),
            "details": _details(e, names),
        }
        for e in events
    ]
