"""The monthly dealer assessment and its weights."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dealers.models.common import ZERO, Bilingual


class AssessmentWeight(Bilingual):
    """The weight of one assessment metric (data)."""

    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )

    class Meta(Bilingual.Meta):
        verbose_name = _("assessment weight")
        verbose_name_plural = _("assessment weights")


class DealerAssessment(models.Model):
    """考核: a dealer's score for one month; computed on the 1st, published by the 5th."""

    dealer = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("dealer"),
    )
    month = models.DateField(_("month"), help_text=_("The first day of the assessed month."))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    metrics = models.JSONField(_("metrics"), default=dict)
    source = models.CharField(_("SLA source"), max_length=20, default="events")
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)

    class Meta:
        ordering = ["-month", "rank", "dealer"]
        verbose_name = _("dealer assessment")
        verbose_name_plural = _("dealer assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["dealer", "month"], name="assessment_dealer_month_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dealer_id} {self.month:%Y-%m}"
