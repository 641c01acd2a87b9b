"""Every admin screen opens for a superuser on the demo data; rules are editable there,
service-written records are not."""

from __future__ import annotations

import io

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss(client):  # type: ignore[no-untyped-def]
    call_command("seed_demo", stdout=io.StringIO())
    user = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(user)
    return client


def test_every_list_and_detail_screen_opens(boss):
    opened = 0
    for model in admin.site._registry:
        meta = model._meta
        listing = boss.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
        assert listing.status_code == 200, meta.label
        first = model.objects.order_by("pk").first()
        if first is not None:
            detail = boss.get(
                reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
            )
            assert detail.status_code == 200, meta.label
            opened += 1
    assert opened >= 20


@pytest.mark.parametrize(
    "label",
    [
        "dealers.warrantyclaim",
        "dealers.receivableledgerentry",
        "warranty.unit",
        "sla.slapolicy",
    ],
)
def test_service_written_records_cannot_be_added_or_changed(boss, label):
    app_label, model_name = label.split(".")

    add = boss.get(reverse(f"admin:{app_label}_{model_name}_add"))

    assert add.status_code == 403


def test_a_rejection_reason_can_be_added_as_data(boss):
    from dealers.models import ClaimRejectionReason

    response = boss.post(
        reverse("admin:dealers_claimrejectionreason_add"),
        {
            "code": "water-damage",
            "name_zh": "进水损坏",
            "name_en": "Water damage",
            "rank": 9,
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    assert ClaimRejectionReason.objects.get(code="water-damage").name_en == "Water damage"


def test_staff_reach_the_admin_from_every_page_and_others_do_not_see_it(client):
    staff = UserFactory(username="clerk", is_staff=True, roles=["manager"])
    agent = UserFactory(username="desk", roles=["agent"])

    client.force_login(staff)
    assert 'data-nav="admin"' in client.get("/", follow=True).content.decode()
    client.force_login(agent)
    assert 'data-nav="admin"' not in client.get("/", follow=True).content.decode()
