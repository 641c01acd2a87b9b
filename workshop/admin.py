"""Admin: the workshop rules and standby units are data to edit; register entries, loans,
quotes, bills and exchanges are written by the services only (read-only here)."""

from django.contrib import admin

from aftersales.admin import ReadOnlyAdmin
from workshop.models import (
    CarryIn,
    ExchangeOrder,
    Quote,
    ServiceBill,
    StandbyLoan,
    StandbyUnit,
    WorkshopRules,
)


@admin.register(WorkshopRules)
class WorkshopRulesAdmin(admin.ModelAdmin):
    list_display = ["__str__", "labour_hourly_rate", "travel_rate_per_km", "standby_loan_days"]


@admin.register(StandbyUnit)
class StandbyUnitAdmin(admin.ModelAdmin):
    list_display = ["serial", "description", "product_model", "organisation", "status"]
    list_filter = ["status"]
    readonly_fields = ["status"]


for model in (CarryIn, StandbyLoan, Quote, ServiceBill, ExchangeOrder):
    admin.site.register(model, ReadOnlyAdmin)
