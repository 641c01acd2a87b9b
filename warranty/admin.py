"""Admin for warranty: the policy (rules, exclusion reasons, product models with their
component periods) is data an administrator edits here; units, cards and contracts are
written by the services and imports (with their events) and only shown."""

from __future__ import annotations

from django.contrib import admin

from aftersales.admin import ReadOnlyAdmin, ReadOnlyInline, ReferenceListAdmin
from warranty.models import (
    ComponentPeriod,
    ContractVisit,
    ExclusionReason,
    MaintenanceContract,
    ProductModel,
    Unit,
    WarrantyCard,
    WarrantyRules,
)


@admin.register(WarrantyRules)
class WarrantyRulesAdmin(admin.ModelAdmin):
    list_display = ["__str__", "card_deadline_days", "card_warning_days", "renewal_notice_months"]


admin.site.register(ExclusionReason, ReferenceListAdmin)


class ComponentPeriodInline(admin.TabularInline):
    model = ComponentPeriod
    extra = 0


@admin.register(ProductModel)
class ProductModelAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name_zh",
        "category",
        "quality_months",
        "maintenance_months",
        "start_basis",
        "is_active",
    ]
    list_filter = ["category", "is_active"]
    search_fields = ["code", "name_zh", "name_en"]
    filter_horizontal = ["exclusions"]
    inlines = [ComponentPeriodInline]


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["serial", "product_model", "customer", "selling_dealer", "sale_date", "status"]
    list_filter = ["status", "product_model"]
    search_fields = ["serial", "customer__name", "customer__phone"]


@admin.register(WarrantyCard)
class WarrantyCardAdmin(ReadOnlyAdmin):
    list_display = ["unit", "dealer", "customer_name", "filed_on"]
    list_filter = ["dealer"]
    search_fields = ["unit__serial", "customer_name", "customer_phone"]


class ContractVisitInline(ReadOnlyInline):
    model = ContractVisit


@admin.register(MaintenanceContract)
class MaintenanceContractAdmin(ReadOnlyAdmin):
    list_display = ["number", "customer", "start", "end", "visits_per_year", "price"]
    search_fields = ["number", "customer__name"]
    inlines = [ContractVisitInline]
