"""Django settings for gongfa, read from environment variables (see .env.example).

Defaults are for local development on the embedded SQLite database: `make run` needs nothing else.
Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Any

import django_stubs_ext
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from config.dev_keys import DEV_BLIND_INDEX_KEY, DEV_FIELD_ENCRYPTION_KEY
from config.env import (
    database_config,
    env_bool,
    env_choice,
    env_database,
    env_int,
    env_keys,
    env_list,
    env_str,
    env_timezone,
    env_url,
)

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("GONGFA_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)
TESTING = env_bool("GONGFA_TESTING", default=False)

_DEV_SECRET = "dev-only-insecure-secret-key-change-me"  # noqa: S105 - refused below outside DEBUG/tests
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET)
if SECRET_KEY == _DEV_SECRET and not (DEBUG or TESTING):
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
if len(SECRET_KEY) < 32 and not (DEBUG or TESTING):
    raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG or TESTING else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    # domain apps
    "gongfa.core",
    "gongfa.audit",
    "gongfa.workdays",
    "gongfa.accounts",
    "gongfa.network",
    "gongfa.catalog",
    "gongfa.workorders",
    "gongfa.notifications",
    "gongfa.knowledge",
    "gongfa.legalaid",
    "gongfa.mediation",
    "gongfa.appointments",
    "gongfa.outreach",
    "gongfa.drafting",
    "gongfa.performance",
    "gongfa.demo",
    # pages and API: views and templates only
    "gongfa.portal",
    "gongfa.workbench",
    "gongfa.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A database or broker outage is a 503 with Retry-After, never a 500 (gongfa.core.outage).
    "gongfa.core.middleware.OutageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After a write, the same user's reads stay on the primary for a few seconds (gongfa.core.dbrouting).
    "gongfa.core.dbrouting.ReadYourWritesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gongfa.core.middleware.ElderModeMiddleware",
    # A bare 405 from @require_http_methods becomes the site's page (Django has no handler405).
    "gongfa.core.middleware.ErrorPageMiddleware",
    "gongfa.core.security.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongfa.core.context_processors.site",
            ],
        },
    },
]

# Database: embedded SQLite by default, PostgreSQL in production and CI.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'gongfa.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("TEST", {})["NAME"] = env_str("TEST_DATABASE_NAME", "test_gongfa")
# Covering indexes (INCLUDE) serve PostgreSQL; SQLite, the embedded default, builds them without
# the extra columns, which is all it can do.
SILENCED_SYSTEM_CHECKS = ["models.W040"] if DATABASES["default"]["ENGINE"].endswith("sqlite3") else []
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast when the database host does not answer, so a request gets its 503 in seconds.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5, minimum=1, maximum=60)
    )
# Read-only replicas (gongfa.core.dbrouting): DATABASE_REPLICA_URLS, comma-separated, become the
# aliases replica1, replica2 …; reports, dashboards, exports, the directory and statistics read from
# them. A user's reads stay on the primary for READ_YOUR_WRITES_SECONDS after they wrote, and a
# replica more than REPLICA_MAX_LAG_SECONDS behind is not used (measured every
# REPLICA_LAG_CHECK_SECONDS per process).
DATABASE_REPLICA_ALIASES: list[str] = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    _alias = f"replica{_number}"
    DATABASES[_alias] = database_config(_url, "DATABASE_REPLICA_URLS")
    if DATABASES[_alias]["ENGINE"] != DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URLS: every replica must use the primary's database engine.")
    # Tests run against the primary's test database, never a replica's.
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    if DATABASES[_alias]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES[_alias].setdefault("OPTIONS", {}).setdefault(
            "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5, minimum=1, maximum=60)
        )
    DATABASE_REPLICA_ALIASES.append(_alias)
DATABASE_ROUTERS = ["gongfa.core.dbrouting.ReplicaRouter"] if DATABASE_REPLICA_ALIASES else []
READ_YOUR_WRITES_SECONDS = env_int("READ_YOUR_WRITES_SECONDS", 5, minimum=0, maximum=300)
REPLICA_MAX_LAG_SECONDS = env_int("REPLICA_MAX_LAG_SECONDS", 10, minimum=0, maximum=3600)
REPLICA_LAG_CHECK_SECONDS = env_int("REPLICA_LAG_CHECK_SECONDS", 2, minimum=0, maximum=60)

# Outages (gongfa.core.outage): the Retry-After of a 503, and how long readiness waits for the database.
OUTAGE_RETRY_AFTER_SECONDS = env_int("OUTAGE_RETRY_AFTER_SECONDS", 5, minimum=1, maximum=3600)
HEALTH_DB_TIMEOUT_MS = env_int("HEALTH_DB_TIMEOUT_MS", 2000, minimum=100, maximum=30000)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "gongfa.accounts.backends.StaffPasswordBackend",
    "gongfa.accounts.backends.CitizenCodeBackend",
]
LOGIN_URL = "accounts:citizen_login"
LOGIN_REDIRECT_URL = "portal:my_items"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Sessions: citizens on shared phones; expire at browser close for staff handled in login views.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8, minimum=300)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG and not TESTING:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HSTS only once the site is served over HTTPS for good (browsers remember it): off by default.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy, sent by gongfa.core.security.SecurityHeadersMiddleware when DEBUG is off:
# scripts and styles only from our own static files (no inline code, no CDN).
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Browser features no page here uses (Permissions-Policy).
PERMISSIONS_POLICY = ["camera", "microphone", "geolocation", "payment", "usb"]
# /api/docs (OpenAPI) needs a staff login unless this opens it to everyone.
API_DOCS_PUBLIC = env_bool("API_DOCS_PUBLIC", False)
# Reverse proxies whose X-Forwarded-For is believed (IPs or CIDR networks); none by default, so
# rate limits key on the peer address and a forged header changes nothing (gongfa.core.http.client_ip).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or network.") from None

# Language and time: Chinese first, English second; all times stored in UTC, shown in Beijing time.
LANGUAGE_CODE = env_choice("LANGUAGE_CODE", ["zh-hans", "en"], "zh-hans")
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_timezone("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Front-end packages (package.json) are served from node_modules, only the files the pages load
# (gongfa.core.staticfinders): "vendor/<prefix>/<file>".
VENDOR_ROOT = BASE_DIR / "node_modules"
VENDOR_STATIC = {
    "vendor/echarts/dist": ("echarts/dist", ["echarts.min.js"]),
    "vendor/leaflet/dist": ("leaflet/dist", ["leaflet.js", "leaflet.js.map", "leaflet.css", "images/*.png"]),
}
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "gongfa.core.staticfinders.VendorFinder",
]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Attachments (uploads, notices, agreements) go through Django's storage API. The default is a local
# folder (GONGFA_MEDIA_ROOT; several web nodes may share one over NFS). GONGFA_STORAGE=s3 keeps them
# in S3-compatible object storage (MinIO, OSS, COS, OBS …) via django-storages; docs/deploy.md.
MEDIA_ROOT = Path(env_str("GONGFA_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
GONGFA_STORAGE = env_str("GONGFA_STORAGE", "local")
if GONGFA_STORAGE == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME", ""),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("AWS_S3_REGION_NAME", "") or None,
            "access_key": env_str("AWS_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY", "") or None,
            # Personal documents: never public, never overwritten, links that expire.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 300, minimum=30, maximum=86400),
            "file_overwrite": False,
            "location": env_str("AWS_LOCATION", ""),
        },
    }
    if not STORAGES["default"]["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("GONGFA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
elif GONGFA_STORAGE != "local":
    raise ImproperlyConfigured(f"GONGFA_STORAGE={GONGFA_STORAGE!r}: use 'local' (the default) or 's3'.")

# Cache: Redis when configured (shared rate limits across web nodes), else per-process memory.
REDIS_URL = env_url("REDIS_URL", "", schemes=("redis", "rediss", "unix"))
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Reference tables cached per process (gongfa.core.refcache): how often a process checks whether
# another one changed them (through the cache above, so several processes need REDIS_URL), and the
# longest anything is kept in any case.
REFERENCE_CACHE_ENABLED = env_bool("REFERENCE_CACHE_ENABLED", default=True)
REFERENCE_CACHE_CHECK_SECONDS = env_int("REFERENCE_CACHE_CHECK_SECONDS", 1, minimum=0, maximum=60)
REFERENCE_CACHE_MAX_AGE_SECONDS = env_int("REFERENCE_CACHE_MAX_AGE_SECONDS", 300, minimum=1, maximum=86400)
# API tokens looked up per process (gongfa.api.tokens): a revocation, a token's or its account's
# change reaches every process within REFERENCE_CACHE_CHECK_SECONDS through the shared cache, and
# nothing is kept longer than this. 0 (the default without REDIS_URL, where a revocation made in
# another process could not reach the others) reads the token on every request.
API_TOKEN_CACHE_SECONDS = env_int("API_TOKEN_CACHE_SECONDS", 60 if REDIS_URL else 0, minimum=0, maximum=3600)

# Document drafting (gongfa.drafting.compute): the day count of a year for loan interest (courts use
# 360 or 365; the document states which), and up to when the bundled one-year LPR table
# (gongfa/drafting/data/lpr_one_year.csv) is known to be complete; later contracts get a warning.
DRAFTING_INTEREST_DAY_BASIS = env_int("DRAFTING_INTEREST_DAY_BASIS", 365, minimum=360, maximum=366)
DRAFTING_LPR_CHECKED_THROUGH = env_str("DRAFTING_LPR_CHECKED_THROUGH", "2025-06-20")

# Celery: with no broker configured, tasks run eagerly in-process (development, tests on SQLite).
CELERY_BROKER_URL = env_url("CELERY_BROKER_URL", "", schemes=("redis", "rediss", "amqp", "amqps", "memory"))
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://localhost/"  # never contacted while eager; named so kombu does not guess
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task whose worker died (kill -9, OOM) is redelivered by Redis once the visibility timeout
# passes: keep it just above the longest a task may run (the hard time limit), not Redis's 1 hour.
# Every task is safe to run twice (see each task's docstring). Countdown retries wait less than the
# timeout, or Redis would hand the held message to a second worker meanwhile.
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 240, minimum=10)
CELERY_TASK_SOFT_TIME_LIMIT = env_int(
    "CELERY_TASK_SOFT_TIME_LIMIT", max(5, CELERY_TASK_TIME_LIMIT - 30), minimum=5, maximum=CELERY_TASK_TIME_LIMIT - 1
)
CELERY_VISIBILITY_TIMEOUT = env_int(
    "CELERY_VISIBILITY_TIMEOUT", max(300, CELERY_TASK_TIME_LIMIT + 60), minimum=CELERY_TASK_TIME_LIMIT + 10
)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # Look for messages of dead workers every 10 s (kombu's default scans every 10th sweep: 100 s).
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
}
# The longest countdown of an automatic retry: the worker holds a retry's message unacknowledged
# until it is due, so it must come due well within the visibility timeout.
TASK_RETRY_BACKOFF_MAX = CELERY_VISIBILITY_TIMEOUT // 2
CELERY_TASK_ANNOTATIONS = {"*": {"retry_backoff_max": TASK_RETRY_BACKOFF_MAX}}
# A worker that cannot reach the broker at start-up keeps trying instead of exiting.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # Every scheduled job is also a management command (purge_login_codes).
    "purge-old-login-codes": {
        "task": "gongfa.accounts.tasks.purge_old_login_codes",
        "schedule": crontab(hour=3, minute=17),
    },
    "sweep-sla": {"task": "gongfa.workorders.tasks.sweep_sla", "schedule": crontab(minute="*/10")},
    "dispatch-queued": {"task": "gongfa.workorders.tasks.dispatch_queued", "schedule": crontab(minute="*")},
    # Updates back to 12345 whose retry is due, or whose own task was lost (resend_external_updates).
    "resend-external-updates": {
        "task": "gongfa.workorders.tasks.resend_external_updates",
        "schedule": crontab(minute="*"),
    },
    "refresh-law-versions": {
        "task": "gongfa.knowledge.tasks.refresh_current_law_versions",
        "schedule": crontab(hour=0, minute=5),
    },
    "purge-question-logs": {
        "task": "gongfa.knowledge.tasks.purge_question_logs",
        "schedule": crontab(hour=3, minute=27),
    },
    "train-topic-classifier": {
        "task": "gongfa.knowledge.tasks.train_topic_classifier",
        "schedule": crontab(hour=2, minute=40),
    },
    # Deemed withdrawal of legal-aid applications whose supplement deadline passed (lapse_legal_aid_supplements).
    "lapse-legal-aid-supplements": {
        "task": "gongfa.legalaid.tasks.lapse_supplements_task",
        "schedule": crontab(hour=0, minute=20),
    },
    # Legal-aid refusals and terminations final with no objection: now the citizen is asked to rate.
    "release-legal-aid-ratings": {
        "task": "gongfa.legalaid.tasks.release_final_ratings_task",
        "schedule": crontab(hour=0, minute=35),
    },
    # Certificates past their review window (rating_after.notarization = final): now the citizen is asked to rate.
    "release-notarization-ratings": {
        "task": "gongfa.appointments.tasks.release_final_certificate_ratings_task",
        "schedule": crontab(hour=0, minute=40),
    },
    # Facts of subjects marked while the broker was down (performance.rollup.sweep).
    "sweep-pending-facts": {"task": "gongfa.performance.tasks.sweep_pending_facts", "schedule": crontab(minute="*/5")},
    # Monthly reports not filed by their due day (remind_late_reports): once a day, at most one notice each.
    "performance-remind-late-reports": {
        "task": "gongfa.performance.tasks_reports.remind_late_reports",
        "schedule": crontab(hour=9, minute=0),
    },
    # People's mediation: judicial-confirmation windows about to close (第33条), once per case and window.
    "mediation-confirmation-reminders": {
        "task": "gongfa.mediation.tasks.send_confirmation_reminders",
        "schedule": crontab(hour=8, minute=40),
    },
    # People's mediation: invitations unanswered past the consent days end as a refusal (第17条).
    "mediation-lapse-consents": {
        "task": "gongfa.mediation.tasks.lapse_overdue_consents",
        "schedule": crontab(hour=8, minute=30),
    },
    # People's mediation: return visits fallen due (第31条), once per visit.
    "mediation-return-visits-due": {
        "task": "gongfa.mediation.tasks.mark_return_visits_due",
        "schedule": crontab(hour=8, minute=50),
    },
    # Notarization booking: day-before reminders (once per booking) and no-shows (booking_reminders, record_no_shows).
    "appointments-booking-reminders": {
        "task": "gongfa.appointments.tasks.send_booking_reminders",
        "schedule": crontab(hour=9, minute=10),
    },
    "appointments-record-no-shows": {
        "task": "gongfa.appointments.tasks.record_no_shows",
        "schedule": crontab(minute="*/15"),
    },
    # outreach (issue #15): publicity prompts past their deadline, the public-good archive's nightly
    # sync, and the advisers' missed-visit reminders for the month just ended.
    "outreach-prompts-overdue": {
        "task": "gongfa.outreach.tasks_publicity.mark_overdue_prompts",
        "schedule": crontab(hour=1, minute=20),
    },
    "outreach-sync-public-good": {
        "task": "gongfa.outreach.tasks_publicgood.sync_public_good_nightly",
        "schedule": crontab(hour=2, minute=30),
    },
    "outreach-advisor-visit-reminders": {
        "task": "gongfa.outreach.tasks.remind_advisor_visits",
        "schedule": crontab(day_of_month=1, hour=8, minute=30),
    },
}

# Personal data at rest (gongfa.core.crypto): AES-256-GCM keys, base64 of 32 bytes each,
# comma-separated. The first key encrypts, every key decrypts: to rotate, put a new key first, run
# `manage.py rotate_keys`, then drop the old key. BLIND_INDEX_KEY keys the HMAC of exact-lookup
# columns (phone_hash …); changing it means re-running rotate_keys. DEBUG and tests use fixed
# development keys; with DEBUG off both must be set.
FIELD_ENCRYPTION_KEYS = env_keys("FIELD_ENCRYPTION_KEYS", required=not (DEBUG or TESTING)) or [DEV_FIELD_ENCRYPTION_KEY]
_blind_index_keys = env_keys("BLIND_INDEX_KEY", required=not (DEBUG or TESTING))
if len(_blind_index_keys) > 1:
    raise ImproperlyConfigured("Environment variable BLIND_INDEX_KEY takes exactly one key.")
BLIND_INDEX_KEY = _blind_index_keys[0] if _blind_index_keys else DEV_BLIND_INDEX_KEY

# SMS: pluggable backend (dotted path). Console logs the message; locmem keeps an outbox for tests.
SMS_BACKEND = env_str("SMS_BACKEND", "gongfa.accounts.sms.ConsoleSmsBackend")
SMS_SIGN_NAME = env_str("SMS_SIGN_NAME", "公法通")

# One-time codes for citizen login (numbers a region may tune; defaults are conservative).
OTP_LENGTH = env_int("OTP_LENGTH", 6, minimum=4, maximum=8)
OTP_TTL_SECONDS = env_int("OTP_TTL_SECONDS", 300, minimum=60, maximum=1800)
OTP_MAX_ATTEMPTS = env_int("OTP_MAX_ATTEMPTS", 5, minimum=1, maximum=10)
OTP_RESEND_INTERVAL_SECONDS = env_int("OTP_RESEND_INTERVAL_SECONDS", 60, minimum=0)
OTP_MAX_PER_PHONE_PER_HOUR = env_int("OTP_MAX_PER_PHONE_PER_HOUR", 5, minimum=1)
OTP_MAX_PER_IP_PER_HOUR = env_int("OTP_MAX_PER_IP_PER_HOUR", 20, minimum=1)

# Staff password lockout.
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5, minimum=1)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60, minimum=60)
# Failures from one client address across all usernames (password spraying).
LOGIN_IP_MAX_FAILURES = env_int("LOGIN_IP_MAX_FAILURES", 20, minimum=1)
LOGIN_IP_WINDOW_SECONDS = env_int("LOGIN_IP_WINDOW_SECONDS", 15 * 60, minimum=60)

# Public address of the site, for links sent by SMS (rating links).
SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000", schemes=("http", "https")).rstrip("/")
# Outbound transfers to 12345 / other departments (a class implementing TransferGateway).
WORKORDER_GATEWAY = env_str("WORKORDER_GATEWAY", "gongfa.workorders.gateways.RecordingGateway")
# Updates back to 12345 (回传) are retried with a growing wait; after this many failed attempts
# one is given up and the order's owner is told to report it by hand.
WORKORDER_UPDATE_MAX_ATTEMPTS = env_int("WORKORDER_UPDATE_MAX_ATTEMPTS", 8, minimum=1, maximum=50)
# Answer files (答复附件, 答复模板附件): PDF, JPG or PNG up to this size.
ANSWER_ATTACHMENT_MAX_BYTES = env_int(
    "ANSWER_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024, minimum=1024, maximum=100 * 1024 * 1024
)
# Topic classifier for triage (dotted path to a callable(text) -> TopicGuess). The keyword table
# alone: gongfa.workorders.classify.keyword_classifier.
# The default combines cue words, the laws statute search points to, and the model trained by
# `manage.py train_topic_classifier` (used when VAR_DIR/models/topic_classifier.npz exists).
TOPIC_CLASSIFIER = env_str("TOPIC_CLASSIFIER", "gongfa.knowledge.topics.classify")

# 法律服务地图 (the public directory's map): a tile URL template such as
# https://tiles.example.org/{z}/{x}/{y}.png and its attribution (HTML, shown on the map). Tiles come
# from this server only; empty (the default) = no map, and the directory is a list sorted by distance.
MAP_TILE_URL = env_str("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "")
# Appointments API rate limits per caller (django-ninja rates such as "20/m"): booking a slot, and
# the public free-slot and matter searches.
APPOINTMENTS_BOOK_RATE = env_str("APPOINTMENTS_BOOK_RATE", "20/m")
APPOINTMENTS_SLOTS_RATE = env_str("APPOINTMENTS_SLOTS_RATE", "120/m")

# Citizen questions: the first slice's upper bound on text length.
QUESTION_MAX_CHARS = env_int("QUESTION_MAX_CHARS", 5000, minimum=100)

# Intelligent Q&A (智能问答): question length, and the confidence (percent) below which a question
# is logged as answered poorly for demand analysis (需求研判).
QA_MAX_CHARS = env_int("QA_MAX_CHARS", 2000, minimum=50, maximum=2000)
# Legal-aid materials: PDF/JPEG/PNG only, at most this many bytes each.
LEGALAID_UPLOAD_MAX_BYTES = env_int(
    "LEGALAID_UPLOAD_MAX_BYTES", 10 * 1024 * 1024, minimum=1024, maximum=100 * 1024 * 1024
)
QA_LOW_CONFIDENCE = env_int("QA_LOW_CONFIDENCE_PERCENT", 40, minimum=0, maximum=100) / 100
# Anonymous questions to the public API per client address per minute.
QA_ASK_PER_MINUTE = env_int("QA_ASK_PER_MINUTE", 30, minimum=1)
# Days a question stays in the Q&A log (问答记录) before the daily purge.
QA_LOG_KEEP_DAYS = env_int("QA_LOG_KEEP_DAYS", 365, minimum=30)
# Question memory (问题记忆, issue #19): known questions (published FAQ questions and phrasings,
# staff-verified questions) vote for their articles and topic. The weights are tuned on the
# development data only (benchmarks/README.md, "Question memory"); percentages in the environment.
QA_MEMORY_ENABLED = env_bool("QA_MEMORY_ENABLED", True)
# An article's memory vote (0–1, the known question's likeness) is added to its statute score
# (the best article scoring 1) times this weight.
QA_MEMORY_ARTICLE_WEIGHT = env_int("QA_MEMORY_ARTICLE_WEIGHT_PERCENT", 100, minimum=0, maximum=1000) / 100
# A topic's memory vote is added to the topic classifier's evidence times this weight.
QA_MEMORY_TOPIC_WEIGHT = env_int("QA_MEMORY_TOPIC_WEIGHT_PERCENT", 100, minimum=0, maximum=1000) / 100
# Only known questions at least this alike vote for a topic (a topic is one guess, not a list).
QA_MEMORY_TOPIC_MIN_SCORE = env_int("QA_MEMORY_TOPIC_MIN_SCORE_PERCENT", 30, minimum=0, maximum=100) / 100
# Known questions less alike than this (0–1) do not vote; how many nearest ones are read.
QA_MEMORY_MIN_SCORE = env_int("QA_MEMORY_MIN_SCORE_PERCENT", 5, minimum=0, maximum=100) / 100
QA_MEMORY_K = env_int("QA_MEMORY_K", 10, minimum=1, maximum=100)
# A known question at least this alike is the same question asked again: its articles come first
# (the FAQ answers from an entry at the same likeness, knowledge.faq.STRONG_MATCH).
QA_MEMORY_STRONG = env_int("QA_MEMORY_STRONG_PERCENT", 60, minimum=1, maximum=101) / 100
# How often (seconds) a process checks whether what the memory knows changed.
QA_MEMORY_RECHECK_SECONDS = env_int("QA_MEMORY_RECHECK_SECONDS", 10, minimum=0, maximum=3600)
# How many top articles the fusion (and the re-ranker, when one is set) reorders.
QA_RERANK_POOL = env_int("QA_RERANK_POOL", 30, minimum=5, maximum=100)
# The optional re-ranker of that pool (gongfa.knowledge.rerank): "none", "onnx" (a cross-encoder
# in QA_RERANKER_MODEL_DIR: model.onnx + tokenizer.json) or "llm" (LLM_BASE_URL below). Within
# QA_RERANKER_BUDGET_MS, or the fused order stands; /readyz names a re-ranker that cannot work.
QA_RERANKER = env_choice("QA_RERANKER", ["none", "onnx", "llm"], "none")
QA_RERANKER_MODEL_DIR = env_str("QA_RERANKER_MODEL_DIR", "")
QA_RERANKER_BUDGET_MS = env_int("QA_RERANKER_BUDGET_MS", 1500, minimum=10, maximum=60000)
QA_RERANKER_BATCH = env_int("QA_RERANKER_BATCH", 8, minimum=1, maximum=256)
QA_RERANKER_MAX_TOKENS = env_int("QA_RERANKER_MAX_TOKENS", 512, minimum=16, maximum=8192)
QA_RERANKER_THREADS = env_int("QA_RERANKER_THREADS", 2, minimum=1, maximum=64)
# Optional plain-language drafts from an OpenAI-compatible server (vLLM, Ollama …); off when empty.
LLM_BASE_URL = env_url("LLM_BASE_URL", "", schemes=("http", "https"))
LLM_MODEL = env_str("LLM_MODEL", "qwen2.5:7b-instruct")
LLM_API_KEY = env_str("LLM_API_KEY", "")
LLM_TIMEOUT = env_int("LLM_TIMEOUT_SECONDS", 20, minimum=1, maximum=120)

LOG_LEVEL = env_choice("LOG_LEVEL", ["DEBUG", "INFO", "WARNING", "ERROR"], "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    # Every handler masks phones and ID numbers (personal data never reaches a log in full).
    "filters": {"mask_personal_data": {"()": "gongfa.core.logging.MaskPersonalDataFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["mask_personal_data"]},
        # runserver's access log, replacing Django's default handler so it is masked too.
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["mask_personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "gongfa": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}

NINJA_PAGINATION_PER_PAGE = 50
FORM_RENDERER = "gongfa.core.forms.AccessibleFormRenderer"
