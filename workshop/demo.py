"""Demo data of the workshop: standby units, a unit in the workshop (one more at the factory),
a standby unit on loan, a paid-service quote waiting for the customer, and a return order
(包退) for a unit that failed three days after its sale. Idempotent: the demo tickets are
recognised by their customers' phone numbers."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from parts.models import Part
from tickets.actions import perform_action
from tickets.models import FaultSeverity, RegionClass, Ticket
from tickets.services import customer_find_or_create, ticket_create
from workshop.models import StandbyUnit
from workshop.services.carry_in import carry_in_receive, carry_in_send_to_factory
from workshop.services.quotes import quote_create
from workshop.services.refund import proposed_price, return_create
from workshop.services.standby import standby_lend

STANDBY = [
    ("BJ-AC-001", "备用挂壁式空调 KFR-35GW", "HQ"),
    ("BJ-AC-002", "备用挂壁式空调 KFR-35GW", "HQ"),
    ("BJ-PR-001", "备用打印机 PR-9000", "HQ"),
    ("BJ-SH01-01", "浦江站备用空调", "D-SH01"),
]

# phone, name, address, fault, model, service type, scene, severity
SCENES = [
    (
        "13700000101",
        "赵建华",
        "上海市杨浦区国定路 335 号",
        "空调室内机不出风，主板指示灯闪烁",
        "KFR-35GW",
        "C",
        "workshop",
        "minor",
    ),
    (
        "13700000102",
        "钱晓梅",
        "上海市长宁区天山路 600 号",
        "打印机卡纸频繁，定影器异响",
        "PR-9000",
        "C",
        "factory",
        "minor",
    ),
    (
        "13700000103",
        "上海申城物流有限公司",
        "上海市宝山区共和新路 4727 号",
        "机房空调停机，业务受影响",
        "KFR-35GW",
        "C",
        "loan",
        "critical",
    ),
    (
        "13700000104",
        "孙丽",
        "上海市普陀区曹杨路 1040 号",
        "空调过保，压缩机不启动",
        "KFR-35GW",
        "A",
        "quote",
        "minor",
    ),
]


@transaction.atomic
def seed() -> None:
    people = {
        u.username: u
        for u in User.objects.filter(username__in=["agent", "supervisor", "technician"])
    }
    orgs = {o.code: o for o in Organisation.objects.filter(code__in=["HQ", "D-SH01"])}
    if len(people) < 3 or "HQ" not in orgs:
        return
    for serial, description, org in STANDBY:
        if org in orgs:
            StandbyUnit.objects.get_or_create(
                serial=serial, defaults={"description": description, "organisation": orgs[org]}
            )
    _refund_scene(people, orgs["HQ"])
    if Ticket.objects.filter(customer__phone__in=[s[0] for s in SCENES]).exists():
        return
    urban = RegionClass.objects.get(code="urban")
    start = timezone.now() - timedelta(hours=6)
    for phone, name, address, fault, model, service_type, scene, severity in SCENES:
        customer = customer_find_or_create(
            name=name, phone=phone, address=address, region_class=urban
        )
        # The scenes' serials are not registered (the decision says paid): their free and
        # contract jobs are registered by the supervisor, who may override it with a reason.
        ticket = ticket_create(
            by=people["agent"] if service_type == "A" else people["supervisor"],
            customer=customer,
            fault_description=fault,
            severity=FaultSeverity.objects.get(code=severity),
            product_model=model,
            service_type=service_type,
            service_type_reason="" if service_type == "A" else "保修卡已核实",
            received_at=start,
            registered_at=start + timedelta(minutes=3),
        )
        _walk(ticket, scene, people, orgs["HQ"], start)


def _walk(ticket: Ticket, scene: str, people, hq, start) -> None:  # type: ignore[no-untyped-def]
    at = start

    def step(action: str, by: User, **data: object) -> None:
        nonlocal at
        at += timedelta(minutes=30)
        perform_action(ticket=ticket, by=by, action=action, data=data, at=at)

    step("forward", people["agent"], assigned_organisation=hq.pk)
    step("arrange", people["supervisor"], technician=people["technician"].pk, customer_told=True)
    step("check_in", people["technician"])
    at += timedelta(minutes=30)
    if scene in {"workshop", "factory"}:
        entry = carry_in_receive(
            by=people["technician"],
            ticket=ticket,
            condition="外壳轻微划痕，无进水痕迹",
            accessories="遥控器 ×1，电源线 ×1",
            at=at,
        )
        if scene == "factory":
            carry_in_send_to_factory(
                by=people["supervisor"],
                entry=entry,
                factory="珠海总厂维修中心",
                at=at + timedelta(minutes=20),
            )
    elif scene == "loan":
        unit = StandbyUnit.objects.get(serial="BJ-AC-001")
        standby_lend(
            by=people["technician"],
            unit=unit,
            ticket=ticket,
            signed_by_name=ticket.customer.name,
            at=at,
        )
    elif scene == "quote":
        part = Part.objects.filter(part_number="AC-CMP-35").first()
        quote_create(
            by=people["supervisor"],
            ticket=ticket,
            lines=[(part, 1)] if part else [],
            hours=Decimal("3"),
            travel_km=Decimal("15"),
            note="压缩机更换报价",
            at=at,
        )


REFUND_PHONE = "13700000105"
REFUND_SERIAL = "SN-KFR-DEMO-RT1"


def _refund_scene(people, hq) -> None:  # type: ignore[no-untyped-def]
    """A unit sold three days ago fails: inside the return window, refunded in full."""
    from warranty.models import ProductModel, Unit

    model = ProductModel.objects.filter(code="KFR-35GW").first()
    if model is None or Ticket.objects.filter(customer__phone=REFUND_PHONE).exists():
        return
    urban = RegionClass.objects.get(code="urban")
    customer = customer_find_or_create(
        name="周晓东", phone=REFUND_PHONE, address="上海市闵行区莘庄路 88 号", region_class=urban
    )
    now = timezone.now()
    sold = timezone.localdate(now) - timedelta(days=3)
    Unit.objects.get_or_create(
        serial=REFUND_SERIAL,
        defaults={
            "product_model": model,
            "customer": customer,
            "sale_date": sold,
            "site_address": customer.address,
            "registered_at": now - timedelta(days=3),
        },
    )
    start = now - timedelta(hours=3)
    ticket = ticket_create(
        by=people["agent"],
        customer=customer,
        fault_description="新机安装后三天压缩机不启动",
        severity=FaultSeverity.objects.get(code="minor"),
        product_model=model.code,
        serial_number=REFUND_SERIAL,
        received_at=start,
        registered_at=start + timedelta(minutes=3),
    )
    perform_action(
        ticket=ticket,
        by=people["agent"],
        action="forward",
        data={"assigned_organisation": hq.pk},
        at=start + timedelta(minutes=20),
    )
    ticket.refresh_from_db()
    return_create(
        by=people["supervisor"],
        ticket=ticket,
        sale_price=proposed_price(ticket) or Decimal("2999.00"),
        invoice_number="SH-FP-20250001",
        note="客户要求退货",
        at=start + timedelta(hours=1),
    )
