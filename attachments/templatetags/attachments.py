"""``{% attachments_panel record %}``: a record's files as thumbnails that open, and the
upload form where the user may add files. One include for every record page."""

from __future__ import annotations

from typing import Any

from django import template

from attachments import registry
from attachments.forms import UploadForm
from attachments.models import AttachmentRules
from attachments.selectors import attachments_beside

register = template.Library()


@register.inclusion_tag("attachments/_panel.html", takes_context=True)
def attachments_panel(context: template.Context, record: Any, title: str = "") -> dict[str, Any]:
    request = context["request"]
    spec = registry.for_model(type(record))
    if spec is None:
        return {"spec": None}
    rows = attachments_beside(record)
    may_add = spec.may_add(request.user, record)
    form = None
    if may_add:
        form = UploadForm(
            initial={
                "record_type": spec.key,
                "record": spec.reference(record),
                "next": request.get_full_path(),
            }
        )
    rules = AttachmentRules.current()
    return {
        "spec": spec,
        "title": title,
        "own": [row for row, reference in rows if not reference],
        "others": [(row, reference) for row, reference in rows if reference],
        "form": form,
        "max_mb": f"{rules.max_file_bytes / 1024 / 1024:g}",
        "max_files": rules.max_files_per_upload,
        "csrf_token": context.get("csrf_token"),
    }
