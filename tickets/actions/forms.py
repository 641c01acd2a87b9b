"""Inputs of the workflow actions, validated the same way for pages, API and admin.

Each action names its form in the registry (:mod:`tickets.actions.handlers`); the workflow
validates ``data`` with it and raises a ``DomainError`` carrying the form's per-field messages.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from aftersales.widgets import DateInput, DateTimeInput
from tickets.models import FaultSeverity

MAX_SIGNATURE_BYTES = 300_000

SURVEY_LEVELS = [
    (4, _("Very satisfied")),
    (3, _("Satisfied")),
    (2, _("Basically satisfied")),
    (1, _("Dissatisfied")),
]


def public_field() -> forms.BooleanField:
    """The writer's choice whether the customer reads the note; unticked (internal) unless
    they say so."""
    return forms.BooleanField(
        label=_("Visible to the customer"),
        required=False,
        initial=False,
        help_text=_("Leave unticked for an internal note only the service side reads."),
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    public = public_field()


class RequiredNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    public = public_field()


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    public = public_field()


class ForwardForm(NoteForm):
    assigned_organisation = forms.ModelChoiceField(
        label=_("Forward to"),
        queryset=Organisation.objects.filter(
            is_active=True, kind__in=[Organisation.Kind.SERVICE_CENTRE, Organisation.Kind.DEALER]
        ),
    )


class ArrangeForm(NoteForm):
    technician = forms.ModelChoiceField(
        label=_("Technician"),
        queryset=User.objects.filter(is_active=True, groups__name="technician").distinct(),
    )
    customer_told = forms.BooleanField(
        label=_("Customer told of the arrangement"),
        error_messages={"required": _("Tell the customer before confirming the arrangement.")},
    )
    appointment_at = forms.DateTimeField(
        label=_("Appointment"), required=False, widget=DateTimeInput()
    )


class CarryInForm(NoteForm):
    workshop_receipt_no = forms.CharField(label=_("Workshop receipt no."), max_length=40)


class RestoreForm(NoteForm):
    standby_unit = forms.BooleanField(label=_("Standby unit provided"), required=False)


class ResolveForm(forms.Form):
    signed_by_name = forms.CharField(label=_("Signed by (customer)"), max_length=100)
    signature = forms.CharField(label=_("Signature"), required=False, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Customer comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_signature(self) -> str:
        value: str = self.cleaned_data.get("signature", "")
        if not value:
            return ""
        prefix = "data:image/png;base64,"
        if not value.startswith(prefix):
            raise forms.ValidationError(_("The signature must be a PNG image."))
        try:
            raw = base64.b64decode(value[len(prefix) :], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise forms.ValidationError(_("The signature image is damaged.")) from exc
        if len(raw) > MAX_SIGNATURE_BYTES:
            raise forms.ValidationError(_("The signature image is too large."))
        return value


class ReturnVisitForm(NoteForm):
    attitude = forms.TypedChoiceField(
        label=_("Service attitude"), choices=SURVEY_LEVELS, coerce=int
    )
    skill = forms.TypedChoiceField(label=_("Technical skill"), choices=SURVEY_LEVELS, coerce=int)
    arrival = forms.TypedChoiceField(label=_("Arrival time"), choices=SURVEY_LEVELS, coerce=int)
    promise = forms.TypedChoiceField(label=_("Keeping promises"), choices=SURVEY_LEVELS, coerce=int)


class ContactForm(NoteForm):
    OUTCOMES = [
        ("reached", _("Reached")),
        ("no_answer", _("No answer")),
        ("message", _("Left a message")),
    ]
    outcome = forms.ChoiceField(label=_("Outcome"), choices=OUTCOMES, initial="reached")


class PartForm(forms.Form):
    part_number = forms.CharField(label=_("Part number"), max_length=64)
    name = forms.CharField(label=_("Part name"), max_length=200)
    quantity = forms.DecimalField(
        label=_("Quantity"), min_value=0.01, max_digits=10, decimal_places=2, initial=1
    )
    unit_price = forms.DecimalField(
        label=_("Unit price"), min_value=0, max_digits=12, decimal_places=2, initial=0
    )
    is_new = forms.BooleanField(label=_("New part"), required=False, initial=True)
    old_part_retained = forms.BooleanField(label=_("Old part retained"), required=False)
    old_part_tag = forms.CharField(label=_("Old part tag no."), max_length=40, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("old_part_retained") and not data.get("old_part_tag"):
            self.add_error("old_part_tag", _("Tag the retained old part."))
        return data


class LabourForm(forms.Form):
    hours = forms.DecimalField(
        label=_("Hours"), min_value=0.25, max_value=24, max_digits=6, decimal_places=2
    )
    work_date = forms.DateField(
        label=_("Work date"), required=False, initial=timezone.localdate, widget=DateInput()
    )
    work_type = forms.CharField(label=_("Work type"), max_length=40, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class AssignForm(NoteForm):
    assigned_organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.filter(
            is_active=True, kind__in=[Organisation.Kind.SERVICE_CENTRE, Organisation.Kind.DEALER]
        ),
    )
    technician = forms.ModelChoiceField(
        label=_("Technician"),
        required=False,
        queryset=User.objects.filter(is_active=True, groups__name="technician").distinct(),
    )
    supervisor = forms.ModelChoiceField(
        label=_("Supervisor"),
        required=False,
        queryset=User.objects.filter(is_active=True, groups__name="supervisor").distinct(),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f) for f in ("assigned_organisation", "technician", "supervisor")):
            raise forms.ValidationError(_("Choose an organisation, a technician or a supervisor."))
        return data


class SeverityForm(forms.Form):
    severity = forms.ModelChoiceField(
        label=_("Severity"),
        queryset=FaultSeverity.objects.filter(is_active=True),
        to_field_name="code",
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000)
