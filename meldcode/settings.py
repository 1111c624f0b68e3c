"""Django settings for Meldwijzer.

Every setting that differs between a developer's machine and production is
read from an environment variable. The defaults are safe for development: an
SQLite file under ``var/``, hosts limited to this machine. With ``DEBUG`` off
the production protections switch on (HTTPS only, HSTS, secure cookies) and
the development secret key is refused, so a forgotten variable cannot put an
insecure site on the internet.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MELDWIJZER_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable; anything unrecognised is an error."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    """Read a positive whole number from the environment."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if value <= 0:
        raise ImproperlyConfigured(f"{name} must be positive, not {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated list from the environment."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# --- Core -------------------------------------------------------------------

# Refused below whenever DEBUG is off.
DEVELOPMENT_SECRET_KEY = "django-insecure-meldwijzer-development-key-never-use-in-production"  # noqa: S105

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY in ("", DEVELOPMENT_SECRET_KEY):
    raise ImproperlyConfigured(
        "DEBUG is off but SECRET_KEY is the development key: set SECRET_KEY to a long random value."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "meldcode",
    "meldcode.accounts",
    "meldcode.audit",
    "meldcode.cases",
    "meldcode.veiligthuis",
    "signals",
    "elearning",
    # The admin behind the second factor (meldcode.admin_site).
    "meldcode.apps.MeldwijzerAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
]

MIDDLEWARE = [
    "meldcode.middleware.ProxyHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "meldcode.middleware.RequestSizeLimitMiddleware",
    "meldcode.middleware.NoStoreMiddleware",
    "meldcode.security.SessionGuardMiddleware",
    "meldcode.security.VerificationRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "meldcode.urls"
WSGI_APPLICATION = "meldcode.wsgi.application"

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
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'meldwijzer.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the task worker writes; IMMEDIATE
    # transactions plus a busy timeout turn lock contention into a short wait
    # instead of "database is locked" errors.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a file too, not Django's in-memory default: requests running
    # at once (live-server tests) then meet the same WAL and busy timeout as
    # in use, instead of shared-cache table locks. One file per test process,
    # so that two test runs on one checkout never share (and break) a file.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-meldwijzer-{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication and two-factor login -----------------------------------

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Argon2 first (Django's recommendation), as costly as the older PBKDF2 hashes
# so that no account stands out by its timing; older hashes still verify and
# are upgraded at the next successful login.
PASSWORD_HASHERS = [
    "meldcode.accounts.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# NIST SP 800-63B: at least 12 and at most 128 characters, not the user's own
# details, not a common or breached password; no composition rules.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {
        "NAME": "meldcode.accounts.validators.MaximumLengthValidator",
        "OPTIONS": {"max_length": 128},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "meldcode.accounts.validators.DutchCommonPasswordValidator"},
]

OTP_TOTP_ISSUER = "Meldwijzer"
# django-otp doubles the wait after each wrong code (1 s, 2 s, 4 s, ...).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Login throttles (meldcode.accounts.throttle): per account identifier as
# typed, per client address (generous: a practice sits behind one address)
# and per device cookie, each within a window of this many minutes. Attempts
# from a browser with a device cookie skip the first two.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_WINDOW_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
# A window that went past its limit makes the next one twice as long, up to this.
LOGIN_MAX_WINDOW_MINUTES = env_int("LOGIN_MAX_WINDOW_MINUTES", 4 * 60)

# Absolute URLs that leave the site (schema ids, QR codes, badge ids, links in
# Veilig Thuis payloads) are built from this.
# The e-learning's quiz: at most this many attempts per window, and a pause after each.
ELEARNING_ATTEMPT_LIMIT: int | None = 3
ELEARNING_ATTEMPT_WINDOW: timedelta | None = timedelta(hours=24)
ELEARNING_COOLDOWN = timedelta(minutes=1)
# Requests per minute one client address may make to the public verification pages.
ELEARNING_VERIFY_LIMIT = 30
# The contact address of the Open Badges issuer profile (required by the specification).
ELEARNING_BADGE_ISSUER_EMAIL = os.environ.get("ELEARNING_BADGE_ISSUER_EMAIL", "info@meldwijzer.nl")
# The accredited provider's UserID in PE-online's licensed webservice (for its batch files).
ELEARNING_PE_ONLINE_PROVIDER_ID = os.environ.get("ELEARNING_PE_ONLINE_PROVIDER_ID", "")

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Cases --------------------------------------------------------------------

# Days a closed case is kept after its owner confirmed the transfer to the
# HIS; purge_cases never removes an unconfirmed case, whatever this says.
CASE_RETENTION_DAYS = env_int("CASE_RETENTION_DAYS", 90)
# The longest a de-identified summary stays open to a colleague.
COLLEAGUE_SHARE_MAX_DAYS = env_int("COLLEAGUE_SHARE_MAX_DAYS", 14)

LOGIN_ADDRESS_LIMIT = env_int("LOGIN_ADDRESS_LIMIT", 100)
LOGIN_DEVICE_LIMIT = env_int("LOGIN_DEVICE_LIMIT", 10)
DEVICE_COOKIE_DAYS = env_int("DEVICE_COOKIE_DAYS", 180)

# A session ends after this many minutes without activity; the cookie itself
# lives at most a working day and dies with the browser.
SESSION_IDLE_TIMEOUT_MINUTES = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30)
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Veilig Thuis ------------------------------------------------------------

# Requests a minute the intake takes per client address and per sender key.
VT_INTAKE_ADDRESS_LIMIT = env_int("VT_INTAKE_ADDRESS_LIMIT", 300)
VT_INTAKE_KEY_LIMIT = env_int("VT_INTAKE_KEY_LIMIT", 120)

# Days a received report stays in this inbox (the receiving side sets its own
# retention: Veilig Thuis keeps its dossier in its own registration system, to
# which the inbox exports). Only an advies or a completed melding is purged.
VT_REPORT_RETENTION_DAYS = env_int("VT_REPORT_RETENTION_DAYS", 90)

# Whether a melding may carry a BSN. Off by default: outside government a BSN
# may be used only where a law prescribes it; the Wabvpz prescribes it between
# zorgaanbieders, indicatieorganen and zorgverzekeraars, and Veilig Thuis is
# not among them (it checks people against the BRP itself). No provision was
# found that lets a GP send one, and many victims of trafficking have none.
# Switch it on only with a legal basis your organisation has established.
VT_BSN_ENABLED = env_bool("VT_BSN_ENABLED", False)

# Delivery through the outbox: attempts before a delivery is marked failed,
# the first wait between attempts (doubled each time, with jitter, capped),
# and the connect and read timeouts of one attempt, in seconds.
VT_DELIVERY_MAX_ATTEMPTS = env_int("VT_DELIVERY_MAX_ATTEMPTS", 8)
VT_DELIVERY_BACKOFF_SECONDS = env_int("VT_DELIVERY_BACKOFF_SECONDS", 30)
VT_DELIVERY_MAX_BACKOFF_SECONDS = env_int("VT_DELIVERY_MAX_BACKOFF_SECONDS", 60 * 60)
VT_DELIVERY_CONNECT_TIMEOUT = env_int("VT_DELIVERY_CONNECT_TIMEOUT", 5)
VT_DELIVERY_READ_TIMEOUT = env_int("VT_DELIVERY_READ_TIMEOUT", 20)
# How long a worker holds a delivery it is sending; after that the sweeper
# treats the attempt as lost (a killed worker) and sends again.
VT_DELIVERY_LEASE_SECONDS = env_int("VT_DELIVERY_LEASE_SECONDS", 120)

# Fernet keys for identifying data at rest, newest first (meldcode.crypto).
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [])
if not DEBUG and not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured(
        "DEBUG is off but FIELD_ENCRYPTION_KEYS is not set: generate a key with "
        "'manage.py rotate_field_keys --new-key' and set it."
    )

# --- Internationalisation ----------------------------------------------------

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
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

# --- Background tasks -------------------------------------------------------

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# --- Security headers -------------------------------------------------------

X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# No inline script or style anywhere: every script and stylesheet is a static
# file of our own, so the policy can stay this strict.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
}

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers probe over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # A reverse proxy terminates TLS and says so in this header; the header is
    # dropped from any peer not in TRUSTED_PROXIES (meldcode.middleware).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# The reverse proxies whose X-Forwarded-* headers are believed (addresses or
# networks). Empty: the connection's own address is the client.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
# No form of ours comes near this; a larger body is refused unread (413).
MAX_REQUEST_BODY_BYTES = env_int("MAX_REQUEST_BODY_BYTES", 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES
# No page takes files yet: any file part is refused (meldcode.uploads).
FILE_UPLOAD_HANDLERS = ["meldcode.uploads.RefuseUploadsHandler"]

LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "meldcode.views.csrf_failure_view"

# --- Logging ----------------------------------------------------------------

# Logs go to standard error without request bodies or query strings, so no
# patient data can end up in them.
# Requests with a foreign Host header or an oversized body are noise from the
# internet, not faults of ours: one line at WARNING, no traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"internet_noise": {"()": "meldcode.logs.InternetNoiseFilter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        name: {"filters": ["internet_noise"]}
        for name in (
            "django.security.DisallowedHost",
            "django.security.RequestDataTooBig",
            "django.security.TooManyFieldsSent",
            "django.security.TooManyFilesSent",
            "django.security.UploadNotExpected",
        )
    },
    "root": {"handlers": ["stderr"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
