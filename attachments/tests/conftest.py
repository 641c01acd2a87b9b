from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.models import Organisation
from accounts.tests.factories import OrganisationFactory, UserFactory
from accounts.tokens import issue_token
from tickets.tests.factories import CustomerFactory, make_ticket


@pytest.fixture(autouse=True)
def _private_folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ATTACHMENTS_ROOT = tmp_path / "attachments"
    return tmp_path


@pytest.fixture
def people(db):
    home = OrganisationFactory(code="C-HOME", name="张家", kind=Organisation.Kind.CUSTOMER)
    other_home = OrganisationFactory(code="C-OTHER", name="李家", kind=Organisation.Kind.CUSTOMER)
    dealer = OrganisationFactory(code="D-X", name="某经销商")
    return {
        "agent": UserFactory(username="a_agent", roles=["agent"]),
        "finance": UserFactory(username="a_finance", roles=["finance"]),
        "customer": UserFactory(username="a_customer", organisation=home, roles=["customer"]),
        "other_customer": UserFactory(
            username="a_other", organisation=other_home, roles=["customer"]
        ),
        "dealer": UserFactory(username="a_dealer", organisation=dealer, roles=["dealer"]),
        "home": home,
    }


@pytest.fixture
def ticket(people):
    return make_ticket(by=people["agent"], customer=CustomerFactory(account=people["home"]))


@pytest.fixture
def api_for():
    def make(user) -> APIClient:  # type: ignore[no-untyped-def]
        client = APIClient()
        _auth_token, token = issue_token(user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return make
