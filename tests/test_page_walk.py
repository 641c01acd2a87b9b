"""Every page a role can reach, on the demo data, in both languages: no raw code and no
unformatted number in what a person reads.

The walk starts at the role's start page and follows the links of each page (GET, same
site, no downloads, no admin), up to a bound per role. What is read is the visible text:
tags, scripts, styles and attribute values are left out. A "raw code" is a snake_case word
(``light_source``, ``parts_received``); an unformatted number has more than two decimals
(``640.600000000000``).
"""

from __future__ import annotations

import io
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_LOGINS
from accounts.models import User

PAGES_PER_ROLE = 40
SKIP = re.compile(
    r"^/(admin|api|i18n|static|media|accounts/logout|s/)|\.(xlsx|csv|pdf|png)$|/export"
)
RAW_CODE = re.compile(r"(?<![\w./@-])[a-z]+(?:_[a-z0-9]+)+(?![\w./@-])")
LONG_DECIMAL = re.compile(r"\d+\.\d{3,}")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "textarea", "select", "code", "pre"):
            self._skip += 1
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if "download" not in dict(attrs):
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "textarea", "select", "code", "pre") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _read(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    return parser


def _walk(client, start: str) -> dict[str, str]:
    """path → visible text of every page reached from ``start``."""
    seen: dict[str, str] = {}
    queue = deque([start])
    while queue and len(seen) < PAGES_PER_ROLE:
        path = queue.popleft()
        if path in seen:
            continue
        response = client.get(path, follow=True)
        final = response.redirect_chain[-1][0] if response.redirect_chain else path
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            seen[path] = ""
            continue
        page = _read(response.content.decode())
        seen[path] = " ".join(page.parts)
        for href in page.links:
            href, _fragment = urldefrag(href)
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or SKIP.search(href):
                continue
            if href not in seen and href != final:
                queue.append(href)
    return seen


@pytest.mark.django_db
def test_no_page_shows_a_raw_code_or_an_unformatted_number(client):
    call_command("seed_demo", stdout=io.StringIO())
    found: dict[str, list[str]] = {}
    walked = 0
    for language in ("zh-hans", "en"):
        for _role, username in DEMO_LOGINS:
            client.force_login(User.objects.get(username=username))
            client.cookies["django_language"] = language
            pages = _walk(client, "/")
            walked += len(pages)
            for path, text in pages.items():
                words = sorted(set(RAW_CODE.findall(text)) | set(LONG_DECIMAL.findall(text)))
                if words:
                    found[f"{username} {language} {path}"] = words
            client.logout()

    assert found == {}
    assert walked > 4 * len(DEMO_LOGINS)
