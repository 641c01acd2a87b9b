"""Admin: rules, stores, parts and minimum levels are data to edit; the ledger, transfers,
reservations and counts are written by the services only (read-only here)."""

from django.contrib import admin

from aftersales.admin import ReadOnlyAdmin
from parts.models import (
    Part,
    Reservation,
    StockCount,
    StockLevel,
    StockMove,
    StockRules,
    Store,
    SupplierOrder,
    Transfer,
)


@admin.register(StockRules)
class StockRulesAdmin(admin.ModelAdmin):
    list_display = ["__str__", "default_min_level", "warranty_shipment_days"]


@admin.register(Store)
class StoreAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "kind", "organisation", "is_active"]
    list_filter = ["kind", "is_active"]


@admin.register(Part)
class PartAdmin(admin.ModelAdmin):
    list_display = ["part_number", "name_zh", "name_en", "unit_cost", "price", "is_unit"]
    search_fields = ["part_number", "name_zh", "name_en"]
    filter_horizontal = ["compatible_models"]


@admin.register(StockLevel)
class StockLevelAdmin(admin.ModelAdmin):
    list_display = ["store", "part", "on_hand", "reserved", "on_order", "min_level"]
    list_filter = ["store"]
    readonly_fields = ["store", "part", "on_hand", "reserved", "on_order"]
    fields = ["store", "part", "on_hand", "reserved", "on_order", "min_level"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


for model in (StockMove, Transfer, Reservation, SupplierOrder, StockCount):
    admin.site.register(model, ReadOnlyAdmin)
