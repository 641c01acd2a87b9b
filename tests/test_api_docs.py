"""The OpenAPI schema and the interactive docs are served by the app itself, without a CDN."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

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


def test_the_schema_says_what_the_answers_are(client):
    client.force_login(UserFactory(roles=["agent"]))
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths, components = schema["paths"], schema["components"]["schemas"]

    # a list endpoint pages; an extra action answers with a plain list
    listing = paths["/api/v1/tickets/"]["get"]["responses"]["200"]["content"]
    assert "Paginated" in listing["application/json"]["schema"]["$ref"]
    timeline = paths["/api/v1/tickets/{number}/events/"]["get"]["responses"]["200"]["content"]
    assert timeline["application/json"]["schema"]["type"] == "array"
    # the views without a serializer are described, with their query parameters
    check = paths["/api/v1/warranty/check/"]["get"]
    assert {p["name"] for p in check["parameters"]} >= {"serial", "fault_at"}
    assert check["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/CheckOut"
    )
    assert "/api/v1/warranty/tickets/{number}/revise/" in paths
    # one component per shape: the ticket's parts and the catalogue's are not one "Part"
    assert {"Part", "TicketPartUsage", "RepairRecordPart"} <= set(components)
    assert {"TicketTransitionInput", "ClaimTransitionInput"} <= set(components)
    # nullable answers are declared
    assert components["Notification"]["properties"]["ticket"]["nullable"] is True
    assert components["UnitOut"]["properties"]["selling_dealer"]["nullable"] is True
    # every operation says what its errors look like
    errors = paths["/api/v1/customers/{id}/"]["get"]["responses"]
    assert {"400", "401", "403", "404"} <= set(errors)


def test_an_api_address_that_matches_nothing_is_a_json_404(client):
    client.force_login(UserFactory(roles=["agent"]))

    response = client.get("/api/v1/customers/not-a-number/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"detail"}


def test_the_schema_generates_without_a_warning_or_an_error():
    """What ``manage.py spectacular --validate --fail-on-warn`` checks: every view described
    (none guessed or skipped), one component per name, named enums, a valid OpenAPI 3."""
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    GENERATOR_STATS.reset()
    with override_settings(DEBUG=False):
        schema = SchemaGenerator().get_schema(request=None, public=True)

    complaints = dict(GENERATOR_STATS._warn_cache) | dict(GENERATOR_STATS._error_cache)
    assert not complaints, "\n".join(complaints)
    validate_schema(schema)
    paths, components = schema["paths"], schema["components"]["schemas"]
    # the complaints views are described, not skipped for want of a serializer
    for path in (
        "/api/v1/complaints/{number}/",
        "/api/v1/complaints/{number}/act/",
        "/api/v1/complaints/rates/",
        "/api/v1/complaints/surveys/",
    ):
        assert path in paths, path
    # the two clocks, the two live clocks, the two channel choices are components of their own
    assert {"Clock", "ComplaintClock", "LiveClock", "DashboardLiveClock"} <= set(components)
    assert {"TicketChannelEnum", "ComplaintIntakeChannelEnum"} <= set(components)
