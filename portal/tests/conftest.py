"""Two customer accounts, each with their own customer record and unit, and service staff."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Organisation
from accounts.tests.factories import OrganisationFactory, UserFactory
from tickets.tests.factories import CustomerFactory
from warranty.tests.factories import UnitFactory, solar_lamp


@pytest.fixture(autouse=True)
def _private_folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ATTACHMENTS_ROOT = tmp_path / "attachments"


@pytest.fixture
def staff(db):
    return {
        "agent": UserFactory(username="p_agent", roles=["agent"]),
        "supervisor": UserFactory(username="p_supervisor", roles=["supervisor"]),
        "technician": UserFactory(
            username="p_technician", roles=["technician"], last_name="李", first_name="师傅"
        ),
    }


def _customer(code: str, username: str, email: str, serial: str, language: str = "zh-hans"):  # type: ignore[no-untyped-def]
    account = OrganisationFactory(code=code, name=f"客户 {code}", kind=Organisation.Kind.CUSTOMER)
    user = UserFactory(username=username, organisation=account, roles=["customer"], email=email)
    record = CustomerFactory(account=account, email=email, language=language)
    unit = UnitFactory(
        serial=serial,
        customer=record,
        product_model=solar_lamp(),
        sale_date=timezone.localdate() - timedelta(days=60),
    )
    return user, record, unit


@pytest.fixture
def wang(db):
    return _customer("C-P1", "wang", "wang@example.com", "SN-P-1")


@pytest.fixture
def lin(db):
    return _customer("C-P2", "lin", "lin@example.com", "SN-P-2", language="en")
