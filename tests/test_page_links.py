"""Every role sees only links it may follow: on the demo data, in both languages, every
internal link on every page a role reaches answers something other than 403.

Links follow the rule of the page they lead to (``accounts.access``: the view's own
``role_required`` roles, used by ``{% url_if_allowed %}`` and by the navigation bar), so a
page that would refuse the reader is not linked for them. The walk starts at the role's
start page and follows links (GET, same site, no downloads, no admin) up to a bound per
role; each link is tried once per shape (digits stand for any number), which keeps the walk
short and still reaches every kind of page a role is shown.
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


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and "download" not in values:
            self.links.append(values.get("href") or "")


def _internal_links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    out = []
    for href in parser.links:
        href, _fragment = urldefrag(href)
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href.startswith("/") or SKIP.search(href):
            continue
        out.append(href)
    return out


def _shape(href: str) -> str:
    return re.sub(r"\d+", "#", urlsplit(href).path)


def _forbidden_links(client) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """link → the page that showed it, for every link that answered 403."""
    forbidden: dict[str, str] = {}
    tried: set[str] = set()
    seen: set[str] = set()
    queue = deque(["/"])
    while queue and len(seen) < PAGES_PER_ROLE:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path, follow=True)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in _internal_links(response.content.decode()):
            if _shape(href) not in tried:
                tried.add(_shape(href))
                if client.get(href, follow=True).status_code == 403:
                    forbidden[href] = path
            if href not in seen:
                queue.append(href)
    return forbidden


@pytest.mark.django_db
def test_no_role_is_shown_a_link_that_answers_403(client):
    call_command("seed_demo", stdout=io.StringIO())
    found: dict[str, dict[str, str]] = {}
    for language in ("zh-hans", "en"):
        for _role, username in DEMO_LOGINS:
            client.force_login(User.objects.get(username=username))
            client.cookies["django_language"] = language
            forbidden = _forbidden_links(client)
            if forbidden:
                found[f"{username} {language}"] = forbidden
            client.logout()

    assert found == {}
