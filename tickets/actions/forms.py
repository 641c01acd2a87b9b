"""Inputs of the workflow actions, validated the same way for pages, API and admin.

Each action names its form in the registry (:mod:`tickets.actions.handlers`); the workflow
validates ``data`` with it and raises a ``DomainError`` carrying the form's per-field messages.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from aftersales.widgets import DateInput, DateTimeInput
from tickets.models import FaultSeverity
from tickets.signatures import signature_problem

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
    """The completion sign-off (完工签字): the customer's drawn signature, or — the customer
    being absent — the confirmation an agent recorded by phone (checked by the handler)."""

    signed_by_name = forms.CharField(
        label=_("Signed by (customer)"), max_length=100, required=False
    )
    signature = forms.CharField(label=_("Signature"), required=False, widget=forms.HiddenInput)
    customer_absent = forms.BooleanField(
        label=_("Customer absent: completion confirmed by phone"),
        required=False,
        help_text=_(
            "Without a signature an agent must first call the customer and record the "
            "confirmation on the ticket."
        ),
    )
    comment = forms.CharField(
        label=_("Customer comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_signature(self) -> str:
        value: str = self.cleaned_data.get("signature", "")
        if value:
            problem = signature_problem(value)
            if problem:
                raise forms.ValidationError(problem)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("customer_absent"):
            return data
        if not data.get("signed_by_name", "").strip():
            self.add_error("signed_by_name", _("Who signs? Enter the customer's name."))
        if not data.get("signature") and "signature" not in self.errors:
            self.add_error(
                "signature",
                _(
                    "The customer signs on the pad; if the customer is absent, tick "
                    "“customer absent” instead."
                ),
            )
        return data


class PhoneConfirmationForm(NoteForm):
    """An agent's call to an absent customer who confirms the repair is complete."""

    field_order = ["spoke_with", "called_at", "note", "public"]

    spoke_with = forms.CharField(label=_("Spoke with"), max_length=100)
    called_at = forms.DateTimeField(
        label=_("Called at"),
        required=False,
        help_text=_("Leave empty for now."),
        widget=DateTimeInput(),
    )


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
