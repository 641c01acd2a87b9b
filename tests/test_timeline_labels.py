"""Every event the product writes on a ticket's timeline reads as words in both languages,
never as its stable code."""

from __future__ import annotations

import pytest
from django.utils import translation

from dealers.services.records import RECORD_FILED, RECORD_PHOTOS_ADDED
from tickets.actions import event_code
from tickets.models import WorkflowAction
from tickets.services import CREATED, UPDATED
from tickets.timeline import event_label
from warranty.services.revisions import REVISED

WRITTEN_BY_OTHER_APPS = [
    RECORD_FILED,
    RECORD_PHOTOS_ADDED,
    REVISED,
    "sla.reassign",
    "sla.raise_severity",
]


@pytest.mark.django_db
def test_every_timeline_code_has_a_label_in_english_and_chinese():
    codes = [
        CREATED,
        UPDATED,
        *WRITTEN_BY_OTHER_APPS,
        *{event_code(a) for a in WorkflowAction.objects.values_list("action", flat=True)},
    ]
    for code in codes:
        with translation.override("en"):
            english = event_label(code)
        with translation.override("zh-hans"):
            chinese = event_label(code)
        assert english != code, code
        assert chinese != english, code
