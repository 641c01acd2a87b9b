"""``manage.py import_china_holidays 2026``: Chinese statutory holidays and adjusted working days
(调休) of a year, from the ``chinese_calendar`` package, into a business calendar (for the
years the package covers; later years are entered by an administrator, see ``sla.schedules``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from aftersales.errors import DomainError
from sla import defaults as sla_defaults
from sla.calculus.china import china_exceptions
from sla.models import BusinessCalendar
from sla.schedules import HolidayRange, OfficialDay, OfficialSchedule, schedule_enter


class Command(BaseCommand):
    help = "Import the Chinese holidays and adjusted working days of a year into a calendar."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int)
        parser.add_argument("--calendar", default=sla_defaults.CHINA, help="calendar code")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            calendar = BusinessCalendar.objects.get(code=options["calendar"])
        except BusinessCalendar.DoesNotExist:
            raise CommandError(f"no calendar with code {options['calendar']!r}") from None
        try:
            holidays, adjusted = china_exceptions(options["year"])
        except ValueError as exc:
            raise CommandError(
                f"{exc}. Enter the year's official schedule on the calendar's schedule page, "
                "through the API, or from a CSV / .ics file instead."
            ) from None
        schedule = OfficialSchedule(
            holidays=[HolidayRange(day, day, name) for day, name in sorted(holidays.items())],
            workdays=[OfficialDay(day, "调休") for day in sorted(adjusted)],
        )
        try:
            report = schedule_enter(
                calendar=calendar,
                by=None,
                year=options["year"],
                schedule=schedule,
                source="chinese_calendar",
            )
        except DomainError as exc:
            raise CommandError(f"{exc.message}: {exc.errors}") from None
        self.stdout.write(
            f"{calendar.code} {options['year']}: {report.holidays} holidays, "
            f"{report.workdays} adjusted working days; "
            f"official schedule loaded through {report.schedule_through}"
        )
