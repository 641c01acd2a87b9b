from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.models import AccessPolicy
from accounts.requests import request_user
from accounts.roles import Role
from accounts.signin import SignInBusy, busy_response
from accounts.tokens import live_tokens_of, revoke_tokens, tokens_of
from aftersales.navigation import home_url_for, items_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each role to its own start page."""
    return redirect(home_url_for(request_user(request).roles))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """A landing page listing what the user's roles may use."""
    roles = [
        Role(code).label for code in sorted(request_user(request).roles) if code in Role.values
    ]
    return render(
        request,
        "accounts/dashboard.html",
        {"workspaces": items_for(request_user(request).roles), "user_roles": roles},
    )


class LoginView(auth_views.LoginView):
    """Django's login form; a lock (django-axes) or a busy password checker is explained on
    the form itself (``accounts.signin``)."""

    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        try:
            return super().post(request, *args, **kwargs)
        except SignInBusy:
            return busy_response(request)


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The user's own API tokens that have not expired, each with a revoke button."""
    return render(
        request,
        "accounts/tokens.html",
        {"tokens": live_tokens_of(request_user(request)), "policy": AccessPolicy.current()},
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: str) -> HttpResponse:
    """Revoke one of the user's tokens; another user's token is a 404."""
    deleted, _per_model = tokens_of(request_user(request)).filter(token_key=token_id).delete()
    if not deleted:
        raise Http404
    messages.success(request, _("The token was revoked."))
    return redirect("tokens")


@login_required
@require_POST
def token_revoke_all(request: HttpRequest) -> HttpResponse:
    revoked = revoke_tokens(request_user(request))
    messages.success(
        request,
        ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", revoked)
        % {"count": revoked},
    )
    return redirect("tokens")
