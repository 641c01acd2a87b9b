"""What every dealer page shares: the roles that see each part, the dealer of the user,
paging."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest

from accounts.models import Organisation, User

DEALER = frozenset({"dealer"})
CLAIM_ROLES = frozenset({"dealer", "appraiser", "finance", "manager"})
RECORD_ROLES = CLAIM_ROLES
SHIPMENT_ROLES = frozenset({"dealer", "appraiser", "manager"})
STATEMENT_ROLES = frozenset({"dealer", "finance", "manager"})
REGISTRY_ROLES = frozenset({"dealer", "manager"})


def _own_dealer(user: User) -> Organisation | None:
    return user.organisation if user.organisation.kind == Organisation.Kind.DEALER else None


def _page(request: HttpRequest, rows: Any, size: int = 50) -> Any:
    return Paginator(rows, size).get_page(request.GET.get("page"))
