"""Settings for the after-sales platform, read from the environment (12-factor).

With no ``DATABASE_URL`` the product runs on SQLite; with no ``REDIS_URL`` Celery uses
kombu's filesystem transport, so ``make run`` needs no server at all.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from aftersales.env import email_settings, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("AFTERSALES_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
_INSECURE_DEV_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", _INSECURE_DEV_KEY if DEBUG else "")
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",  # API tokens: hashed, expiring (accounts.tokens)
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "aftersales",
    "accounts",
    "axes",
    "tickets",
    "sla",
    "warranty",
    "dealers",
    "notifications",
    "inbound",
    "parts",
    "workshop",
    "attachments",
    "complaints",
    "portal",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "aftersales.middleware.SecurityHeadersMiddleware",
    "attachments.middleware.UploadLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "aftersales.input_guard.RefuseNulInUrlMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # last: turns a sign-in refused by django-axes into the lockout answer (accounts.signin)
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "aftersales.urls"
WSGI_APPLICATION = "aftersales.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "aftersales.navigation.navigation",
                "notifications.context_processors.bell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, worker, beat) share the file: wait for locks, don't fail.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL;"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # first: refuses a locked account or address before any password is hashed
    "axes.backends.AxesStandaloneBackend",
    "accounts.authentication.OrganisationModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# --- Brute force (accounts.signin): limits are data (accounts.AccessPolicy) --------------
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each counted on its own
AXES_FAILURE_LIMIT = "accounts.signin.failure_limit"
AXES_COOLOFF_TIME = "accounts.signin.cool_off"
AXES_LOCKOUT_CALLABLE = "accounts.signin.lockout_response"
AXES_RESET_ON_SUCCESS = True
#: Proxies in front of gunicorn that append to X-Forwarded-For (0: use the peer address).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
#: Password hashes computed at once per web process, and how long a sign-in waits for a slot.
PASSWORD_CHECKS_AT_ONCE = env_int("PASSWORD_CHECKS_AT_ONCE", 1)
PASSWORD_CHECK_WAIT_SECONDS = env_int("PASSWORD_CHECK_WAIT_SECONDS", 5)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Languages and time ---------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

# --- Static files (served by the app through WhiteNoise; no CDN anywhere) ---------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
#: Attachments (photos, scans, PDFs) live here, outside MEDIA_ROOT, and are served only by
#: the authorised views of the attachments app.
ATTACHMENTS_ROOT = Path(env_str("ATTACHMENTS_ROOT", str(VAR_DIR / "attachments")))
# Outer caps on request bodies, checked by Django while it reads them; the upload rules
# (attachments.AttachmentRules: file size, files per upload, request size) are data.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("DATA_UPLOAD_MAX_NUMBER_FILES", 20)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- E-mail ---------------------------------------------------------------------------
globals().update(email_settings(env_str("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "service@aftersales.local")

# --- Celery ---------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
# Django's cache: Redis when there is one (shared by every web process, so invalidations
# reach all of them); otherwise each process's memory.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "aftersales.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "aftersales",
            # An unreachable Redis costs a request one second at most, then the database answers.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
#: How long an API token's principal (user, organisation, roles) may be served from the
#: cache; changes made through the ORM end it at once (accounts.authentication). 0 = off.
API_AUTH_CACHE_SECONDS = env_int("API_AUTH_CACHE_SECONDS", 60)
#: How long a process keeps the small reference tables every registration reads (severities,
#: region classes, intake rules) before reading them again; a change saved in the process
#: clears them at once (aftersales.reference). 0 = read on every request.
REFERENCE_CACHE_SECONDS = env_int("REFERENCE_CACHE_SECONDS", 30)
#: How long the dashboards' rollup figures may be served from the cache; every rollup rebuild
#: starts a new generation at once (reports.figures_cache). 0 = off.
REPORTS_FIGURES_CACHE_SECONDS = env_int("REPORTS_FIGURES_CACHE_SECONDS", 600)
CELERY_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {"visibility_timeout": 3600}
else:
    # Embedded default: kombu's filesystem transport, no server needed.
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DIR / "queue"),
        "data_folder_out": str(CELERY_DIR / "queue"),
        "processed_folder": str(CELERY_DIR / "processed"),
        "control_folder": str(CELERY_DIR / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{CELERY_DIR / 'results'}"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULE_FILENAME = str(CELERY_DIR / "celerybeat-schedule")
# Beat entries: each app adds its own in aftersales/celery.py from these settings.
SLA_SWEEP_SECONDS = env_int("SLA_SWEEP_SECONDS", 60)
EMAIL_DELIVERY_SECONDS = env_int("EMAIL_DELIVERY_SECONDS", 60)
# SMTP connections one delivery batch is sent over, in parallel (notifications.mailing).
EMAIL_SMTP_CONNECTIONS = env_int("EMAIL_SMTP_CONNECTIONS", 4)
# The service mailbox: imap(s)://user:pass@host:port/FOLDER, maildir:///path, mbox:///path;
# empty switches reading off. Default: a Maildir under var/ that needs no server.
INBOUND_EMAIL_URL = env_str(
    "INBOUND_EMAIL_URL", f"maildir://{BASE_DIR / 'var' / 'mail' / 'inbound'}"
)
INBOUND_EMAIL_SECONDS = env_int("INBOUND_EMAIL_SECONDS", 60)
INBOUND_EMAIL_MAX_BYTES = env_int("INBOUND_EMAIL_MAX_BYTES", 25 * 1024 * 1024)
#: The public address printed in survey links sent to customers (e.g. https://service.example.cn).
SITE_URL = env_str("SITE_URL", "")

# --- REST API -------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "aftersales.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "aftersales.api.exception_handler",
    # Sign-in attempts per address on POST /api/v1/auth/token/, before any password check.
    "DEFAULT_THROTTLE_RATES": {"auth": env_str("AUTH_THROTTLE_RATE", "60/minute")},
    "NUM_PROXIES": TRUSTED_PROXY_COUNT or None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "After-sales service API",
    "DESCRIPTION": "Tickets, SLA clocks, warranty and dealer claims.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets sharing a field name get names of their own (not a hash suffix).
    "ENUM_NAME_OVERRIDES": {
        "TicketKindEnum": "tickets.models.Ticket.Kind",
        "TicketStatusEnum": "tickets.models.Status",
        "ClaimStatusEnum": "dealers.models.ClaimStatus",
        "ComplaintStatusEnum": "complaints.models.ComplaintStatus",
        "TicketChannelEnum": "tickets.models.Ticket.Channel",
        "ComplaintChannelEnum": "complaints.models.Channel",
        "ComplaintIntakeChannelEnum": "complaints.api.serializers.INTAKE_CHANNELS",
    },
    # The error answers every operation shares (aftersales.api_schema), after the enums.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "aftersales.api_schema.document_errors",
    ],
}

# --- Security (production-safe when DEBUG is off) --------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
#: Everything from this origin, nothing inline (aftersales.middleware); images may also be
#: data:/blob: URLs (the drawn signature, photo previews, the API docs' icons).
CONTENT_SECURITY_POLICY = env_str(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'",
)
PERMISSIONS_POLICY = env_str(
    "PERMISSIONS_POLICY",
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()",
)
if not DEBUG:
    # TLS is terminated by the reverse proxy in front of gunicorn.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)

# One handler, on the root: Django's own loggers pass their lines up to it instead of
# printing them a second time through Django's default console handler.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"tracebacks_only_for_errors": {"()": "aftersales.logging.TracebacksOnlyForErrors"}},
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        # Sign-ins are audited in the access log tables; the console keeps lockouts only.
        "axes": {"level": "WARNING"},
        "django.request": {
            "handlers": [],
            "level": "WARNING",
            "propagate": True,
            "filters": ["tracebacks_only_for_errors"],
        },
    },
}
