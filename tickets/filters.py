"""The queue's filters, shared by the queue page and the ticket list API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Organisation, User
from accounts.scoping import is_internal
from tickets.models import OPEN_STATUSES, Customer, FaultSeverity, RegionClass, Status, Ticket
from tickets.selectors import search_filter

#: Sort keys offered to the page and the API, mapped to model fields.
ORDERING_FIELDS = (
    ("number", "number"),
    ("received_at", "received_at"),
    ("updated_at", "updated_at"),
    ("status", "status"),
    ("severity__rank", "severity"),
    ("customer__name", "customer"),
    ("assigned_organisation__code", "organisation"),
    ("sla_due_at", "due"),
)

#: The SLA states the engine denormalises onto the ticket (``Ticket.sla_state``).
SLA_STATES = (
    ("running", _("Running")),
    ("warning", _("Warned")),
    ("breached", _("Breached")),
    ("paused", _("Paused")),
    ("none", _("No running clock")),
)


CLOCK_CHOICES = (("breached", _("Breached now")), ("at_risk", _("At risk")))


def _organisations(request: Any) -> QuerySet[Organisation]:
    queryset = Organisation.objects.filter(
        is_active=True, kind__in=[Organisation.Kind.SERVICE_CENTRE, Organisation.Kind.DEALER]
    )
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return queryset.none()
    if is_internal(user):
        return queryset
    return queryset.filter(pk=user.organisation_id)


def _technicians(request: Any) -> QuerySet[User]:
    queryset = User.objects.filter(is_active=True, groups__name="technician").distinct()
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return queryset.none()
    if is_internal(user):
        return queryset.order_by("organisation__code", "username")
    return queryset.filter(organisation_id=user.organisation_id).order_by("username")


class _YesNoAll(forms.Select):
    """A yes/no filter whose empty choice reads "all" (not django-filter's "unknown")."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        choices = (
            ("", pgettext_lazy("filter choice", "All")),
            ("true", _("Yes")),
            ("false", _("No")),
        )
        super().__init__(attrs, choices)


class TicketFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=Status.choices, distinct=False
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Ticket.Kind.choices)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Ticket.Channel.choices)
    severity = django_filters.ModelChoiceFilter(
        label=_("Severity"), queryset=FaultSeverity.objects.all(), to_field_name="code"
    )
    region_class = django_filters.ModelChoiceFilter(
        label=_("Region class"), queryset=RegionClass.objects.all(), to_field_name="code"
    )
    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"), field_name="assigned_organisation", queryset=_organisations
    )
    technician = django_filters.ModelChoiceFilter(label=_("Technician"), queryset=_technicians)
    mine = django_filters.BooleanFilter(label=_("Mine"), method="filter_mine", widget=_YesNoAll)
    open = django_filters.BooleanFilter(
        label=_("Open only"), method="filter_open", widget=_YesNoAll
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=ORDERING_FIELDS,
        field_labels={
            "number": pgettext_lazy("ticket", "Number"),
            "received_at": _("Received"),
            "updated_at": _("Updated"),
            "status": _("Status"),
            "severity__rank": _("Severity"),
            "customer__name": _("Customer"),
            "assigned_organisation__code": _("Organisation"),
            "sla_due_at": _("Due"),
        },
    )
    sla_state = django_filters.MultipleChoiceFilter(
        label=_("SLA state"), choices=SLA_STATES, method="filter_sla_state"
    )
    due_before = django_filters.IsoDateTimeFilter(
        label=_("Due before"), field_name="sla_due_at", lookup_expr="lte"
    )
    due_after = django_filters.IsoDateTimeFilter(
        label=_("Due after"), field_name="sla_due_at", lookup_expr="gte"
    )

    # Exactly the tickets behind a dashboard's "breached now" / "at risk" count: a clock of
    # ``clock_metric`` (any metric when empty) past due now, or running and due before
    # ``clock_due_before``.
    clock = django_filters.ChoiceFilter(
        label=_("SLA clock"),
        choices=CLOCK_CHOICES,
        method="filter_clock",
    )
    clock_metric = django_filters.CharFilter(label=_("SLA metric"), method="filter_noop")
    clock_due_before = django_filters.IsoDateTimeFilter(
        label=_("Clock due before"), method="filter_noop"
    )

    class Meta:
        model = Ticket
        fields: list[str] = []

    def filter_noop(self, queryset: QuerySet[Ticket], name: str, value: Any) -> QuerySet[Ticket]:
        return queryset

    def filter_clock(self, queryset: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        if not value:
            return queryset
        clock_model: Any = Ticket._meta.get_field("sla_clocks").related_model
        clocks = clock_model.objects.filter(ticket=OuterRef("pk"), applies=True)
        data = self.form.cleaned_data
        if data.get("clock_metric"):
            clocks = clocks.filter(metric=data["clock_metric"][:32])
        now = timezone.now()
        if value == "breached":
            clocks = clocks.filter(state__in=["running", "breached"], due_at__lte=now)
        else:
            clocks = clocks.filter(state="running", due_at__gt=now)
            if data.get("clock_due_before"):
                clocks = clocks.filter(due_at__lte=data["clock_due_before"])
        return queryset.filter(Exists(clocks))

    @property
    def qs(self) -> QuerySet[Ticket]:
        """Nearest SLA due time first unless the user asked for another order."""
        queryset = super().qs
        if not (self.data or {}).get("ordering"):
            queryset = queryset.order_by(
                F("sla_due_at").asc(nulls_last=True), "-received_at", "-id"
            )
        return queryset

    def filter_sla_state(
        self, queryset: QuerySet[Ticket], name: str, value: list[str]
    ) -> QuerySet[Ticket]:
        if not value:
            return queryset
        states = [v for v in value if v != "none"]
        condition = Q(sla_state__in=states)
        if "none" in value:
            condition |= Q(sla_state="")
        return queryset.filter(condition)

    def filter_search(self, queryset: QuerySet[Ticket], name: str, value: str) -> QuerySet[Ticket]:
        if not value or not value.strip():
            return queryset
        return queryset.filter(search_filter(value[:100]))

    def filter_mine(
        self, queryset: QuerySet[Ticket], name: str, value: bool | None
    ) -> QuerySet[Ticket]:
        user = getattr(self.request, "user", None)
        if not value or user is None or not user.is_authenticated:
            return queryset
        return queryset.filter(Q(technician=user) | Q(supervisor=user) | Q(created_by=user))

    def filter_open(
        self, queryset: QuerySet[Ticket], name: str, value: bool | None
    ) -> QuerySet[Ticket]:
        if value is None:
            return queryset
        if value:
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.exclude(status__in=OPEN_STATUSES)


class QueueApiFilter(TicketFilter):
    """The ticket list API's filters: only those a request names are built and validated.

    A filter left out of the query string filters nothing, so leaving it out of the form
    changes no result, and a bad value of one that is named is still a 400 with its field
    message. Building all seventeen fields (and a form class for them) on every request
    cost more than reading the page; the queue page renders every control, so it keeps
    ``TicketFilter``. The schema reads the class's filters, which stay complete."""

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        named = set(data or ())
        self.base_filters = {  # this request's, shadowing the class's
            name: filter_ for name, filter_ in TicketFilter.base_filters.items() if name in named
        }
        super().__init__(data, *args, **kwargs)


class CustomerFilter(django_filters.FilterSet):
    """The customer lookup of the API: ``?phone=`` a prefix of the phone, ``?q=`` part of the
    name or the phone."""

    phone = django_filters.CharFilter(label=_("Phone"), method="filter_phone")
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")

    class Meta:
        model = Customer
        fields: list[str] = []

    def filter_phone(
        self, queryset: QuerySet[Customer], name: str, value: str
    ) -> QuerySet[Customer]:
        return queryset.filter(phone__startswith=value.strip()[:40])

    def filter_text(
        self, queryset: QuerySet[Customer], name: str, value: str
    ) -> QuerySet[Customer]:
        text = value.strip()
        return queryset.filter(Q(name__icontains=text[:100]) | Q(phone__icontains=text[:40]))
