"""The ticket API behind gunicorn, over real HTTP, at 1,000,000 tickets (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/aftersales_bench_api SECRET_KEY=x \
    REDIS_URL=redis://127.0.0.1:6379/10 \
        .venv/bin/python bench/tickets_api.py [--tickets 1000000] [--clients 8] \
        [--requests 400] [--creations 2000]

Creates and migrates the database if needed and bulk-loads the tickets with their events
once (re-runs reuse them). Then it starts gunicorn with the repository's ``gunicorn.conf.py``
(gthread workers, as docker-compose runs it) on a free port of 127.0.0.1 and measures from
``--clients`` concurrent HTTP clients (threads, one kept-alive connection each, token auth):

- the queue: ``GET /api/v1/tickets/`` 50 a page, filtered by status and severity, sorted by
  time of call, pages 1–20: p50/p95/max latency (and, in-process, the queries per page);
- creation: ``POST /api/v1/tickets/``: creations per second and p50/p95 latency.

For each it also prints where the two cores went: CPU milliseconds per request of the
gunicorn workers, of PostgreSQL (every server process) and of the clients themselves.
``--only list`` or ``--only create`` runs one of the two.

Targets on a 2-core machine: list p95 < 100 ms; >= 250 creations/s with p95 < 100 ms.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
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
    with connection.cursor() as cur:  # the visibility map too: the page count is index-only
        cur.execute("VACUUM ANALYZE tickets_ticket")
        cur.execute("VACUUM ANALYZE tickets_ticketevent")
    print(f"loaded {todo} tickets with events in {time.perf_counter() - started:.1f} s")


def token_of(username: str) -> str:
    from accounts.models import User
    from accounts.tokens import issue_token

    _auth_token, token = issue_token(User.objects.get(username=username))
    return token


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


LIST_URL = "/api/v1/tickets/?status=forwarded&severity=major&ordering=-received_at&page={}"


def queries_per_page() -> list[int]:
    """In-process, with the test client: the queries of pages 1, 5 and 20 (must be equal)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Token {token_of('bench_supervisor')}")
    counts = set()
    client.get(LIST_URL.format(1))  # warm: the token's principal cached, as in a running server
    for page in (1, 5, 20):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST_URL.format(page)).status_code == 200
        counts.add(len(ctx.captured_queries))
    return sorted(counts)


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of one process so far (Linux ``/proc``)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _postgres_pids(database: str) -> list[int]:
    """PostgreSQL's processes that work for ``database``: its connections and autovacuum
    workers, and the shared background writers (not other databases' connections)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() not in {"postgres", "postmaster"}:
                continue
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().split()
        except (OSError, UnicodeDecodeError):
            continue
        is_connection = any("(" in word or word == "[local]" for word in title)
        names_a_database = is_connection or "worker" in title
        if database in title or not names_a_database:
            pids.append(int(entry.name))
    return pids


class CpuMeter:
    """CPU seconds spent over a phase by gunicorn's workers, PostgreSQL (this database's
    processes and the shared writers) and this process (the clients)."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.database = urlparse(os.environ["DATABASE_URL"]).path.lstrip("/")

    def _sample(self) -> dict[str, float]:
        workers = [int(p) for p in _children(self.server.process.pid)]
        times = os.times()
        return {
            "gunicorn": sum(_cpu_seconds(p) for p in [self.server.process.pid, *workers]),
            "postgres": sum(_cpu_seconds(p) for p in _postgres_pids(self.database)),
            "clients": times.user + times.system,
        }

    def __enter__(self) -> CpuMeter:
        self.before = self._sample()
        return self

    def __exit__(self, *exc: object) -> None:
        after = self._sample()
        self.spent = {key: after[key] - self.before[key] for key in after}

    def per_request(self, count: int) -> str:
        return ", ".join(
            f"{key} {seconds / count * 1000:.2f} ms" for key, seconds in self.spent.items()
        )


def _children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


class Server:
    """gunicorn with the repository's config, on a free loopback port."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        env = {**os.environ, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        self.log = open(ROOT / "var" / "bench-gunicorn.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "-c",
                str(ROOT / "gunicorn.conf.py"),
                "aftersales.wsgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer on /healthz")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)
        self.log.close()


def _clients(port: int, token: str, count: int, todo, work) -> list[float]:  # type: ignore[no-untyped-def]
    """``count`` threads, each on its own kept-alive connection, share ``todo`` requests;
    ``work(conn, n)`` makes request ``n``. Latencies in ms; the threads start together."""
    timings: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(count + 1)
    counter = iter(range(todo))

    def run() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        work(conn, -1)  # connected and warm before the clock starts
        start.wait()
        mine = []
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            began = time.perf_counter()
            work(conn, n)
            mine.append((time.perf_counter() - began) * 1000)
        with lock:
            timings.extend(mine)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    timings.append(-(time.perf_counter() - began))  # the wall time, negative, last
    return timings


def _call(conn, method: str, url: str, token: str, body: bytes | None, expect: int):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    conn.request(method, url, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    assert response.status == expect, (response.status, data[:300])
    return data


def bench_list(port: int, token: str, clients: int, requests: int) -> dict[str, float]:
    def work(conn, n: int) -> None:  # type: ignore[no-untyped-def]
        page = 1 + (n % 20 if n >= 0 else 0)
        data = _call(conn, "GET", LIST_URL.format(page), token, None, 200)
        assert len(json.loads(data)["results"]) == 50

    timings = _clients(port, token, clients, requests, work)
    wall = -timings.pop()
    return {
        "p50": statistics.median(timings),
        "p95": percentile(timings, 95),
        "max": max(timings),
        "rate": len(timings) / wall,
    }


def bench_create(port: int, token: str, clients: int, creations: int) -> dict[str, float]:
    from tickets.models import Customer

    customers = list(Customer.objects.values_list("pk", flat=True)[:500])

    def work(conn, n: int) -> None:  # type: ignore[no-untyped-def]
        body = {
            "fault_description": "热水器点火失败",
            "severity": "minor",
            "channel": "api",
            "serial_number": "SN-BENCH",
            "product_model": "JSQ30-16",
            "customer": customers[n % len(customers)],
        }
        _call(conn, "POST", "/api/v1/tickets/", token, json.dumps(body).encode(), 201)

    timings = _clients(port, token, clients, creations, work)
    wall = -timings.pop()
    return {
        "rate": len(timings) / wall,
        "p50": statistics.median(timings),
        "p95": percentile(timings, 95),
        "max": max(timings),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--creations", type=int, default=2000)
    parser.add_argument("--only", choices=["list", "create"])
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    load(args.tickets)
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM tickets_ticket")
        (count,) = cur.fetchone()
    queries = queries_per_page() if args.only != "create" else [0]
    supervisor, agent = token_of("bench_supervisor"), token_of("bench_agent")
    connection.close()

    server = Server()
    ok = True
    print(
        f"{count:,} tickets; gunicorn (gunicorn.conf.py), {args.clients} HTTP clients; "
        f"load average {_load()}"
    )
    try:
        if args.only != "create":
            with CpuMeter(server) as cpu:
                listed = bench_list(server.port, supervisor, args.clients, args.requests)
            print(
                f"queue API (50/page, status+severity filter, sorted), {args.requests} requests: "
                f"p50 {listed['p50']:.1f} ms, p95 {listed['p95']:.1f} ms, "
                f"max {listed['max']:.1f} ms ({listed['rate']:.0f} pages/s); "
                f"queries per page {queries}\n  CPU per page: {cpu.per_request(args.requests)}"
            )
            ok = ok and listed["p95"] < 100 and len(queries) == 1
        if args.only != "list":
            with CpuMeter(server) as cpu:
                created = bench_create(server.port, agent, args.clients, args.creations)
            print(
                f"ticket creation, {args.creations} POSTs: {created['rate']:.0f}/s, "
                f"p50 {created['p50']:.1f} ms, p95 {created['p95']:.1f} ms, "
                f"max {created['max']:.1f} ms\n"
                f"  CPU per creation: {cpu.per_request(args.creations)}"
            )
            ok = ok and created["rate"] >= 250 and created["p95"] < 100
    finally:
        server.stop()
    print("load average at the end " + _load())
    print(
        "targets (list p95 < 100 ms, constant queries; >= 250 creations/s with p95 < 100 ms):",
        "met" if ok else "MISSED",
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
