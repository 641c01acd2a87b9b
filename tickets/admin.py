"""Admin for tickets and the SLA rows.

Reference data and rules are edited here: fault severities, region classes, the workflow
(``WorkflowAction``), customers, calendars with their windows and exceptions. Tickets are
shown read-only with their timeline; their workflow steps are taken through the same
``perform_action`` service as pages and API ("Perform an action"), so the admin can neither
skip a rule nor leave a step off the record. SLA policies are read-only (revise them through
the API so a new version is created); clocks and escalations are read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from accounts.requests import request_user
from aftersales.admin import ReadOnlyAdmin as ReadOnly
from aftersales.admin import ReadOnlyInline, ReferenceListAdmin
from aftersales.errors import DomainError
from tickets import actions
from tickets.actions import form_for
from tickets.models import (
    BusinessCalendar,
    CalendarException,
    Customer,
    Escalation,
    EscalationLevel,
    FaultSeverity,
    LabourEntry,
    PartUsage,
    RegionClass,
    SlaClock,
    SlaPolicy,
    SlaTarget,
    Ticket,
    TicketEvent,
    WorkflowAction,
    WorkingWindow,
)

# --- tickets ---------------------------------------------------------------------------------


admin.site.register([FaultSeverity, RegionClass], ReferenceListAdmin)


@admin.register(WorkflowAction)
class WorkflowActionAdmin(admin.ModelAdmin):
    list_display = ["action", "from_status", "to_status", "roles", "position"]
    list_filter = ["from_status", "to_status"]
    search_fields = ["action"]


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "region_class", "account", "created_at"]
    list_filter = ["region_class"]
    search_fields = ["name", "phone"]
    raw_id_fields = ["account"]


class TicketEventInline(ReadOnlyInline):
    model = TicketEvent
    fields = ["at", "code", "actor", "from_status", "to_status", "payload"]
    ordering = ["at", "id"]


class PartUsageInline(ReadOnlyInline):
    model = PartUsage


class LabourEntryInline(ReadOnlyInline):
    model = LabourEntry


@admin.register(Ticket)
class TicketAdmin(ReadOnly):
    list_display = [
        "number",
        "status",
        "kind",
        "severity",
        "customer",
        "assigned_organisation",
        "technician",
        "received_at",
        "sla_state",
        "sla_due_at",
    ]
    list_filter = ["status", "kind", "severity", "region_class", "assigned_organisation", "channel"]
    search_fields = ["number", "customer__name", "customer__phone", "serial_number"]
    list_select_related = ["severity", "customer", "assigned_organisation", "technician"]
    date_hierarchy = "received_at"
    inlines = [TicketEventInline, PartUsageInline, LabourEntryInline]
    change_form_template = "admin/tickets/ticket/change_form.html"

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "<path:object_id>/action/",
                self.admin_site.admin_view(self.action_view),
                name="tickets_ticket_action",
            )
        ]
        return own + super().get_urls()

    def action_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Choose one of the actions the user may take now, fill its fields, and perform it
        through ``actions.perform_action``; refusals come back on the form."""
        ticket = self.get_object(request, unquote(object_id))  # None for a malformed or unknown id
        if ticket is None:
            raise Http404
        if not self.has_view_permission(request, ticket):
            return HttpResponse(status=403)
        rules = actions.available_actions(ticket, request_user(request))
        chosen = (request.POST.get("action") or request.GET.get("action") or "")[:32]
        rule = next((r for r in rules if r.action == chosen), None)
        form = form_for(rule.action)(data=request.POST or None) if rule is not None else None
        status = 200
        if request.method == "POST" and chosen:
            fields = {
                k: v for k, v in request.POST.items() if k not in {"csrfmiddlewaretoken", "action"}
            }
            try:  # the service decides, also for an action not offered (its 409/403 message)
                actions.perform_action(
                    ticket=ticket, by=request_user(request), action=chosen, data=fields
                )
            except DomainError as error:
                status = error.http_status
                if form is not None:
                    form.is_valid()  # the form's own messages; the service's for the rest
                    error.add_to_form(form)
                else:
                    self.message_user(request, str(error.message), messages.ERROR)
            else:
                label = rule.label if rule is not None else chosen
                self.message_user(
                    request, _t("“%(action)s” done.") % {"action": label}, messages.SUCCESS
                )
                return HttpResponseRedirect(
                    reverse("admin:tickets_ticket_change", args=[ticket.pk])
                )
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": ticket,
            "title": _("Perform an action"),
            "rules": rules,
            "rule": rule,
            "form": form,
        }
        return TemplateResponse(request, "admin/tickets/ticket/action.html", context, status=status)


class WorkingWindowInline(admin.TabularInline):
    model = WorkingWindow
    extra = 0


class CalendarExceptionInline(admin.TabularInline):
    model = CalendarException
    extra = 1
    ordering = ["-date"]


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "tz", "updated_at"]
    inlines = [WorkingWindowInline, CalendarExceptionInline]


@admin.register(CalendarException)
class CalendarExceptionAdmin(admin.ModelAdmin):
    list_display = ["date", "calendar", "kind", "name"]
    list_filter = ["calendar", "kind"]
    date_hierarchy = "date"


class SlaTargetInline(admin.TabularInline):
    model = SlaTarget
    extra = 0
    fields = [
        "metric",
        "position",
        "when_kinds",
        "when_severities",
        "when_region_classes",
        "when_channels",
        "duration_seconds",
        "calendar",
        "start_on",
        "stop_on",
        "pause_statuses",
        "cancel_on",
    ]
    readonly_fields = fields  # type: ignore[assignment]


@admin.register(SlaPolicy)
class SlaPolicyAdmin(ReadOnly):
    list_display = [
        "key",
        "version",
        "is_current",
        "name_zh",
        "priority",
        "is_default",
        "created_at",
    ]
    list_filter = ["is_current", "key"]
    inlines = [SlaTargetInline]


@admin.register(EscalationLevel)
class EscalationLevelAdmin(ReadOnly):
    list_display = ["target", "level", "offset_seconds", "action", "role"]


@admin.register(SlaClock)
class SlaClockAdmin(ReadOnly):
    list_display = ["ticket", "metric", "state", "due_at", "next_action_at", "warned", "applies"]
    list_filter = ["metric", "state"]
    raw_id_fields = ["ticket"]


@admin.register(Escalation)
class EscalationAdmin(ReadOnly):
    list_display = ["clock", "level", "action", "fired_at"]
