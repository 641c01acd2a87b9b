"""The audit codes tickets write on their timeline, declared once. Other apps declare their
own (``parts.events``, ``sla.events`` …) and register labels through
:func:`tickets.timeline.register_event_labels`; they compare against these members, never
against retyped strings."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class TicketEventCode(StrEnum):
    """``ticket.created``, ``ticket.updated``, ``ticket.service_type_overridden`` and one
    ``ticket.<action>`` per workflow action."""

    CREATED = "ticket.created"
    UPDATED = "ticket.updated"
    SERVICE_TYPE_OVERRIDDEN = "ticket.service_type_overridden"
    FORWARD = "ticket.forward"
    ARRANGE = "ticket.arrange"
    CHECK = "ticket.check"
    CHECK_IN = "ticket.check_in"
    CARRY_IN = "ticket.carry_in"
    AWAIT_PARTS = "ticket.await_parts"
    PARTS_ARRIVED = "ticket.parts_arrived"
    WAIT_CUSTOMER = "ticket.wait_customer"
    RESUME = "ticket.resume"
    RESTORE = "ticket.restore"
    RESOLVE = "ticket.resolve"
    CONFIRM_BY_PHONE = "ticket.confirm_by_phone"
    RETURN_VISIT = "ticket.return_visit"
    CLOSE = "ticket.close"
    REOPEN = "ticket.reopen"
    CANCEL = "ticket.cancel"
    ADD_NOTE = "ticket.add_note"
    LOG_CONTACT = "ticket.log_contact"
    ADD_PART = "ticket.add_part"
    ADD_LABOUR = "ticket.add_labour"
    ASSIGN = "ticket.assign"
    CHANGE_SEVERITY = "ticket.change_severity"
    # The customer's own actions (their handlers and rules come with the customer portal).
    ADD_INFO = "ticket.add_info"
    CONFIRM_REPAIR = "ticket.confirm_repair"


LABELS = {
    TicketEventCode.CREATED: _("Ticket registered"),
    TicketEventCode.UPDATED: _("Details corrected"),
    TicketEventCode.SERVICE_TYPE_OVERRIDDEN: _("Service type set against the warranty decision"),
    TicketEventCode.FORWARD: _("Forwarded"),
    TicketEventCode.ARRANGE: _("Technician arranged, customer told"),
    TicketEventCode.CHECK: _("Supervisor checked the arrangement"),
    TicketEventCode.CHECK_IN: _("Technician checked in on site"),
    TicketEventCode.CARRY_IN: _("Carried in to the workshop"),
    TicketEventCode.AWAIT_PARTS: _("Waiting for parts"),
    TicketEventCode.PARTS_ARRIVED: _("Parts arrived"),
    TicketEventCode.WAIT_CUSTOMER: _("Waiting for the customer"),
    TicketEventCode.RESUME: _("Work resumed"),
    TicketEventCode.RESTORE: _("Service restored"),
    TicketEventCode.RESOLVE: _("Resolved, customer signed off"),
    TicketEventCode.CONFIRM_BY_PHONE: _("Completion confirmed by phone"),
    TicketEventCode.RETURN_VISIT: _("Return visit recorded"),
    TicketEventCode.CLOSE: _("Closed"),
    TicketEventCode.REOPEN: _("Reopened"),
    TicketEventCode.CANCEL: _("Cancelled"),
    TicketEventCode.ADD_NOTE: _("Note"),
    TicketEventCode.LOG_CONTACT: _("Contact with the customer"),
    TicketEventCode.ADD_PART: _("Part used"),
    TicketEventCode.ADD_LABOUR: _("Hours worked"),
    TicketEventCode.ASSIGN: _("Reassigned"),
    TicketEventCode.CHANGE_SEVERITY: _("Severity changed"),
    TicketEventCode.ADD_INFO: _("Customer added information"),
    TicketEventCode.CONFIRM_REPAIR: _("Customer confirmed the repair"),
}
