"""Demo customers and ~30 tickets in every stage of the workflow, made through the services
so every ticket has its timeline. Idempotent: if the demo customers already have tickets,
nothing is created."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from tickets.actions import perform_action
from tickets.models import Customer, FaultSeverity, RegionClass, Ticket
from tickets.services import customer_find_or_create, ticket_create
from tickets.signatures import sample_signature

# name, phone, address, region class, customer account (organisation code)
CUSTOMERS = [
    ("王秀英", "13801234567", "上海市静安区南京西路 1266 号 12 楼", "urban", "C-0001"),
    (
        "上海申江物业管理有限公司",
        "13917654321",
        "上海市闵行区莘庄镇都市路 3000 号",
        "suburban",
        "C-0002",
    ),
    ("张建华", "13611112222", "上海市徐汇区天钥桥路 580 弄 3 号 502 室", "urban", None),
    ("李梅", "13722223333", "上海市嘉定区安亭镇博园路 888 号", "suburban", None),
    ("陈国强", "13533334444", "江苏省苏州市工业园区星湖街 328 号", "surrounding", None),
    ("赵丽华", "15844445555", "浙江省杭州市西湖区文三路 90 号", "other_province", None),
    ("华东精密制造有限公司", "02158886666", "上海市浦东新区金桥路 1399 号", "urban", None),
    ("孙志明", "18955556666", "上海市松江区新松江路 1800 号", "suburban", None),
    ("周小燕", "13366667777", "浙江省嘉兴市南湖区中环南路 1500 号", "surrounding", None),
    ("钱塘第一中学", "057186001234", "浙江省杭州市钱塘区学林街 600 号", "other_province", None),
]

PRODUCTS = [
    ("KFR-35GW", "空调不制冷，外机不启动"),
    ("KFR-72LW", "开机后显示 E4 故障代码"),
    ("XQG100-B14", "洗衣机脱水时剧烈抖动，有异响"),
    ("BCD-470W", "冰箱冷藏室结霜严重，温度偏高"),
    ("JSQ30-16", "热水器点火失败，无热水"),
    ("SP-200", "太阳能路灯夜间不亮，电池不充电"),
    ("KFR-50LW", "室内机漏水"),
    ("CXW-260", "油烟机吸力弱，噪音大"),
]

# Where each demo ticket ends up: the walk stops after that step.
PATH = [
    "forward",
    "arrange",
    "check",
    "check_in",
    "add_part",
    "add_labour",
    "resolve",
    "return_visit",
    "close",
]
TARGETS = [
    "registered",
    "registered",
    "registered",
    "forward",
    "forward",
    "forward",
    "forward",
    "arrange",
    "arrange",
    "arrange",
    "check",
    "check",
    "check_in",
    "check_in",
    "add_part",
    "awaiting_parts",
    "in_workshop",
    "restored",
    "resolve",
    "resolve",
    "resolve",
    "return_visit",
    "return_visit",
    "close",
    "close",
    "close",
    "close",
    "cancel",
    "cancel",
    "close",
]
#: Ticket index → dealer organisation it is forwarded to (the rest stay with HQ).
DEALER_TICKETS = {
    4: "D-SH01",
    8: "D-SH01",
    13: "D-SH01",
    19: "D-SH01",
    24: "D-SH01",
    5: "D-SH02",
    11: "D-SH02",
    20: "D-SH02",
    25: "D-SH02",
    9: "D-ZJ01",
    14: "D-ZJ01",
    26: "D-ZJ01",
}
ORG_TECHNICIANS = {
    "HQ": ["technician", "technician2", "technician3"],
    "D-SH01": ["dealer_tech"],
    "D-SH02": ["dealer2_tech"],
    "D-ZJ01": ["dealer3_tech"],
}
ORG_DISPATCHER = {"HQ": "supervisor", "D-SH01": "dealer", "D-SH02": "dealer2", "D-ZJ01": "dealer3"}


def already_seeded() -> bool:
    return Ticket.objects.filter(customer__phone__in=[c[1] for c in CUSTOMERS]).exists()


@transaction.atomic
def seed() -> None:
    if already_seeded() or not Organisation.objects.filter(code="HQ").exists():
        return
    rng = random.Random(2611)  # noqa: S311 - demo data, not security
    people = {
        u.username: u
        for u in User.objects.filter(
            username__in=[
                "agent",
                "agent2",
                "supervisor",
                *[n for names in ORG_TECHNICIANS.values() for n in names],
                *ORG_DISPATCHER.values(),
            ]
        )
    }
    orgs = {o.code: o for o in Organisation.objects.all()}
    regions = {r.code: r for r in RegionClass.objects.all()}
    severities = list(FaultSeverity.objects.order_by("rank"))
    customers: list[Customer] = []
    for name, phone, address, region, account in CUSTOMERS:
        customer = customer_find_or_create(
            name=name, phone=phone, address=address, region_class=regions[region]
        )
        if account and account in orgs and customer.account_id != orgs[account].pk:
            customer.account = orgs[account]
            customer.save(update_fields=["account"])
        customers.append(customer)

    now = timezone.now()
    for index, target in enumerate(TARGETS):
        customer = customers[index % len(customers)]
        model, fault = PRODUCTS[index % len(PRODUCTS)]
        received = now - timedelta(days=(len(TARGETS) - index) * 1.2, hours=rng.randint(0, 8))
        org_code = DEALER_TICKETS.get(index, "HQ")
        agent = people["agent" if index % 3 else "agent2"]
        # Unregistered serials decide "A" (paid); the demo's contract and free tickets are set
        # by the supervisor, who may override the decision, with a reason.
        service_type = ["C", "C", "A", "B"][index % 4]
        ticket = ticket_create(
            by=agent if service_type == "A" else people["supervisor"],
            customer=customer,
            fault_description=fault,
            severity=severities[index % len(severities)],
            kind=Ticket.Kind.COMPLAINT if index % 11 == 7 else Ticket.Kind.REPAIR,
            channel=[
                Ticket.Channel.PHONE,
                Ticket.Channel.PHONE,
                Ticket.Channel.WEB,
                Ticket.Channel.LETTER,
            ][index % 4],
            product_model=model,
            serial_number=f"SN{2400000 + index * 37}",
            received_at=received,
            registered_at=received + timedelta(minutes=3),
            service_type=service_type,
            service_type_reason={"B": "维保合同客户", "C": "保修卡已核实"}.get(service_type, ""),
        )
        _walk(ticket, target, org_code, index, received, people, orgs)


def _walk(ticket: Ticket, target: str, org_code: str, index: int, start, people, orgs) -> None:  # type: ignore[no-untyped-def]
    if target == "registered":
        return
    clock = start
    technician = people[ORG_TECHNICIANS[org_code][index % len(ORG_TECHNICIANS[org_code])]]
    dispatcher = people[ORG_DISPATCHER[org_code]]

    def step(action: str, by: User, data: dict | None = None, minutes: int = 40) -> None:
        nonlocal clock
        clock = clock + timedelta(minutes=minutes)
        perform_action(ticket=ticket, by=by, action=action, data=data or {}, at=clock)

    if target == "cancel":
        step("cancel", people["agent"], {"reason": "客户已自行解决，取消报修"})
        return
    step("forward", people["agent"], {"assigned_organisation": orgs[org_code].pk}, minutes=10)
    if target == "forward":
        return
    step(
        "arrange",
        dispatcher,
        {"technician": technician.pk, "customer_told": True, "note": "已电话告知客户上门时间"},
        minutes=50,
    )
    if target == "arrange":
        return
    step("check", people["supervisor"], {"note": "已核实派工"}, minutes=120)
    if target == "check":
        return
    step("check_in", technician, minutes=180)
    if target == "check_in":
        return
    if target == "in_workshop":
        step("carry_in", technician, {"workshop_receipt_no": f"WX-{index:04d}"})
        return
    if target == "awaiting_parts":
        step("await_parts", technician, {"note": "压缩机需订货"})
        return
    step(
        "add_part",
        technician,
        {
            "part_number": f"P-{1000 + index}",
            "name": "启动电容",
            "quantity": "1",
            "unit_price": "45.00",
        },
        minutes=30,
    )
    if target == "add_part":
        return
    if target == "restored":
        step("restore", technician, {"standby_unit": True, "note": "已提供备机"})
        return
    step(
        "add_labour",
        technician,
        {
            "hours": "1.5",
            "work_type": "上门维修",
            "work_date": timezone.localdate(clock).isoformat(),
        },
        minutes=60,
    )
    step(
        "resolve",
        technician,
        {
            "signed_by_name": ticket.customer.name,
            "signature": sample_signature(),
            "comment": "维修及时，满意",
        },
        minutes=10,
    )
    if target == "resolve":
        return
    step(
        "return_visit",
        people["agent"],
        {"attitude": 4, "skill": 4, "arrival": 3, "promise": 4},
        minutes=60 * 24,
    )
    if target == "return_visit":
        return
    step("close", people["agent"], {"note": "回访满意，结案"}, minutes=60)
