"""Refuse an upload that announces a body larger than the rules allow, before reading it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from attachments.models import AttachmentRules


class UploadLimitMiddleware:
    """413 for a multipart request whose ``Content-Length`` is over
    ``AttachmentRules.max_request_bytes``; nothing of the body has been read then.

    Django's own ``DATA_UPLOAD_MAX_MEMORY_SIZE`` caps the other bodies, and
    ``DATA_UPLOAD_MAX_NUMBER_FILES`` the number of files (answered as a 400).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("POST", "PUT", "PATCH") and (request.content_type or "").startswith(
            "multipart/"
        ):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            limit = AttachmentRules.current().max_request_bytes
            if length > limit:
                return self._too_large(request, limit)
        return self.get_response(request)

    def _too_large(self, request: HttpRequest, limit: int) -> HttpResponse:
        message = _(
            "The upload is too large: at most %(mb)s MB per request; "
            "send the other files separately."
        ) % {"mb": f"{limit / 1024 / 1024:g}"}
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {"detail": [message], "code": "request_too_large"}, status=413
            )
        else:
            response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        response["Connection"] = "close"  # the unread body is not worth keeping the line for
        return response
