"""The Celery application: worker and beat for SLA sweeps, outbox delivery and schedules."""

from __future__ import annotations

import os
from pathlib import Path

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.settings")

app = Celery("aftersales")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _beat_schedule() -> dict[str, dict[str, object]]:
    """Every periodic job, in one place: the sweeps run every few seconds (settings), the
    daily and monthly jobs at fixed Beijing times (``CELERY_TIMEZONE``)."""
    from django.conf import settings

    return {
        "sla-sweep": {
            "task": "sla.sweep",
            "schedule": float(settings.SLA_SWEEP_SECONDS),
            "options": {"expires": float(settings.SLA_SWEEP_SECONDS)},
        },
        "deliver-notifications": {
            "task": "notifications.tasks.deliver_pending",
            "schedule": float(settings.EMAIL_DELIVERY_SECONDS),
            "options": {"expires": float(settings.EMAIL_DELIVERY_SECONDS)},
        },
        "read-service-mailbox": {
            "task": "inbound.fetch_mail",
            "schedule": float(settings.INBOUND_EMAIL_SECONDS),
            "options": {"expires": float(settings.INBOUND_EMAIL_SECONDS)},
        },
        "deliver-chat-messages": {
            "task": "notifications.tasks.deliver_channels",
            "schedule": float(settings.EMAIL_DELIVERY_SECONDS),
            "options": {"expires": float(settings.EMAIL_DELIVERY_SECONDS)},
        },
        # warranty: daily jobs, early morning
        "warranty-contract-visits": {
            "task": "warranty.generate_contract_visits",
            "schedule": crontab(hour=6, minute=0),
        },
        "warranty-renewal-notices": {
            "task": "warranty.send_renewal_notices",
            "schedule": crontab(hour=8, minute=0),
        },
        "warranty-card-warnings": {
            "task": "warranty.send_card_warnings",
            "schedule": crontab(hour=8, minute=30),
        },
        # workshop: standby units not back on time, flagged to the supervisor daily
        "workshop-standby-overdue": {
            "task": "workshop.standby_overdue",
            "schedule": crontab(hour=9, minute=0),
        },
        # dealers: the monthly assessment, computed on the 1st, published on the 5th
        "dealers-compute-assessments": {
            "task": "dealers.compute_assessments",
            "schedule": crontab(day_of_month=1, hour=2, minute=0),
        },
        "dealers-publish-assessments": {
            "task": "dealers.publish_assessments",
            "schedule": crontab(day_of_month=5, hour=8, minute=0),
        },
        # complaints: 催办 reminders every few minutes, regular visits daily, dealer duties monthly
        "complaints-sweep-reminders": {
            "task": "complaints.sweep_reminders",
            "schedule": 300.0,
            "options": {"expires": 300.0},
        },
        "complaints-visit-tasks": {
            "task": "complaints.generate_visit_tasks",
            "schedule": crontab(hour=6, minute=30),
        },
        "complaints-dealer-duties": {
            "task": "complaints.open_dealer_duties",
            "schedule": crontab(day_of_month=1, hour=1, minute=30),
        },
        # reports: the rollup every minute, its reconcile nightly, the cost report daily
        "reports-rollup-increment": {
            "task": "reports.rollup_increment",
            "schedule": 60.0,
            "options": {"expires": 60.0},
        },
        "reports-rollup-reconcile": {
            "task": "reports.rollup_reconcile",
            "schedule": crontab(hour=3, minute=15),
        },
        "reports-cost-report": {
            "task": "reports.cost_report_tick",
            "schedule": crontab(hour=2, minute=30),
        },
    }


@app.on_after_configure.connect
def _install_beat_schedule(sender: Celery, **_: object) -> None:
    sender.conf.beat_schedule = {**_beat_schedule(), **(sender.conf.beat_schedule or {})}


@app.on_after_configure.connect
def _ensure_filesystem_broker_folders(sender: Celery, **_: object) -> None:
    """The filesystem transport needs its folders to exist before anyone sends."""
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
    backend = str(sender.conf.result_backend or "")
    if backend.startswith("file://"):
        Path(backend.removeprefix("file://")).mkdir(parents=True, exist_ok=True)


@app.task(name="aftersales.ping", ignore_result=False)
def ping() -> str:
    """A no-op round trip through the broker, for health checks and tests."""
    return "pong"
