"""Shared people and helpers for the ticket tests."""

from __future__ import annotations

import pytest

from accounts.tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def people(db):
    return {
        "agent": UserFactory(username="t_agent", roles=["agent"]),
        "supervisor": UserFactory(username="t_supervisor", roles=["supervisor"]),
        "technician": UserFactory(username="t_technician", roles=["technician"]),
        "manager": UserFactory(username="t_manager", roles=["manager"]),
    }


@pytest.fixture
def dealer_a(db):
    return OrganisationFactory(code="D-A", name="甲经销商")


@pytest.fixture
def dealer_b(db):
    return OrganisationFactory(code="D-B", name="乙经销商")


@pytest.fixture
def dealer_a_user(dealer_a):
    return UserFactory(username="dealer_a", organisation=dealer_a, roles=["dealer"])


@pytest.fixture
def dealer_b_user(dealer_b):
    return UserFactory(username="dealer_b", organisation=dealer_b, roles=["dealer"])
