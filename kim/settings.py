"""Settings of the KIM platform.

Every value comes from the environment. `ENV_VARS` documents each variable;
`docs/operations.md` must list all of them (a test checks that).
"""

from dataclasses import dataclass
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class EnvVar:
    name: str
    default: str
    help: str


ENV_VARS = [
    EnvVar(
        "KIM_DEMO",
        "0",
        "1 = Demo-Modus: Demo-Passwort 'demo' erlaubt, unsicheres Schlüssel-Fallback, keine Secure-Cookies. Nie in Produktion.",
    ),
    EnvVar(
        "SECRET_KEY",
        "(Pflicht außer im Demo-Modus)",
        "Django-Geheimschlüssel für Signaturen und Sitzungen; lang und zufällig.",
    ),
    EnvVar(
        "DATABASE_URL",
        "sqlite:///var/kim.sqlite3",
        "Datenbank als URL, z. B. postgres://kim@db.example/kim.",
    ),
    EnvVar(
        "ALLOWED_HOSTS",
        "127.0.0.1,localhost",
        "Komma-getrennte Hostnamen, unter denen die Plattform erreichbar ist.",
    ),
    EnvVar(
        "CSRF_TRUSTED_ORIGINS",
        "(leer)",
        "Komma-getrennte Origins (https://kim.example.de) hinter einem Proxy.",
    ),
    EnvVar("DEBUG", "0", "1 = Django-Debugmodus. Nur in der Entwicklung."),
    EnvVar(
        "KIM_DATA_DIR",
        "var/",
        "Verzeichnis für Laufzeitdaten: SQLite-Datei, hochgeladene Dokumente (außerhalb des Web-Roots).",
    ),
    EnvVar("KIM_SESSION_IDLE_MINUTES", "30", "Abmeldung nach so vielen Minuten ohne Aktivität."),
    EnvVar(
        "KIM_LOGIN_FAILURE_LIMIT",
        "5",
        "Sperre nach so vielen fehlgeschlagenen Anmeldungen (pro Benutzername und IP).",
    ),
    EnvVar("KIM_LOGIN_COOLOFF_MINUTES", "15", "Dauer der Anmeldesperre in Minuten."),
    EnvVar(
        "KIM_EMERGENCY_ACCESS_HOURS",
        "4",
        "So viele Stunden gilt ein Notfallzugriff einer Teamleitung auf einen fremden Fall (nur lesend).",
    ),
    EnvVar("KIM_SECURE_COOKIES", "1 (0 im Demo-Modus)", "1 = Cookies nur über HTTPS senden."),
    EnvVar(
        "KIM_BEHIND_PROXY",
        "0",
        "1 = hinter einem Reverse Proxy: X-Forwarded-Proto für die HTTPS-Erkennung und der "
        "letzte Eintrag von X-Forwarded-For als Adresse des Clients (Protokoll, Sperren).",
    ),
    EnvVar(
        "KIM_TIMING_HEADERS",
        "0",
        "1 = Server-Timing- und Query-Anzahl-Header ausgeben (für bench/).",
    ),
    EnvVar(
        "EMAIL_URL",
        "consolemail://",
        "Mail-Server als URL, z. B. smtp+tls://user:pass@mail.example:587.",
    ),
    EnvVar(
        "KIM_BASE_URL",
        "http://127.0.0.1:8000",
        "Öffentliche Adresse der Plattform für Links in E-Mails.",
    ),
    EnvVar("DEFAULT_FROM_EMAIL", "kim@localhost", "Absenderadresse für Benachrichtigungen."),
    EnvVar(
        "KIM_REFERRAL_LINK_DAYS",
        "14",
        "So viele Tage gilt ein Partner-Link zu einer Vermittlung (Partnerstellen ohne Konto).",
    ),
    EnvVar(
        "KIM_PARTNER_LINK_MISS_LIMIT",
        "20",
        "Nach so vielen Aufrufen unbekannter Partner-Links von einer IP-Adresse sperrt die "
        "Plattform Partner-Links für diese Adresse.",
    ),
    EnvVar(
        "KIM_PARTNER_LINK_COOLOFF_MINUTES",
        "15",
        "Zeitfenster und Dauer dieser Sperre in Minuten.",
    ),
    EnvVar("LOG_LEVEL", "INFO", "Protokollstufe der Anwendung (DEBUG, INFO, WARNING, ERROR)."),
]

env = environ.Env()

DEMO_MODE = env.bool("KIM_DEMO", default=False)
DEBUG = env.bool("DEBUG", default=False)
DATA_DIR = Path(env.str("KIM_DATA_DIR", default=str(BASE_DIR / "var")))

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEMO_MODE:
        raise ImproperlyConfigured(
            "SECRET_KEY fehlt. Setzen Sie SECRET_KEY (siehe docs/operations.md) "
            "oder starten Sie mit KIM_DEMO=1 für den Demo-Betrieb."
        )
    SECRET_KEY = "demo-only-insecure-key-never-use-in-production"  # noqa: S105 - demo mode only

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "template_partials",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_countries",  # its German country names (Syrien, not Syria)
    "django_tasks",
    "django_tasks_db",
    "kim.core",
    "kim.accounts",
    "kim.people",
    "kim.cases",
    "kim.planning",
    "kim.followups",
    "kim.documents",
    "kim.network",
    "kim.reports",
    "kim.steering",
    "kim.residence",
    "kim.demo",
]

MIDDLEWARE = [
    "kim.core.middleware.TimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kim.core.middleware.IdleSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kim.core.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kim.urls"
WSGI_APPLICATION = "kim.wsgi.application"
FORM_RENDERER = "kim.core.forms.KernFormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kim" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kim.core.context_processors.shell",
            ],
        },
    }
]

DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'kim.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the demo server and a task worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "kim.accounts.backends.KimModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "accounts:login"

# Idle timeout: the session expires this many minutes after the last request.
# kim.core.middleware.IdleSessionMiddleware renews it at most once a minute, so
# an ordinary page view does not write the session table.
SESSION_IDLE_MINUTES = env.int("KIM_SESSION_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Break the glass: how long a team lead's emergency access to a case outside
# their units lasts (read-only, audited, listed for data protection).
EMERGENCY_ACCESS_HOURS = env.int("KIM_EMERGENCY_ACCESS_HOURS", default=4)

SECURE_COOKIES = env.bool("KIM_SECURE_COOKIES", default=not DEMO_MODE)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SAMESITE = "Lax"
BEHIND_PROXY = env.bool("KIM_BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Lockout after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = env.int("KIM_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.int("KIM_LOGIN_COOLOFF_MINUTES", default=15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "kim.core.client_ip.client_ip"  # the proxy's X-Forwarded-For
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Content Security Policy: everything is self-hosted.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "kim" / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "kim" / "static", ("vendor", BASE_DIR / "var" / "assets")]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DATA_DIR / "documents"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "kim.accounts.api_auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "KIM-Plattform API",
    "DESCRIPTION": "Personen, Fälle und Beratungskontakte. Jede Antwort ist auf die "
    "Einheiten des anfragenden Kontos beschränkt; jeder Zugriff wird protokolliert.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"LanguageEnum": "kim.people.catalogues.LANGUAGES"},
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="kim@localhost")
BASE_URL = env.str("KIM_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# How long a partner link to a referral lasts (partners without an account).
REFERRAL_LINK_DAYS = env.int("KIM_REFERRAL_LINK_DAYS", default=14)
# Unknown partner-link tokens per IP address and window before the links close for it.
PARTNER_LINK_MISS_LIMIT = env.int("KIM_PARTNER_LINK_MISS_LIMIT", default=20)
PARTNER_LINK_COOLOFF_MINUTES = env.int("KIM_PARTNER_LINK_COOLOFF_MINUTES", default=15)

TIMING_HEADERS = env.bool("KIM_TIMING_HEADERS", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
