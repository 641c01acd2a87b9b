"""Reading a year's official schedule from a file an administrator uploads.

CSV (UTF-8, a header line first)::

    start,end,kind,name
    2027-01-01,2027-01-03,holiday,元旦
    2027-02-06,2027-02-13,holiday,春节
    2027-02-14,,workday,春节调休

``end`` may be empty (one day); ``kind`` is ``holiday`` / ``休`` or ``workday`` /
``adjusted_workday`` / ``班``. iCalendar (.ics): every all-day ``VEVENT`` is a range from
``DTSTART`` to the day before ``DTEND`` (``DTEND`` is exclusive, as the format says); it is an
adjusted working day when its ``SUMMARY`` or ``CATEGORIES`` says so (``班``, ``补班``, ``上班``,
``workday``), a holiday otherwise — the convention of the published Chinese holiday feeds.
A "(休)" / "（班）" marker is dropped from the name.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

from django.utils.translation import gettext as _

from sla.schedules import HolidayRange, OfficialDay, OfficialSchedule

MAX_FILE_BYTES = 256 * 1024
_HOLIDAY_WORDS = {"holiday", "休", "假", "closed"}
_WORKDAY_WORDS = {"workday", "adjusted_workday", "班", "补班", "上班", "open"}
_WORKDAY_MARKERS = ("班", "workday", "working day")
_MARKER = re.compile(r"\s*[（(](休|班|假)[）)]\s*$")
_ICS_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})")


class ScheduleFileError(ValueError):
    """The file cannot be read; the message says where (translated)."""


def read_schedule_file(filename: str, content: bytes) -> OfficialSchedule:
    if len(content) > MAX_FILE_BYTES:
        raise ScheduleFileError(_("The file is larger than 256 KB."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScheduleFileError(_("The file is not UTF-8 text.")) from None
    if filename.lower().endswith(".ics") or text.lstrip().startswith("BEGIN:VCALENDAR"):
        return read_ics(text)
    return read_csv(text)


def _date(text: str, line: int) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ScheduleFileError(
            _("Line %(line)d: “%(text)s” is not a date like 2027-01-01.")
            % {"line": line, "text": text.strip()[:40]}
        ) from None


def read_csv(text: str) -> OfficialSchedule:
    schedule = OfficialSchedule()
    reader = csv.DictReader(io.StringIO(text))
    columns = {name.strip().lower() for name in reader.fieldnames or []}
    if not {"start", "kind"} <= columns:
        raise ScheduleFileError(_("The first line must name the columns: start,end,kind,name."))
    for row in reader:
        line = reader.line_num
        values = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if not any(values.values()):
            continue
        start = _date(values.get("start", ""), line)
        end = _date(values["end"], line) if values.get("end") else start
        kind, name = values.get("kind", "").lower(), _MARKER.sub("", values.get("name", ""))
        if kind in _HOLIDAY_WORDS:
            schedule.holidays.append(HolidayRange(start, end, name))
        elif kind in _WORKDAY_WORDS:
            if end < start or (end - start).days > 31:
                raise ScheduleFileError(
                    _("Line %(line)d: the dates run backwards.") % {"line": line}
                )
            schedule.workdays.extend(
                OfficialDay(start + timedelta(days=n), name) for n in range((end - start).days + 1)
            )
        else:
            raise ScheduleFileError(
                _("Line %(line)d: the kind must be “holiday” or “workday”.") % {"line": line}
            )
    return schedule


def _unfolded(text: str) -> list[tuple[int, str]]:
    """Content lines with their first physical line number (RFC 5545 folding undone)."""
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] = (lines[-1][0], lines[-1][1] + raw[1:])
        elif raw.strip():
            lines.append((number, raw.rstrip()))
    return lines


def _ics_date(value: str, line: int) -> date:
    match = _ICS_DATE.match(value.strip())
    if match is None:
        raise ScheduleFileError(
            _("Line %(line)d: “%(text)s” is not a date like 20270101.")
            % {"line": line, "text": value.strip()[:40]}
        )
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return _date(value, line)


def read_ics(text: str) -> OfficialSchedule:
    schedule = OfficialSchedule()
    event: dict[str, str] | None = None
    start_line = 0
    for number, line in _unfolded(text):
        name, _sep, value = line.partition(":")
        key = name.split(";", 1)[0].upper()
        if key == "BEGIN" and value.upper() == "VEVENT":
            event, start_line = {}, number
        elif key == "END" and value.upper() == "VEVENT" and event is not None:
            _add_ics_event(schedule, event, start_line)
            event = None
        elif event is not None and key in {"DTSTART", "DTEND", "SUMMARY", "CATEGORIES"}:
            event[key] = value.replace("\\,", ",").replace("\\;", ";").strip()
    return schedule


def _add_ics_event(schedule: OfficialSchedule, event: dict[str, str], line: int) -> None:
    if "DTSTART" not in event:
        raise ScheduleFileError(_("Line %(line)d: an event without DTSTART.") % {"line": line})
    start = _ics_date(event["DTSTART"], line)
    end = _ics_date(event["DTEND"], line) - timedelta(days=1) if "DTEND" in event else start
    end = max(end, start)
    summary = event.get("SUMMARY", "")
    marks = f"{summary} {event.get('CATEGORIES', '')}".lower()
    name = _MARKER.sub("", summary)
    if (end - start).days > 31:
        raise ScheduleFileError(_("Line %(line)d: an event longer than 31 days.") % {"line": line})
    if any(marker in marks for marker in _WORKDAY_MARKERS):
        schedule.workdays.extend(
            OfficialDay(start + timedelta(days=n), name) for n in range((end - start).days + 1)
        )
    else:
        schedule.holidays.append(HolidayRange(start, end, name))
