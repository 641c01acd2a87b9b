"""The SLA sweep benchmark's database: created, bulk-loaded server-side (INSERT … SELECT
generate_series), brought to the present when kept, and clocks made due on demand.

Used by ``bench/sla_sweep.py``; the caller puts the repository on ``sys.path`` and sets
``DJANGO_SETTINGS_MODULE`` first.
"""

from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import urlparse


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
            INSERT INTO tickets_ticketevent (ticket_id, code, at, from_status, to_status, payload,
                                             public)
            SELECT t.id, e.code, t.received_at + e.after, e.from_status, e.to_status, '{}', false
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


def make_due(count: int, now, *, skip: int = 0, due=None, recompute: bool = True) -> list[int]:  # type: ignore[no-untyped-def]
    """``count`` open tickets (after the first ``skip``) whose dispatch was never arranged:
    forwarded two hours before their due instant (``due(i)``, default an hour ago), the
    warning already sent, the breach (level 1) due then: one escalation each. Earlier
    escalations and notifications of these tickets are forgotten (re-runs)."""
    from django.db import connection, transaction

    from notifications.models import Notification
    from sla.models import Escalation, SlaClock

    due = due or (lambda i: now - timedelta(hours=1))
    with transaction.atomic():
        ids = list(
            SlaClock.objects.filter(metric="resolution", state="running")
            .order_by("ticket_id")
            .values_list("ticket_id", flat=True)[skip : skip + count]
        )
        Escalation.objects.filter(clock__ticket_id__in=ids).delete()
        Notification.objects.filter(ticket_id__in=ids).delete()
        dues = [due(i) for i in range(len(ids))]
        with connection.cursor() as cur:
            cur.execute(
                "CREATE TEMP TABLE bench_due (ticket_id bigint, due timestamptz) ON COMMIT DROP"
            )
            cur.execute(
                "INSERT INTO bench_due SELECT * FROM unnest(%s::bigint[], %s::timestamptz[])",
                [ids, dues],
            )
            cur.execute(
                "DELETE FROM tickets_ticketevent e USING bench_due d "
                "WHERE e.ticket_id = d.ticket_id AND e.code = 'ticket.arrange'"
            )
            cur.execute(
                "UPDATE tickets_ticketevent e SET at = d.due - interval '2 hours' "
                "+ CASE e.code WHEN 'ticket.log_contact' THEN interval '1 minute' ELSE '0' END "
                "FROM bench_due d WHERE e.ticket_id = d.ticket_id"
            )
            cur.execute(
                "UPDATE tickets_ticket t SET status = 'forwarded', "
                "received_at = d.due - interval '2 hours' FROM bench_due d WHERE t.id = d.ticket_id"
            )
            cur.execute(
                "UPDATE tickets_slaclock c SET state = 'running', "
                "started_at = d.due - interval '2 hours', due_at = d.due, stopped_at = NULL, "
                "fired_levels = '[0]', next_action_at = d.due "
                "FROM bench_due d WHERE c.ticket_id = d.ticket_id AND c.metric = 'dispatch'"
            )
        if recompute:
            # As in production, every clock of these tickets exists (event-time recompute).
            from sla.measuring import clocks_recompute
            from tickets.models import Ticket

            for ticket in Ticket.objects.filter(pk__in=ids):
                clocks_recompute(ticket, now)
    return ids


def prepare(args, url: str, now) -> int:  # type: ignore[no-untyped-def]
    """The database: created and loaded unless kept (or already loaded); its ticket count."""
    import django
    from django.db import connection

    exists = database_exists(url)
    if not (args.keep or args.empty_only) or not exists:
        recreate_database(url)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM tickets_ticket")
        (count,) = cur.fetchone()
    if count == 0:
        started = time.perf_counter()
        print(f"loading {args.tickets:,} tickets (10% open) with 2 clocks each …", flush=True)
        load(args.tickets, now)
        print(f"loaded in {time.perf_counter() - started:.1f} s", flush=True)
        count = args.tickets
    else:
        rebase(now)
    return count


def rebase(now) -> None:  # type: ignore[no-untyped-def]
    """A kept database brought to the present, as a fresh load would be: every open ticket's
    resolution clock due 1 h to 7 days from now (its next action 30 min before), and the
    other clocks' rungs left by earlier runs switched off, so nothing is due now."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "UPDATE tickets_slaclock SET next_action_at = NULL "
            "WHERE next_action_at IS NOT NULL AND metric <> 'resolution'"
        )
        cur.execute(
            "UPDATE tickets_slaclock SET due_at = %(now)s + make_interval(mins => 60 + "
            "(ticket_id %% 10000)::int), next_action_at = %(now)s + make_interval(mins => 30 + "
            "(ticket_id %% 10000)::int), fired_levels = '[]' "
            "WHERE metric = 'resolution' AND state = 'running'",
            {"now": now},
        )
        cur.execute("VACUUM ANALYZE tickets_slaclock")


def database_exists(url: str) -> bool:
    import psycopg2

    parsed = urlparse(url)
    conn = psycopg2.connect(parsed._replace(path="/postgres").geturl())
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [parsed.path.lstrip("/")])
        found = cur.fetchone() is not None
    conn.close()
    return found
