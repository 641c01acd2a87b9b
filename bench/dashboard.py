"""Benchmark of the managers' dashboard and report API on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/as_reports_bench SECRET_KEY=x \
        .venv/bin/python bench/dashboard.py [--tickets 1000000] [--runs 20] [--stops 10000]

Drops and recreates its own database, migrates it, and loads server-side (INSERT … SELECT
generate_series) ``--tickets`` tickets over 12 months across the service department and 20
dealers with 100 technicians, skewed like real work (mostly repairs by phone, mostly minor),
each with five clocks (dispatch, supervisor check, first response, on site, resolution):
about 90% met, 8% met late, the rest breached; the last days' tickets are open and running.
Then it builds the rollup from scratch (the nightly reconcile over every day) and measures
the server time (Django test client, in process) and the number of queries of:

* the dashboard page and the report API, for 30 days and for 12 months, for a manager with
  and without a dealer filter, and for a dealer's own login, each twice: "cold", with a new
  rollup generation before every view so that each computes its rollup figures (the first
  view of a filter set after a rollup rebuild, or after a manager changes a filter), and
  "warm", the figures read from the cache (between two rebuilds); with the median CPU time
  and SQL time per view and ``uptime`` before and after;

and how long ``rollup_increment`` takes to catch up after ``--stops`` clocks stopped.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")

DEALERS = 20
TECHNICIANS = 100
METRICS = ("dispatch", "supervisor_check", "first_response", "on_site", "resolution")
ROLLUPS = (
    "SlaDaily",
    "SlaMonthly",
    "SlaTechnicianDaily",
    "SlaTechnicianMonthly",
    "SlaTechnicianTotalDaily",
    "TicketDaily",
    "TicketMonthly",
)


def recreate_database(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    conn = psycopg2.connect(admin)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def people() -> dict:  # type: ignore[type-arg]
    from django.contrib.auth.models import Group

    from accounts.models import Organisation, User

    hq = Organisation.objects.get(code="HQ")
    dealers = [
        Organisation.objects.create(
            code=f"D-B{n:02d}",
            name=f"基准经销商{n:02d}",
            name_en=f"Bench dealer {n:02d}",
            kind="dealer",
        )
        for n in range(1, DEALERS + 1)
    ]
    orgs = [hq, *dealers]
    technician = Group.objects.get(name="technician")
    techs = []
    for n in range(TECHNICIANS):
        user = User.objects.create(
            username=f"bench-tech-{n:03d}", organisation=orgs[n % len(orgs)], last_name=f"技{n}"
        )
        user.groups.add(technician)
        techs.append(user)
    manager = User.objects.create(username="bench-manager", organisation=hq)
    manager.groups.add(Group.objects.get(name="manager"))
    dealer = User.objects.create(username="bench-dealer", organisation=dealers[0])
    dealer.groups.add(Group.objects.get(name="dealer"))
    return {"orgs": orgs, "techs": techs, "manager": manager, "dealer": dealer}


def _ticket_columns(cur) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    cur.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = 'tickets_ticket' AND is_nullable = 'NO' AND column_default IS NULL "
        "AND is_identity = 'NO'"
    )
    return cur.fetchall()


FILLER = {"jsonb": "'{}'::jsonb", "boolean": "false", "integer": "0", "bigint": "0"}


def load(tickets: int, now, who: dict) -> None:  # type: ignore[no-untyped-def,type-arg]
    from django.db import connection, transaction

    from sla.models import SlaPolicy
    from tickets.models import Customer, FaultSeverity, RegionClass

    customer = Customer.objects.create(name="基准客户", phone="13900000000")
    severities = list(FaultSeverity.objects.order_by("rank").values_list("pk", flat=True))
    regions = list(RegionClass.objects.order_by("rank").values_list("pk", flat=True))[:4]
    policy = SlaPolicy.objects.get(key="standard", is_current=True)
    targets = {
        m: policy.targets.filter(metric=m).order_by("position").values_list("pk", flat=True)[0]
        for m in METRICS
    }
    orgs = [o.pk for o in who["orgs"]]
    techs = [(t.pk, t.organisation_id) for t in who["techs"]]
    tech_of_org = {org: [t for t, o in techs if o == org] for org in orgs}
    # Technician n belongs to organisation n mod len(orgs): pick org by i, tech within it.
    tech_case = " ".join(
        f"WHEN {index} THEN (ARRAY{tech_of_org[org]}::bigint[])"
        f"[1 + (i / 7) %% {len(tech_of_org[org])}]"
        for index, org in enumerate(orgs)
    )
    overrides = {
        "number": "'B' || lpad(i::text, 9, '0')",
        "kind": "(ARRAY['repair','repair','repair','repair','repair','repair','installation',"
        "'maintenance','complaint','repair'])[1 + i %% 10]",
        "channel": "(ARRAY['phone','phone','phone','phone','phone','web','web','dealer','letter',"
        "'email'])[1 + (i / 3) %% 10]",
        "status": "CASE WHEN received < %(now)s - interval '5 days' THEN 'closed' "
        "WHEN i %% 3 = 0 THEN 'arranged' ELSE 'forwarded' END",
        "customer_id": str(customer.pk),
        "fault_description": "'故障'",
        "severity_id": f"(ARRAY{severities}::bigint[])[1 + (CASE WHEN i %% 10 < 6 THEN 2 "
        f"WHEN i %% 10 < 8 THEN 1 WHEN i %% 10 = 8 THEN 3 ELSE 0 END)]",
        "region_class_id": f"(ARRAY{regions}::bigint[])[1 + (i / 11) %% {len(regions)}]",
        "service_type": "'C'",
        "assigned_organisation_id": f"(ARRAY{orgs}::bigint[])[1 + org_index]",
        "technician_id": f"CASE org_index {tech_case} END",
        "received_at": "received",
        "created_at": "received",
        "updated_at": "received",
        "sla_state": "''",
        "sla_metric": "''",
    }
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL synchronous_commit = off")
        columns = dict(_ticket_columns(cur))
        columns.setdefault("technician_id", "bigint")
        names, values = [], []
        for name, kind in columns.items():
            names.append(name)
            values.append(overrides.get(name, FILLER.get(kind, "''")))
        started = time.perf_counter()
        cur.execute(
            f"""
            INSERT INTO tickets_ticket ({", ".join(names)})
            SELECT {", ".join(values)}
            FROM (
                SELECT i,
                       (CASE WHEN i %% 10 < 4 THEN 0 ELSE 1 + i %% {len(orgs) - 1} END)
                           AS org_index,
                       %(now)s - make_interval(secs => (i::float8 / %(n)s) * 365 * 86400)
                           - make_interval(mins => ((i * 37) %% 600)::int) AS received
                FROM generate_series(1, %(n)s) AS i
            ) AS g
            """,  # noqa: S608 - our names
            {"n": tickets, "now": now},
        )
        print(f"  tickets: {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        durations = {"dispatch": 7200, "supervisor_check": 14400, "first_response": 1800}
        durations |= {"on_site": 21600, "resolution": 28800}
        selects: list[str] = []
        for metric in METRICS:
            d = durations[metric]
            selects.append(
                f"""
                SELECT t.id, '{metric}', {targets[metric]},
                  CASE WHEN t.status <> 'closed' THEN
                         CASE WHEN t.id %% 4 = 0 THEN 'breached' ELSE 'running' END
                       WHEN (t.id * 7 + {len(selects)}) %% 100 < 90 THEN 'met' ELSE 'met_late' END,
                  true, false, t.received_at, t.received_at + interval '{d} seconds',
                  CASE WHEN t.status = 'closed' THEN t.received_at
                       + make_interval(secs => {d} * (0.2 + ((t.id * 13) %% 100) / 110.0)) END,
                  ({d} * (0.2 + ((t.id * 13) %% 100) / 110.0))::int, 0, t.received_at,
                  NULL::timestamptz, '[]'::jsonb
                FROM tickets_ticket t"""  # noqa: S608 - our names
            )
        cur.execute(
            "INSERT INTO tickets_slaclock (ticket_id, metric, target_id, state, applies, warned, "
            "started_at, due_at, stopped_at, used_seconds, remaining_seconds, computed_at, "
            "next_action_at, fired_levels) " + " UNION ALL ".join(selects),
            {},
        )
        # Keep met_late consistent with its used time: beyond the target.
        cur.execute(
            "UPDATE tickets_slaclock c SET used_seconds = used_seconds * 2 + 600 "
            "WHERE state = 'met_late'"
        )
        cur.execute(
            "UPDATE tickets_slaclock SET due_at = %s - interval '30 minutes' "
            "WHERE state = 'breached'",
            [now],
        )
        cur.execute(
            "UPDATE tickets_slaclock SET due_at = %s + make_interval(mins => (id %% 600)::int) "
            "WHERE state = 'running'",
            [now],
        )
        print(f"  clocks: {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    with connection.cursor() as cur:
        for table in ("tickets_ticket", "tickets_slaclock"):
            cur.execute(f"VACUUM ANALYZE {table}")
    print(f"  vacuum analyze: {time.perf_counter() - started:.1f} s")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]


def measure(client, url: str, runs: int, cold: bool) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """Server time (median, p95), CPU time and SQL time (medians) and queries of ``runs``
    views of ``url``. ``cold``: a new rollup generation before each view, so every view
    computes its rollup figures (as the first view of a filter set after a rollup rebuild, or
    after a manager changes a filter); otherwise the views read them from the cache."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.figures_cache import new_rollup_generation

    client.get(url)  # warm caches and plans
    walls, cpus, sqls = [], [], []
    queries = 0
    for _ in range(runs):
        if cold:
            new_rollup_generation()
        with CaptureQueriesContext(connection) as ctx:
            started, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            walls.append((time.perf_counter() - started) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        sqls.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
        queries = len(ctx.captured_queries)
    return {
        "p50": statistics.median(walls),
        "p95": _p95(walls),
        "cpu": statistics.median(cpus),
        "sql": statistics.median(sqls),
        "queries": queries,
    }


def uptime() -> str:
    """The UTC time and ``uptime`` (its clock follows the process's TZ, the Django zone)."""
    import subprocess
    from datetime import UTC, datetime

    stamp = f"{datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC;"
    try:
        found = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout
    except OSError:
        found = f"load average {os.getloadavg()}"
    return f"{stamp} {found.strip()}"


def report_views(cases: list, runs: int) -> None:  # type: ignore[type-arg]
    """Each view measured cold (figures computed on every view) then warm (from the cache)."""
    from django.test import Client

    print(f"\n{uptime().strip()}")
    print(
        f"{'view':<52} {'who':<23} {'figures':<5} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'CPU ms':>7} {'SQL ms':>7} {'queries':>7}"
    )
    for who_label, user, view in cases:
        client = Client()
        client.force_login(user)
        for cold in (True, False):
            m = measure(client, view, runs, cold=cold)
            print(
                f"{view:<52} {who_label:<23} {'cold' if cold else 'warm':<5} {m['p50']:7.1f} "
                f"{m['p95']:7.1f} {m['cpu']:7.1f} {m['sql']:7.1f} {m['queries']:7d}"
            )
    print(uptime().strip())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--stops", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="reuse the loaded database")
    parser.add_argument(
        "--rebuild", action="store_true", help="with --keep: rebuild the rollups from scratch"
    )
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("DATABASE_URL must point at a PostgreSQL database of its own")
    if not args.keep:
        recreate_database(url)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    setup_test_environment()
    from accounts.models import Organisation, User
    from reports import models as rollups
    from reports.rollup import WATERMARK, rollup_increment, rollup_reconcile

    now = timezone.now()
    call_command("migrate", verbosity=0)
    if not args.keep:
        print(f"loading {args.tickets:,} tickets with {len(METRICS)} clocks each")
        who = people()
        load(args.tickets, now, who)
    if not args.keep or args.rebuild:
        started = time.perf_counter()
        days = rollup_reconcile(now=now, days=None)
        rollups.RollupWatermark.objects.update_or_create(name=WATERMARK, defaults={"at": now})
        print(f"  rollup from scratch: {days} days in {time.perf_counter() - started:.1f} s")
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
    from tickets.models import Ticket

    print(f"tickets: {Ticket.objects.count():,}")
    for name in ROLLUPS:
        print(f"rollup rows, {name}: {getattr(rollups, name).objects.count():,}")
    print(f"load average (1, 5, 15 min) while measuring: {os.getloadavg()}")
    manager = User.objects.get(username="bench-manager")
    dealer_user = User.objects.get(username="bench-dealer")
    dealer = Organisation.objects.get(code="D-B01")
    cases = []
    for period in ("30d", "12m"):
        for base in ("/reports/", "/api/v1/reports/sla/"):
            cases += [
                ("manager", manager, f"{base}?period={period}"),
                (
                    "manager, dealer filter",
                    manager,
                    f"{base}?period={period}&organisation={dealer.pk}",
                ),
                ("dealer login", dealer_user, f"{base}?period={period}"),
            ]
    report_views(cases, args.runs)

    with connection.cursor() as cur:
        cur.execute(
            "WITH picked AS (SELECT id FROM tickets_slaclock "
            "WHERE state IN ('running', 'breached') "
            "ORDER BY id LIMIT %s) UPDATE tickets_slaclock c SET state = 'met', "
            "stopped_at = %s, computed_at = %s FROM picked WHERE c.id = picked.id",
            [args.stops, timezone.now(), timezone.now()],
        )
        stopped = cur.rowcount
    started = time.perf_counter()
    rebuilt = rollup_increment()
    print(
        f"\nrollup catch-up after {stopped:,} clock stops: {rebuilt} days rebuilt in "
        f"{time.perf_counter() - started:.2f} s"
    )
    print(f"load average (1, 5, 15 min) at the end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
