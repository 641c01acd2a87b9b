"""Each seeded role logs in, lands on its start page and sees what it may use."""

from __future__ import annotations

import pytest

from accounts import demo as accounts_demo
from accounts.demo import DEMO_LOGINS, DEMO_PASSWORD
from aftersales.navigation import home_url_for, items_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    """The demo people of every role (the rest of the demo data is tested elsewhere)."""
    accounts_demo.seed()


@pytest.mark.parametrize(("role", "username"), DEMO_LOGINS)
def test_each_demo_login_lands_on_its_role_home(client, demo, role, username):
    response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302

    landing = client.get("/", follow=True)

    assert landing.status_code == 200
    assert landing.redirect_chain[-1][0] == home_url_for(frozenset({role}))
    assert 'class="mainnav"' in landing.content.decode()


@pytest.mark.parametrize(("role", "username"), DEMO_LOGINS)
def test_navigation_shows_exactly_what_the_role_may_use(client, demo, role, username):
    client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})

    page = client.get("/dashboard/").content.decode()

    for item in items_for(frozenset({role})):
        assert f'data-nav="{item["key"]}"' in page
    hidden = {
        i["key"]
        for i in items_for(
            frozenset(
                {
                    "manager",
                    "agent",
                    "supervisor",
                    "technician",
                    "dealer",
                    "appraiser",
                    "finance",
                    "customer",
                }
            )
        )
    }
    hidden -= {i["key"] for i in items_for(frozenset({role}))}
    for key in hidden:
        assert f'data-nav="{key}"' not in page


def test_wrong_password_stays_on_the_login_page_with_a_message(client, demo):
    response = client.post("/accounts/login/", {"username": "agent", "password": "nope"})

    assert response.status_code == 200
    assert "didn't match" in response.content.decode()


def test_pages_require_login(client):
    response = client.get("/dashboard/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("roles", "lands_as", "also_in_the_bar"),
    [
        (["dealer", "technician"], "technician", ["dealers.portal", "tickets.my_jobs"]),
        (["supervisor", "manager"], "supervisor", ["reports.dashboard"]),
        (["agent", "supervisor"], "supervisor", ["tickets.intake"]),
        (["finance", "manager"], "finance", ["reports.dashboard"]),
    ],
)
def test_a_user_with_several_roles_lands_on_the_most_operational_page(
    client, roles, lands_as, also_in_the_bar
):
    from accounts.tests.factories import UserFactory

    user = UserFactory(username="several", roles=roles)
    client.force_login(user)

    response = client.get("/", follow=True)

    assert response.redirect_chain[-1][0] == home_url_for(frozenset({lands_as}))
    page = response.content.decode()
    for key in also_in_the_bar:
        assert f'data-nav="{key}"' in page


def test_dealer_staff_who_is_also_a_technician_lands_on_their_jobs(client):
    from accounts.tests.factories import UserFactory

    client.force_login(UserFactory(username="both", roles=["dealer", "technician"]))

    response = client.get("/", follow=True)

    assert response.redirect_chain[-1][0] == "/tickets/my-jobs/"
