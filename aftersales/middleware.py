"""Response headers every page and API answer carries.

- ``Content-Security-Policy``: scripts, styles, fonts and images come from this origin only
  (no inline script, no event-handler attributes: templates load static files instead);
  ``data:``/``blob:`` images cover the signature pad and photo previews.
- ``Permissions-Policy``: the browser features the product never uses are switched off.
- ``Cache-Control: private, no-store`` on everything an authenticated user gets (pages,
  API, files) and on every API answer: they carry personal data (names, phones,
  addresses) that no shared proxy and no browser disk cache may keep.

The policies are settings (``CONTENT_SECURITY_POLICY``, ``PERMISSIONS_POLICY``) so a
deployment can tighten them; an empty value leaves the header out.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for header, value in (
            ("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY),
            ("Permissions-Policy", settings.PERMISSIONS_POLICY),
        ):
            if value and header not in response:
                response[header] = value
        if _personal(request):
            patch_cache_control(response, private=True, no_store=True)
            # "public" and a shared max-age contradict "private": drop them if a view set them.
            for directive in ("public", "s-maxage"):
                _drop_directive(response, directive)
        return response


def _personal(request: HttpRequest) -> bool:
    """An authenticated caller (session or, once DRF has run, API token), or any API call."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    return request.path_info.startswith("/api/")


def _drop_directive(response: HttpResponse, directive: str) -> None:
    value = response.get("Cache-Control", "")
    kept = [part for part in value.split(",") if part.strip().split("=")[0] != directive]
    response["Cache-Control"] = ", ".join(p.strip() for p in kept if p.strip())
