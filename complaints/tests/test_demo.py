"""The demo data shows the loop: a complaint in every state, one opened by a survey."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from complaints.models import Complaint, ComplaintStatus, Survey, SurveyLink, VisitTask

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_complaint_in_every_state_and_one_from_a_survey():
    call_command("seed_demo", stdout=io.StringIO())

    states = set(Complaint.objects.values_list("status", flat=True))
    assert states == set(ComplaintStatus.values)
    from_survey = Complaint.objects.get(channel="survey")
    assert Survey.objects.get(complaint=from_survey).dissatisfied
    assert SurveyLink.objects.filter(used_at__isnull=True, revoked_at__isnull=True).count() == 1
    assert VisitTask.objects.filter(status="open").exists()
    refused = Complaint.objects.get(customer__phone="13800000208")
    assert refused.status == "investigating"
    assert refused.acceptances.filter(accepted=False).exists()
