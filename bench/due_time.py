"""How many SLA due computations per second, on one core.

    /work/venv/bin/python bench/due_time.py [--seconds 2]

China working hours (08:30–12:00, 13:30–17:30 Mon–Fri, 2025 holidays and 调休); targets
of 2 hours to 3 working days starting at many instants around the 2025 National Day
week; a short history with one pause, some resolved. Target: >= 20,000 compute_clock
calls per second.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sla.calculus.business_time import add_business_seconds  # noqa: E402
from sla.calculus.calendar import CalendarSpec, Window  # noqa: E402
from sla.calculus.due import TargetSpec, compute_clock  # noqa: E402
from sla.calculus.pauses import HistoryEntry  # noqa: E402

SHANGHAI = ZoneInfo("Asia/Shanghai")
WORKING_DAY = 7 * 3600 + 30 * 60  # 08:30–12:00 + 13:30–17:30


def build_cases(count: int, seed: int = 20251001) -> list[tuple[list[HistoryEntry], datetime]]:
    rng = random.Random(seed)
    first = datetime(2025, 9, 24, 0, 0, tzinfo=SHANGHAI)
    cases = []
    for _ in range(count):
        created = first + timedelta(minutes=rng.randrange(0, 20 * 24 * 60))  # Sep 24..Oct 13
        forwarded = created + timedelta(minutes=rng.randrange(1, 90))
        paused = forwarded + timedelta(minutes=rng.randrange(10, 600))
        resumed = paused + timedelta(minutes=rng.randrange(5, 3000))
        history = [
            HistoryEntry(created, "registered"),
            HistoryEntry(forwarded, "forwarded"),
            HistoryEntry(paused, "waiting_customer"),
            HistoryEntry(resumed, "forwarded", "customer.replied"),
        ]
        if rng.random() < 0.3:
            resolved = resumed + timedelta(minutes=rng.randrange(1, 3000))
            history.append(HistoryEntry(resolved, "resolved"))
        now = resumed + timedelta(minutes=rng.randrange(0, 4000))
        cases.append((history, now))
    return cases


def rate(label: str, run: Callable[[], int], seconds: float) -> float:
    run()  # warm the per-date caches
    calls = 0
    began = time.perf_counter()
    while (elapsed := time.perf_counter() - began) < seconds:
        calls += run()
    per_second = calls / elapsed
    print(f"{label:<24} {per_second:>10,.0f} /s   ({calls:,} calls in {elapsed:.2f} s)")
    return per_second


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=2.0, help="time per measurement")
    args = parser.parse_args()

    calendar = CalendarSpec.china_working_hours(
        [Window.between("08:30", "12:00"), Window.between("13:30", "17:30")], years=[2025]
    )
    durations = [2 * 3600, 4 * 3600, 8 * 3600, WORKING_DAY, 3 * WORKING_DAY]
    targets = [
        TargetSpec(
            metric="resolution",
            duration_seconds=duration,
            start_on=frozenset({"forwarded"}),
            stop_on=frozenset({"resolved"}),
            pause_statuses=frozenset({"waiting_customer"}),
        )
        for duration in durations
    ]
    cases = build_cases(1000)
    work = [(history, targets[i % len(targets)], now) for i, (history, now) in enumerate(cases)]
    starts = [
        (history[1].at, durations[i % len(durations)]) for i, (history, _) in enumerate(cases)
    ]

    def clocks() -> int:
        for history, target, now in work:
            compute_clock(history, target, calendar, now)
        return len(work)

    def additions() -> int:
        for start, seconds in starts:
            add_business_seconds(calendar, start, seconds)
        return len(starts)

    states: dict[str, int] = {}
    for history, target, now in work:
        state = compute_clock(history, target, calendar, now).state
        states[state] = states.get(state, 0) + 1
    print(f"python {sys.version.split()[0]}, {len(work)} cases, states {states}")
    clock_rate = rate("compute_clock", clocks, args.seconds)
    rate("add_business_seconds", additions, args.seconds)
    verdict = "meets" if clock_rate >= 20_000 else "MISSES"
    print(f"compute_clock {verdict} the 20,000/s target")


if __name__ == "__main__":
    main()
