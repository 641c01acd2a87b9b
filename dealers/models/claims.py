"""Warranty claims: statuses and transitions as data, lines, history, old-part return."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.models import EventRecord, TransitionRule
from dealers.models.common import MONEY, ZERO, Bilingual
from dealers.models.records import RepairPart, RepairRecord


class ClaimRejectionReason(Bilingual):
    class Meta(Bilingual.Meta):
        verbose_name = _("claim rejection reason")
        verbose_name_plural = _("claim rejection reasons")


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PARTS_RECEIVED = "parts_received", _("Old parts received")
    APPRAISED = "appraised", _("Appraised")
    REVIEWED = "reviewed", _("Reviewed")
    SETTLED = "settled", _("Settled")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


class ClaimTransition(TransitionRule):
    """Which action moves a claim from which status to which, and which roles may do it.

    Data seeded by migration ``0002``; the one service ``claim_transition`` checks it for
    pages, API and admin alike. An empty ``to_status`` records an event only.
    """

    from_status = models.CharField(_("from status"), max_length=20, choices=ClaimStatus.choices)

    class Meta(TransitionRule.Meta):
        verbose_name = _("claim transition")
        verbose_name_plural = _("claim transitions")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "from_status"], name="claim_transition_unique"
            )
        ]


class WarrantyClaim(models.Model):
    """索赔单: the dealer's claim for the cost of one or more repair records."""

    class Outcome(models.TextChoices):
        FULL = "full", _("Approved in full")
        PARTIAL = "partial", _("Approved in part")
        REJECTED = "rejected", _("Rejected")

    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    dealer = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="warranty_claims",
        verbose_name=_("dealer"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ClaimStatus.choices,
        default=ClaimStatus.DRAFT,
        editable=False,
    )
    labour_rate = models.DecimalField(_("labour rate (yuan/hour)"), **MONEY)
    travel_rate = models.DecimalField(_("travel rate (yuan/km)"), **MONEY)
    claimed_total = models.DecimalField(_("claimed"), **MONEY, default=ZERO)
    approved_total = models.DecimalField(_("approved"), **MONEY, null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    rejection_reason = models.ForeignKey(
        ClaimRejectionReason,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("rejection reason"),
    )
    review_note = models.TextField(_("review note"), blank=True)
    genuine = models.BooleanField(_("genuine warranty case"), null=True, blank=True)
    appraisal_note = models.TextField(_("appraisal note"), blank=True)
    fees_cancelled = models.BooleanField(_("repair fees cancelled"), default=False)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    settled_year = models.PositiveSmallIntegerField(_("settlement year"), null=True, blank=True)
    settled_quarter = models.PositiveSmallIntegerField(
        _("settlement quarter"), null=True, blank=True
    )
    statement = models.ForeignKey(
        "SettlementStatement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        verbose_name=_("statement"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("warranty claim")
        verbose_name_plural = _("warranty claims")
        indexes = [
            models.Index(fields=["dealer", "status"], name="claim_dealer_status_idx"),
            models.Index(fields=["status", "-created_at"], name="claim_status_idx"),
            models.Index(
                fields=["dealer", "settled_year", "settled_quarter"],
                name="claim_dealer_quarter_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class ClaimLine(models.Model):
    class Kind(models.TextChoices):
        LABOUR = "labour", _("Labour")
        PART = "part", _("Part")
        TRAVEL = "travel", _("Travel")

    class Verdict(models.TextChoices):
        USABLE = "usable", _("Usable")
        SCRAP = "scrap", _("Scrap")

    claim = models.ForeignKey(WarrantyClaim, on_delete=models.CASCADE, related_name="lines")
    record = models.ForeignKey(RepairRecord, on_delete=models.PROTECT, related_name="claim_lines")
    part = models.ForeignKey(
        RepairPart, on_delete=models.PROTECT, null=True, blank=True, related_name="claim_lines"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=200)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    unit_price = models.DecimalField(_("unit price"), **MONEY)
    amount = models.DecimalField(_("claimed"), **MONEY)
    approved_amount = models.DecimalField(_("approved"), **MONEY, null=True, blank=True)
    tag_number = models.CharField(_("old part tag no."), max_length=40, blank=True)
    verdict = models.CharField(_("appraisal"), max_length=10, choices=Verdict.choices, blank=True)
    verdict_reason = models.CharField(_("appraisal reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["claim", "id"]
        verbose_name = _("claim line")
        verbose_name_plural = _("claim lines")

    def __str__(self) -> str:
        return f"{self.claim_id} {self.kind} {self.amount}"

    @property
    def text(self) -> str:
        """What the line is, in the reader's language, from its kind and values (the stored
        ``description`` was written in the language of whoever filed the claim)."""
        if self.kind == self.Kind.LABOUR:
            return str(_("Labour %(record)s")) % {"record": self.record.number}
        if self.kind == self.Kind.TRAVEL:
            return str(_("Travel %(km)s km")) % {"km": self.quantity.normalize()}
        return self.description


class ClaimEvent(EventRecord):
    """One step on a claim's record. ``code`` is a stable machine code, never translated."""

    claim = models.ForeignKey(WarrantyClaim, on_delete=models.CASCADE, related_name="events")
    #: Indexed on its own (the other events index it in their ``Meta``).
    code = models.CharField(_("code"), max_length=64, db_index=True)

    class Meta(EventRecord.Meta):
        verbose_name = _("claim event")
        verbose_name_plural = _("claim events")

    def __str__(self) -> str:
        return f"{self.claim_id} {self.code}"


class ReturnShipment(models.Model):
    """旧件回收: the dealer's parcel of tagged old parts for a claim."""

    claim = models.OneToOneField(
        WarrantyClaim,
        on_delete=models.CASCADE,
        related_name="return_shipment",
        verbose_name=_("claim"),
    )
    carrier = models.CharField(_("carrier"), max_length=60, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=60)
    tags = models.JSONField(_("tagged parts"), default=list)
    shipped_at = models.DateTimeField(_("shipped at"), default=timezone.now)
    shipped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("shipped by"),
    )
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received by"),
    )

    class Meta:
        verbose_name = _("return shipment")
        verbose_name_plural = _("return shipments")

    def __str__(self) -> str:
        return self.tracking_number
