"""The inbox page, the bell on every page, and the notifications API: mine only."""

from __future__ import annotations

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return UserFactory(roles=["supervisor"])


def _payload():
    return {"number": "2503-000001", "metric": "dispatch", "due_at": "2025-03-03T03:00:00+00:00"}


def test_text_is_rendered_in_both_languages():
    note = Notification(code="sla.breached", payload=_payload())

    with translation.override("en"):
        english = note.text
    with translation.override("zh-hans"):
        chinese = note.text

    assert (
        english
        == "Ticket 2503-000001: Dispatch arrangement missed its target (due 2025-03-03 11:00)."
    )
    assert "派工安排" in chinese
    assert "2503-000001" in chinese


def test_bell_shows_the_unread_count(client, alice):
    notify([alice], "sla.breached", payload=_payload(), email=False)
    notify([alice], "sla.warning", payload=_payload(), email=False)
    client.force_login(alice)

    page = client.get("/notifications/").content.decode()

    assert 'data-unread="2"' in page
    assert '<span class="count">2</span>' in page


def test_mark_read_and_mark_all_read(client, alice):
    (first,) = notify([alice], "sla.warning", payload=_payload(), email=False)
    notify([alice], "sla.breached", payload=_payload(), email=False)
    client.force_login(alice)

    client.post(f"/notifications/{first.pk}/read/")
    assert Notification.objects.filter(recipient=alice, read_at__isnull=True).count() == 1

    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(recipient=alice, read_at__isnull=True).exists()


def test_someone_elses_notification_cannot_be_marked(client, alice):
    (other,) = notify([UserFactory()], "sla.warning", payload=_payload(), email=False)
    client.force_login(alice)

    client.post(f"/notifications/{other.pk}/read/")

    other.refresh_from_db()
    assert other.read_at is None


def test_api_lists_mine_and_marks_read(alice):
    (mine,) = notify([alice], "sla.breached", payload=_payload(), email=False)
    notify([UserFactory()], "sla.breached", payload=_payload(), email=False)
    api = APIClient()
    api.force_authenticate(alice)

    listed = api.get("/api/v1/notifications/").json()
    assert [n["id"] for n in listed["results"]] == [mine.pk]
    assert listed["results"][0]["text"].startswith("Ticket 2503-000001")

    assert api.post(f"/api/v1/notifications/{mine.pk}/read/").json() == {"marked": 1, "unread": 0}
    others = Notification.objects.exclude(recipient=alice).get()
    assert api.post(f"/api/v1/notifications/{others.pk}/read/").status_code == 404
    assert api.post("/api/v1/notifications/read-all/").status_code == 200
