"""Writes: files that arrive by a channel rather than an upload form (the inbound mailbox).

The caller has already decided that the sender may write to the record (for mail: the
ticket's customer by address, or a user who may see the ticket), so no user's role is asked
for; everything else is the same as an upload: each file is checked by content, the size and
count limits of :class:`~attachments.models.AttachmentRules` apply, and the record's state
must take files (a closed ticket takes none). Unlike an upload, one refused file does not
refuse the others: the sender is not there to try again, so the good files are attached and
each refused one comes back with its reason.

Reasons are kept in English — they are the catalogue's message ids, so a page shows them in
its reader's language with ``gettext`` (:func:`reason_text`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from aftersales.errors import DomainError
from attachments import registry
from attachments.models import Attachment, AttachmentKind, AttachmentRules
from attachments.services import DEFAULT_KIND, delete_files, display_name, store_checked
from attachments.verify import Checked, Refused, check_file

TOO_LARGE = _("The file is larger than allowed.")
TOO_MANY = _("Too many files at once; the first ones were kept.")
RECORD_FULL = _("The record already carries as many files as it may.")


@dataclass(frozen=True)
class Arrived:
    """One file as it came: the sender's name for it and its bytes."""

    name: str
    content: bytes


@dataclass
class Received:
    """What became of each file, in the order they came: the attachment, or the reason."""

    outcomes: list[tuple[Attachment | None, str]] = field(default_factory=list)

    @property
    def added(self) -> list[Attachment]:
        return [row for row, _reason in self.outcomes if row is not None]

    @property
    def refused(self) -> list[str]:
        return [reason for row, reason in self.outcomes if row is None]


def reason_text(reason: str) -> str:
    """A stored reason in the reader's language (it is the English message id)."""
    return gettext(reason) if reason else ""


def _english(message: object) -> str:
    with translation.override("en"):
        return str(message)[:200]


def _verdicts(files: Sequence[Arrived], rules: AttachmentRules, room: int) -> list[Checked | str]:
    out: list[Checked | str] = []
    for index, item in enumerate(files):
        if index >= rules.max_files_per_upload:
            out.append(_english(TOO_MANY))
        elif len(item.content) > rules.max_file_bytes:
            out.append(_english(TOO_LARGE))
        else:
            try:
                out.append(
                    check_file(
                        item.content,
                        formats=rules.formats,
                        max_pixels=rules.max_image_pixels,
                        thumbnail_pixels=rules.thumbnail_pixels,
                    )
                )
            except Refused as refusal:
                out.append(_english(refusal.message))
    accepted = 0
    for index, verdict in enumerate(out):  # the record's own cap, in arrival order
        if isinstance(verdict, Checked):
            accepted += 1
            if accepted > room:
                out[index] = _english(RECORD_FULL)
    return out


def _kinds() -> dict[str, AttachmentKind]:
    return {k.code: k for k in AttachmentKind.objects.filter(is_active=True)}


@transaction.atomic
def attachments_receive(
    *,
    target: str,
    record: Any,
    files: Sequence[Arrived],
    by: User | None = None,
    kind_for: Callable[[Checked], str] | None = None,
    at: datetime | None = None,
) -> Received:
    """Attach the good ones of ``files`` to ``record`` (see the module docstring); the
    upload shows on the record's timeline like any other. ``kind_for`` names the kind of
    each checked file (``"other"`` when it is not given or names no active kind)."""
    spec = registry.get(target)
    if spec is None:
        raise DomainError(_("Files cannot be attached to this kind of record."), field="target")
    record = spec.model._default_manager.select_for_update().get(pk=record.pk)
    try:
        if spec.check_open is not None:
            spec.check_open(record)
    except DomainError as error:
        reason = _english(error.message)
        return Received([(None, reason) for _item in files])
    rules = AttachmentRules.current()
    content_type = ContentType.objects.get_for_model(spec.model)
    already = Attachment.objects.filter(content_type=content_type, object_id=record.pk).count()
    verdicts = _verdicts(files, rules, max(rules.max_files_per_record - already, 0))
    kinds = _kinds()
    now = at or timezone.now()
    received = Received()
    try:
        for item, verdict in zip(files, verdicts, strict=True):
            if isinstance(verdict, str):
                received.outcomes.append((None, verdict))
                continue
            code = kind_for(verdict) if kind_for else DEFAULT_KIND
            kind = (
                kinds.get(code)
                or kinds.get(DEFAULT_KIND)
                or AttachmentKind.objects.get(code=DEFAULT_KIND)
            )
            row = store_checked(
                verdict, display_name(item.name), content_type, record.pk, kind, by, now
            )
            received.outcomes.append((row, ""))
        if received.added:
            spec.record_event(record, by, received.added, now)
    except BaseException:
        delete_files(received.added)
        raise
    return received
