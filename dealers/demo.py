"""Demo dealer data: terms and certificates for the demo dealers' technicians, and a few
repair records and claims in every state, made through the services so each has its
timeline, with one quarter already settled and its notice issued.

Idempotent: profiles and certificates are keyed by dealer and number; the records and
claims are made only when the demo dealers have none yet.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from dealers.models import DealerProfile, PartsShipment, RepairRecord, TechnicianCertificate
from dealers.periods import previous_quarter, quarter_bounds, quarter_of
from dealers.services.assessment import assessments_compute, assessments_publish
from dealers.services.claims import claim_create, claim_transition
from dealers.services.records import dealer_arrange, repair_record_file
from dealers.services.settlement import statement_issue
from dealers.services.shipments import shipment_advance, shipment_request
from tickets.actions import perform_action
from tickets.models import FaultSeverity
from tickets.services import ticket_create
from tickets.signatures import sample_signature
from warranty.models import Unit, WarrantyRules

# dealer code, grade, labour rate, travel rate, return-visit target, receivable account
PROFILES = [
    ("D-SH01", "A", "45.00", "1.80", "100.00", "1122-D-SH01"),
    ("D-SH02", "B", "40.00", "1.50", "95.00", "1122-D-SH02"),
    ("D-ZJ01", "B", "38.00", "2.00", "95.00", "1122-D-ZJ01"),
]
# technician, dealer, certificate number
CERTIFICATES = [
    ("dealer_tech", "D-SH01", "WXY-SH01-0001"),
    ("dealer2_tech", "D-SH02", "WXY-SH02-0001"),
    ("dealer3_tech", "D-ZJ01", "WXY-ZJ01-0001"),
]
DISPATCHERS = {"D-SH01": "dealer", "D-SH02": "dealer2", "D-ZJ01": "dealer3"}
TECHNICIANS = {"D-SH01": "dealer_tech", "D-SH02": "dealer2_tech", "D-ZJ01": "dealer3_tech"}
PARTS = [
    [
        {
            "part_number": "KFR-CMP-35",
            "name": "压缩机",
            "quantity": "1",
            "unit_price": "520.00",
            "tag_number": "JX-{n}-1",
        }
    ],
    [
        {
            "part_number": "KFR-CAP-02",
            "name": "启动电容",
            "quantity": "2",
            "unit_price": "28.50",
            "tag_number": "JX-{n}-1",
        },
        {
            "part_number": "KFR-FAN-01",
            "name": "外机风扇电机",
            "quantity": "1",
            "unit_price": "165.00",
            "tag_number": "JX-{n}-2",
        },
    ],
    [
        {
            "part_number": "KFR-PCB-07",
            "name": "室内机主板",
            "quantity": "1",
            "unit_price": "310.00",
            "tag_number": "JX-{n}-1",
        }
    ],
]
# dealer, target state, days after the scenario start
SCENARIOS = [
    ("D-SH01", "statement", "last"),
    ("D-SH01", "statement", "last"),
    ("D-SH01", "settled", "this"),
    ("D-SH01", "appraised", "recent"),
    ("D-SH01", "shipped", "recent"),
    ("D-SH01", "draft", "recent"),
    ("D-SH02", "submitted", "recent"),
    ("D-SH02", "rejected", "recent"),
    ("D-ZJ01", "reviewed", "recent"),
]


def _aware(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _demo_people() -> tuple[dict[str, Organisation], dict[str, User]] | None:
    orgs = {o.code: o for o in Organisation.objects.filter(code__in=[p[0] for p in PROFILES])}
    people = {
        u.username: u
        for u in User.objects.filter(
            username__in=[
                "agent",
                "appraiser",
                "finance",
                "manager",
                *DISPATCHERS.values(),
                *TECHNICIANS.values(),
            ]
        )
    }
    if len(orgs) < len(PROFILES) or len(people) < 10:
        return None  # accounts demo not loaded
    return orgs, people


@transaction.atomic
def prepare() -> None:
    """Dealer terms and technician certificates, before other apps' demo tickets are arranged
    (a job at a dealer goes only to a certified technician)."""
    loaded = _demo_people()
    if loaded is None:
        return
    orgs, people = loaded
    today = timezone.localdate()
    for code, grade, labour, travel, target, account in PROFILES:
        DealerProfile.objects.get_or_create(
            organisation=orgs[code],
            defaults={
                "grade": grade,
                "labour_rate": Decimal(labour),
                "travel_rate": Decimal(travel),
                "return_visit_target": Decimal(target),
                "receivable_account": account,
            },
        )
    for username, code, number in CERTIFICATES:
        TechnicianCertificate.objects.get_or_create(
            number=number,
            defaults={
                "dealer": orgs[code],
                "technician": people[username],
                "valid_from": today - timedelta(days=400),
                "valid_until": today + timedelta(days=700),
                "created_at": _aware(today - timedelta(days=400)),
            },
        )


@transaction.atomic
def seed() -> None:
    loaded = _demo_people()
    if loaded is None:
        return
    orgs, people = loaded
    prepare()
    if RepairRecord.objects.filter(dealer__in=orgs.values()).exists():
        return
    _claims(orgs, people, timezone.localdate())


def _claimable_units(dealer: Organisation, count: int) -> list[Unit]:
    """Units sold by ``dealer`` whose card it returned on time, still in warranty."""
    days = WarrantyRules.current().card_deadline_days
    out = []
    units = Unit.objects.filter(
        selling_dealer=dealer,
        card__isnull=False,
        sale_date__isnull=False,
        product_model__code="KFR-35GW",
    ).select_related("card")
    for unit in units.order_by("-sale_date", "serial"):
        if (
            unit.card.filed_on <= unit.sale_date + timedelta(days=days)  # type: ignore[operator]
            and unit.card.dealer_id == dealer.pk
        ):
            out.append(unit)
        if len(out) == count:
            break
    return out


def _claims(orgs: dict[str, Organisation], people: dict[str, User], today: date) -> None:
    year, quarter = quarter_of(today)
    last_first, _last_end = quarter_bounds(*previous_quarter(year, quarter))
    this_first, _this_end = quarter_bounds(year, quarter)
    starts = {
        "last": _aware(last_first + timedelta(days=20)),
        "this": _aware(max(this_first, today - timedelta(days=30))),
        "recent": _aware(today - timedelta(days=12)),
    }
    units = {code: _claimable_units(org, 6) for code, org in orgs.items()}
    severity = FaultSeverity.objects.order_by("rank")[2]
    appraiser, finance = people["appraiser"], people["finance"]
    settled_last: set[str] = set()
    for n, (code, target, when) in enumerate(SCENARIOS, start=1):
        if not units[code]:
            continue
        unit = units[code].pop(0)
        dealer, org = people[DISPATCHERS[code]], orgs[code]
        tech = people[TECHNICIANS[code]]
        clock = starts[when]

        def later(hours: float) -> datetime:
            nonlocal clock
            clock = min(clock + timedelta(hours=hours), timezone.now() - timedelta(minutes=5))
            return clock

        ticket = ticket_create(
            by=people["agent"],
            customer=unit.customer,
            fault_description="空调不制冷，外机不启动",
            severity=severity,
            serial_number=unit.serial,
            received_at=later(0),
            registered_at=clock,
        )
        perform_action(
            ticket=ticket,
            by=people["agent"],
            action="forward",
            data={"assigned_organisation": org.pk},
            at=later(0.2),
        )
        dealer_arrange(ticket=ticket, by=dealer, technician=tech, at=later(1))
        perform_action(ticket=ticket, by=tech, action="check_in", data={}, at=later(20))
        perform_action(
            ticket=ticket,
            by=tech,
            action="resolve",
            data={"signed_by_name": unit.customer.name, "signature": sample_signature()},
            at=later(3),
        )
        parts = [
            {**p, "tag_number": p["tag_number"].format(n=f"{n:03d}")} for p in PARTS[n % len(PARTS)]
        ]
        record = repair_record_file(
            by=dealer,
            ticket=ticket,
            technician=tech,
            work_done="检测压缩机及电容，更换损坏件，试机正常",
            labour_hours=Decimal("2.5") + n % 3,
            travel_km=Decimal(8 + 3 * n),
            customer_signed_name=unit.customer.name,
            parts=parts,
            at=later(24),
        )
        claim = claim_create(by=dealer, records=[record], at=later(2))
        if target == "draft":
            continue
        steps = [
            ("submit", dealer, {}),
            ("ship_parts", dealer, {"carrier": "顺丰速运", "tracking_number": f"SF10{n:08d}"}),
            ("receive_parts", appraiser, {}),
            ("appraise", appraiser, None),
            ("approve", finance, None),
            ("settle", finance, {}),
        ]
        stop = {
            "submitted": "submit",
            "shipped": "ship_parts",
            "appraised": "appraise",
            "reviewed": "approve",
            "rejected": "appraise",
            "settled": "settle",
            "statement": "settle",
        }[target]
        for action, by, data in steps:
            if data is None and action == "appraise":
                data = {
                    "genuine": True,  # type: ignore[dict-item]
                    "reason": "",
                    "parts": [  # type: ignore[dict-item]
                        {"line": line.pk, "verdict": "scrap", "reason": "绕组烧毁"}
                        for line in claim.lines.filter(kind="part")
                    ],
                }
            elif data is None:
                labour = claim.lines.filter(kind="labour").first()
                data = (
                    {
                        "lines": [  # type: ignore[dict-item]
                            {
                                "line": labour.pk,
                                "approved_amount": str(
                                    (labour.amount * Decimal("0.8")).quantize(Decimal("0.01"))
                                ),
                            }
                        ]
                    }
                    if (labour and n % 2)
                    else {}
                )
            claim_transition(claim=claim, by=by, action=action, data=data, at=later(30))
            if action == stop:
                break
        if target == "rejected":
            claim_transition(
                claim=claim,
                by=finance,
                action="reject",
                data={"reason": "parts_not_returned", "note": "旧件标签与记录不符"},
                at=later(5),
            )
        if target == "statement":
            settled_last.add(code)
    for code in sorted(settled_last):
        statement_issue(
            by=finance,
            dealer=orgs[code],
            year=last_first.year,
            quarter=quarter_of(last_first)[1],
            at=_aware(this_first, 10) if _aware(this_first, 10) < timezone.now() else None,
        )
    _shipments(orgs, people)
    assessments_compute()
    assessments_publish(by=people["manager"])


def _shipments(orgs: dict[str, Organisation], people: dict[str, User]) -> None:
    dealer = people["dealer"]
    first = shipment_request(
        by=dealer,
        dealer=orgs["D-SH01"],
        items=[{"part_number": "KFR-CMP-35", "name": "压缩机", "quantity": "1"}],
    )
    first = shipment_advance(by=people["appraiser"], shipment=first, action="verify")
    PartsShipment.objects.filter(pk=first.pk).update(
        verified_at=first.verified_at - timedelta(days=5),  # type: ignore[operator]
        due_at=first.due_at - timedelta(days=5),  # type: ignore[operator]
    )
    shipment_request(
        by=dealer,
        dealer=orgs["D-SH01"],
        items=[{"part_number": "KFR-PCB-07", "name": "室内机主板", "quantity": "1"}],
    )
