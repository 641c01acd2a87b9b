"""Which records carry attachments: each owning app registers its model here, in its
``AppConfig.ready()``, so this app never imports the apps that use it.

A target says how a user reaches the record (``scope``: the same scoped queryset as the
record's own pages, so another organisation's record — and its files — is a 404), how a
record is named in URLs and the API (``lookup``/``reference``), who may add files
(``check_add``: raises a :class:`~aftersales.errors.DomainError`), and how an upload is
recorded on the record's timeline (``record_event``); ``check_open`` says whether the
record's state takes files at all (for files that come by e-mail).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Model, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aftersales.errors import DomainError

if TYPE_CHECKING:
    from accounts.models import User
    from attachments.models import Attachment


#: Refusals an owning app may raise from ``check_add``/``check_open`` without a catalogue
#: of its own.
ROLE_REFUSED = _("Your role may not add files to this record.")
RECORD_CLOSED = _("This record is %(status)s: it takes no more files.")


def by_pk(rows: QuerySet[Any], value: str) -> Model | None:
    return rows.filter(pk=int(value)).first() if value.isdigit() else None


@dataclass(frozen=True)
class AttachmentTarget:
    key: str
    model: type[Model]
    label: str | Promise
    scope: Callable[[User], QuerySet[Any]]
    check_add: Callable[[User, Any], None]
    record_event: Callable[[Any, User | None, Sequence[Attachment], datetime], None]
    lookup: Callable[[QuerySet[Any], str], Model | None] = by_pk
    reference: Callable[[Any], str] = str
    #: Attachments of other records shown beside this record's own (e.g. a claim shows
    #: its repair records' photos): ``(target key, queryset of those records)``.
    related: Callable[[Any], Sequence[tuple[str, QuerySet[Any]]]] | None = None
    #: The page of the record, for links back from an upload.
    url: Callable[[Any], str] | None = None
    #: Whether the record's state takes files at all, whoever sends them (raises a
    #: :class:`~aftersales.errors.DomainError`); asked for files that arrive by a channel
    #: such as e-mail, where no user's role is checked (:mod:`attachments.receiving`).
    check_open: Callable[[Any], None] | None = None

    def may_add(self, user: User, record: Any) -> bool:
        try:
            self.check_add(user, record)
        except DomainError:
            return False
        return True


_TARGETS: dict[str, AttachmentTarget] = {}


def register(target: AttachmentTarget) -> None:
    _TARGETS[target.key] = target


def get(key: str) -> AttachmentTarget | None:
    return _TARGETS.get(key)


def for_model(model: type[Model]) -> AttachmentTarget | None:
    model = model._meta.concrete_model or model  # type: ignore[assignment]
    return next((t for t in _TARGETS.values() if t.model is model), None)


def keys() -> list[str]:
    return sorted(_TARGETS)
