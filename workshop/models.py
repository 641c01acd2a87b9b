"""The workshop: the carry-in register (客户商品进出登记) with its movements, standby units
(备机) and their loans, paid-service quotes and bills, exchange orders (包换) and return
orders (包退)."""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ZERO = Decimal("0.00")


class _Money(TypedDict):
    max_digits: int
    decimal_places: int


MONEY: _Money = {"max_digits": 12, "decimal_places": 2}


class WorkshopRules(models.Model):
    """Workshop rules as data (one row, seeded by migration 0002)."""

    labour_hourly_rate = models.DecimalField(
        _("labour hourly rate (yuan)"),
        **MONEY,
        default=Decimal("40.00"),
        validators=[MinValueValidator(ZERO)],
        help_text=_("Charged for paid service, never above the product model's labour cap."),
    )
    travel_rate_per_km = models.DecimalField(
        _("travel rate (yuan/km)"),
        **MONEY,
        default=Decimal("1.50"),
        validators=[MinValueValidator(ZERO)],
    )
    standby_loan_days = models.PositiveSmallIntegerField(
        _("standby loan period (days)"),
        default=14,
        help_text=_("A standby unit not back after this many days is flagged overdue."),
    )
    return_window_days = models.PositiveSmallIntegerField(
        _("return window (days after sale)"),
        default=7,
        help_text=_(
            "A covered fault reported within this many days of the sale may be refunded in "
            "full (包退)."
        ),
    )
    return_depreciation_percent_per_day = models.DecimalField(
        _("depreciation on a later return (% of the price per day of use)"),
        max_digits=5,
        decimal_places=3,
        default=Decimal("0.100"),
        validators=[MinValueValidator(ZERO)],
        help_text=_(
            "When a return is due after repeated repairs, the refund is the sale price less "
            "this share for each day since the sale."
        ),
    )

    class Meta:
        verbose_name = _("workshop rules")
        verbose_name_plural = _("workshop rules")

    def __str__(self) -> str:
        return str(_("Workshop rules"))

    @classmethod
    def current(cls) -> WorkshopRules:
        return cls.objects.order_by("pk").first() or cls()


class CarryIn(models.Model):
    """One unit in the workshop: received with its condition and accessories, maybe sent to
    the factory and back, returned to the customer who signs for it."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("In the workshop")
        AT_FACTORY = "at_factory", _("At the factory")
        BACK = "back", _("Back from the factory")
        RETURNED = "returned", _("Returned to the customer")
        SIGNED_FOR = "signed_for", _("Signed for by the customer")
        RETIRED = "retired", _("Kept (exchanged unit)")

    class Reason(models.TextChoices):
        REPAIR = "repair", _("Repair")
        EXCHANGE = "exchange", _("Returned in an exchange (包换)")
        REFUND = "refund", _("Returned for a refund (包退)")

    number = models.CharField(_("receipt number"), max_length=20, unique=True)
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.PROTECT, related_name="carry_ins", db_index=False
    )
    reason = models.CharField(
        _("reason"), max_length=10, choices=Reason.choices, default=Reason.REPAIR
    )
    product_model = models.CharField(_("product model"), max_length=100, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=64, blank=True)
    condition = models.TextField(_("condition on receipt"))
    accessories = models.CharField(_("accessories"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    promised_at = models.DateTimeField(_("promised for"), null=True, blank=True)
    factory = models.CharField(_("factory"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    signed_by_name = models.CharField(_("signed for by"), max_length=100, blank=True)
    signature = models.TextField(_("signature"), blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("carry-in")
        verbose_name_plural = _("carry-in register")
        indexes = [
            models.Index(fields=["ticket", "status"], name="carryin_ticket_idx"),
            models.Index(fields=["status", "promised_at"], name="carryin_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket"],
                condition=Q(status__in=["received", "at_factory", "back"]),
                name="carryin_one_open_per_ticket",
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def in_house(self) -> bool:
        return self.status in (self.Status.RECEIVED, self.Status.AT_FACTORY, self.Status.BACK)

    @property
    def overdue(self) -> bool:
        return bool(self.in_house and self.promised_at and self.promised_at < timezone.now())


class CarryInMovement(models.Model):
    """A row of the register: the unit received, sent to the factory, back, returned, signed
    for. Each is also an event on the ticket's timeline."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Received")
        SENT_TO_FACTORY = "sent_to_factory", _("Sent to the factory")
        BACK_FROM_FACTORY = "back_from_factory", _("Back from the factory")
        RETURNED = "returned", _("Returned to the customer")
        SIGNED_FOR = "signed_for", _("Signed for")

    carry_in = models.ForeignKey(CarryIn, on_delete=models.CASCADE, related_name="movements")
    kind = models.CharField(_("movement"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("time"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    event = models.ForeignKey(
        "tickets.TicketEvent", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("carry-in movement")
        verbose_name_plural = _("carry-in movements")

    def __str__(self) -> str:
        return f"{self.carry_in_id} {self.kind}"


class StandbyUnit(models.Model):
    """A unit kept to lend to customers while theirs is repaired (备机)."""

    class Status(models.TextChoices):
        AVAILABLE = "available", _("Available")
        ON_LOAN = "on_loan", _("On loan")
        RETIRED = "retired", _("Retired")

    serial = models.CharField(_("serial number"), max_length=64, unique=True)
    product_model = models.ForeignKey(
        "warranty.ProductModel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("product model"),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="standby_units",
        verbose_name=_("kept by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.AVAILABLE
    )

    class Meta:
        ordering = ["serial"]
        verbose_name = _("standby unit")
        verbose_name_plural = _("standby units")

    def __str__(self) -> str:
        return f"{self.serial} {self.description}".strip()


class StandbyLoan(models.Model):
    unit = models.ForeignKey(StandbyUnit, on_delete=models.PROTECT, related_name="loans")
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.PROTECT, related_name="standby_loans"
    )
    lent_at = models.DateTimeField(_("lent at"), default=timezone.now)
    due_back = models.DateField(_("due back"))
    signed_by_name = models.CharField(_("received by (customer)"), max_length=100)
    signature = models.TextField(_("customer signature"), blank=True)
    lent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    return_note = models.CharField(_("condition on return"), max_length=300, blank=True)

    class Meta:
        ordering = ["-lent_at", "-id"]
        verbose_name = _("standby loan")
        verbose_name_plural = _("standby loans")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(returned_at__isnull=True),
                name="standby_one_open_loan_per_unit",
            )
        ]
        indexes = [models.Index(fields=["returned_at", "due_back"], name="standby_due_idx")]

    def __str__(self) -> str:
        return f"{self.unit} → {self.ticket_id}"

    @property
    def overdue(self) -> bool:
        return self.returned_at is None and self.due_back < timezone.localdate()


class Quote(models.Model):
    """A paid-service quote (报价): parts at the model's price rule, labour at the hourly rate
    capped by the model's cap, travel. The customer approves it before work starts."""

    class Status(models.TextChoices):
        AWAITING = "awaiting", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Declined")

    number = models.CharField(_("number"), max_length=20, unique=True)
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.PROTECT, related_name="quotes")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.AWAITING
    )
    parts_charge = models.CharField(_("parts priced"), max_length=8)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2, default=ZERO)
    labour_rate = models.DecimalField(_("labour rate charged"), **MONEY)
    labour_rate_standard = models.DecimalField(_("standard labour rate"), **MONEY)
    labour_cap = models.DecimalField(_("labour cap"), **MONEY, null=True, blank=True)
    travel_km = models.DecimalField(_("travel (km)"), max_digits=8, decimal_places=1, default=0)
    travel_rate = models.DecimalField(_("travel rate"), **MONEY)
    parts_total = models.DecimalField(_("parts"), **MONEY)
    labour_total = models.DecimalField(_("labour"), **MONEY)
    travel_total = models.DecimalField(_("travel"), **MONEY)
    total = models.DecimalField(_("total"), **MONEY)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    signed_by_name = models.CharField(_("approved by (customer)"), max_length=100, blank=True)
    signature = models.TextField(_("customer signature"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        constraints = [
            models.UniqueConstraint(
                fields=["ticket"],
                condition=Q(status="awaiting"),
                name="quote_one_awaiting_per_ticket",
            )
        ]

    def __str__(self) -> str:
        return self.number


class QuoteLine(models.Model):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    part = models.ForeignKey("parts.Part", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(_("unit price"), **MONEY)
    amount = models.DecimalField(_("amount"), **MONEY)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.part_id} × {self.quantity}"


class ServiceBill(models.Model):
    """The final bill of a paid ticket, from the parts actually used and the hours worked."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.PROTECT, related_name="service_bill"
    )
    quote = models.ForeignKey(Quote, on_delete=models.PROTECT, null=True, related_name="+")
    lines = models.JSONField(_("lines"), default=list)
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2)
    labour_rate = models.DecimalField(_("labour rate charged"), **MONEY)
    parts_total = models.DecimalField(_("parts"), **MONEY)
    labour_total = models.DecimalField(_("labour"), **MONEY)
    travel_total = models.DecimalField(_("travel"), **MONEY)
    total = models.DecimalField(_("total"), **MONEY)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("service bill")
        verbose_name_plural = _("service bills")

    def __str__(self) -> str:
        return self.number


class ExchangeOrder(models.Model):
    """包换: the replacement unit from stock, the old unit returned into the register, the
    new unit registered with a warranty of its own (a full period from the exchange date)."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.PROTECT, related_name="exchange_order"
    )
    old_unit = models.OneToOneField(
        "warranty.Unit", on_delete=models.PROTECT, related_name="exchanged_out"
    )
    new_unit = models.OneToOneField(
        "warranty.Unit", on_delete=models.PROTECT, related_name="exchanged_in"
    )
    replacement = models.ForeignKey("parts.Part", on_delete=models.PROTECT, related_name="+")
    store = models.ForeignKey("parts.Store", on_delete=models.PROTECT, related_name="+")
    stock_move = models.OneToOneField(
        "parts.StockMove", on_delete=models.PROTECT, related_name="exchange_order"
    )
    return_entry = models.OneToOneField(
        CarryIn, on_delete=models.PROTECT, related_name="exchange_order"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("exchange order")
        verbose_name_plural = _("exchange orders")

    def __str__(self) -> str:
        return self.number


class ReturnOrder(models.Model):
    """包退: the customer returns the unit and is refunded. The old unit comes back into the
    register, its warranty is retired (unit status "returned"), the refund is the sale price
    less depreciation where the rules say so (:mod:`workshop.services.refund`)."""

    class Basis(models.TextChoices):
        WINDOW = "window", _("Covered fault within the return window")
        REPEAT_REPAIRS = "repeat_repairs", _("Same fault repaired repeatedly in warranty")

    number = models.CharField(_("number"), max_length=20, unique=True)
    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.PROTECT, related_name="return_order"
    )
    old_unit = models.OneToOneField(
        "warranty.Unit", on_delete=models.PROTECT, related_name="returned_for_refund"
    )
    basis = models.CharField(_("basis"), max_length=16, choices=Basis.choices)
    sale_date = models.DateField(_("sale date"))
    days_in_use = models.PositiveIntegerField(_("days since the sale"))
    sale_price = models.DecimalField(
        _("sale price (invoice)"), **MONEY, validators=[MinValueValidator(ZERO)]
    )
    depreciation_rate = models.DecimalField(
        _("depreciation (% per day)"), max_digits=5, decimal_places=3
    )
    depreciation = models.DecimalField(_("depreciation"), **MONEY)
    refund = models.DecimalField(_("refund"), **MONEY)
    invoice_number = models.CharField(_("invoice number"), max_length=64, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    return_entry = models.OneToOneField(
        CarryIn, on_delete=models.PROTECT, related_name="return_order"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("return order")
        verbose_name_plural = _("return orders")

    def __str__(self) -> str:
        return self.number
