"""Reason and exclusion texts: stable codes, English templates that are the catalogue's
message ids (translated by the caller at display time)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

NO_CARD_EXCLUSION = "no_invoice_or_card"


def gettext_noop(message: str) -> str:
    """Marks a message for the translation catalogue (extracted by ``makemessages``); the
    text itself is translated by the caller's function at display time."""
    return message


#: The exclusion codes named in the domain brief (000 P1, 001, 002, 004).
DEFAULT_EXCLUSIONS: tuple[str, ...] = (
    "misuse",
    "improper_storage",
    "unauthorised_repair",
    "force_majeure",
    NO_CARD_EXCLUSION,
    "altered_card",
    "normal_wear",
)

#: English labels for the default exclusion codes (used by :func:`render_reason`; message ids
#: of the catalogue).
EXCLUSION_TEXT: Mapping[str, str] = MappingProxyType(
    {
        "misuse": gettext_noop("misuse"),
        "improper_storage": gettext_noop("improper storage"),
        "unauthorised_repair": gettext_noop("unauthorised repair or modification"),
        "force_majeure": gettext_noop("force majeure"),
        NO_CARD_EXCLUSION: gettext_noop("no valid invoice or warranty card"),
        "altered_card": gettext_noop("altered warranty card"),
        "normal_wear": gettext_noop("normal wear"),
    }
)

#: Every reason code :func:`decide` can emit, with an English template (a message id of the
#: catalogue). Placeholders are the reason's parameter names.
REASON_CODES: Mapping[str, str] = MappingProxyType(
    {
        "period_start_sale": gettext_noop("Warranty period starts at the sale date {start}"),
        "period_start_acceptance": gettext_noop(
            "Warranty period starts at the acceptance date {start}"
        ),
        "acceptance_date_missing": gettext_noop(
            "No acceptance date recorded; the period starts at the sale date {start}"
        ),
        "no_sale_record": gettext_noop(
            "No sale record for this unit; it cannot be treated as in warranty"
        ),
        "unit_retired": gettext_noop(
            "This unit was exchanged or returned for a refund; its warranty no longer applies"
        ),
        "fault_before_period_start": gettext_noop(
            "The fault date {fault_date} is before the warranty period starts ({start})"
        ),
        "in_quality_period": gettext_noop("In the quality-guarantee period until {until}"),
        "component_in_quality_period": gettext_noop(
            "Component {component} is in its quality-guarantee period until {until}"
        ),
        "component_quality_expired": gettext_noop(
            "The quality-guarantee period of component {component} ended on {ended}"
        ),
        "component_uses_unit_period": gettext_noop(
            "Component {component} has no period of its own; the unit period applies"
        ),
        "in_maintenance_period": gettext_noop(
            "Quality-guarantee period ended on {quality_end}; "
            "in the maintenance period until {until}: parts at cost, labour charged"
        ),
        "warranty_expired": gettext_noop("Warranty expired on {ended}"),
        "excluded": gettext_noop(
            "Excluded from free service: {exclusion}; serviced as paid service"
        ),
        "card_missing_not_excluded": gettext_noop(
            "No valid invoice or warranty card, but the policy does not exclude such units"
        ),
        "under_contract": gettext_noop("Covered by maintenance contract {contract} until {until}"),
        "contract_also_applies": gettext_noop(
            "Maintenance contract {contract} (until {until}) also applies"
        ),
        "contract_not_covering": gettext_noop(
            "Maintenance contract {contract} ({start} to {end}) does not cover the fault date"
        ),
        "repeat_repair_replacement": gettext_noop(
            "Same fault already repaired {count} times in warranty (threshold {threshold}): "
            "replace with the same model"
        ),
        "labour_rate_capped": gettext_noop("Labour charged at no more than {cap} yuan per hour"),
    }
)
