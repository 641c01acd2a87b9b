"""Reading one inbound e-mail: who sent it, what it says, what it answers, whether a machine
wrote it. Pure functions over the raw bytes (standard library ``email``), no Django.

Automatic mail is recognised by the headers RFC 3834 and common mailers set (``Auto-Submitted``,
``X-Autoreply``, ``X-Autorespond``, ``Precedence: bulk/junk/list/auto_reply``), delivery
reports (``multipart/report``, a null or MAILER-DAEMON sender) and our own ``X-Loop`` stamp;
such mail never becomes a ticket.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

#: A ticket number as the product writes it: ``YYMM-NNNNNN`` (or longer running numbers).
TICKET_NUMBER = re.compile(r"(?<![\d-])(\d{4}-\d{6,})(?![\d-])")
#: The Message-ID we give outbound ticket mail: ``<ticket.2612-000123.<random>@host>``.
OUR_MESSAGE_ID = re.compile(r"<ticket\.(\d{4}-\d{6,})\.[^@>]*@[^>]+>")

MAX_TEXT = 20_000


class MalformedMail(ValueError):
    """The bytes are not a readable message (no sender, undecodable structure)."""


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class ParsedMail:
    message_id: str
    sender: str
    sender_name: str
    subject: str
    text: str
    sent_at: datetime | None
    answers: tuple[str, ...]  # Message-IDs this mail answers (In-Reply-To, References)
    attachments: tuple[Attachment, ...] = field(default=())
    automatic: str = ""  # why it was written by a machine; empty for a person's mail

    def ticket_numbers(self) -> list[str]:
        """Ticket numbers this mail refers to: our Message-IDs it answers, then the subject."""
        found = [m for ref in self.answers for m in OUR_MESSAGE_ID.findall(ref)]
        return found + TICKET_NUMBER.findall(self.subject)


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("br", "p", "div", "tr", "li"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    reader = _TextOfHtml()
    reader.feed(html)
    return re.sub(r"\n{3,}", "\n\n", "".join(reader.parts)).strip()


def automatic_reason(msg: EmailMessage, sender: str, *, loop_stamp: str) -> str:
    """Why ``msg`` was written by a machine (a stable code), or ``""``."""
    auto = str(msg.get("Auto-Submitted", "no")).strip().lower()
    if auto and auto != "no":
        return "auto_submitted"
    if msg.get("X-Autoreply") or msg.get("X-Autorespond") or msg.get("X-Auto-Response-Suppress"):
        return "auto_reply"
    if str(msg.get("Precedence", "")).strip().lower() in {"bulk", "junk", "list", "auto_reply"}:
        return "bulk"
    if msg.get_content_type() == "multipart/report" or msg.get("X-Failed-Recipients"):
        return "bounce"
    local = sender.split("@", 1)[0].lower()
    if local in {"mailer-daemon", "postmaster"}:
        return "bounce"
    return_path = str(msg.get("Return-Path", "")).strip()
    if return_path == "<>":
        return "bounce"
    stamps = [str(v).strip().lower() for v in msg.get_all("X-Loop", [])]
    if loop_stamp and (loop_stamp.lower() in stamps or sender == loop_stamp.lower()):
        return "loop"  # stamped by us, or sent from our own address
    return ""


def _body(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    if part.get_content_type() == "text/html":
        content = html_to_text(content)
    return str(content).strip()[:MAX_TEXT]


def _attachments(msg: EmailMessage) -> tuple[Attachment, ...]:
    out = []
    for part in msg.iter_attachments():
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or not payload:
            continue
        out.append(
            Attachment(
                filename=(part.get_filename() or "attachment")[:200],
                content_type=part.get_content_type(),
                content=payload,
            )
        )
    return tuple(out)


def parse(raw: bytes, *, loop_stamp: str = "") -> ParsedMail:
    """Read ``raw``; raise :class:`MalformedMail` when it has no usable sender or structure."""
    try:
        msg = BytesParser(policy=policy.default).parsebytes(raw)
        senders = getaddresses([str(msg.get("From", ""))])
        name, address = senders[0] if senders else ("", "")
        address = address.strip().lower()
        if address and "@" not in address:
            raise MalformedMail(f"sender without a domain: {address!r}")
        if address:
            Address(addr_spec=address)  # refuses what is not an address
        references = " ".join(
            str(msg.get(h, "")) for h in ("In-Reply-To", "References") if msg.get(h)
        )
        answers = tuple(re.findall(r"<[^>]+>", references))
        date = msg.get("Date")
        sent_at = parsedate_to_datetime(str(date)) if date else None
        if not address:
            raise MalformedMail("no sender address")
        automatic = automatic_reason(msg, address, loop_stamp=loop_stamp)
        return ParsedMail(
            message_id=str(msg.get("Message-ID", "")).strip()[:300],
            sender=address,
            sender_name=str(name).strip()[:200],
            subject=str(msg.get("Subject", "")).strip()[:300],
            text=_body(msg),
            sent_at=sent_at,
            answers=answers,
            attachments=_attachments(msg),
            automatic=automatic,
        )
    except MalformedMail:
        raise
    except Exception as exc:  # the email package raises many kinds on broken input
        raise MalformedMail(f"{type(exc).__name__}: {exc}") from exc
