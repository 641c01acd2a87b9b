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
