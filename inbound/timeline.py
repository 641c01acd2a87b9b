"""How an e-mail reads on a ticket's timeline: the files it brought that were not attached,
each with the reason in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from attachments.receiving import reason_text


def email_details(payload: dict[str, Any]) -> list[str]:
    return [
        _("Not attached: %(name)s — %(reason)s")
        % {"name": item.get("name", ""), "reason": reason_text(item.get("reason", ""))}
        for item in payload.get("refused") or []
    ]
