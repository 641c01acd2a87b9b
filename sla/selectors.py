"""Reads for SLA pages and API: a ticket's clocks with the "why due then", the queue badge,
the overview (breached now, at risk, compliance). Always from the user's scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scoping import scope_queryset
from aftersales.i18n import in_english
from sla.calculus import (
    ClockResult,
    Explanation,
    HistoryEntry,
    business_seconds,
    compute_clock,
)
from sla.calendars import calendar_spec, calendar_spec_by_id
from sla.measuring import ticket_history
from sla.metrics import metric_label
from sla.models import ClockState, Metric, SlaClock
from sla.policies import compile_target
from tickets.models import Status, Ticket

HOLIDAYS_ZH = {
    "Spring Festival": "春节",
    "National Day": "国庆节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "Tomb-sweeping Day": "清明节",
    "New Year's Day": "元旦",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
HOLIDAYS_EN = {zh: en for en, zh in HOLIDAYS_ZH.items()}


def holiday_name(name: str) -> str:
    """Holiday names from chinese_calendar are English; show them in the reader's language."""
    if in_english():
        return HOLIDAYS_EN.get(name, name)
    return HOLIDAYS_ZH.get(name, name)


def format_duration(seconds: int) -> str:
    """Business time for people: "2 h 05 min" / "2小时05分"; negative values as their size."""
    seconds = abs(int(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return _("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)d min") % {"minutes": minutes}


def _local(moment: datetime | None, tz: Any = None) -> str:
    if moment is None:
        return "—"
    return formats.date_format(timezone.localtime(moment, tz), "Y-m-d H:i")


def _span(start: datetime, end: datetime, tz: Any) -> str:
    start_l, end_l = timezone.localtime(start, tz), timezone.localtime(end, tz)
    head = formats.date_format(start_l, "Y-m-d H:i")
    if end_l.date() == start_l.date():
        return f"{head}–{end_l:%H:%M}"
    if end_l.hour == 0 and end_l.minute == 0 and end_l.date() == start_l.date() + timedelta(days=1):
        return f"{head}–24:00"
    return f"{head} – {formats.date_format(end_l, 'Y-m-d H:i')}"


def _status_label(code: str) -> str:
    return str(Status(code).label) if code in Status.values else code


@dataclass
class SegmentView:
    kind: str
    start: datetime
    end: datetime
    seconds: int
    text: str


@dataclass
class ClockView:
    clock: SlaClock
    metric: str
    metric_label: str
    state: str
    state_label: str
    warned: bool
    started_at: datetime | None
    due_at: datetime | None
    stopped_at: datetime | None
    duration_seconds: int
    used_seconds: int
    remaining_seconds: int
    calendar: str
    tz: str
    summary: str
    totals: str
    segments: list[SegmentView] = field(default_factory=list)
    as_of: datetime | None = None
    due_past_horizon: bool = False
    schedule_through: date | None = None

    @property
    def horizon_text(self) -> str:
        """Why the due time may be wrong: it lies past the loaded official schedule."""
        if not self.due_past_horizon:
            return ""
        if self.schedule_through is None:
            return _(
                "Provisional: the calendar has no official schedule loaded, so this due time "
                "ignores holidays and adjusted working days."
            )
        return _(
            "Provisional: this due time falls after %(through)s, the last date of the "
            "calendar's loaded official schedule; holidays and adjusted working days after it "
            "are not known yet."
        ) % {"through": self.schedule_through.isoformat()}

    @property
    def remaining_text(self) -> str:
        return format_duration(self.remaining_seconds)

    @property
    def css(self) -> str:
        if self.state in (ClockState.BREACHED, ClockState.MET_LATE):
            return "sla-breached"
        if self.warned:
            return "sla-warned"
        if self.state == ClockState.MET:
            return "sla-met"
        return ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "metric_label": self.metric_label,
            "state": self.state,
            "state_label": self.state_label,
            "warned": self.warned,
            "started_at": self.started_at,
            "due_at": self.due_at,
            "stopped_at": self.stopped_at,
            "duration_seconds": self.duration_seconds,
            "used_seconds": self.used_seconds,
            "remaining_seconds": self.remaining_seconds,
            "calendar": self.calendar,
            "time_zone": self.tz,
            "as_of": self.as_of,
            "due_past_horizon": self.due_past_horizon,
            "schedule_loaded_through": self.schedule_through,
            "horizon_warning": self.horizon_text,
            "explanation": {
                "summary": self.summary,
                "totals": self.totals,
                "segments": [
                    {
                        "kind": s.kind,
                        "start": s.start,
                        "end": s.end,
                        "seconds": s.seconds,
                        "text": s.text,
                    }
                    for s in self.segments
                ],
            },
        }


def _segment_text(kind: str, reason: str, label: str, span: str, windows: str = "") -> str:
    if kind == "counted":
        return _("Counted %(span)s") % {"span": span}
    if kind == "paused":
        return _("Paused %(span)s (%(status)s)") % {"span": span, "status": _status_label(reason)}
    if reason == "holiday":
        return _("Closed %(span)s (holiday: %(name)s)") % {
            "span": span,
            "name": holiday_name(label),
        }
    if reason == "special_hours":
        return _("Closed %(span)s (own working hours of the day: %(name)s, open %(windows)s)") % {
            "span": span,
            "name": label or _("special day"),
            "windows": windows,
        }
    if reason == "weekend":
        return _("Closed %(span)s (weekend)") % {"span": span}
    return _("Closed %(span)s (outside working hours)") % {"span": span}


def ticket_clock_views(ticket: Ticket, now: datetime | None = None) -> list[ClockView]:
    """Every applicable clock of the ticket as of now, each with its explanation."""
    moment = now or timezone.now()
    clocks = list(
        SlaClock.objects.filter(ticket=ticket, applies=True)
        .select_related("target__calendar")
        .prefetch_related("target__levels")
        .order_by("due_at", "metric")
    )
    if not clocks:
        return []
    history = ticket_history(ticket.pk)
    return [clock_view(clock, history, moment) for clock in clocks]


def clock_view(clock: SlaClock, history: list[HistoryEntry], moment: datetime) -> ClockView:
    """One clock recomputed from the history at ``moment``, with its "why due then"."""
    compiled = compile_target(clock.target)
    calendar_row = clock.target.calendar
    spec = calendar_spec(calendar_row)
    result = compute_clock(history, compiled.spec, spec, moment)
    explanation = result.explanation
    return ClockView(
        clock=clock,
        metric=clock.metric,
        metric_label=metric_label(clock.metric),
        state=result.state,
        state_label=str(ClockState(result.state).label),
        warned=clock.warned and result.state == ClockState.RUNNING,
        started_at=result.started_at,
        due_at=result.due_at,
        stopped_at=result.stopped_at,
        duration_seconds=compiled.spec.duration_seconds,
        used_seconds=result.used_seconds,
        remaining_seconds=result.remaining_seconds,
        calendar=calendar_row.name,
        tz=calendar_row.tz,
        summary=_why_due_then(result, compiled.spec.duration_seconds, calendar_row.name, spec.zone),
        totals=_totals_text(explanation),
        segments=_segment_views(explanation, spec.zone),
        as_of=moment,
        due_past_horizon=result.due_past_horizon,
        schedule_through=calendar_row.schedule_through,
    )


def _why_due_then(result: ClockResult, duration_seconds: int, calendar: str, tz: Any) -> str:
    return _(
        "Started %(start)s; %(duration)s of business time on the calendar “%(calendar)s” "
        "makes it due %(due)s."
    ) % {
        "start": _local(result.started_at, tz),
        "duration": format_duration(duration_seconds),
        "calendar": calendar,
        "due": _local(result.due_at, tz),
    }


def _totals_text(explanation: Explanation) -> str:
    return _(
        "Counted %(counted)s, paused %(paused)s, closed hours and holidays skipped %(closed)s."
    ) % {
        "counted": format_duration(explanation.counted_seconds),
        "paused": format_duration(explanation.paused_seconds),
        "closed": format_duration(explanation.closed_seconds),
    }


def _segment_views(explanation: Explanation, tz: Any) -> list[SegmentView]:
    """Each counted, paused or closed stretch in words, in the calendar's zone."""
    return [
        SegmentView(
            s.kind,
            s.start,
            s.end,
            s.seconds,
            _segment_text(
                s.kind,
                s.reason,
                s.label,
                _span(s.start, s.end, tz),
                ", ".join(str(w) for w in s.windows),
            ),
        )
        for s in explanation.segments
    ]


# --- queue badge ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Badge:
    state: str
    css: str
    text: str
    title: str
    due_at: datetime | None


def ticket_badge(ticket: Ticket, now: datetime | None = None) -> Badge | None:
    """The most urgent clock of a queue row, as a business-time countdown (no query, except
    a calendar re-check at most once a minute per calendar)."""
    state = ticket.sla_state
    if not state:
        return None
    if state == "paused":
        return Badge(state, "", _("SLA paused"), "", None)
    due = ticket.sla_due_at
    if due is None:
        return None
    moment = now or timezone.now()
    spec = calendar_spec_by_id(ticket.sla_calendar_id) if ticket.sla_calendar_id else None
    metric = metric_label(ticket.sla_metric) if ticket.sla_metric else ""
    if due > moment:
        left = business_seconds(spec, moment, due) if spec else int((due - moment).total_seconds())
        text = _("%(time)s left") % {"time": format_duration(left)}
    else:
        over = business_seconds(spec, due, moment) if spec else int((moment - due).total_seconds())
        text = _("%(time)s overdue") % {"time": format_duration(over)}
    breached = state == "breached" or due <= moment
    css = "sla-breached" if breached else ("sla-warned" if state == "warning" else "")
    title = _("%(metric)s due %(due)s") % {"metric": metric, "due": _local(due)}
    return Badge("breached" if breached else state, css, text, title, due)


# --- overview ---------------------------------------------------------------------------------


def clock_scope(user: User) -> QuerySet[SlaClock]:
    return scope_queryset(
        SlaClock.objects.filter(applies=True),
        user,
        organisation_field="ticket__assigned_organisation",
        customer_field="ticket__customer__account",
    )


def clocks_breached_all(user: User, now: datetime) -> QuerySet[SlaClock]:
    """Every running clock past its due time, oldest breach first (index: state, due_at)."""
    return (
        clock_scope(user)
        .filter(state__in=[ClockState.RUNNING, ClockState.BREACHED], due_at__lte=now)
        .select_related("ticket", "ticket__severity", "ticket__assigned_organisation")
        .order_by("due_at")
    )


def clocks_breached_now(user: User, now: datetime, limit: int = 50) -> QuerySet[SlaClock]:
    """The first ``limit`` of :func:`clocks_breached_all`."""
    return clocks_breached_all(user, now)[:limit]


def clocks_at_risk_all(
    user: User, now: datetime, within: timedelta = timedelta(hours=1)
) -> QuerySet[SlaClock]:
    return (
        clock_scope(user)
        .filter(state=ClockState.RUNNING, due_at__gt=now, due_at__lte=now + within)
        .select_related("ticket", "ticket__severity", "ticket__assigned_organisation")
        .order_by("due_at")
    )


def clocks_at_risk(
    user: User, now: datetime, within: timedelta = timedelta(hours=1), limit: int = 50
) -> QuerySet[SlaClock]:
    return clocks_at_risk_all(user, now, within)[:limit]


PERIODS = (("today", 0), ("7d", 7), ("30d", 30))


def compliance(user: User, now: datetime) -> list[dict[str, Any]]:
    """Per metric and period: met on time, met late, breached and still open; one query.

    A clock counts in a period when it stopped in it, or is running past a due time that
    fell in it."""
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    starts = {name: (today if days == 0 else now - timedelta(days=days)) for name, days in PERIODS}
    oldest = min(starts.values())
    stopped = Q(state__in=[ClockState.MET, ClockState.MET_LATE])
    open_late = Q(state__in=[ClockState.RUNNING, ClockState.BREACHED], due_at__lte=now)
    annotations: dict[str, Any] = {}
    for name, since in starts.items():
        annotations[f"{name}_met"] = Count(
            "pk", filter=Q(state=ClockState.MET, stopped_at__gte=since)
        )
        annotations[f"{name}_late"] = Count(
            "pk", filter=Q(state=ClockState.MET_LATE, stopped_at__gte=since)
        )
        annotations[f"{name}_open"] = Count("pk", filter=open_late & Q(due_at__gte=since))
    rows = (
        clock_scope(user)
        .filter((stopped & Q(stopped_at__gte=oldest)) | (open_late & Q(due_at__gte=oldest)))
        .values("metric")
        .annotate(**annotations)
        .order_by("metric")
    )
    by_metric = {row["metric"]: row for row in rows}
    table = []
    for metric in Metric:
        row: dict[str, Any] = dict(by_metric.get(metric.value, {}))
        periods = {}
        for name, _days in PERIODS:
            met, late, still = (row.get(f"{name}_{k}", 0) for k in ("met", "late", "open"))
            total = met + late + still
            periods[name] = {
                "met": met,
                "late": late,
                "open": still,
                "total": total,
                "rate": round(100 * met / total, 1) if total else None,
            }
        table.append({"metric": metric.value, "label": str(metric.label), "periods": periods})
    return table
