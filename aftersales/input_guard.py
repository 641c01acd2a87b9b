"""Refuse requests whose URL carries a NUL character, once for every view.

PostgreSQL cannot store or compare text with NUL (0x00) in it: a ``%00`` in a query string
or a path segment that reaches a filter would fail in the database (a 500). No form, API
filter or lookup of ours accepts it, so the request is answered 400 before any view runs:
JSON with a field message for the API, a plain page elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

NUL = "\x00"


def _bad_parameter(request: HttpRequest) -> str | None:
    """The name of the first URL part that carries a NUL: a query parameter or ``path``."""
    if NUL in request.path or b"\x00" in unquote_to_bytes(request.META.get("PATH_INFO", "")):
        return "path"
    for name, values in request.GET.lists():
        if NUL in name or any(NUL in value for value in values):
            return name.replace(NUL, "") or "query"
    return None


class RefuseNulInUrlMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        name = _bad_parameter(request)
        if name is None:
            return self.get_response(request)
        message = _("The address may not contain NUL characters.")
        if request.path.startswith("/api/"):
            return JsonResponse({name: [message]}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
