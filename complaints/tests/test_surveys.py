"""Return-visit surveys as rows; a dissatisfied answer opens exactly one complaint; the
customer's signed link works once, cannot be guessed and expires."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from aftersales.errors import ConflictError, DomainError
from complaints.models import Complaint, Survey, SurveyLink
from complaints.services import surveys
from complaints.tests.conftest import walk
from notifications.models import Notification
from tickets.services import perform_action
from tickets.tests.factories import make_ticket

pytestmark = pytest.mark.django_db
HAPPY = {
    "attitude": "very_satisfied",
    "skill": "satisfied",
    "arrival": "satisfied",
    "promise": "very_satisfied",
}
UNHAPPY = {**HAPPY, "arrival": "dissatisfied"}


@pytest.fixture
def resolved(people):
    ticket = make_ticket(by=people["agent"])
    walk(ticket, people, to="resolved")
    return ticket


def test_the_tickets_visit_step_stores_the_survey_as_rows(people, resolved):
    perform_action(
        ticket=resolved,
        by=people["agent"],
        action="return_visit",
        data={"attitude": 4, "skill": 3, "arrival": 3, "promise": 4, "note": "很好"},
    )

    survey = Survey.objects.get(ticket=resolved)
    answers = dict(survey.answers.values_list("item__code", "level__code"))
    assert answers == {
        "attitude": "very_satisfied",
        "skill": "satisfied",
        "arrival": "satisfied",
        "promise": "very_satisfied",
    }
    assert (survey.source, survey.comment, survey.dissatisfied) == ("phone", "很好", False)
    assert survey.technician == people["technician"]
    assert not Complaint.objects.exists()


def test_a_dissatisfied_visit_opens_one_complaint_and_tells_the_supervisor(people, resolved):
    perform_action(
        ticket=resolved,
        by=people["agent"],
        action="return_visit",
        data={"attitude": 4, "skill": 4, "arrival": 1, "promise": 4},
    )

    complaint = Complaint.objects.get()
    assert complaint.channel == "survey"
    assert complaint.complaint_class.from_survey
    assert list(complaint.tickets.all()) == [resolved]
    assert complaint.technician == people["technician"]
    assert Survey.objects.get().complaint == complaint
    assert Notification.objects.filter(
        code="complaints.from_survey", recipient=people["supervisor"]
    ).exists()


def test_recording_the_same_survey_twice_opens_one_complaint(people, resolved):
    surveys.survey_record(ticket=resolved, by=people["agent"], answers=UNHAPPY)

    with pytest.raises(ConflictError):
        surveys.survey_record(ticket=resolved, by=people["agent"], answers=UNHAPPY)

    assert Complaint.objects.count() == 1
    resolved.refresh_from_db()
    assert resolved.status == "visited"


def test_every_item_must_be_answered(people, resolved):
    with pytest.raises(DomainError) as refused:
        surveys.survey_record(
            ticket=resolved, by=people["agent"], answers={"attitude": "satisfied"}
        )

    assert set(refused.value.errors) == {"skill", "arrival", "promise"}
    assert not Survey.objects.exists()


def test_the_customer_answers_through_the_link_once(people, resolved):
    _link, code = surveys.survey_link_create(ticket=resolved, by=people["agent"])

    survey = surveys.survey_submit_by_link(code=code, answers=UNHAPPY, comment="来晚了两小时")
    with pytest.raises(surveys.LinkInvalid):
        surveys.survey_submit_by_link(code=code, answers=UNHAPPY)

    assert survey.source == "link"
    assert Complaint.objects.count() == 1
    assert "来晚了两小时" in Complaint.objects.get().description
    resolved.refresh_from_db()
    assert resolved.status == "visited"


def test_a_guessed_or_altered_code_is_refused(people, resolved):
    link, code = surveys.survey_link_create(ticket=resolved, by=people["agent"])
    head, mac = code.split("-")
    altered = f"{head}-{mac[:-1]}{'A' if mac[-1] != 'A' else 'B'}"
    other_id = f"{surveys._encode(link.pk + 1)}-{mac}"

    for wrong in (altered, other_id, "ZZZZ-ABCDEFGH", "", "../../admin"):
        with pytest.raises(surveys.LinkInvalid):
            surveys.survey_submit_by_link(code=wrong, answers=HAPPY)
    assert not Survey.objects.exists()


def test_an_expired_link_is_refused(people, resolved):
    _link, code = surveys.survey_link_create(ticket=resolved, by=people["agent"])

    with (
        time_machine.travel(timezone.now() + timedelta(days=8)),
        pytest.raises(surveys.LinkInvalid),
    ):
        surveys.survey_submit_by_link(code=code, answers=HAPPY)
    assert not Survey.objects.exists()


def test_a_new_link_revokes_the_old_one(people, resolved):
    _old, old_code = surveys.survey_link_create(ticket=resolved, by=people["agent"])
    _new, new_code = surveys.survey_link_create(ticket=resolved, by=people["agent"])

    with pytest.raises(surveys.LinkInvalid):
        surveys.usable_link(old_code)
    assert surveys.usable_link(new_code)
    assert SurveyLink.objects.filter(revoked_at__isnull=False).count() == 1


def test_the_survey_page_needs_no_login_and_works_once(client, people, resolved):
    _link, code = surveys.survey_link_create(ticket=resolved, by=people["agent"])
    url = f"/s/{code}/"

    assert client.get(url).status_code == 200
    assert client.post(url, {**HAPPY, "arrival": ""}).status_code == 400
    assert client.post(url, HAPPY).status_code == 200
    again = client.get(url)

    assert again.status_code == 404
    assert Survey.objects.get().dissatisfied is False
