"""Beat jobs of the reports: the rollup increment (every minute), the nightly reconcile and
the daily cost-report step. Each is safe to run twice."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from reports.rollup import rollup_increment, rollup_reconcile
from reports.selectors.dashboard import warm_figures
from reports.services import cost_report_tick


@shared_task(name="reports.rollup_increment", ignore_result=True)
def rollup_increment_task() -> int:
    rebuilt = rollup_increment()
    if rebuilt:  # a new rollup generation: the managers' home is computed ahead
        warm_figures()
    return rebuilt


@shared_task(name="reports.rollup_reconcile", ignore_result=True)
def rollup_reconcile_task() -> int:
    rebuilt = rollup_reconcile()
    if rebuilt:
        warm_figures()
    return rebuilt


@shared_task(name="reports.cost_report_tick", ignore_result=True)
def cost_report_tick_task() -> dict[str, Any]:
    return cost_report_tick()
