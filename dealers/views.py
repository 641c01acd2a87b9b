"""Dealer pages: the dealer portal, repair records, claims through appraisal and review,
parts shipments, settlement notices and the assessment.

Every page reads through a selector in the user's scope (another dealer's object is a 404)
and every write goes through one service; domain errors become form errors or messages.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import role_required
from accounts.models import Organisation, User
from accounts.requests import request_user
from accounts.scoping import is_internal
from aftersales.errors import DomainError
from attachments.events import AttachmentEvent
from dealers import selectors
from dealers.exports import XLSX, statement_workbook
from dealers.forms import (
    ArrangeForm,
    CertificateForm,
    FindingForm,
    GradeForm,
    PartFormSet,
    RecordForm,
    RejectForm,
    ShipmentRequestForm,
    StatementIssueForm,
)
from dealers.models import (
    ClaimLine,
    ClaimRejectionReason,
    ClaimStatus,
    ClaimTransition,
    DealerEvent,
    PartsShipment,
    SettlementStatement,
    WarrantyClaim,
)
from dealers.periods import previous_month, previous_quarter, quarter_of
from dealers.services import assessment as assessment_services
from dealers.services.claims import available_transitions, claim_create, claim_transition
from dealers.services.profiles import (
    certificate_register,
    certified_technicians,
    dealer_grade_change,
)
from dealers.services.records import dealer_arrange, repair_record_file
from dealers.services.settlement import falsified_card_record, statement_draft, statement_issue
from dealers.services.shipments import shipment_advance, shipment_request
from tickets.events import TicketEventCode
from tickets.selectors import ticket_list
from warranty.models import WarrantyCard

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


# --- the portal ------------------------------------------------------------------------


@role_required(DEALER)
def portal(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    dealer = _own_dealer(user)
    technicians = certified_technicians(dealer) if dealer else User.objects.none()
    forwarded = list(selectors.forwarded_tickets(user)[:50])
    latest = selectors.assessment_scope(user).order_by("-month").first()
    return render(
        request,
        "dealers/portal.html",
        {
            "dealer": dealer,
            "forwarded": [
                (t, ArrangeForm(technicians=technicians, auto_id=f"id_{t.number}_%s"))
                for t in forwarded
            ],
            "to_record": selectors.dealer_open_tickets(user)[:20],
            "records": selectors.record_scope(user).order_by("-filed_at")[:10],
            "claims": selectors.claim_scope(user).order_by("-created_at")[:10],
            "shipments": selectors.shipment_scope(user)
            .exclude(status=PartsShipment.Status.DELIVERED)
            .order_by("due_at", "-requested_at")[:10],
            "statements": selectors.statement_scope(user).order_by("-year", "-quarter")[:4],
            "assessment": latest,
            "balance": selectors.ledger_balance(user, dealer) if dealer else None,
            "has_technicians": technicians.exists(),
        },
    )


@role_required(DEALER)
@require_POST
def arrange(request: HttpRequest, number: str) -> HttpResponse:
    ticket = get_object_or_404(ticket_list(request_user(request)), number=number)
    dealer = _own_dealer(request_user(request))
    form = ArrangeForm(
        request.POST, technicians=certified_technicians(dealer) if dealer else User.objects.none()
    )
    if form.is_valid():
        try:
            dealer_arrange(ticket=ticket, by=request_user(request), **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, " ".join(exc.messages()))
        else:
            messages.success(
                request,
                _("Ticket %(number)s arranged; the customer has been told.")
                % {"number": ticket.number},
            )
    else:
        messages.error(request, _("Choose a certified technician."))
    return redirect("dealers:portal")


# --- technicians -----------------------------------------------------------------------


@role_required(REGISTRY_ROLES)
@require_http_methods(["GET", "POST"])
def technician_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    people = User.objects.filter(
        is_active=True, groups__name="technician", organisation__kind=Organisation.Kind.DEALER
    ).distinct()
    if not is_internal(user):
        people = people.filter(organisation=user.organisation)
    form = CertificateForm(request.POST or None, technicians=people.order_by("username"))
    if request.method == "POST" and form.is_valid():
        try:
            certificate_register(by=user, **form.cleaned_data)
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(request, _("Certificate registered."))
            return redirect("dealers:technician-list")
    return render(
        request,
        "dealers/technician_list.html",
        {
            "certificates": selectors.certificate_scope(user),
            "form": form,
            "today": timezone.localdate(),
        },
    )


# --- repair records --------------------------------------------------------------------


@role_required(RECORD_ROLES)
def record_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.record_scope(request_user(request)).order_by("-filed_at", "-pk")
    return render(request, "dealers/record_list.html", {"page": _page(request, rows)})


@role_required(RECORD_ROLES)
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(selectors.record_detail_scope(request_user(request)), pk=pk)
    return render(request, "dealers/record_detail.html", {"record": record})


def _parts_from(formset: Any) -> list[dict[str, Any]]:
    out = []
    for data in formset.cleaned_data:
        if data and data.get("part_number"):
            out.append(
                {
                    **data,
                    "quantity": data.get("quantity") or Decimal("1"),
                    "unit_price": data.get("unit_price") or Decimal("0"),
                }
            )
    return out


@role_required(DEALER)
@require_http_methods(["GET", "POST"])
def record_new(request: HttpRequest, number: str) -> HttpResponse:
    ticket = get_object_or_404(ticket_list(request_user(request)), number=number)
    dealer = _own_dealer(request_user(request))
    if dealer is None:
        raise Http404
    technicians = certified_technicians(dealer)
    check_in = ticket.events.filter(code=TicketEventCode.CHECK_IN).order_by("at").first()
    initial = {
        "technician": ticket.technician_id,
        "visit_date": timezone.localdate(check_in.at) if check_in else timezone.localdate(),
        "customer_signed_name": ticket.signed_by_name or ticket.customer.name,
        "labour_hours": sum((e.hours for e in ticket.labour.all()), Decimal("0")) or None,
    }
    parts_initial = [
        {
            "part_number": p.part_number,
            "name": p.name,
            "quantity": p.quantity,
            "unit_price": p.unit_price,
            "old_part_retained": p.old_part_retained or True,
            "tag_number": p.old_part_tag,
        }
        for p in ticket.parts.all()
    ]
    if request.method == "POST":
        form = RecordForm(request.POST, request.FILES, technicians=technicians)
        formset = PartFormSet(request.POST, prefix="parts")
    else:
        form = RecordForm(initial=initial, technicians=technicians)
        formset = PartFormSet(prefix="parts", initial=parts_initial)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        values = dict(form.cleaned_data)
        photos = values.pop("photos") or []
        try:
            record = repair_record_file(
                by=request_user(request),
                ticket=ticket,
                parts=_parts_from(formset),
                photos=photos,
                **values,
            )
        except DomainError as exc:
            exc.add_to_form(form)
        else:
            messages.success(
                request, _("Repair record %(number)s filed.") % {"number": record.number}
            )
            return redirect("dealers:record-detail", pk=record.pk)
    return render(
        request,
        "dealers/record_form.html",
        {
            "ticket": ticket,
            "form": form,
            "formset": formset,
        },
    )


# --- claims ----------------------------------------------------------------------------


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
    available = (
        selectors.record_scope(request_user(request))
        .filter(claim__isnull=True)
        .order_by("-filed_at")
    )
    errors: list[str] = []
    if request.method == "POST":
        ids = [i for i in request.POST.getlist("records") if i.isdigit()]
        records = list(available.filter(pk__in=ids))
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
    return render(request, "dealers/claim_form.html", {"records": available, "errors": errors})


def _claim_or_404(request: HttpRequest, pk: int) -> WarrantyClaim:
    return get_object_or_404(selectors.claim_detail_scope(request_user(request)), pk=pk)


@role_required(CLAIM_ROLES)
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_or_404(request, pk)
    return render(request, "dealers/claim_detail.html", _claim_context(request, claim))


def _claim_context(request: HttpRequest, claim: WarrantyClaim, **extra: Any) -> dict[str, Any]:
    actions = available_transitions(claim, request_user(request))
    lines = list(claim.lines.all())
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
    messages.success(request, _("Done."))
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


# --- parts shipments -------------------------------------------------------------------


@role_required(SHIPMENT_ROLES)
@require_http_methods(["GET", "POST"])
def shipment_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    dealer = _own_dealer(user)
    form = ShipmentRequestForm(request.POST or None) if dealer else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            values = form.cleaned_data
            ticket = None
            if values["ticket"]:
                ticket = ticket_list(user).filter(number=values["ticket"].strip()).first()
            try:
                if values["ticket"] and ticket is None:
                    raise DomainError(_("Unknown or not yours."), field="ticket")
                shipment_request(
                    by=user,
                    dealer=dealer,  # type: ignore[arg-type]
                    ticket=ticket,
                    items=[
                        {
                            "part_number": values["part_number"],
                            "name": values["name"],
                            "quantity": values["quantity"],
                            "unit_price": "0",
                        }
                    ],
                )
            except DomainError as exc:
                exc.add_to_form(form)
            else:
                messages.success(request, _("Parts requested."))
                return redirect("dealers:shipment-list")
    rows = selectors.shipment_scope(user).order_by("-requested_at", "-pk")
    return render(
        request,
        "dealers/shipment_list.html",
        {
            "page": _page(request, rows),
            "form": form,
            "now": timezone.now(),
            "overdue": selectors.overdue_shipments(user),
        },
    )


@role_required(SHIPMENT_ROLES)
@require_POST
def shipment_act(request: HttpRequest, pk: int) -> HttpResponse:
    shipment = get_object_or_404(selectors.shipment_scope(request_user(request)), pk=pk)
    try:
        shipment_advance(
            by=request_user(request),
            shipment=shipment,
            action=request.POST.get("action", ""),
            tracking_number=request.POST.get("tracking_number", ""),
            carrier=request.POST.get("carrier", ""),
        )
    except DomainError as exc:
        messages.error(request, " ".join(exc.messages()))
    else:
        messages.success(request, _("Done."))
    return redirect(
        request.POST.get("back") == "appraisal" and "dealers:appraisal" or "dealers:shipment-list"
    )


# --- settlement ------------------------------------------------------------------------


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


# --- assessment ------------------------------------------------------------------------


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
