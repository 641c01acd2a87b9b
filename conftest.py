"""Project-wide test fixtures."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Tests read English unless they ask for Chinese; the product defaults to Chinese."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_sla_caches():
    """Compiled SLA targets and calendar specs are cached per process; ids repeat across tests."""
    from sla.policies import clear_caches

    clear_caches()
    yield
    clear_caches()


@pytest.fixture(autouse=True)
def _fresh_reference_tables():
    """Reference tables (severities, intake rules ...) are kept per process; a rolled-back
    test sends no signal, so each test starts from the database."""
    from aftersales.reference import clear_reference_tables

    clear_reference_tables()
    yield
    clear_reference_tables()


@pytest.fixture(autouse=True)
def _fresh_api_principals():
    """API principals are cached (in Redis on CI, which outlives the test database)."""
    from accounts.authentication import new_principal_generation

    new_principal_generation()
    yield
    new_principal_generation()


@pytest.fixture(autouse=True)
def _fresh_report_figures():
    """The dashboards' rollup figures are cached (in Redis on CI, which outlives the test
    database); ids and dates repeat across tests."""
    from reports.figures_cache import new_rollup_generation

    new_rollup_generation()
    yield
    new_rollup_generation()


@pytest.fixture(autouse=True)
def _fresh_sign_in_throttle():
    """POST /api/v1/auth/token/ is throttled per address (in Redis on CI, which outlives a test);
    the test client always comes from 127.0.0.1."""
    from django.core.cache import cache

    cache.delete("throttle_auth_127.0.0.1")
