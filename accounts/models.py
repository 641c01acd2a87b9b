"""Organisations (the manufacturer's service department, dealers, customer accounts) and users."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from accounts.roles import Role


class Organisation(models.Model):
    class Kind(models.TextChoices):
        SERVICE_CENTRE = "service_centre", _("Manufacturer service department")
        DEALER = "dealer", _("Dealer / authorised service outlet")
        CUSTOMER = "customer", _("Customer account")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def is_internal(self) -> bool:
        """Staff of the manufacturer's service department see every organisation's work."""
        return self.kind == self.Kind.SERVICE_CENTRE


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("organisation"),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    REQUIRED_FIELDS = ["email", "organisation"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        full = self.get_full_name()
        return full or self.username

    def get_full_name(self) -> str:
        # Chinese order: family name first, no space.
        return f"{self.last_name}{self.first_name}".strip()

    @cached_property
    def roles(self) -> frozenset[str]:
        """The user's role codes (group names); superusers hold every role."""
        if self.is_superuser:
            return frozenset(Role.values)
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


class AccessPolicy(models.Model):
    """How sign-in and API tokens are limited: one row, edited in the admin (seeded defaults
    in migration 0003). Read when someone signs in or a token is issued, never per request."""

    failure_limit = models.PositiveSmallIntegerField(
        _("failed sign-ins before a lock"),
        default=10,
        help_text=_("Counted per account and, separately, per network address."),
    )
    lockout_minutes = models.PositiveIntegerField(
        _("lock duration (minutes)"),
        default=30,
        help_text=_("An administrator can unlock sooner (Users → Unlock sign-in)."),
    )
    token_days = models.PositiveIntegerField(
        _("API token lifetime (days)"),
        default=30,
        validators=[MinValueValidator(1)],
        help_text=_("A new token is valid this long; existing tokens keep their expiry."),
    )

    class Meta:
        verbose_name = _("sign-in and token policy")
        verbose_name_plural = _("sign-in and token policy")

    def __str__(self) -> str:
        return str(_("Sign-in and token policy"))

    @classmethod
    def current(cls) -> AccessPolicy:
        """The policy row (the seeded defaults if it was deleted)."""
        return cls.objects.order_by("pk").first() or cls()


class ApiToken(AuthToken):
    """django-rest-knox's token (``accounts.tokens``) as the admin lists it, with the people."""

    class Meta:
        proxy = True
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.token_key}… ({self.user})"
