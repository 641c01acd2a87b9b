"""Chat robots where Chinese service teams read their alerts: WeCom and DingTalk webhooks.

Each kind turns a message into one HTTP request as its documentation specifies:

- WeCom (企业微信) group robot: ``POST <webhook url>`` with
  ``{"msgtype": "text", "text": {"content": …}}``; success is ``{"errcode": 0}``.
- DingTalk (钉钉) custom robot with 加签: the same body, and ``timestamp`` (milliseconds) and
  ``sign`` added to the URL, where ``sign`` is the URL-encoded Base64 of
  HMAC-SHA256(secret, ``"<timestamp>\\n<secret>"``); success is ``{"errcode": 0}``.

A refused or unreachable post raises :class:`ChannelError`; the outbox retries it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

TIMEOUT_SECONDS = 5


class ChannelError(Exception):
    """The robot did not take the message (HTTP error, bad answer, errcode ≠ 0)."""


@dataclass(frozen=True)
class Request:
    url: str
    body: bytes


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's 加签: URL-encoded Base64 of HMAC-SHA256 over ``timestamp\\nsecret``."""
    digest = hmac.new(
        secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest))


def _text_body(text: str) -> bytes:
    return json.dumps({"msgtype": "text", "text": {"content": text}}, ensure_ascii=False).encode()


def wecom_request(url: str, secret: str, text: str, timestamp_ms: int) -> Request:
    return Request(url=url, body=_text_body(text))


def dingtalk_request(url: str, secret: str, text: str, timestamp_ms: int) -> Request:
    if secret:
        separator = "&" if urllib.parse.urlsplit(url).query else "?"
        url = f"{url}{separator}timestamp={timestamp_ms}&sign={dingtalk_sign(secret, timestamp_ms)}"
    return Request(url=url, body=_text_body(text))


#: kind → request builder; a new chat service registers its builder here.
BUILDERS: dict[str, Callable[[str, str, str, int], Request]] = {
    "wecom": wecom_request,
    "dingtalk": dingtalk_request,
}


def post(kind: str, url: str, secret: str, text: str, *, timestamp_ms: int) -> None:
    """Post ``text`` to the robot; raise :class:`ChannelError` unless it was accepted."""
    request = BUILDERS[kind](url, secret, text, timestamp_ms)
    http_request = urllib.request.Request(  # noqa: S310 - administrators configure https URLs
        request.url,
        data=request.body,
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(http_request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            answer = response.read(64 * 1024)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise ChannelError(f"{type(exc).__name__}: {exc}") from exc
    try:
        errcode = json.loads(answer or b"{}").get("errcode", -1)
    except (ValueError, AttributeError) as exc:
        raise ChannelError(f"unreadable answer: {answer[:200]!r}") from exc
    if errcode != 0:
        raise ChannelError(f"refused: {answer[:500].decode(errors='replace')}")
