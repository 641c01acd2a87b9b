"""Behaviour of the three-guarantees (三包) entitlement decision. Pure Python, no DB."""

from __future__ import annotations

import json
import re
import string
from dataclasses import FrozenInstanceError
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from warranty.entitlement import (
    DEFAULT_EXCLUSIONS,
    REASON_CODES,
    ComponentPeriod,
    ContractFacts,
    Decision,
    Reason,
    UnitFacts,
    WarrantyPolicySpec,
    add_months,
    decide,
    render_reason,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def shanghai(y: int, m: int, d: int, hh: int = 12, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=SHANGHAI)


def utc(y: int, m: int, d: int, hh: int, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=UTC)


def policy(**overrides: object) -> WarrantyPolicySpec:
    fields: dict[str, object] = {"quality_months": 12, "maintenance_months": 24}
    fields.update(overrides)
    return WarrantyPolicySpec(**fields)  # type: ignore[arg-type]


SOLAR_LAMP = policy(
    quality_months=12,
    maintenance_months=24,
    components=(
        ComponentPeriod("panel", "Solar panel", "太阳能电池板", 360),
        ComponentPeriod("light_source", "Light source", "光源", 360),
        ComponentPeriod("battery", "Battery", "蓄电池", 60),
    ),
)

SOLD = UnitFacts(serial="SN-001", sale_date=date(2024, 3, 15))


def reason(decision: Decision, code: str) -> Reason:
    found = [r for r in decision.reasons if r.code == code]
    assert found, f"no reason {code!r} in {decision.reason_codes}"
    return found[0]


# ---------------------------------------------------------------- the date rule


def test_last_day_of_quality_period_is_covered_late_in_the_local_evening():
    # given a unit sold 2024-03-15 with 12 months' quality guarantee (last day 2025-03-14)
    # when the fault is reported at 23:30 Shanghai time on that last day (15:30 UTC)
    decision = decide(policy=policy(), unit=SOLD, fault_at=utc(2025, 3, 14, 15, 30))
    # then it is free repair in the quality period
    assert decision.covered is True
    assert decision.service_type == "C"
    assert decision.quality_end == date(2025, 3, 14)
    assert reason(decision, "in_quality_period").params == (("until", "2025-03-14"),)
    assert decision.parts_charge == "free"
    assert decision.labour_charge == "free"
    assert decision.labour_rate_cap is None


def test_day_after_quality_period_is_not_covered_although_utc_date_is_still_the_last_day():
    # given the same unit
    # when the fault is at 00:30 Shanghai on 2025-03-15, which is still 2025-03-14 in UTC
    fault_at = utc(2025, 3, 14, 16, 30)
    assert fault_at.astimezone(SHANGHAI).date() == date(2025, 3, 15)
    decision = decide(policy=policy(), unit=SOLD, fault_at=fault_at)
    # then the quality period is over: paid service in the maintenance period
    assert decision.covered is False
    assert decision.service_type == "A"
    assert "in_maintenance_period" in decision.reason_codes


def test_local_early_morning_on_last_day_is_covered_although_utc_date_is_the_day_before():
    # given the unit; when the fault is 00:30 Shanghai on the last day (16:30 UTC the day before)
    decision = decide(policy=policy(), unit=SOLD, fault_at=utc(2025, 3, 13, 16, 30))
    # then it is covered
    assert decision.covered is True


def test_same_instant_in_shanghai_and_utc_offsets_gives_same_answer():
    # given one instant expressed with different offsets
    as_shanghai = datetime(2025, 3, 15, 0, 30, tzinfo=SHANGHAI)
    as_utc = as_shanghai.astimezone(UTC)
    # when decided; then the answers agree (the instant, not its offset, matters)
    assert decide(policy=policy(), unit=SOLD, fault_at=as_shanghai) == decide(
        policy=policy(), unit=SOLD, fault_at=as_utc
    )


def test_fault_date_follows_the_given_time_zone():
    # given 2025-03-15 03:00 UTC, which is still 2025-03-14 in New York
    fault_at = utc(2025, 3, 15, 3, 0)
    # when decided in New York vs the Shanghai default
    in_new_york = decide(policy=policy(), unit=SOLD, fault_at=fault_at, tz="America/New_York")
    in_shanghai = decide(policy=policy(), unit=SOLD, fault_at=fault_at)
    # then New York's local date is the last covered day, Shanghai's is the day after
    assert in_new_york.covered is True
    assert in_shanghai.covered is False


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 3, 31), 1, date(2024, 4, 30)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2024, 5, 15), 0, date(2024, 5, 15)),
        (date(2024, 12, 31), 12, date(2025, 12, 31)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date):
    assert add_months(start, months) == expected


def test_month_end_sale_is_covered_to_the_day_before_the_clamped_date():
    # given a unit sold on 31 January 2024 with a one-month quality period
    unit = UnitFacts(serial="SN-2", sale_date=date(2024, 1, 31))
    one_month = policy(quality_months=1, maintenance_months=0)
    # when faults occur on 28 and 29 February
    on_28 = decide(policy=one_month, unit=unit, fault_at=shanghai(2024, 2, 28, 23, 59))
    on_29 = decide(policy=one_month, unit=unit, fault_at=shanghai(2024, 2, 29, 0, 0))
    # then 1 month = up to 2024-02-29 exclusive: the 28th is the last covered day
    assert on_28.quality_end == date(2024, 2, 28)
    assert on_28.covered is True
    assert on_29.covered is False
    assert reason(on_29, "warranty_expired").params == (("ended", "2024-02-28"),)


def test_naive_fault_time_is_rejected():
    # given a naive datetime; when deciding; then ValueError
    with pytest.raises(ValueError, match="timezone-aware"):
        decide(policy=policy(), unit=SOLD, fault_at=datetime(2025, 1, 1, 12, 0))  # noqa: DTZ001


def test_unknown_time_zone_is_rejected():
    with pytest.raises(ValueError, match="time zone"):
        decide(policy=policy(), unit=SOLD, fault_at=shanghai(2025, 1, 1), tz="Mars/Olympus")


# ---------------------------------------------------------------- start of the period


def test_project_period_starts_at_acceptance_date():
    # given a project unit sold in January, accepted (installed) in June
    unit = UnitFacts(serial="P-1", sale_date=date(2024, 1, 10), acceptance_date=date(2024, 6, 1))
    project = policy(start_basis="acceptance")
    # when a fault occurs in March 2025 (14 months after sale, 9 after acceptance)
    decision = decide(policy=project, unit=unit, fault_at=shanghai(2025, 3, 1))
    # then the period counts from acceptance and the fault is covered
    assert decision.period_start == date(2024, 6, 1)
    assert decision.quality_end == date(2025, 5, 31)
    assert decision.covered is True
    assert reason(decision, "period_start_acceptance").params == (("start", "2024-06-01"),)


def test_project_without_acceptance_date_falls_back_to_sale_date_and_says_so():
    # given a project unit whose acceptance date was never recorded
    unit = UnitFacts(serial="P-2", sale_date=date(2024, 1, 10))
    project = policy(start_basis="acceptance")
    # when a fault occurs 14 months after the sale
    decision = decide(policy=project, unit=unit, fault_at=shanghai(2025, 3, 1))
    # then the period counts from the sale date, so the quality period is over
    assert decision.period_start == date(2024, 1, 10)
    assert decision.covered is False
    assert reason(decision, "acceptance_date_missing").params == (("start", "2024-01-10"),)


def test_sale_basis_ignores_acceptance_date():
    unit = UnitFacts(serial="S-1", sale_date=date(2024, 1, 10), acceptance_date=date(2024, 6, 1))
    decision = decide(policy=policy(), unit=unit, fault_at=shanghai(2025, 3, 1))
    assert decision.period_start == date(2024, 1, 10)
    assert decision.reason_codes[0] == "period_start_sale"


def test_a_retired_unit_is_out_of_warranty_whatever_its_dates():
    # given a unit sold last month that was since exchanged or returned for a refund
    unit = UnitFacts(serial="R-1", sale_date=date(2025, 2, 1), retired=True)
    decision = decide(policy=policy(), unit=unit, fault_at=shanghai(2025, 3, 1))
    assert (decision.covered, decision.service_type) == (False, "A")
    assert "unit_retired" in decision.reason_codes
    assert "in_quality_period" not in decision.reason_codes
    assert decision.replacement_due is False


def test_unknown_sale_date_is_not_covered():
    # given a unit with no sale record
    unit = UnitFacts(serial="X-1")
    # when a fault is reported; then paid service, reason no_sale_record, no periods
    decision = decide(
        policy=policy(labour_rate_cap=Decimal("10")), unit=unit, fault_at=shanghai(2025, 1, 1)
    )
    assert decision.covered is False
    assert decision.service_type == "A"
    assert "no_sale_record" in decision.reason_codes
    assert decision.period_start is None
    assert decision.quality_end is None
    assert decision.maintenance_end is None
    assert decision.components == ()
    assert decision.labour_charge == "charged"
    assert decision.labour_rate_cap == Decimal("10")


def test_fault_dated_before_period_start_is_not_covered():
    # given a project accepted in June; when a fault is dated in May (before acceptance)
    unit = UnitFacts(serial="P-3", sale_date=date(2024, 1, 10), acceptance_date=date(2024, 6, 1))
    decision = decide(
        policy=policy(start_basis="acceptance"), unit=unit, fault_at=shanghai(2024, 5, 20)
    )
    # then it is not a warranty case and the reason names both dates
    assert decision.covered is False
    assert dict(reason(decision, "fault_before_period_start").params) == {
        "fault_date": "2024-05-20",
        "start": "2024-06-01",
    }


# ---------------------------------------------------------------- components


def test_battery_expired_but_panel_still_covered():
    # given a solar lamp sold 2019-01-01 (battery 60 months, panel and light source 360)
    unit = UnitFacts(serial="SL-1", sale_date=date(2019, 1, 1))
    fault_at = shanghai(2024, 6, 1)
    # when the battery fails after 5.5 years
    battery = decide(policy=SOLAR_LAMP, unit=unit, fault_at=fault_at, component="battery")
    # then it is paid: its own 5-year period ended 2023-12-31
    assert battery.covered is False
    assert battery.component == "battery"
    assert dict(reason(battery, "component_quality_expired").params) == {
        "component": "battery",
        "ended": "2023-12-31",
    }
    # when the panel fails on the same day; then it is free under its 30-year period
    panel = decide(policy=SOLAR_LAMP, unit=unit, fault_at=fault_at, component="panel")
    assert panel.covered is True
    assert panel.service_type == "C"
    assert dict(reason(panel, "component_in_quality_period").params) == {
        "component": "panel",
        "until": "2048-12-31",
    }
    # and the component table shows each component's own end and coverage
    table = {c.code: (c.end, c.covered) for c in panel.components}
    assert table == {
        "panel": (date(2048, 12, 31), True),
        "light_source": (date(2048, 12, 31), True),
        "battery": (date(2023, 12, 31), False),
    }
    assert panel.components[0].name_zh == "太阳能电池板"


def test_component_without_own_period_uses_unit_period():
    # given the solar lamp; when its controller (no own period) fails after two years
    unit = UnitFacts(serial="SL-2", sale_date=date(2023, 1, 1))
    decision = decide(
        policy=SOLAR_LAMP, unit=unit, fault_at=shanghai(2025, 2, 1), component="controller"
    )
    # then the unit's 12-month quality period decides: paid, in maintenance period
    assert decision.covered is False
    assert "component_uses_unit_period" in decision.reason_codes
    assert "in_maintenance_period" in decision.reason_codes
    # and without a component the unit period decides too
    whole = decide(policy=SOLAR_LAMP, unit=unit, fault_at=shanghai(2025, 2, 1))
    assert whole.covered is False
    assert whole.component is None


def test_component_period_shorter_than_unit_quality_is_followed_by_maintenance_pricing():
    # given a unit with 24 months' quality but a 6-month consumable part
    short = policy(
        quality_months=24,
        maintenance_months=12,
        components=(ComponentPeriod("lamp", "Lamp", "灯泡", 6),),
    )
    decision = decide(policy=short, unit=SOLD, fault_at=shanghai(2024, 12, 1), component="lamp")
    # then after the part's 6 months it is paid at cost within the maintenance period
    assert decision.service_type == "A"
    assert decision.parts_charge == "cost"
    assert "component_quality_expired" in decision.reason_codes


# ---------------------------------------------------------------- exclusions


@pytest.mark.parametrize("code", DEFAULT_EXCLUSIONS)
def test_each_exclusion_makes_an_in_warranty_fault_paid_service(code: str):
    # given a fault inside the quality period
    # when the agent records an exclusion the policy recognises
    decision = decide(
        policy=policy(labour_rate_cap=Decimal("10")),
        unit=SOLD,
        fault_at=shanghai(2024, 6, 1),
        exclusion=code,
    )
    # then it is still serviced, as paid service (A), and the reason names the exclusion
    assert decision.covered is False
    assert decision.service_type == "A"
    assert decision.exclusion == code
    assert reason(decision, "excluded").params == (("exclusion", code),)
    assert "in_quality_period" in decision.reason_codes
    assert decision.parts_charge == "cost"
    assert decision.labour_charge == "charged"
    assert decision.labour_rate_cap == Decimal("10")
    assert decision.replacement_due is False


def test_exclusion_not_recognised_by_the_policy_is_rejected():
    with pytest.raises(ValueError, match="not recognised"):
        decide(policy=policy(), unit=SOLD, fault_at=shanghai(2024, 6, 1), exclusion="bad_luck")
    narrow = policy(exclusions=("misuse",))
    with pytest.raises(ValueError, match="normal_wear"):
        decide(policy=narrow, unit=SOLD, fault_at=shanghai(2024, 6, 1), exclusion="normal_wear")


def test_missing_card_is_an_exclusion_when_the_policy_lists_it():
    decision = decide(
        policy=policy(), unit=SOLD, fault_at=shanghai(2024, 6, 1), has_valid_card=False
    )
    assert decision.service_type == "A"
    assert decision.exclusion == "no_invoice_or_card"
    assert reason(decision, "excluded").params == (("exclusion", "no_invoice_or_card"),)


def test_missing_card_is_noted_but_not_excluding_when_the_policy_does_not_list_it():
    lenient = policy(exclusions=("misuse",))
    decision = decide(
        policy=lenient, unit=SOLD, fault_at=shanghai(2024, 6, 1), has_valid_card=False
    )
    assert decision.covered is True
    assert decision.exclusion is None
    assert "card_missing_not_excluded" in decision.reason_codes


def test_explicit_exclusion_and_missing_card_are_both_reported():
    decision = decide(
        policy=policy(),
        unit=SOLD,
        fault_at=shanghai(2024, 6, 1),
        exclusion="misuse",
        has_valid_card=False,
    )
    assert decision.exclusion == "misuse"
    excluded = [r.param("exclusion") for r in decision.reasons if r.code == "excluded"]
    assert excluded == ["misuse", "no_invoice_or_card"]


def test_exclusion_wins_over_a_covering_contract():
    contract = ContractFacts("MC-9", date(2024, 1, 1), date(2026, 12, 31))
    decision = decide(
        policy=policy(),
        unit=SOLD,
        fault_at=shanghai(2025, 11, 27),
        exclusion="force_majeure",
        contracts=[contract],
    )
    assert decision.service_type == "A"
    assert decision.contract == "MC-9"
    assert "contract_also_applies" in decision.reason_codes


# ---------------------------------------------------------------- repeat repairs


@pytest.mark.parametrize(("repairs", "due"), [(0, False), (2, False), (3, True), (5, True)])
def test_repeat_repair_threshold_triggers_replacement(repairs: int, due: bool):
    # given a covered fault already repaired `repairs` times in warranty (threshold 3)
    decision = decide(
        policy=policy(),
        unit=SOLD,
        fault_at=shanghai(2024, 9, 1),
        same_fault_repairs_in_warranty=repairs,
    )
    # then replacement with the same model is due from the third repair on
    assert decision.covered is True
    assert decision.replacement_due is due
    if due:
        assert dict(reason(decision, "repeat_repair_replacement").params) == {
            "count": str(repairs),
            "threshold": "3",
        }
    else:
        assert "repeat_repair_replacement" not in decision.reason_codes


def test_repeat_repair_threshold_is_policy_data():
    decision = decide(
        policy=policy(repeat_repair_threshold=2),
        unit=SOLD,
        fault_at=shanghai(2024, 9, 1),
        same_fault_repairs_in_warranty=2,
    )
    assert decision.replacement_due is True


def test_repeat_repairs_do_not_trigger_replacement_outside_the_quality_period():
    decision = decide(
        policy=policy(),
        unit=SOLD,
        fault_at=shanghai(2025, 9, 1),
        same_fault_repairs_in_warranty=4,
    )
    assert decision.covered is False
    assert decision.replacement_due is False


def test_negative_repair_count_is_rejected():
    with pytest.raises(ValueError, match="non-negative"):
        decide(
            policy=policy(),
            unit=SOLD,
            fault_at=shanghai(2024, 9, 1),
            same_fault_repairs_in_warranty=-1,
        )


# ---------------------------------------------------------------- contracts


def test_contract_covers_fault_after_warranty_as_type_b():
    # given a unit whose whole after-sales period ended 2027-03-14, and a contract for 2028
    contract = ContractFacts("MC-2028-001", date(2028, 1, 1), date(2028, 12, 31))
    # when the fault is on the contract's last day
    decision = decide(
        policy=policy(), unit=SOLD, fault_at=shanghai(2028, 12, 31, 23, 50), contracts=[contract]
    )
    # then it is contract service (B)
    assert decision.service_type == "B"
    assert decision.covered is False
    assert decision.contract == "MC-2028-001"
    assert dict(reason(decision, "under_contract").params) == {
        "contract": "MC-2028-001",
        "until": "2028-12-31",
    }
    assert decision.labour_charge == "free"
    assert decision.parts_charge == "cost"
    assert "warranty_expired" in decision.reason_codes


def test_contract_that_does_not_cover_the_fault_date_leaves_it_paid():
    # given a contract that ended the day before the fault (local date)
    contract = ContractFacts("MC-2027", date(2027, 1, 1), date(2027, 12, 31))
    decision = decide(
        policy=policy(), unit=SOLD, fault_at=utc(2027, 12, 31, 16, 5), contracts=[contract]
    )
    # then it is paid service and the reason names the contract and its dates
    assert decision.service_type == "A"
    assert decision.contract is None
    assert dict(reason(decision, "contract_not_covering").params) == {
        "contract": "MC-2027",
        "start": "2027-01-01",
        "end": "2027-12-31",
    }


def test_quality_period_wins_over_a_contract_which_is_noted():
    contract = ContractFacts("MC-1", date(2024, 1, 1), date(2025, 12, 31))
    decision = decide(
        policy=policy(), unit=SOLD, fault_at=shanghai(2024, 6, 1), contracts=[contract]
    )
    assert decision.service_type == "C"
    assert decision.contract == "MC-1"
    assert "contract_also_applies" in decision.reason_codes


def test_contract_applies_to_unit_without_sale_record():
    contract = ContractFacts("MC-7", date(2024, 1, 1), date(2025, 12, 31))
    decision = decide(
        policy=policy(),
        unit=UnitFacts(serial="X-2"),
        fault_at=shanghai(2025, 6, 1),
        contracts=(contract,),
    )
    assert decision.service_type == "B"
    assert "no_sale_record" in decision.reason_codes


def test_contract_with_end_before_start_is_rejected():
    with pytest.raises(ValueError, match="before start"):
        ContractFacts("MC-bad", date(2025, 1, 1), date(2024, 1, 1))


# ---------------------------------------------------------------- pricing


def test_maintenance_period_charges_parts_at_cost_and_labour():
    # given 12 months' quality + 24 months' maintenance and list pricing after warranty
    spec = policy(parts_pricing_after_warranty="list", labour_rate_cap=Decimal("10"))
    # when the fault is on the first day of the maintenance period
    decision = decide(policy=spec, unit=SOLD, fault_at=shanghai(2025, 3, 15, 0, 1))
    # then it is paid service with parts at cost and labour charged (capped)
    assert decision.service_type == "A"
    assert decision.parts_charge == "cost"
    assert decision.labour_charge == "charged"
    assert decision.labour_rate_cap == Decimal("10")
    assert decision.maintenance_end == date(2027, 3, 14)
    assert dict(reason(decision, "in_maintenance_period").params) == {
        "quality_end": "2025-03-14",
        "until": "2027-03-14",
    }


def test_after_maintenance_parts_per_policy_and_labour_capped():
    # given list pricing after warranty and a 10 yuan/hour labour cap
    spec = policy(parts_pricing_after_warranty="list", labour_rate_cap=Decimal("10"))
    # when the fault is the day after the maintenance period
    decision = decide(policy=spec, unit=SOLD, fault_at=shanghai(2027, 3, 15, 0, 1))
    # then parts at list price, labour charged at no more than 10 yuan/hour
    assert decision.service_type == "A"
    assert decision.parts_charge == "list"
    assert decision.labour_charge == "charged"
    assert decision.labour_rate_cap == Decimal("10")
    assert reason(decision, "labour_rate_capped").params == (("cap", "10"),)
    assert reason(decision, "warranty_expired").params == (("ended", "2027-03-14"),)


def test_after_maintenance_without_cap_has_no_cap():
    decision = decide(policy=policy(), unit=SOLD, fault_at=shanghai(2030, 1, 1))
    assert decision.parts_charge == "cost"
    assert decision.labour_rate_cap is None
    assert "labour_rate_capped" not in decision.reason_codes


# ---------------------------------------------------------------- policy validation


@pytest.mark.parametrize(
    "overrides",
    [
        {"quality_months": -1},
        {"maintenance_months": -1},
        {"start_basis": "delivery"},
        {"parts_pricing_after_warranty": "free"},
        {"labour_rate_cap": Decimal("-1")},
        {"labour_rate_cap": 10},
        {"repeat_repair_threshold": 0},
        {"components": (ComponentPeriod("a", "A", "甲", 1), ComponentPeriod("a", "A", "甲", 2))},
    ],
)
def test_invalid_policy_is_rejected(overrides: dict[str, object]):
    with pytest.raises(ValueError):  # noqa: PT011 - several distinct messages
        policy(**overrides)


def test_policy_accepts_lists_and_stores_tuples():
    spec = policy(exclusions=["misuse"], components=[ComponentPeriod("b", "B", "乙", 6)])
    assert spec.exclusions == ("misuse",)
    assert isinstance(spec.components, tuple)
    hash(spec)


def test_datetime_as_sale_date_is_rejected():
    with pytest.raises(TypeError):
        UnitFacts(serial="S", sale_date=datetime(2024, 1, 1, tzinfo=UTC))


def test_decision_is_frozen_and_serialisable():
    decision = decide(
        policy=policy(components=SOLAR_LAMP.components, labour_rate_cap=Decimal("10.50")),
        unit=SOLD,
        fault_at=shanghai(2030, 1, 1),
        component="battery",
    )
    with pytest.raises(FrozenInstanceError):
        decision.covered = True  # type: ignore[misc]
    data = decision.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["labour_rate_cap"] == "10.50"
    assert data["period_start"] == "2024-03-15"
    assert data["components"][2] == {  # type: ignore[index]
        "code": "battery",
        "name_en": "Battery",
        "name_zh": "蓄电池",
        "end": "2029-03-14",
        "covered": False,
    }


# ---------------------------------------------------------------- reason texts


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _zh(message: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(message)


def test_every_reason_code_has_english_and_chinese_text_with_same_placeholders():
    for code, template in REASON_CODES.items():
        assert re.fullmatch(r"[a-z_]+", code)
        assert _zh(template) != template, code  # translated in the catalogue
        assert _placeholders(template) == _placeholders(_zh(template)), code


def test_reasons_render_in_english_and_chinese():
    decision = decide(policy=policy(), unit=SOLD, fault_at=shanghai(2024, 6, 1))
    rendered = render_reason(reason(decision, "in_quality_period"))
    assert rendered == "In the quality-guarantee period until 2025-03-14"
    assert (
        render_reason(reason(decision, "in_quality_period"), _zh) == "在质保期内（至 2025-03-14）"
    )
    excluded = Reason("excluded", (("exclusion", "misuse"),))
    assert "使用不当" in render_reason(excluded, _zh)
    assert render_reason(Reason("something_new")) == "something_new"


# ---------------------------------------------------------------- properties

dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2150, 12, 31))


@settings(max_examples=300, deadline=None)
@given(start=dates, months=st.integers(min_value=1, max_value=600))
def test_property_period_covers_up_to_the_day_before_add_months(start: date, months: int):
    # given a unit sold on `start` with a `months`-month quality period
    spec = WarrantyPolicySpec(quality_months=months, maintenance_months=0)
    unit = UnitFacts(serial="H", sale_date=start)
    boundary = add_months(start, months)
    last_instant = datetime.combine(boundary - timedelta(days=1), time(23, 59, 59), SHANGHAI)
    first_after = datetime.combine(boundary, time(0, 0), SHANGHAI)
    # when faults occur one second either side of local midnight (given in UTC)
    inside = decide(policy=spec, unit=unit, fault_at=last_instant.astimezone(UTC))
    outside = decide(policy=spec, unit=unit, fault_at=first_after.astimezone(UTC))
    # then the day before add_months is covered and add_months itself is not
    assert inside.covered is True
    assert inside.quality_end == boundary - timedelta(days=1)
    assert outside.covered is False
    assert start < boundary


@settings(max_examples=200, deadline=None)
@given(
    start=dates,
    fault_day=dates,
    quality=st.integers(min_value=0, max_value=120),
    maintenance=st.integers(min_value=0, max_value=120),
    exclusion=st.none() | st.sampled_from(DEFAULT_EXCLUSIONS),
    component=st.none() | st.sampled_from(["panel", "battery", "controller"]),
    repairs=st.integers(min_value=0, max_value=6),
    card=st.booleans(),
    with_contract=st.booleans(),
)
def test_property_decision_is_consistent_and_every_reason_renders(
    start: date,
    fault_day: date,
    quality: int,
    maintenance: int,
    exclusion: str | None,
    component: str | None,
    repairs: int,
    card: bool,
    with_contract: bool,
):
    spec = WarrantyPolicySpec(
        quality_months=quality,
        maintenance_months=maintenance,
        components=SOLAR_LAMP.components,
        labour_rate_cap=Decimal("10"),
    )
    contracts = [ContractFacts("MC", fault_day, fault_day)] if with_contract else []
    decision = decide(
        policy=spec,
        unit=UnitFacts(serial="H", sale_date=start),
        fault_at=datetime.combine(fault_day, time(12), SHANGHAI),
        component=component,
        exclusion=exclusion,
        contracts=contracts,
        same_fault_repairs_in_warranty=repairs,
        has_valid_card=card,
    )
    assert decision.covered == (decision.service_type == "C")
    assert (decision.parts_charge == "free") == decision.covered
    assert (decision.labour_charge == "free") == (decision.service_type in ("B", "C"))
    if exclusion is not None or not card:
        assert decision.service_type == "A"
    if decision.replacement_due:
        assert decision.covered
    if decision.service_type != "C" and with_contract and decision.exclusion is None:
        assert decision.service_type == "B"
    for r in decision.reasons:
        assert r.code in REASON_CODES
        for translate in (str, _zh):
            text = render_reason(r, translate)
            assert "{" not in text
            assert text != r.code
