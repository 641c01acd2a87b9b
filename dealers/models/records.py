"""Three-guarantee repair records and their parts."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dealers.models.common import MONEY, ZERO


class RepairRecord(models.Model):
    """三包维修记录: what a dealer did on a ticket, signed by the customer."""

    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    dealer = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="repair_records",
        verbose_name=_("dealer"),
    )
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.PROTECT,
        related_name="repair_records",
        verbose_name=_("ticket"),
    )
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="repair_records",
        verbose_name=_("technician"),
    )
    visit_date = models.DateField(_("visit date"))
    work_done = models.TextField(_("work done"))
    labour_hours = models.DecimalField(
        _("labour hours"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("999"))],
    )
    travel_km = models.DecimalField(
        _("travel distance (km)"),
        max_digits=8,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("99999"))],
    )
    customer_signed_name = models.CharField(_("customer signed by"), max_length=100)
    customer_signed_at = models.DateTimeField(_("customer signed at"))
    due_on = models.DateField(_("filing due on"))
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    filed_late = models.BooleanField(_("filed late"), default=False)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("filed by"),
    )
    claim = models.ForeignKey(
        "WarrantyClaim",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="records",
        verbose_name=_("claim"),
    )
    attachments = GenericRelation("attachments.Attachment")

    class Meta:
        ordering = ["-filed_at", "-id"]
        verbose_name = _("repair record")
        verbose_name_plural = _("repair records")
        indexes = [models.Index(fields=["dealer", "-filed_at"], name="record_dealer_filed_idx")]

    def __str__(self) -> str:
        return self.number


class RepairPart(models.Model):
    record = models.ForeignKey(RepairRecord, on_delete=models.CASCADE, related_name="parts")
    part_number = models.CharField(_("part number"), max_length=64)
    name = models.CharField(_("part name"), max_length=200)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    unit_price = models.DecimalField(_("unit price"), **MONEY, validators=[MinValueValidator(ZERO)])
    old_part_retained = models.BooleanField(_("old part retained"), default=True)
    tag_number = models.CharField(_("old part tag no."), max_length=40, blank=True)

    class Meta:
        ordering = ["record", "id"]
        verbose_name = _("replaced part")
        verbose_name_plural = _("replaced parts")

    def __str__(self) -> str:
        return f"{self.part_number} × {self.quantity}"

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(Decimal("0.01"))
