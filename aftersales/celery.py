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


#: Jobs repeated every few seconds or minutes: (entry, task, period). The period is a number
#: of seconds or the name of the setting that holds it; each run expires after one period, so
#: a worker that falls behind does not queue a backlog of sweeps.
PERIODIC: tuple[tuple[str, str, float | str], ...] = (
    ("sla-sweep", "sla.sweep", "SLA_SWEEP_SECONDS"),
    ("deliver-notifications", "notifications.tasks.deliver_pending", "EMAIL_DELIVERY_SECONDS"),
    ("read-service-mailbox", "inbound.fetch_mail", "INBOUND_EMAIL_SECONDS"),
    ("deliver-chat-messages", "notifications.tasks.deliver_channels", "EMAIL_DELIVERY_SECONDS"),
    # complaints: 催办 reminders every five minutes
    ("complaints-sweep-reminders", "complaints.sweep_reminders", 300.0),
    # reports: the rollup every minute
    ("reports-rollup-increment", "reports.rollup_increment", 60.0),
)

#: Daily and monthly jobs at fixed Beijing times (``CELERY_TIMEZONE``): (entry, task,
#: crontab fields).
TIMED: tuple[tuple[str, str, dict[str, int]], ...] = (
    # warranty: daily jobs, early morning
    ("warranty-contract-visits", "warranty.generate_contract_visits", {"hour": 6, "minute": 0}),
    ("warranty-renewal-notices", "warranty.send_renewal_notices", {"hour": 8, "minute": 0}),
    ("warranty-card-warnings", "warranty.send_card_warnings", {"hour": 8, "minute": 30}),
    # workshop: standby units not back on time, flagged to the supervisor daily
    ("workshop-standby-overdue", "workshop.standby_overdue", {"hour": 9, "minute": 0}),
    # dealers: the monthly assessment, computed on the 1st, published on the 5th
    (
        "dealers-compute-assessments",
        "dealers.compute_assessments",
        {"day_of_month": 1, "hour": 2, "minute": 0},
    ),
    (
        "dealers-publish-assessments",
        "dealers.publish_assessments",
        {"day_of_month": 5, "hour": 8, "minute": 0},
    ),
    # complaints: regular visits daily, dealer duties monthly
    ("complaints-visit-tasks", "complaints.generate_visit_tasks", {"hour": 6, "minute": 30}),
    (
        "complaints-dealer-duties",
        "complaints.open_dealer_duties",
        {"day_of_month": 1, "hour": 1, "minute": 30},
    ),
    # reports: the rollup's reconcile nightly, the cost report daily
    ("reports-rollup-reconcile", "reports.rollup_reconcile", {"hour": 3, "minute": 15}),
    ("reports-cost-report", "reports.cost_report_tick", {"hour": 2, "minute": 30}),
)


def _beat_schedule() -> dict[str, dict[str, object]]:
    """Every periodic job, in one place (:data:`PERIODIC` and :data:`TIMED`), as Celery's
    ``beat_schedule``."""
    from django.conf import settings

    schedule: dict[str, dict[str, object]] = {}
    for entry, task, period in PERIODIC:
        seconds = float(getattr(settings, period) if isinstance(period, str) else period)
        schedule[entry] = {"task": task, "schedule": seconds, "options": {"expires": seconds}}
    for entry, task, fields in TIMED:
        schedule[entry] = {"task": task, "schedule": crontab(**fields)}
    return schedule


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
