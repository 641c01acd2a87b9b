"""The phone intake form (the workflow actions' forms are in :mod:`tickets.actions.forms`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.widgets import DateTimeInput
from tickets.models import FaultSeverity, RegionClass, Ticket

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
        widget=DateTimeInput(),
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
