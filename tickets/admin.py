"""Admin for tickets.

Reference data and rules are edited here: fault severities, region classes, the workflow
(``WorkflowAction``), customers. Tickets are shown read-only with their timeline; their
workflow steps are taken through the same ``perform_action`` service as pages and API
("Perform an action"), so the admin can neither skip a rule nor leave a step off the record.
The SLA rows have their own admin (``sla/admin.py``).
"""

from __future__ import annotations

from typing import Any

from django import forms
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
from tickets.access_defaults import DESCRIPTIVE_FIELDS
from tickets.actions import form_for
from tickets.models import (
    Customer,
    FaultSeverity,
    IntakeRule,
    LabourEntry,
    PartUsage,
    RegionClass,
    Status,
    Ticket,
    TicketEditRule,
    TicketEvent,
    WorkflowAction,
)

# --- tickets ---------------------------------------------------------------------------------


admin.site.register([FaultSeverity, RegionClass], ReferenceListAdmin)


@admin.register(WorkflowAction)
class WorkflowActionAdmin(admin.ModelAdmin):
    list_display = ["action", "from_status", "to_status", "roles", "position"]
    list_filter = ["from_status", "to_status"]
    search_fields = ["action"]


@admin.register(IntakeRule)
class IntakeRuleAdmin(admin.ModelAdmin):
    """How far back each role may set the time of a call; who may override a service type."""

    list_display = ["role", "backdate_hours", "may_override_service_type"]


class TicketEditRuleForm(forms.ModelForm):
    class Meta:
        model = TicketEditRule
        fields = ["role", "fields", "statuses", "only_assigned", "is_active"]

    def clean_fields(self) -> list[str]:  # type: ignore[override]
        names = self.cleaned_data["fields"]
        if not isinstance(names, list) or set(names) - set(DESCRIPTIVE_FIELDS):
            raise forms.ValidationError(
                _("Name fields among: %(fields)s.") % {"fields": ", ".join(DESCRIPTIVE_FIELDS)}
            )
        return names

    def clean_statuses(self) -> list[str]:
        statuses = self.cleaned_data["statuses"]
        known = {*Status.values, TicketEditRule.ANY_OPEN}
        if not isinstance(statuses, list) or set(statuses) - known:
            raise forms.ValidationError(_("Name ticket statuses, or “*” for every open one."))
        return statuses


@admin.register(TicketEditRule)
class TicketEditRuleAdmin(admin.ModelAdmin):
    """Who may correct which fields of a ticket, in which statuses (``ticket_update``)."""

    form = TicketEditRuleForm
    list_display = ["role", "fields", "statuses", "only_assigned", "is_active"]
    list_filter = ["role", "is_active"]


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
