from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def dealer_a():
    return OrganisationFactory(code="D-A", name="经销商甲")


@pytest.fixture
def dealer_b():
    return OrganisationFactory(code="D-B", name="经销商乙")


@pytest.fixture
def agent():
    return UserFactory(roles=["agent"], email="agent@example.com")


@pytest.fixture
def dealer_user(dealer_a):
    return UserFactory(organisation=dealer_a, roles=["dealer"], email="a@dealer.example.com")


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return as_user
