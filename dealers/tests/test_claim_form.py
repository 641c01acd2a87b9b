"""The claim form offers only the repair records that can be claimed: one rule
(``dealers.services.claim_rules.claim_problem``) for the choice list and for filing."""

from __future__ import annotations

import pytest

from dealers.models import WarrantyClaim
from dealers.tests.factories import claimable_unit, file_record, visited_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(side_a, staff):
    good = file_record(side_a, visited_ticket(side_a, staff, unit=claimable_unit(side_a["org"])))
    late_unit = claimable_unit(side_a["org"], card_after_days=30)
    late = file_record(side_a, visited_ticket(side_a, staff, unit=late_unit))
    return {"good": good, "late": late, "late_unit": late_unit}


def test_only_claimable_records_can_be_chosen_and_the_others_say_why(client, side_a, records):
    client.force_login(side_a["dealer"])

    page = client.get("/dealers/claims/new/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert f'name="records" value="{records["good"].pk}"' in page
    assert f'name="records" value="{records["late"].pk}"' not in page
    assert "1 repair record cannot be claimed" in page
    serial = records["late_unit"].serial
    assert f"The warranty card of unit {serial} was not returned on time." in page


def test_the_reason_reads_in_chinese(client, side_a, records):
    client.force_login(side_a["dealer"])
    client.cookies["django_language"] = "zh-hans"

    page = client.get("/dealers/claims/new/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "1 条维修记录不能索赔" in page


def test_posting_a_record_that_is_not_offered_is_refused_with_the_same_reason(
    client, side_a, records
):
    client.force_login(side_a["dealer"])

    response = client.post("/dealers/claims/new/", {"records": [records["late"].pk]})

    assert response.status_code == 200
    serial = records["late_unit"].serial
    assert f"The warranty card of unit {serial} was not returned on time." in (
        response.content.decode()
    )
    assert not WarrantyClaim.objects.exists()


def test_a_claimable_record_is_filed(client, side_a, records):
    client.force_login(side_a["dealer"])

    response = client.post("/dealers/claims/new/", {"records": [records["good"].pk]})

    claim = WarrantyClaim.objects.get()
    assert response["Location"] == f"/dealers/claims/{claim.pk}/"
