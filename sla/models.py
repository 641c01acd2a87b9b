"""SLA rows: working calendars, versioned policies with targets and escalation ladders,
one clock per (ticket, metric) and one escalation record per (clock, level).

The arithmetic lives in the pure package ``sla.calculus``; these rows are its inputs
(calendars, targets) and its stored outputs (clocks). ``sla.measuring`` loads the rows,
calls the calculus and stores the clock (``sla.persistence`` writes it). The tables keep
the names they had when these models lived in ``tickets`` (``tickets_slaclock`` …).
Rows never reset a cache themselves: the services that change calendars and policies
(``sla.calendars``, ``sla.policies``) do.
"""

from __future__ import annotations

from datetime import date, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftersales.i18n import bilingual
from sla.calculus import Window, parse_windows

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class Metric(models.TextChoices):
    """What an SLA target measures (DOMAIN.md "SLA targets"). Codes are stable."""

    DISPATCH = "dispatch", _("Dispatch arrangement")
    SUPERVISOR_CHECK = "supervisor_check", _("Supervisor check")
    FIRST_RESPONSE = "first_response", _("First response")
    ON_SITE = "on_site", _("On-site arrival")
    RESTORE = "restore", _("Service restored")
    RESOLUTION = "resolution", _("Resolution")
    RETURN_VISIT = "return_visit", _("Return visit")
    COMPLAINT_CLOSURE = "complaint_closure", _("Complaint closure")


class BusinessCalendar(models.Model):
    """When SLA clocks run: weekly windows (several a day), holidays and adjusted working
    days (调休), in an IANA time zone."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    tz = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    adjusted_workday_weekday = models.PositiveSmallIntegerField(
        _("adjusted working days use the windows of"),
        choices=WEEKDAYS,
        default=0,
        help_text=_("An adjusted working day (调休) opens with the windows of this weekday."),
    )
    follows_official_schedule = models.BooleanField(
        _("follows an official schedule"),
        default=False,
        help_text=_(
            "Its holidays and adjusted working days come from a yearly official notice "
            "(the State Council's for China), which has to be entered every year."
        ),
    )
    schedule_through = models.DateField(
        _("official schedule loaded through"),
        null=True,
        blank=True,
        help_text=_(
            "The last date whose official holidays and adjusted working days are loaded. "
            "Later dates are computed from the weekly windows alone."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "tickets_businesscalendar"
        ordering = ["code"]
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return bilingual(self.name_zh, self.name_en)

    def clean(self) -> None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError({"tz": _("Unknown time zone.")}) from None

    @property
    def known_through(self) -> date | None:
        """The calculus' horizon: None when the calendar follows no official schedule."""
        if not self.follows_official_schedule:
            return None
        return self.schedule_through or date.min


class WorkingWindow(models.Model):
    """One open window of a weekday, e.g. Monday 08:30–12:00. An end of 00:00 means 24:00."""

    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.CASCADE, related_name="windows")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAYS)
    start = models.TimeField(_("opens"))
    end = models.TimeField(_("closes"), help_text=_("00:00 means midnight at the end of the day."))

    class Meta:
        db_table = "tickets_workingwindow"
        ordering = ["weekday", "start"]
        verbose_name = _("working window")
        verbose_name_plural = _("working windows")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"

    @property
    def start_minute(self) -> int:
        return self.start.hour * 60 + self.start.minute

    @property
    def end_minute(self) -> int:
        if self.end == time(0):
            return 1440
        return self.end.hour * 60 + self.end.minute

    def clean(self) -> None:
        if self.end_minute <= self.start_minute:
            raise ValidationError({"end": _("A window must close after it opens.")})


class CalendarException(models.Model):
    """One date that differs from the weekly windows: a holiday (closed), an adjusted working
    day (调休, open with the windows of ``adjusted_workday_weekday`` unless it has its own), or
    a date with its own working hours (a half day, an extended day)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday (closed)")
        ADJUSTED_WORKDAY = "adjusted_workday", _("Adjusted working day (调休, open)")
        HOURS = "hours", _("Own working hours (half day, extended day)")

    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.CASCADE, related_name="exceptions"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=100, blank=True)
    windows = models.CharField(
        _("working windows"),
        max_length=200,
        blank=True,
        help_text=_(
            "This date's own windows, e.g. “08:30-12:00” for a half day or "
            "“08:30-12:00 13:30-20:00” for an extended day; empty: the usual windows."
        ),
    )

    class Meta:
        db_table = "tickets_calendarexception"
        ordering = ["date"]
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        constraints = [
            models.UniqueConstraint(
                fields=["calendar", "date"], name="calendar_exception_date_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name} {self.windows}".strip()

    @property
    def own_windows(self) -> tuple[Window, ...]:
        """The parsed ``windows`` (empty when blank or invalid; ``clean`` rejects invalid)."""
        try:
            return parse_windows(self.windows)
        except ValueError:
            return ()

    def clean(self) -> None:
        try:
            windows = parse_windows(self.windows)
        except ValueError:
            raise ValidationError(
                {"windows": _("Write windows like “08:30-12:00 13:30-17:30”, in time order.")}
            ) from None
        if self.kind == self.Kind.HOLIDAY and windows:
            raise ValidationError({"windows": _("A holiday is closed: it has no windows.")})
        if self.kind == self.Kind.HOURS and not windows:
            raise ValidationError({"windows": _("Give this date's working windows.")})


class CalendarEvent(models.Model):
    """Audit of a calendar's changes (exceptions set or deleted, a year's official schedule
    entered or imported), with a stable code from ``sla.events.CalendarEventCode``."""

    calendar = models.ForeignKey(
        BusinessCalendar,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("calendar"),
    )
    code = models.CharField(_("code"), max_length=64, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    payload = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("calendar event")
        verbose_name_plural = _("calendar events")

    def __str__(self) -> str:
        return f"{self.calendar_id} {self.code}"


class SlaPolicy(models.Model):
    """A set of targets that applies to the tickets its rules match.

    Versioned: revising a policy creates a new row with the same ``key`` and the next
    ``version`` and makes it current; clocks keep pointing at the targets of the version
    they were measured under until the policy is re-applied. Rules are lists of codes;
    an empty list matches anything. Policies are tried by ``priority`` (lowest first),
    the default last.
    """

    key = models.SlugField(_("key"), max_length=40)
    version = models.PositiveIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current"), default=True)
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    priority = models.PositiveIntegerField(_("priority"), default=100)
    is_default = models.BooleanField(_("default policy"), default=False)
    match_kinds = models.JSONField(_("ticket kinds"), default=list, blank=True)
    match_severities = models.JSONField(_("severities"), default=list, blank=True)
    match_region_classes = models.JSONField(_("region classes"), default=list, blank=True)
    match_organisations = models.JSONField(_("organisations (codes)"), default=list, blank=True)
    match_service_types = models.JSONField(_("service types"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "tickets_slapolicy"
        ordering = ["priority", "key", "-version"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "version"], name="sla_policy_key_version_unique"
            ),
            models.UniqueConstraint(
                fields=["key"], condition=Q(is_current=True), name="sla_policy_one_current_version"
            ),
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_current=True, is_default=True),
                name="sla_policy_one_default",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def name(self) -> str:
        return bilingual(self.name_zh, self.name_en)


class SlaTarget(models.Model):
    """One metric's target inside a policy version. Within a policy, the first target of a
    metric (by ``position``) whose conditions match the ticket applies; so a severity or
    region change picks another target of the same policy and keeps the history."""

    policy = models.ForeignKey(SlaPolicy, on_delete=models.CASCADE, related_name="targets")
    metric = models.CharField(_("metric"), max_length=32, choices=Metric.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    when_kinds = models.JSONField(_("only ticket kinds"), default=list, blank=True)
    when_severities = models.JSONField(_("only severities"), default=list, blank=True)
    when_region_classes = models.JSONField(_("only region classes"), default=list, blank=True)
    when_channels = models.JSONField(_("only channels"), default=list, blank=True)
    duration_seconds = models.PositiveIntegerField(_("duration (seconds of business time)"))
    calendar = models.ForeignKey(
        BusinessCalendar,
        on_delete=models.PROTECT,
        related_name="targets",
        verbose_name=_("calendar"),
    )
    start_on = models.JSONField(_("starts on"), default=list, help_text=_("Status or event codes."))
    stop_on = models.JSONField(_("stops on"), default=list, help_text=_("Status or event codes."))
    pause_statuses = models.JSONField(_("paused in statuses"), default=list, blank=True)
    cancel_on = models.JSONField(_("cancelled on"), default=list, blank=True)
    urgent_percent = models.PositiveSmallIntegerField(
        _("urgent below (percent of the time left)"),
        default=25,
        validators=[MaxValueValidator(100)],
        help_text=_("Live countdowns turn amber once less than this share of the time is left."),
    )

    class Meta:
        db_table = "tickets_slatarget"
        ordering = ["policy", "metric", "position", "id"]
        verbose_name = _("SLA target")
        verbose_name_plural = _("SLA targets")

    def __str__(self) -> str:
        return f"{self.get_metric_display()} {self.duration_seconds // 60} min"

    def matches(self, *, kind: str, severity: str, region_class: str, channel: str) -> bool:
        return all(
            not allowed or value in allowed
            for allowed, value in (
                (self.when_kinds, kind),
                (self.when_severities, severity),
                (self.when_region_classes, region_class),
                (self.when_channels, channel),
            )
        )


class EscalationLevel(models.Model):
    """A rung of a target's ladder: at ``offset_seconds`` from the due time (negative =
    that much business time before, a warning; zero or positive = wall time after)."""

    class Action(models.TextChoices):
        NOTIFY_ROLE = "notify_role", _("Notify a role")
        NOTIFY_SUPERVISOR = "notify_supervisor", _("Notify the ticket's supervisor")
        NOTIFY_ORG_MANAGERS = (
            "notify_org_managers",
            _("Notify the assignee organisation's managers"),
        )
        NOTIFY_USERS = "notify_users", _("Notify named users")
        REASSIGN = "reassign", _("Reassign to a user")
        RAISE_SEVERITY = "raise_severity", _("Raise the severity one level")

    target = models.ForeignKey(SlaTarget, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("level"), help_text=_("0, 1, 2 … in ladder order."))
    offset_seconds = models.IntegerField(_("offset from due (seconds)"))
    action = models.CharField(_("action"), max_length=24, choices=Action.choices)
    role = models.CharField(_("role"), max_length=20, blank=True)
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    reassign_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "tickets_escalationlevel"
        ordering = ["target", "level"]
        verbose_name = _("escalation level")
        verbose_name_plural = _("escalation levels")
        constraints = [
            models.UniqueConstraint(fields=["target", "level"], name="escalation_level_unique")
        ]

    def __str__(self) -> str:
        return f"L{self.level} {self.offset_seconds:+d}s {self.get_action_display()}"


class ClockState(models.TextChoices):
    PENDING = "pending", _("Not started")
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    MET = "met", _("Met")
    BREACHED = "breached", _("Breached")
    MET_LATE = "met_late", _("Met late")
    CANCELLED = "cancelled", _("Cancelled")


class SlaClock(models.Model):
    """Where one metric of one ticket stands, as of ``computed_at``. Rebuilt from the ticket's
    history by ``clocks_recompute``; never edited by hand."""

    ticket = models.ForeignKey(  # indexed by the unique (ticket, metric)
        "tickets.Ticket", on_delete=models.CASCADE, related_name="sla_clocks", db_index=False
    )
    metric = models.CharField(_("metric"), max_length=32, choices=Metric.choices)
    target = models.ForeignKey(SlaTarget, on_delete=models.PROTECT, related_name="clocks")
    state = models.CharField(
        _("state"), max_length=12, choices=ClockState.choices, default=ClockState.PENDING
    )
    applies = models.BooleanField(
        _("applies"),
        default=True,
        help_text=_("False when no target of the policy matches the ticket any more."),
    )
    warned = models.BooleanField(_("warned"), default=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    used_seconds = models.IntegerField(_("business time used (s)"), default=0)
    remaining_seconds = models.IntegerField(_("business time remaining (s)"), default=0)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)
    next_action_at = models.DateTimeField(_("next action at"), null=True, blank=True)
    fired_levels = models.JSONField(_("fired levels"), default=list, blank=True)

    class Meta:
        db_table = "tickets_slaclock"
        ordering = ["ticket", "metric"]
        verbose_name = _("SLA clock")
        verbose_name_plural = _("SLA clocks")
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "metric"], name="sla_clock_ticket_metric_unique"
            )
        ]
        indexes = [
            # The sweep's only road in: due actions, smallest first; rows without one are left out.
            models.Index(
                fields=["next_action_at"],
                name="sla_clock_next_action_idx",
                condition=Q(next_action_at__isnull=False),
            ),
            # Compliance per metric over a period, by stop time.
            models.Index(
                fields=["stopped_at", "metric"],
                name="sla_clock_stopped_idx",
                condition=Q(stopped_at__isnull=False),
            ),
            # Breached now / at risk: running clocks by due time.
            models.Index(fields=["state", "due_at"], name="sla_clock_state_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.metric} {self.state}"

    @property
    def is_running(self) -> bool:
        return self.state in (ClockState.RUNNING, ClockState.BREACHED)


class Escalation(models.Model):
    """One fired rung of a clock's ladder. The unique (clock, level) row is what makes each
    escalation fire exactly once, whichever worker gets there first."""

    clock = models.ForeignKey(SlaClock, on_delete=models.CASCADE, related_name="escalations")
    level = models.PositiveSmallIntegerField(_("level"))
    level_rule = models.ForeignKey(
        EscalationLevel, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=24)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    fired_at = models.DateTimeField(_("fired at"), default=timezone.now)
    detail = models.JSONField(_("action taken"), default=dict, blank=True)

    class Meta:
        db_table = "tickets_escalation"
        ordering = ["fired_at", "id"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [
            models.UniqueConstraint(fields=["clock", "level"], name="escalation_clock_level_unique")
        ]

    def __str__(self) -> str:
        return f"{self.clock_id} L{self.level} {self.action}"
