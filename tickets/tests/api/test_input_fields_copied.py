"""The ticket input serializer copies its fields from prototypes built once: each request's
fields are its own, bound to its serializer and reading its context (the caller's scope)."""

from __future__ import annotations

import pytest

from accounts.tests.factories import OrganisationFactory, UserFactory
from tickets.api.serializers import TicketCreateSerializer
from tickets.selectors import customer_scope
from tickets.tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def _validate(user, data):  # type: ignore[no-untyped-def]
    serializer = TicketCreateSerializer(data=data, context={"customer_scope": customer_scope(user)})
    return serializer.is_valid(), serializer


def test_each_serializer_reads_its_own_callers_scope(people):
    dealer = UserFactory(roles=["dealer"], organisation=OrganisationFactory(kind="dealer"))
    customer = CustomerFactory()
    data = {"customer": customer.pk, "fault_description": "不制冷", "severity": "minor"}

    staff_ok, staff = _validate(people["agent"], data)
    dealer_ok, refused = _validate(dealer, data)  # sees no ticket of this customer
    again_ok, _again = _validate(people["agent"], data)

    assert staff_ok
    assert staff.validated_data["customer"] == customer
    assert not dealer_ok
    assert "customer" in refused.errors
    assert again_ok


def test_fields_are_not_shared_between_serializers():
    first = TicketCreateSerializer(data={}).fields
    second = TicketCreateSerializer(data={}).fields

    assert first["severity"] is not second["severity"]
    assert first["severity"].parent is not second["severity"].parent
    assert set(first) == set(second)


def test_a_bad_value_gets_the_same_field_messages_as_before(people):
    ok, serializer = _validate(
        people["agent"],
        {"customer": "x", "fault_description": "", "severity": "nope", "kind": "??"},
    )

    assert not ok
    assert set(serializer.errors) == {"customer", "fault_description", "severity", "kind"}
    assert "nope" in str(serializer.errors["severity"][0])
