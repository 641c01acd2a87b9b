from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from parts.models import Part, Store


class PartChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Part) -> str:  # type: ignore[override]
        return f"{obj.part_number} {obj.name}"


def part_field() -> PartChoice:
    return PartChoice(queryset=Part.objects.filter(is_active=True), label=_("Part"))


class ReceiptForm(forms.Form):
    part = part_field()
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=100000)
    supplier = forms.CharField(label=_("Supplier"), max_length=200, required=False)
    reference = forms.CharField(label=_("Delivery note"), max_length=60, required=False)

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["part"] = part_field()


class MinimumForm(forms.Form):
    part = part_field()
    min_level = forms.IntegerField(label=_("Minimum level"), min_value=0, max_value=100000)

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["part"] = part_field()


class TransferForm(forms.Form):
    from_store = forms.ModelChoiceField(queryset=Store.objects.none(), label=_("From"))
    to_store = forms.ModelChoiceField(queryset=Store.objects.none(), label=_("To"))
    part = part_field()
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=100000)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, stores=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["from_store"].queryset = Store.objects.filter(is_active=True)
        self.fields["to_store"].queryset = stores if stores is not None else Store.objects.none()
        self.fields["part"] = part_field()


class ShipForm(forms.Form):
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=60, required=False)


class TicketPartForm(forms.Form):
    """Reserve or use a part on the ticket page."""

    part = part_field()
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=1000, initial=1)
    old_part_tag = forms.CharField(
        label=_("Old part tag no."),
        max_length=40,
        required=False,
        help_text=_("When the replaced part is kept for the claim."),
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["part"] = part_field()
