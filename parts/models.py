"""Spare-parts stock: parts, stores, stock levels, the stock ledger, reservations on tickets,
transfers between stores, supplier orders and stock counts.

The ledger (``StockMove``) is the record: every movement is one row with a signed quantity.
``StockLevel.on_hand`` is the sum of the store's ledger for the part, kept in the same
transaction as each movement under a row lock, and can never go negative (a check
constraint backs the lock).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.i18n import bilingual


class StockRules(models.Model):
    """Stock rules as data (one row, seeded by migration)."""

    default_min_level = models.PositiveIntegerField(
        _("default minimum level"),
        default=2,
        help_text=_("The minimum level of a new stock line unless set otherwise."),
    )
    warranty_shipment_days = models.PositiveSmallIntegerField(
        _("in-warranty shipment limit (days)"),
        default=3,
        help_text=_("Shown on transfers; the SLA target 'parts shipment' measures it."),
    )

    class Meta:
        verbose_name = _("stock rules")
        verbose_name_plural = _("stock rules")

    def __str__(self) -> str:
        return str(_("Stock rules"))

    @classmethod
    def current(cls) -> StockRules:
        return cls.objects.order_by("pk").first() or cls()


class Store(models.Model):
    class Kind(models.TextChoices):
        WAREHOUSE = "warehouse", _("Head-office warehouse")
        OUTLET = "outlet", _("Service outlet / dealer store")

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OUTLET)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="stores",
        verbose_name=_("organisation"),
        help_text=_("The organisation that runs the store; its staff see its stock."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("store")
        verbose_name_plural = _("stores")
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind="warehouse", is_active=True),
                name="store_one_active_warehouse",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return bilingual(self.name_zh, self.name_en)


class Part(models.Model):
    part_number = models.CharField(_("part number"), max_length=64, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    compatible_models = models.ManyToManyField(
        "warranty.ProductModel",
        blank=True,
        related_name="parts",
        verbose_name=_("fits product models"),
    )
    unit_cost = models.DecimalField(
        _("unit cost"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    price = models.DecimalField(
        _("list price"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    is_unit = models.BooleanField(
        _("complete unit"),
        default=False,
        help_text=_("A whole product kept in stock as a replacement for exchanges (包换)."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["part_number"]
        verbose_name = _("part")
        verbose_name_plural = _("parts")

    def __str__(self) -> str:
        return f"{self.part_number} {self.name}"

    @property
    def name(self) -> str:
        return bilingual(self.name_zh, self.name_en)


class StockLevel(models.Model):
    """One part in one store. ``on_hand`` = sum of the ledger; ``reserved`` = open
    reservations; ``on_order`` = on its way in (transfers requested or shipped, supplier
    orders placed)."""

    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="levels")
    part = models.ForeignKey(Part, on_delete=models.PROTECT, related_name="levels")
    on_hand = models.IntegerField(_("on hand"), default=0, editable=False)
    reserved = models.IntegerField(_("reserved"), default=0, editable=False)
    on_order = models.IntegerField(_("on order"), default=0, editable=False)
    min_level = models.PositiveIntegerField(_("minimum level"), default=0)
    low_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["store", "part"]
        verbose_name = _("stock level")
        verbose_name_plural = _("stock levels")
        constraints = [
            models.UniqueConstraint(fields=["store", "part"], name="stock_level_unique"),
            models.CheckConstraint(condition=Q(on_hand__gte=0), name="stock_on_hand_not_negative"),
            models.CheckConstraint(
                condition=Q(reserved__gte=0, reserved__lte=F("on_hand")),
                name="stock_reserved_within_on_hand",
            ),
            models.CheckConstraint(
                condition=Q(on_order__gte=0), name="stock_on_order_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.store} · {self.part.part_number}"

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    @property
    def is_low(self) -> bool:
        return self.available < self.min_level


class StockMove(models.Model):
    """One row of the stock ledger. ``quantity`` is signed: + in, − out."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Supplier receipt")
        CONSUMPTION = "consumption", _("Used on a ticket")
        TRANSFER_OUT = "transfer_out", _("Shipped to another store")
        TRANSFER_IN = "transfer_in", _("Received from another store")
        ADJUSTMENT = "adjustment", _("Stock count adjustment")
        EXCHANGE_OUT = "exchange_out", _("Replacement unit issued (包换)")

    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="moves")
    part = models.ForeignKey(Part, on_delete=models.PROTECT, related_name="moves")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    quantity = models.IntegerField(_("quantity"))
    balance_after = models.IntegerField(_("balance after"))
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stock_moves",
        verbose_name=_("ticket"),
    )
    transfer = models.ForeignKey(
        "parts.Transfer", on_delete=models.PROTECT, null=True, blank=True, related_name="moves"
    )
    part_usage = models.OneToOneField(
        "tickets.PartUsage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stock_move",
        verbose_name=_("part used"),
    )
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        indexes = [
            models.Index(fields=["store", "part", "at"], name="stockmove_store_part_idx"),
            models.Index(fields=["store", "-at"], name="stockmove_store_at_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(quantity=0), name="stockmove_not_zero"),
            models.CheckConstraint(condition=Q(balance_after__gte=0), name="stockmove_balance"),
        ]

    def __str__(self) -> str:
        return f"{self.store_id}/{self.part_id} {self.kind} {self.quantity:+d}"


class Transfer(models.Model):
    """Parts moving from one store to another: requested → shipped → received."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        SHIPPED = "shipped", _("Shipped")
        RECEIVED = "received", _("Received")
        CANCELLED = "cancelled", _("Cancelled")

    number = models.CharField(_("number"), max_length=20, unique=True)
    from_store = models.ForeignKey(
        Store, on_delete=models.PROTECT, related_name="transfers_out", verbose_name=_("from")
    )
    to_store = models.ForeignKey(
        Store, on_delete=models.PROTECT, related_name="transfers_in", verbose_name=_("to")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    ticket = models.ForeignKey(
        "tickets.Ticket",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers",
        verbose_name=_("ticket"),
    )
    in_warranty = models.BooleanField(_("in-warranty replacement"), default=False)
    tracking_number = models.CharField(_("tracking number"), max_length=60, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    ship_by = models.DateTimeField(_("ship by"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        indexes = [models.Index(fields=["status", "ship_by"], name="transfer_status_idx")]

    def __str__(self) -> str:
        return self.number

    @property
    def overdue(self) -> bool:
        return (
            self.status == self.Status.REQUESTED
            and self.ship_by is not None
            and self.ship_by < timezone.now()
        )


class TransferLine(models.Model):
    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="lines")
    part = models.ForeignKey(Part, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["transfer", "part"], name="transfer_line_unique")
        ]

    def __str__(self) -> str:
        return f"{self.part_id} × {self.quantity}"


class Reservation(models.Model):
    """A part held for a ticket at a store. ``requested`` when it was not on hand and a
    transfer from the warehouse was asked for; ``reserved`` once it is on the shelf."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested from the warehouse")
        RESERVED = "reserved", _("Reserved")
        CONSUMED = "consumed", _("Used")
        RELEASED = "released", _("Released")

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="reservations"
    )
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="reservations")
    part = models.ForeignKey(Part, on_delete=models.PROTECT, related_name="reservations")
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    transfer = models.ForeignKey(
        Transfer, on_delete=models.SET_NULL, null=True, blank=True, related_name="reservations"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        indexes = [models.Index(fields=["ticket", "status"], name="reservation_ticket_idx")]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.part_id} × {self.quantity} ({self.status})"


class SupplierOrder(models.Model):
    """Parts ordered from a supplier for a store; received into stock (on order until then)."""

    class Status(models.TextChoices):
        ORDERED = "ordered", _("Ordered")
        RECEIVED = "received", _("Received")

    number = models.CharField(_("number"), max_length=20, unique=True)
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="supplier_orders")
    part = models.ForeignKey(Part, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    supplier = models.CharField(_("supplier"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ORDERED
    )
    ordered_at = models.DateTimeField(_("ordered at"), default=timezone.now)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    delivery_note = models.CharField(_("delivery note"), max_length=60, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-ordered_at", "-id"]
        verbose_name = _("supplier order")
        verbose_name_plural = _("supplier orders")

    def __str__(self) -> str:
        return self.number


class StockCount(models.Model):
    """A stock count (盘点) of a store: counted quantities, posted as adjustments."""

    class Status(models.TextChoices):
        OPEN = "open", _("Counting")
        POSTED = "posted", _("Posted")

    number = models.CharField(_("number"), max_length=20, unique=True)
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="counts")
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default="open")
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("stock count")
        verbose_name_plural = _("stock counts")

    def __str__(self) -> str:
        return self.number


class StockCountLine(models.Model):
    count = models.ForeignKey(StockCount, on_delete=models.CASCADE, related_name="lines")
    part = models.ForeignKey(Part, on_delete=models.PROTECT, related_name="+")
    expected = models.IntegerField(_("expected"))
    counted = models.PositiveIntegerField(_("counted"))

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["count", "part"], name="stock_count_line_unique")
        ]

    def __str__(self) -> str:
        return f"{self.part_id}: {self.counted}"

    @property
    def difference(self) -> int:
        return self.counted - self.expected
