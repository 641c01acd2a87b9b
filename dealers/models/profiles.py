"""The dealers' terms, profiles, grade history and certified technicians."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dealers.models.common import MONEY, ZERO


class DealerRules(models.Model):
    """The dealer limits that are not per dealer: one row (pk 1), seeded by migration."""

    record_filing_days = models.PositiveSmallIntegerField(
        _("repair record due (days after the visit)"), default=5
    )
    parts_shipment_days = models.PositiveSmallIntegerField(
        _("parts shipment due (days after verification)"), default=3
    )
    feedback_days = models.PositiveSmallIntegerField(
        _("feedback on a quality report (days)"), default=3
    )
    arrangement_hours = models.PositiveSmallIntegerField(
        _("arrangement limit (hours after forwarding)"),
        default=2,
        help_text=_("Used for the assessment while no SLA clocks are available."),
    )
    settlement_period_months = models.PositiveSmallIntegerField(
        _("settlement period (months)"),
        default=3,
        help_text=_("Settlement is quarterly (3 months)."),
    )
    require_on_time_card = models.BooleanField(
        _("claims need an on-time warranty card"),
        default=True,
        help_text=_("A unit whose card the dealer did not return on time is not claimable by it."),
    )
    reject_excluded_causes = models.BooleanField(
        _("reject claims for excluded causes"), default=True
    )
    falsified_card_cancels_quarter = models.BooleanField(
        _("a falsified card cancels the quarter's repair fees"), default=True
    )
    repeat_repair_days = models.PositiveSmallIntegerField(
        _("repeat repair window (days)"), default=90
    )
    assessment_publish_day = models.PositiveSmallIntegerField(
        _("assessment published by (day of month)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )

    class Meta:
        verbose_name = _("dealer rules")
        verbose_name_plural = _("dealer rules")

    def __str__(self) -> str:
        return str(_("Dealer rules"))

    @classmethod
    def current(cls) -> DealerRules:
        rules, _created = cls.objects.get_or_create(pk=1)
        return rules


class DealerProfile(models.Model):
    """A dealer organisation's agreed terms (the dealer service agreement)."""

    class Grade(models.TextChoices):
        A = "A", _("Grade A")
        B = "B", _("Grade B")
        C = "C", _("Grade C")
        D = "D", _("Grade D (on probation)")

    organisation = models.OneToOneField(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="dealer_profile",
        verbose_name=_("dealer"),
    )
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices, default=Grade.B)
    labour_rate = models.DecimalField(
        _("agreed labour rate (yuan/hour)"),
        **MONEY,
        default=Decimal("40.00"),
        validators=[MinValueValidator(ZERO)],
    )
    travel_rate = models.DecimalField(
        _("travel rate (yuan/km)"),
        **MONEY,
        default=Decimal("1.50"),
        validators=[MinValueValidator(ZERO)],
    )
    return_visit_target = models.DecimalField(
        _("return-visit target (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("100.00"),
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))],
    )
    receivable_account = models.CharField(_("receivable account"), max_length=40, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["organisation__code"]
        verbose_name = _("dealer profile")
        verbose_name_plural = _("dealer profiles")

    def __str__(self) -> str:
        return str(self.organisation)


class DealerEvent(models.Model):
    """Something that happened to a dealer (grade change, finding), with a stable code."""

    dealer = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="dealer_events",
        verbose_name=_("dealer"),
    )
    code = models.CharField(_("code"), max_length=64, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("actor"),
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    payload = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("dealer event")
        verbose_name_plural = _("dealer events")

    def __str__(self) -> str:
        return f"{self.dealer_id} {self.code}"


class TechnicianCertificate(models.Model):
    """维修员证: a dealer technician's registration, valid between two dates."""

    dealer = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="technician_certificates",
        verbose_name=_("dealer"),
    )
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="certificates",
        verbose_name=_("technician"),
    )
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["dealer", "technician", "-valid_until"]
        verbose_name = _("technician certificate")
        verbose_name_plural = _("technician certificates")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="certificate_period_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_until
