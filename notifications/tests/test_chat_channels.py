"""Staff alerts reach their WeCom and DingTalk groups, signed as the services require, and an
unreachable robot loses nothing. Every request goes to a robot this test runs on 127.0.0.1."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import urllib.parse
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from accounts.tests.factories import OrganisationFactory, UserFactory
from notifications.models import ChannelDelivery, WebhookChannel
from notifications.services import channel_deliveries_send, notify

pytestmark = pytest.mark.django_db

SECRET = "SEC0123456789abcdef"


class Robot:
    """A chat robot on 127.0.0.1: records what it receives and answers as told."""

    def __init__(self) -> None:
        self.received: list[dict[str, object]] = []
        self.answers: list[tuple[int, dict[str, object]]] = []
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length))
                split = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(split.query))
                robot.received.append(
                    {"path": split.path, "query": query, "body": body, "headers": self.headers}
                )
                status, answer = robot.answer_for(query)
                payload = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer_for(self, query: dict[str, str]) -> tuple[int, dict[str, object]]:
        if self.answers:
            return self.answers.pop(0)
        if "sign" in query:  # check DingTalk's 加签 the way DingTalk does
            string_to_sign = f"{query['timestamp']}\n{SECRET}".encode()
            expected = base64.b64encode(
                hmac.new(SECRET.encode(), string_to_sign, hashlib.sha256).digest()
            ).decode()
            if query["sign"] != expected:
                return 200, {"errcode": 310000, "errmsg": "sign not match"}
        return 200, {"errcode": 0, "errmsg": "ok"}

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def robot():
    server = Robot()
    yield server
    server.close()


@pytest.fixture
def outlet():
    return OrganisationFactory(code="D-CHAT", name="华东服务站")


def wecom(robot: Robot, **fields: object) -> WebhookChannel:
    return WebhookChannel.objects.create(
        name="售后群",
        kind=WebhookChannel.Kind.WECOM,
        url=f"{robot.base}/cgi-bin/webhook/send?key=k-123",
        **fields,
    )


def test_wecom_group_receives_the_alert_as_text_in_its_language(robot, outlet):
    # given the outlet's WeCom group robot, in Chinese
    wecom(robot, organisation=outlet, language="zh-hans")
    supervisor = UserFactory(roles=["supervisor"], organisation=outlet)

    # when a supervisor of the outlet is notified and the outbox runs
    notify([supervisor], "message", payload={"text": "请尽快派工", "number": "2612-000001"})
    report = channel_deliveries_send()

    # then the group got one text message with the ticket number and the text
    assert report["sent"] == 1
    (request,) = robot.received
    assert request["path"] == "/cgi-bin/webhook/send"
    assert request["query"] == {"key": "k-123"}
    assert request["body"]["msgtype"] == "text"
    content = request["body"]["text"]["content"]
    assert "2612-000001" in content
    assert "请尽快派工" in content
    assert "售后" in content  # the subject prefix, in Chinese
    assert ChannelDelivery.objects.get().status == "sent"


def test_dingtalk_robot_accepts_our_signature(robot, outlet):
    # given a DingTalk robot with 加签 that checks every signature
    WebhookChannel.objects.create(
        name="钉钉群",
        kind=WebhookChannel.Kind.DINGTALK,
        url=f"{robot.base}/robot/send?access_token=tok",
        secret=SECRET,
        organisation=outlet,
    )
    manager = UserFactory(roles=["manager"], organisation=outlet)

    # when a notification goes out
    notify([manager], "message", payload={"text": "督办超时"})
    report = channel_deliveries_send()

    # then it was signed correctly (the robot answered errcode 0) and carried the token
    assert report == {"sent": 1, "retry": 0, "failed": 0, "skipped": 0}
    (request,) = robot.received
    assert request["query"]["access_token"] == "tok"
    stamp = int(request["query"]["timestamp"])
    assert abs(stamp - timezone.now().timestamp() * 1000) < 60_000


def test_a_wrong_signature_is_refused_and_kept_for_retry(robot, outlet):
    # given a channel whose stored secret is not the robot's
    WebhookChannel.objects.create(
        name="钉钉群",
        kind=WebhookChannel.Kind.DINGTALK,
        url=f"{robot.base}/robot/send?access_token=tok",
        secret="SECwrong",
        organisation=outlet,
    )
    notify([UserFactory(organisation=outlet)], "message", payload={"text": "x"})

    # when the outbox runs, then the refusal is a retry with the robot's answer on the row
    assert channel_deliveries_send()["retry"] == 1
    row = ChannelDelivery.objects.get()
    assert row.status == "pending"
    assert "sign not match" in row.last_error


def test_only_the_organisations_own_channel_and_wanted_codes_are_posted(robot, outlet):
    # given a channel for another outlet, one for every organisation limited to breaches,
    # and the outlet's own channel
    other = OrganisationFactory(code="D-OTHER")
    wecom(robot, organisation=other)
    wecom(robot, organisation=None, codes=["sla.breached"])
    own = wecom(robot, organisation=outlet)

    # when a user of the outlet gets a plain message
    notify([UserFactory(organisation=outlet)], "message", payload={"text": "x"})

    # then only the outlet's own channel posts it
    assert list(ChannelDelivery.objects.values_list("channel_id", flat=True)) == [own.pk]


def test_one_post_per_event_however_many_group_members_are_notified(robot, outlet):
    wecom(robot, organisation=outlet)
    people = [UserFactory(roles=["supervisor"], organisation=outlet) for _ in range(3)]

    notify(people, "message", payload={"text": "三人同时收到"})
    channel_deliveries_send()

    assert len(robot.received) == 1


def test_an_unreachable_robot_loses_nothing_and_is_retried_with_back_off(robot, outlet):
    # given the robot answers 502 once, then is fine
    wecom(robot, organisation=outlet)
    robot.answers.append((502, {"errmsg": "bad gateway"}))
    notify([UserFactory(organisation=outlet)], "message", payload={"text": "重试"})
    now = timezone.now()

    # when the outbox runs: the failure is rescheduled, not lost
    assert channel_deliveries_send(now=now)["retry"] == 1
    row = ChannelDelivery.objects.get()
    assert row.attempts == 1
    assert row.next_attempt_at == now + timedelta(minutes=1)
    assert channel_deliveries_send(now=now)["sent"] == 0  # not due yet

    # then at its next attempt it goes out
    assert channel_deliveries_send(now=now + timedelta(minutes=1))["sent"] == 1
    assert len(robot.received) == 2
    row.refresh_from_db()
    assert row.status == "sent"


def test_a_robot_nobody_listens_on_is_retried(outlet):
    # given a channel on a port where nothing listens
    server = Robot()
    url = f"{server.base}/cgi-bin/webhook/send?key=k"
    server.close()
    WebhookChannel.objects.create(
        name="x", kind=WebhookChannel.Kind.WECOM, url=url, organisation=outlet
    )
    notify([UserFactory(organisation=outlet)], "message", payload={"text": "x"})

    report = channel_deliveries_send()

    assert report["retry"] == 1
    assert ChannelDelivery.objects.get().last_error
