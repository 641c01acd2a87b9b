"""Return-visit surveys (回访): items and levels as data, answers as rows, signed links."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.models import BilingualName


class SatisfactionRules(models.Model):
    """The loop's limits and targets (one row, pk 1, seeded by migration)."""

    link_valid_days = models.PositiveSmallIntegerField(
        _("survey link valid (days)"), default=7, validators=[MinValueValidator(1)]
    )
    visit_rate_target = models.DecimalField(
        _("return-visit rate target (%)"), max_digits=5, decimal_places=2, default=Decimal("100")
    )
    satisfaction_target = models.DecimalField(
        _("satisfaction rate target (%)"), max_digits=5, decimal_places=2, default=Decimal("98")
    )
    visit_task_lead_days = models.PositiveSmallIntegerField(
        _("regular visit task created (days before due)"), default=14
    )
    visit_task_grace_days = models.PositiveSmallIntegerField(
        _("regular visit escalated (days after due)"), default=7
    )
    dealer_duty_due_day = models.PositiveSmallIntegerField(
        _("dealer monthly survey and report due (day of the next month)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
    )

    class Meta:
        verbose_name = _("satisfaction rules")
        verbose_name_plural = _("satisfaction rules")

    def __str__(self) -> str:
        return str(_("Satisfaction rules"))

    @classmethod
    def current(cls) -> SatisfactionRules:
        rules, _created = cls.objects.get_or_create(pk=1)
        return rules


class SurveyItem(BilingualName):
    """What the customer rates: attitude, skill, arrival time, keeping promises (001 §二十五)."""

    class Meta(BilingualName.Meta):
        verbose_name = _("survey item")
        verbose_name_plural = _("survey items")


class SurveyLevel(BilingualName):
    """How satisfied: four levels; ``dissatisfied`` levels open a complaint."""

    score = models.PositiveSmallIntegerField(_("score"))
    dissatisfied = models.BooleanField(_("counts as dissatisfied"), default=False)

    class Meta(BilingualName.Meta):
        verbose_name = _("survey level")
        verbose_name_plural = _("survey levels")


class Survey(models.Model):
    """One answered survey: of a ticket's return visit, or of a regular visit to a customer."""

    class Source(models.TextChoices):
        PHONE = "phone", _("Recorded by an agent from a call")
        LINK = "link", _("Answered by the customer through a link")

    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("ticket"),
    )
    customer = models.ForeignKey(
        "tickets.Customer", on_delete=models.PROTECT, related_name="surveys"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
        help_text=_("Who did the work: the ticket's assigned organisation."),
    )
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys_about",
        verbose_name=_("technician"),
    )
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    comment = models.TextField(_("customer's comments"), blank=True)
    dissatisfied = models.BooleanField(_("dissatisfied"), default=False)
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    complaint = models.OneToOneField(
        "complaints.Complaint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey",
        verbose_name=_("complaint opened"),
    )

    class Meta:
        ordering = ["-answered_at", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        indexes = [
            models.Index(fields=["answered_at"], name="survey_answered_idx"),
            models.Index(fields=["organisation", "answered_at"], name="survey_org_idx"),
            models.Index(fields=["technician", "answered_at"], name="survey_tech_idx"),
        ]
        constraints = [
            # One return-visit survey per ticket: a second submission finds the first.
            models.UniqueConstraint(
                fields=["ticket"], condition=Q(ticket__isnull=False), name="survey_one_per_ticket"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket or self.customer} {self.answered_at:%Y-%m-%d}"


class SurveyAnswer(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(SurveyItem, on_delete=models.PROTECT, verbose_name=_("item"))
    level = models.ForeignKey(SurveyLevel, on_delete=models.PROTECT, verbose_name=_("level"))

    class Meta:
        ordering = ["item__rank", "item__code"]
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(fields=["survey", "item"], name="survey_answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.level}"


class SurveyLink(models.Model):
    """A signed short link the customer answers once, before it expires, without logging in.

    The code shown to the customer is the link's id and an HMAC of (id, nonce) under the
    site's secret key: it cannot be guessed from another link's code, and it is checked in
    constant time. ``used_at`` is set in the same transaction as the answers.
    """

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    nonce = models.CharField(max_length=32, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    sent_to = models.CharField(_("sent to"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("survey link")
        verbose_name_plural = _("survey links")

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.created_at:%Y-%m-%d}"
