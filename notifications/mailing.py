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
import functools
import re
import secrets
import smtplib
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from email.utils import formataddr, formatdate, parseaddr
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


@functools.lru_cache(maxsize=8)
def our_address(sender: str) -> str:
    """The bare address of our sender (``DEFAULT_FROM_EMAIL`` may carry a display name)."""
    return parseaddr(sender)[1] or sender


def outbound_headers(number: str | None) -> dict[str, str]:
    """What every e-mail we send carries: marked automatic (RFC 3834), stamped with our loop
    header (inbound ignores mail that carries it), and for a ticket a Message-ID a reply
    threads back onto (``<ticket.<number>.<random>@host>``)."""
    ours = our_address(settings.DEFAULT_FROM_EMAIL)
    headers = {"Auto-Submitted": "auto-generated", "X-Loop": ours}
    if number:
        host = ours.rpartition("@")[2] or "localhost"
        headers["Message-ID"] = f"<ticket.{number}.{secrets.token_hex(8)}@{host}>"
    return headers


#: Characters of a header line we write at most (RFC 5322 asks for 78): an RFC 2047 encoded
#: word is ``=?utf-8?b?`` + base64 + ``?=``, 12 characters around 4 per 3 bytes.
_LINE = 76


def _word_bytes(used: int) -> int:
    """How many UTF-8 bytes fit one encoded word on a line of which ``used`` is taken."""
    return 3 * ((_LINE - used - 12) // 4)


def _encode_header(value: str, used: int = 0) -> str:
    """A header value as RFC 2047 base64 encoded words (``=?utf-8?b?…?=``), split between
    characters and folded so that no line passes 76 characters (the first line has
    ``used`` characters of header name before it), as ``email.header.Header`` would write
    it but without weighing quoted-printable against base64 for every line, which was most
    of the cost of a short e-mail."""
    if value.isascii() and "\n" not in value and "\r" not in value:
        return value
    whole = value.encode("utf-8")
    if len(whole) <= _word_bytes(used):
        return "=?utf-8?b?" + base64.b64encode(whole).decode("ascii") + "?="
    words: list[bytes] = []
    word, room = b"", _word_bytes(used)
    for char in value:
        encoded = char.encode("utf-8")
        if len(word) + len(encoded) > room:
            words.append(word)
            word, room = b"", _word_bytes(1)
        word += encoded
    words.append(word)
    return "\r\n ".join(
        "=?utf-8?b?" + base64.b64encode(word).decode("ascii") + "?=" for word in words
    )


@functools.lru_cache(maxsize=8)
def _from_header(sender: str) -> str:
    """The From header: the display name encoded, never the address."""
    name, address = parseaddr(sender)
    return formataddr((name, address), charset="utf-8") if name else address or sender


@functools.lru_cache(maxsize=8)
def _envelope_sender(sender: str) -> str:
    return smtplib.quoteaddr(sender)


#: An address the SMTP commands can carry as it is; anything else goes through smtplib.
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+")


def _refused(connection: smtplib.SMTP, code: int) -> None:
    """After a refusal: reset the transaction, or drop a connection the server is closing."""
    with contextlib.suppress(smtplib.SMTPServerDisconnected):
        if code == 421:
            connection.close()
        else:
            connection.rset()


def _transaction(connection: smtplib.SMTP, sender: str, address: str, message: bytes) -> None:
    """MAIL, RCPT and DATA for one message on an open connection, as ``smtplib.sendmail``
    does, without parsing the sender's address again for every message."""
    if not _PLAIN_ADDRESS.fullmatch(address):
        connection.sendmail(sender, [address], message)
        return
    envelope_from = _envelope_sender(sender)
    code, reply = connection.docmd("mail", f"FROM:{envelope_from}")
    if code != 250:
        _refused(connection, code)
        raise smtplib.SMTPSenderRefused(code, reply, envelope_from)
    code, reply = connection.docmd("rcpt", f"TO:<{address}>")
    if code not in (250, 251):
        _refused(connection, code)
        raise smtplib.SMTPRecipientsRefused({address: (code, reply)})
    code, reply = connection.data(message)
    if code != 250:
        _refused(connection, code)
        raise smtplib.SMTPDataError(code, reply)


_LEADING_DOT = re.compile(rb"(?m)^\.")


def _data_block(message: bytes) -> bytes:
    """A message as the DATA phase carries it: leading dots doubled, ended by ``CRLF.CRLF``."""
    stuffed = _LEADING_DOT.sub(b"..", message)
    return stuffed + (b".\r\n" if stuffed.endswith(b"\r\n") else b"\r\n.\r\n")


class _Pipeline:
    """Messages over one connection with PIPELINING (RFC 2920): one message's data, its end
    and the next message's MAIL, RCPT and DATA go in one write, so a message costs one round
    trip instead of four. The replies are read back in order and each is laid on its item."""

    def __init__(self, connection: smtplib.SMTP, sender: str, date: str) -> None:
        self.connection, self.sender, self.date = connection, sender, date
        self.envelope_from = _envelope_sender(sender)
        self.open: Outgoing | None = None  # DATA accepted (354): its text goes next
        self.dirty = False  # a refused transaction: RSET before the next MAIL

    def _reply(self) -> tuple[int, bytes]:
        code, reply = self.connection.getreply()
        if code == 421:  # the server is closing the connection: the rest waits for a retry
            raise smtplib.SMTPServerDisconnected(reply.decode("utf-8", "replace"))
        return code, reply

    def step(self, item: Outgoing | None) -> None:
        """Send the open message's text (if any) and start ``item`` (if any)."""
        out, sent = b"", self.open
        if sent is not None:
            out += _data_block(mime_bytes(self.sender, sent, self.date))
        if item is not None:
            out += b"RSET\r\n" if self.dirty else b""
            out += (
                f"MAIL FROM:{self.envelope_from}\r\nRCPT TO:<{item.address}>\r\nDATA\r\n".encode()
            )
        self.connection.send(out)
        if sent is not None:
            code, reply = self._reply()
            if code != 250:
                sent.error = f"SMTPDataError: {smtplib.SMTPDataError(code, reply)}"
            self.open = None
        if item is not None:
            self._start(item)

    def _start(self, item: Outgoing) -> None:
        if self.dirty:
            self._reply()  # RSET
        (mail, mail_reply), (rcpt, rcpt_reply), (data, data_reply) = [self._reply() for _ in "123"]
        if data == 354 and (mail != 250 or rcpt not in (250, 251)):
            raise smtplib.SMTPResponseException(data, b"DATA accepted without a recipient")
        self.dirty = data != 354
        if mail != 250:
            exc: Exception = smtplib.SMTPSenderRefused(mail, mail_reply, self.envelope_from)
        elif rcpt not in (250, 251):
            exc = smtplib.SMTPRecipientsRefused({item.address: (rcpt, rcpt_reply)})
        elif data != 354:
            exc = smtplib.SMTPDataError(data, data_reply)
        else:
            self.open = item
            return
        item.error = f"{type(exc).__name__}: {exc}"


def _send_pipelined(
    connection: smtplib.SMTP, items: list[Outgoing], sender: str, date: str
) -> None:
    pipeline = _Pipeline(connection, sender, date)
    for index, item in enumerate([*items, None]):
        try:
            pipeline.step(item)
        except Exception as exc:  # connection lost: the open one, this one and the rest
            for rest in [pipeline.open, *items[index:]]:
                if rest is not None:
                    rest.error = f"{type(exc).__name__}: {exc}"
            return


def mime_bytes(sender: str, item: Outgoing, date: str) -> bytes:
    """A plain-text UTF-8 message, as Django's ``EmailMessage`` would send it."""
    body = base64.encodebytes(item.body.encode("utf-8")).decode("ascii")
    headers = outbound_headers(item.number)
    if "Message-ID" not in headers:
        headers["Message-ID"] = f"<{uuid.uuid4().hex}@{DNS_NAME}>"
    extra = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    title = _encode_header(item.title, len("Subject: "))
    head = (
        'Content-Type: text/plain; charset="utf-8"\r\nMIME-Version: 1.0\r\n'
        f"Content-Transfer-Encoding: base64\r\nSubject: {title}\r\n"
        f"From: {_from_header(sender)}\r\nTo: {item.address}\r\nDate: {date}\r\n"
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
        connection = backend.connection
        assert connection is not None
        connection.ehlo_or_helo_if_needed()
    except Exception as exc:  # server down: every item waits for its retry
        for item in items:
            item.error = f"{type(exc).__name__}: {exc}"
        with contextlib.suppress(Exception):
            backend.close()
        return
    try:
        plain = all(_PLAIN_ADDRESS.fullmatch(item.address) for item in items)
        if plain and connection.has_extn("pipelining"):
            _send_pipelined(connection, items, sender, date)
            return
        for index, item in enumerate(items):
            try:
                _transaction(connection, sender, item.address, mime_bytes(sender, item, date))
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
