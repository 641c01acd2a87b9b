"""Benchmark of the SLA escalation sweep on PostgreSQL, its e-mails and its workers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/aftersales_bench_sla SECRET_KEY=x \
    REDIS_URL=redis://127.0.0.1:6379/10 \
        .venv/bin/python bench/sla_sweep.py [--tickets 1000000] [--keep] [--anchor]

Creates its database (``--keep`` reuses a loaded one) and bulk-loads the tickets server-side
(INSERT … SELECT generate_series: 10% open, each ticket with a dispatch and a resolution
clock; open tickets with their event history), then prints:

1. 1,000 due escalations swept, and their e-mails delivered to a real SMTP server on
   127.0.0.1 that this script starts (Postfix's ``smtp-sink`` where installed, otherwise the
   aiosmtpd sink ``bench/smtp_sink.py``; ``--sink``): sweep, delivery and total time, the
   median of ``--repeat`` runs (target ≤ 1.0 s), with the ratio to django-helpdesk's
   ``escalate_tickets`` from ``../shared/bench/anchor_helpdesk/run.sh`` (``--anchor`` runs it
   first, in the same run; otherwise its last result is read from ``--anchor-result``);
2. the sweep with nothing due at ``--small`` (100,000, its own database) and at
   ``--tickets`` tickets (target ≤ 5 ms, flat);
3. breaches noticed within seconds: a real Celery worker and beat on Redis, ``--wakeups``
   clocks due over ``--spread`` seconds; p50/p99 delay from due to notification written
   (target p99 ≤ 5 s);
4. scale-out: ``--scale`` due clocks swept by one and then by two worker processes at once:
   duplicates, missed, and both times;

and the EXPLAIN of the due-clock query, which must use the partial index on
``next_action_at``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftersales.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")

from bench.sla_data import make_due, prepare  # noqa: E402


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


#: Postfix's SMTP test server (Debian package postfix): C, PIPELINING, counts what it accepts.
POSTFIX_SINK = Path("/usr/sbin/smtp-sink")


class Sink:
    """A real SMTP server on 127.0.0.1 in its own process (so it does not share this one's CPU
    time): Postfix's ``smtp-sink`` where it is installed (as a relay would, it offers
    PIPELINING), otherwise the aiosmtpd sink (``bench/smtp_sink.py``, no PIPELINING)."""

    def __init__(self, kind: str = "auto") -> None:
        self.port = free_port()
        self.kind = "postfix" if kind == "auto" and POSTFIX_SINK.exists() else kind
        if self.kind == "postfix":
            user = ["-u", "nobody"] if os.geteuid() == 0 else []
            command = [str(POSTFIX_SINK), "-c", *user, f"127.0.0.1:{self.port}", "256"]
        else:
            self.kind = "aiosmtpd"
            command = [sys.executable, str(ROOT / "bench" / "smtp_sink.py"), str(self.port)]
        if self.kind == "aiosmtpd":
            self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
            assert self.process.stdout is not None
            assert self.process.stdout.readline().strip() == "ready"
            return
        # its counter goes to a file: a pipe nobody reads fills up and stops the server
        self.counter = tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(command, stdout=self.counter, text=True)
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("smtp-sink did not start")

    def stop(self) -> int:
        self.process.terminate()
        if self.kind == "postfix":  # a running counter: "sess=… quit=… mesg=N" per message
            self.process.wait(30)
            self.counter.seek(0)
            last = self.counter.read().rpartition("mesg=")[2].split("\r")[0].strip()
            self.counter.close()
            return int(last) if last.isdigit() else 0
        out, _ = self.process.communicate(timeout=30)
        return int(out.split()[1]) if out.startswith("received") else -1


def empty_sweeps(now, runs: int = 30) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from sla.calendars import calendar_spec
    from sla.models import BusinessCalendar
    from sla.sweep import sla_sweep

    for calendar in BusinessCalendar.objects.all():
        calendar_spec(calendar)  # the per-process calendar cache, as a running worker has it
    sla_sweep(now=now)  # warm
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        report = sla_sweep(now=now)
        timings.append((time.perf_counter() - started) * 1000)
        assert report.fired == 0
    return {"median": statistics.median(timings), "p95": percentile(timings, 95)}


def empty_at(tickets: int, url: str) -> dict[str, float]:
    """The empty sweep on a database of ``tickets`` tickets (loaded once, then kept)."""
    env = {**os.environ, "DATABASE_URL": url}
    command = [sys.executable, __file__, "--tickets", str(tickets), "--empty-only"]
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def anchor(run: bool, result: Path) -> dict | None:  # type: ignore[type-arg]
    # ../shared beside the checkout (or beside the folder of worktrees)
    places = [base / "shared" / "bench" / "anchor_helpdesk" / "run.sh" for base in ROOT.parents]
    script = next((place for place in places if place.exists()), places[0])
    if run:
        print(f"running {script} (django-helpdesk 2.6.1) …", flush=True)
        ours = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "EMAIL_URL"}
        env = {k: v for k, v in os.environ.items() if k not in ours}
        env["ANCHOR_RESULT"] = str(result)
        subprocess.run(["bash", str(script)], env=env, check=True, capture_output=True)
    if not result.exists():
        return None
    return json.loads(result.read_text())


def _deliverer(expected: int, ready, results) -> None:  # type: ignore[no-untyped-def]
    """A delivery worker: sends the outbox as the sweep's batches commit, until ``expected``
    e-mails are out (what ``deliver_pending``, nudged after each commit, does in production)."""
    from django.db import connections

    from notifications.services import deliveries_send

    connections.close_all()
    ready.wait()
    sent = 0
    while sent < expected:
        got = deliveries_send()["sent"]
        sent += got
        if not got:
            time.sleep(0.02)
    results.put((time.perf_counter(), sent))
    connections.close_all()


def due_and_delivered(count: int, now, *, pipelined: bool) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Target 1: ``count`` due escalations swept and their e-mails sent to the sink: one
    process sweeping then delivering, or (``pipelined``) a delivery worker process sending
    each batch as soon as it commits."""
    from django.db import connections

    from notifications.models import EmailDelivery
    from notifications.services import deliveries_send
    from sla.sweep import sla_sweep

    make_due(count, now)
    EmailDelivery.objects.filter(status="pending").update(status="sent")  # earlier runs'
    if pipelined:
        connections.close_all()
        context = multiprocessing.get_context("fork")
        ready, results = context.Barrier(2), context.Queue()
        worker = context.Process(target=_deliverer, args=(count, ready, results))
        worker.start()
        ready.wait()
    started = time.perf_counter()
    report = sla_sweep(now=now)
    swept = time.perf_counter()
    if pipelined:
        done, sent = results.get()
        worker.join()
    else:
        sent = deliveries_send(now=now)["sent"]
        done = time.perf_counter()
    again = sla_sweep(now=now)
    return {
        "fired": report.fired,
        "notifications": report.notifications,
        "sent": sent,
        "sweep_ms": (swept - started) * 1000,
        "delivery_ms": (done - swept) * 1000,
        "total_ms": (done - started) * 1000,
        "again": again.fired,
    }


def repeated(runs: int, count: int, now, *, pipelined: bool) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Target 1 ``runs`` times: the median run's figures (by total), the best total, and the
    worst of the counts (every run must fire and send ``count``, and a second sweep 0)."""
    results = [due_and_delivered(count, now, pipelined=pipelined) for _ in range(max(1, runs))]
    middle = sorted(results, key=lambda r: r["total_ms"])[len(results) // 2]
    return {
        **middle,
        "runs": len(results),
        "best_ms": min(r["total_ms"] for r in results),
        "fired": min(r["fired"] for r in results),
        "sent": min(r["sent"] for r in results),
        "again": max(r["again"] for r in results),
    }


def _sweeper(now, ready, results) -> None:  # type: ignore[no-untyped-def]
    from django.db import connections

    from sla.sweep import sla_sweep

    connections.close_all()
    ready.wait()
    report = sla_sweep(now=now, max_batches=10_000)
    results.put((report.fired, report.duplicates, report.clocks))
    connections.close_all()


def scale_out(count: int, now, skip: int) -> dict[int, dict[str, float]]:  # type: ignore[no-untyped-def]
    """Target 4: ``count`` due clocks swept by 1, then by 2 worker processes at once."""
    from django.db import connections

    from sla.models import Escalation, SlaClock

    out = {}
    for workers in (1, 2):
        ids = make_due(count, now, skip=skip, recompute=False)
        connections.close_all()
        context = multiprocessing.get_context("fork")
        ready, results = context.Barrier(workers + 1), context.Queue()
        processes = [
            context.Process(target=_sweeper, args=(now, ready, results)) for _ in range(workers)
        ]
        for process in processes:
            process.start()
        ready.wait()
        started = time.perf_counter()
        reports = [results.get() for _ in processes]
        elapsed = time.perf_counter() - started
        for process in processes:
            process.join()
        fired = Escalation.objects.filter(clock__ticket_id__in=ids, level=1, fired_at=now)
        out[workers] = {
            "seconds": elapsed,
            "fired": sum(r[0] for r in reports),
            "per_worker": [r[0] for r in reports],
            "duplicates": sum(r[1] for r in reports),
            "rows": fired.count(),
            "distinct": fired.values("clock_id").distinct().count(),
            "missed": SlaClock.objects.filter(
                ticket_id__in=ids, metric="dispatch", next_action_at__lte=now
            ).count(),
        }
    return out


def _celery(*args: str, log: Path, env: dict[str, str]) -> subprocess.Popen:  # type: ignore[type-arg]
    celery = str(Path(sys.executable).with_name("celery"))
    return subprocess.Popen(
        [celery, "-A", "aftersales", *args],
        cwd=ROOT,
        env={**os.environ, "SLA_SWEEP_SECONDS": "60", **env},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def wakeups(count: int, spread: float, skip: int) -> dict[str, float]:
    """Target 3: a real worker and beat on Redis; ``count`` clocks due over ``spread`` s."""
    from django.db import connection

    from notifications.models import Notification

    start = datetime.now().astimezone() + timedelta(seconds=30)  # worker and beat start first
    step = spread / count
    ids = make_due(
        count,
        datetime.now().astimezone(),
        skip=skip,
        due=lambda i: start + timedelta(seconds=i * step),
        recompute=False,
    )
    due_of = {tid: start + timedelta(seconds=i * step) for i, tid in enumerate(ids)}
    from notifications.models import EmailDelivery
    from sla.tasks import sla_sweep

    EmailDelivery.objects.filter(status="pending").update(status="sent")  # earlier parts'
    # Beat's first tick comes one period after it starts: queue that periodic sweep now, as
    # if the last one had just run (it sweeps and schedules the first wake-up).
    sla_sweep.delay()
    connection.close()
    sink = Sink()  # the worker delivers the e-mails too, as in production
    env = {"EMAIL_URL": f"smtp://127.0.0.1:{sink.port}"}
    logs = Path(tempfile.mkdtemp(prefix="bench-celery-"))
    worker = _celery("worker", "-c", "2", "-l", "info", log=logs / "w.log", env=env)
    beat = _celery("beat", "-s", str(logs / "schedule"), "-l", "info", log=logs / "b.log", env=env)
    seen: dict[int, float] = {}
    deadline = time.time() + spread + 120
    last = 0
    try:
        while len(seen) < len(ids) and time.time() < deadline:
            rows = list(
                Notification.objects.filter(pk__gt=last, ticket_id__in=ids, code="sla.breached")
                .order_by("pk")
                .values_list("pk", "ticket_id")
            )
            moment = time.time()
            for pk, ticket_id in rows:
                seen.setdefault(ticket_id, moment)
                last = max(last, pk)
            time.sleep(0.1)
    finally:
        for process in (beat, worker):
            process.terminate()
            process.wait(60)
        received = sink.stop()
    delays = [seen[t] - due_of[t].timestamp() for t in seen]
    return {
        "seen": len(seen),
        "count": len(ids),
        "p50": percentile(delays, 50) if delays else -1,
        "p99": percentile(delays, 99) if delays else -1,
        "max": max(delays) if delays else -1,
        "early": sum(1 for d in delays if d < 0),
        "mailed": received,
        "logs": str(logs),  # type: ignore[dict-item]
    }


def explain_due(now) -> list[str]:  # type: ignore[no-untyped-def]
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT c.id, c.ticket_id "
            "FROM tickets_slaclock c JOIN tickets_ticket t ON t.id = c.ticket_id "
            "WHERE c.next_action_at IS NOT NULL "
            "AND c.next_action_at <= %s AND c.id > 0 ORDER BY c.id LIMIT 500 "
            "FOR UPDATE OF c, t SKIP LOCKED",
            [now],
        )
        return [line for (line,) in cur.fetchall()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--keep", action="store_true", help="reuse the loaded database")
    parser.add_argument("--small", type=int, default=100_000, help="0: skip")
    parser.add_argument("--scale", type=int, default=10_000, help="0: skip")
    parser.add_argument("--wakeups", type=int, default=1000, help="0: skip")
    parser.add_argument("--spread", type=float, default=120.0)
    parser.add_argument("--anchor", action="store_true", help="run the django-helpdesk bench")
    parser.add_argument("--anchor-result", type=Path, default=ROOT / "var" / "anchor.json")
    parser.add_argument(
        "--sink", choices=("auto", "postfix", "aiosmtpd"), default="auto", help="SMTP server"
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs of target 1, each mode")
    parser.add_argument("--empty-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("set DATABASE_URL to a PostgreSQL database (it is dropped and recreated)")
    now = datetime.now().astimezone().replace(microsecond=0)
    if args.empty_only:
        prepare(args, url, now)
        print(json.dumps(empty_sweeps(now)))
        return

    helpdesk = anchor(args.anchor, args.anchor_result)
    sink = Sink(args.sink)
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{sink.port}"
    try:
        count = prepare(args, url, now)
        print(f"{count:,} tickets; load average {os.getloadavg()[0]:.1f} (2 cores)", flush=True)
        small = None
        if args.small:
            base = urlparse(url)
            small_url = base._replace(path=f"{base.path}_{args.small // 1000}k").geturl()
            small = empty_at(args.small, small_url)
        empty = empty_sweeps(now)
        first = repeated(args.repeat, args.due, now, pipelined=False)
        piped = repeated(args.repeat, args.due, now, pipelined=True)
        received = sink.stop()
        args.sink_kind = sink.kind
        report(args, count, helpdesk, small, empty, first, piped, received)
        if args.scale:
            scaled = scale_out(args.scale, now, skip=args.due)
            for workers, r in scaled.items():
                print(
                    f"4. scale-out, {args.scale:,} due clocks, {workers} worker process(es): "
                    f"{r['seconds']:.2f} s ({args.scale / r['seconds']:,.0f} clocks/s); fired "
                    f"{r['fired']:,} (per worker {r['per_worker']}), escalation rows "
                    f"{r['rows']:,} for {r['distinct']:,} clocks, duplicates {r['duplicates']}, "
                    f"missed {r['missed']}",
                    flush=True,
                )
        if args.wakeups:
            woke = wakeups(args.wakeups, args.spread, skip=args.due + args.scale)
            print(
                f"3. breaches noticed: {woke['seen']:,} of {woke['count']:,} clocks due over "
                f"{args.spread:.0f} s, real worker + beat on Redis (SLA_SWEEP_SECONDS=60): "
                f"delay due → notification written p50 {woke['p50']:.2f} s, "
                f"p99 {woke['p99']:.2f} s, max {woke['max']:.2f} s, early {woke['early']} "
                f"(target p99 ≤ 5 s); {woke['mailed']:,} e-mails received by the sink; "
                f"logs in {woke['logs']}",
                flush=True,
            )
        print("\nEXPLAIN of the due-clock query:")
        for line in explain_due(now):
            print("  " + line)
    finally:
        if sink.process.poll() is None:
            sink.stop()


def report(args, count, helpdesk, small, empty, first, piped, received) -> None:  # type: ignore[no-untyped-def]
    print(
        f"1. {first['fired']:,} due escalations at {count:,} tickets, median of {first['runs']} "
        f"runs, one process: sweep {first['sweep_ms']:.0f} ms, then delivery of "
        f"{first['sent']:,} e-mails over SMTP to 127.0.0.1 ({args.sink_kind}) "
        f"{first['delivery_ms']:.0f} ms = {first['total_ms']:.0f} ms (best "
        f"{first['best_ms']:.0f} ms); a second sweep fired {first['again']}",
        flush=True,
    )
    print(
        f"   with a delivery worker sending each batch as it commits: sweep "
        f"{piped['sweep_ms']:.0f} ms, last of {piped['sent']:,} e-mails settled at "
        f"{piped['total_ms']:.0f} ms (best {piped['best_ms']:.0f} ms; target ≤ 1000 ms); "
        f"{received:,} e-mails received by the sink in all; a second sweep fired "
        f"{piped['again']}; load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    best = piped["total_ms"]
    if helpdesk:
        hd_due, hd_idle = helpdesk["due"]["median_s"], helpdesk["nothing_due"]["median_ms"]
        n = helpdesk["params"]["N"]
        print(
            f"   django-helpdesk 2.6.1 escalate_tickets ({helpdesk['date']}, N={n:,}): "
            f"{helpdesk['params']['D']:,} due {hd_due:.2f} s ({helpdesk['due']['emails']:,} "
            f"e-mails rendered, not sent), nothing due {hd_idle:.1f} ms → this project is "
            f"{hd_due * 1000 / best:.0f}× faster on the due sweep (with delivery) "
            f"and {hd_idle / empty['median']:.0f}× on the empty sweep",
            flush=True,
        )
    flat = f"{small['median']:.2f} ms at {args.small:,}; " if small else ""
    print(
        f"2. sweep with nothing due: {flat}{empty['median']:.2f} ms at {count:,} "
        f"(median of 30, p95 {empty['p95']:.2f} ms; target ≤ 5 ms, flat)",
        flush=True,
    )


if __name__ == "__main__":
    main()
