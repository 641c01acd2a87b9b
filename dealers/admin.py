"""Admin for the dealer network: the rules and reference lists are data an administrator
edits here; records, claims, statements and the ledger are written by the services (with
their audit events) and only shown."""

from __future__ import annotations

from django.contrib import admin

from aftersales.admin import ReadOnlyAdmin, ReadOnlyInline, ReferenceListAdmin
from dealers.models import (
    AssessmentWeight,
    ClaimEvent,
    ClaimLine,
    ClaimRejectionReason,
    ClaimTransition,
    DealerAssessment,
    DealerProfile,
    DealerRules,
    PartsShipment,
    ReceivableLedgerEntry,
    RepairPart,
    RepairRecord,
    SettlementStatement,
    TechnicianCertificate,
    WarrantyClaim,
)

# --- rules and reference lists (editable) -------------------------------------------------


@admin.register(DealerRules)
class DealerRulesAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "record_filing_days",
        "parts_shipment_days",
        "arrangement_hours",
        "settlement_period_months",
        "repeat_repair_days",
    ]


admin.site.register(ClaimRejectionReason, ReferenceListAdmin)


@admin.register(AssessmentWeight)
class AssessmentWeightAdmin(ReferenceListAdmin):
    list_display = ["code", "name_zh", "name_en", "weight", "rank", "is_active"]
    list_editable = ["weight", "is_active"]


@admin.register(ClaimTransition)
class ClaimTransitionAdmin(admin.ModelAdmin):
    list_display = ["action", "from_status", "to_status", "roles", "position"]
    list_filter = ["from_status"]


# --- records (shown only) -----------------------------------------------------------------


@admin.register(DealerProfile)
class DealerProfileAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "grade", "labour_rate", "travel_rate", "updated_at"]
    list_filter = ["grade"]


@admin.register(TechnicianCertificate)
class TechnicianCertificateAdmin(ReadOnlyAdmin):
    list_display = ["number", "technician", "dealer", "valid_from", "valid_until"]
    list_filter = ["dealer"]
    search_fields = ["number", "technician__username", "technician__last_name"]


class RepairPartInline(ReadOnlyInline):
    model = RepairPart


@admin.register(RepairRecord)
class RepairRecordAdmin(ReadOnlyAdmin):
    list_display = ["number", "dealer", "ticket", "visit_date", "due_on", "filed_at", "filed_late"]
    list_filter = ["dealer", "filed_late"]
    search_fields = ["number", "ticket__number"]
    date_hierarchy = "visit_date"
    inlines = [RepairPartInline]


class ClaimLineInline(ReadOnlyInline):
    model = ClaimLine


class ClaimEventInline(ReadOnlyInline):
    model = ClaimEvent


@admin.register(WarrantyClaim)
class WarrantyClaimAdmin(ReadOnlyAdmin):
    list_display = ["number", "dealer", "status", "claimed_total", "approved_total", "outcome"]
    list_filter = ["status", "outcome", "dealer"]
    search_fields = ["number"]
    inlines = [ClaimLineInline, ClaimEventInline]


@admin.register(SettlementStatement)
class SettlementStatementAdmin(ReadOnlyAdmin):
    list_display = ["number", "dealer", "year", "quarter", "claims_count", "total", "issued_at"]
    list_filter = ["year", "quarter", "dealer"]


@admin.register(ReceivableLedgerEntry)
class ReceivableLedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "dealer", "kind", "amount", "reference"]
    list_filter = ["kind", "dealer"]
    date_hierarchy = "at"


@admin.register(PartsShipment)
class PartsShipmentAdmin(ReadOnlyAdmin):
    list_display = ["number", "dealer", "status", "verified_at", "due_at", "shipped_at"]
    list_filter = ["status", "dealer"]


@admin.register(DealerAssessment)
class DealerAssessmentAdmin(ReadOnlyAdmin):
    list_display = ["month", "dealer", "score", "rank", "source", "published_at"]
    list_filter = ["month", "source"]
