"""Customer tiers and their regular visits (004 篇2), and dealer duties (001 dealer agreement).

Beat generates visit tasks when due and escalates those not done in time; it opens each
month's dealer duties. Every function is safe to run twice (unique rows, filtered updates).
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from aftersales.errors import ConflictError, DomainError, PermissionDeniedError
from complaints import notices
from complaints.models import (
    CustomerTier,
    CustomerTierAssignment,
    DealerDuty,
    SatisfactionRules,
    Survey,
    VisitTask,
)
from dealers.models import DealerRules
from dealers.services.assessment import Measure, share
from tickets.models import Customer

DESK_ROLES = frozenset({"agent", "supervisor", "manager"})
COMPANY_ROLES = frozenset({"supervisor", "manager", "appraiser"})


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def customer_tier_set(
    *, customer: Customer, tier: CustomerTier | None, by: User, since: date | None = None
) -> CustomerTierAssignment | None:
    if not by.has_role(*DESK_ROLES):
        raise PermissionDeniedError(_("Your role may not change customer tiers."))
    if tier is None:
        CustomerTierAssignment.objects.filter(customer=customer).delete()
        VisitTask.objects.filter(customer=customer, status=VisitTask.Status.OPEN).delete()
        return None
    row, _created = CustomerTierAssignment.objects.update_or_create(
        customer=customer, defaults={"tier": tier, "since": since or timezone.localdate()}
    )
    return row


def _next_due(assignment: CustomerTierAssignment, last_done: date | None) -> date:
    start = last_done or assignment.since
    return add_months(start, assignment.tier.visit_every_months)


def visit_tasks_generate(*, today: date | None = None) -> int:
    """Open the regular visit of every tiered customer whose visit falls due within the lead
    time and has no open task yet. Returns how many tasks were opened."""
    today = today or timezone.localdate()
    lead = timedelta(days=SatisfactionRules.current().visit_task_lead_days)
    last_done: dict[int, date] = {}
    for customer_id, done_at in VisitTask.objects.filter(status=VisitTask.Status.DONE).values_list(
        "customer_id", "done_at"
    ):
        day = timezone.localdate(done_at)
        last_done[customer_id] = max(day, last_done.get(customer_id, day))
    open_ids = set(
        VisitTask.objects.filter(status=VisitTask.Status.OPEN).values_list("customer_id", flat=True)
    )
    created = 0
    for assignment in CustomerTierAssignment.objects.select_related("tier").exclude(
        customer_id__in=open_ids
    ):
        due = _next_due(assignment, last_done.get(assignment.customer_id))
        if due - lead > today:
            continue
        try:
            with transaction.atomic():
                VisitTask.objects.create(
                    customer_id=assignment.customer_id, tier=assignment.tier, due_on=due
                )
                created += 1
        except IntegrityError:  # another run opened it first
            continue
    return created


def visit_tasks_escalate(*, today: date | None = None, now: datetime | None = None) -> int:
    """Tell supervisors and managers of each open visit past its grace period, once."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    grace = timedelta(days=SatisfactionRules.current().visit_task_grace_days)
    escalated = 0
    with transaction.atomic():
        late = list(
            VisitTask.objects.filter(
                status=VisitTask.Status.OPEN, escalated_at__isnull=True, due_on__lt=today - grace
            )
            .select_related("customer")
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("pk")
        )
        for task in late:
            task.escalated_at = now
            task.save(update_fields=["escalated_at"])
            notices.visit_task_overdue_notify(task)
            escalated += 1
    return escalated


@transaction.atomic
def visit_task_done(
    *, task: VisitTask, by: User, note: str = "", survey: Survey | None = None
) -> VisitTask:
    if not by.has_role(*DESK_ROLES, "technician"):
        raise PermissionDeniedError(_("Your role may not record regular visits."))
    locked = VisitTask.objects.select_for_update().get(pk=task.pk)
    if locked.status == VisitTask.Status.DONE:
        raise ConflictError(_("This visit is already recorded."))
    if not note.strip():
        raise DomainError(_("Say what the visit found."), field="note")
    locked.status = VisitTask.Status.DONE
    locked.done_at, locked.done_by, locked.note = timezone.now(), by, note.strip()
    locked.save()
    return locked


# --- dealer duties -------------------------------------------------------------------------------


def dealer_duties_open(*, month: date | None = None) -> int:
    """The month's satisfaction survey and report of every active dealer, due on the rules'
    day of the next month. Idempotent (one row per dealer, duty and month)."""
    month = (month or timezone.localdate()).replace(day=1)
    due = add_months(month, 1).replace(day=SatisfactionRules.current().dealer_duty_due_day)
    created = 0
    for dealer in Organisation.objects.filter(kind=Organisation.Kind.DEALER, is_active=True):
        for kind in DealerDuty.DEALER_KINDS:
            _row, made = DealerDuty.objects.get_or_create(
                dealer=dealer, kind=kind, period=month, defaults={"due_on": due}
            )
            created += made
    return created


@transaction.atomic
def quality_report_file(*, by: User, subject: str, at: datetime | None = None) -> DealerDuty:
    """A dealer's quality report (信息反馈单): the company owes feedback within
    ``DealerRules.feedback_days``."""
    organisation = by.organisation
    if organisation.kind != Organisation.Kind.DEALER or not by.has_role("dealer"):
        raise PermissionDeniedError(_("Only a dealer files quality reports."))
    if not subject.strip():
        raise DomainError(_("Describe the quality problem."), field="subject")
    now = at or timezone.now()
    today = timezone.localdate(now)
    return DealerDuty.objects.create(
        dealer=organisation,
        kind=DealerDuty.Kind.QUALITY_FEEDBACK,
        period=today.replace(day=1),
        due_on=today + timedelta(days=DealerRules.current().feedback_days),
        subject=subject.strip(),
        created_at=now,
        created_by=by,
    )


@transaction.atomic
def dealer_duty_done(
    *, duty: DealerDuty, by: User, note: str = "", at: datetime | None = None
) -> DealerDuty:
    locked = DealerDuty.objects.select_for_update().get(pk=duty.pk)
    if locked.kind == DealerDuty.Kind.QUALITY_FEEDBACK:
        allowed = by.organisation.is_internal and by.has_role(*COMPANY_ROLES)
    else:
        allowed = by.organisation_id == locked.dealer_id and by.has_role("dealer")
    if not allowed and not by.is_superuser:
        raise PermissionDeniedError(_("Your role may not complete this duty."))
    if locked.done_at is not None:
        raise ConflictError(_("This duty is already done."))
    if not note.strip():
        raise DomainError(_("Say what was sent or answered."), field="note")
    locked.done_at, locked.done_by, locked.note = at or timezone.now(), by, note.strip()
    locked.save()
    return locked


# --- assessment metrics (registered with dealers.services.assessment) ---------------------------


def satisfaction_metric(dealer: Organisation, start: datetime, end: datetime) -> Measure:
    surveys = Survey.objects.filter(
        organisation=dealer, answered_at__gte=start, answered_at__lt=end
    )
    total = surveys.count()
    return share(total - surveys.filter(dissatisfied=True).count(), total)


def duties_metric(dealer: Organisation, start: datetime, end: datetime) -> Measure:
    """The dealer's own duties due in the month: done on time ÷ due (open ones not yet due
    are left out)."""
    first, last = timezone.localdate(start), timezone.localdate(end - timedelta(seconds=1))
    today = timezone.localdate()
    good = total = 0
    for duty in DealerDuty.objects.filter(
        dealer=dealer, kind__in=DealerDuty.DEALER_KINDS, due_on__gte=first, due_on__lte=last
    ):
        if duty.done_at is None and duty.due_on >= today:
            continue
        total += 1
        good += bool(duty.on_time)
    return share(good, total)
