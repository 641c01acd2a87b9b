"""E-mail delivery of the outbox in batches: rows read as tuples, each text rendered in the
reader's language, the batch sent over a few SMTP connections held open for it, and the
rows settled with one UPDATE per outcome.

With Django's SMTP backend the MIME bytes are built here (plain text, UTF-8, base64) and
handed to the open ``smtplib`` connection: building them through ``EmailMessage.message()``
costs a quarter of a millisecond each, more than sending. Any other backend (console,
locmem in tests, file) gets ordinary ``EmailMessage`` objects over one connection.
"""

from __future__ import annotations

import base64
import contextlib
import secrets
import smtplib
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from email.header import Header
from email.utils import formatdate
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.utils import DNS_NAME
from django.utils import translation

from notifications.messages import render, subject


@dataclass
class Outgoing:
    """One outbox row to send: its id, attempts so far, address and rendered text."""

    row_id: int
    attempts: int
    address: str
    number: str | None = None
    title: str = ""
    body: str = ""
    error: str = ""


#: An outbox row as read: (id, attempts, the notification's code, payload and recipient's
#: address — or None for mail to an address — then the row's own address, code, payload,
#: language and its ticket's number, if any).
OutboxRow = tuple[int, int, Any, Any, Any, str, str, dict[str, Any], str, Any]


def render_all(rows: Sequence[OutboxRow]) -> list[Outgoing]:
    """The texts, each in its reader's language (a user's: the site's; an addressed mail's:
    its own), with one language switch per language in the batch."""
    by_language: dict[str, list[tuple[int, int, str, dict[str, Any], str]]] = {}
    for row_id, attempts, n_code, n_payload, n_email, to, code, payload, language, number in rows:
        if n_code is not None:  # a user's notification
            entry = (row_id, attempts, n_code, n_payload or {}, n_email or "")
            by_language.setdefault(settings.LANGUAGE_CODE, []).append(entry)
        else:
            if number and not (payload or {}).get("number"):
                payload = {**(payload or {}), "number": number}
            entry = (row_id, attempts, code, payload or {}, to)
            by_language.setdefault(language or settings.LANGUAGE_CODE, []).append(entry)
    out: list[Outgoing] = []
    for language, group in by_language.items():
        with translation.override(language):
            for row_id, attempts, code, payload, address in group:
                item = Outgoing(row_id, attempts, address, number=payload.get("number"))
                if address:
                    item.title = subject(code, payload)
                    item.body = render(code, payload)
                out.append(item)
    return out


def outbound_headers(number: str | None) -> dict[str, str]:
    """What every e-mail we send carries: marked automatic (RFC 3834), stamped with our loop
    header (inbound ignores mail that carries it), and for a ticket a Message-ID a reply
    threads back onto (``<ticket.<number>.<random>@host>``)."""
    headers = {"Auto-Submitted": "auto-generated", "X-Loop": settings.DEFAULT_FROM_EMAIL}
    if number:
        host = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
        headers["Message-ID"] = f"<ticket.{number}.{secrets.token_hex(8)}@{host}>"
    return headers


def _encode_header(value: str) -> str:
    if value.isascii():
        return value
    return Header(value, "utf-8").encode()


def mime_bytes(sender: str, item: Outgoing, date: str) -> bytes:
    """A plain-text UTF-8 message, as Django's ``EmailMessage`` would send it."""
    body = base64.encodebytes(item.body.encode("utf-8")).decode("ascii")
    headers = outbound_headers(item.number)
    headers.setdefault("Message-ID", f"<{uuid.uuid4().hex}@{DNS_NAME}>")
    extra = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    head = (
        'Content-Type: text/plain; charset="utf-8"\r\nMIME-Version: 1.0\r\n'
        f"Content-Transfer-Encoding: base64\r\nSubject: {_encode_header(item.title)}\r\n"
        f"From: {_encode_header(sender)}\r\nTo: {item.address}\r\nDate: {date}\r\n"
        f"{extra}\r\n"
    )
    return (head + body.replace("\n", "\r\n")).encode("ascii")


def _smtp_share(items: list[Outgoing], sender: str, date: str) -> None:
    """Send ``items`` over one SMTP connection; a failure is recorded on the item (a dropped
    connection fails the rest of the share, to be retried)."""
    backend = get_connection(fail_silently=False)
    assert isinstance(backend, SmtpBackend)
    try:
        backend.open()
    except Exception as exc:  # server down: every item waits for its retry
        for item in items:
            item.error = f"{type(exc).__name__}: {exc}"
        return
    try:
        for index, item in enumerate(items):
            try:
                assert backend.connection is not None
                backend.connection.sendmail(sender, [item.address], mime_bytes(sender, item, date))
            except smtplib.SMTPRecipientsRefused as exc:
                item.error = f"{type(exc).__name__}: {exc}"
            except Exception as exc:  # connection lost: this one and the rest of the share
                for rest in items[index:]:
                    rest.error = f"{type(exc).__name__}: {exc}"
                return
    finally:
        with contextlib.suppress(Exception):  # closing a broken connection
            backend.close()


def _backend_send(items: list[Outgoing], sender: str) -> None:
    """Any other backend: ordinary messages over one connection, one at a time so that a
    failure is known per message."""
    backend = get_connection(fail_silently=False)
    try:
        backend.open()
        for item in items:
            try:
                message = EmailMessage(
                    item.title,
                    item.body,
                    sender,
                    [item.address],
                    headers=outbound_headers(item.number),
                )
                backend.send_messages([message])
            except Exception as exc:  # any transport error: kept and retried later
                item.error = f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # could not even open
        for item in items:
            item.error = item.error or f"{type(exc).__name__}: {exc}"
    finally:
        with contextlib.suppress(Exception):  # closing a broken connection
            backend.close()


def send_all(items: list[Outgoing], now: datetime) -> None:
    """Send every item that has an address; errors are left on the items."""
    sendable = [item for item in items if item.address]
    if not sendable:
        return
    sender = settings.DEFAULT_FROM_EMAIL
    if not issubclass(type(get_connection()), SmtpBackend):
        _backend_send(sendable, sender)
        return
    date = formatdate(now.timestamp(), localtime=False)
    width = max(1, min(int(getattr(settings, "EMAIL_SMTP_CONNECTIONS", 4)), len(sendable)))
    shares = [sendable[n::width] for n in range(width)]
    if width == 1:
        _smtp_share(shares[0], sender, date)
        return
    with ThreadPoolExecutor(max_workers=width) as pool:
        list(pool.map(lambda share: _smtp_share(share, sender, date), shares))
