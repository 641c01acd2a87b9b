from __future__ import annotations

import factory

from tickets.models import Customer, FaultSeverity, RegionClass


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    name = factory.Sequence(lambda n: f"客户{n}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    address = "上海市黄浦区人民大道 200 号"
    region_class = factory.LazyFunction(lambda: RegionClass.objects.get(code="urban"))


def severity(code: str = "minor") -> FaultSeverity:
    return FaultSeverity.objects.get(code=code)


def make_ticket(*, by=None, customer=None, **fields):  # type: ignore[no-untyped-def]
    """A ticket registered through the intake service (so it has its first event)."""
    from accounts.tests.factories import UserFactory
    from tickets.services import ticket_create

    fields.setdefault("fault_description", "空调不制冷")
    fields.setdefault("severity", severity())
    return ticket_create(
        by=by or UserFactory(roles=["agent"]), customer=customer or CustomerFactory(), **fields
    )
