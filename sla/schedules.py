"""Writes to business calendars and their horizon: one exception set or deleted, a year's
official schedule (holidays and adjusted working days, 调休) entered by an administrator —
by form, API or an imported CSV / iCalendar file, without a package release.

Every write runs in one transaction, records a ``CalendarEvent`` with a stable code, tells
the calendar cache (``calendar_changed``) and, once committed, has the open tickets measured
on that calendar re-measured (their stored due times and next escalation instants move).

The horizon is data: ``BusinessCalendar.schedule_through`` ("official schedule loaded
through"). ``calendars_short_of_schedule`` names the calendars used by a current policy whose
schedule ends within ``SCHEDULE_WARNING_DAYS``; ``/healthz``, the admin and the SLA pages
show it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from aftersales.errors import DomainError
from sla.calendars import calendar_changed
from sla.events import CalendarEventCode
from sla.models import BusinessCalendar, CalendarEvent, CalendarException

#: Warn when a calendar used by a current policy has no official schedule this far ahead.
SCHEDULE_WARNING_DAYS = 60
#: The longest holiday range one line may give (the Spring Festival is 8–9 days).
MAX_HOLIDAY_DAYS = 31


@dataclass(frozen=True)
class HolidayRange:
    start: date
    end: date
    name: str = ""


@dataclass(frozen=True)
class OfficialDay:
    """An adjusted working day (调休): a weekend date that is worked."""

    day: date
    name: str = ""


@dataclass
class OfficialSchedule:
    holidays: list[HolidayRange] = field(default_factory=list)
    workdays: list[OfficialDay] = field(default_factory=list)


@dataclass(frozen=True)
class ScheduleReport:
    calendar: BusinessCalendar
    year: int
    holidays: int  # holiday dates written
    workdays: int  # adjusted working days written
    schedule_through: date | None


def _event(
    calendar: BusinessCalendar, by: User | None, code: CalendarEventCode, **payload: Any
) -> None:
    CalendarEvent.objects.create(calendar=calendar, code=code, actor=by, payload=payload)


def calendar_touched(calendar: BusinessCalendar) -> None:
    """The calendar changed: its cached spec is forgotten now, and once committed the open
    tickets with a live clock on it are re-measured."""
    calendar_changed(calendar)
    calendar_id = calendar.pk

    def remeasure() -> None:
        from sla.tasks import calendar_remeasure

        calendar_remeasure.delay(calendar_id)

    transaction.on_commit(remeasure)


# --- one exception ----------------------------------------------------------------------------


@transaction.atomic
def calendar_exception_set(
    *,
    calendar: BusinessCalendar,
    by: User | None,
    day: date,
    kind: str,
    name: str = "",
    windows: str = "",
) -> CalendarException:
    """Add or replace the exception of ``day`` (a holiday, a 调休 day, own working hours)."""
    row = CalendarException.objects.filter(calendar=calendar, date=day).first()
    row = row or CalendarException(calendar=calendar, date=day)
    row.kind, row.name, row.windows = kind, name, windows.strip()
    try:
        row.full_clean(validate_unique=False)
    except ValidationError as exc:
        raise DomainError.from_validation(exc) from None
    row.save()
    _event(
        calendar,
        by,
        CalendarEventCode.EXCEPTION_SET,
        date=day.isoformat(),
        kind=kind,
        name=name,
        windows=row.windows,
    )
    calendar_touched(calendar)
    return row


@transaction.atomic
def calendar_exception_delete(*, calendar: BusinessCalendar, by: User | None, day: date) -> None:
    row = CalendarException.objects.filter(calendar=calendar, date=day).first()
    if row is None:
        raise DomainError(
            gettext_lazy("No exception on this date."), code="not_found", field="date"
        )
    _event(
        calendar,
        by,
        CalendarEventCode.EXCEPTION_DELETED,
        date=day.isoformat(),
        kind=row.kind,
        name=row.name,
        windows=row.windows,
    )
    row.delete()
    calendar_touched(calendar)


# --- a year's official schedule -------------------------------------------------------------


def _check_schedule(year: int, schedule: OfficialSchedule) -> dict[date, tuple[str, str]]:
    """{date: (kind, name)} of the schedule, or DomainError naming every problem."""
    errors: dict[str, list[str]] = {}
    wanted: dict[date, tuple[str, str]] = {}
    for line, holiday in enumerate(schedule.holidays, start=1):
        span = (holiday.end - holiday.start).days + 1
        if holiday.start.year != year or holiday.end.year != year:
            errors.setdefault("holidays", []).append(
                _("Line %(line)d: the dates are not in %(year)d.") % {"line": line, "year": year}
            )
        elif not 1 <= span <= MAX_HOLIDAY_DAYS:
            errors.setdefault("holidays", []).append(
                _("Line %(line)d: a holiday runs forwards, %(max)d days at most.")
                % {"line": line, "max": MAX_HOLIDAY_DAYS}
            )
        else:
            for offset in range(span):
                wanted[holiday.start + timedelta(days=offset)] = ("holiday", holiday.name)
    for line, workday in enumerate(schedule.workdays, start=1):
        message = ""
        if workday.day.year != year:
            message = _("Line %(line)d: the date is not in %(year)d.")
        elif workday.day.weekday() < 5:
            message = _("Line %(line)d: a weekday is a working day anyway.")
        elif workday.day in wanted:
            message = _("Line %(line)d: the date is also given as a holiday.")
        if message:
            errors.setdefault("workdays", []).append(message % {"line": line, "year": year})
        else:
            wanted[workday.day] = ("adjusted_workday", workday.name or "调休")
    if not wanted and not errors:
        errors["holidays"] = [_("Give at least one holiday of the year.")]
    if errors:
        raise DomainError.from_messages(errors)
    return wanted


def _advance_horizon(calendar: BusinessCalendar, year: int) -> date | None:
    """The year's end, when the year follows on from the loaded schedule (no gap)."""
    current = calendar.schedule_through if calendar.follows_official_schedule else None
    year_end = date(year, 12, 31)
    if current is None or (current < year_end and date(year, 1, 1) <= current + timedelta(1)):
        return year_end
    return current


@transaction.atomic
def schedule_enter(
    *,
    calendar: BusinessCalendar,
    by: User | None,
    year: int,
    schedule: OfficialSchedule,
    source: str = "form",
) -> ScheduleReport:
    """Make the year's holidays and adjusted working days those of ``schedule``.

    The year's holiday and 调休 rows are replaced; dates with their own working hours stay
    unless the schedule names them. The calendar then follows an official schedule, loaded
    through the end of the year when it follows on from what was loaded (a later year
    entered before the one in between leaves the horizon where it was).
    """
    calendar = BusinessCalendar.objects.select_for_update().get(pk=calendar.pk)
    wanted = _check_schedule(year, schedule)
    rows = CalendarException.objects.filter(calendar=calendar, date__year=year)
    rows.filter(kind__in=["holiday", "adjusted_workday"]).delete()
    rows.filter(date__in=list(wanted)).delete()
    CalendarException.objects.bulk_create(
        CalendarException(calendar=calendar, date=day, kind=kind, name=name)
        for day, (kind, name) in sorted(wanted.items())
    )
    calendar.schedule_through = _advance_horizon(calendar, year)
    calendar.follows_official_schedule = True
    calendar.save(update_fields=["schedule_through", "follows_official_schedule", "updated_at"])
    holidays = sum(1 for kind, _name in wanted.values() if kind == "holiday")
    _event(
        calendar,
        by,
        CalendarEventCode.SCHEDULE_ENTERED,
        year=year,
        source=source,
        holidays=holidays,
        workdays=len(wanted) - holidays,
        schedule_through=calendar.schedule_through.isoformat()
        if calendar.schedule_through
        else None,
    )
    calendar_touched(calendar)
    return ScheduleReport(
        calendar, year, holidays, len(wanted) - holidays, calendar.schedule_through
    )


# --- the horizon ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HorizonWarning:
    calendar: BusinessCalendar
    schedule_through: date | None
    needed_through: date

    @property
    def text(self) -> str:
        if self.schedule_through is None:
            return _(
                "The calendar “%(calendar)s” has no official schedule loaded: enter the "
                "holidays and adjusted working days of %(year)d."
            ) % {"calendar": self.calendar.name, "year": self.needed_through.year}
        return _(
            "The calendar “%(calendar)s” has its official schedule loaded through %(through)s "
            "only: due times after it ignore holidays and adjusted working days. Enter the "
            "schedule of %(year)d."
        ) % {
            "calendar": self.calendar.name,
            "through": self.schedule_through.isoformat(),
            "year": self.schedule_through.year + 1,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "calendar": self.calendar.code,
            "schedule_through": self.schedule_through,
            "needed_through": self.needed_through,
            "message": self.text,
        }


def calendars_short_of_schedule(today: date | None = None) -> list[HorizonWarning]:
    """Calendars used by a current policy that follow an official schedule not loaded for
    the next ``SCHEDULE_WARNING_DAYS`` days (one query)."""
    needed = (today or timezone.localdate()) + timedelta(days=SCHEDULE_WARNING_DAYS)
    calendars = (
        BusinessCalendar.objects.filter(
            follows_official_schedule=True, targets__policy__is_current=True
        )
        .distinct()
        .order_by("code")
    )
    return [
        HorizonWarning(calendar, calendar.schedule_through, needed)
        for calendar in calendars
        if calendar.schedule_through is None or calendar.schedule_through < needed
    ]


def horizon_texts(warnings: Sequence[HorizonWarning]) -> list[str]:
    return [warning.text for warning in warnings]
