"""Where inbound mail is read from, chosen by ``INBOUND_EMAIL_URL``:

- ``imap://user:password@host:143/INBOX`` or ``imaps://…:993/INBOX`` — an IMAP mailbox; unseen
  messages are read (``BODY.PEEK[]``) and flagged ``\\Seen`` once stored;
- ``maildir:///path/to/Maildir`` — a Maildir (the development default under ``var/``); read
  messages move to ``cur/`` with the ``S`` flag;
- ``mbox:///path/to/file`` — an mbox file, read whole each time (messages already stored are
  recognised by their Message-ID and skipped).
"""

from __future__ import annotations

import imaplib
import mailbox
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit


class MailboxError(Exception):
    """The mailbox could not be opened or read (network, login, missing folder)."""


class Source(Protocol):
    def messages(self) -> Iterator[tuple[str, bytes]]: ...

    def done(self, key: str) -> None: ...

    def close(self) -> None: ...


class ImapSource:
    def __init__(self, host: str, port: int, user: str, password: str, folder: str, ssl: bool):
        try:
            self.imap = (
                imaplib.IMAP4_SSL(host, port, timeout=30)
                if ssl
                else imaplib.IMAP4(host, port, timeout=30)
            )
            self.imap.login(user, password)
            status, _ = self.imap.select(folder)
        except (OSError, imaplib.IMAP4.error) as exc:
            raise MailboxError(f"{type(exc).__name__}: {exc}") from exc
        if status != "OK":
            raise MailboxError(f"cannot open folder {folder!r}")

    def messages(self) -> Iterator[tuple[str, bytes]]:
        status, data = self.imap.uid("SEARCH", "UNSEEN")
        if status != "OK":
            raise MailboxError("SEARCH UNSEEN refused")
        for uid in (data[0] or b"").split():
            status, parts = self.imap.uid("FETCH", uid.decode(), "(BODY.PEEK[])")
            raw = next((p[1] for p in parts or [] if isinstance(p, tuple) and len(p) > 1), None)
            if status == "OK" and isinstance(raw, bytes):
                yield uid.decode(), raw

    def done(self, key: str) -> None:
        self.imap.uid("STORE", key, "+FLAGS", "(\\Seen)")

    def close(self) -> None:
        try:
            self.imap.close()
            self.imap.logout()
        except (OSError, imaplib.IMAP4.error):
            pass


class MaildirSource:
    def __init__(self, path: str):
        # A new checkout has no var/mail/ yet: the Maildir and its parents are made on first read.
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.box = mailbox.Maildir(path, factory=None, create=True)

    def messages(self) -> Iterator[tuple[str, bytes]]:
        for key in list(self.box.iterkeys()):
            message = self.box.get_message(key)
            if "S" in message.get_flags():
                continue
            yield key, self.box.get_bytes(key)

    def done(self, key: str) -> None:
        message = self.box.get_message(key)
        message.set_subdir("cur")
        message.add_flag("S")
        self.box[key] = message

    def close(self) -> None:
        self.box.close()


class MboxSource:
    def __init__(self, path: str):
        if not Path(path).exists():
            raise MailboxError(f"no mbox file at {path}")
        self.box = mailbox.mbox(path, create=False)

    def messages(self) -> Iterator[tuple[str, bytes]]:
        for key in self.box.iterkeys():
            yield str(key), self.box.get_bytes(key)

    def done(self, key: str) -> None:
        """An mbox is only read; stored messages are recognised by their key."""

    def close(self) -> None:
        self.box.close()


def open_source(url: str) -> Source:
    """The mailbox ``url`` names (see the module docstring)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("imap", "imaps"):
        folder = unquote(parts.path.lstrip("/")) or "INBOX"
        return ImapSource(
            parts.hostname or "localhost",
            parts.port or (993 if scheme == "imaps" else 143),
            unquote(parts.username or ""),
            unquote(parts.password or ""),
            folder,
            ssl=scheme == "imaps",
        )
    path = unquote(re.sub(r"^[a-z]+://", "", url, flags=re.IGNORECASE))
    if scheme == "maildir":
        return MaildirSource(path)
    if scheme == "mbox":
        return MboxSource(path)
    raise MailboxError(f"INBOUND_EMAIL_URL scheme {scheme!r} is not supported")
