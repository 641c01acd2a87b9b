"""Load a unit's facts from the database and ask the pure :func:`warranty.entitlement.decide`.

Reads only. :func:`intake_facts` is the intake hook the warranty app registers with
``tickets.hooks`` (tickets never import warranty).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import User
from accounts.scoping import scope_queryset
from aftersales.i18n import in_english
from tickets.hooks import IntakeFacts
from tickets.models import Ticket
from warranty import entitlement as ent
from warranty.models import ComponentPeriod, ExclusionReason, MaintenanceContract, Unit

#: Ticket statuses that count as "repaired" for the repeat-repair rule.
REPAIRED_STATUSES = ("resolved", "visited", "closed")
#: Ticket kinds that are repairs of a fault (a preventive visit is not a repair).
REPAIR_KINDS = ("repair", "return_exchange")


def scoped_units(units: QuerySet[Unit], user: User) -> QuerySet[Unit]:
    """Units the user may see (``warranty.selectors.unit_scope`` is built on this)."""
    return scope_queryset(
        units, user, organisation_field="selling_dealer", customer_field="customer__account"
    )


def unit_queryset():
    """Units with everything a decision needs, in as few queries as possible."""
    return Unit.objects.select_related(
        "product_model", "customer", "selling_dealer", "card"
    ).prefetch_related(
        Prefetch("product_model__components", queryset=ComponentPeriod.objects.order_by("code")),
        "product_model__exclusions",
    )


def repeat_repair_count(
    unit: Unit,
    *,
    first_day: date | None,
    last_day: date | None,
    component: str | None,
    exclude_ticket_id: int | None = None,
) -> int:
    """Repairs of the same fault on this unit done in warranty (``first_day..last_day``).

    "Same fault" is the same component code stored in the ticket's decision (``None`` =
    a fault of the unit as a whole). A repair counts when its ticket was resolved and
    was received (local date) inside the quality period that applies to that component.
    """
    if first_day is None or last_day is None or unit.pk is None:
        return 0
    tickets = Ticket.objects.filter(unit=unit, kind__in=REPAIR_KINDS, status__in=REPAIRED_STATUSES)
    if exclude_ticket_id is not None:
        tickets = tickets.exclude(pk=exclude_ticket_id)
    count = 0
    for received_at, stored in tickets.values_list("received_at", "entitlement"):
        day = ent.fault_local_date(received_at, settings.TIME_ZONE)
        if first_day <= day <= last_day and (stored or {}).get("component") == component:
            count += 1
    return count


def contract_facts(unit: Unit) -> list[ent.ContractFacts]:
    contracts = MaintenanceContract.objects.filter(units=unit).order_by("start", "pk")
    return [c.facts() for c in contracts]


def entitlement_for(
    unit: Unit,
    fault_at: datetime | None = None,
    component: str | None = None,
    exclusion: str | None = None,
    *,
    exclude_ticket_id: int | None = None,
) -> ent.Decision:
    """The three-guarantees decision for a fault of ``unit`` at ``fault_at`` (default now).

    Raises ``ValueError`` for an exclusion the model's policy does not recognise.
    """
    return assess(unit, fault_at, component, exclusion, exclude_ticket_id=exclude_ticket_id)[0]


def assess(
    unit: Unit,
    fault_at: datetime | None = None,
    component: str | None = None,
    exclusion: str | None = None,
    *,
    exclude_ticket_id: int | None = None,
) -> tuple[ent.Decision, int]:
    """The decision and the number of same-fault repairs in warranty it counted."""
    component = component or None
    inputs: dict[str, Any] = {
        "policy": unit.product_model.policy_spec(),
        "unit": unit.facts(),
        "fault_at": fault_at or timezone.now(),
        "tz": settings.TIME_ZONE,
        "component": component,
        "exclusion": exclusion or None,
        "contracts": contract_facts(unit),
        # The dealer's card (三包回执卡) decides whether the *dealer's* service is recognised
        # (claims); the customer's own invoice/card is an exclusion the technician picks.
        "has_valid_card": True,
    }
    # First pass without repairs: it yields the period that applies to this fault.
    first = ent.decide(**inputs)
    last_day = first.quality_end
    own = next((c for c in first.components if c.code == component), None)
    if own is not None:
        last_day = own.end
    repairs = repeat_repair_count(
        unit,
        first_day=first.period_start,
        last_day=last_day,
        component=component,
        exclude_ticket_id=exclude_ticket_id,
    )
    if repairs == 0:
        return first, 0
    return ent.decide(**inputs, same_fault_repairs_in_warranty=repairs), repairs


def stored_decision(decision: ent.Decision, *, fault_at: datetime, serial: str) -> dict[str, Any]:
    """The JSON stored on a ticket: ``Decision.to_dict()`` plus what it was decided for."""
    return {**decision.to_dict(), "serial": serial, "fault_at": fault_at.isoformat()}


def language() -> str:
    return "en" if in_english() else "zh"


def render_reasons(decision: ent.Decision, lang: str | None = None) -> list[str]:
    """The decision's reasons as sentences in ``lang`` (default: the active language).

    Exclusion codes added as data (not among the defaults) are shown by their stored name.
    """
    lang = lang or language()
    names = {
        e.code: (e.name_en if lang == "en" else e.name_zh)
        for e in ExclusionReason.objects.all()
        if e.code not in ent.EXCLUSION_TEXT
    }
    out = []
    for reason in decision.reasons:
        code = reason.param("exclusion")
        if code in names:
            reason = ent.Reason(
                reason.code,
                tuple((k, names[code] if k == "exclusion" else v) for k, v in reason.params),
            )
        with translation.override("en" if lang == "en" else "zh-hans"):
            out.append(ent.render_reason(reason, gettext))
    return out


def intake_decision(
    by: User | None, serial_number: str, received_at: datetime
) -> tuple[Unit | None, dict[str, Any] | None]:
    """For ``ticket_create`` (through :func:`intake_facts`): the unit with this serial in
    the creator's scope and its decision, if any. A unit outside the scope (another dealer's
    sale) is not found, exactly as the warranty check answers 404 for it: the ticket is not
    linked to it and nothing of its warranty is shown."""
    serial = (serial_number or "").strip()
    if not serial:
        return None, None
    units = Unit.objects.all() if by is None else scoped_units(Unit.objects.all(), by)
    # Many calls name a serial that is not registered (unknown, mistyped, another make):
    # a bare existence check first spares them the five-table query below.
    if not units.filter(serial=serial).exists():
        return None, None
    unit = unit_queryset().filter(serial=serial).first()
    if unit is None:
        return None, None
    decision = entitlement_for(unit, received_at)
    return unit, stored_decision(decision, fault_at=received_at, serial=serial)


def intake_facts(by: User | None, serial_number: str, received_at: datetime) -> IntakeFacts | None:
    """The intake hook: the registered unit with this serial in the creator's scope, its
    model and its decision."""
    unit, decided = intake_decision(by, serial_number, received_at)
    if unit is None:
        return None
    return IntakeFacts(unit=unit, entitlement=decided, product_model=unit.product_model.code)
