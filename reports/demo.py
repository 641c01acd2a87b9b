"""Demo history for the dashboards: about four months of tickets, relative to the moment the
loader runs, walked through the real workflow services at past instants, so the clocks are
the engine's own. Most targets are met, some late, a few breached; a handful of tickets
received in the last hours are breached or at risk *now*. Old tickets are closed (their
clocks stopped), so the sweep has nothing old to escalate: no flood of notifications.

Then the rollups are rebuilt and the last three monthly cost reports computed (marked as
announced). Idempotent: nothing is made when the demo history's customers have tickets.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from reports.models import CostReport, RollupWatermark
from reports.rollup import WATERMARK, rollup_reconcile, zone
from reports.services import cost_report_compute, previous_month
from tickets.models import Customer, FaultSeverity, RegionClass, Ticket
from tickets.services import customer_find_or_create, perform_action, ticket_create
from tickets.signatures import sample_signature

DAYS = 120
PHONE_PREFIX = "1770000"
CUSTOMERS = [
    ("宁波海天塑机有限公司", "urban"),
    ("苏州园区第三小学", "surrounding"),
    ("刘建军", "suburban"),
    ("黄晓梅", "urban"),
    ("嘉兴南湖宾馆", "surrounding"),
    ("上海浦东新区人民医院", "urban"),
    ("温州瑞安电器城", "other_province"),
    ("吴志刚", "suburban"),
]
PRODUCTS = ["KFR-35GW", "KFR-72LW", "XQG100-B14", "BCD-470W", "JSQ30-16", "SP-200"]
FAULTS = ["空调不制冷", "显示 E4 故障代码", "脱水异响", "冷藏室结霜", "点火失败", "夜间不亮"]
ORGS = {
    "HQ": ("supervisor", ["technician", "technician2", "technician3"]),
    "D-SH01": ("dealer", ["dealer_tech"]),
    "D-SH02": ("dealer2", ["dealer2_tech"]),
    "D-ZJ01": ("dealer3", ["dealer3_tech"]),
}
#: How often each organisation gets a ticket, and how late it tends to be (minutes added).
WEIGHTS = {"HQ": 5, "D-SH01": 3, "D-SH02": 2, "D-ZJ01": 2}
SLOWNESS = {"HQ": 0, "D-SH01": 10, "D-SH02": 40, "D-ZJ01": 25}


def already_seeded() -> bool:
    return Ticket.objects.filter(customer__phone__startswith=PHONE_PREFIX).exists()


def _working_instant(rng: random.Random, day: datetime) -> datetime:
    return day.replace(hour=rng.choice([8, 9, 10, 11, 13, 14, 15]), minute=rng.randint(35, 59))


def seed() -> None:
    if already_seeded() or not Organisation.objects.filter(code="HQ").exists():
        return
    names = {"agent", "supervisor", *[u for _d, techs in ORGS.values() for u in techs]}
    names |= {d for d, _t in ORGS.values()}
    people = {u.username: u for u in User.objects.filter(username__in=names)}
    orgs = {o.code: o for o in Organisation.objects.filter(code__in=ORGS)}
    if len(orgs) < len(ORGS) or "agent" not in people:
        return
    rng = random.Random(1212)  # noqa: S311 - demo data
    regions = {r.code: r for r in RegionClass.objects.all()}
    severities = list(FaultSeverity.objects.order_by("rank"))
    customers = [
        customer_find_or_create(
            name=name, phone=f"{PHONE_PREFIX}{i:04d}", address="", region_class=regions[region]
        )
        for i, (name, region) in enumerate(CUSTOMERS)
    ]
    now = timezone.now()
    today = timezone.localtime(now, zone()).replace(hour=0, minute=0, second=0, microsecond=0)
    with transaction.atomic():
        for back in range(DAYS, 0, -1):
            day = today - timedelta(days=back)
            if day.weekday() >= 5 and rng.random() < 0.7:
                continue
            for _n in range(rng.choice([1, 1, 2, 2, 3])):
                _history_ticket(
                    rng, _working_instant(rng, day), customers, severities, people, orgs
                )
        _tickets_now(rng, now, customers, severities, people, orgs)
    rollup_reconcile(now=timezone.now(), days=None)
    RollupWatermark.objects.update_or_create(name=WATERMARK, defaults={"at": timezone.now()})
    month = previous_month(timezone.localdate())
    for _n in range(3):
        report = cost_report_compute(month=month)
        CostReport.objects.filter(pk=report.pk).update(notified_at=report.computed_at)
        month = previous_month(month)


def _new(rng, received, customers, severities, people) -> Ticket:  # type: ignore[no-untyped-def]
    customer: Customer = rng.choice(customers)
    index = rng.randrange(len(PRODUCTS))
    return ticket_create(
        by=people["agent"],
        customer=customer,
        fault_description=FAULTS[index],
        severity=rng.choices(severities, weights=[1, 3, 6, 2][: len(severities)])[0],
        kind=rng.choices(["repair", "installation", "maintenance"], weights=[8, 2, 1])[0],
        channel=rng.choices(["phone", "web", "dealer", "letter"], weights=[6, 2, 2, 1])[0],
        product_model=PRODUCTS[index],
        serial_number=f"DM{3100000 + int(customer.phone[-4:]) * 10 + index}",
        received_at=received,
        registered_at=received,  # the demo's history: each call registered when it came in
    )


def _history_ticket(rng, received, customers, severities, people, orgs) -> None:  # type: ignore[no-untyped-def]
    code = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
    dispatcher_name, techs = ORGS[code]
    tech = people.get(rng.choice(techs))
    dispatcher = people.get(dispatcher_name)
    if tech is None or dispatcher is None:
        return
    ticket = _new(rng, received, customers, severities, people)
    slow = SLOWNESS[code]
    at = received

    def step(by: User, action: str, minutes: float, **data: object) -> None:
        nonlocal at
        at = at + timedelta(minutes=minutes)
        perform_action(ticket=ticket, by=by, action=action, data=data, at=at)

    late = rng.random() < 0.12
    if rng.random() < 0.9:
        step(people["agent"], "log_contact", rng.randint(4, 24), outcome="reached", note="已回电")
    step(
        people["agent"],
        "forward",
        rng.randint(3, 25) + (50 if late else 0),
        assigned_organisation=orgs[code].pk,
    )
    step(
        dispatcher,
        "arrange",
        rng.randint(15, 80) + slow + (120 if late else 0),
        technician=tech.pk,
        customer_told=True,
    )
    if code == "HQ" or rng.random() < 0.8:
        step(people["supervisor"], "check", rng.randint(20, 120) + slow)
    step(tech, "check_in", rng.randint(60, 240) + slow * 2)
    if rng.random() < 0.5:
        step(
            tech,
            "add_part",
            20,
            part_number="P-2001",
            name="启动电容",
            quantity="1",
            unit_price="45.00",
        )
    step(
        tech,
        "add_labour",
        30,
        hours=str(rng.choice([1, 1.5, 2, 3])),
        work_type="上门维修",
        work_date=timezone.localdate(at).isoformat(),
    )
    step(
        tech,
        "resolve",
        rng.randint(10, 90),
        signed_by_name=ticket.customer.name,
        signature=sample_signature(),
    )
    if rng.random() < 0.06:
        step(people["agent"], "reopen", 60 * 24, reason="客户反映故障复发")
        step(dispatcher, "arrange", 60, technician=tech.pk, customer_told=True)
        step(tech, "check_in", 180)
        step(
            tech,
            "resolve",
            60,
            signed_by_name=ticket.customer.name,
            signature=sample_signature(),
        )
    step(
        people["agent"],
        "return_visit",
        60 * rng.randint(20, 100),
        attitude=4,
        skill=4,
        arrival=3,
        promise=4,
    )
    step(people["agent"], "close", 30, note="回访满意，结案")


def _tickets_now(rng, now: datetime, customers, severities, people, orgs) -> None:  # type: ignore[no-untyped-def]
    """A handful received in the last hours: some breached, some at risk, some fine."""
    plan = [
        (timedelta(hours=5), "HQ", "forward"),
        (timedelta(hours=3, minutes=30), "D-SH02", "forward"),
        (timedelta(hours=2, minutes=20), "D-SH01", "forward"),
        (timedelta(hours=1, minutes=40), "HQ", "arrange"),
        (timedelta(hours=1, minutes=10), "D-ZJ01", "forward"),
        (timedelta(minutes=35), "HQ", "register"),
        (timedelta(minutes=15), "D-SH01", "forward"),
    ]
    for ago, code, upto in plan:
        received = now - ago
        ticket = _new(rng, received, customers, severities, people)
        if upto == "register":
            continue
        at = received + timedelta(minutes=8)
        perform_action(
            ticket=ticket,
            by=people["agent"],
            action="forward",
            data={"assigned_organisation": orgs[code].pk},
            at=at,
        )
        if upto == "arrange":
            dispatcher_name, techs = ORGS[code]
            perform_action(
                ticket=ticket,
                by=people[dispatcher_name],
                action="arrange",
                data={"technician": people[techs[0]].pk, "customer_told": True},
                at=at + timedelta(minutes=30),
            )
