from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from accounts.tokens import issue_token
from dealers.models import DealerProfile
from dealers.tests.factories import dealer_people


@pytest.fixture
def staff(db):
    return {
        "agent": UserFactory(username="d_agent", roles=["agent"]),
        "supervisor": UserFactory(username="d_supervisor", roles=["supervisor"]),
        "appraiser": UserFactory(username="d_appraiser", roles=["appraiser"]),
        "finance": UserFactory(username="d_finance", roles=["finance"]),
        "manager": UserFactory(username="d_manager", roles=["manager"]),
    }


@pytest.fixture
def side_a(db):
    side = dealer_people("DA")
    DealerProfile.objects.create(organisation=side["org"], labour_rate="40.00", travel_rate="1.50")
    return side


@pytest.fixture
def side_b(db):
    side = dealer_people("DB")
    DealerProfile.objects.create(organisation=side["org"], labour_rate="35.00", travel_rate="1.20")
    return side


@pytest.fixture
def api_for():
    def make(user) -> APIClient:  # type: ignore[no-untyped-def]
        client = APIClient()
        _auth_token, token = issue_token(user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return make
