"""The OpenAPI schema and the interactive docs are served by the app itself, without a CDN."""

from __future__ import annotations

import re

import pytest

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_schema_describes_the_ticket_and_dealer_endpoints(client):
    client.force_login(UserFactory(roles=["agent"]))

    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/tickets/",
        "/api/v1/tickets/{number}/transitions/",
        "/api/v1/repair-records/{id}/photos/",
        "/api/v1/auth/token/",
    ):
        assert path in paths, path
    # our token check (accounts.authentication) is documented as DRF's "Token <key>" header
    assert response.json()["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"


def test_the_docs_page_loads_its_scripts_and_styles_from_the_app(client):
    client.force_login(UserFactory(roles=["agent"]))

    page = client.get("/api/docs/").content.decode()

    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any("swagger-ui" in source for source in sources)
    assert not [s for s in sources if s.startswith(("http://", "https://", "//"))]
