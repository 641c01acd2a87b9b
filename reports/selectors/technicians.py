"""The technician daily report (技术员日报, 001 §十五): per technician and day, the tickets
worked, the work types, the time on site, the hours booked and the parts used.

On-site time runs from a technician's check-in to the ticket's next step that ends the visit
(carry-in, awaiting parts, waiting for the customer, restored, resolved), capped at the end of
that day. Four queries for any range."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from reports.rollup import day_start, local_day
from reports.scope import report_organisation
from reports.sources import CHECK_IN, event_code
from tickets.models import LabourEntry, PartUsage, TicketEvent

VISIT_ENDS = tuple(
    event_code(a)
    for a in ("carry_in", "await_parts", "wait_customer", "restore", "resolve", "cancel")
)
MAX_DAYS = 31


@dataclass
class TechnicianDay:
    technician_id: int
    technician: str
    organisation: str
    day: date
    tickets: set[str] = field(default_factory=set)
    work_types: set[str] = field(default_factory=set)
    on_site_seconds: int = 0
    visits: int = 0
    hours: Decimal = Decimal("0")
    parts_count: Decimal = Decimal("0")
    parts_amount: Decimal = Decimal("0")
    parts: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "technician_id": self.technician_id,
            "technician": self.technician,
            "organisation": self.organisation,
            "day": self.day.isoformat(),
            "tickets": sorted(self.tickets),
            "work_types": sorted(self.work_types),
            "visits": self.visits,
            "on_site_seconds": self.on_site_seconds,
            "hours": str(self.hours),
            "parts_count": str(self.parts_count),
            "parts_amount": str(self.parts_amount.quantize(Decimal("0.01"))),
            "parts": self.parts,
        }


def _scoped(queryset: Any, user: Any, path: str) -> Any:
    limit = report_organisation(user)
    return queryset if limit is None else queryset.filter(**{path: limit})


def technician_days(
    user: Any, first: date, last: date, technician_id: int | None = None
) -> list[TechnicianDay]:
    last = min(last, first + timedelta(days=MAX_DAYS - 1))
    lo, hi = day_start(first), day_start(last + timedelta(days=1))
    rows: dict[tuple[int, date], TechnicianDay] = {}

    def row(user_obj: Any, day: date) -> TechnicianDay:
        key = (user_obj.pk, day)
        if key not in rows:
            rows[key] = TechnicianDay(user_obj.pk, str(user_obj), str(user_obj.organisation), day)
        return rows[key]

    labour = _scoped(
        LabourEntry.objects.filter(work_date__gte=first, work_date__lte=last),
        user,
        "ticket__assigned_organisation_id",
    ).select_related("technician__organisation", "ticket")
    parts = _scoped(
        PartUsage.objects.filter(
            recorded_at__gte=lo, recorded_at__lt=hi, recorded_by__isnull=False
        ),
        user,
        "ticket__assigned_organisation_id",
    ).select_related("recorded_by__organisation", "ticket")
    check_ins = _scoped(
        TicketEvent.objects.filter(code=CHECK_IN, at__gte=lo, at__lt=hi, actor__isnull=False),
        user,
        "ticket__assigned_organisation_id",
    ).select_related("actor__organisation", "ticket")
    if technician_id:
        labour = labour.filter(technician_id=technician_id)
        parts = parts.filter(recorded_by_id=technician_id)
        check_ins = check_ins.filter(actor_id=technician_id)
    for entry in labour:
        r = row(entry.technician, entry.work_date)
        r.tickets.add(entry.ticket.number)
        r.hours += entry.hours
        if entry.work_type:
            r.work_types.add(entry.work_type)
    for part in parts:
        r = row(part.recorded_by, local_day(part.recorded_at))
        r.tickets.add(part.ticket.number)
        r.parts_count += part.quantity
        r.parts_amount += part.quantity * part.unit_price
        r.parts.append(f"{part.name} ×{part.quantity.normalize()}")
    check_in_list = list(check_ins)
    ends = _visit_ends({e.ticket_id for e in check_in_list}, lo, hi)
    for event in check_in_list:
        day = local_day(event.at)
        r = row(event.actor, day)
        r.tickets.add(event.ticket.number)
        r.visits += 1
        end = next((at for at in ends.get(event.ticket_id, []) if at > event.at), None)
        cap = min(day_start(day + timedelta(days=1)), timezone.now())
        stop = min(end, cap) if end is not None else cap
        r.on_site_seconds += max(0, int((stop - event.at).total_seconds()))
    return sorted(rows.values(), key=lambda r: (r.day, r.organisation, r.technician))


def _visit_ends(ticket_ids: set[int], lo: datetime, hi: datetime) -> dict[int, list[datetime]]:
    ends: dict[int, list[datetime]] = defaultdict(list)
    if not ticket_ids:
        return ends
    for ticket_id, at in (
        TicketEvent.objects.filter(Q(ticket_id__in=ticket_ids), code__in=VISIT_ENDS)
        .filter(at__gte=lo, at__lt=hi + timedelta(days=1))
        .order_by("ticket_id", "at")
        .values_list("ticket_id", "at")
    ):
        ends[ticket_id].append(at)
    return ends
