"""Who hears about complaints and visits, through the notifications inbox (when installed).

Always called inside the caller's transaction: a rolled-back step tells no one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from complaints.events import NotificationCode


def _notify(users: Iterable[User], code: str, ticket: Any, payload: dict[str, Any]) -> None:
    if not apps.is_installed("notifications"):
        return
    from notifications.services import notify

    notify(users, code, ticket, payload)


def _staff(*roles: str) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            groups__name__in=roles,
            organisation__kind=Organisation.Kind.SERVICE_CENTRE,
        ).distinct()
    )


def department_people(department: Any) -> list[User]:
    """The department's members and manager; for a dealer, its dealer staff."""
    if department is None:
        return _staff("supervisor")
    people = set(department.members.filter(is_active=True))
    if department.manager_id and department.manager.is_active:
        people.add(department.manager)
    if department.organisation_id:
        people |= set(
            User.objects.filter(
                Q(groups__name="dealer") | Q(groups__name="manager"),
                organisation_id=department.organisation_id,
                is_active=True,
            )
        )
    return sorted(people, key=lambda u: u.pk) or _staff("supervisor")


def reminder_recipients(complaint: Any) -> list[User]:
    """催办单: the responsible department and its manager (and the service managers when the
    department names none)."""
    people = set(department_people(complaint.department))
    if complaint.department is None or not complaint.department.manager_id:
        people |= set(_staff("manager"))
    return sorted(people, key=lambda u: u.pk)


def _first_ticket(complaint: Any) -> Any:
    return complaint.tickets.order_by("pk").first()


def reminder_notify(
    complaint: Any, kind: str, level: int, due_at: datetime, users: list[User]
) -> None:
    _notify(
        users,
        NotificationCode.REMINDER,
        _first_ticket(complaint),
        {
            "number": complaint.number,
            "target": kind,
            "level": level,
            "due_at": due_at.isoformat(),
        },
    )


def assigned_notify(complaint: Any) -> None:
    _notify(
        department_people(complaint.department),
        NotificationCode.ASSIGNED,
        _first_ticket(complaint),
        {"number": complaint.number},
    )


def from_survey_notify(complaint: Any, ticket: Any) -> None:
    """The ticket's supervisor (or every service supervisor) hears of the dissatisfied answer."""
    supervisor = getattr(ticket, "supervisor", None)
    people = [supervisor] if supervisor is not None else _staff("supervisor")
    _notify(people, NotificationCode.FROM_SURVEY, ticket, {"number": complaint.number})


def visit_task_overdue_notify(task: Any) -> None:
    _notify(
        _staff("supervisor", "manager"),
        NotificationCode.VISIT_TASK_OVERDUE,
        None,
        {"customer": task.customer.name, "due_at": task.due_on.isoformat()},
    )


# --- texts ------------------------------------------------------------------------------------


def _when(value: str | None) -> str:
    if not value:
        return "—"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if isinstance(moment, datetime) and timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "Y-m-d H:i" if "T" in value else "Y-m-d")


def _target(code: str) -> str:
    from complaints.models import TargetKind

    return str(TargetKind(code).label) if code in TargetKind.values else code


def _reminder_text(p: dict[str, Any]) -> str:
    values = {
        "number": p.get("number", ""),
        "target": _target(p.get("target", "")),
        "due": _when(p.get("due_at")),
    }
    if p.get("level") == 0:
        return _("Reminder (催办单): complaint %(number)s — %(target)s is due at %(due)s.") % values
    return _("Reminder (催办单): complaint %(number)s — %(target)s overdue since %(due)s.") % values


def _texts() -> dict[str, Any]:
    return {
        NotificationCode.REMINDER.value: _reminder_text,
        NotificationCode.ASSIGNED.value: lambda p: (
            _("Complaint %(number)s was assigned to your department.") % {"number": p["number"]}
        ),
        NotificationCode.FROM_SURVEY.value: lambda p: (
            _("A dissatisfied return visit opened complaint %(number)s.") % {"number": p["number"]}
        ),
        NotificationCode.VISIT_TASK_OVERDUE.value: lambda p: (
            _("The regular visit to %(customer)s was due on %(due)s and is not done.")
            % {"customer": p.get("customer", ""), "due": _when(p.get("due_at"))}
        ),
        NotificationCode.DUTY_OVERDUE.value: lambda p: (
            _("%(duty)s of %(dealer)s was due on %(due)s and is not done.")
            % {
                "duty": p.get("duty", ""),
                "dealer": p.get("dealer", ""),
                "due": _when(p.get("due_at")),
            }
        ),
    }


def register_renderers() -> None:
    if not apps.is_installed("notifications"):
        return
    from notifications.messages import RENDERERS

    for code, render in _texts().items():
        RENDERERS.setdefault(code, render)
