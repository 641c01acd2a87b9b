"""Signing in to the API: ``POST /api/v1/auth/token/`` with a username and password."""

from __future__ import annotations

from django.contrib.auth import authenticate, user_logged_in
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts.signin import SignInBusy, busy_response, lockout_response


class SignInInput(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, write_only=True)


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()


class TokenSignInView(APIView):
    """Exchange a username and password for an API token.

    Refused with 429 while the account or the caller's address is locked after repeated
    failures, with 503 while the server is busy checking other passwords; throttled per
    address (``AUTH_THROTTLE_RATE``)."""

    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    @extend_schema(
        request=SignInInput,
        responses={
            200: TokenOutput,
            400: OpenApiResponse(description="Missing fields or wrong username/password"),
            429: OpenApiResponse(description="Locked after repeated failures, or throttled"),
            503: OpenApiResponse(description="Busy checking other sign-ins; retry shortly"),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response | HttpResponse:
        data = SignInInput(data=request.data)
        data.is_valid(raise_exception=True)
        # django-axes reads and flags the Django request (address, lock state).
        django_request = request._request
        try:
            user = authenticate(
                django_request,
                username=data.validated_data["username"],
                password=data.validated_data["password"],
            )
        except SignInBusy:
            return busy_response(django_request)
        if getattr(django_request, "axes_locked_out", False):
            return lockout_response(django_request)
        if user is None:
            raise exceptions.ValidationError(
                {"detail": [_("Unable to log in with provided credentials.")]}
            )
        # a sign-in like the form's: last_login, and django-axes clears the failures
        user_logged_in.send(sender=type(user), request=django_request, user=user)
        return Response(TokenOutput({"token": issue_token(user)}).data)


def issue_token(user) -> str:  # type: ignore[no-untyped-def]
    from rest_framework.authtoken.models import Token

    token, _created = Token.objects.get_or_create(user=user)
    return token.key
