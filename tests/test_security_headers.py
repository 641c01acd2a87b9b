"""Every answer carries a Content-Security-Policy (no inline script) and a Permissions-Policy;
what an authenticated user gets, and every API answer, is never stored by a cache."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)


def _directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in policy.split(";") if part.strip()}


def _no_store(response) -> bool:
    value = response.get("Cache-Control", "")
    return "no-store" in value and "private" in value and "public" not in value


def test_pages_forbid_inline_and_outside_scripts(client):
    client.force_login(UserFactory(roles=["agent"]))

    for path in ("/accounts/login/", "/dashboard/", "/tickets/", "/api/docs/"):
        response = client.get(path, follow=True)
        csp = _directives(response)
        assert csp["script-src"] == "script-src 'self'", path
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], path
        assert csp["object-src"] == "object-src 'none'"
        assert csp["frame-ancestors"] == "frame-ancestors 'none'"
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]


def test_authenticated_pages_and_api_answers_are_not_stored(client):
    user = UserFactory(roles=["agent"])
    client.force_login(user)
    api = APIClient()
    api.force_authenticate(user)

    assert _no_store(client.get("/dashboard/"))
    assert _no_store(client.get("/tickets/"))
    assert _no_store(api.get("/api/v1/tickets/"))
    assert _no_store(APIClient().get("/api/v1/tickets/"))  # the 401 too


def test_no_template_has_inline_script_event_handlers_or_style_attributes():
    templates = [
        path
        for path in ROOT.rglob("*.html")
        if ".venv" not in path.parts and "staticfiles" not in path.parts
    ]
    assert len(templates) > 20
    offenders = {}
    for path in templates:
        text = path.read_text(encoding="utf-8")
        bad = INLINE_SCRIPT.findall(text) + EVENT_HANDLER.findall(text)
        bad += STYLE_ATTRIBUTE.findall(text) + re.findall(r"<style\b", text)
        bad += re.findall(r"javascript:", text)
        if bad:
            offenders[str(path.relative_to(ROOT))] = bad
    assert not offenders, offenders


def test_the_api_docs_page_has_no_inline_script(client):
    client.force_login(UserFactory(roles=["agent"]))

    page = client.get("/api/docs/").content.decode()
    script = client.get("/api/docs/?script=")

    assert not INLINE_SCRIPT.findall(page)
    assert "<style" not in page
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
    assert settings.CONTENT_SECURITY_POLICY
