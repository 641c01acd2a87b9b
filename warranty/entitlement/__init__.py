"""Warranty entitlement: the three-guarantees (三包) decision an agent sees at intake.

Pure Python, no Django and no database: frozen dataclasses in, a frozen
:class:`Decision` out. Every figure (months, threshold, labour cap, the exclusion
codes a policy recognises) is data passed in by the caller.

Date rule
---------
* The **fault date** is the *local calendar date* of ``fault_at`` in the time zone
  ``tz`` (default ``Asia/Shanghai``). ``fault_at`` must be timezone-aware; a naive
  datetime raises :class:`ValueError`. So ``2025-03-14T15:30Z`` (=23:30 in Shanghai)
  falls on 2025-03-14 and ``2025-03-14T16:30Z`` (=00:30 in Shanghai) on 2025-03-15.
* A period of ``N`` months starting on date ``S`` covers ``S`` up to and including
  ``add_months(S, N) - 1 day``. :func:`add_months` clamps to the end of the month
  (2024-01-31 + 1 month = 2024-02-29). The last covered day is therefore covered and
  the day after is not. ``N = 0`` is an empty period.
* The period starts at the sale date, or - for a policy with
  ``start_basis="acceptance"`` (projects) - at the acceptance/installation date; an
  acceptance-basis unit without an acceptance date falls back to its sale date and
  the decision says so (reason ``acceptance_date_missing``).
* The quality (free) period is ``quality_months`` from the start; the maintenance
  period runs on to ``quality_months + maintenance_months`` months *from the start*
  (one :func:`add_months` call, so month-end clamping is applied once).
* A component with its own period (e.g. a solar lamp's battery, 60 months) uses that
  period, counted from the same start, instead of the unit's quality period; the
  unit's maintenance period still follows if it ends later. Component codes the
  policy does not list use the unit period.
* A maintenance contract covers ``start .. end`` inclusive.

Decision rules, in order of precedence
--------------------------------------
1. An exclusion (one of ``policy.exclusions``; anything else is a ``ValueError``) makes
   the fault paid service, type **A**, even inside the warranty. A missing card
   (``has_valid_card=False``) counts as the exclusion ``no_invoice_or_card`` only if
   the policy lists that code.
2. Inside the quality period: type **C**, free parts and labour. A contract covering
   the fault date is noted (reason ``contract_also_applies``) but C wins. If the same
   fault was already repaired ``repeat_repair_threshold`` times in warranty, a
   replacement with the same model is due.
3. Otherwise a contract covering the fault date: type **B** (labour included in the
   contract, parts at contract price, reported as ``"cost"``).
4. Inside the maintenance period: type **A**, parts at cost, labour charged.
5. After it, with no sale record, or a fault dated before the period start: type
   **A**, parts per ``parts_pricing_after_warranty``, labour charged.
6. A unit that has left service (``UnitFacts.retired``: exchanged or returned for a refund)
   is treated as out of warranty whatever its dates (reason ``unit_retired``).

Whenever labour is charged under type A, ``labour_rate_cap`` (yuan/hour) applies.

Reasons are stable codes with string parameters, never translated text: see
:data:`REASON_CODES` (the English templates, which are also the gettext message ids: the
Chinese lives in the warranty app's catalogue) and :func:`render_reason`, which takes the
caller's translation function.

:func:`decide` applies the rules above as named steps: the inputs are checked
(:func:`_check_inputs`), the exclusions gathered (:func:`_exclusions`), the periods laid
out (:func:`_unit_periods`, :func:`_component_coverages`), the fault date placed in them
(:func:`_phase`), and the precedence rules pick the terms (:func:`_terms`).
"""

from __future__ import annotations

from warranty.entitlement.dates import add_months, fault_local_date, period_last_day
from warranty.entitlement.facts import (
    ComponentCoverage,
    ComponentPeriod,
    ContractFacts,
    Decision,
    LabourCharge,
    PartsCharge,
    PartsPricing,
    Reason,
    ServiceType,
    StartBasis,
    UnitFacts,
    WarrantyPolicySpec,
    render_reason,
)
from warranty.entitlement.rules import decide
from warranty.entitlement.texts import (
    DEFAULT_EXCLUSIONS,
    EXCLUSION_TEXT,
    NO_CARD_EXCLUSION,
    REASON_CODES,
)

__all__ = [
    "DEFAULT_EXCLUSIONS",
    "EXCLUSION_TEXT",
    "NO_CARD_EXCLUSION",
    "REASON_CODES",
    "ComponentCoverage",
    "ComponentPeriod",
    "ContractFacts",
    "Decision",
    "LabourCharge",
    "PartsCharge",
    "PartsPricing",
    "Reason",
    "ServiceType",
    "StartBasis",
    "UnitFacts",
    "WarrantyPolicySpec",
    "add_months",
    "decide",
    "fault_local_date",
    "period_last_day",
    "render_reason",
]
