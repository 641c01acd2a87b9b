"""The China calendar's official schedule has a horizon (``chinese_calendar`` stops at
2026-12-31): it is visible, a due time past it says so, and an administrator enters the next
year's schedule (API, CSV, iCalendar) without a package release."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.template import Context, Template
from django.utils import translation
from rest_framework.test import APIClient

from sla.calculus import add_business_seconds
from sla.calendars import calendar_spec
from sla.events import CalendarEventCode
from sla.models import BusinessCalendar, CalendarEvent, CalendarException
from sla.schedules import HolidayRange, OfficialDay, OfficialSchedule, schedule_enter
from sla.tests.engine.conftest import local, new_ticket
from sla.tests.engine.schedule_files import CSV_2027, ICS_2027

pytestmark = pytest.mark.django_db

SCHEDULE_URL = "/api/v1/calendars/china_working_hours/schedule/"

# Test data shaped like a State Council notice (not the real 2027 one).
SCHEDULE_2027 = {
    "year": 2027,
    "holidays": [
        {"start": "2027-01-01", "end": "2027-01-03", "name": "元旦"},
        {"start": "2027-02-06", "end": "2027-02-13", "name": "春节"},
        {"start": "2027-10-01", "end": "2027-10-07", "name": "国庆节"},
    ],
    "workdays": [{"date": "2027-02-14", "name": "春节调休"}, {"date": "2027-10-09"}],
}


@pytest.fixture
def china():
    return BusinessCalendar.objects.get(code="china_working_hours")


@pytest.fixture
def december():
    with time_machine.travel(local(2026, 12, 3, 10, 0), tick=False) as traveller:
        yield traveller


def test_seeded_calendar_is_loaded_through_the_end_of_2026(china):
    assert china.follows_official_schedule is True
    assert china.schedule_through == date(2026, 12, 31)
    assert BusinessCalendar.objects.get(code="24x7").follows_official_schedule is False


def test_new_years_eve_plus_one_hour_is_flagged_without_a_2027_schedule(china):
    spec = calendar_spec(china)

    due = add_business_seconds(spec, local(2026, 12, 31, 17, 0), 3600)

    # Weekly windows alone: Friday 1 January 2027 (New Year's Day), and it says it may be wrong
    assert due == local(2027, 1, 1, 9, 0)
    assert spec.known_at(due) is False
    assert spec.known_at(local(2026, 12, 31, 17, 0)) is True


def test_with_the_2027_schedule_entered_it_lands_after_the_new_year_holiday(people, china):
    api = APIClient()
    api.force_authenticate(people["manager"])

    response = api.post(SCHEDULE_URL, SCHEDULE_2027, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["schedule_through"] == "2027-12-31"
    assert response.json()["holidays"] == 3 + 8 + 7
    china.refresh_from_db()
    spec = calendar_spec(china)
    due = add_business_seconds(spec, local(2026, 12, 31, 17, 0), 3600)
    assert due == local(2027, 1, 4, 9, 0)  # 17:00–17:30, then Monday 08:30–09:00
    assert spec.known_at(due) is True
    assert spec.is_open(local(2027, 2, 14, 9, 0)) is True  # Sunday, worked (调休)
    event = CalendarEvent.objects.get(calendar=china)
    assert event.code == CalendarEventCode.SCHEDULE_ENTERED
    assert event.actor == people["manager"]
    assert event.payload["year"] == 2027


def test_ticket_page_and_api_say_the_due_time_is_past_the_horizon(people, china):
    with time_machine.travel(local(2026, 12, 31, 13, 30), tick=False):
        ticket = new_ticket(people, region="urban")  # on site: 6 working hours, China calendar
        template = Template("{% load sla %}{% sla_panel ticket %}")
        with translation.override("en"):
            english = template.render(Context({"ticket": ticket}))
        with translation.override("zh-hans"):
            chinese = template.render(Context({"ticket": ticket}))
        api = APIClient()
        api.force_authenticate(people["supervisor"])
        body = api.get(f"/api/v1/tickets/{ticket.number}/sla/").json()

    on_site = next(c for c in body["clocks"] if c["metric"] == "on_site")
    assert on_site["due_past_horizon"] is True
    assert on_site["schedule_loaded_through"] == "2026-12-31"
    assert "2026-12-31" in on_site["horizon_warning"]
    assert "Provisional: this due time falls after 2026-12-31" in english
    assert "暂定" in chinese
    dispatch_like = [c for c in body["clocks"] if c["calendar"] != on_site["calendar"]]
    assert all(c["due_past_horizon"] is False for c in dispatch_like)


def test_entering_the_schedule_moves_the_stored_due_time_of_open_tickets(people, china):
    with time_machine.travel(local(2026, 12, 31, 13, 30), tick=False):
        ticket = new_ticket(people, region="urban")
        clock = ticket.sla_clocks.get(metric="on_site")
        assert clock.due_at == local(2027, 1, 1, 10, 30)

        schedule_enter(
            calendar=china,
            by=people["manager"],
            year=2027,
            schedule=OfficialSchedule([HolidayRange(date(2027, 1, 1), date(2027, 1, 3), "元旦")]),
        )
        from sla.tasks import calendar_remeasure

        calendar_remeasure(china.pk)

    clock.refresh_from_db()
    assert clock.due_at == local(2027, 1, 4, 10, 30)


@pytest.mark.parametrize(("filename", "content"), [("2027.ics", ICS_2027), ("2027.csv", CSV_2027)])
def test_schedule_is_imported_from_an_ics_or_csv_file(people, china, filename, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    api = APIClient()
    api.force_authenticate(people["manager"])
    upload = SimpleUploadedFile(filename, content.encode(), content_type="text/plain")

    response = api.post(SCHEDULE_URL, {"year": "2027", "file": upload}, format="multipart")

    assert response.status_code == 201, response.json()
    rows = {r.date: (r.kind, r.name) for r in china.exceptions.filter(date__year=2027)}
    assert rows[date(2027, 1, 1)] == ("holiday", "元旦")
    assert rows[date(2027, 2, 13)] == ("holiday", "春节")
    assert rows[date(2027, 2, 14)][0] == "adjusted_workday"
    assert date(2027, 1, 4) not in rows
    china.refresh_from_db()
    assert china.schedule_through == date(2027, 12, 31)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"year": 2027, "holidays": [{"start": "2028-01-01", "name": "x"}]}, "holidays"),
        ({"year": 2027, "holidays": [{"start": "2027-02-13", "end": "2027-02-06"}]}, "holidays"),
        ({"year": 2027, "workdays": [{"date": "2027-02-15"}]}, "workdays"),  # a Monday
        ({"year": 2027}, "holidays"),
        ({"year": 1800}, "year"),
    ],
)
def test_bad_schedules_are_refused_with_field_messages_and_write_nothing(
    people, china, body, field
):
    api = APIClient()
    api.force_authenticate(people["manager"])
    before = CalendarException.objects.filter(calendar=china).count()

    response = api.post(SCHEDULE_URL, body, format="json")

    assert response.status_code == 400
    assert field in str(response.json())
    assert CalendarException.objects.filter(calendar=china).count() == before
    china.refresh_from_db()
    assert china.schedule_through == date(2026, 12, 31)
    assert not CalendarEvent.objects.exists()


def test_a_broken_file_is_a_400_on_the_file_field(people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    api = APIClient()
    api.force_authenticate(people["manager"])
    upload = SimpleUploadedFile("x.csv", b"start,end,kind,name\n2027-13-01,,holiday,x\n")

    response = api.post(SCHEDULE_URL, {"year": 2027, "file": upload}, format="multipart")

    assert response.status_code == 400
    assert "Line 2" in response.json()["file"][0]


def test_only_managers_enter_a_schedule(people):
    api = APIClient()
    api.force_authenticate(people["supervisor"])

    assert api.post(SCHEDULE_URL, SCHEDULE_2027, format="json").status_code == 403
    assert api.get(SCHEDULE_URL).json()["schedule_through"] == "2026-12-31"


def test_a_later_year_before_the_one_in_between_keeps_the_horizon(people, china):
    schedule_enter(
        calendar=china,
        by=people["manager"],
        year=2028,
        schedule=OfficialSchedule([HolidayRange(date(2028, 1, 1), date(2028, 1, 1), "元旦")]),
    )

    china.refresh_from_db()
    assert china.schedule_through == date(2026, 12, 31)


def test_healthz_warns_60_days_ahead(client, people, china, december):
    body = client.get("/healthz").json()

    assert body["status"] == "ok"
    assert body["calendars"]["ok"] is False
    assert body["calendars"]["warnings"][0]["calendar"] == "china_working_hours"
    assert "2026-12-31" in body["warnings"][0]

    schedule_enter(
        calendar=china,
        by=people["manager"],
        year=2027,
        schedule=OfficialSchedule(
            [HolidayRange(date(2027, 1, 1), date(2027, 1, 3), "元旦")],
            [OfficialDay(date(2027, 2, 14), "春节调休")],
        ),
    )
    body = client.get("/healthz").json()
    assert body["calendars"] == {"ok": True, "warnings": []}
    assert body["warnings"] == []


def test_healthz_is_quiet_when_the_calendar_is_loaded_far_enough(client, december):
    with time_machine.travel(local(2026, 10, 1, 10, 0), tick=False):
        body = client.get("/healthz").json()

    assert body["calendars"]["ok"] is True


def test_admin_warns_about_the_horizon(client, december):
    from accounts.tests.factories import UserFactory

    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)

    with translation.override("en"):
        page = client.get("/admin/sla/businesscalendar/", HTTP_ACCEPT_LANGUAGE="en")

    assert "loaded through 2026-12-31 only" in page.content.decode()
