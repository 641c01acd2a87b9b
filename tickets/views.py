"""Ticket pages: queue, ticket page and its actions, dispatch board, my jobs, service voucher
(phone intake: :mod:`tickets.intake_views`).

Every page reads through a selector in the user's scope (another organisation's ticket is a
404) and every write goes through ``tickets.services``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.access import may_open
from accounts.decorators import role_required
from accounts.models import User
from accounts.requests import request_user
from accounts.scoping import is_customer
from aftersales.errors import DomainError
from tickets import actions, dispatch_clocks, hooks
from tickets.actions import form_for
from tickets.events import TicketEventCode
from tickets.filters import ORDERING_FIELDS, TicketFilter
from tickets.models import OPEN_STATUSES, Status, Ticket, WorkflowAction
from tickets.panels import panels_for
from tickets.selectors import ticket_events_for, ticket_list, ticket_scope
from tickets.timeline import render_events

View = Callable[..., HttpResponse]
PAGE_SIZE = 50
INTAKE_ROLES = ("agent", "supervisor", "manager", "dealer")
DISPATCH_ROLES = ("supervisor", "manager", "dealer")


def customers_elsewhere(page: str) -> Callable[[View], View]:
    """Send a customer account's user to their own page (set by the portal through
    :func:`tickets.hooks.set_customer_pages`) instead of this staff page."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            target = hooks.customer_page(page)
            if target and isinstance(request.user, User) and is_customer(request.user):
                return redirect(target, *args, **kwargs)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _get_ticket(user: User, number: str) -> Ticket:
    """The ticket by number from the user's scope; "not yours" and "not there" are one 404."""
    return get_object_or_404(ticket_list(user), number=number)


# --- action forms ------------------------------------------------------------------------


def _technicians_of(organisation_id: int) -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True, groups__name="technician", organisation_id=organisation_id
        )
        .distinct()
        .order_by("username")
    )


def _action_form(
    rule: WorkflowAction, ticket: Ticket, data: Any = None, user: User | None = None
) -> forms.Form:
    form = form_for(rule.action)(data=data, auto_id=f"id_{ticket.number}_{rule.action}_%s")
    if "technician" in form.fields and rule.action == "arrange":
        form.fields["technician"].queryset = _technicians_of(ticket.assigned_organisation_id)  # type: ignore[attr-defined]
    if rule.action == "forward" and user is not None and not user.organisation.is_internal:
        # A dealer forwards to its own outlet only (the handler refuses any other).
        field = form.fields["assigned_organisation"]
        field.queryset = field.queryset.filter(pk=user.organisation_id)  # type: ignore[attr-defined]
        field.initial = user.organisation_id
        field.empty_label = None  # type: ignore[attr-defined]
    return form


def action_forms(
    ticket: Ticket, user: User, *, bound: tuple[str, forms.Form] | None = None
) -> list[dict[str, Any]]:
    """Each action ``user`` may perform now, with its (possibly bound) form."""
    out = []
    for rule in actions.available_actions(ticket, user):
        if bound and bound[0] == rule.action:
            form = bound[1]
        else:
            form = _action_form(rule, ticket, user=user)
        out.append(
            {
                "rule": rule,
                "form": form,
                "changes_status": bool(rule.to_status),
                "open": bool(bound and bound[0] == rule.action),
            }
        )
    return out


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# --- queue -------------------------------------------------------------------------------


def _sort_links(request: HttpRequest) -> dict[str, dict[str, str]]:
    current = request.GET.get("ordering", "")
    links = {}
    for _field, param in ORDERING_FIELDS:
        query = request.GET.copy()
        query.pop("page", None)
        descending = current == param
        query["ordering"] = f"-{param}" if descending else param
        arrow = "▲" if current == param else "▼" if current == f"-{param}" else ""
        links[param] = {"url": f"?{query.urlencode()}", "arrow": arrow}
    return links


@login_required
@customers_elsewhere("queue")
def queue(request: HttpRequest) -> HttpResponse:
    filterset = TicketFilter(
        request.GET or None, queryset=ticket_list(request_user(request)), request=request
    )
    paginator = Paginator(filterset.qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "tickets/queue.html",
        {
            "filter": filterset,
            "page": page,
            "sort": _sort_links(request),
            "query": query.urlencode(),
        },
    )


# --- ticket page and actions -------------------------------------------------------------


def _ticket_context(ticket: Ticket, user: User, **extra: Any) -> dict[str, Any]:
    parts = list(ticket.parts.all())
    labour = list(ticket.labour.select_related("technician"))
    return {
        "ticket": ticket,
        "top_panels": panels_for(ticket, user, place="top"),
        "timeline": render_events(ticket_events_for(ticket, user)),
        "parts": parts,
        "parts_total": sum((p.amount for p in parts), start=Decimal("0.00")),
        "labour": labour,
        "hours_total": sum((entry.hours for entry in labour), start=0),
        "actions": extra.pop("actions", None) or action_forms(ticket, user),
        "panels": panels_for(ticket, user),
        "past_tickets": (
            ticket_scope(user)
            .filter(customer_id=ticket.customer_id)
            .exclude(pk=ticket.pk)
            .order_by("-received_at")[:5]
        ),
        **extra,
    }


@dataclass(frozen=True)
class ActionFailure:
    """A refused ticket action, for the page the user came from to show: the action's form
    bound to what they entered, with its errors (``None`` when the action is not offered to
    them any more, e.g. someone else did it first: the message says why)."""

    number: str
    action: str
    form: forms.Form | None
    status: int

    def bound(self, ticket: Ticket) -> tuple[str, forms.Form] | None:
        if self.form is None or ticket.number != self.number:
            return None
        return (self.action, self.form)


@login_required
@customers_elsewhere("detail")
def detail(request: HttpRequest, number: str) -> HttpResponse:
    return _detail_page(request, number)


def _detail_page(
    request: HttpRequest, number: str, failure: ActionFailure | None = None
) -> HttpResponse:
    user = request_user(request)
    ticket = _get_ticket(user, number)
    context = _ticket_context(
        ticket,
        user,
        actions=action_forms(ticket, user, bound=failure.bound(ticket) if failure else None),
    )
    return render(
        request, "tickets/detail.html", context, status=failure.status if failure else 200
    )


def _failure(request: HttpRequest, number: str, code: str, error: DomainError) -> ActionFailure:
    """The refusal as form errors on the action's form (when the user is still offered the
    action), else as a message."""
    user = request_user(request)
    ticket = _get_ticket(user, number)
    rule = next((r for r in actions.available_actions(ticket, user) if r.action == code), None)
    form = None
    if rule is not None:
        form = _action_form(rule, ticket, data=request.POST, user=user)
        form.is_valid()
        error.add_to_form(form)
    if form is None or not form.errors:
        messages.error(request, str(error.message))
    return ActionFailure(number=number, action=code, form=form, status=error.http_status)


def _back_to_origin(request: HttpRequest, number: str, failure: ActionFailure) -> HttpResponse:
    """Show the refusal on the page the action was sent from (its validated ``next``, if that
    page hosts ticket actions and the user may see it), else on the ticket's page."""
    target = _safe_next(request, "")
    if target:
        try:
            match = resolve(urlsplit(target).path)
        except Resolver404:
            match = None
        host = ACTION_PAGES.get(match.view_name) if match else None
        if host is not None and may_open(request_user(request), target):
            return host(request, failure)
    return _detail_page(request, number, failure)


@login_required
def act(request: HttpRequest, number: str) -> HttpResponse:
    """Perform one workflow action from a page form. A refusal is shown on the page the form
    was on, with the entered values and the errors; success goes back there with a message
    that names the action and the ticket."""
    if request.method != "POST":
        return redirect("tickets:detail", number)
    ticket = _get_ticket(request_user(request), number)
    code = request.POST.get("action", "")[:32]
    data = {
        k: v for k, v in request.POST.items() if k not in {"csrfmiddlewaretoken", "action", "next"}
    }
    try:
        actions.perform_action(ticket=ticket, by=request_user(request), action=code, data=data)
    except DomainError as error:
        return _back_to_origin(request, number, _failure(request, number, code, error))
    messages.success(request, actions.done_message(code, ticket))
    return redirect(_safe_next(request, reverse("tickets:detail", args=[ticket.number])))


@login_required
def voucher(request: HttpRequest, number: str) -> HttpResponse:
    ticket = _get_ticket(request_user(request), number)
    context = _ticket_context(ticket, request_user(request), actions=[])
    events = context["timeline"]
    context["checked_in_at"] = next(
        (e["event"].at for e in events if e["event"].code == TicketEventCode.CHECK_IN), None
    )
    context["work_notes"] = [
        e
        for e in events
        if e["event"].code
        in {
            TicketEventCode.ADD_NOTE,
            TicketEventCode.ADD_LABOUR,
            TicketEventCode.RESTORE,
            TicketEventCode.CARRY_IN,
            TicketEventCode.CHECK_IN,
        }
    ]
    return render(request, "tickets/voucher.html", context)


# --- dispatch board ----------------------------------------------------------------------


@role_required(*DISPATCH_ROLES)
def dispatch_board(request: HttpRequest) -> HttpResponse:
    return _dispatch_page(request)


def _dispatch_page(request: HttpRequest, failure: ActionFailure | None = None) -> HttpResponse:
    waiting = list(
        ticket_list(request_user(request))
        .filter(status__in=[Status.FORWARDED, Status.ARRANGED])
        .order_by("assigned_organisation__code", "severity__rank", "received_at", "id")
    )
    org_ids = {t.assigned_organisation_id for t in waiting}
    technicians = (
        User.objects.filter(is_active=True, groups__name="technician", organisation_id__in=org_ids)
        .annotate(
            open_jobs=Count(
                "technician_tickets",
                filter=Q(technician_tickets__status__in=OPEN_STATUSES),
                distinct=True,
            )
        )
        .order_by("organisation_id", "open_jobs", "username")
    )
    by_org: dict[int, list[User]] = {}
    for person in technicians:
        by_org.setdefault(person.organisation_id, []).append(person)
    groups: dict[int, dict[str, Any]] = {}
    for ticket in waiting:
        group = groups.setdefault(
            ticket.assigned_organisation_id,
            {
                "organisation": ticket.assigned_organisation,
                "technicians": by_org.get(ticket.assigned_organisation_id, []),
                "to_arrange": [],
                "to_check": [],
            },
        )
        (group["to_arrange"] if ticket.status == Status.FORWARDED else group["to_check"]).append(
            ticket
        )
    registered = ticket_list(request_user(request)).filter(status=Status.REGISTERED).count()
    dispatch_clocks.attach_clocks(waiting, timezone.now())
    return render(
        request,
        "tickets/dispatch.html",
        {
            "groups": list(groups.values()),
            "registered": registered,
            "countdown_texts": dispatch_clocks.countdown_texts(),
            "clock_refresh_seconds": dispatch_clocks.REFRESH_SECONDS,
            "can_check": request_user(request).has_role("supervisor", "manager"),
            "failure": failure,
            "next_url": reverse("tickets:dispatch"),
        },
        status=failure.status if failure else 200,
    )


# --- technician: my jobs -----------------------------------------------------------------


@role_required("technician")
def my_jobs(request: HttpRequest) -> HttpResponse:
    return _my_jobs_page(request)


def _my_jobs_page(request: HttpRequest, failure: ActionFailure | None = None) -> HttpResponse:
    user = request_user(request)
    jobs = list(
        ticket_list(user)
        .filter(technician=user, status__in=OPEN_STATUSES)
        .annotate(hours=Sum("labour__hours"))
        .order_by("severity__rank", "received_at", "id")
    )
    cards = [
        {
            "ticket": job,
            "actions": action_forms(job, user, bound=failure.bound(job) if failure else None),
        }
        for job in jobs
    ]
    return render(
        request,
        "tickets/my_jobs.html",
        {"cards": cards},
        status=failure.status if failure else 200,
    )


#: The pages that host ticket action forms and show a refusal in place: URL name → how to
#: render it with the refusal (shown there if the user may open the page, by the page's own
#: role rule, :func:`accounts.access.may_open`). Any other ``next`` shows it on the ticket's
#: page.
ACTION_PAGES: dict[str, Callable[[HttpRequest, ActionFailure], HttpResponse]] = {
    "tickets:dispatch": _dispatch_page,
    "tickets:my_jobs": _my_jobs_page,
}
