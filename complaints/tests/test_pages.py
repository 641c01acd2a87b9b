"""The complaint pages: each opens, in Chinese and in English, for the roles that may see it,
and refuses the others (login first, then 403, or 404 outside the user's scope); the
customer's survey page opens without a login."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from complaints.services.surveys import survey_link_create
from complaints.tests.conftest import drive, new_complaint
from tickets.tests.factories import make_ticket
from tickets.tests.helpers import walk

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hans"]


@pytest.fixture
def scene(people, dealer_a, dealer_a_user, dealer_b_user, quality):
    complaint = new_complaint(people["agent"], dealer=dealer_a)
    closed = drive(new_complaint(people["agent"]), people, quality, to="closed")
    resolved = make_ticket(by=people["agent"])
    walk(resolved, people, to="resolved")
    return {"complaint": complaint, "closed": closed, "resolved": resolved}


def _get(client, user, url, language):  # type: ignore[no-untyped-def]
    if user is not None:
        client.force_login(user)
    client.cookies["django_language"] = language
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


#: Page → (roles that open it, roles refused with 403), and a word of each language on it.
DESK = ["agent", "supervisor", "manager"]
STAFF = ["supervisor", "manager"]
PAGES = {
    "list": (DESK + ["dealer"], [], "Complaints", "投诉"),
    "intake": (DESK, ["technician", "dealer"], "New complaint", "新投诉"),
    "rates": (STAFF, ["agent", "technician", "dealer"], "Satisfaction rate", "满意率"),
    "report": (STAFF, ["agent", "dealer"], "Complaint statistics", "投诉统计"),
    "visit-tasks": (DESK, ["technician", "dealer"], "Regular visits", "定期回访"),
    "duties": (["dealer", *STAFF], ["agent", "technician"], "Dealer duties", "经销商职责"),
}


def _user(people, dealer_a_user, role):  # type: ignore[no-untyped-def]
    return dealer_a_user if role == "dealer" else people[role]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_each_page_opens_for_its_roles_and_refuses_the_others(
    client, people, dealer_a_user, scene, page, language
):
    allowed, refused, english, chinese = PAGES[page]
    url = reverse(f"complaints:{page}")

    for role in allowed:
        response = _get(client, _user(people, dealer_a_user, role), url, language)
        assert response.status_code == 200, (page, role)
        text = response.content.decode()
        assert (chinese if language == "zh-hans" else english) in text, (page, role)
        if language == "zh-hans":
            assert english not in text, (page, role)
    for role in refused:
        response = _get(client, _user(people, dealer_a_user, role), url, language)
        assert response.status_code == 403, (page, role)
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_complaint_page_opens_in_scope_and_is_a_404_outside_it(
    client, people, dealer_a_user, dealer_b_user, scene, language
):
    complaint = scene["complaint"]
    url = reverse("complaints:detail", args=[complaint.number])
    timeline = "处理记录" if language == "zh-hans" else "Timeline"

    for user in (people["agent"], people["supervisor"], dealer_a_user):
        response = _get(client, user, url, language)
        assert response.status_code == 200
        assert complaint.number in response.content.decode()
        assert timeline in response.content.decode()
    assert _get(client, dealer_b_user, url, language).status_code == 404
    closed_url = reverse("complaints:detail", args=[scene["closed"].number])
    closed = _get(client, people["manager"], closed_url, language)
    assert ("已结案（客户接受）" if language == "zh-hans" else "Closed (customer accepted)") in (
        closed.content.decode()
    )


def test_a_dealer_sees_only_complaints_about_itself_in_the_list(
    client, people, dealer_a_user, dealer_b_user, scene
):
    number, url = scene["complaint"].number, reverse("complaints:list")

    assert number in _get(client, dealer_a_user, url, "en").content.decode()
    assert number not in _get(client, dealer_b_user, url, "en").content.decode()


def test_the_statistics_download_is_an_xlsx_for_supervisors_only(client, people, scene):
    url = reverse("complaints:report-xlsx")

    response = _get(client, people["supervisor"], url, "en")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert response.content[:2] == b"PK"
    assert _get(client, people["agent"], url, "en").status_code == 403


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_ticket_page_offers_the_complaint_box_to_the_desk(client, people, scene, language):
    ticket = scene["resolved"]
    url = reverse("tickets:detail", args=[ticket.number])

    page = _get(client, people["agent"], url, language).content.decode()
    assert 'id="complaints-panel"' in page
    assert ("登记投诉" if language == "zh-hans" else "File a complaint") in page
    assert ("发送调查链接" if language == "zh-hans" else "Send a survey link") in page
    technician = UserFactory(roles=["technician"])
    assert 'id="complaints-panel"' not in _get(client, technician, url, language).content.decode()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_survey_page_opens_without_a_login_and_a_bad_code_is_a_404(
    client, people, scene, language
):
    _link, code = survey_link_create(ticket=scene["resolved"], by=people["agent"])
    url = reverse("survey:answer", args=[code])

    response = _get(client, None, url, language)
    assert response.status_code == 200
    assert ("您对我们服务的评价" if language == "zh-hans" else "Your opinion of our service") in (
        response.content.decode()
    )
    forged = code[:-1] + ("A" if code[-1] != "A" else "B")
    response = _get(client, None, reverse("survey:answer", args=[forged]), language)
    assert response.status_code == 404
    assert ("此调查链接无效" if language == "zh-hans" else "not valid") in response.content.decode()


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "“Note” done: complaint {number}"), ("zh-hans", "已完成“备注”：投诉 {number}")],
)
def test_an_action_done_says_which_action_on_which_complaint(client, people, language, text):
    complaint = new_complaint(people["agent"])
    client.force_login(people["agent"])
    client.cookies["django_language"] = language

    response = client.post(
        f"/complaints/{complaint.number}/act/",
        {"action": "note", "note": "回电客户"},
        HTTP_ACCEPT_LANGUAGE=language,
        follow=True,
    )

    assert text.format(number=complaint.number) in response.content.decode()
