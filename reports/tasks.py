"""Beat jobs of the reports: the rollup increment (every minute), the nightly reconcile and
the daily cost-report step. Each is safe to run twice."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from reports.rollup import rollup_increment, rollup_reconcile
from reports.services import cost_report_tick


@shared_task(name="reports.rollup_increment", ignore_result=True)
def rollup_increment_task() -> int:
    return rollup_increment()


@shared_task(name="reports.rollup_reconcile", ignore_result=True)
def rollup_reconcile_task() -> int:
    return rollup_reconcile()


@shared_task(name="reports.cost_report_tick", ignore_result=True)
def cost_report_tick_task() -> dict[str, Any]:
    return cost_report_tick()
