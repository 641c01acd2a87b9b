"""Signing in to the API: ``POST /api/v1/auth/token/`` with a username and password."""

from __future__ import annotations

from django.contrib.auth import authenticate, user_logged_in
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.models import AuthToken
from rest_framework import exceptions, generics, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts.requests import request_user
from accounts.signin import SignInBusy, busy_response, lockout_response
from accounts.tokens import issue_token, live_tokens_of, tokens_of


class SignInInput(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, write_only=True)


class TokenOutput(serializers.Serializer):
    token = serializers.CharField(help_text=_("Send as the header Authorization: Token <token>"))
    expiry = serializers.DateTimeField(help_text=_("The token is refused after this time"))


class TokenListItem(serializers.Serializer):
    id = serializers.CharField(source="token_key", help_text=_("The token's first characters"))
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField(allow_null=True)
    current = serializers.SerializerMethodField(help_text=_("The token of this request"))

    def get_current(self, token: AuthToken) -> bool:
        auth = self.context["request"].auth
        return isinstance(auth, AuthToken) and auth.digest == token.digest


class TokenSignInView(APIView):
    """Exchange a username and password for a new API token.

    The token expires after ``AccessPolicy.token_days`` and is revoked when the password
    changes or the account is deactivated.

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
        auth_token, token = issue_token(user)
        return Response(TokenOutput({"token": token, "expiry": auth_token.expiry}).data)


class TokenListView(generics.ListAPIView):
    """The caller's own API tokens that have not expired, newest first."""

    serializer_class = TokenListItem
    permission_classes = [IsAuthenticated]
    queryset = AuthToken.objects.none()  # the model, for the schema; rows from get_queryset

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return live_tokens_of(request_user(self.request))


class TokenRevokeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={204: None, 404: OpenApiResponse(description="No such token of yours")},
    )
    def delete(self, request: Request, token_id: str) -> Response:
        """Revoke one of the caller's tokens (``id`` from the list); another user's is a 404."""
        deleted, _per_model = tokens_of(request_user(request)).filter(token_key=token_id).delete()
        if not deleted:
            raise exceptions.NotFound()
        return Response(status=status.HTTP_204_NO_CONTENT)
