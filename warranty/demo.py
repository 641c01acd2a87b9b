"""Demo warranty data: product models of the seeds' industries, a few hundred units sold by
the demo dealers over five years, cards on time / late / missing, and a few contracts.

Deterministic (fixed random seed, dates relative to a fixed day) and idempotent: rows are
keyed by code, serial and contract number and created only when missing.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from tickets.models import Customer, RegionClass
from warranty.entitlement import add_months
from warranty.models import (
    ComponentPeriod,
    ExclusionReason,
    MaintenanceContract,
    ProductModel,
    Unit,
    WarrantyCard,
)
from warranty.services.contracts import contract_generate_visits

UNITS_PER_MODEL = 75

MODELS = [
    # code, zh, en, category, quality, maintenance, basis, parts, cap, components
    (
        "KFR-35GW",
        "分体挂壁式空调 KFR-35GW",
        "Split wall air conditioner KFR-35GW",
        "appliance",
        12,
        60,
        "sale",
        "cost",
        Decimal("10.00"),
        [],
    ),
    (
        "EV-A5",
        "纯电动轿车 A5",
        "Electric car A5",
        "vehicle",
        36,
        24,
        "sale",
        "list",
        None,
        [("battery_pack", "动力电池包", "Traction battery pack", 96)],
    ),
    (
        "PR-9000",
        "存折打印机 PR-9000",
        "Passbook printer PR-9000",
        "office",
        12,
        24,
        "acceptance",
        "cost",
        Decimal("10.00"),
        [("print_head", "打印头", "Print head", 6)],
    ),
    (
        "SL-60W",
        "太阳能路灯 SL-60W",
        "Solar street lamp SL-60W",
        "lighting",
        24,
        12,
        "acceptance",
        "cost",
        Decimal("10.00"),
        [
            ("panel", "太阳能电池板", "Solar panel", 360),
            ("light_source", "光源", "Light source", 360),
            ("battery", "蓄电池", "Battery", 60),
        ],
    ),
]

CUSTOMERS = [
    ("王秀英", "13801234567", "上海市静安区南京西路 1266 号 12 楼", "C-0001"),
    ("上海申江物业管理有限公司", "13917654321", "上海市闵行区莘庄镇都市路 3000 号", "C-0002"),
    ("张建华", "13611112222", "上海市徐汇区田林路 88 弄 5 号", None),
    ("李梅", "13722223333", "上海市嘉定区安亭镇昌吉路 18 号", None),
    ("陈志强", "13533334444", "浙江省杭州市西湖区文三路 200 号", None),
    ("杭州钱江农村商业银行", "0571-88001234", "浙江省杭州市上城区解放路 100 号", None),
    ("上海浦东市政工程公司", "021-58881234", "上海市浦东新区世纪大道 1500 号", None),
    ("赵丽", "13844445555", "上海市普陀区曹杨路 500 号", None),
]

DEALERS = ["D-SH01", "D-SH02", "D-ZJ01"]

CONTRACTS = [
    # number, customer index, model code, unit count, start offset days, months, visits, price
    ("MC-2025-0001", 5, "PR-9000", 4, -300, 12, 2, Decimal("12000.00")),
    ("MC-2025-0002", 6, "SL-60W", 6, -340, 12, 4, Decimal("36000.00")),
    ("MC-2024-0003", 1, "KFR-35GW", 3, -700, 12, 2, Decimal("2400.00")),
]


def _models() -> dict[str, ProductModel]:
    exclusions = list(ExclusionReason.objects.all())
    out = {}
    for code, zh, en, category, quality, maint, basis, parts, cap, components in MODELS:
        model, created = ProductModel.objects.get_or_create(
            code=code,
            defaults={
                "name_zh": zh,
                "name_en": en,
                "category": category,
                "quality_months": quality,
                "maintenance_months": maint,
                "start_basis": basis,
                "parts_pricing_after_warranty": parts,
                "labour_rate_cap": cap,
            },
        )
        if created:
            model.exclusions.set(exclusions)
            ComponentPeriod.objects.bulk_create(
                [
                    ComponentPeriod(
                        product_model=model, code=c, name_zh=czh, name_en=cen, quality_months=m
                    )
                    for c, czh, cen, m in components
                ]
            )
        out[code] = model
    return out


def _customers(anchor: date) -> list[Customer]:
    region = RegionClass.objects.order_by("rank").first()
    accounts = {o.code: o for o in Organisation.objects.filter(kind=Organisation.Kind.CUSTOMER)}
    out = []
    for name, phone, address, account in CUSTOMERS:
        customer, _created = Customer.objects.get_or_create(
            name=name,
            phone=phone,
            defaults={
                "address": address,
                "region_class": region,
                "account": accounts.get(account) if account else None,
                "created_at": _aware(anchor - timedelta(days=5 * 365)),
            },
        )
        out.append(customer)
    return out


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


@transaction.atomic
def seed(today: date | None = None) -> None:
    """Sale dates count back from ``today`` (the day of the first load); rows are made once."""
    anchor = today or timezone.localdate()
    models = _models()
    customers = _customers(anchor)
    dealers = {o.code: o for o in Organisation.objects.filter(code__in=DEALERS)}
    if len(dealers) < len(DEALERS):
        return  # accounts demo not loaded
    rng = random.Random(20250501)  # noqa: S311 - demo data, not security
    units: list[Unit] = []
    cards: list[tuple[str, date]] = []
    prefixes = {"KFR-35GW": "AC", "EV-A5": "EV", "PR-9000": "PR", "SL-60W": "SL"}
    for code, model in models.items():
        for n in range(1, UNITS_PER_MODEL + 1):
            serial = f"SN-{prefixes[code]}-{n:06d}"
            sale = anchor - timedelta(days=rng.randint(0, 5 * 365))
            acceptance = (
                sale + timedelta(days=rng.randint(5, 40))
                if model.start_basis == "acceptance"
                else None
            )
            if acceptance and acceptance > anchor:
                acceptance = None
            customer = customers[rng.randrange(len(customers))]
            dealer = dealers[DEALERS[rng.randrange(len(DEALERS))]]
            components = {}
            for comp in model.components.all():
                components[comp.code] = f"{comp.code[:2].upper()}-{n:06d}"
            units.append(
                Unit(
                    serial=serial,
                    product_model=model,
                    customer=customer,
                    selling_dealer=dealer,
                    sale_date=sale,
                    acceptance_date=acceptance,
                    site_address=customer.address,
                    component_serials=components,
                    registered_at=_aware(sale),
                )
            )
            # 70 % on time, 15 % late, 15 % missing.
            roll = rng.random()
            if roll < 0.70:
                cards.append((serial, sale + timedelta(days=rng.randint(1, 20))))
            elif roll < 0.85:
                cards.append((serial, sale + timedelta(days=rng.randint(21, 60))))
    existing = set(
        Unit.objects.filter(serial__in=[u.serial for u in units]).values_list("serial", flat=True)
    )
    Unit.objects.bulk_create([u for u in units if u.serial not in existing])
    by_serial = {u.serial: u for u in Unit.objects.filter(serial__in=[s for s, _d in cards])}
    filed = set(
        WarrantyCard.objects.filter(unit__serial__in=by_serial).values_list(
            "unit__serial", flat=True
        )
    )
    WarrantyCard.objects.bulk_create(
        [
            WarrantyCard(
                unit=by_serial[serial],
                dealer=by_serial[serial].selling_dealer,
                customer_name=by_serial[serial].customer.name,
                customer_phone=by_serial[serial].customer.phone,
                customer_address=by_serial[serial].customer.address,
                filed_on=min(day, anchor),
                created_at=_aware(min(day, anchor)),
            )
            for serial, day in cards
            if serial not in filed
        ]
    )
    _contracts(models, customers, anchor)


def _contracts(models: dict[str, ProductModel], customers: list[Customer], anchor: date) -> None:
    owner = User.objects.filter(username="agent").first()
    manager = User.objects.filter(username="manager").first()
    if owner is None:
        return
    for number, cust, model_code, count, offset, months, visits, price in CONTRACTS:
        if MaintenanceContract.objects.filter(number=number).exists():
            continue
        customer = customers[cust]
        units = list(
            Unit.objects.filter(customer=customer, product_model=models[model_code]).order_by(
                "serial"
            )[:count]
        )
        if not units:
            continue
        start = anchor + timedelta(days=offset)
        contract = MaintenanceContract.objects.create(
            number=number,
            customer=customer,
            start=start,
            end=add_months(start, months) - timedelta(days=1),
            visits_per_year=visits,
            price=price,
            owner=owner,
            account_manager=manager,
            created_by=owner,
        )
        contract.units.set(units)
    for contract in MaintenanceContract.objects.filter(number__in=[c[0] for c in CONTRACTS]):
        contract_generate_visits(contract_id=contract.pk, today=anchor)
