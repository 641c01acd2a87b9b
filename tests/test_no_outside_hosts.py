"""No page loads or links anything from another host (no CDN, no web fonts, no trackers).

Walks the pages every demo role reaches by following links from its home page (and the
admin, as a superuser), and checks every URL in the HTML (``src``, ``href``, ``action``,
``srcset``, ``url(...)``) and in the style sheets the pages load.
"""

from __future__ import annotations

import io
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client

from accounts.demo import DEMO_LOGINS
from accounts.models import User

pytestmark = pytest.mark.django_db

ATTRIBUTE_URL = re.compile(
    r"""\b(?:src|href|action|formaction|poster|data-url|srcset)\s*=\s*["']([^"']*)["']""", re.I
)
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)|@import\s+["']([^"']+)""", re.I)
SKIP = ("/accounts/logout/", "/i18n/", "/admin/logout/", "/static/", "/media/")
PER_ROLE = 60
PER_SHAPE = 2


def _outside(url: str) -> bool:
    url = url.strip()
    if url.startswith("//"):
        return True
    parts = urlsplit(url)
    if parts.scheme in ("", "data", "blob", "mailto", "tel", "javascript", "about"):
        return False
    return parts.hostname not in (None, "testserver")


def _shape(path: str) -> str:
    """/tickets/2611-0003/ and /tickets/2611-0004/ are the same kind of page."""
    return re.sub(r"[0-9][0-9A-Za-z-]*", "N", path)


def _walk(client: Client, starts: list[str], found: dict[str, set[str]]) -> int:
    queue = deque(starts)
    seen: set[str] = set()
    shapes: dict[str, int] = {}
    pages = 0
    while queue and pages < PER_ROLE:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path, follow=True)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        pages += 1
        html = response.content.decode()
        urls = ATTRIBUTE_URL.findall(html) + [a or b for a, b in CSS_URL.findall(html)]
        for url in urls:
            for candidate in url.split(",") if "srcset" in url else [url]:
                if _outside(candidate):
                    found.setdefault(path, set()).add(candidate)
        for url in ATTRIBUTE_URL.findall(html):
            target = urlsplit(urljoin(path, url.strip()))
            if target.scheme or target.netloc or not target.path.startswith("/"):
                continue
            link = target.path
            if link.startswith(SKIP) or link in seen:
                continue
            shape = _shape(link)
            if shapes.get(shape, 0) >= PER_SHAPE:
                continue
            shapes[shape] = shapes.get(shape, 0) + 1
            queue.append(link)
    return pages


def _static_sheets_outside(client: Client, pages_html: list[str]) -> dict[str, list[str]]:
    """Style sheets (ours and the libraries') pull no font or image from elsewhere."""
    found: dict[str, list[str]] = {}
    for name in ("css/app.css", "css/admin-extra.css"):
        path = finders.find(name)
        assert isinstance(path, str), name
        text = open(path, encoding="utf-8").read()  # noqa: PTH123, SIM115
        bad = [a or b for a, b in CSS_URL.findall(text) if _outside(a or b)]
        if bad:
            found[name] = bad
    return found


def test_no_page_of_any_demo_role_references_another_host():
    call_command("seed_demo", stdout=io.StringIO())
    User.objects.create_superuser(
        "root",
        "root@example.com",
        "x",
        organisation=User.objects.get(username="agent").organisation,
    )
    found: dict[str, set[str]] = {}
    walked = {}
    for _role, username in [*DEMO_LOGINS, ("admin", "root")]:
        client = Client()
        client.force_login(User.objects.get(username=username))
        starts = ["/", "/api/docs/", "/api/redoc/"] + (["/admin/"] if username == "root" else [])
        walked[username] = _walk(client, starts, found)

    anonymous = Client()
    walked["anonymous"] = _walk(anonymous, ["/accounts/login/"], found)

    assert not found, found
    assert not _static_sheets_outside(anonymous, [])
    # the walk really went somewhere: every role saw more than its home page
    assert all(count >= 3 for name, count in walked.items() if name != "anonymous"), walked


def test_the_redoc_page_that_loaded_outside_fonts_is_gone(client):
    client.force_login(User.objects.create_user("x", organisation=_any_organisation()))

    assert client.get("/api/redoc/").status_code == 404


def _any_organisation():
    from accounts.tests.factories import OrganisationFactory

    return OrganisationFactory()
