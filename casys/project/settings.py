"""Django settings for casys, all from environment variables.

CASYS_DEBUG          1 for development (default off: production fails closed)
CASYS_SECRET_KEY     required unless CASYS_DEBUG=1
DATABASE_URL         e.g. postgresql://user:pw@host:5432/casys; default SQLite under CASYS_DATA_DIR
CASYS_DB_POOL        1 to use Django's PostgreSQL connection pool (psycopg_pool); casys serve: on
CASYS_DATABASE_REPLICA_URL  a read replica of the primary for the public registry (casys.registry.routers)
CASYS_DATA_DIR       where SQLite, key files and generated files live (default ./var)
CASYS_ALLOWED_HOSTS  comma-separated host names
CASYS_SECURE         1 behind HTTPS: secure cookies, HSTS, SSL redirect
CASYS_STATUS_LIST_HOURS  validity of each signed status list (default 24)
CASYS_KEY_STORE          where new issuer keys are made: "file" (default) or "pkcs11" (the token named by
                         CASYS_PKCS11_MODULE, CASYS_PKCS11_TOKEN; its PIN in CASYS_PKCS11_PIN)
CASYS_AUDIT_KEY_FILE the audit chain's HMAC key (default <data dir>/audit-chain.key)
CASYS_EXPORT_RATE    anonymous registry exports per client address (default 6/m)
CASYS_REGISTRY_DOCUMENTS  verify-by-number answers each worker keeps, each checked against the
                     certificate's row on every request (0 to 1000000, default 10000; 0: none kept)
CASYS_TRUSTED_PROXIES  comma-separated addresses/networks of reverse proxies whose X-Forwarded-For is believed
CASYS_LOGIN_RATE_ACCOUNT / CASYS_LOGIN_RATE_ADDRESS  failed sign-ins allowed per account / per client
                     address (default 5/15m and 20/15m)
CASYS_INVITATION_DAYS  days an invitation link stays valid (default 7, 1 to 90)
CASYS_EMAIL_BACKEND  Django e-mail backend (default: console in DEBUG, none otherwise), with
                     CASYS_EMAIL_HOST, _PORT, _USER, _PASSWORD, _TLS and CASYS_EMAIL_FROM
CASYS_SITE_URL       the address people open casys at, for links in e-mails (default http://127.0.0.1:8000)
CASYS_DAILY_SURVEILLANCE_DAYS  days before a surveillance audit's due date that reminders start (default 14)
CASYS_DAILY_INSPECTION_DAYS  days before an inspected item's next inspection that reminders start (default 14)
CASYS_DAILY_CALIBRATION_DAYS  days before an instrument's calibration is due that reminders start (default 30)
CASYS_JOBS_CACHE_URL  where a running job's progress is shared when the web server and the worker run on
                     different machines: redis://host:6379/1 or memcached://host:11211 (default: files
                     under CASYS_DATA_DIR, one machine)
CASYS_JOB_OUTPUT_DAYS  days a finished job's output file (ZIP, export) is kept before the daily run deletes
                     it (default 30, 1 to 3650)
CASYS_MCM_JOB_TRIALS  Monte Carlo runs of more trials than this run as background jobs (default 200000)
CASYS_WEBHOOK_ALLOWED_NETWORKS  comma-separated networks webhooks may reach although not public
                     (default none; e.g. 127.0.0.0/8 for a receiver on the same machine in development)
CASYS_ATTACHMENT_MAX_MB  largest evidence file accepted on a finding, in MB (1 to 1024, default 10)
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from casys.project.config import (
    data_dir,
    env_bool,
    env_int,
    env_int_between,
    env_jobs_cache,
    env_list,
    env_networks,
    env_rate,
    secret_key,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent
DATA_DIR = data_dir()

DEBUG = env_bool("CASYS_DEBUG", False)
# Evidence files on findings (casys.certification.services.attachments), stored under DATA_DIR.
ATTACHMENT_MAX_BYTES = env_int_between("CASYS_ATTACHMENT_MAX_MB", 10, 1, 1024) * 1024 * 1024
SECRET_KEY = secret_key(DEBUG)
ALLOWED_HOSTS = env_list("CASYS_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CASYS_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "casys.accounts",
    "casys.auditlog",
    "casys.attestations",
    "casys.documents",
    "casys.accreditation",
    "casys.certification",
    "casys.laboratory",
    "casys.inspection",
    "casys.proficiency",
    "casys.persons",
    "casys.registry",
    "casys.requirements",
    "casys.verification",
    "django_tasks",
    "django_tasks_db",
    "casys.jobs",
    "casys.notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "casys.accounts.middleware.SignInGateMiddleware",
    "casys.accounts.middleware.ScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "casys.project.headers.PermissionsPolicyMiddleware",
]

ROOT_URLCONF = "casys.project.urls"
WSGI_APPLICATION = "casys.project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "casys.accounts.context_processors.memberships",
                "casys.accounts.context_processors.refused",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'casys.sqlite3'}"),
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("CASYS_DB_POOL", False):
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("CASYS_DB_POOL_MIN", 2),
        "max_size": env_int("CASYS_DB_POOL_MAX", 10),
    }
CASYS_REGISTRY_DOCUMENTS = env_int_between("CASYS_REGISTRY_DOCUMENTS", 10_000, 0, 1_000_000)
if os.environ.get("CASYS_DATABASE_REPLICA_URL"):
    # a streaming replica of the primary for the public registry's reads (casys.registry.routers)
    DATABASES["replica"] = dj_database_url.parse(os.environ["CASYS_DATABASE_REPLICA_URL"], conn_max_age=0)
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["casys.registry.routers.ReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the demo server, its workers and the CLI share the file. A
    # transaction takes the write lock at BEGIN (IMMEDIATE), waiting the busy timeout for it: one
    # begun as a reader (SQLite's default) that then writes after another process wrote fails at once
    # with "database is locked", without waiting — the shared cache's add failed so 50 times in a row
    # under four processes counting at once (CI, stop 34).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Argon2id first: new and upgraded passwords are hashed with it.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in (issues 12 and 13): two-factor with django-otp, throttled password step, and the shared
# cache that the throttle and the registry API rate limit count in (every worker sees the same counts).
CASYS_TRUSTED_PROXIES = env_networks("CASYS_TRUSTED_PROXIES")
CASYS_LOGIN_RATE_ACCOUNT = env_rate("CASYS_LOGIN_RATE_ACCOUNT", "5/15m")
CASYS_LOGIN_RATE_ADDRESS = env_rate("CASYS_LOGIN_RATE_ADDRESS", "20/15m")
# MAX_ENTRIES: Django culls a third of the rows past it, live counters included; keep it far above
# the number of addresses and accounts active in one throttling window.
CACHES = {
    "default": {
        "BACKEND": "casys.project.cache.DatabaseCache",
        "LOCATION": "casys_cache",
        "OPTIONS": {"MAX_ENTRIES": 50_000},
    }
}
# Progress of a running job (casys.jobs.progress): not the database, which a job's one-transaction
# import holds locked on SQLite; files under the data directory, shared by the web server and the
# worker of one machine, or a shared Redis or memcached (CASYS_JOBS_CACHE_URL) when they are apart.
CACHES["jobs"] = env_jobs_cache("CASYS_JOBS_CACHE_URL", DATA_DIR)
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "casys.accounts.network.client_address"
OTP_TOTP_ISSUER = "casys"
PASSWORD_RESET_TIMEOUT = 3 * 3600  # a reset link lives three hours
# Invitations to join a body (casys.accounts.services.invitations).
CASYS_INVITATION_DAYS = env_int_between("CASYS_INVITATION_DAYS", 7, 1, 90)

# E-mail: invitation links are sent only when a backend is configured; otherwise the inviting
# administrator copies the link from the page. The dummy backend means "not configured".
EMAIL_BACKEND = os.environ.get("CASYS_EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.dummy.EmailBackend"
)
EMAIL_HOST = os.environ.get("CASYS_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("CASYS_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("CASYS_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CASYS_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("CASYS_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("CASYS_EMAIL_FROM", "casys@localhost")
EMAIL_FILE_PATH = DATA_DIR / "mail"  # for the file backend (the demo's)

# Background jobs (casys.jobs): django-tasks with its database backend, run by `casys worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Where links in e-mails point (the address people open casys at).
CASYS_SITE_URL = os.environ.get("CASYS_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Webhooks go to public addresses only (casys.notifications.outbound); networks listed here are
# allowed too (tests, development: e.g. 127.0.0.0/8 for a local receiver).
CASYS_WEBHOOK_ALLOWED_NETWORKS = env_networks("CASYS_WEBHOOK_ALLOWED_NETWORKS")
# The daily run (`casys daily`): how many days ahead a due surveillance audit is reminded.
CASYS_DAILY_SURVEILLANCE_DAYS = env_int_between("CASYS_DAILY_SURVEILLANCE_DAYS", 14, 1, 365)
CASYS_DAILY_INSPECTION_DAYS = env_int_between("CASYS_DAILY_INSPECTION_DAYS", 14, 1, 365)
CASYS_DAILY_CALIBRATION_DAYS = env_int_between("CASYS_DAILY_CALIBRATION_DAYS", 30, 1, 365)
# How long a finished job's output file is kept (the daily rule job-output-cleanup deletes it after).
CASYS_JOB_OUTPUT_DAYS = env_int_between("CASYS_JOB_OUTPUT_DAYS", 30, 1, 3650)
# Monte Carlo runs (laboratory results) of more trials than this go to the worker as a job.
CASYS_MCM_JOB_TRIALS = env_int_between("CASYS_MCM_JOB_TRIALS", 200_000, 1_000, 100_000_000)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("ru", _("Russian"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# One date format per language, decimal separator by language: casys/formats/<lang>/formats.py.
FORMAT_MODULE_PATH = ["casys.formats"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): the app's pages use no inline script, no inline style and
# no third-party origin; charts are inline SVG markup, QR codes inline SVG or data: images.
# tests/browser/test_csp.py walks the pages in Chromium and fails on any violation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
CASYS_KEY_STORE = os.environ.get("CASYS_KEY_STORE", "file").strip().lower()
if CASYS_KEY_STORE not in ("file", "pkcs11"):
    raise ImproperlyConfigured(f"CASYS_KEY_STORE: {CASYS_KEY_STORE!r} is not 'file' or 'pkcs11'")
CASYS_STATUS_LIST_HOURS = env_int("CASYS_STATUS_LIST_HOURS", 24)
if not 1 <= CASYS_STATUS_LIST_HOURS <= 24 * 31:
    raise ImproperlyConfigured(f"CASYS_STATUS_LIST_HOURS: {CASYS_STATUS_LIST_HOURS} is not 1 to 744 hours")

#: Browser features casys never uses, switched off for its pages (W3C Permissions Policy).
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "display-capture=(), interest-cohort=()"
)
if env_bool("CASYS_SECURE", not DEBUG):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("CASYS_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("CASYS_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CASYS_LOG_LEVEL", "WARNING")},
}
