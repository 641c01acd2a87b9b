"""A dealer's staff never see another organisation's rows; service staff see all."""

import pytest

from accounts.models import Organisation, User
from accounts.scoping import scope_queryset
from accounts.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_dealer_sees_only_its_own_organisation_rows():
    dealer_a = OrganisationFactory(code="DA")
    dealer_b = OrganisationFactory(code="DB")
    alice = UserFactory(organisation=dealer_a, roles=["dealer"])
    UserFactory(organisation=dealer_b, roles=["dealer"])

    visible = scope_queryset(User.objects.all(), alice, organisation_field="organisation")

    assert set(visible.values_list("organisation__code", flat=True)) == {"DA"}


def test_service_department_staff_see_every_organisation():
    dealer_a = OrganisationFactory(code="DA")
    UserFactory(organisation=dealer_a, roles=["dealer"])
    agent = UserFactory(roles=["agent"])

    visible = scope_queryset(User.objects.all(), agent)

    assert visible.filter(organisation=dealer_a).exists()


def test_customer_account_sees_nothing_without_a_customer_path():
    household = OrganisationFactory(code="C1", kind=Organisation.Kind.CUSTOMER)
    customer = UserFactory(organisation=household, roles=["customer"])

    visible = scope_queryset(Organisation.objects.all(), customer, organisation_field="pk")

    assert not visible.exists()


def test_customer_account_sees_rows_on_its_customer_path():
    household = OrganisationFactory(code="C1", kind=Organisation.Kind.CUSTOMER)
    customer = UserFactory(organisation=household, roles=["customer"])

    visible = scope_queryset(Organisation.objects.all(), customer, customer_field="pk")

    assert list(visible) == [household]


def test_inactive_user_sees_nothing():
    agent = UserFactory(roles=["agent"], is_active=False)

    assert not scope_queryset(Organisation.objects.all(), agent).exists()
