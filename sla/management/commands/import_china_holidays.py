"""``manage.py import_china_holidays 2026``: Chinese statutory holidays and adjusted working days
(调休) of a year, from the ``chinese_calendar`` package, into a business calendar."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from sla import defaults as sla_defaults
from sla.calendars import calendar_changed
from sla.models import BusinessCalendar, CalendarException
from sla.seed import import_china_year


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
            with transaction.atomic():
                holidays, adjusted = import_china_year(calendar, options["year"], CalendarException)
                calendar_changed(calendar)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"{calendar.code} {options['year']}: {holidays} holidays, "
            f"{adjusted} adjusted working days"
        )
