"""The dashboard's period picker and filters, as a form (pages) and the same fields read by
the API. Choices are scoped: a dealer is offered (and held to) its own organisation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from reports.periods import PRESETS, Period, custom, preset
from reports.scope import organisations_for, report_organisation, technicians_for
from reports.sources import Metric
from tickets.models import FaultSeverity, RegionClass, Ticket


@dataclass(frozen=True)
class ReportFilters:
    """A validated period and filter set, already limited to the user's scope."""

    period: Period
    metric: str = ""
    severity: FaultSeverity | None = None
    region_class: RegionClass | None = None
    kind: str = ""
    organisation_id: int | None = None
    technician_id: int | None = None
    channel: str = ""
    horizon_hours: int = 2
    params: dict[str, str] = field(default_factory=dict)

    def dims_q(self, prefix: str = "", *, ticket: bool = False) -> Q:
        """The dimension filters on a rollup, on tickets (``ticket``) or on rows reaching the
        ticket through ``prefix`` (e.g. "ticket__")."""
        t = prefix
        q = Q()
        if self.severity is not None:
            q &= Q(**{f"{t}severity_id": self.severity.pk})
        if self.region_class is not None:
            q &= Q(**{f"{t}region_class_id": self.region_class.pk})
        if self.kind:
            q &= Q(**{f"{t}kind": self.kind})
        if self.channel:
            q &= Q(**{f"{t}channel": self.channel})
        if self.technician_id:
            q &= Q(**{f"{t}technician_id": self.technician_id})
        org_field = f"{t}assigned_organisation_id" if ticket or prefix else "organisation_id"
        if self.organisation_id:
            q &= Q(**{org_field: self.organisation_id})
        return q

    def rollup_q(self) -> Q:
        return Q(day__gte=self.period.first, day__lte=self.period.last) & self.dims_q()

    def queue_params(self) -> dict[str, str]:
        """The same filters in the ticket queue's terms."""
        params: dict[str, str] = {}
        if self.severity is not None:
            params["severity"] = self.severity.code
        if self.region_class is not None:
            params["region_class"] = self.region_class.code
        if self.kind:
            params["kind"] = self.kind
        if self.channel:
            params["channel"] = self.channel
        if self.organisation_id:
            params["organisation"] = str(self.organisation_id)
        if self.technician_id:
            params["technician"] = str(self.technician_id)
        return params


class ReportFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PRESETS, required=False, initial="30d")
    start = forms.DateField(label=_("From"), required=False)
    end = forms.DateField(label=_("To"), required=False)
    metric = forms.ChoiceField(
        label=_("Metric"), choices=[("", _("All metrics")), *Metric.choices], required=False
    )
    severity = forms.ModelChoiceField(
        label=_("Severity"),
        queryset=FaultSeverity.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All severities"),
    )
    region_class = forms.ModelChoiceField(
        label=_("Region class"),
        queryset=RegionClass.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All regions"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *Ticket.Kind.choices], required=False
    )
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, required=False, empty_label=_("All")
    )
    technician: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Technician"), queryset=None, required=False, empty_label=_("All")
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[("", _("All channels")), *Ticket.Channel.choices],
        required=False,
    )
    horizon = forms.IntegerField(
        label=_("At risk within (hours)"), min_value=1, max_value=72, required=False
    )

    def __init__(self, *args: Any, user: Any, default_horizon: int = 2, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.default_horizon = default_horizon
        organisation = cast("forms.ModelChoiceField[Organisation]", self.fields["organisation"])
        organisation.queryset = organisations_for(user)
        cast("forms.ModelChoiceField[User]", self.fields["technician"]).queryset = technicians_for(
            user
        )
        if report_organisation(user) is not None:
            organisation.empty_label = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period") == "custom" and not (data.get("start") and data.get("end")):
            raise forms.ValidationError(_("A custom range needs a start and an end date."))
        return data

    def filters(self, today: date | None = None) -> ReportFilters:
        """The filters of a valid form; an invalid form falls back to the defaults."""
        data = self.cleaned_data if self.is_valid() else {}
        day = today or timezone.localdate()
        code = data.get("period") or "30d"
        if code == "custom" and data.get("start") and data.get("end"):
            period = custom(data["start"], data["end"])
        else:
            period = preset(code, day)
        limit = report_organisation(self.user)
        organisation = data.get("organisation")
        technician = data.get("technician")
        params = {k: v for k, v in (self.data or {}).items() if k in self.fields and v}
        return ReportFilters(
            period=period,
            metric=data.get("metric") or "",
            severity=data.get("severity"),
            region_class=data.get("region_class"),
            kind=data.get("kind") or "",
            organisation_id=limit
            if limit is not None
            else (organisation.pk if organisation else None),
            technician_id=technician.pk if technician else None,
            channel=data.get("channel") or "",
            horizon_hours=data.get("horizon") or self.default_horizon,
            params=params,
        )
