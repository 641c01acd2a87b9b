"""Forms of the warranty pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from aftersales.widgets import DateInput
from warranty.models import ProductModel

DATE = DateInput()


class UnitSearchForm(forms.Form):
    q = forms.CharField(label=_("Serial, customer or phone"), required=False)
    model = forms.ChoiceField(label=_("Product model"), required=False)

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("All"))] + [
            (m.code, str(m)) for m in ProductModel.objects.filter(is_active=True)
        ]


class UnitCheckForm(forms.Form):
    fault_at = forms.DateField(label=_("Fault date"), required=False, widget=DATE)
    component = forms.ChoiceField(label=_("Component"), required=False)
    exclusion = forms.ChoiceField(label=_("Exclusion"), required=False)

    def __init__(self, *args, policy_model: ProductModel, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["component"].choices = [("", _("The unit as a whole"))] + [  # type: ignore[attr-defined]
            (c.code, c.name) for c in policy_model.components.all()
        ]
        self.fields["exclusion"].choices = [("", _("None"))] + [  # type: ignore[attr-defined]
            (e.code, e.name) for e in policy_model.exclusions.filter(is_active=True)
        ]


class UnitRegisterForm(forms.Form):
    serial = forms.CharField(label=_("Serial number"), max_length=64)
    model = forms.ModelChoiceField(
        label=_("Product model"),
        queryset=ProductModel.objects.filter(is_active=True),
        to_field_name="code",
    )
    customer_name = forms.CharField(label=_("Customer name"), max_length=200)
    customer_phone = forms.CharField(label=_("Customer phone"), max_length=40)
    customer_address = forms.CharField(label=_("Customer address"), max_length=300, required=False)
    sale_date = forms.DateField(label=_("Sale date"), widget=DATE)
    acceptance_date = forms.DateField(
        label=_("Installation / acceptance date"), required=False, widget=DATE
    )
    site_address = forms.CharField(label=_("Site address"), max_length=300, required=False)
    selling_dealer = forms.ModelChoiceField(
        label=_("Selling dealer"),
        required=False,
        queryset=Organisation.objects.filter(kind=Organisation.Kind.DEALER),
    )

    def __init__(self, *args, user: User, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if user.organisation.kind == Organisation.Kind.DEALER and not user.is_superuser:
            del self.fields["selling_dealer"]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or Excel file"))


class CardForm(forms.Form):
    serial = forms.CharField(label=_("Serial number"), max_length=64)
    customer_name = forms.CharField(label=_("Customer name"), max_length=200)
    customer_phone = forms.CharField(label=_("Customer phone"), max_length=40)
    customer_address = forms.CharField(label=_("Customer address"), max_length=300, required=False)
    invoice_number = forms.CharField(label=_("Invoice number"), max_length=60, required=False)
    filed_on = forms.DateField(label=_("Filed on"), required=False, widget=DATE)


class ContractForm(forms.Form):
    number = forms.CharField(label=_("Contract number"), max_length=40)
    customer_phone = forms.CharField(
        label=_("Customer phone"),
        max_length=40,
        help_text=_("The customer is found by phone; the units must be theirs."),
    )
    units = forms.CharField(
        label=_("Serial numbers"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line or separated by commas."),
    )
    start = forms.DateField(label=_("Start"), widget=DATE)
    end = forms.DateField(label=_("End"), widget=DATE)
    visits_per_year = forms.IntegerField(
        label=_("Visits per year"), min_value=1, max_value=52, initial=2
    )
    price = forms.DecimalField(
        label=_("Price (yuan)"), min_value=0, max_digits=12, decimal_places=2
    )
    account_manager = forms.ModelChoiceField(
        label=_("Account manager"),
        required=False,
        queryset=User.objects.filter(
            is_active=True, organisation__kind=Organisation.Kind.SERVICE_CENTRE
        ),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def serials(self) -> list[str]:
        raw = self.cleaned_data["units"].replace(",", "\n").replace("，", "\n")
        return [s.strip() for s in raw.splitlines() if s.strip()]

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date cannot be before the start date."))
        return data


class RenewForm(forms.Form):
    number = forms.CharField(label=_("Contract number"), max_length=40)
    start = forms.DateField(label=_("Start"), widget=DATE)
    end = forms.DateField(label=_("End"), widget=DATE)
    visits_per_year = forms.IntegerField(label=_("Visits per year"), min_value=1, max_value=52)
    price = forms.DecimalField(
        label=_("Price (yuan)"), min_value=0, max_digits=12, decimal_places=2
    )
