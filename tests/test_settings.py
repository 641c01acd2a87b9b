"""Settings come from the environment (12-factor), with production-safe defaults."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DUMP = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": settings.DATABASES["default"]["NAME"],
    "db_host": settings.DATABASES["default"].get("HOST"),
    "broker": settings.CELERY_BROKER_URL,
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION"),
    "debug": settings.DEBUG,
    "hosts": settings.ALLOWED_HOSTS,
    "email_backend": settings.EMAIL_BACKEND,
    "email_host": getattr(settings, "EMAIL_HOST", None),
    "email_port": getattr(settings, "EMAIL_PORT", None),
    "tz": settings.TIME_ZONE,
    "use_tz": settings.USE_TZ,
    "secure_cookies": getattr(settings, "SESSION_COOKIE_SECURE", False),
}))
"""


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_URL"}
    }
    base["DJANGO_SETTINGS_MODULE"] = "aftersales.settings"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_settings_are_read_from_the_environment():
    result = run_python(
        DUMP,
        {
            "DATABASE_URL": "postgres://svc:pw@db.example:5433/aftersales",
            "REDIS_URL": "redis://cache.example:6380/2",
            "SECRET_KEY": "s3cret",
            "DEBUG": "false",
            "ALLOWED_HOSTS": "service.example.com, api.example.com",
            "EMAIL_URL": "smtp+tls://mailer:pw@smtp.example.com:587",
        },
    )
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)

    assert config["engine"] == "django.db.backends.postgresql"
    assert (config["db_name"], config["db_host"]) == ("aftersales", "db.example")
    assert config["broker"] == "redis://cache.example:6380/2"
    # one cache for every web process, so that a revoked API principal is gone everywhere
    assert config["cache"] == "aftersales.cache.RedisCache"
    assert config["cache_location"] == "redis://cache.example:6380/2"
    assert config["debug"] is False
    assert config["hosts"] == ["service.example.com", "api.example.com"]
    assert config["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (config["email_host"], config["email_port"]) == ("smtp.example.com", 587)
    assert config["secure_cookies"] is True


def test_embedded_defaults_need_no_server():
    result = run_python(DUMP, {"DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)

    assert config["engine"] == "django.db.backends.sqlite3"
    assert config["broker"] == "filesystem://"
    assert config["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert (config["tz"], config["use_tz"]) == ("Asia/Shanghai", True)


def test_production_refuses_to_start_without_a_secret_key():
    result = run_python(DUMP, {"DEBUG": "0"})

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_malformed_boolean_is_a_clear_error():
    result = run_python(DUMP, {"DEBUG": "maybe"})

    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_deploy_check_is_clean_apart_from_proxy_https_settings():
    result = run_python(
        "import sys; from django.core.management import execute_from_command_line;"
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "service.example.com",
        },
    )
    # HSTS (W004) and SSL redirect (W008) belong to the TLS-terminating proxy.
    reported = set(re.findall(r"\((security\.W\d+)\)", result.stderr + result.stdout))
    assert reported <= {"security.W004", "security.W008"}, result.stderr
    assert "ERRORS" not in result.stderr
