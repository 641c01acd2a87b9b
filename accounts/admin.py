from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from knox.models import AuthToken

from accounts.models import AccessPolicy, ApiToken, Organisation, User
from accounts.tokens import is_expired, revoke_tokens


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "region", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name", "name_en")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "last_name", "first_name", "organisation", "is_active")
    list_filter = ("organisation__kind", "groups", "is_active")
    list_select_related = ("organisation",)
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Organisation"), {"fields": ("organisation", "phone")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Organisation"), {"fields": ("organisation", "phone")}),
    )
    actions = ["unlock_sign_in", "revoke_api_tokens"]

    @admin.action(description=_("Unlock sign-in (clear failed attempts)"))
    def unlock_sign_in(self, request, queryset):  # type: ignore[no-untyped-def]
        """Ends a lock on these accounts; an address's lock: delete its Access attempt."""
        from axes.utils import reset

        for username in queryset.values_list("username", flat=True):
            reset(username=username)
        self.message_user(
            request,
            ngettext(
                "Sign-in unlocked for %(count)d user.",
                "Sign-in unlocked for %(count)d users.",
                queryset.count(),
            )
            % {"count": queryset.count()},
        )

    @admin.action(description=_("Revoke API tokens"))
    def revoke_api_tokens(self, request, queryset):  # type: ignore[no-untyped-def]
        revoked = sum(revoke_tokens(user) for user in queryset)
        self.message_user(
            request,
            ngettext("%(count)d API token revoked.", "%(count)d API tokens revoked.", revoked)
            % {"count": revoked},
        )


admin.site.unregister(AuthToken)  # knox's own admin lists digests and issues tokens


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Every user's API tokens: seen and revoked (deleted) here, issued only by signing in."""

    list_display = ("token_key", "user", "created", "expiry", "expired")
    list_filter = ("created", "expiry")
    list_select_related = ("user",)
    search_fields = ("token_key", "user__username", "user__last_name", "user__first_name")
    fields = ("token_key", "user", "created", "expiry")
    readonly_fields = fields
    ordering = ("-created",)

    @admin.display(boolean=True, description=_("expired"))
    def expired(self, obj: AuthToken) -> bool:
        return is_expired(obj)

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(AccessPolicy)
class AccessPolicyAdmin(admin.ModelAdmin):
    list_display = ("__str__", "failure_limit", "lockout_minutes", "token_days")

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return not AccessPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


def _login_or_busy(request, extra_context=None):  # type: ignore[no-untyped-def]
    """The admin's own login form: a busy password checker is explained, not a 500."""
    from accounts.signin import SignInBusy, busy_response

    try:
        return _admin_login(request, extra_context)
    except SignInBusy:
        return busy_response(request)


_admin_login = admin.site.login
admin.site.login = _login_or_busy  # type: ignore[method-assign]
