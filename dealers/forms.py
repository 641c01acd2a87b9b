"""Forms of the dealer pages. They only shape input; the rules live in the services."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from aftersales.widgets import DateInput, DateTimeInput
from dealers.models import ClaimRejectionReason, DealerProfile


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):  # type: ignore[no-untyped-def]
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ArrangeForm(forms.Form):
    technician: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Technician"), queryset=None
    )
    appointment_at = forms.DateTimeField(
        label=_("Appointment"),
        required=False,
        widget=DateTimeInput(),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, technicians=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["technician"].queryset = technicians


class RecordForm(forms.Form):
    technician: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Technician"), queryset=None
    )
    visit_date = forms.DateField(label=_("Visit date"), widget=DateInput())
    work_done = forms.CharField(
        label=_("Work done"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    labour_hours = forms.DecimalField(
        label=_("Labour hours"), min_value=Decimal("0"), max_value=Decimal("999"), decimal_places=2
    )
    travel_km = forms.DecimalField(
        label=_("Travel distance (km)"),
        min_value=Decimal("0"),
        max_value=Decimal("99999"),
        decimal_places=1,
        initial=0,
    )
    customer_signed_name = forms.CharField(label=_("Customer signed by"), max_length=100)
    photos = MultipleFileField(label=_("Photos"), required=False)

    def __init__(self, *args, technicians=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["technician"].queryset = technicians


class PartForm(forms.Form):
    part_number = forms.CharField(label=_("Part number"), max_length=64, required=False)
    name = forms.CharField(label=_("Part name"), max_length=200, required=False)
    quantity = forms.DecimalField(
        label=_("Quantity"),
        min_value=Decimal("0.01"),
        max_value=Decimal("99999"),
        decimal_places=2,
        required=False,
    )
    unit_price = forms.DecimalField(
        label=_("Unit price"),
        min_value=Decimal("0"),
        max_value=Decimal("9999999"),
        decimal_places=2,
        required=False,
    )
    old_part_retained = forms.BooleanField(
        label=_("Old part retained"), required=False, initial=True
    )
    tag_number = forms.CharField(label=_("Tag no."), max_length=40, required=False)


PartFormSet = forms.formset_factory(PartForm, extra=4, max_num=30)


class CertificateForm(forms.Form):
    technician: forms.ModelChoiceField[User] = forms.ModelChoiceField(
        label=_("Technician"), queryset=None
    )
    number = forms.CharField(label=_("Certificate number (维修员证)"), max_length=40)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_until = forms.DateField(label=_("Valid until"), widget=DateInput())

    def __init__(self, *args, technicians=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["technician"].queryset = technicians


class ShipmentRequestForm(forms.Form):
    part_number = forms.CharField(label=_("Part number"), max_length=64)
    name = forms.CharField(label=_("Part name"), max_length=200)
    quantity = forms.DecimalField(
        label=_("Quantity"),
        min_value=Decimal("0.01"),
        max_value=Decimal("99999"),
        decimal_places=2,
        initial=1,
    )
    ticket = forms.CharField(label=_("Ticket number"), max_length=20, required=False)


class RejectForm(forms.Form):
    reason = forms.ModelChoiceField(
        label=_("Rejection reason"),
        to_field_name="code",
        queryset=ClaimRejectionReason.objects.filter(is_active=True),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class GradeForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=DealerProfile.Grade.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class StatementIssueForm(forms.Form):
    dealer: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Dealer"), queryset=None
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.IntegerField(label=_("Quarter"), min_value=1, max_value=4)

    def __init__(self, *args, dealers=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["dealer"].queryset = dealers


class FindingForm(forms.Form):
    serial = forms.CharField(label=_("Unit serial number"), max_length=64)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
