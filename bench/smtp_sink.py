"""A real SMTP server on 127.0.0.1 for the benchmarks (aiosmtpd): accepts every message,
counts them, and prints the count when stopped (SIGTERM) as ``received <n>``.

    python bench/smtp_sink.py PORT
"""

from __future__ import annotations

import asyncio
import signal
import sys

from aiosmtpd.controller import Controller


class Count:
    def __init__(self) -> None:
        self.messages = 0
        self.recipients = 0

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        self.messages += 1
        self.recipients += len(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


def main() -> None:
    port = int(sys.argv[1])
    handler = Count()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    stop = asyncio.Event()

    async def wait() -> None:
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        loop.add_signal_handler(signal.SIGINT, stop.set)
        await stop.wait()

    asyncio.run(wait())
    controller.stop()
    print(f"received {handler.messages} {handler.recipients}", flush=True)


if __name__ == "__main__":
    main()
