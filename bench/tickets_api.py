"""Queue API latency and ticket creation rate on 100,000 tickets (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/aftersales_bench SECRET_KEY=x \
        .venv/bin/python bench/tickets_api.py [--tickets 100000] [--requests 200] \
        [--creations 1000] [--workers 2]

Creates and migrates the database if needed, bulk-loads the tickets with their events once
(re-runs reuse them), then measures through DRF with a token, as a client would:
- the queue API: 50 per page, filtered by status and severity, sorted by time of call;
  p50/p95 latency and queries per page (must be the same on every page);
- ticket creation: POST /api/v1/tickets/, creations per second from one client, then from
  ``--workers`` clients (default: one per core) in parallel.
Targets on a 2-core machine: list p95 < 100 ms, constant queries; >= 200 creations/s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("SECRET_KEY", "bench-only")

STATUSES = [
    "registered",
    "forwarded",
    "arranged",
    "checked",
    "on_site",
    "in_workshop",
    "awaiting_parts",
    "restored",
    "resolved",
    "visited",
    "closed",
    "cancelled",
]


def ensure_database(url: str) -> None:
    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        sys.exit("bench/tickets_api.py needs a PostgreSQL DATABASE_URL")
    import psycopg2

    name = parsed.path.lstrip("/")
    conn = psycopg2.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        dbname="postgres",
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")
    conn.close()


def load(count: int) -> None:
    from django.contrib.auth.models import Group
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import Organisation, User
    from aftersales.models import NumberSequence
    from tickets.models import (
        Customer,
        FaultSeverity,
        RegionClass,
        Ticket,
        TicketEvent,
    )

    hq = Organisation.objects.get(code="HQ")
    for username, role in (
        ("bench_agent", "agent"),
        ("bench_supervisor", "supervisor"),
        ("bench_technician", "technician"),
    ):
        user, created = User.objects.get_or_create(username=username, defaults={"organisation": hq})
        if created:
            user.set_password("bench-pw-123")
            user.save()
            user.groups.set([Group.objects.get(name=role)])
    existing = Ticket.objects.count()
    if existing >= count:
        print(f"reusing {existing} tickets")
        return
    started = time.perf_counter()
    rng = random.Random(100_000)
    agent = User.objects.get(username="bench_agent")
    technician = User.objects.get(username="bench_technician")
    severities = list(FaultSeverity.objects.all())
    regions = list(RegionClass.objects.all())
    with transaction.atomic():
        customers = Customer.objects.bulk_create(
            [
                Customer(
                    name=f"客户{i}",
                    phone=f"138{i:08d}",
                    address=f"上海市测试路 {i} 号",
                    region_class=rng.choice(regions),
                )
                for i in range(5000)
            ],
            batch_size=5000,
        )
        now = timezone.now()
        todo = count - existing
        batch = 10_000
        serial = (
            NumberSequence.objects.filter(key="209001").values_list("last_value", flat=True).first()
            or 0
        )
        for start in range(0, todo, batch):
            tickets = []
            for _ in range(min(batch, todo - start)):
                serial += 1
                status = rng.choice(STATUSES)
                received = now - timedelta(minutes=rng.randrange(1, 365 * 24 * 60))
                tickets.append(
                    Ticket(
                        number=f"9001-{serial:07d}",
                        status=status,
                        customer=rng.choice(customers),
                        fault_description="空调不制冷",
                        severity=rng.choice(severities),
                        region_class=rng.choice(regions),
                        assigned_organisation=hq,
                        technician=technician
                        if status not in {"registered", "forwarded"}
                        else None,
                        product_model="KFR-35GW",
                        serial_number=f"SN{serial:08d}",
                        received_at=received,
                        created_at=received,
                        created_by=agent,
                    )
                )
            Ticket.objects.bulk_create(tickets, batch_size=batch)
            events = []
            for t in tickets:
                events.append(
                    TicketEvent(
                        ticket=t,
                        code="ticket.created",
                        actor=agent,
                        at=t.received_at,
                        to_status="registered",
                        payload={"severity": t.severity.code},
                    )
                )
                if t.status != "registered":
                    events.append(
                        TicketEvent(
                            ticket=t,
                            code="ticket.forward",
                            actor=agent,
                            at=t.received_at + timedelta(minutes=5),
                            from_status="registered",
                            to_status=t.status,
                            payload={"assigned_organisation": hq.pk},
                        )
                    )
            TicketEvent.objects.bulk_create(events, batch_size=batch)
        NumberSequence.objects.update_or_create(key="209001", defaults={"last_value": serial})
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    print(f"loaded {todo} tickets with events in {time.perf_counter() - started:.1f} s")


def token_client(username: str):  # type: ignore[no-untyped-def]
    from django.test import Client

    from accounts.models import User
    from accounts.tokens import issue_token

    _auth_token, token = issue_token(User.objects.get(username=username))
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def bench_list(requests: int) -> dict[str, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = token_client("bench_supervisor")
    url = "/api/v1/tickets/?status=forwarded&severity=major&ordering=-received_at&page={}"
    for page in (1, 2, 3):  # warm up
        assert client.get(url.format(page)).status_code == 200
    timings, queries = [], set()
    for i in range(requests):
        page = 1 + i % 20
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url.format(page))
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:300]
        assert len(response.json()["results"]) == 50
        queries.add(len(ctx.captured_queries))
    return {
        "p50": statistics.median(timings),
        "p95": percentile(timings, 95),
        "max": max(timings),
        "queries": sorted(queries),  # type: ignore[dict-item]
    }


def _create_many(creations: int, offset: int) -> None:
    from tickets.models import Customer

    client = token_client("bench_agent")
    customer_ids = list(Customer.objects.values_list("pk", flat=True)[:500])
    body = {
        "fault_description": "热水器点火失败",
        "severity": "minor",
        "channel": "api",
        "serial_number": "SN-BENCH",
        "product_model": "JSQ30-16",
    }
    for i in range(creations):
        response = client.post(
            "/api/v1/tickets/",
            {**body, "customer": customer_ids[(offset + i) % 500]},
            content_type="application/json",
        )
        assert response.status_code == 201, response.content[:300]


def _worker(creations: int, offset: int, ready) -> None:  # type: ignore[no-untyped-def]
    from django.db import connections

    connections.close_all()
    _create_many(1, offset)  # own connection open and token known before the clock starts
    ready.wait()
    _create_many(creations, offset)
    connections.close_all()


def bench_create(creations: int, workers: int) -> dict[str, float]:
    """Creations per second from one client, and from ``workers`` clients in parallel (timed
    from the moment all of them are connected until the last one is done)."""
    import multiprocessing

    from django.db import connections

    _create_many(5, 0)  # warm up
    started = time.perf_counter()
    _create_many(creations, 0)
    sequential = creations / (time.perf_counter() - started)
    connections.close_all()
    context = multiprocessing.get_context("fork")
    share = creations // workers
    ready = context.Barrier(workers + 1)
    processes = [
        context.Process(target=_worker, args=(share, n * share, ready)) for n in range(workers)
    ]
    for process in processes:
        process.start()
    ready.wait()
    started = time.perf_counter()
    for process in processes:
        process.join()
        assert process.exitcode == 0
    parallel = share * workers / (time.perf_counter() - started)
    return {"sequential": sequential, "parallel": parallel, "mean_ms": 1000 / sequential}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--creations", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    load(args.tickets)

    listed = bench_list(args.requests)
    created = bench_create(args.creations, args.workers)
    print(
        f"queue API (50/page, status+severity filter, sorted), {args.requests} requests: "
        f"p50 {listed['p50']:.1f} ms, p95 {listed['p95']:.1f} ms, max {listed['max']:.1f} ms, "
        f"queries per page {listed['queries']}"
    )
    print(
        f"ticket creation via API, {args.creations} tickets: "
        f"one client {created['sequential']:.0f}/s "
        f"({created['mean_ms']:.1f} ms each); {args.workers} clients in parallel "
        f"{created['parallel']:.0f}/s"
    )
    best = max(created["sequential"], created["parallel"])
    ok = listed["p95"] < 100 and len(listed["queries"]) == 1 and best >= 200  # type: ignore[arg-type]
    print(
        "targets (p95 < 100 ms, constant queries, >= 200 creations/s):", "met" if ok else "MISSED"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
