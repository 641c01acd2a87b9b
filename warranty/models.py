"""Warranty (三包) data: product models with their policy, registered units, warranty cards,
maintenance contracts and their generated visits.

Every figure of a policy is a column here; the decision itself is made by the pure
:mod:`warranty.entitlement` from a :class:`~warranty.entitlement.WarrantyPolicySpec`
built by :meth:`ProductModel.policy_spec`.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.i18n import in_english
from warranty import entitlement as ent


class WarrantyRules(models.Model):
    """The warranty figures that are not per product: one row (pk 1), seeded by migration."""

    card_deadline_days = models.PositiveSmallIntegerField(
        _("card deadline (days after sale)"),
        default=20,
        help_text=_("The dealer returns the warranty card within this many days of the sale."),
    )
    card_warning_days = models.PositiveSmallIntegerField(
        _("card warning (days before the deadline)"), default=3
    )
    renewal_notice_months = models.PositiveSmallIntegerField(
        _("renewal notice (months before expiry)"), default=1
    )
    visit_lead_days = models.PositiveSmallIntegerField(
        _("visit ticket lead time (days)"),
        default=7,
        help_text=_("Preventive-maintenance tickets are opened this many days before the visit."),
    )

    class Meta:
        verbose_name = _("warranty rules")
        verbose_name_plural = _("warranty rules")

    def __str__(self) -> str:
        return str(_("Warranty rules"))

    @classmethod
    def current(cls) -> WarrantyRules:
        rules, _created = cls.objects.get_or_create(pk=1)
        return rules


class ExclusionReason(models.Model):
    """A reason that turns a fault into paid service (misuse, force majeure …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    rank = models.PositiveSmallIntegerField(_("rank"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["rank", "code"]
        verbose_name = _("exclusion reason")
        verbose_name_plural = _("exclusion reasons")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if in_english() else self.name_zh


class ProductModel(models.Model):
    class Category(models.TextChoices):
        APPLIANCE = "appliance", _("Household appliance")
        VEHICLE = "vehicle", _("Vehicle")
        OFFICE = "office", _("Office and banking equipment")
        LIGHTING = "lighting", _("Lighting and solar")
        MACHINERY = "machinery", _("Machinery")
        OTHER = "other", _("Other")

    class StartBasis(models.TextChoices):
        SALE = "sale", _("Sale date")
        ACCEPTANCE = "acceptance", _("Acceptance date")

    class PartsPricing(models.TextChoices):
        COST = "cost", _("At cost")
        LIST = "list", _("List price")

    code = models.CharField(_("model code"), max_length=40, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    quality_months = models.PositiveSmallIntegerField(
        _("quality-guarantee period (months)"),
        default=12,
        help_text=_("Free parts and labour."),
    )
    maintenance_months = models.PositiveSmallIntegerField(
        _("maintenance period (months)"),
        default=0,
        help_text=_("After the quality period: parts at cost, labour charged."),
    )
    start_basis = models.CharField(
        _("period starts at"), max_length=12, choices=StartBasis.choices, default=StartBasis.SALE
    )
    parts_pricing_after_warranty = models.CharField(
        _("parts after warranty"),
        max_length=8,
        choices=PartsPricing.choices,
        default=PartsPricing.COST,
    )
    labour_rate_cap = models.DecimalField(
        _("labour rate cap (yuan/hour)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    repeat_repair_threshold = models.PositiveSmallIntegerField(
        _("repeat-repair threshold"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("The same fault repaired this many times in warranty means replacement."),
    )
    exclusions = models.ManyToManyField(
        ExclusionReason,
        blank=True,
        related_name="product_models",
        verbose_name=_("recognised exclusions"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("product model")
        verbose_name_plural = _("product models")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return self.name_en if in_english() else self.name_zh

    def policy_spec(self) -> ent.WarrantyPolicySpec:
        """The pure policy the decision is made from (uses prefetched rows when present)."""
        return ent.WarrantyPolicySpec(
            quality_months=self.quality_months,
            maintenance_months=self.maintenance_months,
            start_basis=self.start_basis,  # type: ignore[arg-type]
            components=tuple(
                ent.ComponentPeriod(c.code, c.name_en, c.name_zh, c.quality_months)
                for c in self.components.all()
            ),
            parts_pricing_after_warranty=self.parts_pricing_after_warranty,  # type: ignore[arg-type]
            labour_rate_cap=self.labour_rate_cap,
            repeat_repair_threshold=self.repeat_repair_threshold,
            exclusions=tuple(e.code for e in self.exclusions.all() if e.is_active),
        )


class ComponentPeriod(models.Model):
    """A component with its own quality period, e.g. a solar lamp's battery (60 months)."""

    product_model = models.ForeignKey(
        ProductModel,
        on_delete=models.CASCADE,
        related_name="components",
        verbose_name=_("product model"),
    )
    code = models.SlugField(_("component code"), max_length=40)
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    quality_months = models.PositiveSmallIntegerField(_("quality-guarantee period (months)"))

    class Meta:
        ordering = ["product_model", "code"]
        verbose_name = _("component period")
        verbose_name_plural = _("component periods")
        constraints = [
            models.UniqueConstraint(
                fields=["product_model", "code"], name="component_model_code_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product_model.code}/{self.code}"

    @property
    def name(self) -> str:
        return self.name_en if in_english() else self.name_zh


class Unit(models.Model):
    """A registered product, known by its serial number."""

    class Status(models.TextChoices):
        IN_SERVICE = "in_service", _("In service")
        REPLACED = "replaced", _("Replaced")
        RETURNED = "returned", _("Returned for a refund")
        SCRAPPED = "scrapped", _("Scrapped")

    serial = models.CharField(_("serial number"), max_length=64, unique=True)
    product_model = models.ForeignKey(
        ProductModel,
        on_delete=models.PROTECT,
        related_name="units",
        verbose_name=_("product model"),
    )
    customer = models.ForeignKey(
        "tickets.Customer",
        on_delete=models.PROTECT,
        related_name="units",
        verbose_name=_("customer"),
    )
    selling_dealer = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sold_units",
        verbose_name=_("selling dealer"),
        help_text=_("Empty for a direct sale by the company."),
    )
    sale_date = models.DateField(_("sale date"), null=True, blank=True)
    acceptance_date = models.DateField(_("installation / acceptance date"), null=True, blank=True)
    site_address = models.CharField(_("site address"), max_length=300, blank=True)
    component_serials = models.JSONField(
        _("component serial numbers"),
        default=dict,
        blank=True,
        help_text=_("Component code → serial number."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IN_SERVICE
    )
    replaces = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    card_warned_at = models.DateTimeField(_("card deadline warning sent at"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )

    class Meta:
        ordering = ["-sale_date", "serial"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [
            models.Index(fields=["selling_dealer", "-sale_date"], name="unit_dealer_sale_idx"),
            models.Index(fields=["-sale_date", "serial"], name="unit_sale_idx"),
            models.Index(fields=["customer"], name="unit_customer_idx"),
        ]

    def __str__(self) -> str:
        return self.serial

    def facts(self) -> ent.UnitFacts:
        return ent.UnitFacts(
            serial=self.serial,
            sale_date=self.sale_date,
            acceptance_date=self.acceptance_date,
            component_serials=tuple(
                (str(k), str(v)) for k, v in (self.component_serials or {}).items()
            ),
            retired=self.status != self.Status.IN_SERVICE,
        )

    def named_component_serials(self) -> list[tuple[str, str]]:
        """(component name in the reader's language, serial) for the unit page; a code the
        product model does not name is shown as it was entered."""
        names = {c.code: c.name for c in self.product_model.components.all()}
        return [
            (names.get(str(k), str(k)), str(v)) for k, v in (self.component_serials or {}).items()
        ]


class WarrantyCard(models.Model):
    """三包回执卡: the dealer's registration of a sale with the customer's details."""

    unit = models.OneToOneField(
        Unit, on_delete=models.CASCADE, related_name="card", verbose_name=_("unit")
    )
    dealer = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="warranty_cards",
        verbose_name=_("dealer"),
    )
    customer_name = models.CharField(_("customer name"), max_length=200)
    customer_phone = models.CharField(_("customer phone"), max_length=40)
    customer_address = models.CharField(_("customer address"), max_length=300, blank=True)
    invoice_number = models.CharField(_("invoice number"), max_length=60, blank=True)
    filed_on = models.DateField(_("filed on"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filed by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-filed_on", "-id"]
        verbose_name = _("warranty card")
        verbose_name_plural = _("warranty cards")
        indexes = [models.Index(fields=["dealer", "-filed_on"], name="card_dealer_filed_idx")]

    def __str__(self) -> str:
        return f"{self.unit.serial} ({self.filed_on})"


class MaintenanceContract(models.Model):
    """Contract service (type B): covered units, a period, visits per year, a price."""

    number = models.CharField(_("contract number"), max_length=40, unique=True)
    customer = models.ForeignKey(
        "tickets.Customer",
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("customer"),
    )
    units = models.ManyToManyField(Unit, related_name="contracts", verbose_name=_("covered units"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    visits_per_year = models.PositiveSmallIntegerField(
        _("visits per year"), default=2, validators=[MinValueValidator(1)]
    )
    price = models.DecimalField(
        _("price (yuan)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_contracts",
        verbose_name=_("contract owner"),
    )
    account_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_contracts",
        verbose_name=_("account manager"),
    )
    renewed_from = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewal",
        verbose_name=_("renewal of"),
    )
    renewal_notified_at = models.DateTimeField(_("renewal notice sent at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["-start", "number"]
        verbose_name = _("maintenance contract")
        verbose_name_plural = _("maintenance contracts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="contract_end_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["end", "start"], name="contract_period_idx"),
            models.Index(fields=["renewal_notified_at", "end"], name="contract_renewal_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    def facts(self) -> ent.ContractFacts:
        return ent.ContractFacts(self.number, self.start, self.end)


class ContractVisit(models.Model):
    """A preventive-maintenance visit generated from a contract; once per scheduled date."""

    contract = models.ForeignKey(
        MaintenanceContract,
        on_delete=models.CASCADE,
        related_name="visits",
        verbose_name=_("contract"),
    )
    scheduled_date = models.DateField(_("scheduled date"))
    ticket = models.OneToOneField(
        "tickets.Ticket",
        on_delete=models.PROTECT,
        related_name="contract_visit",
        verbose_name=_("ticket"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["contract", "scheduled_date"]
        verbose_name = _("contract visit")
        verbose_name_plural = _("contract visits")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "scheduled_date"], name="contract_visit_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract.number} @ {self.scheduled_date}"
