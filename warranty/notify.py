"""The one place warranty sends a notification: e-mail after commit.

Kept in one small function so it can be switched to the notifications inbox later.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation

from accounts.models import User


def notify(users: Iterable[User | None], *, subject: str, body: str) -> None:
    """E-mail ``users`` once the current transaction commits (nothing if it rolls back)."""
    recipients = sorted({u.email for u in users if u is not None and u.is_active and u.email})
    if not recipients:
        return
    transaction.on_commit(
        lambda: send_mail(
            subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True
        )
    )


def in_product_language():  # type: ignore[no-untyped-def]
    """Messages are written in the product's default language (Chinese unless configured)."""
    return translation.override(settings.LANGUAGE_CODE)
