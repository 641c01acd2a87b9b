"""Dealer pages: claims."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.requests import request_user
from aftersales.errors import DomainError
from attachments.events import AttachmentEvent
from dealers import selectors
from dealers.forms import (
    FindingForm,
    RejectForm,
)
from dealers.models import (
    ClaimLine,
    ClaimRejectionReason,
    ClaimStatus,
    ClaimTransition,
    PartsShipment,
    WarrantyClaim,
)
from dealers.services.claim_rules import split_claimable
from dealers.services.claims import available_transitions, claim_create, claim_transition
from dealers.services.settlement import falsified_card_record
from dealers.views.common import (
    CLAIM_ROLES,
    DEALER,
    _page,
)
from warranty.models import WarrantyCard


@role_required(CLAIM_ROLES)
def claim_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.claim_scope(request_user(request)).order_by("-created_at", "-pk")
    status = request.GET.get("status", "")
    if status in ClaimStatus.values:
        rows = rows.filter(status=status)
    return render(
        request,
        "dealers/claim_list.html",
        {
            "page": _page(request, rows),
            "status": status,
            "statuses": ClaimStatus.choices,
        },
    )


@role_required(DEALER)
@require_http_methods(["GET", "POST"])
def claim_new(request: HttpRequest) -> HttpResponse:
    unclaimed = (
        selectors.record_scope(request_user(request))
        .filter(claim__isnull=True)
        .select_related("dealer", "ticket__unit__card")
        .order_by("-filed_at")
    )
    # One rule for the choice list and for filing (dealers.services.claim_rules).
    claimable, blocked = split_claimable(unclaimed)
    errors: list[str] = []
    if request.method == "POST":
        ids = [i for i in request.POST.getlist("records") if i.isdigit()]
        records = list(unclaimed.filter(pk__in=ids))
        try:
            if len(records) != len(set(ids)) or not records:
                raise DomainError(_("Choose at least one repair record."), field="records")
            claim = claim_create(
                by=request_user(request), records=records, note=request.POST.get("note", "")[:2000]
            )
            if request.POST.get("submit"):
                claim_transition(claim=claim, by=request_user(request), action="submit")
        except DomainError as exc:
            errors = exc.messages()
        else:
            messages.success(request, _("Claim %(number)s filed.") % {"number": claim.number})
            return redirect("dealers:claim-detail", pk=claim.pk)
    return render(
        request,
        "dealers/claim_form.html",
        {"records": claimable, "blocked": blocked, "errors": errors},
    )


def _claim_or_404(request: HttpRequest, pk: int) -> WarrantyClaim:
    return get_object_or_404(selectors.claim_detail_scope(request_user(request)), pk=pk)


@role_required(CLAIM_ROLES)
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_or_404(request, pk)
    return render(request, "dealers/claim_detail.html", _claim_context(request, claim))


def _claim_context(request: HttpRequest, claim: WarrantyClaim, **extra: Any) -> dict[str, Any]:
    actions = available_transitions(claim, request_user(request))
    lines = list(claim.lines.select_related("record"))
    return {
        "claim": claim,
        "lines": lines,
        "part_lines": [line for line in lines if line.kind == ClaimLine.Kind.PART],
        "tags": [line.tag_number for line in lines if line.tag_number],
        "actions": {rule.action: rule for rule in actions},
        "reject_form": RejectForm(),
        "reasons": ClaimRejectionReason.objects.filter(is_active=True),
        "shipment": getattr(claim, "return_shipment", None),
        "events": _claim_timeline(claim),
        **extra,
    }


def _claim_timeline(claim: WarrantyClaim) -> list[tuple[Any, str, str]]:
    """(event, its label, the status it led to) for the claim's history: the transitions'
    labels are read once, not per event."""
    labels: dict[str, Any] = {
        f"claim.{rule.action}": rule.label for rule in ClaimTransition.objects.all()
    }
    labels.update(
        {
            "claim.created": _("Claim filed"),
            "claim.auto_rejected": _("Rejected automatically"),
            "claim.fees_cancelled": _("Repair fees cancelled (falsified card)"),
            AttachmentEvent.ADDED: _("Files attached"),
        }
    )
    statuses = dict(ClaimStatus.choices)
    return [
        (e, str(labels.get(e.code, e.code)), str(statuses.get(e.to_status, e.to_status)))
        for e in claim.events.all()
    ]


def _action_data(action: str, post: Any, claim: WarrantyClaim) -> dict[str, Any]:
    """Turn the page's form fields into the service's fields (the API sends them as is)."""
    data: dict[str, Any] = {
        k: post.get(k)
        for k in ("note", "reason", "tracking_number", "carrier", "genuine")
        if k in post
    }
    if action == "ship_parts":
        data["tags"] = post.getlist("tags")
    elif action == "appraise":
        data["parts"] = [
            {
                "line": line.pk,
                "verdict": post.get(f"verdict_{line.pk}", ""),
                "reason": post.get(f"why_{line.pk}", ""),
            }
            for line in claim.lines.filter(kind=ClaimLine.Kind.PART)
        ]
    elif action == "approve":
        data["lines"] = [
            {"line": line.pk, "approved_amount": post.get(f"amount_{line.pk}")}
            for line in claim.lines.all()
            if post.get(f"amount_{line.pk}", "") != ""
        ]
    return data


@role_required(CLAIM_ROLES)
@require_POST
def claim_act(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_or_404(request, pk)
    action = request.POST.get("action", "")
    try:
        claim_transition(
            claim=claim,
            by=request_user(request),
            action=action,
            data=_action_data(action, request.POST, claim),
        )
    except DomainError as exc:
        claim = _claim_or_404(request, pk)
        errors = exc.messages()
        return render(
            request,
            "dealers/claim_detail.html",
            _claim_context(request, claim, errors=errors, failed=action),
            status=exc.http_status,
        )
    rule = ClaimTransition.objects.filter(action=action).order_by("position", "pk").first()
    messages.success(
        request,
        _("“%(action)s” done: claim %(number)s")
        % {"action": rule.label if rule else action, "number": claim.number},
    )
    return redirect("dealers:claim-detail", pk=claim.pk)


@role_required(frozenset({"appraiser", "manager"}))
def appraisal(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    return render(
        request,
        "dealers/appraisal.html",
        {
            "claims": selectors.claims_to_appraise(user),
            "shipments": selectors.shipment_scope(user)
            .filter(status__in=[PartsShipment.Status.REQUESTED, PartsShipment.Status.VERIFIED])
            .order_by("due_at", "requested_at"),
        },
    )


@role_required(frozenset({"finance", "manager"}))
@require_http_methods(["GET", "POST"])
def finance(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = FindingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        card = WarrantyCard.objects.filter(unit__serial=form.cleaned_data["serial"].strip()).first()
        try:
            if card is None:
                raise DomainError(_("No warranty card for this serial number."), field="serial")
            finding = falsified_card_record(by=user, card=card, note=form.cleaned_data["note"])
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(
                request,
                _(
                    "Falsified card recorded: %(dealer)s's repair fees of "
                    "%(year)sQ%(quarter)s are cancelled."
                )
                % {"dealer": finding.dealer, "year": finding.year, "quarter": finding.quarter},
            )
            return redirect("dealers:finance")
    return render(
        request,
        "dealers/finance.html",
        {
            "claims": selectors.claims_to_review(user),
            "finding_form": form,
        },
    )
