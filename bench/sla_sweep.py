"""Benchmark of the SLA escalation sweep on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/aftersales_bench_sla SECRET_KEY=x \
        .venv/bin/python bench/sla_sweep.py [--tickets 1000000] [--due 1000]

Drops and recreates its own database, migrates it, bulk-loads the tickets server-side
(INSERT … SELECT generate_series: 10% open, each ticket with a dispatch and a resolution
clock; open tickets with their event history), then measures:

* the sweep with nothing due (target < 20 ms), and
* the sweep with ``--due`` due escalations, each writing an escalation row, an inbox
  notification and an e-mail outbox row (target < 2 s),

and prints the EXPLAIN of the due-clock query, which must use the partial index on
``next_action_at``.
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


def load(tickets: int, now) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection, transaction

    from accounts.models import Organisation, User
    from sla.models import SlaPolicy
    from tickets.models import Customer, FaultSeverity, RegionClass

    hq = Organisation.objects.get(code="HQ")
    supervisor = User.objects.create(
        username="bench-supervisor", organisation=hq, email="s@example.com"
    )
    from django.contrib.auth.models import Group

    supervisor.groups.add(Group.objects.get(name="supervisor"))
    customer = Customer.objects.create(name="基准客户", phone="13900000000")
    minor = FaultSeverity.objects.get(code="minor")
    urban = RegionClass.objects.get(code="other_province")  # on site within 48 h: not due
    policy = SlaPolicy.objects.get(key="standard", is_current=True)
    dispatch = policy.targets.get(metric="dispatch")
    resolution = policy.targets.get(metric="resolution", position=1)
    open_every = 10  # 10% open
    params = {
        "n": tickets,
        "customer": customer.pk,
        "severity": minor.pk,
        "region": urban.pk,
        "org": hq.pk,
        "supervisor": supervisor.pk,
        "now": now,
        "dispatch": dispatch.pk,
        "resolution": resolution.pk,
        "calendar": resolution.calendar_id,
        "open_every": open_every,
    }
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL synchronous_commit = off")
        started = time.perf_counter()
        cur.execute(
            """
            INSERT INTO tickets_ticket (
                number, kind, channel, status, customer_id, contact_name, contact_phone,
                site_address,
                product_model, serial_number, fault_description, severity_id, region_class_id,
                service_type, entitlement, assigned_organisation_id, supervisor_id,
                workshop_receipt_no,
                signed_by_name, signature, signoff_comment, cancel_reason, received_at, resolved_at,
                closed_at, created_at, updated_at, sla_state, sla_due_at, sla_metric,
                sla_calendar_id)
            SELECT 'B' || lpad(i::text, 9, '0'), 'repair', 'web',
                   CASE WHEN i %% %(open_every)s = 0 THEN 'arranged' ELSE 'closed' END,
                   %(customer)s, '', '', '', '', '', '故障', %(severity)s, %(region)s, 'A', '{}',
                   %(org)s, %(supervisor)s, '', '', '', '', '',
                   %(now)s - make_interval(mins => (i %% 20000) + 600),
                   NULL, NULL, %(now)s, %(now)s,
                   CASE WHEN i %% %(open_every)s = 0 THEN 'running' ELSE '' END,
                   CASE WHEN i %% %(open_every)s = 0
                        THEN %(now)s + make_interval(mins => 60 + i %% 10000) END,
                   CASE WHEN i %% %(open_every)s = 0 THEN 'resolution' ELSE '' END,
                   CASE WHEN i %% %(open_every)s = 0 THEN %(calendar)s END
            FROM generate_series(1, %(n)s) AS i
            """,
            params,
        )
        cur.execute("SELECT min(id) FROM tickets_ticket")
        (first_id,) = cur.fetchone()
        params["first"] = first_id
        print(f"  tickets: {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        # Two clocks per ticket: dispatch met, resolution met (closed) or running (open).
        cur.execute(
            """
            INSERT INTO tickets_slaclock (
                ticket_id, metric, target_id, state, applies, warned, started_at, due_at,
                stopped_at,
                used_seconds, remaining_seconds, computed_at, next_action_at, fired_levels)
            SELECT t.id, 'dispatch', %(dispatch)s, 'met', true, false, t.received_at,
                   t.received_at + interval '2 hours', t.received_at + interval '30 minutes',
                   1800, 5400, %(now)s, NULL, '[]'::jsonb
            FROM tickets_ticket t
            UNION ALL
            SELECT t.id, 'resolution', %(resolution)s,
                   CASE WHEN t.status = 'closed' THEN 'met' ELSE 'running' END, true, false,
                   t.received_at, COALESCE(t.sla_due_at, t.received_at + interval '1 day'),
                   CASE WHEN t.status = 'closed' THEN t.received_at + interval '5 hours' END,
                   3600, 77400, %(now)s,
                   CASE WHEN t.status = 'closed' THEN NULL
                        ELSE t.sla_due_at - interval '30 minutes' END,
                   '[]'::jsonb
            FROM tickets_ticket t
            """,
            params,
        )
        print(f"  clocks: {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        cur.execute(
            """
            INSERT INTO tickets_ticketevent (ticket_id, code, at, from_status, to_status, payload)
            SELECT t.id, e.code, t.received_at + e.after, e.from_status, e.to_status, '{}'
            FROM tickets_ticket t
            CROSS JOIN (VALUES ('ticket.created', interval '0', '', 'registered'),
                               ('ticket.forward', interval '1 minute', 'registered', 'forwarded'),
                               ('ticket.log_contact', interval '2 minutes', '', ''),
                               ('ticket.arrange', interval '30 minutes', 'forwarded', 'arranged'))
                 AS e(code, after, from_status, to_status)
            WHERE t.status <> 'closed'
            """,
        )
        print(f"  events of open tickets: {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE tickets_ticket")
        cur.execute("VACUUM ANALYZE tickets_slaclock")
        cur.execute("VACUUM ANALYZE tickets_ticketevent")
    print(f"  vacuum analyze: {time.perf_counter() - started:.1f} s")


def make_due(count: int, now) -> list[int]:  # type: ignore[no-untyped-def]
    """``count`` open tickets whose dispatch was never arranged: forwarded 3 h ago, the warning
    already sent, the breach (level 1) due now. One escalation each."""
    from datetime import timedelta

    from django.db import connection, transaction

    from sla.models import SlaClock
    from tickets.models import TicketEvent

    with transaction.atomic():
        ids = list(
            SlaClock.objects.filter(metric="resolution", state="running")
            .order_by("ticket_id")
            .values_list("ticket_id", flat=True)[:count]
        )
        start = now - timedelta(hours=3)
        # A re-run on a kept database: these tickets' earlier escalations are forgotten.
        from sla.models import Escalation

        Escalation.objects.filter(clock__ticket_id__in=ids).delete()
        TicketEvent.objects.filter(ticket_id__in=ids, code="ticket.arrange").delete()
        TicketEvent.objects.filter(ticket_id__in=ids, code="ticket.created").update(at=start)
        TicketEvent.objects.filter(ticket_id__in=ids, code="ticket.forward").update(at=start)
        TicketEvent.objects.filter(ticket_id__in=ids, code="ticket.log_contact").update(
            at=start + timedelta(minutes=1)
        )
        with connection.cursor() as cur:
            cur.execute(
                "UPDATE tickets_ticket SET status = 'forwarded', received_at = %s "
                "WHERE id = ANY(%s)",
                [start, ids],
            )
        SlaClock.objects.filter(ticket_id__in=ids, metric="dispatch").update(
            state="running",
            started_at=start,
            due_at=start + timedelta(hours=2),
            stopped_at=None,
            fired_levels=[0],
            next_action_at=start + timedelta(hours=2),
        )
        # As in production, every clock of these tickets already exists (event-time recompute).
        from sla.measuring import clocks_recompute
        from tickets.models import Ticket

        for ticket in Ticket.objects.filter(pk__in=ids):
            clocks_recompute(ticket, now)
    return ids


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--keep", action="store_true", help="reuse the loaded database")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("set DATABASE_URL to a PostgreSQL database (it is dropped and recreated)")

    import django

    if not args.keep:
        recreate_database(url)
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from notifications.models import EmailDelivery, Notification
    from sla.calendars import calendar_spec
    from sla.models import Escalation, SlaClock
    from sla.sweep import sla_sweep

    now = timezone.now().replace(microsecond=0)
    if not args.keep:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrated in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        print(f"loading {args.tickets:,} tickets (10% open) with 2 clocks each …")
        load(args.tickets, now)
        print(f"loaded in {time.perf_counter() - started:.1f} s")
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM tickets_ticket")
        (ticket_count,) = cur.fetchone()
    print(
        f"tickets: {ticket_count:,}; "
        f"clocks: {SlaClock.objects.count():,}; "
        "clocks with a next action: "
        f"{SlaClock.objects.filter(next_action_at__isnull=False).count():,}"
    )

    from sla.models import BusinessCalendar

    for calendar in BusinessCalendar.objects.all():
        calendar_spec(calendar)  # warm the per-process calendar cache, as a running worker has it

    timings = []
    for _ in range(20):
        started = time.perf_counter()
        report = sla_sweep(now=now)
        timings.append((time.perf_counter() - started) * 1000)
        assert report.fired == 0
    print(
        f"\nsweep, nothing due: median {statistics.median(timings):.2f} ms, "
        f"max {max(timings):.2f} ms over {len(timings)} runs (target < 20 ms)"
    )

    make_due(args.due, now)
    before = (
        Escalation.objects.count(),
        Notification.objects.count(),
        EmailDelivery.objects.count(),
    )
    started = time.perf_counter()
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        report = profiler.runcall(sla_sweep, now=now)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    else:
        report = sla_sweep(now=now)
    elapsed = time.perf_counter() - started
    after = (
        Escalation.objects.count(),
        Notification.objects.count(),
        EmailDelivery.objects.count(),
    )
    print(
        f"sweep, {report.fired:,} due escalations: {elapsed * 1000:.0f} ms "
        f"in {report.batches} batches "
        f"(target < 2000 ms); wrote {after[0] - before[0]:,} escalations, "
        f"{after[1] - before[1]:,} notifications, {after[2] - before[2]:,} outbox e-mails"
    )
    again = sla_sweep(now=now)
    print(f"second sweep at the same instant fired {again.fired} (exactly once)")

    from django.db import transaction

    query = (
        SlaClock.objects.filter(next_action_at__lte=now, pk__gt=0)
        .order_by("pk")
        .select_for_update(skip_locked=True, of=("self", "ticket"))
        .select_related(
            "ticket__severity", "ticket__region_class", "ticket__assigned_organisation"
        )[:500]
    )
    with transaction.atomic(), connection.cursor() as cur:
        sql, params = query.query.sql_with_params()
        cur.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
        print("\nEXPLAIN of the due-clock query:")
        for (line,) in cur.fetchall():
            print("  " + line)


if __name__ == "__main__":
    main()
