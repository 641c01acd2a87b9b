"""The one skeleton of a workflow step, shared by ticket actions and claim transitions.

lock → rule → role → validate → apply → event: the subject is locked, the step must be
known (else 400 ``unknown_action``) and allowed from the subject's status by a rule row
(else 409 ``illegal_transition``), the user's role must be one the rule names (else 403),
the inputs are validated (400 with per-field messages), then the step is applied and its
event written — all in one transaction, so a refusal writes nothing.

Each workflow says how to do each part by subclassing :class:`Workflow`; the texts of the
refusals are its own (they name a ticket or a claim).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aftersales.errors import ConflictError, DomainError, PermissionDeniedError
from aftersales.models import TransitionRule

S = TypeVar("S", bound=Model)
R = TypeVar("R", bound=TransitionRule)
E = TypeVar("E")
V = TypeVar("V")
#: The acting user (``accounts.User``; this module stays below the apps that define it).
U = TypeVar("U", bound=AbstractBaseUser)


class Workflow(ABC, Generic[S, R, V, E, U]):
    """A workflow of subjects ``S`` with rule rows ``R``, validated inputs ``V``, events ``E``
    and acting users ``U``. :meth:`perform` is the skeleton; subclasses fill in its parts."""

    #: "“%(action)s” is not allowed while the … is %(status)s."
    not_allowed_text: Promise
    #: "Your role may not perform “%(action)s” on this …."
    forbidden_text: Promise

    @abstractmethod
    def lock(self, subject: S) -> S:
        """The subject re-read and locked for the step."""

    @abstractmethod
    def is_known(self, action: object) -> bool:
        """Whether ``action`` names a step of this workflow at all."""

    @abstractmethod
    def rules_for(self, subject: S) -> Sequence[R]:
        """The active rule rows from the subject's current status."""

    @abstractmethod
    def may_act(self, rule: R, subject: S, user: U) -> bool:
        """Whether ``user`` (role and organisation) may take the step ``rule`` allows."""

    @abstractmethod
    def validate(self, action: str, data: Any) -> V:
        """The step's inputs, validated; raises ``DomainError`` with per-field messages."""

    @abstractmethod
    def apply(self, *, rule: R, subject: S, by: U, values: V, now: datetime) -> E:
        """Take the step: change and save the subject, write and return its event."""

    @staticmethod
    def status_label(subject: S) -> str:
        return str(subject.get_status_display())  # type: ignore[attr-defined]

    def available(self, subject: S, user: U) -> list[R]:
        """The steps ``user`` may take on ``subject`` now, in the rules' order."""
        return [rule for rule in self.rules_for(subject) if self.may_act(rule, subject, user)]

    def perform(
        self, *, subject: S, by: U, action: str, data: Any = None, at: datetime | None = None
    ) -> E:
        with transaction.atomic():
            locked = self.lock(subject)
            if not self.is_known(action):
                raise DomainError(
                    _("Unknown action “%(action)s”.") % {"action": action},
                    field="action",
                    code="unknown_action",
                )
            rule = next((r for r in self.rules_for(locked) if r.action == action), None)
            if rule is None:
                raise ConflictError(
                    self.not_allowed_text % {"action": action, "status": self.status_label(locked)},
                    code="illegal_transition",
                )
            if not self.may_act(rule, locked, by):
                raise PermissionDeniedError(self.forbidden_text % {"action": rule.label})
            values = self.validate(action, data)
            event = self.apply(
                rule=rule, subject=locked, by=by, values=values, now=at or timezone.now()
            )
            subject.refresh_from_db()
        return event
