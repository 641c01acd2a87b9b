"""Inputs of complaint intake and of each workflow step, shared by pages and the API."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from aftersales.widgets import DateInput, DateTimeInput
from complaints.models import (
    Acceptance,
    Channel,
    ComplaintClass,
    ResponsibleDepartment,
    RootCause,
    Seriousness,
)
from tickets.models import Ticket


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


class AssignForm(NoteForm):
    department = forms.ModelChoiceField(
        label=_("Responsible department"),
        queryset=ResponsibleDepartment.objects.filter(is_active=True),
        to_field_name="code",
    )


class InvestigateForm(forms.Form):
    root_cause = forms.ModelChoiceField(
        label=_("Root cause"),
        queryset=RootCause.objects.filter(is_active=True),
        to_field_name="code",
    )
    root_cause_text = forms.CharField(
        label=_("Root cause analysis"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    corrective_action = forms.CharField(
        label=_("Corrective action"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    preventive_action = forms.CharField(
        label=_("Preventive action"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    action_owner = forms.CharField(label=_("Who carries out the actions"), max_length=100)
    action_due = forms.DateField(label=_("By when"), widget=DateInput())


class ReplyForm(forms.Form):
    reply_text = forms.CharField(
        label=_("Reply to the customer"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AnswerForm(forms.Form):
    """The customer's answer to the reply: how, when and by whom (accept or refuse)."""

    how = forms.ChoiceField(label=_("How the customer answered"), choices=Acceptance.How.choices)
    answered_at = forms.DateTimeField(label=_("When"), widget=DateTimeInput())
    customer_name = forms.CharField(label=_("Customer's name"), max_length=100)
    comment = forms.CharField(
        label=_("Customer's words"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_answered_at(self):  # type: ignore[no-untyped-def]
        value = self.cleaned_data["answered_at"]
        if value > timezone.now() + timezone.timedelta(minutes=5):
            raise forms.ValidationError(_("The answer cannot lie in the future."))
        return value


class RefuseForm(AnswerForm):
    comment = forms.CharField(
        label=_("Why the customer refuses"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DelayForm(forms.Form):
    text = forms.CharField(
        label=_("Why the target was missed"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


ACTION_FORMS: dict[str, type[forms.Form]] = {
    "assign": AssignForm,
    "reassign": AssignForm,
    "start": NoteForm,
    "investigate": InvestigateForm,
    "reply": ReplyForm,
    "accept": AnswerForm,
    "refuse": RefuseForm,
    "contact": RequiredNoteForm,
    "site_visit": RequiredNoteForm,
    "explain_delay": DelayForm,
    "note": RequiredNoteForm,
    "cancel": ReasonForm,
}


class IntakeForm(forms.Form):
    """A new complaint: from the phone desk (often with a caller's ticket) or a letter …"""

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[c for c in Channel.choices if c[0] != Channel.SURVEY],
        initial=Channel.PHONE,
    )
    complaint_class = forms.ModelChoiceField(
        label=_("Class"), queryset=ComplaintClass.objects.filter(is_active=True)
    )
    seriousness = forms.ModelChoiceField(
        label=_("Seriousness"), queryset=Seriousness.objects.filter(is_active=True)
    )
    ticket = forms.ModelChoiceField(
        label=_("Ticket"),
        queryset=Ticket.objects.all(),
        required=False,
        to_field_name="number",
        widget=forms.HiddenInput,
    )
    customer_name = forms.CharField(label=_("Customer name"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    contact_name = forms.CharField(label=_("Contact name"), max_length=100, required=False)
    description = forms.CharField(
        label=_("What the customer complains about"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    customer_request = forms.CharField(
        label=_("What the customer asks for"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    dealer = forms.ModelChoiceField(
        label=_("Dealer concerned"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.DEALER, is_active=True),
        required=False,
    )
    abroad = forms.BooleanField(label=_("Customer abroad"), required=False)

    def __init__(self, *args, ticket_queryset=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if ticket_queryset is not None:
            self.fields["ticket"].queryset = ticket_queryset

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if not data.get("ticket") and not (data.get("customer_name") and data.get("phone")):
            raise forms.ValidationError(
                _("Name the customer (name and phone) or start from the caller's ticket.")
            )
        return data
