"""Dealers (经销商): their terms, certified technicians, three-guarantee repair records,
warranty claims with old-part appraisal, parts shipments, quarterly settlement and the
monthly assessment.

Every limit and rule is a row (``DealerRules``, ``ClaimTransition``, ``ClaimRejectionReason``,
``AssessmentWeight``) seeded by migration ``0002``; every amount is a ``Decimal``.
"""

from dealers.models.assessment import AssessmentWeight, DealerAssessment
from dealers.models.claims import (
    ClaimEvent,
    ClaimLine,
    ClaimRejectionReason,
    ClaimStatus,
    ClaimTransition,
    ReturnShipment,
    WarrantyClaim,
)
from dealers.models.common import MONEY, MONEY_MAX, ZERO, Bilingual, _Money
from dealers.models.profiles import DealerEvent, DealerProfile, DealerRules, TechnicianCertificate
from dealers.models.records import RepairPart, RepairRecord
from dealers.models.settlement import (
    FalsifiedCardFinding,
    PartsShipment,
    ReceivableLedgerEntry,
    SettlementStatement,
)

__all__ = [
    "AssessmentWeight",
    "Bilingual",
    "ClaimEvent",
    "ClaimLine",
    "ClaimRejectionReason",
    "ClaimStatus",
    "ClaimTransition",
    "DealerAssessment",
    "DealerEvent",
    "DealerProfile",
    "DealerRules",
    "FalsifiedCardFinding",
    "MONEY",
    "MONEY_MAX",
    "PartsShipment",
    "ReceivableLedgerEntry",
    "RepairPart",
    "RepairRecord",
    "ReturnShipment",
    "SettlementStatement",
    "TechnicianCertificate",
    "WarrantyClaim",
    "ZERO",
    "_Money",
]
