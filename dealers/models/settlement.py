"""Falsified-card findings, settlement notices, the receivables ledger, parts shipments."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dealers.models.claims import WarrantyClaim
from dealers.models.common import MONEY, ZERO


class FalsifiedCardFinding(models.Model):
    """A falsified warranty card found in a quarter: that quarter's repair fees are cancelled."""

    dealer = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="falsified_card_findings",
        verbose_name=_("dealer"),
    )
    card = models.ForeignKey(
        "warranty.WarrantyCard",
        on_delete=models.PROTECT,
        related_name="falsified_findings",
        verbose_name=_("warranty card"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("found by"),
    )
    found_at = models.DateTimeField(_("found at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-found_at"]
        verbose_name = _("falsified card finding")
        verbose_name_plural = _("falsified card findings")
        constraints = [
            models.UniqueConstraint(
                fields=["dealer", "card", "year", "quarter"], name="falsified_finding_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dealer_id} {self.year}Q{self.quarter}"


class SettlementStatement(models.Model):
    """三包费用核销通知: a dealer's quarterly statement of settled claims, set against its
    receivables."""

    number = models.CharField(_("number"), max_length=24, unique=True, editable=False)
    dealer = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="settlement_statements",
        verbose_name=_("dealer"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    claims_count = models.PositiveIntegerField(_("claims"), default=0)
    claimed_total = models.DecimalField(_("claimed"), **MONEY, default=ZERO)
    labour_total = models.DecimalField(_("labour"), **MONEY, default=ZERO)
    parts_total = models.DecimalField(_("parts"), **MONEY, default=ZERO)
    travel_total = models.DecimalField(_("travel"), **MONEY, default=ZERO)
    total = models.DecimalField(_("settled total"), **MONEY, default=ZERO)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )

    class Meta:
        ordering = ["-year", "-quarter", "dealer"]
        verbose_name = _("settlement statement")
        verbose_name_plural = _("settlement statements")
        constraints = [
            models.UniqueConstraint(fields=["dealer", "year", "quarter"], name="statement_unique"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def period(self) -> str:
        return f"{self.year}Q{self.quarter}"


class ReceivableLedgerEntry(models.Model):
    """应收账款: a movement on the dealer's receivable account.

    ``settlement`` (positive): a settled claim the company owes the dealer;
    ``deduction`` (negative): the quarter's settled total written off against receivables.
    """

    class Kind(models.TextChoices):
        SETTLEMENT = "settlement", _("Claim settled")
        DEDUCTION = "deduction", _("Deducted from receivables")

    dealer = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="receivable_entries",
        verbose_name=_("dealer"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    reference = models.CharField(_("reference"), max_length=40)
    claim = models.ForeignKey(
        WarrantyClaim,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
    )
    statement = models.ForeignKey(
        SettlementStatement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("receivable ledger entry")
        verbose_name_plural = _("receivable ledger entries")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "reference"], name="ledger_kind_reference_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount}"


class PartsShipment(models.Model):
    """Parts for an in-warranty replacement: due a set number of days after the list is
    verified."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        VERIFIED = "verified", _("Verified, to ship")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")

    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    dealer = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="parts_shipments",
        verbose_name=_("dealer"),
    )
    claim = models.ForeignKey(
        WarrantyClaim,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parts_shipments",
        verbose_name=_("claim"),
    )
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parts_shipments",
        verbose_name=_("ticket"),
    )
    items = models.JSONField(_("replacement list"), default=list)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    due_at = models.DateTimeField(_("ship by"), null=True, blank=True, db_index=True)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    carrier = models.CharField(_("carrier"), max_length=60, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=60, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("parts shipment")
        verbose_name_plural = _("parts shipments")

    def __str__(self) -> str:
        return self.number

    def is_overdue(self, now=None) -> bool:  # type: ignore[no-untyped-def]
        now = now or timezone.now()
        if self.due_at is None:
            return False
        done = self.shipped_at
        return (done or now) > self.due_at
