"""Complaints (投诉): reference data, the complaint, its timeline, clocks and 催办 reminders."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from aftersales.i18n import bilingual
from aftersales.models import BilingualName, EventRecord, TransitionRule


class ComplaintClass(BilingualName):
    """Product quality vs non-quality (service attitude, delivery, packaging …)."""

    is_quality = models.BooleanField(_("product quality"), default=False)
    from_survey = models.BooleanField(
        _("used for complaints opened by a survey"),
        default=False,
        help_text=_("The class a dissatisfied survey answer files its complaint under."),
    )

    class Meta(BilingualName.Meta):
        verbose_name = _("complaint class")
        verbose_name_plural = _("complaint classes")


class Seriousness(BilingualName):
    """一般 minor / 严重 serious / 重大 major; rank 1 is the least serious."""

    class Meta(BilingualName.Meta):
        verbose_name = _("complaint seriousness")
        verbose_name_plural = _("complaint seriousness levels")


class TargetKind(models.TextChoices):
    REPLY = "reply", _("Reply to the customer")
    ON_SITE = "on_site", pgettext_lazy("complaint target", "On site")
    CLOSURE = "closure", _("Closure")


class ComplaintTarget(models.Model):
    """A time limit of a complaint: per seriousness (and optionally class), domestic or abroad.

    Runs on an SLA business calendar (``sla.BusinessCalendar``) with the SLA calculus. The
    most specific active row wins: a row naming the class beats one that does not.
    """

    kind = models.CharField(_("target"), max_length=12, choices=TargetKind.choices)
    seriousness = models.ForeignKey(
        Seriousness, on_delete=models.CASCADE, related_name="targets", verbose_name=_("seriousness")
    )
    complaint_class = models.ForeignKey(
        ComplaintClass,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("only for class"),
    )
    abroad = models.BooleanField(_("customer abroad"), default=False)
    duration_seconds = models.PositiveIntegerField(_("duration (seconds of business time)"))
    calendar = models.ForeignKey(
        "sla.BusinessCalendar", on_delete=models.PROTECT, verbose_name=_("calendar")
    )
    warn_before_seconds = models.PositiveIntegerField(
        _("reminder before due (seconds of business time)"), default=0
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["seriousness__rank", "kind", "abroad"]
        verbose_name = _("complaint target")
        verbose_name_plural = _("complaint targets")

    def __str__(self) -> str:
        return f"{self.seriousness} · {self.get_kind_display()}"


class ResponsibleDepartment(models.Model):
    """Who investigates: quality, production, service, a dealer … and who is its manager."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="complaint_departments",
        verbose_name=_("dealer"),
        help_text=_("Set when the responsible party is a dealer: its staff hear the reminders."),
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("manager"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="complaint_departments"
    )
    rank = models.PositiveSmallIntegerField(_("rank"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["rank", "code"]
        verbose_name = _("responsible department")
        verbose_name_plural = _("responsible departments")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return bilingual(self.name_zh, self.name_en)


class RootCause(BilingualName):
    """Root cause categories for the statistics (design, material, assembly, transport …)."""

    class Meta(BilingualName.Meta):
        verbose_name = _("root cause")
        verbose_name_plural = _("root causes")


class ComplaintStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    ASSIGNED = "assigned", _("Assigned")
    INVESTIGATING = "investigating", _("Under investigation")
    ACTION_DEFINED = "action_defined", _("Corrective action defined")
    REPLIED = "replied", _("Replied, awaiting the customer")
    CLOSED = "closed", _("Closed (customer accepted)")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_COMPLAINT_STATUSES = frozenset(
    {
        ComplaintStatus.ACCEPTED,
        ComplaintStatus.ASSIGNED,
        ComplaintStatus.INVESTIGATING,
        ComplaintStatus.ACTION_DEFINED,
        ComplaintStatus.REPLIED,
    }
)


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    LETTER = "letter", _("Letter / fax")
    VISIT = "visit", _("Visit")
    EMAIL = "email", _("E-mail")
    WEB = "web", _("Web")
    API = "api", _("API")
    SURVEY = "survey", _("From a survey")


class Complaint(models.Model):
    number = models.CharField(_("number"), max_length=16, editable=False)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.ACCEPTED,
        editable=False,
    )
    complaint_class = models.ForeignKey(
        ComplaintClass, on_delete=models.PROTECT, verbose_name=_("class")
    )
    seriousness = models.ForeignKey(
        Seriousness, on_delete=models.PROTECT, verbose_name=_("seriousness")
    )
    customer = models.ForeignKey(
        "tickets.Customer",
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("customer"),
    )
    contact_name = models.CharField(_("contact name"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    abroad = models.BooleanField(_("customer abroad"), default=False)
    description = models.TextField(_("what the customer complains about"))
    customer_request = models.TextField(_("what the customer asks for"), blank=True)
    tickets = models.ManyToManyField(
        "tickets.Ticket", blank=True, related_name="complaints", verbose_name=_("tickets")
    )
    units = models.ManyToManyField(
        "warranty.Unit", blank=True, related_name="complaints", verbose_name=_("units")
    )
    dealer = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("dealer concerned"),
    )
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints_about",
        verbose_name=_("technician concerned"),
    )
    product_model = models.CharField(_("product model"), max_length=100, blank=True)
    department = models.ForeignKey(
        ResponsibleDepartment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("responsible department"),
    )
    root_cause = models.ForeignKey(
        RootCause,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("root cause"),
    )
    root_cause_text = models.TextField(_("root cause analysis"), blank=True)
    corrective_action = models.TextField(_("corrective action"), blank=True)
    preventive_action = models.TextField(_("preventive action"), blank=True)
    action_owner = models.CharField(_("action owner"), max_length=100, blank=True)
    action_due = models.DateField(_("action due"), null=True, blank=True)
    reply_text = models.TextField(_("reply to the customer"), blank=True)
    cancel_reason = models.TextField(_("cancel reason"), blank=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_on_time = models.BooleanField(_("closed on time"), null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(fields=["status", "-received_at"], name="complaint_status_idx"),
            models.Index(fields=["dealer", "status"], name="complaint_dealer_idx"),
            models.Index(fields=["department", "status"], name="complaint_dept_idx"),
            models.Index(fields=["-received_at", "-id"], name="complaint_received_idx"),
        ]
        constraints = [models.UniqueConstraint(fields=["number"], name="complaint_number_unique")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_COMPLAINT_STATUSES


class ComplaintEvent(EventRecord):
    """One step on the complaint's record; ``code`` is a stable ``ComplaintEventCode``."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="events", db_index=False
    )

    class Meta(EventRecord.Meta):
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")
        indexes = [
            models.Index(fields=["complaint", "at", "id"], name="complaintevent_at_idx"),
            models.Index(fields=["code", "at"], name="complaintevent_code_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.code}"


class ComplaintTransition(TransitionRule):
    """The complaint workflow as data (seeded by migration ``0002``). ``from_status`` ``*``
    means any open status; an empty ``to_status`` records an event without a change."""

    ANY_OPEN = "*"

    class Meta(TransitionRule.Meta):
        verbose_name = _("complaint workflow step")
        verbose_name_plural = _("complaint workflow steps")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "from_status"], name="complaint_transition_unique"
            )
        ]


class Acceptance(models.Model):
    """The customer's answer to the reply: accepted (closes) or refused (reopens)."""

    class How(models.TextChoices):
        PHONE = "phone", _("Phone")
        LETTER = "letter", _("Letter / fax")
        VISIT = "visit", _("Visit")
        EMAIL = "email", _("E-mail")
        SIGNATURE = "signature", _("Signed on paper")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="acceptances")
    accepted = models.BooleanField(_("accepted"))
    how = models.CharField(_("how the customer answered"), max_length=12, choices=How.choices)
    answered_at = models.DateTimeField(_("when the customer answered"))
    customer_name = models.CharField(_("answered by (customer)"), max_length=100)
    comment = models.TextField(_("customer's words"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("customer answer")
        verbose_name_plural = _("customer answers")

    def __str__(self) -> str:
        return f"{self.complaint_id} {'✓' if self.accepted else '✗'}"


class ClockState(models.TextChoices):
    RUNNING = "running", _("Running")
    BREACHED = "breached", _("Overdue")
    MET = "met", _("Met")
    MET_LATE = "met_late", _("Met late")
    CANCELLED = "cancelled", _("Not applicable")


class ComplaintClock(models.Model):
    """One target's clock, computed with the SLA calculus from the complaint's events."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="clocks")
    kind = models.CharField(_("target"), max_length=12, choices=TargetKind.choices)
    target = models.ForeignKey(ComplaintTarget, on_delete=models.PROTECT, related_name="clocks")
    state = models.CharField(_("state"), max_length=12, choices=ClockState.choices)
    started_at = models.DateTimeField(_("started at"))
    due_at = models.DateTimeField(_("due at"))
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    #: When the sweep must look at it next (a reminder level falls due); null = never.
    next_check_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at"]
        verbose_name = _("complaint clock")
        verbose_name_plural = _("complaint clocks")
        constraints = [
            models.UniqueConstraint(fields=["complaint", "kind"], name="complaint_clock_unique")
        ]
        indexes = [models.Index(fields=["next_check_at", "id"], name="complaint_clock_next_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.state}"

    @property
    def is_late(self) -> bool:
        return self.state in (ClockState.BREACHED, ClockState.MET_LATE)


class Reminder(models.Model):
    """催办单: one per (complaint, target, level) — level 0 near due, 1 overdue."""

    class Level(models.IntegerChoices):
        NEAR = 0, _("Due soon")
        OVERDUE = 1, _("Overdue")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("target"), max_length=12, choices=TargetKind.choices)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    due_at = models.DateTimeField(_("due at"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipients = models.JSONField(_("recipients"), default=list)

    class Meta:
        ordering = ["sent_at", "id"]
        verbose_name = _("reminder (催办单)")
        verbose_name_plural = _("reminders (催办单)")
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "kind", "level"], name="complaint_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind} {self.level}"


class DelayExplanation(models.Model):
    """The written explanation of a missed target (洽办单), required before work goes on."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="delay_explanations"
    )
    kind = models.CharField(_("target"), max_length=12, choices=TargetKind.choices)
    text = models.TextField(_("why it is late"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["written_at", "id"]
        verbose_name = _("delay explanation")
        verbose_name_plural = _("delay explanations")
        constraints = [
            models.UniqueConstraint(fields=["complaint", "kind"], name="complaint_delay_once")
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind}"
