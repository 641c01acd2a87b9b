"""Service tickets (工单): customers, reference data, tickets and their timeline of events.

The ticket row is a projection of its events (``TicketEvent``): every change of status,
assignment, severity, and every note, call, check-in, part, hour and sign-off is an event
with an actor, a time, a stable code and a payload.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.i18n import bilingual
from aftersales.models import BilingualName, EventRecord, TransitionRule


class FaultSeverity(BilingualName):
    """一级 critical … 四级 slight; rank 1 is the most severe."""

    description_zh = models.TextField(_("Chinese description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)

    class Meta(BilingualName.Meta):
        verbose_name = _("fault severity")
        verbose_name_plural = _("fault severities")

    @property
    def description(self) -> str:
        return bilingual(self.description_zh, self.description_en)


class RegionClass(BilingualName):
    """Urban 市区 / suburban 郊区 / surrounding 周边 / other province 外省."""

    class Meta(BilingualName.Meta):
        verbose_name = _("region class")
        verbose_name_plural = _("region classes")


class Customer(models.Model):
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the e-mails the customer receives."),
    )
    region_class = models.ForeignKey(
        RegionClass, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region class")
    )
    account = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="customers",
        verbose_name=_("customer account"),
        help_text=_("The customer organisation whose users may follow these tickets."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")

    def __str__(self) -> str:
        return f"{self.name} ({self.phone})"


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    FORWARDED = "forwarded", _("Forwarded")
    ARRANGED = "arranged", _("Arranged")
    CHECKED = "checked", _("Supervisor checked")
    ON_SITE = "on_site", _("On site")
    IN_WORKSHOP = "in_workshop", _("In workshop")
    AWAITING_PARTS = "awaiting_parts", _("Awaiting parts")
    WAITING_CUSTOMER = "waiting_customer", _("Waiting for customer")
    RESTORED = "restored", _("Service restored")
    RESOLVED = "resolved", _("Resolved")
    VISITED = "visited", _("Return visit done")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


#: Statuses in which the ticket still needs work from the service side.
OPEN_STATUSES = frozenset(
    {
        Status.REGISTERED,
        Status.FORWARDED,
        Status.ARRANGED,
        Status.CHECKED,
        Status.ON_SITE,
        Status.IN_WORKSHOP,
        Status.AWAITING_PARTS,
        Status.WAITING_CUSTOMER,
        Status.RESTORED,
    }
)


class Ticket(models.Model):
    class Kind(models.TextChoices):
        REPAIR = "repair", _("Repair")
        INSTALLATION = "installation", _("Installation")
        CONSULTATION = "consultation", _("Consultation")
        COMPLAINT = "complaint", _("Complaint")
        MAINTENANCE = "maintenance", _("Preventive maintenance")
        RETURN_EXCHANGE = "return_exchange", _("Return / exchange")

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        LETTER = "letter", _("Letter / fax")
        VISIT = "visit", _("Visit")
        EMAIL = "email", _("E-mail")
        WEB = "web", _("Web")
        API = "api", _("API")
        DEALER = "dealer", _("Dealer")

    class ServiceType(models.TextChoices):
        PAID = "A", _("A · paid service")
        CONTRACT = "B", _("B · contract service")
        FREE = "C", _("C · free in warranty")
        INTERNAL = "D", _("D · internal work")

    number = models.CharField(_("number"), max_length=16, editable=False)  # unique: see Meta
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REPAIR)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.PHONE
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.REGISTERED,
        editable=False,
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("customer")
    )
    contact_name = models.CharField(_("contact name"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    site_address = models.CharField(_("site address"), max_length=300, blank=True)
    product_model = models.CharField(_("product model"), max_length=100, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=64, blank=True)
    fault_description = models.TextField(_("fault description"))
    severity = models.ForeignKey(
        FaultSeverity, on_delete=models.PROTECT, verbose_name=_("severity")
    )
    region_class = models.ForeignKey(
        RegionClass, on_delete=models.PROTECT, verbose_name=_("region class")
    )
    service_type = models.CharField(
        _("service type"), max_length=1, choices=ServiceType.choices, default=ServiceType.PAID
    )
    # Issue 5 (warranty): the registered unit this ticket is about, linked at intake.
    unit = models.ForeignKey(
        "warranty.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("unit"),
    )
    entitlement = models.JSONField(
        _("warranty decision"),
        default=dict,
        blank=True,
        help_text=_("The warranty decision the ticket was opened under (or last revised to)."),
    )
    assigned_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="assigned_tickets",
        verbose_name=_("assigned organisation"),
        db_index=False,  # ticket_org_status_idx leads with it
    )
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="technician_tickets",
        verbose_name=_("technician"),
        db_index=False,  # ticket_tech_status_idx leads with it
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_tickets",
        verbose_name=_("supervisor"),
    )
    workshop_receipt_no = models.CharField(_("workshop receipt no."), max_length=40, blank=True)
    signed_by_name = models.CharField(_("signed by"), max_length=100, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signature = models.TextField(
        _("signature"), blank=True, help_text=_("Drawn signature as a data URL.")
    )
    signoff_comment = models.TextField(_("customer comment"), blank=True)
    cancel_reason = models.TextField(_("cancel reason"), blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="created_tickets",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # The most urgent running SLA clock, denormalised by the SLA engine for the queue's sort.
    sla_state = models.CharField(
        _("SLA state"), max_length=12, blank=True, default="", editable=False
    )
    sla_due_at = models.DateTimeField(_("SLA due at"), null=True, blank=True, editable=False)
    sla_metric = models.CharField(
        _("SLA metric"), max_length=32, blank=True, default="", editable=False
    )
    # The business calendar of that clock (an id of the SLA engine's calendar rows: tickets
    # does not depend on the engine, so no foreign key), for the queue's business-time badge.
    sla_calendar_id = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [
            models.Index(
                fields=["status", "severity", "-received_at"], name="ticket_status_sev_idx"
            ),
            models.Index(fields=["assigned_organisation", "status"], name="ticket_org_status_idx"),
            models.Index(fields=["technician", "status"], name="ticket_tech_status_idx"),
            models.Index(fields=["-received_at", "-id"], name="ticket_received_idx"),
            models.Index(fields=["sla_due_at", "id"], name="ticket_sla_due_idx"),
            models.Index(fields=["sla_state", "sla_due_at"], name="ticket_sla_state_idx"),
            models.Index(fields=["serial_number"], name="ticket_serial_idx"),
        ]
        # A constraint rather than unique=True: no second, LIKE-only index on PostgreSQL.
        constraints = [models.UniqueConstraint(fields=["number"], name="ticket_number_unique")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class TicketEvent(EventRecord):
    """One step on the ticket's record. ``code`` is a stable machine code, never translated."""

    # The ticket and the code are indexed by the Meta's indexes (the timeline's (ticket, at, id)
    # serves lookups by ticket).
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="events", db_index=False
    )
    #: Whether the customer may read the event's note (its writer chooses; internal by default).
    public = models.BooleanField(
        _("visible to the customer"),
        default=False,
        help_text=_("Internal notes stay with the service side; public ones the customer reads."),
    )

    class Meta(EventRecord.Meta):
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")
        indexes = [
            models.Index(fields=["ticket", "at", "id"], name="ticketevent_ticket_at_idx"),
            models.Index(fields=["code"], name="ticketevent_code_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.code} @ {self.at:%Y-%m-%d %H:%M}"


class WorkflowAction(TransitionRule):
    """Which action moves a ticket from which status to which, and which roles may do it.

    Data with a seeded default (migration ``0002``); the one service ``perform_action``
    checks it for pages, API and admin alike. ``from_status`` ``*`` means any open status;
    an empty ``to_status`` records an event without changing the status; ``@previous``
    returns to the status before the last status change (e.g. resuming after waiting).
    """

    ANY_OPEN = "*"
    PREVIOUS = "@previous"

    roles = models.JSONField(
        _("roles"), default=list, help_text=_("Role codes that may perform it.")
    )

    class Meta(TransitionRule.Meta):
        verbose_name = _("workflow action")
        verbose_name_plural = _("workflow actions")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "from_status"], name="workflow_action_from_unique"
            )
        ]


class PartUsage(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="parts")
    part_number = models.CharField(_("part number"), max_length=64)
    name = models.CharField(_("part name"), max_length=200)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    unit_price = models.DecimalField(
        _("unit price"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    is_new = models.BooleanField(_("new part"), default=True)
    old_part_retained = models.BooleanField(_("old part retained"), default=False)
    old_part_tag = models.CharField(_("old part tag no."), max_length=40, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("part used")
        verbose_name_plural = _("parts used")

    def __str__(self) -> str:
        return f"{self.part_number} {self.name} × {self.quantity}"

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(Decimal("0.01"))


class LabourEntry(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="labour")
    technician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    work_date = models.DateField(_("work date"))
    hours = models.DecimalField(
        _("hours"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.25"))]
    )
    work_type = models.CharField(_("work type"), max_length=40, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["work_date", "id"]
        verbose_name = _("labour entry")
        verbose_name_plural = _("labour entries")

    def __str__(self) -> str:
        return f"{self.work_date} {self.hours} h"


from tickets.access_models import IntakeRule, TicketEditRule  # noqa: E402

__all__ = [
    "OPEN_STATUSES",
    "Customer",
    "FaultSeverity",
    "IntakeRule",
    "LabourEntry",
    "PartUsage",
    "RegionClass",
    "Status",
    "Ticket",
    "TicketEditRule",
    "TicketEvent",
    "WorkflowAction",
]
