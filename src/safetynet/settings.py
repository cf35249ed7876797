"""Django settings. Everything that differs per deployment comes from the environment."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url
import django_stubs_ext
import plotly
from django.core.exceptions import ImproperlyConfigured

# Lets admin.ModelAdmin[Model] and friends be subscripted at run time, as the type stubs do.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent
# "development" (dev.py, the tests, the benches) may generate a secret key; anything else must be
# given one. Unset means production: a forgotten variable fails closed.
ENVIRONMENT = os.environ.get("SAFETYNET_ENV", "production")
DEVELOPMENT = ENVIRONMENT == "development"


def _var_dir() -> Path:
    """Where the data lives (SQLite, uploads waiting for a mapping, the demo's accounts): the
    environment's choice, else the checkout's `var/` when run from a source checkout, else the
    user's data directory. Never the working directory, never inside the package."""
    configured = os.environ.get("SAFETYNET_VAR_DIR")
    if configured:
        chosen = Path(configured).resolve()
    else:
        checkout = BASE_DIR.parent.parent
        from_checkout = (checkout / "pyproject.toml").is_file() and BASE_DIR.parent.name == "src"
        chosen = checkout / "var" if from_checkout else Path.home() / ".local/share/safetynet"
    if chosen.is_relative_to(BASE_DIR):
        raise ImproperlyConfigured("SAFETYNET_VAR_DIR must not be inside the source package.")
    return chosen


VAR_DIR = _var_dir()


def _secret_key() -> str:
    """From SAFETYNET_SECRET_KEY or a file named by SAFETYNET_SECRET_KEY_FILE (outside the source
    tree). Only in development is one generated and kept in the data directory."""
    from_env = os.environ.get("SAFETYNET_SECRET_KEY")
    if from_env:
        return from_env
    named = os.environ.get("SAFETYNET_SECRET_KEY_FILE")
    if named:
        path = Path(named).resolve()
        if path.is_relative_to(BASE_DIR.parent):
            raise ImproperlyConfigured("SAFETYNET_SECRET_KEY_FILE must be outside the source tree.")
        return path.read_text().strip()
    if not DEVELOPMENT:
        raise ImproperlyConfigured(
            "Set SAFETYNET_SECRET_KEY or SAFETYNET_SECRET_KEY_FILE: outside development "
            "(SAFETYNET_ENV=development) no key is generated."
        )
    key_file = VAR_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("SAFETYNET_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("SAFETYNET_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(
    ","
)

INSTALLED_APPS = [
    "safetynet.agencies.admin_apps.SafetyNetAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_q",
    # The platform's contexts, bottom to top (the import contract in pyproject.toml).
    "safetynet.core",
    "safetynet.geo",
    "safetynet.jobs",
    "safetynet.audit",
    "safetynet.rules",
    "safetynet.agencies",
    "safetynet.api",
    "safetynet.people",
    "safetynet.linkage",
    "safetynet.cases",
    "safetynet.intake",
    "safetynet.oversight",
    "safetynet.web",
    "safetynet.demo",
    # Authentication (see the block "Authentication" below); after the platform's apps, so
    # web/templates replaces allauth's layout and pages.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "safetynet.agencies.middleware.PrincipalMiddleware",
    "safetynet.audit.middleware.DenialMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Authentication (see the block "Authentication" below): allauth's flows, the guard
    # (MFA enrolment and passage, idle and absolute session limits), axes's lockout last.
    "allauth.account.middleware.AccountMiddleware",
    "safetynet.agencies.authguard.AuthGuardMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "safetynet.urls"
WSGI_APPLICATION = "safetynet.wsgi.application"

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
                "safetynet.web.context.shell",
            ],
        },
    },
]

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background jobs: django-q2 with its ORM broker (the queue lives in this database). A job that
# dies with its worker is retried after `retry` seconds, so `retry` exceeds the longest job.
Q_CLUSTER = {
    "name": "safetynet",
    "orm": "default",
    "workers": int(os.environ.get("SAFETYNET_WORKERS", "2")),
    "timeout": 3 * 3600,
    "retry": 3 * 3600 + 600,
    "max_attempts": 2,
    "recycle": 50,
    "save_limit": 500,
    "catch_up": False,
    "poll": 1,
    "label": "Background jobs",
    "sync": os.environ.get("SAFETYNET_JOBS_SYNC", "0") == "1",
}
# The audit trail's chain (docs/security.md, "Audit"): how long the sealing job waits for an id
# missing below the chain's head (an open transaction) before giving it up; where signed
# checkpoints are written, and their HMAC key (SAFETYNET_AUDIT_KEY or SAFETYNET_AUDIT_KEY_FILE;
# generated in the data directory only in development).
AUDIT_SEAL_WAIT_MINUTES = int(os.environ.get("SAFETYNET_AUDIT_SEAL_WAIT_MINUTES", "60"))
AUDIT_CHECKPOINT_DIR = Path(
    os.environ.get("SAFETYNET_AUDIT_CHECKPOINT_DIR") or VAR_DIR / "audit-checkpoints"
)
AUDIT_KEY = os.environ.get("SAFETYNET_AUDIT_KEY", "")
AUDIT_KEY_FILE = os.environ.get("SAFETYNET_AUDIT_KEY_FILE", "")
# Seconds a process keeps reference rows every request reads; see safetynet.core.reference.
REFERENCE_TTL = float(os.environ.get("SAFETYNET_REFERENCE_TTL", "30"))

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'safetynet.sqlite3'}",
        conn_max_age=int(os.environ.get("SAFETYNET_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the queue be read while a report is being written.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username before any password is checked (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # The admin site's model permissions follow the capability to administer.
    "safetynet.agencies.admin_site.CapabilityBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Authentication (issue 11; docs/security.md "Authentication") ---------------------------
# django-allauth (account + mfa) logs staff in: password, then a second factor (TOTP, a
# WebAuthn security key, or a recovery code). Nobody signs up: accounts come from the admin
# site. `safetynet.agencies.authguard` sends a login without a second factor to enrolment and
# ends idle (the `agencies.sessions` rule table) and too old sessions.
ACCOUNT_ADAPTER = "safetynet.agencies.authguard.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False  # the session ends with the browser (and the limits below)
ACCOUNT_LOGOUT_REDIRECT_URL = "login"
# Re-authentication before an export or a break-glass (`agencies.auth.recent_auth_required`):
# the password or the second factor again, good for this many seconds.
ACCOUNT_REAUTHENTICATION_TIMEOUT = int(os.environ.get("SAFETYNET_REAUTH_SECONDS", "600"))
ACCOUNT_REAUTHENTICATION_METHODS = ["mfa"]
# Failed passwords are counted and locked by django-axes (below, 5 per username); allauth's own
# limit of failures (which also counts wrong second-factor codes, per account) is set above it.
ACCOUNT_RATE_LIMITS = {"login_failed": "30/m/ip,10/15m/key"}
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_FORMS = {"add_webauthn": "safetynet.agencies.authguard.AddKeyForm"}
MFA_ALLOW_UNVERIFIED_EMAIL = True  # staff accounts carry no e-mail address
MFA_TOTP_ISSUER = "SafetyNet"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEVELOPMENT  # http://127.0.0.1 in the demo only
MFA_PASSKEY_LOGIN_ENABLED = False  # a key is a second factor here, never the only one
MFA_TRUST_ENABLED = False  # no "trust this browser": every login asks for the second factor
USERSESSIONS_TRACK_ACTIVITY = False  # sessions are listed to end them, not to trace them
# django-axes: 5 wrong passwords for one username lock it for 15 minutes (whatever the address
# they come from); each lockout is audited (action "login.lockout").
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "safetynet.agencies.authguard.lockout_response"
AXES_VERBOSE = False  # its log lines would name the username
# axes warns that a lockout by username alone can be dodged by changing address; here the
# account is what is protected (it stays locked whatever the address), so the warning is off.
SILENCED_SYSTEM_CHECKS = [*globals().get("SILENCED_SYSTEM_CHECKS", []), "axes.W006"]
# The absolute lifetime of a login, however active (the idle limit is a rule table).
SESSION_COOKIE_AGE = int(os.environ.get("SAFETYNET_SESSION_MAX_SECONDS", str(12 * 3600)))
SAFETYNET_SESSION_MAX_SECONDS = SESSION_COOKIE_AGE
# --- end of Authentication -------------------------------------------------------------------

LANGUAGE_CODE = "zh-hant"
LANGUAGES = [("zh-hant", "繁體中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Taipei"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves from finders; keep it quiet
# plotly.js is served from the installed plotly package, never copied into the repository.
STATICFILES_DIRS = [("plotly", Path(plotly.__file__).parent / "package_data")]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# The county or city (interior ministry code) this deployment serves; 10017 is 基隆市.
SAFETYNET_COUNTY_CODE = os.environ.get("SAFETYNET_COUNTY_CODE", "10017")

# Logs carry request lines and errors only: never case content, names or IDs.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SAFETYNET_LOG_LEVEL", "WARNING")},
}

# --- Serving: security headers, caching of personal data, the deploy checks ---------------------
# (issue 11, item 6; docs/serving.md). One block, so that it reads as one policy:
# - a Content-Security-Policy on every page, development included (a page that breaks it breaks
#   in the tests): scripts and styles only from this server, no inline script, style or handler;
# - `Cache-Control: no-store` on every answer to a logged-in person and every API answer
#   (safetynet.web.middleware.NoStore);
# - "ninja" installed so that the API docs page serves Swagger UI from this server (not a CDN);
# - outside development, what `safetynet check --deploy` asks for. Production runs behind nginx
#   (deploy/nginx.conf), which terminates TLS and sets X-Forwarded-Proto itself; gunicorn listens
#   on loopback only, so that header cannot come from anyone else.
INSTALLED_APPS += ["csp", "ninja"]
MIDDLEWARE[MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1 : 0] = [
    "csp.middleware.CSPMiddleware",  # after whitenoise: static files need no policy
    "safetynet.web.middleware.NoStore",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # Swagger UI's and plotly's icons are data: URIs
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
if not DEVELOPMENT:
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # a monitor on loopback may ask gunicorn directly
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SAFETYNET_HSTS_SECONDS", str(365 * 86400)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"  # secure, this host only, path /
    CSRF_COOKIE_NAME = "__Host-csrftoken"
