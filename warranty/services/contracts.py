"""Maintenance contracts (service type B): opening and renewing them, the preventive
visits they schedule (each opened as a ticket) and the renewal notice beat sends.

Each function runs in one transaction and either does everything or nothing; notices go
out only after commit (:mod:`warranty.notify`).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import require_role
from aftersales.errors import DomainError
from tickets.models import Customer, FaultSeverity, Ticket
from tickets.services import ticket_create
from warranty import defaults
from warranty.entitlement import add_months
from warranty.models import ContractVisit, MaintenanceContract, Unit, WarrantyRules
from warranty.notify import in_product_language, notify
from warranty.schedule import visit_dates


@transaction.atomic
def contract_create(
    *,
    by: User,
    number: str,
    customer: Customer,
    units: list[Unit],
    start: date,
    end: date,
    visits_per_year: int,
    price: Decimal,
    owner: User | None = None,
    account_manager: User | None = None,
    note: str = "",
    renewed_from: MaintenanceContract | None = None,
) -> MaintenanceContract:
    """Open a maintenance contract (service type B) for units of one customer."""
    require_role(by, defaults.CONTRACT_ROLES)
    if end < start:
        raise DomainError(_("The end date cannot be before the start date."), field="end")
    if not units:
        raise DomainError(_("Choose at least one unit."), field="units")
    foreign = [u.serial for u in units if u.customer_id != customer.pk]
    if foreign:
        raise DomainError(
            _("These units belong to another customer: %(serials)s")
            % {"serials": ", ".join(foreign)},
            field="units",
        )
    contract = MaintenanceContract(
        number=number.strip(),
        customer=customer,
        start=start,
        end=end,
        visits_per_year=visits_per_year,
        price=price,
        owner=owner or by,
        account_manager=account_manager,
        note=note,
        renewed_from=renewed_from,
        created_by=by,
    )
    try:
        contract.full_clean()
    except ValidationError as exc:
        raise DomainError.from_validation(exc) from exc
    contract.save()
    contract.units.set(units)
    return contract


def renewal_defaults(contract: MaintenanceContract) -> dict[str, Any]:
    """The proposed renewal: the same length, starting the day after the end."""
    start = contract.end + timedelta(days=1)
    months = (
        (contract.end.year - contract.start.year) * 12 + contract.end.month - contract.start.month
    )
    whole = next(
        (
            m
            for m in (months, months + 1)
            if m > 0 and add_months(contract.start, m) - timedelta(days=1) == contract.end
        ),
        None,
    )
    if whole is not None:
        end = add_months(start, whole) - timedelta(days=1)
    else:
        end = start + (contract.end - contract.start)
    base = contract.number.split("-R")[0]
    existing = MaintenanceContract.objects.filter(number__startswith=f"{base}-R").count()
    return {
        "number": f"{base}-R{existing + 1}",
        "start": start,
        "end": end,
        "visits_per_year": contract.visits_per_year,
        "price": contract.price,
    }


@transaction.atomic
def contract_renew(
    *,
    by: User,
    contract: MaintenanceContract,
    number: str | None = None,
    start: date | None = None,
    end: date | None = None,
    visits_per_year: int | None = None,
    price: Decimal | None = None,
) -> MaintenanceContract:
    """Renew a contract: a new contract for the same customer and units, linked to the old."""
    require_role(by, defaults.CONTRACT_ROLES)
    locked = MaintenanceContract.objects.select_for_update().get(pk=contract.pk)
    if MaintenanceContract.objects.filter(renewed_from=locked).exists():
        raise DomainError(_("This contract has already been renewed."), code="already_renewed")
    proposal = renewal_defaults(locked)
    new_start = start or proposal["start"]
    if new_start <= locked.start:
        raise DomainError(_("The renewal must start after the contract it renews."), field="start")
    return contract_create(
        by=by,
        number=number or proposal["number"],
        customer=locked.customer,
        units=list(locked.units.all()),
        start=new_start,
        end=end or proposal["end"],
        visits_per_year=visits_per_year or proposal["visits_per_year"],
        price=proposal["price"] if price is None else price,
        owner=locked.owner,
        account_manager=locked.account_manager,
        renewed_from=locked,
    )


def _local_datetime(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at), timezone.get_default_timezone())


def _visit_dates_due(contract: MaintenanceContract, today: date) -> list[date]:
    """Scheduled visit dates within the lead time, not opened yet, not before registration."""
    lead = timedelta(days=WarrantyRules.current().visit_lead_days)
    done = set(contract.visits.values_list("scheduled_date", flat=True))
    registered = timezone.localdate(contract.created_at)
    return [
        d
        for d in visit_dates(contract.start, contract.end, contract.visits_per_year)
        if registered <= d and d - lead <= today and d not in done
    ]


def _open_visit_ticket(
    contract: MaintenanceContract,
    day: date,
    schedule: list[date],
    units: list[Unit],
    severity: FaultSeverity | None,
    now: datetime,
) -> Ticket:
    """The maintenance ticket of one scheduled visit (described in the product language)."""
    with in_product_language():
        description = gettext(
            "Preventive maintenance visit %(n)s of %(total)s under contract %(contract)s "
            "on %(date)s. Units: %(units)s"
        ) % {
            "n": schedule.index(day) + 1,
            "total": len(schedule),
            "contract": contract.number,
            "date": day.isoformat(),
            "units": ", ".join(u.serial for u in units) or "-",
        }
    return ticket_create(
        by=None,
        customer=contract.customer,
        fault_description=description,
        severity=severity,  # type: ignore[arg-type]
        kind=Ticket.Kind.MAINTENANCE,
        channel=Ticket.Channel.API,
        serial_number=units[0].serial if len(units) == 1 else "",
        product_model=units[0].product_model.code if len(units) == 1 else "",
        received_at=min(now, _local_datetime(day, time(8, 0))),
        service_type=Ticket.ServiceType.CONTRACT,
        entitlement={
            "service_type": Ticket.ServiceType.CONTRACT,
            "contract": contract.number,
            "scheduled_date": day.isoformat(),
        },
    )


@transaction.atomic
def contract_generate_visits(*, contract_id: int, today: date | None = None) -> list[ContractVisit]:
    """Open the preventive-maintenance tickets due by ``today`` (plus the lead time).

    Visits scheduled before the contract was registered are history, not work: they are
    not opened (a contract entered in the middle of its period starts with its next visit).
    A visit missed while beat was down is still opened when it runs again. Safe to run twice:
    the contract row is locked and a visit exists once per scheduled date
    (unique constraint), so a second run creates nothing.
    """
    today = today or timezone.localdate()
    contract = (
        MaintenanceContract.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("customer")
        .filter(pk=contract_id)
        .first()
    )
    if contract is None:
        return []
    due = _visit_dates_due(contract, today)
    if not due:
        return []
    units = list(contract.units.order_by("serial"))
    severity = FaultSeverity.objects.order_by("-rank").first()
    now = timezone.now()
    schedule = visit_dates(contract.start, contract.end, contract.visits_per_year)
    created = []
    for day in due:
        ticket = _open_visit_ticket(contract, day, schedule, units, severity, now)
        created.append(
            ContractVisit.objects.create(contract=contract, scheduled_date=day, ticket=ticket)
        )
    return created


@transaction.atomic
def contract_send_renewal_notice(*, contract_id: int, now: datetime | None = None) -> bool:
    """Tell the contract owner and the account manager that the contract expires soon.

    Once per contract: ``renewal_notified_at`` is set in the same transaction.
    """
    now = now or timezone.now()
    contract = (
        MaintenanceContract.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("owner", "account_manager", "customer")
        .filter(pk=contract_id, renewal_notified_at__isnull=True)
        .first()
    )
    if contract is None:
        return False
    contract.renewal_notified_at = now
    contract.save(update_fields=["renewal_notified_at"])
    with in_product_language():
        subject = gettext("Maintenance contract %(number)s expires on %(end)s") % {
            "number": contract.number,
            "end": contract.end.isoformat(),
        }
        body = gettext(
            "The maintenance contract %(number)s of %(customer)s ends on %(end)s. "
            "Please contact the customer about renewing it."
        ) % {
            "number": contract.number,
            "customer": contract.customer.name,
            "end": contract.end.isoformat(),
        }
    notify([contract.owner, contract.account_manager], subject=subject, body=body)
    return True
