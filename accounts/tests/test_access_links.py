"""A link follows the rule of the page it leads to: the view's own roles decide."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from accounts.access import allowed_roles, may_open
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEMPLATE = Template(
    "{% load access %}{% url_if_allowed 'warranty:unit-detail' 'SN-1' as url %}"
    '{% if url %}<a href="{{ url }}">SN-1</a>{% else %}SN-1{% endif %}'
)


def _render(user) -> str:  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/")
    request.user = user
    return TEMPLATE.render(Context({"request": request}))


def test_finance_reads_the_serial_without_a_link_to_the_unit_page(client):
    finance = UserFactory(roles=["finance"])
    client.force_login(finance)

    assert _render(finance) == "SN-1"
    assert client.get("/warranty/units/SN-1/").status_code == 403


def test_an_agent_gets_the_link():
    assert _render(UserFactory(roles=["agent"])) == '<a href="/warranty/units/SN-1/">SN-1</a>'


def test_the_rule_is_the_views_own():
    from warranty.views import UNIT_ROLES

    assert allowed_roles("/warranty/units/SN-1/") == frozenset(UNIT_ROLES)
    assert may_open(UserFactory(roles=["finance"]), "/no/such/page/")


def test_a_list_of_links_reads_the_roles_once_and_resolves_the_page_once(
    django_assert_num_queries,
):
    from unittest import mock

    import aftersales.page_rules

    rows = Template(
        "{% load access %}{% for s in serials %}"
        "{% url_if_allowed 'warranty:unit-detail' s as url %}{{ url }} {% endfor %}"
    )
    agent = UserFactory(roles=["agent"])
    request = RequestFactory().get("/")
    request.user = agent
    aftersales.page_rules._BY_NAME.clear()
    with (
        mock.patch.object(
            aftersales.page_rules, "resolve", wraps=aftersales.page_rules.resolve
        ) as resolve,
        django_assert_num_queries(1),  # the user's roles, once
    ):
        page = rows.render(Context({"request": request, "serials": [f"SN-{n}" for n in range(50)]}))
    assert page.count("/warranty/units/SN-") == 50
    assert resolve.call_count == 1
