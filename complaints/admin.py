"""Admin: classes, seriousness, targets, departments, survey items/levels, tiers and rules are
data to edit; complaints, surveys, reminders and duties are service-written and read-only."""

from __future__ import annotations

from django.contrib import admin

from aftersales.admin import ReadOnlyAdmin, ReadOnlyInline, ReferenceListAdmin
from complaints import models as m

for model in (m.ComplaintClass, m.Seriousness, m.RootCause, m.SurveyItem, m.CustomerTier):
    admin.site.register(model, ReferenceListAdmin)


@admin.register(m.SurveyLevel)
class SurveyLevelAdmin(ReferenceListAdmin):
    list_display = ["code", "name_zh", "name_en", "score", "dissatisfied", "rank", "is_active"]


@admin.register(m.ComplaintTarget)
class ComplaintTargetAdmin(admin.ModelAdmin):
    list_display = [
        "seriousness",
        "kind",
        "abroad",
        "complaint_class",
        "duration_seconds",
        "warn_before_seconds",
        "calendar",
        "is_active",
    ]
    list_filter = ["kind", "abroad", "seriousness"]


@admin.register(m.ComplaintTransition)
class ComplaintTransitionAdmin(admin.ModelAdmin):
    list_display = ["action", "from_status", "to_status", "roles", "position", "is_active"]


@admin.register(m.ResponsibleDepartment)
class ResponsibleDepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "organisation", "manager", "is_active"]
    filter_horizontal = ["members"]


@admin.register(m.SatisfactionRules)
class SatisfactionRulesAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return not m.SatisfactionRules.objects.exists()


@admin.register(m.CustomerTierAssignment)
class CustomerTierAssignmentAdmin(admin.ModelAdmin):
    list_display = ["customer", "tier", "since"]
    raw_id_fields = ["customer"]


class EventInline(ReadOnlyInline):
    model = m.ComplaintEvent
    fields = ["at", "code", "actor", "from_status", "to_status", "payload"]


class ClockInline(ReadOnlyInline):
    model = m.ComplaintClock
    fields = ["kind", "state", "started_at", "due_at", "stopped_at"]


@admin.register(m.Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ["number", "status", "complaint_class", "seriousness", "customer", "received_at"]
    list_filter = ["status", "complaint_class", "seriousness", "channel"]
    search_fields = ["number", "customer__name"]
    inlines = [ClockInline, EventInline]


for record in (m.Survey, m.Reminder, m.DelayExplanation, m.VisitTask, m.DealerDuty, m.SurveyLink):
    admin.site.register(record, ReadOnlyAdmin)
