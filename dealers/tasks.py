"""Beat jobs of the dealers app: the monthly assessment (1st) and its publication (5th)."""

from __future__ import annotations

from celery import shared_task

from dealers.services.assessment import assessments_compute, assessments_publish


@shared_task(name="dealers.compute_assessments")
def compute_assessments() -> int:
    """Last month's assessment of every dealer; safe to run twice."""
    return len(assessments_compute())


@shared_task(name="dealers.publish_assessments")
def publish_assessments() -> int:
    """Publish last month's assessments (by the 5th); safe to run twice."""
    return assessments_publish()
