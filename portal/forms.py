"""The customer's fault report: a registered unit or a serial number, what is wrong, how bad,
when to come, photos. Validated here for the page; the intake service validates again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.widgets import DateTimeInput
from attachments.forms import MultipleFileField
from tickets.models import FaultSeverity
from warranty.models import Unit


class SeverityChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: FaultSeverity) -> str:  # type: ignore[override]
        return obj.description or obj.name


class ReportForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Which unit?"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— another unit: enter its serial number below —"),
        to_field_name="serial",
    )
    serial_number = forms.CharField(
        label=_("Serial number"),
        max_length=64,
        required=False,
        help_text=_("On the nameplate of the unit."),
    )
    product_model = forms.CharField(label=_("Product model"), max_length=100, required=False)
    fault_description = forms.CharField(
        label=_("What is wrong?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    severity = SeverityChoice(
        label=_("How much does it affect you?"),
        queryset=FaultSeverity.objects.filter(is_active=True).order_by("rank"),
        widget=forms.RadioSelect,
        to_field_name="code",
    )
    preferred_visit_at = forms.DateTimeField(
        label=_("Preferred visit time"),
        required=False,
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    contact_phone = forms.CharField(label=_("Phone to reach you"), max_length=40, required=False)
    photos = MultipleFileField(
        label=_("Photos of the fault or the nameplate"),
        required=False,
        help_text=_("JPEG, PNG, WebP or PDF."),
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        least = FaultSeverity.objects.filter(is_active=True).order_by("-rank").first()
        if least is not None:
            self.fields["severity"].initial = least.code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unit = data.get("unit")
        if unit is not None:
            data["serial_number"] = unit.serial
        elif not (data.get("serial_number") or "").strip() and not self.has_error("unit"):
            self.add_error("serial_number", _("Pick one of your units or enter the serial number."))
        return data
