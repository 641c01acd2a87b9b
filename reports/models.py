"""Report rows: rollups the dashboards read instead of the clock and ticket tables, the
watermark that keeps them current, the report settings (data, seeded by migration) and the
monthly after-sales cost report.

Rollup grain: one row per (day the clock started, metric, severity, region class,
organisation) with counts per outcome, the sum of business seconds of the stopped clocks and a
histogram of them (for the 90th percentile); the same again per technician, and both again per
month. A clock's day is the local date of its start, which does not move when it stops, is
reopened or re-measured under another policy version: so rebuilding the days a changed clock
belongs to, and the months of those days, keeps every rollup exact (``reports.rollup``).

Kind and channel are not rollup dimensions (they would multiply the rows to about one per
clock); a dashboard filtered by them reads the clocks and tickets of the period instead.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: Upper edges (business seconds) of the histogram buckets h0 … h12; the last is open.
BUCKET_EDGES = (
    5 * 60,
    15 * 60,
    30 * 60,
    3600,
    2 * 3600,
    4 * 3600,
    8 * 3600,
    86400,
    2 * 86400,
    3 * 86400,
    7 * 86400,
    14 * 86400,
)
BUCKETS = len(BUCKET_EDGES) + 1
BUCKET_FIELDS = tuple(f"h{i}" for i in range(BUCKETS))


class _Dimensions(models.Model):
    day = models.DateField(_("day"), help_text=_("The day, or the first day of the month."))
    severity = models.ForeignKey(
        "tickets.FaultSeverity", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    region_class = models.ForeignKey(
        "tickets.RegionClass", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )

    class Meta:
        abstract = True


class _DayAndOrganisation(models.Model):
    day = models.DateField(_("day"))
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )

    class Meta:
        abstract = True


class _Technician(models.Model):
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        db_index=False,
    )

    class Meta:
        abstract = True


class _SlaCounts(models.Model):
    metric = models.CharField(_("metric"), max_length=32)
    met = models.PositiveIntegerField(_("met"), default=0)
    met_late = models.PositiveIntegerField(_("met late"), default=0)
    breached = models.PositiveIntegerField(_("breached"), default=0)
    running = models.PositiveIntegerField(_("running"), default=0)
    stopped_seconds = models.BigIntegerField(_("business seconds of stopped clocks"), default=0)
    h0 = models.PositiveIntegerField(default=0)
    h1 = models.PositiveIntegerField(default=0)
    h2 = models.PositiveIntegerField(default=0)
    h3 = models.PositiveIntegerField(default=0)
    h4 = models.PositiveIntegerField(default=0)
    h5 = models.PositiveIntegerField(default=0)
    h6 = models.PositiveIntegerField(default=0)
    h7 = models.PositiveIntegerField(default=0)
    h8 = models.PositiveIntegerField(default=0)
    h9 = models.PositiveIntegerField(default=0)
    h10 = models.PositiveIntegerField(default=0)
    h11 = models.PositiveIntegerField(default=0)
    h12 = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class _SlaMeasures(_Dimensions, _SlaCounts):
    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.day} {self.metric}"


class SlaDaily(_SlaMeasures):
    """Clocks that started on ``day`` with these dimensions, by outcome."""

    class Meta:
        verbose_name = _("SLA daily rollup")
        verbose_name_plural = _("SLA daily rollups")
        indexes = [
            models.Index(fields=["day", "metric"], name="reports_sla_day_idx"),
            models.Index(fields=["organisation", "day"], name="reports_sla_org_day_idx"),
        ]


class SlaMonthly(_SlaMeasures):
    """Clocks that started in the month beginning on ``day``, by outcome."""

    class Meta:
        verbose_name = _("SLA monthly rollup")
        verbose_name_plural = _("SLA monthly rollups")
        indexes = [
            models.Index(fields=["day", "metric"], name="reports_slam_day_idx"),
            models.Index(fields=["organisation", "day"], name="reports_slam_org_day_idx"),
        ]


class SlaTechnicianDaily(_SlaMeasures, _Technician):
    """The daily SLA rollup with the technician as one more dimension."""

    class Meta:
        verbose_name = _("SLA daily rollup per technician")
        verbose_name_plural = _("SLA daily rollups per technician")
        indexes = [
            models.Index(fields=["day", "metric"], name="reports_slat_day_idx"),
            models.Index(fields=["organisation", "day"], name="reports_slat_org_day_idx"),
            models.Index(fields=["technician", "day"], name="reports_slat_tech_day_idx"),
        ]


class SlaTechnicianMonthly(_SlaMeasures, _Technician):
    """The monthly SLA rollup with the technician as one more dimension."""

    class Meta:
        verbose_name = _("SLA monthly rollup per technician")
        verbose_name_plural = _("SLA monthly rollups per technician")
        indexes = [
            models.Index(fields=["day", "metric"], name="reports_slatm_day_idx"),
            models.Index(fields=["organisation", "day"], name="reports_slatm_org_day_idx"),
            models.Index(fields=["technician", "day"], name="reports_slatm_tech_day_idx"),
        ]


class SlaTechnicianTotalDaily(_DayAndOrganisation, _SlaCounts, _Technician):
    """The daily SLA rollup per technician summed over severity and region class (a quarter
    of its rows): what the technician split reads when neither is filtered."""

    class Meta:
        verbose_name = _("SLA daily rollup per technician, all severities and regions")
        verbose_name_plural = _("SLA daily rollups per technician, all severities and regions")
        indexes = [
            models.Index(fields=["day", "metric"], name="reports_slatt_day_idx"),
            models.Index(fields=["organisation", "day"], name="reports_slatt_org_day_idx"),
            models.Index(fields=["technician", "day"], name="reports_slatt_tech_day_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.metric} {self.technician_id}"


class _TicketMeasures(_Dimensions, _Technician):
    received = models.PositiveIntegerField(_("received"), default=0)
    resolved = models.PositiveIntegerField(_("resolved"), default=0)
    visited = models.PositiveIntegerField(_("resolved after an on-site visit"), default=0)
    first_time_fix = models.PositiveIntegerField(_("fixed at the first visit"), default=0)
    repairs = models.PositiveIntegerField(_("resolved repairs"), default=0)
    repeat_repairs = models.PositiveIntegerField(_("repeat repairs"), default=0)
    return_visited = models.PositiveIntegerField(_("resolved with a return visit"), default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.day} {self.organisation_id}"


class TicketDaily(_TicketMeasures):
    """Tickets received on ``day`` with these dimensions: how many are resolved, fixed at the
    first visit, and repeat repairs of the same unit and component."""

    class Meta:
        verbose_name = _("ticket daily rollup")
        verbose_name_plural = _("ticket daily rollups")
        indexes = [
            models.Index(fields=["day"], name="reports_ticket_day_idx"),
            models.Index(fields=["organisation", "day"], name="reports_ticket_org_day_idx"),
            models.Index(fields=["technician", "day"], name="reports_ticket_tech_day_idx"),
        ]


class TicketMonthly(_TicketMeasures):
    """Tickets received in the month beginning on ``day``."""

    class Meta:
        verbose_name = _("ticket monthly rollup")
        verbose_name_plural = _("ticket monthly rollups")
        indexes = [
            models.Index(fields=["day"], name="reports_ticketm_day_idx"),
            models.Index(fields=["organisation", "day"], name="reports_ticketm_org_day_idx"),
            models.Index(fields=["technician", "day"], name="reports_ticketm_tech_day_idx"),
        ]


class RollupWatermark(models.Model):
    """How far the incremental rollup has read the clock and ticket changes."""

    name = models.CharField(max_length=40, primary_key=True)
    at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rollup watermark")
        verbose_name_plural = _("rollup watermarks")

    def __str__(self) -> str:
        return f"{self.name} {self.at:%Y-%m-%d %H:%M:%S}"


class ReportSettings(models.Model):
    """One row of report rules, seeded by migration and edited in the admin."""

    compliance_target = models.DecimalField(
        _("compliance target (%)"), max_digits=5, decimal_places=2, default=Decimal("98.00")
    )
    at_risk_hours = models.PositiveSmallIntegerField(
        _("at-risk horizon (hours)"), default=2, help_text=_("Default of the dashboard picker.")
    )
    ageing_calendar_code = models.SlugField(
        _("calendar for business-time ageing (code)"),
        max_length=40,
        default="china_working_hours",
        help_text=_("Code of the business calendar that backlog ageing counts on."),
    )
    arrangement_hours = models.PositiveSmallIntegerField(
        _("dealer arrangement limit (hours)"), default=2
    )
    cost_report_ready_day = models.PositiveSmallIntegerField(
        _("cost report ready by day of month"), default=5
    )
    internal_labour_rate = models.DecimalField(
        _("internal labour rate (yuan/hour)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("60.00"),
    )
    rollup_lag_seconds = models.PositiveIntegerField(
        _("rollup re-read window (seconds)"),
        default=300,
        help_text=_("Changes written this long before the watermark are read again."),
    )
    reconcile_days = models.PositiveSmallIntegerField(
        _("nightly reconcile rebuilds this many days"), default=400
    )

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")

    def __str__(self) -> str:
        return str(_("Report settings"))

    @classmethod
    def current(cls) -> ReportSettings:
        row = cls.objects.order_by("pk").first()
        return row if row is not None else cls()


class CostReport(models.Model):
    """The monthly after-sales cost report (售后费用月报) of one month."""

    month = models.DateField(_("month"), unique=True, help_text=_("First day of the month."))
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)
    ready_on = models.DateField(_("ready by"))
    notified_at = models.DateTimeField(_("managers notified at"), null=True, blank=True)
    installation = models.DecimalField(_("installation"), max_digits=14, decimal_places=2)
    labour = models.DecimalField(_("dispatch labour"), max_digits=14, decimal_places=2)
    materials = models.DecimalField(_("materials"), max_digits=14, decimal_places=2)
    transport = models.DecimalField(_("transport"), max_digits=14, decimal_places=2)
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("monthly cost report")
        verbose_name_plural = _("monthly cost reports")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class CostReportLine(models.Model):
    report = models.ForeignKey(CostReport, on_delete=models.CASCADE, related_name="lines")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    product_model = models.CharField(_("product model"), max_length=100, blank=True)
    installation = models.DecimalField(_("installation"), max_digits=14, decimal_places=2)
    labour = models.DecimalField(_("dispatch labour"), max_digits=14, decimal_places=2)
    materials = models.DecimalField(_("materials"), max_digits=14, decimal_places=2)
    transport = models.DecimalField(_("transport"), max_digits=14, decimal_places=2)
    transport_km = models.DecimalField(_("travel km"), max_digits=12, decimal_places=1)
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["organisation__code", "product_model"]
        verbose_name = _("cost report line")
        verbose_name_plural = _("cost report lines")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "organisation", "product_model"], name="cost_line_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.organisation_id} {self.product_model}"
