"""Domain errors raised by services, shown as form errors on pages and 400/409 in the API."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain refused the request; nothing was written.

    ``code`` is a stable machine code; ``message`` is (lazily) translated text;
    ``field`` names the input the message belongs to, if any.
    """

    http_status = 400
    default_code = "invalid"

    def __init__(
        self,
        message: str | Promise,
        *,
        code: str | None = None,
        field: str | None = None,
        errors: dict[str, list[str]] | None = None,
    ):
        super().__init__(str(message))
        self.message = message
        self.code = code or self.default_code
        self.field = field
        self.errors = errors or {}

    @classmethod
    def from_validation(cls, exc: ValidationError) -> DomainError:
        """A Django ``ValidationError`` (``full_clean``, a validator) as one 400 with its
        messages per field; messages not bound to a field go under ``detail``."""
        if hasattr(exc, "error_dict"):
            return cls.from_messages(exc.message_dict)
        return cls.from_messages({"detail": exc.messages})

    @classmethod
    def from_form(cls, form: Any) -> DomainError:
        """A bound, invalid Django form's errors as one 400 with its messages per field."""
        return cls.from_messages(form.errors)

    @classmethod
    def from_messages(cls, messages: Mapping[str, Iterable[Any]]) -> DomainError:
        errors = {
            ("detail" if name == "__all__" else name): [str(m) for m in msgs]
            for name, msgs in messages.items()
        }
        return cls(_("Please correct the fields."), errors=errors, code="invalid_fields")

    def add_to_form(self, form: Any) -> None:
        """Show the messages on a page's form: on their field, else above the form. A field
        the form has already flagged keeps the form's own message (a service that validated
        the same form reports the same thing)."""
        for name, msgs in self.as_dict().items():
            field = name if name in form.fields else None
            if field is not None and field in form.errors:
                continue
            form.add_error(field, msgs)

    def messages(self) -> list[str]:
        """Every message, field by field, for a page that shows them in one place."""
        return [message for msgs in self.as_dict().values() for message in msgs]

    def as_dict(self) -> dict[str, list[str]]:
        if self.errors:
            return {name: [str(m) for m in msgs] for name, msgs in self.errors.items()}
        return {self.field or "detail": [str(self.message)]}


class PermissionDeniedError(DomainError):
    """The user's role may not do this."""

    http_status = 403
    default_code = "forbidden"


class ConflictError(DomainError):
    """The request is valid but not in the object's current state (e.g. an illegal transition)."""

    http_status = 409
    default_code = "conflict"
