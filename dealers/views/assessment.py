"""Dealer pages: assessment."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.requests import request_user
from aftersales.errors import DomainError
from dealers import selectors
from dealers.forms import (
    GradeForm,
)
from dealers.models import (
    DealerEvent,
)
from dealers.periods import previous_month
from dealers.services import assessment as assessment_services
from dealers.services.profiles import (
    dealer_grade_change,
)


@role_required(frozenset({"dealer", "manager"}))
@require_http_methods(["GET", "POST"])
def assessment(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    manager = user.is_superuser or user.has_role("manager")
    default_month = previous_month(timezone.localdate())
    try:
        month = (
            date.fromisoformat(request.GET.get("month", "") + "-01")
            if request.GET.get("month")
            else default_month
        )
    except ValueError:
        month = default_month
    if request.method == "POST":
        if not manager:
            raise PermissionDenied
        try:
            if request.POST.get("do") == "publish":
                count = assessment_services.assessments_publish(month=month, by=user)
                messages.success(request, _("%(n)s assessments published.") % {"n": count})
            else:
                assessment_services.assessments_compute(month=month)
                messages.success(request, _("Assessment computed."))
        except DomainError as exc:
            messages.error(request, str(exc.message))
        return redirect(f"{request.path}?month={month:%Y-%m}")
    rows = selectors.assessment_scope(user)
    context: dict[str, Any] = {"month": month, "manager": manager}
    if manager:
        context["ranking"] = (
            rows.filter(month=month)
            .select_related("dealer", "dealer__dealer_profile")
            .order_by("rank", "dealer__code")
        )
        context["grade_form"] = GradeForm()
        context["grade_events"] = DealerEvent.objects.filter(
            code="dealer.grade_changed"
        ).select_related("dealer", "actor")[:20]
    else:
        context["history"] = rows.order_by("-month")[:24]
    return render(request, "dealers/assessment.html", context)


@role_required(frozenset({"manager"}))
@require_POST
def grade_change(request: HttpRequest, pk: int) -> HttpResponse:
    dealer = get_object_or_404(selectors.dealer_scope(request_user(request)), pk=pk)
    form = GradeForm(request.POST)
    if form.is_valid():
        try:
            dealer_grade_change(dealer=dealer, by=request_user(request), **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Grade of %(dealer)s changed.") % {"dealer": dealer})
    else:
        messages.error(request, _("Choose a valid grade."))
    month = request.POST.get("month", "")
    target = reverse("dealers:assessment")
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}", month):
        target += f"?month={month}"
    return redirect(target)
