"""Dealer pages: the dealer portal, repair records, claims through appraisal and review,
parts shipments, settlement notices and the assessment.

Every page reads through a selector in the user's scope (another dealer's object is a 404)
and every write goes through one service; domain errors become form errors or messages.
"""

from dealers.views.assessment import assessment, grade_change
from dealers.views.claims import appraisal, claim_act, claim_detail, claim_list, claim_new, finance
from dealers.views.portal import arrange, portal
from dealers.views.records import record_detail, record_list, record_new
from dealers.views.settlement import statement_detail, statement_list, statement_xlsx
from dealers.views.shipments import shipment_act, shipment_list
from dealers.views.technicians import technician_list

__all__ = [
    "portal",
    "arrange",
    "technician_list",
    "record_list",
    "record_detail",
    "record_new",
    "claim_list",
    "claim_new",
    "claim_detail",
    "claim_act",
    "appraisal",
    "finance",
    "shipment_list",
    "shipment_act",
    "statement_list",
    "statement_detail",
    "statement_xlsx",
    "assessment",
    "grade_change",
]
