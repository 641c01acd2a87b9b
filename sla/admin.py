"""Admin for the SLA rows: calendars with their windows and exceptions are edited here (every
exception goes through the services of ``sla.schedules``: an audit event, the calendar cache
told, open tickets re-measured; a calendar whose official schedule runs out within 60 days is
warned about on its pages); SLA policies are
read-only (revise them through the API so a new version is created); clocks and escalations
are read-only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.requests import request_user
from aftersales.admin import ReadOnlyAdmin as ReadOnly
from sla.models import (
    BusinessCalendar,
    CalendarEvent,
    CalendarException,
    Escalation,
    EscalationLevel,
    SlaClock,
    SlaPolicy,
    SlaTarget,
    WorkingWindow,
)
from sla.schedules import (
    calendar_exception_delete,
    calendar_exception_set,
    calendar_touched,
    calendars_short_of_schedule,
)


class WorkingWindowInline(admin.TabularInline):
    model = WorkingWindow
    extra = 0


class CalendarExceptionInline(admin.TabularInline):
    model = CalendarException
    extra = 1
    ordering = ["-date"]


def warn_about_horizons(request: HttpRequest) -> None:
    """Calendars of current policies whose official schedule runs out within 60 days."""
    for warning in calendars_short_of_schedule():
        messages.warning(request, warning.text)


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name_zh",
        "name_en",
        "tz",
        "follows_official_schedule",
        "schedule_through",
        "updated_at",
    ]
    inlines = [WorkingWindowInline, CalendarExceptionInline]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        if request.method == "GET":
            warn_about_horizons(request)
        return super().changelist_view(request, extra_context)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> Any:
        if request.method == "GET":
            warn_about_horizons(request)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not CalendarException:
            super().save_formset(request, form, formset, change)
            return
        formset.save(commit=False)
        for row in formset.deleted_objects:
            calendar_exception_delete(calendar=row.calendar, by=request_user(request), day=row.date)
        for row, _fields in formset.changed_objects:
            exception_save(request, row)
        for row in formset.new_objects:
            exception_save(request, row)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        calendar_touched(form.instance)  # windows too: cache forgotten, open tickets re-measured


def exception_save(request: HttpRequest, row: CalendarException) -> None:
    """An exception edited in the admin, written by the service (event, cache, re-measure);
    a row whose date was changed leaves its old date."""
    if row.pk is not None:
        old = CalendarException.objects.filter(pk=row.pk).values_list("calendar", "date").first()
        if old is not None and old != (row.calendar_id, row.date):
            calendar = BusinessCalendar.objects.get(pk=old[0])
            calendar_exception_delete(calendar=calendar, by=request_user(request), day=old[1])
    calendar_exception_set(
        calendar=row.calendar,
        by=request_user(request),
        day=row.date,
        kind=row.kind,
        name=row.name,
        windows=row.windows,
    )


@admin.register(CalendarException)
class CalendarExceptionAdmin(admin.ModelAdmin):
    list_display = ["date", "calendar", "kind", "name", "windows"]
    list_filter = ["calendar", "kind"]
    date_hierarchy = "date"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        exception_save(request, obj)
        saved = CalendarException.objects.get(calendar=obj.calendar, date=obj.date)
        obj.pk = saved.pk  # for the admin's log entry and redirect

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        calendar_exception_delete(calendar=obj.calendar, by=request_user(request), day=obj.date)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for row in queryset.select_related("calendar"):
            calendar_exception_delete(calendar=row.calendar, by=request_user(request), day=row.date)


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
        "urgent_percent",
    ]
    readonly_fields = fields  # type: ignore[assignment]  # the stubs' list type is too narrow


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


@admin.register(CalendarEvent)
class CalendarEventAdmin(ReadOnly):
    list_display = ["at", "calendar", "code", "actor"]
    list_filter = ["calendar", "code"]
