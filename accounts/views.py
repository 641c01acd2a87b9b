from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.requests import request_user
from accounts.roles import Role
from accounts.signin import SignInBusy, busy_response
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
