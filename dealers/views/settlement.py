"""Dealer pages: settlement."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.decorators import role_required
from accounts.requests import request_user
from aftersales.errors import DomainError
from dealers import selectors
from dealers.exports import XLSX, statement_workbook
from dealers.forms import (
    StatementIssueForm,
)
from dealers.models import (
    SettlementStatement,
)
from dealers.periods import previous_quarter, quarter_of
from dealers.services.settlement import statement_draft, statement_issue
from dealers.views.common import (
    STATEMENT_ROLES,
)


@role_required(STATEMENT_ROLES)
@require_http_methods(["GET", "POST"])
def statement_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    dealers = selectors.dealer_scope(user)
    year, quarter = quarter_of(timezone.localdate())
    last_year, last_quarter = previous_quarter(year, quarter)
    form = None
    if user.has_role("finance") or user.is_superuser:
        form = StatementIssueForm(
            request.POST or None,
            dealers=dealers,
            initial={"year": last_year, "quarter": last_quarter},
        )
        if request.method == "POST" and form.is_valid():
            try:
                statement = statement_issue(by=user, **form.cleaned_data)
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                messages.success(
                    request,
                    _("Settlement notice %(number)s issued.") % {"number": statement.number},
                )
                return redirect("dealers:statement-detail", pk=statement.pk)
    elif request.method == "POST":
        raise PermissionDenied
    pending = [statement_draft(d, year, quarter) for d in dealers[:50]]
    return render(
        request,
        "dealers/statement_list.html",
        {
            "statements": selectors.statement_scope(user).order_by(
                "-year", "-quarter", "dealer__code"
            ),
            "form": form,
            "pending": [p for p in pending if p.claims],
            "current": f"{year}Q{quarter}",
        },
    )


def _statement_or_404(request: HttpRequest, pk: int) -> SettlementStatement:
    return get_object_or_404(selectors.statement_scope(request_user(request)), pk=pk)


@role_required(STATEMENT_ROLES)
def statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    statement = _statement_or_404(request, pk)
    profile = getattr(statement.dealer, "dealer_profile", None)
    return render(
        request,
        "dealers/statement_detail.html",
        {
            "statement": statement,
            "profile": profile,
            "claims": statement.claims.order_by("settled_at", "pk"),
            "entries": statement.ledger_entries.all(),
        },
    )


@role_required(STATEMENT_ROLES)
def statement_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    statement = _statement_or_404(request, pk)
    response = HttpResponse(statement_workbook(statement), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{statement.number}.xlsx"'
    return response
