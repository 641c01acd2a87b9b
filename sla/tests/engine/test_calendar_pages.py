"""Managers see each calendar's horizon and enter a year's official schedule on a page:
typed in, or a CSV / iCalendar file; bad lines are form errors and nothing is written."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from sla.models import BusinessCalendar, CalendarEvent
from sla.tests.engine.conftest import local
from sla.tests.engine.schedule_files import ICS_2027

pytestmark = pytest.mark.django_db

PAGE = "/sla/calendars/china_working_hours/schedule/"


@pytest.fixture(autouse=True)
def december():
    with time_machine.travel(local(2026, 12, 3, 10, 0), tick=False):
        yield


@pytest.fixture
def manager(client, people):
    client.force_login(people["manager"])
    return client


def test_calendar_list_shows_the_horizon_and_warns(manager):
    english = manager.get("/sla/calendars/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = manager.get("/sla/calendars/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert 'data-horizon-warning="china_working_hours"' in english
    assert "2026-12-31" in english
    assert "只录入到 2026-12-31" in chinese
    assert "录入某年的官方放假安排" in chinese


def test_overview_warns_managers_about_the_horizon(manager):
    page = manager.get("/sla/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'data-horizon-warning="china_working_hours"' in page


def test_entering_2027_on_the_page_moves_the_horizon(manager):
    response = manager.post(
        PAGE,
        {
            "year": "2027",
            "holidays": (
                "2027-01-01 2027-01-03 元旦\n2027-02-06 – 2027-02-13 春节\n2027-04-05 清明节"
            ),
            "workdays": "2027-02-14 春节调休\n",
        },
    )

    assert response.status_code == 302
    china = BusinessCalendar.objects.get(code="china_working_hours")
    assert china.schedule_through == date(2027, 12, 31)
    rows = {r.date: r.kind for r in china.exceptions.filter(date__year=2027)}
    assert rows[date(2027, 2, 10)] == "holiday"
    assert rows[date(2027, 4, 5)] == "holiday"
    assert rows[date(2027, 2, 14)] == "adjusted_workday"
    assert CalendarEvent.objects.get().payload["source"] == "form"
    page = manager.get(PAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "loaded through 2027-12-31" in page
    assert "data-horizon-warning" not in page


def test_a_bad_line_is_a_form_error_and_nothing_is_written(manager):
    response = manager.post(
        PAGE,
        {"year": "2027", "holidays": "2027-01-01 2027-01-03 元旦\nNew Year", "workdays": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert "Line 2" in response.content.decode()
    assert not CalendarEvent.objects.exists()


def test_a_weekday_as_adjusted_working_day_is_refused_on_its_field(manager):
    response = manager.post(
        PAGE,
        {"year": "2027", "holidays": "2027-01-01 元旦", "workdays": "2027-02-15"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert "a weekday is a working day anyway" in response.content.decode()


def test_an_ics_file_is_imported_from_the_page(manager):
    upload = SimpleUploadedFile("2027.ics", ICS_2027.encode())

    response = manager.post(PAGE, {"year": "2027", "holidays": "", "workdays": "", "file": upload})

    assert response.status_code == 302
    china = BusinessCalendar.objects.get(code="china_working_hours")
    assert china.exceptions.filter(date=date(2027, 2, 14), kind="adjusted_workday").exists()


def test_the_pages_are_for_managers(client, people):
    client.force_login(people["supervisor"])

    assert client.get("/sla/calendars/").status_code == 403
    assert client.post(PAGE, {"year": "2027", "holidays": "2027-01-01"}).status_code == 403
