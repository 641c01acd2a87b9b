"""Amounts and bilingual reference rows every dealers model uses."""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict

from django.db import models
from django.utils.translation import gettext_lazy as _

from aftersales.models import BilingualName

ZERO = Decimal("0.00")


class _Money(TypedDict):
    max_digits: int
    decimal_places: int


#: Every amount: up to ¥999,999,999,999.99, two decimals.
MONEY: _Money = {"max_digits": 14, "decimal_places": 2}
#: The largest amount a money column holds (12 digits before the point, 2 after).
MONEY_MAX = Decimal(10) ** (MONEY["max_digits"] - MONEY["decimal_places"]) - Decimal("0.01")


class Bilingual(BilingualName):
    """Dealer reference data: longer codes and names than the tickets' lists."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120)

    class Meta(BilingualName.Meta):
        abstract = True
