from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from accounts.tests.factories import OrganisationFactory, UserFactory
from tickets.tests.factories import CustomerFactory
from warranty.models import (
    ComponentPeriod,
    ExclusionReason,
    MaintenanceContract,
    ProductModel,
    Unit,
    WarrantyCard,
)


class ProductModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductModel
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"M-{n:04d}")
    name_zh = factory.Sequence(lambda n: f"型号{n}")
    name_en = factory.Sequence(lambda n: f"Model {n}")
    category = ProductModel.Category.APPLIANCE
    quality_months = 12
    maintenance_months = 24
    labour_rate_cap = Decimal("10.00")

    @factory.post_generation
    def exclusions(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create:
            codes = extracted if extracted is not None else None
            reasons = ExclusionReason.objects.all()
            if codes is not None:
                reasons = reasons.filter(code__in=codes)
            self.exclusions.set(reasons)


def solar_lamp() -> ProductModel:
    """The solar street lamp of docs/DOMAIN.md: panel and light source 30 years, battery 5 years."""
    model = ProductModelFactory(
        code="SL-TEST", quality_months=24, maintenance_months=12, start_basis="acceptance"
    )
    for code, zh, en, months in (
        ("panel", "电池板", "Panel", 360),
        ("light_source", "光源", "Light source", 360),
        ("battery", "蓄电池", "Battery", 60),
    ):
        ComponentPeriod.objects.get_or_create(  # type: ignore[misc]
            product_model=model,
            code=code,
            defaults={"name_zh": zh, "name_en": en, "quality_months": months},
        )
    return model  # type: ignore[return-value]


class DealerFactory(OrganisationFactory):
    pass


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    serial = factory.Sequence(lambda n: f"SN-T-{n:06d}")
    product_model = factory.SubFactory(ProductModelFactory)
    customer = factory.SubFactory(CustomerFactory)
    selling_dealer = factory.SubFactory(DealerFactory)
    sale_date = date(2024, 3, 15)


class CardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WarrantyCard

    unit = factory.SubFactory(UnitFactory)
    dealer = factory.LazyAttribute(lambda o: o.unit.selling_dealer)
    customer_name = "王秀英"
    customer_phone = "13801234567"
    filed_on = factory.LazyAttribute(lambda o: o.unit.sale_date)


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MaintenanceContract
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"MC-T-{n:04d}")
    customer = factory.SubFactory(CustomerFactory)
    start = date(2025, 1, 1)
    end = date(2025, 12, 31)
    visits_per_year = 2
    price = Decimal("1200.00")
    owner = factory.SubFactory(UserFactory, roles=["agent"])

    @factory.post_generation
    def units(self, create: bool, extracted: list[Unit] | None, **kwargs: object) -> None:
        if create and extracted:
            self.units.set(extracted)
