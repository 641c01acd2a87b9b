"""Dealers (经销商): their terms, certified technicians, three-guarantee repair records,
warranty claims with old-part appraisal, parts shipments, quarterly settlement and the
monthly assessment.

Every limit and rule is a row (``DealerRules``, ``ClaimTransition``, ``ClaimRejectionReason``,
``AssessmentWeight``) seeded by migration ``0002``; every amount is a ``Decimal``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TypedDict

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.models import BilingualName, TransitionRule

ZERO = Decimal("0.00")


class _Money(TypedDict):
    max_digits: int
    decimal_places: int


#: Every amount: up to ¥999,999,999,999.99, two decimals.
MONEY: _Money = {"max_digits": 14, "decimal_places": 2}
#: The largest amount a money column holds (12 digits before the point, 2 after).
MONEY_MAX = Decimal(10) ** (MONEY["max_digits"] - MONEY["decimal_places"]) - Decimal("0.01")


class Bilingual(BilingualName):
    """Dealer reference data: longer codes and names than the tickets' lists."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120)

    class Meta(BilingualName.Meta):
        abstract = True


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


class ClaimEvent(models.Model):
    """One step on a claim's record. ``code`` is a stable machine code, never translated."""

    claim = models.ForeignKey(WarrantyClaim, on_delete=models.CASCADE, related_name="events")
    code = models.CharField(_("code"), max_length=64, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("actor"),
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    from_status = models.CharField(_("from status"), max_length=20, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
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
