"""Everything this app adds to the others, registered from ``ComplaintsConfig.ready``:
navigation, ticket timeline labels, notification texts, the ticket page's complaint link,
the return-visit hook and the dealer assessment's metrics. Nothing below imports us."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


def ticket_panel(ticket: Any, user: Any) -> dict[str, Any] | None:
    """The ticket page's complaint box: one click to file a complaint from a caller's ticket,
    the complaints already filed, and the return-visit survey link (``None``: not shown)."""
    if user is None or not user.is_authenticated:
        return None
    from complaints.models import SurveyLink
    from complaints.selectors import complaint_list
    from complaints.services.complaints import INTAKE_ROLES
    from complaints.services.surveys import DESK_ROLES, VISITABLE

    complaints = list(
        complaint_list(user=user)
        .filter(tickets=ticket)
        .select_related("complaint_class", "seriousness")
        .order_by("received_at")
    )
    may_file = user.has_role(*INTAKE_ROLES)
    may_link = user.has_role(*DESK_ROLES) and ticket.status in VISITABLE
    if not complaints and not may_file and not may_link:
        return None
    link = (
        SurveyLink.objects.filter(ticket=ticket, used_at__isnull=True, revoked_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    return {
        "complaints": complaints,
        "may_file": may_file,
        "may_link": may_link and not ticket.surveys.exists(),
        "open_link": link,
    }


def register_all() -> None:
    from aftersales.navigation import NavItem, register

    register(
        NavItem(
            "complaints.list",
            _("Complaints"),
            "complaints:list",
            frozenset({"agent", "supervisor", "manager", "dealer", "appraiser"}),
            order=30,
        ),
        NavItem(
            "complaints.rates",
            _("Satisfaction"),
            "complaints:rates",
            frozenset({"supervisor", "manager"}),
            order=31,
        ),
        NavItem(
            "complaints.visits",
            _("Regular visits"),
            "complaints:visit-tasks",
            frozenset({"agent", "supervisor", "manager"}),
            order=32,
        ),
        NavItem(
            "complaints.duties",
            _("Dealer duties"),
            "complaints:duties",
            frozenset({"dealer", "supervisor", "manager"}),
            order=46,
        ),
    )
    from complaints.events import TicketEventCode
    from tickets.timeline import register_event_labels

    register_event_labels(
        {
            TicketEventCode.COMPLAINT_FILED.value: _("Complaint filed"),
            TicketEventCode.SURVEY_RECORDED.value: _("Return-visit survey recorded"),
            TicketEventCode.SURVEY_LINK_SENT.value: _("Survey link sent to the customer"),
        }
    )
    from complaints.notices import register_renderers

    register_renderers()
    from complaints.services.surveys import survey_from_visit
    from tickets.hooks import on_event
    from tickets.panels import TicketPanel, register_panel

    on_event(survey_from_visit)
    register_panel(TicketPanel("complaints", "complaints/_ticket_panel.html", ticket_panel, 30))
    from complaints.services.care import duties_metric, satisfaction_metric
    from dealers.services.assessment import register_metric

    register_metric("satisfaction_rate", satisfaction_metric)
    register_metric("dealer_duties", duties_metric)
