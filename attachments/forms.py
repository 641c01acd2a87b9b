from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from attachments.models import AttachmentKind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; the content check is the service's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class UploadForm(forms.Form):
    record_type = forms.CharField(widget=forms.HiddenInput, max_length=40)
    record = forms.CharField(widget=forms.HiddenInput, max_length=40)
    next = forms.CharField(widget=forms.HiddenInput, max_length=300, required=False)
    kind = forms.ModelChoiceField(
        label=_("Kind"),
        queryset=AttachmentKind.objects.filter(is_active=True),
        to_field_name="code",
        empty_label=None,
    )
    # The field is named as the upload's part; the form's own ``files`` attribute is an
    # instance attribute the metaclass leaves alone.
    files = MultipleFileField(label=_("Files"))  # type: ignore[assignment]
