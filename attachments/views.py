"""Files go out only here: the record's scope first, then the checked bytes with a safe
content type, ``Content-Disposition`` and ``nosniff``. Uploads from pages come in here too."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.requests import request_user
from aftersales.errors import DomainError
from attachments import registry
from attachments.forms import UploadForm
from attachments.models import Attachment
from attachments.selectors import attachment_get
from attachments.services import attachments_add

SAFE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "application/pdf"})


def _visible(request: HttpRequest, pk: int) -> Attachment:
    row = attachment_get(request_user(request), pk)
    if row is None or not row.servable:
        raise Http404
    return row


def _send(data, *, content_type: str, filename: str, inline: bool) -> FileResponse:  # type: ignore[no-untyped-def]
    response = FileResponse(data, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    ascii_name = filename.encode("ascii", "ignore").decode().replace('"', "") or "file"
    response["Content-Disposition"] = (
        f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@login_required
@require_GET
def download(request: HttpRequest, pk: int) -> FileResponse:
    row = _visible(request, pk)
    content_type = row.mime_type if row.mime_type in SAFE_TYPES else "application/octet-stream"
    return _send(
        row.file.open("rb"),
        content_type=content_type,
        filename=row.original_name,
        inline=row.is_image and content_type in SAFE_TYPES,
    )


@login_required
@require_GET
def thumbnail(request: HttpRequest, pk: int) -> FileResponse:
    row = _visible(request, pk)
    if not row.thumbnail:
        raise Http404
    return _send(
        row.thumbnail.open("rb"),
        content_type="image/jpeg",
        filename=f"thumbnail-{row.pk}.jpg",
        inline=True,
    )


def _back(request: HttpRequest, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return "/"


@login_required
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    """The upload form of every record page; the outcome is told on the page it came from."""
    form = UploadForm(request.POST, request.FILES)
    back = _back(request, request.POST.get("next", ""))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    spec = registry.get(form.cleaned_data["record_type"])
    if spec is None:
        raise Http404
    user = request_user(request)
    record = spec.lookup(spec.scope(user), form.cleaned_data["record"])
    if record is None:
        raise Http404
    try:
        rows = attachments_add(
            by=user,
            target=spec.key,
            record=record,
            files=form.cleaned_data["files"],
            kind=form.cleaned_data["kind"].code,
        )
    except DomainError as error:
        for msgs in error.as_dict().values():
            for msg in msgs:
                messages.error(request, msg)
    else:
        messages.success(
            request,
            ngettext("%(n)d file attached.", "%(n)d files attached.", len(rows)) % {"n": len(rows)},
        )
    return redirect(back + "#attachments" if "#" not in back else back)
