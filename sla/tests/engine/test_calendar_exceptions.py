"""Calendar exceptions are written by one service: an audit event with a stable code, the
calendar cache told at once; and a date may have its own working windows (a half day, an
extended day), which the "why due then" names."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation
from rest_framework.test import APIClient

from sla.calculus import add_business_seconds
from sla.calendars import calendar_spec
from sla.events import CalendarEventCode
from sla.models import BusinessCalendar, CalendarEvent
from sla.tests.engine.conftest import local, new_ticket

pytestmark = pytest.mark.django_db

URL = "/api/v1/calendars/china_working_hours/exceptions/"


@pytest.fixture
def china():
    return BusinessCalendar.objects.get(code="china_working_hours")


@pytest.fixture
def api(people):
    client = APIClient()
    client.force_authenticate(people["manager"])
    return client


def test_setting_an_exception_records_an_event_and_changes_the_calendar_at_once(api, people, china):
    assert calendar_spec(china).is_open(local(2025, 3, 5, 9, 0)) is True  # cached now

    response = api.post(URL, {"date": "2025-03-05", "kind": "holiday", "name": "年会"})

    assert response.status_code == 201
    china.refresh_from_db()
    assert calendar_spec(china).is_open(local(2025, 3, 5, 9, 0)) is False
    event = CalendarEvent.objects.get(calendar=china)
    assert (event.code, event.actor) == (CalendarEventCode.EXCEPTION_SET, people["manager"])
    assert event.payload == {"date": "2025-03-05", "kind": "holiday", "name": "年会", "windows": ""}


def test_deleting_an_exception_records_an_event(api, china):
    api.post(URL, {"date": "2025-03-05", "kind": "holiday", "name": "年会"})

    assert api.delete(URL + "2025-03-05/").status_code == 204
    assert api.delete(URL + "2025-03-05/").status_code == 404

    china.refresh_from_db()
    assert calendar_spec(china).is_open(local(2025, 3, 5, 9, 0)) is True
    codes = list(CalendarEvent.objects.order_by("id").values_list("code", flat=True))
    assert codes == [CalendarEventCode.EXCEPTION_SET, CalendarEventCode.EXCEPTION_DELETED]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"date": "2025-03-05", "kind": "hours"}, "windows"),
        ({"date": "2025-03-05", "kind": "hours", "windows": "12:00-08:30"}, "windows"),
        ({"date": "2025-03-05", "kind": "hours", "windows": "8h-12h"}, "windows"),
        ({"date": "2025-03-05", "kind": "holiday", "windows": "08:30-12:00"}, "windows"),
        ({"date": "2025-02-30", "kind": "holiday"}, "date"),
    ],
)
def test_bad_exceptions_are_refused_with_field_messages(api, body, field):
    response = api.post(URL, body)

    assert response.status_code == 400
    assert field in response.json()
    assert not CalendarEvent.objects.exists()


def test_a_half_day_closes_the_afternoon_and_the_explanation_names_it(api, people, china):
    # Wednesday 5 March 2025 is a half day: 08:30–12:00 only
    api.post(URL, {"date": "2025-03-05", "kind": "hours", "name": "半天", "windows": "08:30-12:00"})
    china.refresh_from_db()
    spec = calendar_spec(china)

    due = add_business_seconds(spec, local(2025, 3, 5, 11, 0), 2 * 3600)

    assert due == local(2025, 3, 6, 9, 30)  # 1 h on the half day, then Thursday 08:30–09:30
    import time_machine

    with time_machine.travel(local(2025, 3, 5, 11, 0), tick=False):
        ticket = new_ticket(people, region="urban")  # on site: 6 working hours
        template = Template("{% load sla %}{% sla_panel ticket %}")
        with translation.override("en"):
            english = template.render(Context({"ticket": ticket}))
        with translation.override("zh-hans"):
            chinese = template.render(Context({"ticket": ticket}))
    assert (
        "Closed 2025-03-05 12:00–24:00 (own working hours of the day: 半天, open 08:30–12:00)"
        in english
    )
    assert "半天" in chinese
    assert "当日工作时间" in chinese


def test_an_extended_day_counts_into_the_evening(api, china):
    api.post(
        URL,
        {
            "date": "2025-03-05",
            "kind": "hours",
            "name": "节前加班",
            "windows": "08:30-12:00 13:30-20:00",
        },
    )
    china.refresh_from_db()

    due = add_business_seconds(calendar_spec(china), local(2025, 3, 5, 17, 0), 2 * 3600)

    assert due == local(2025, 3, 5, 19, 0)


def test_an_adjusted_working_day_may_have_its_own_windows(api, china):
    # Saturday 8 March 2025 worked in the morning only
    api.post(
        URL,
        {
            "date": "2025-03-08",
            "kind": "adjusted_workday",
            "name": "调休",
            "windows": "08:30-12:00",
        },
    )
    china.refresh_from_db()
    spec = calendar_spec(china)

    assert spec.is_open(local(2025, 3, 8, 9, 0)) is True
    assert spec.is_open(local(2025, 3, 8, 14, 0)) is False


def test_admin_edits_go_through_the_service(client, china):
    from accounts.tests.factories import UserFactory

    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    calendar_spec(china)  # cached

    response = client.post(
        "/admin/sla/calendarexception/add/",
        {
            "calendar": china.pk,
            "date": "2025-03-05",
            "kind": "hours",
            "name": "半天",
            "windows": "08:30-12:00",
        },
    )

    assert response.status_code == 302
    china.refresh_from_db()
    assert calendar_spec(china).is_open(local(2025, 3, 5, 14, 0)) is False
    event = CalendarEvent.objects.get()
    assert (event.code, event.actor) == (CalendarEventCode.EXCEPTION_SET, admin_user)
    row = china.exceptions.get(date="2025-03-05")
    assert (
        client.post(f"/admin/sla/calendarexception/{row.pk}/delete/", {"post": "yes"}).status_code
        == 302
    )
    assert CalendarEvent.objects.filter(code=CalendarEventCode.EXCEPTION_DELETED).count() == 1


def test_exceptions_added_inline_on_the_calendar_go_through_the_service(client):
    from accounts.tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    always = BusinessCalendar.objects.get(code="24x7")
    windows = list(always.windows.all())
    data = {
        "code": always.code,
        "name_zh": always.name_zh,
        "name_en": always.name_en,
        "tz": always.tz,
        "adjusted_workday_weekday": "0",
        "schedule_through": "",
        "windows-TOTAL_FORMS": str(len(windows)),
        "windows-INITIAL_FORMS": str(len(windows)),
        "exceptions-TOTAL_FORMS": "1",
        "exceptions-INITIAL_FORMS": "0",
        "exceptions-0-date": "2025-03-05",
        "exceptions-0-kind": "holiday",
        "exceptions-0-name": "停电",
        "exceptions-0-windows": "",
    }
    for n, window in enumerate(windows):
        data[f"windows-{n}-id"] = str(window.pk)
        data[f"windows-{n}-calendar"] = str(always.pk)
        data[f"windows-{n}-weekday"] = str(window.weekday)
        data[f"windows-{n}-start"] = f"{window.start:%H:%M}"
        data[f"windows-{n}-end"] = f"{window.end:%H:%M}"

    response = client.post(f"/admin/sla/businesscalendar/{always.pk}/change/", data)

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert always.exceptions.get().name == "停电"
    assert CalendarEvent.objects.get().code == CalendarEventCode.EXCEPTION_SET
