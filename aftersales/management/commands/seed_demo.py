"""Load the demo data of every app (``<app>.demo.prepare()`` then ``seed()``).

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
        modules = []
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if find_spec(module_name) is not None:
                modules.append((config.label, import_module(module_name)))
        # ``seed()`` runs in INSTALLED_APPS order. ``prepare()`` (idempotent) lays what other
        # apps' demo data relies on (e.g. dealer technicians' certificates): it runs after
        # every ``seed()``, so it takes effect as soon as what it needs exists.
        prepares = [module.prepare for _label, module in modules if hasattr(module, "prepare")]
        for label, module in modules:
            module.seed()
            for prepare in prepares:
                prepare()
            self.stdout.write(f"seeded {label}")
        from accounts.demo import describe_logins

        self.stdout.write(describe_logins())
