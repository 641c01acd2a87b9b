"""Writing notifications: the inbox row and its e-mail outbox row, in the caller's transaction.

``notify`` is the one entry point other apps call. Delivery happens later in
``notifications.tasks.deliver_pending``, nudged after commit; a broker that is down only
delays the e-mail (beat picks it up), it never fails the caller's save.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation

from accounts.models import User
from notifications import channels, mailing
from notifications.messages import render, subject
from notifications.models import ChannelDelivery, EmailDelivery, Notification, WebhookChannel

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BASE_DELAY_SECONDS = 60


def notify(
    users: Iterable[User | int],
    code: str,
    ticket: Any = None,
    payload: dict[str, Any] | None = None,
    *,
    email: bool = True,
    now: datetime | None = None,
) -> list[Notification]:
    """Put a notification in each user's inbox (and the e-mail outbox). Duplicate users once."""
    recipient_ids = sorted({u if isinstance(u, int) else u.pk for u in users})
    if not recipient_ids:
        return []
    moment = now or timezone.now()
    return notify_many(
        [
            (user_id, code, getattr(ticket, "pk", ticket), payload or {})
            for user_id in recipient_ids
        ],
        email=email,
        now=moment,
    )


def notify_many(
    rows: list[tuple[int, str, int | None, dict[str, Any]]],
    *,
    email: bool = True,
    now: datetime | None = None,
) -> list[Notification]:
    """Bulk form of :func:`notify`: (recipient id, code, ticket id, payload) per row."""
    if not rows:
        return []
    moment = now or timezone.now()
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient_id=user_id, code=code, ticket_id=ticket_id, payload=payload, created_at=moment
        )
        for user_id, code, ticket_id, payload in rows
    )
    if email:
        EmailDelivery.objects.bulk_create(
            EmailDelivery(notification_id=n.pk, next_attempt_at=moment) for n in notifications
        )
        transaction.on_commit(nudge_delivery)
    if _queue_channel_deliveries(notifications, moment):
        transaction.on_commit(nudge_channels)
    return notifications


def notify_bulk(
    rows: list[tuple[int, str, int | None, dict[str, Any]]], *, now: datetime | None = None
) -> int:
    """:func:`notify_many` for the hot path (the SLA sweep): on PostgreSQL, when no chat robot
    channel is active, each thousand inbox rows and their e-mail outbox rows are written by
    one statement, with no model instances. Returns the number of notifications written."""
    if not rows:
        return 0
    moment = now or timezone.now()
    if connection.vendor != "postgresql" or WebhookChannel.objects.filter(active=True).exists():
        return len(notify_many(rows, now=moment))
    inbox, outbox = Notification._meta.db_table, EmailDelivery._meta.db_table
    for start in range(0, len(rows), 1000):
        part = rows[start : start + 1000]
        params: list[Any] = [moment, moment]
        for user_id, code, ticket_id, payload in part:
            params += [user_id, str(code), ticket_id, json.dumps(payload)]
        values = ", ".join(["(%s::bigint, %s::varchar, %s::bigint, %s::jsonb)"] * len(part))
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH moment AS (SELECT %s::timestamptz AS at, %s::timestamptz AS next), "  # noqa: S608 - our tables
                f"n AS (INSERT INTO {inbox} (recipient_id, code, ticket_id, payload, created_at) "
                f"SELECT v.r, v.c, v.t, v.p, moment.at FROM (VALUES {values}) AS v(r, c, t, p), "
                "moment RETURNING id) "
                f"INSERT INTO {outbox} (notification_id, status, attempts, next_attempt_at, "
                "last_error, to_address, code, payload, language) "
                "SELECT n.id, 'pending', 0, moment.next, '', '', '', '{}', '' FROM n, moment",
                params,
            )
    transaction.on_commit(nudge_delivery)
    return len(rows)


def _queue_channel_deliveries(notifications: list[Notification], moment: datetime) -> int:
    """One chat message per (channel, notification content): a group robot posts once for an
    event, however many of the group's members were notified."""
    active = list(WebhookChannel.objects.filter(active=True))
    if not active:
        return 0
    organisation_of = dict(
        User.objects.filter(pk__in={n.recipient_id for n in notifications}).values_list(
            "pk", "organisation_id"
        )
    )
    groups: dict[tuple[str, int | None, str], tuple[Notification, set[int | None]]] = {}
    for n in notifications:
        key = (n.code, n.ticket_id, json.dumps(n.payload, sort_keys=True, default=str))
        first, organisations = groups.setdefault(key, (n, set()))
        organisations.add(organisation_of.get(n.recipient_id))
    rows = [
        ChannelDelivery(channel=channel, notification=first, next_attempt_at=moment)
        for first, organisations in groups.values()
        for channel in active
        if channel.wants(first.code)
        and (channel.organisation_id is None or channel.organisation_id in organisations)
    ]
    ChannelDelivery.objects.bulk_create(rows)
    return len(rows)


def nudge_delivery() -> None:
    """Ask a worker to deliver now; if the broker is down, beat's periodic run catches up."""
    try:
        from notifications.tasks import deliver_pending

        deliver_pending.delay()
    except Exception:  # a broker outage must never fail the caller
        logger.warning(
            "could not queue e-mail delivery; the periodic run will send it", exc_info=True
        )


def nudge_channels() -> None:
    """Ask a worker to post the chat messages now; beat's periodic run is the safety net."""
    try:
        from notifications.tasks import deliver_channels

        deliver_channels.delay()
    except Exception:  # a broker outage must never fail the caller
        logger.warning(
            "could not queue chat delivery; the periodic run will post it", exc_info=True
        )


def retry_delay(attempts: int) -> timedelta:
    """Exponential back-off: 1, 2, 4 … minutes, at most 6 hours."""
    return timedelta(seconds=min(BASE_DELAY_SECONDS * 2 ** max(attempts - 1, 0), 6 * 3600))


Outbox = EmailDelivery | ChannelDelivery


def _drain(
    model: type[EmailDelivery] | type[ChannelDelivery],
    related: tuple[str, ...],
    send: Callable[[Any, datetime, dict[str, int]], None],
    moment: datetime,
    batch_size: int,
) -> dict[str, int]:
    """Send the due rows of an outbox. Each row is locked (skip locked) and settled in its
    batch's transaction, so two workers never send the same message and a crash loses at
    most the batch in flight, which is sent again."""
    report = {"sent": 0, "retry": 0, "failed": 0, "skipped": 0}
    while True:
        with transaction.atomic():
            rows = list(
                model.objects.filter(status="pending", next_attempt_at__lte=moment)
                .select_related(*related)
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("pk")[:batch_size]
            )
            for row in rows:
                send(row, moment, report)
        if len(rows) < batch_size:
            return report


def _settle_sent(row: Outbox, now: datetime, report: dict[str, int]) -> None:
    row.status = "sent"
    row.sent_at = now
    row.last_error = ""
    row.save(update_fields=["status", "attempts", "last_error", "sent_at"])
    report["sent"] += 1


def _settle_failed(row: Outbox, exc: Exception, now: datetime, report: dict[str, int]) -> None:
    """Keep the row and retry later with back-off; give up after ``MAX_ATTEMPTS``."""
    row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    if row.attempts >= MAX_ATTEMPTS:
        row.status = "failed"
        report["failed"] += 1
    else:
        row.next_attempt_at = now + retry_delay(row.attempts)
        report["retry"] += 1
    row.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])


def deliveries_send(*, now: datetime | None = None, batch_size: int = 500) -> dict[str, int]:
    """Send the due e-mails, a batch at a time: the rows are locked (skip locked, so two
    workers never send the same message) and read as tuples, the batch goes out over a few
    SMTP connections, and the rows are settled in the batch's transaction with one UPDATE
    per outcome; a crash loses at most the batch in flight, which is sent again."""
    moment = now or timezone.now()
    report = {"sent": 0, "retry": 0, "failed": 0, "skipped": 0}
    while True:
        with transaction.atomic():
            rows = list(
                EmailDelivery.objects.filter(status="pending", next_attempt_at__lte=moment)
                .select_for_update(skip_locked=True, of=("self",))
                .order_by("pk")
                .values_list(
                    "pk",
                    "attempts",
                    "notification__code",
                    "notification__payload",
                    "notification__recipient__email",
                    "to_address",
                    "code",
                    "payload",
                    "language",
                    "ticket__number",
                )[:batch_size]
            )
            if rows:
                items = mailing.render_all(rows)
                mailing.send_all(items, moment)
                _settle_batch(items, moment, report)
        if len(rows) < batch_size:
            return report


def _settle_batch(items: list[mailing.Outgoing], now: datetime, report: dict[str, int]) -> None:
    """One UPDATE for the sent rows, one for those without an address, one per retry delay."""
    outbox = EmailDelivery.objects
    sent = [item.row_id for item in items if item.address and not item.error]
    skipped = [item.row_id for item in items if not item.address]
    if sent:
        outbox.filter(pk__in=sent).update(
            status="sent", attempts=F("attempts") + 1, last_error="", sent_at=now
        )
        report["sent"] += len(sent)
    if skipped:  # nothing to send: the inbox has it
        outbox.filter(pk__in=skipped).update(
            status="sent", attempts=F("attempts") + 1, last_error="recipient has no e-mail address"
        )
        report["skipped"] += len(skipped)
    for item in items:
        if item.error:
            attempts = item.attempts + 1
            if attempts >= MAX_ATTEMPTS:
                changes: dict[str, Any] = {"status": "failed"}
                report["failed"] += 1
            else:
                changes = {"next_attempt_at": now + retry_delay(attempts)}
                report["retry"] += 1
            outbox.filter(pk=item.row_id).update(
                attempts=attempts, last_error=item.error[:2000], **changes
            )


def addressed_email(
    address: str,
    code: str,
    *,
    payload: dict[str, Any] | None = None,
    language: str = "",
    ticket: Any = None,
    now: datetime | None = None,
) -> EmailDelivery:
    """The unsaved outbox row of :func:`email_address`, for a caller that writes it with rows
    of its own (a new ticket's, before its number is drawn): the ticket's number goes into
    the payload when the mail is sent."""
    row = EmailDelivery(
        to_address=address,
        code=code,
        payload=payload or {},
        language=language,
        next_attempt_at=now or timezone.now(),
    )
    if ticket is not None:
        row.ticket = ticket
    return row


def email_address(
    address: str,
    code: str,
    *,
    payload: dict[str, Any] | None = None,
    language: str = "",
    ticket: Any = None,
    now: datetime | None = None,
) -> EmailDelivery:
    """Queue an e-mail to an address that is no user's (a customer's), in the caller's
    transaction: rendered from ``code`` and ``payload`` in ``language`` when it is sent, with
    the same retries as every other e-mail."""
    row = addressed_email(address, code, payload=payload, language=language, ticket=ticket, now=now)
    row.save(force_insert=True)
    transaction.on_commit(nudge_delivery)
    return row


def channel_deliveries_send(
    *, now: datetime | None = None, batch_size: int = 100
) -> dict[str, int]:
    """Post the due chat messages (see :func:`_drain`)."""
    return _drain(
        ChannelDelivery, ("channel", "notification"), _post_one, now or timezone.now(), batch_size
    )


def _post_one(row: ChannelDelivery, now: datetime, report: dict[str, int]) -> None:
    channel, notification = row.channel, row.notification
    row.attempts += 1
    if not channel.active:
        row.status = "failed"
        row.last_error = "channel switched off"
        row.save(update_fields=["status", "attempts", "last_error"])
        report["skipped"] += 1
        return
    with translation.override(channel.language):
        text = f"{subject(notification.code, notification.payload)}\n" + render(
            notification.code, notification.payload
        )
    try:
        channels.post(
            channel.kind,
            channel.url,
            channel.secret,
            text,
            timestamp_ms=int(timezone.now().timestamp() * 1000),
        )
    except channels.ChannelError as exc:
        _settle_failed(row, exc, now, report)
        return
    _settle_sent(row, now, report)


def notification_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones when ``ids`` is None)."""
    queryset = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    return queryset.update(read_at=timezone.now())
