"""Beat jobs of the warranty app. Each sweep picks the due rows by indexed dates and calls
one service per row; the services lock the row and are safe to run twice.
"""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from warranty import selectors
from warranty.models import WarrantyRules
from warranty.services.contracts import contract_generate_visits, contract_send_renewal_notice
from warranty.services.units import card_send_deadline_warning


@shared_task(name="warranty.generate_contract_visits")
def generate_contract_visits() -> int:
    """Open the preventive-maintenance tickets that are due; returns how many."""
    today = timezone.localdate()
    lead = WarrantyRules.current().visit_lead_days
    ids = list(selectors.contracts_due_for_visits(today, lead).values_list("pk", flat=True))
    return sum(len(contract_generate_visits(contract_id=pk, today=today)) for pk in ids)


@shared_task(name="warranty.send_renewal_notices")
def send_renewal_notices() -> int:
    """Renewal notices for contracts ending within the lead time; once per contract."""
    today = timezone.localdate()
    months = WarrantyRules.current().renewal_notice_months
    ids = list(
        selectors.contracts_due_for_renewal_notice(today, months).values_list("pk", flat=True)
    )
    return sum(contract_send_renewal_notice(contract_id=pk) for pk in ids)


@shared_task(name="warranty.send_card_warnings")
def send_card_warnings() -> int:
    """Warn dealers of warranty cards about to lapse; once per unit."""
    today = timezone.localdate()
    rules = WarrantyRules.current()
    ids = list(selectors.units_due_card_warning(today, rules).values_list("pk", flat=True))
    return sum(card_send_deadline_warning(unit_id=pk) for pk in ids)
