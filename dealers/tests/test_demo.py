"""The demo data: every dealer page renders for the demo logins, and the settled quarter's
notice adds up."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import Sum

from accounts.models import User
from dealers.models import SettlementStatement, TechnicianCertificate, WarrantyClaim

pytestmark = pytest.mark.django_db

PAGES = {
    "dealer": [
        "/dealers/",
        "/dealers/records/",
        "/dealers/claims/",
        "/dealers/claims/new/",
        "/dealers/shipments/",
        "/dealers/statements/",
        "/dealers/assessment/",
        "/dealers/technicians/",
    ],
    "appraiser": [
        "/dealers/appraisal/",
        "/dealers/records/",
        "/dealers/claims/",
        "/dealers/shipments/",
    ],
    "finance": ["/dealers/finance/", "/dealers/claims/", "/dealers/statements/"],
    "manager": [
        "/dealers/claims/",
        "/dealers/statements/",
        "/dealers/assessment/",
        "/dealers/shipments/",
        "/dealers/technicians/",
    ],
}


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def test_demo_dealer_technicians_are_certified_and_claims_cover_the_states(demo):
    assert set(TechnicianCertificate.objects.values_list("technician__username", flat=True)) == {
        "dealer_tech",
        "dealer2_tech",
        "dealer3_tech",
    }
    states = set(WarrantyClaim.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "appraised", "reviewed", "settled", "rejected"} <= states
    statement = SettlementStatement.objects.get()
    assert statement.total == statement.claims.aggregate(t=Sum("approved_total"))["t"]


def test_every_dealer_page_renders_with_the_demo_data(client, demo):
    # one seeding for all pages: the demo takes seconds to load
    for username, pages in PAGES.items():
        client.force_login(User.objects.get(username=username))
        for url in pages:
            assert client.get(url).status_code == 200, (username, url)
    client.force_login(User.objects.get(username="manager"))
    for claim in WarrantyClaim.objects.all():
        assert client.get(f"/dealers/claims/{claim.pk}/").status_code == 200
    statement = SettlementStatement.objects.get()
    client.force_login(User.objects.get(username="dealer"))
    assert client.get(f"/dealers/statements/{statement.pk}/").status_code == 200
    assert client.get(f"/dealers/statements/{statement.pk}/notice.xlsx").status_code == 200
