"""Load the demo data of every app (``<app>.demo.seed()``), in INSTALLED_APPS order.

Idempotent: running it twice leaves the same rows.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils import translation


class Command(BaseCommand):
    help = "Load demo organisations, people and data (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("en")
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if find_spec(module_name) is None:
                continue
            module = import_module(module_name)
            module.seed()
            self.stdout.write(f"seeded {config.label}")
        from accounts.demo import describe_logins

        self.stdout.write(describe_logins())
