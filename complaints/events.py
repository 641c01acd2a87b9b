"""The audit codes this app writes, declared once (complaint timeline, ticket timeline)."""

from __future__ import annotations

from enum import StrEnum


class ComplaintEventCode(StrEnum):
    CREATED = "complaint.created"
    ASSIGN = "complaint.assign"
    REASSIGN = "complaint.reassign"
    START = "complaint.start"
    INVESTIGATE = "complaint.investigate"
    REPLY = "complaint.reply"
    ACCEPT = "complaint.accept"
    REFUSE = "complaint.refuse"
    CANCEL = "complaint.cancel"
    CONTACT = "complaint.contact"
    SITE_VISIT = "complaint.site_visit"
    EXPLAIN_DELAY = "complaint.explain_delay"
    NOTE = "complaint.note"
    REMINDER = "complaint.reminder"


class TicketEventCode(StrEnum):
    """Written on a ticket's timeline by this app."""

    COMPLAINT_FILED = "complaints.complaint_filed"
    SURVEY_RECORDED = "complaints.survey_recorded"
    SURVEY_LINK_SENT = "complaints.survey_link_sent"


class NotificationCode(StrEnum):
    REMINDER = "complaints.reminder"
    ASSIGNED = "complaints.assigned"
    FROM_SURVEY = "complaints.from_survey"
    VISIT_TASK_OVERDUE = "complaints.visit_task_overdue"
    DUTY_OVERDUE = "complaints.duty_overdue"
