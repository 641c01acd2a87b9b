"""Inputs of the workflow actions, validated the same way for pages, API and admin.

Each action that needs fields has a form here; ``perform_action`` validates ``data`` with it
and raises a ``DomainError`` carrying the form's per-field messages.
"""

from __future__ import annotations

import base64
import binascii

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from tickets.models import FaultSeverity, RegionClass, Ticket

MAX_SIGNATURE_BYTES = 300_000

SURVEY_LEVELS = [
    (4, _("Very satisfied")),
    (3, _("Satisfied")),
    (2, _("Basically satisfied")),
    (1, _("Dissatisfied")),
]


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RequiredNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


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
    appointment_at = forms.DateTimeField(label=_("Appointment"), required=False)


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

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("old_part_retained") and not data.get("old_part_tag"):
            self.add_error("old_part_tag", _("Tag the retained old part."))
        return data


class LabourForm(forms.Form):
    hours = forms.DecimalField(
        label=_("Hours"), min_value=0.25, max_value=24, max_digits=6, decimal_places=2
    )
    work_date = forms.DateField(label=_("Work date"), required=False)
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

    def clean(self) -> dict:
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


ACTION_FORMS: dict[str, type[forms.Form]] = {
    "forward": ForwardForm,
    "arrange": ArrangeForm,
    "check": NoteForm,
    "check_in": NoteForm,
    "carry_in": CarryInForm,
    "await_parts": NoteForm,
    "parts_arrived": NoteForm,
    "wait_customer": ReasonForm,
    "resume": NoteForm,
    "restore": RestoreForm,
    "resolve": ResolveForm,
    "return_visit": ReturnVisitForm,
    "close": NoteForm,
    "reopen": ReasonForm,
    "cancel": ReasonForm,
    "add_note": RequiredNoteForm,
    "log_contact": ContactForm,
    "add_part": PartForm,
    "add_labour": LabourForm,
    "assign": AssignForm,
    "change_severity": SeverityForm,
}


# --- phone intake ------------------------------------------------------------------------


class IntakeForm(forms.Form):
    """One form for a call: who is calling, which unit, what is wrong."""

    phone = forms.CharField(
        label=_("Caller's phone"),
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "autofocus": True}),
    )
    customer_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    customer_name = forms.CharField(label=_("Customer name"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    region_class = forms.ModelChoiceField(
        label=_("Region class"),
        queryset=RegionClass.objects.filter(is_active=True),
        to_field_name="code",
        empty_label=None,
    )
    serial_number = forms.CharField(
        label=_("Serial number"),
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    product_model = forms.CharField(label=_("Product model"), max_length=100, required=False)
    fault_description = forms.CharField(
        label=_("Fault description"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    severity = forms.ModelChoiceField(
        label=_("Severity"),
        queryset=FaultSeverity.objects.filter(is_active=True),
        to_field_name="code",
        initial="minor",
        empty_label=None,
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=Ticket.Kind.choices, initial=Ticket.Kind.REPAIR
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=Ticket.Channel.choices, initial=Ticket.Channel.PHONE
    )
    service_type = forms.ChoiceField(
        label=_("Service type"),
        choices=[("", _("From the warranty decision")), *Ticket.ServiceType.choices],
        required=False,
    )
    service_type_reason = forms.CharField(
        label=_("Reason for the service type"),
        max_length=500,
        required=False,
        help_text=_("Required when the service type differs from the warranty decision."),
    )
    received_at = forms.DateTimeField(
        label=_("Time of call"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=[
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%d %H:%M",
            "%Y-%m-%d %H:%M:%S",
        ],
    )

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"].strip()
        digits = phone.replace("-", "").replace(" ", "").replace("+", "")
        if not digits.isdigit() or len(digits) < 5:
            raise forms.ValidationError(_("Enter a phone number (digits, at least 5)."))
        return phone
