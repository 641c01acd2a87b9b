"""The survey a customer answers about a request: the complaints app's signed link, when
the service side has sent one that is still usable. The portal builds no survey of its own."""

from __future__ import annotations

from django.utils import timezone

from complaints.models import SurveyLink
from complaints.services.surveys import link_code, survey_url
from tickets.models import Ticket


def usable_link(ticket: Ticket) -> SurveyLink | None:
    return (
        SurveyLink.objects.filter(
            ticket=ticket,
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-created_at", "-id")
        .first()
    )


def survey_url_for(ticket: Ticket) -> str | None:
    """The address of the survey to answer now, or ``None``."""
    link = usable_link(ticket)
    return survey_url(link_code(link)) if link is not None else None
