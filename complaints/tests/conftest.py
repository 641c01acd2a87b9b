"""People, tickets and complaints shared by the complaint tests."""

from __future__ import annotations

import pytest

from accounts.tests.factories import OrganisationFactory, UserFactory
from complaints.models import ComplaintClass, ResponsibleDepartment, Seriousness
from complaints.services.complaints import complaint_act, complaint_create
from tickets.tests.factories import make_ticket
from tickets.tests.helpers import api_client_for, walk  # noqa: F401  (re-exported)


@pytest.fixture
def people(db):
    return {
        "agent": UserFactory(username="c_agent", roles=["agent"]),
        "supervisor": UserFactory(username="c_supervisor", roles=["supervisor"]),
        "technician": UserFactory(username="c_technician", roles=["technician"]),
        "manager": UserFactory(username="c_manager", roles=["manager"]),
        "appraiser": UserFactory(username="c_appraiser", roles=["appraiser"]),
    }


@pytest.fixture
def dealer_a(db):
    return OrganisationFactory(code="D-A", name="甲经销商")


@pytest.fixture
def dealer_b(db):
    return OrganisationFactory(code="D-B", name="乙经销商")


@pytest.fixture
def dealer_a_user(dealer_a):
    return UserFactory(username="c_dealer_a", organisation=dealer_a, roles=["dealer"])


@pytest.fixture
def dealer_b_user(dealer_b):
    return UserFactory(username="c_dealer_b", organisation=dealer_b, roles=["dealer"])


@pytest.fixture
def quality(db):
    return ResponsibleDepartment.objects.get(code="quality")


def klass(code: str = "product_quality") -> ComplaintClass:
    return ComplaintClass.objects.get(code=code)


def level(code: str = "minor") -> Seriousness:
    return Seriousness.objects.get(code=code)


def new_complaint(by, **fields):  # type: ignore[no-untyped-def]
    if "ticket" not in fields and "customer" not in fields:
        fields["ticket"] = make_ticket(by=by)
    fields.setdefault("channel", "phone")
    fields.setdefault("complaint_class", klass())
    fields.setdefault("seriousness", level())
    fields.setdefault("description", "空调外机噪音大，安装后第三天开始")
    return complaint_create(by=by, **fields)


ANSWER = {"how": "phone", "customer_name": "王秀英", "comment": "可以接受"}


def investigation(**extra):  # type: ignore[no-untyped-def]
    return {
        "root_cause": "manufacturing",
        "root_cause_text": "风扇叶片动平衡不合格",
        "corrective_action": "更换风扇组件",
        "preventive_action": "来料抽检加严",
        "action_owner": "制造部 李工",
        "action_due": "2026-12-20",
        **extra,
    }


def drive(complaint, people, department, *, to: str, at=None):  # type: ignore[no-untyped-def]
    """Move a complaint along the main path up to status ``to`` through the service."""
    from django.utils import timezone

    when = at or timezone.now()
    steps = [
        ("assigned", "agent", "assign", {"department": department.code}),
        ("investigating", "supervisor", "start", {}),
        ("action_defined", "supervisor", "investigate", investigation()),
        ("replied", "agent", "reply", {"reply_text": "已更换风扇组件，噪音消除"}),
        ("closed", "agent", "accept", {**ANSWER, "answered_at": when.isoformat()}),
    ]
    complaint_act(
        complaint=complaint,
        by=people["agent"],
        action="contact",
        data={"note": "已致电客户"},
        at=when,
    )
    for status, role, action, data in steps:
        complaint_act(complaint=complaint, by=people[role], action=action, data=data, at=when)
        if status == to:
            break
    complaint.refresh_from_db()
    return complaint
