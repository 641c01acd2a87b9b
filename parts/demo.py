"""Demo data of the parts store: the head-office warehouse and two dealer outlet stores with
stock booked through the ledger. Idempotent: a store is stocked only while it has no moves."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from accounts.models import Organisation, User
from parts import services
from parts.models import Part, StockLevel, StockMove, Store

STORES = [
    ("WH-HQ", "总部备件仓库", "Head-office parts warehouse", "warehouse", "HQ"),
    ("ST-SH01", "浦江服务站备件库", "Pujiang outlet store", "outlet", "D-SH01"),
    ("ST-SH02", "安亭维修站备件库", "Anting outlet store", "outlet", "D-SH02"),
]

# part number, zh, en, cost, price, models, is_unit
PARTS = [
    ("AC-CMP-35", "压缩机 35", "Compressor 35", "320.00", "450.00", ["KFR-35GW"], False),
    ("AC-CAP-01", "启动电容", "Start capacitor", "18.00", "45.00", ["KFR-35GW"], False),
    (
        "AC-PCB-35",
        "室内机主板",
        "Indoor unit control board",
        "160.00",
        "260.00",
        ["KFR-35GW"],
        False,
    ),
    ("AC-FAN-02", "室外风机", "Outdoor fan motor", "95.00", "150.00", ["KFR-35GW"], False),
    ("PR-DRUM-9", "硒鼓组件", "Drum unit", "210.00", "330.00", ["PR-9000"], False),
    (
        "SL-BAT-60",
        "锂电池组 60W",
        "Lithium battery pack 60 W",
        "380.00",
        "520.00",
        ["SL-60W"],
        False,
    ),
    (
        "UNIT-KFR-35GW",
        "整机 KFR-35GW",
        "Complete unit KFR-35GW",
        "2100.00",
        "2999.00",
        ["KFR-35GW"],
        True,
    ),
]

# store → (part number, quantity, minimum level)
STOCK = {
    "WH-HQ": [
        ("AC-CMP-35", 12, 4),
        ("AC-CAP-01", 60, 20),
        ("AC-PCB-35", 8, 3),
        ("AC-FAN-02", 6, 2),
        ("PR-DRUM-9", 10, 3),
        ("SL-BAT-60", 5, 2),
        ("UNIT-KFR-35GW", 3, 1),
    ],
    "ST-SH01": [("AC-CAP-01", 10, 5), ("AC-PCB-35", 2, 1), ("AC-CMP-35", 1, 2)],
    "ST-SH02": [("AC-CAP-01", 6, 5), ("AC-FAN-02", 1, 1)],
}


@transaction.atomic
def seed() -> None:
    orgs = {o.code: o for o in Organisation.objects.filter(code__in=[s[4] for s in STORES])}
    keeper = User.objects.filter(username="storekeeper").first()
    if "HQ" not in orgs or keeper is None:
        return
    from warranty.models import ProductModel

    models = {m.code: m for m in ProductModel.objects.all()}
    parts = {}
    for number, zh, en, cost, price, fits, is_unit in PARTS:
        part, created = Part.objects.get_or_create(
            part_number=number,
            defaults={
                "name_zh": zh,
                "name_en": en,
                "unit_cost": Decimal(cost),
                "price": Decimal(price),
                "is_unit": is_unit,
            },
        )
        if created:
            part.compatible_models.set([models[c] for c in fits if c in models])
        parts[number] = part
    for code, zh, en, kind, org in STORES:
        if org not in orgs:
            continue
        store, _ = Store.objects.get_or_create(
            code=code,
            defaults={"name_zh": zh, "name_en": en, "kind": kind, "organisation": orgs[org]},
        )
        if StockMove.objects.filter(store=store).exists():
            continue
        for number, quantity, minimum in STOCK[code]:
            services.stock_receive(
                by=keeper,
                store=store,
                part=parts[number],
                quantity=quantity,
                supplier="格力配件中心",
                reference="期初库存",
            )
            StockLevel.objects.filter(store=store, part=parts[number]).update(min_level=minimum)
