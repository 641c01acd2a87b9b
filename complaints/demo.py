"""Demo data of the satisfaction loop: a complaint in every state (one refused once and
investigated again), a return visit answered through the customer's link as dissatisfied
(so it opened its own complaint), one more resolved ticket whose survey link is still open,
and a key customer with a regular visit task. Idempotent: the demo customers are recognised
by their phone numbers."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from complaints.models import (
    Complaint,
    ComplaintClass,
    CustomerTier,
    CustomerTierAssignment,
    ResponsibleDepartment,
    Seriousness,
)
from complaints.services.care import visit_tasks_generate
from complaints.services.complaints import complaint_act, complaint_create
from complaints.services.surveys import survey_link_create, survey_submit_by_link
from tickets.actions import perform_action
from tickets.models import Customer, FaultSeverity, RegionClass, Ticket
from tickets.services import customer_find_or_create, ticket_create
from tickets.signatures import sample_signature

# phone, customer, class, seriousness, how far along, what the customer says
COMPLAINTS = [
    ("13800000201", "周文斌", "product_quality", "minor", "accepted", "外机噪音大，夜间影响休息"),
    ("13800000202", "吴海燕", "service_attitude", "minor", "assigned", "技术员态度生硬，未穿鞋套"),
    ("13800000203", "郑国强", "product_quality", "serious", "investigating", "新机三次漏水"),
    ("13800000204", "王丽娟", "installation", "minor", "action_defined", "安装孔位偏斜，墙面开裂"),
    ("13800000205", "冯志明", "delivery", "minor", "replied", "送货晚了两天，未提前通知"),
    ("13800000206", "陈静", "billing", "minor", "closed", "保内维修却收取了上门费"),
    ("13800000207", "褚建平", "packaging", "minor", "cancelled", "外包装破损（机器完好）"),
    ("13800000208", "卫晓东", "product_quality", "major", "refused", "同批次压缩机连续损坏"),
]
#: The customer whose return visit, answered through the link, opened a complaint.
SURVEYED = ("13800000209", "蒋美玲", "上海市闵行区莘庄镇沪闵路 6088 号")
#: A resolved ticket whose survey link is still open.
LINK_OPEN = ("13800000210", "沈立群", "上海市虹口区四川北路 1318 号")
#: A key customer (重点客户) due for a regular visit.
KEY_CUSTOMER = ("13800000211", "上海浦江数据中心有限公司", "上海市浦东新区张江路 88 号")
PATH = ["accepted", "assigned", "investigating", "action_defined", "replied", "closed"]
PHONES = [c[0] for c in COMPLAINTS] + [SURVEYED[0], LINK_OPEN[0], KEY_CUSTOMER[0]]


@transaction.atomic
def seed() -> None:
    people = {
        u.username: u
        for u in User.objects.filter(
            username__in=["agent", "supervisor", "technician", "manager", "dealer"]
        )
    }
    hq = Organisation.objects.filter(code="HQ").first()
    if len(people) < 5 or hq is None:
        return
    if Customer.objects.filter(phone__in=PHONES).exists():
        return
    start = timezone.now() - timedelta(hours=3)
    department = ResponsibleDepartment.objects.get(code="quality")
    for index, (phone, name, klass, level, state, text) in enumerate(COMPLAINTS):
        customer = customer_find_or_create(name=name, phone=phone)
        at = start + timedelta(minutes=index)
        complaint = complaint_create(
            by=people["agent"],
            channel="phone",
            complaint_class=ComplaintClass.objects.get(code=klass),
            seriousness=Seriousness.objects.get(code=level),
            description=text,
            customer=customer,
            contact_name=name,
            at=at,
        )
        _walk(complaint, state, people, department, at)
    _surveyed_ticket(people, hq, start)
    _key_customer_visit()


def _walk(
    complaint: Complaint, state: str, people: dict[str, User], department: Any, at: datetime
) -> None:
    def step(action: str, role: str, **data: Any) -> None:
        nonlocal at
        at += timedelta(minutes=5)
        complaint_act(complaint=complaint, by=people[role], action=action, data=data, at=at)

    if state == "accepted":
        return
    step("contact", "agent", note="已致电客户，说明处理流程")
    if state == "cancelled":
        step("cancel", "supervisor", reason="客户来电撤回：外包装破损系快递所致，机器完好")
        return
    answer = {"how": "phone", "customer_name": complaint.contact_name}
    target = "replied" if state == "refused" else state
    steps = [
        ("assign", "agent", {"department": department.code}),
        ("start", "supervisor", {}),
        ("investigate", "supervisor", _investigation(at)),
        ("reply", "agent", {"reply_text": "已更换故障部件，并对同批次产品加严检验"}),
        ("accept", "agent", {**answer, "comment": "接受处理结果"}),
    ]
    for (action, role, data), status in zip(steps, PATH[1:], strict=True):
        if action == "accept":
            data["answered_at"] = (at + timedelta(minutes=5)).isoformat()
        step(action, role, **data)
        if status == target:
            break
    if state == "refused":
        refused_at = (at + timedelta(minutes=5)).isoformat()
        step("refuse", "agent", **answer, answered_at=refused_at, comment="同批次问题未说明清楚")


def _investigation(at: datetime) -> dict[str, Any]:
    return {
        "root_cause": "manufacturing",
        "root_cause_text": "来料批次部件不合格",
        "corrective_action": "更换故障部件",
        "preventive_action": "来料抽检加严，同批次排查",
        "action_owner": "质量部 李工",
        "action_due": (timezone.localdate(at) + timedelta(days=10)).isoformat(),
    }


def _resolved_ticket(
    people: dict[str, User], hq: Organisation, who: tuple[str, str, str], at: datetime
) -> Ticket:
    phone, name, address = who
    customer = customer_find_or_create(
        name=name, phone=phone, address=address, region_class=RegionClass.objects.get(code="urban")
    )
    ticket = ticket_create(
        by=people["agent"],
        customer=customer,
        fault_description="空调制热效果差",
        severity=FaultSeverity.objects.get(code="minor"),
        product_model="KFR-35GW",
        received_at=at,
    )
    steps: list[tuple[str, str, dict[str, Any]]] = [
        ("forward", "agent", {"assigned_organisation": hq.pk}),
        ("arrange", "supervisor", {"technician": people["technician"].pk, "customer_told": True}),
        ("check", "supervisor", {}),
        ("check_in", "technician", {}),
        ("resolve", "technician", {"signed_by_name": name, "signature": sample_signature()}),
    ]
    for minutes, (action, role, data) in enumerate(steps, start=1):
        when = at + timedelta(minutes=10 * minutes)
        perform_action(ticket=ticket, by=people[role], action=action, data=data, at=when)
    return ticket


def _surveyed_ticket(people: dict[str, User], hq: Organisation, start: datetime) -> None:
    ticket = _resolved_ticket(people, hq, SURVEYED, start)
    _link, code = survey_link_create(ticket=ticket, by=people["agent"])
    answers = {"attitude": "dissatisfied", "skill": "basically", "arrival": "dissatisfied"}
    survey_submit_by_link(
        code=code, answers={**answers, "promise": "satisfied"}, comment="技术员迟到一个半小时"
    )
    open_ticket = _resolved_ticket(people, hq, LINK_OPEN, start + timedelta(minutes=30))
    survey_link_create(ticket=open_ticket, by=people["agent"])


def _key_customer_visit() -> None:
    phone, name, address = KEY_CUSTOMER
    customer = customer_find_or_create(name=name, phone=phone, address=address)
    tier = CustomerTier.objects.filter(code="key").first()
    if tier is None:
        return
    # last visited seven months ago: the half-yearly visit is due
    since = timezone.localdate() - timedelta(days=210)
    CustomerTierAssignment.objects.get_or_create(
        customer=customer, defaults={"tier": tier, "since": since}
    )
    visit_tasks_generate(today=timezone.localdate())
