"""The complaint workflow: every step, illegal steps (409) and wrong roles (403), closure only
on the customer's recorded acceptance, refusal reopens the investigation, cancel with reason."""

from __future__ import annotations

import pytest
from django.utils import timezone

from aftersales.errors import ConflictError, DomainError, PermissionDeniedError
from complaints.events import ComplaintEventCode as Code
from complaints.models import Acceptance, ComplaintTransition
from complaints.services.complaints import complaint_act
from complaints.tests.conftest import ANSWER, drive, investigation, new_complaint

pytestmark = pytest.mark.django_db


def test_the_main_path_records_every_step_with_actor_and_time(people, quality):
    complaint = new_complaint(people["agent"])
    assert complaint.status == "accepted"

    drive(complaint, people, quality, to="closed")

    assert complaint.status == "closed"
    assert complaint.closed_at is not None
    events = list(complaint.events.values_list("code", "actor__username", "to_status"))
    assert events == [
        (Code.CREATED, "c_agent", "accepted"),
        (Code.CONTACT, "c_agent", ""),
        (Code.ASSIGN, "c_agent", "assigned"),
        (Code.START, "c_supervisor", "investigating"),
        (Code.INVESTIGATE, "c_supervisor", "action_defined"),
        (Code.REPLY, "c_agent", "replied"),
        (Code.ACCEPT, "c_agent", "closed"),
    ]
    assert complaint.department == quality
    assert complaint.root_cause.code == "manufacturing"
    assert complaint.action_owner == "制造部 李工"
    answer = Acceptance.objects.get(complaint=complaint)
    assert (answer.accepted, answer.how, answer.customer_name) == (True, "phone", "王秀英")
    assert answer.recorded_by == people["agent"]


def test_refusal_records_the_answer_and_reopens_the_investigation(people, quality):
    complaint = drive(new_complaint(people["agent"]), people, quality, to="replied")

    complaint_act(
        complaint=complaint,
        by=people["agent"],
        action="refuse",
        data={**ANSWER, "comment": "噪音仍在", "answered_at": timezone.now().isoformat()},
    )

    complaint.refresh_from_db()
    assert complaint.status == "investigating"
    assert not complaint.acceptances.get().accepted
    complaint_act(
        complaint=complaint,
        by=people["supervisor"],
        action="investigate",
        data=investigation(root_cause="design"),
    )
    complaint.refresh_from_db()
    assert complaint.status == "action_defined"
    assert complaint.root_cause.code == "design"


def test_closure_needs_the_customers_answer_how_when_and_by_whom(people, quality):
    complaint = drive(new_complaint(people["agent"]), people, quality, to="replied")

    with pytest.raises(DomainError) as refused:
        complaint_act(complaint=complaint, by=people["agent"], action="accept", data={})

    assert set(refused.value.errors) == {"how", "answered_at", "customer_name"}
    complaint.refresh_from_db()
    assert complaint.status == "replied"
    assert not complaint.acceptances.exists()


def test_no_rule_row_can_close_without_the_customers_acceptance(people, quality):
    ComplaintTransition.objects.create(
        action="note",
        from_status="replied",
        to_status="closed",
        roles=["agent"],
        label_zh="结案",
        label_en="Close",
    )
    complaint = drive(new_complaint(people["agent"]), people, quality, to="replied")

    with pytest.raises(ConflictError):
        complaint_act(complaint=complaint, by=people["agent"], action="note", data={"note": "x"})

    complaint.refresh_from_db()
    assert complaint.status == "replied"


def test_closing_before_the_reply_is_an_illegal_step(people, quality):
    complaint = drive(new_complaint(people["agent"]), people, quality, to="investigating")

    with pytest.raises(ConflictError) as refused:
        complaint_act(
            complaint=complaint,
            by=people["agent"],
            action="accept",
            data={**ANSWER, "answered_at": timezone.now().isoformat()},
        )

    assert refused.value.http_status == 409


@pytest.mark.parametrize(
    ("status", "role", "action"),
    [
        ("accepted", "technician", "assign"),
        ("accepted", "appraiser", "assign"),
        ("assigned", "agent", "start"),
        ("investigating", "agent", "investigate"),
        ("action_defined", "technician", "reply"),
        ("replied", "technician", "accept"),
        ("replied", "appraiser", "refuse"),
        ("investigating", "agent", "cancel"),
    ],
)
def test_a_role_outside_the_rule_is_refused_with_403(people, quality, status, role, action):
    complaint = (
        drive(new_complaint(people["agent"]), people, quality, to=status)
        if status != ("accepted")
        else new_complaint(people["agent"])
    )

    with pytest.raises(PermissionDeniedError) as refused:
        complaint_act(complaint=complaint, by=people[role], action=action, data={})

    assert refused.value.http_status == 403
    complaint.refresh_from_db()
    assert complaint.status == status


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("accepted", "start"),
        ("accepted", "reply"),
        ("assigned", "investigate"),
        ("investigating", "reply"),
        ("action_defined", "refuse"),
        ("closed", "note"),
        ("closed", "cancel"),
    ],
)
def test_a_step_out_of_order_is_refused_with_409(people, quality, status, action):
    complaint = new_complaint(people["agent"])
    if status != "accepted":
        drive(complaint, people, quality, to=status)

    with pytest.raises(ConflictError):
        complaint_act(complaint=complaint, by=people["manager"], action=action, data={})


def test_cancel_needs_a_reason_and_is_recorded(people, quality):
    complaint = drive(new_complaint(people["agent"]), people, quality, to="assigned")

    with pytest.raises(DomainError):
        complaint_act(complaint=complaint, by=people["supervisor"], action="cancel", data={})
    complaint_act(
        complaint=complaint,
        by=people["supervisor"],
        action="cancel",
        data={"reason": "客户撤回投诉"},
    )

    complaint.refresh_from_db()
    assert complaint.status == "cancelled"
    assert complaint.cancel_reason == "客户撤回投诉"
    assert set(complaint.clocks.values_list("state", flat=True)) <= {"cancelled", "met"}


def test_a_dealer_investigates_only_when_it_is_the_responsible_department(
    people, dealer_a, dealer_a_user, dealer_b_user
):
    from complaints.models import ResponsibleDepartment

    department = ResponsibleDepartment.objects.create(
        code="dealer-d-a", name_zh="甲经销商", name_en="Dealer A", organisation=dealer_a
    )
    complaint = new_complaint(people["agent"], dealer=dealer_a)
    complaint_act(complaint=complaint, by=people["agent"], action="contact", data={"note": "x"})
    complaint_act(
        complaint=complaint,
        by=people["agent"],
        action="assign",
        data={"department": department.code},
    )

    with pytest.raises(PermissionDeniedError):
        complaint_act(complaint=complaint, by=dealer_b_user, action="start", data={})
    complaint_act(complaint=complaint, by=dealer_a_user, action="start", data={})

    complaint.refresh_from_db()
    assert complaint.status == "investigating"
