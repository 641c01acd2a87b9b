from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from aftersales.widgets import DateInput
from attachments.forms import MultipleFileField
from parts.forms import part_field
from parts.models import Part, Store
from workshop.models import StandbyUnit


class SignatureMixin(forms.Form):
    signature = forms.CharField(
        label=_("Customer signature"), required=False, widget=forms.HiddenInput
    )


class ReceiveForm(forms.Form):
    condition = forms.CharField(
        label=_("Condition on receipt"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    accessories = forms.CharField(label=_("Accessories"), max_length=300, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    photos = MultipleFileField(
        label=_("Photos of the condition"),
        required=False,
        help_text=_("Checked by content; stored without location and camera data."),
    )


class FactoryForm(forms.Form):
    factory = forms.CharField(label=_("Factory"), max_length=200)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ReturnForm(SignatureMixin):
    signed_by_name = forms.CharField(label=_("Signed for by (customer)"), max_length=100)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class LendForm(SignatureMixin):
    unit = forms.ModelChoiceField(queryset=StandbyUnit.objects.none(), label=_("Standby unit"))
    signed_by_name = forms.CharField(label=_("Received by (customer)"), max_length=100)
    due_back = forms.DateField(label=_("Due back"), required=False, widget=DateInput())

    def __init__(self, *args, units=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else StandbyUnit.objects.none()
        # the signature pad comes last, under the name
        self.order_fields(["unit", "signed_by_name", "due_back", "signature"])


class QuoteForm(forms.Form):
    part = part_field()
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=1000, initial=1)
    part_2 = forms.ModelChoiceField(
        queryset=Part.objects.none(), label=_("Second part"), required=False
    )
    quantity_2 = forms.IntegerField(
        label=_("Quantity"), min_value=1, max_value=1000, required=False
    )
    hours = forms.DecimalField(
        label=_("Hours"), min_value=Decimal("0"), max_value=Decimal("999"), decimal_places=2
    )
    travel_km = forms.DecimalField(
        label=_("Travel (km)"),
        min_value=Decimal("0"),
        max_value=Decimal("99999"),
        decimal_places=1,
        initial=0,
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["part"] = part_field()
        second = part_field()
        second.required = False
        second.label = _("Second part")
        self.fields["part_2"] = second
        self.order_fields(
            ["part", "quantity", "part_2", "quantity_2", "hours", "travel_km", "note"]
        )

    def lines(self) -> list[tuple[Part, int]]:
        data = self.cleaned_data
        lines = [(data["part"], data["quantity"])]
        if data.get("part_2"):
            lines.append((data["part_2"], data.get("quantity_2") or 1))
        return lines


class DecideForm(SignatureMixin):
    signed_by_name = forms.CharField(
        label=_("Approved by (customer)"), max_length=100, required=False
    )


class ExchangeForm(forms.Form):
    replacement = forms.ModelChoiceField(
        queryset=Part.objects.filter(is_unit=True, is_active=True), label=_("Replacement unit")
    )
    store = forms.ModelChoiceField(queryset=Store.objects.none(), label=_("From store"))
    new_serial = forms.CharField(label=_("New unit's serial number"), max_length=64)

    def __init__(self, *args, stores=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = stores if stores is not None else Store.objects.none()


class RefundForm(forms.Form):
    sale_price = forms.DecimalField(
        label=_("Sale price (invoice)"),
        min_value=Decimal("0.01"),
        max_value=Decimal("9999999999.99"),
        decimal_places=2,
    )
    invoice_number = forms.CharField(label=_("Invoice number"), max_length=64, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
