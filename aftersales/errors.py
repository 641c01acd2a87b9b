"""Domain errors raised by services, shown as form errors on pages and 400/409 in the API."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise


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

    def add_to_form(self, form: Any) -> None:
        """Show the messages on a page's form: on their field, else above the form. A field
        the form has already flagged keeps the form's own message (a service that validated
        the same form reports the same thing)."""
        for name, msgs in self.as_dict().items():
            field = name if name in form.fields else None
            if field is not None and field in form.errors:
                continue
            form.add_error(field, msgs)

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
