"""Django settings for Muster, read from environment variables.

Defaults are safe for `make run` on a laptop: the embedded SQLite database under ./var, DEBUG off,
only localhost allowed, and a secret key generated once and kept beside the database.
"""

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from csp import constants as csp
from django.conf.locale import LANG_INFO

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("MUSTER_VAR_DIR", Path.cwd() / "var")).resolve()


def _env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _secret_key():
    """The SECRET_KEY from the environment, else one generated once and kept in var/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "muster.core",
    "muster.missions",
    "muster.sources",
    "muster.places",
    "muster.force",
    "muster.funding",
    "muster.logistics",
    "muster.operations",
    "muster.intake",
    "muster.reports",
    "muster.public",
    "muster.demo",
]

MIDDLEWARE = [
    # /health/ for a load balancer, before the host check and the https redirect (core/views_health.py says why).
    "muster.core.views_health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages gzipped (static files come compressed from whitenoise, above it); the sign-in and two-factor pages are
    # not, against BREACH: core/compression.py says why that is enough.
    "muster.core.compression.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "muster.core.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "muster.core.middleware.ChangeContextMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a locked-out sign-in into its page
]

ROOT_URLCONF = "muster.urls"
WSGI_APPLICATION = "muster.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# DATABASE_URL chooses the database: the embedded SQLite file by default, PostgreSQL in production. A connection is
# kept for CONN_MAX_AGE seconds rather than opened for each request: opening one cost 3.5 ms of a cached public
# page's 8 ms on SQLite (bench/loadtest.py), more on PostgreSQL; health checks replace one the server dropped.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'muster.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at BEGIN so two
    # writers queue instead of failing half-way with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests run on a file, as Muster does (WAL, a writer at a time), not in memory: concurrent writers in the tests
    # then meet the same locking as in production (tests/core/test_concurrent_writers.py). One file per test process
    # (pytest-django adds each xdist worker's name), so that two runs at once in one checkout do not share a file.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("TEST_SQLITE_NAME") or str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
# django-axes first: it refuses a locked-out user name before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "muster.core.permissions.ObjectPermissionBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
# Each language named in itself, as a language switcher offers them: a reader who cannot read the page's language
# still finds their own. Haitian Creole is Muster's own: Django has no catalogue or formats for it (LANG_INFO below,
# muster/formats/ht), so its catalogue also carries the framework messages users meet (core/framework_messages).
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español"), ("ht", "Kreyòl ayisyen")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANG_INFO.setdefault("ht", {"bidi": False, "code": "ht", "name": "Haitian Creole", "name_local": "Kreyòl ayisyen"})
FORMAT_MODULE_PATH = ["muster.formats"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60  # the switcher's choice is remembered for a year, not one browser session
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
# Serve from the app's own folders without collectstatic, so `make run` needs no extra step.
WHITENOISE_USE_FINDERS = True
# Once `muster collectstatic` has run: names with a hash of the content (kept a year by browsers) and a gzip and a
# brotli copy of each file (whitenoise's CompressedManifestStaticFilesStorage); before, each file by its own name.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "muster.core.compression.CompressedManifestStaticFilesStorage"},
}

# Limits on what users send (core/uploads.py), each refused with a message naming it; a deployment may change
# them through the environment (in bytes, or rows). A 100,000-row roll is about 12 MB as CSV and 4.5 MB as XLSX;
# a mission's IPI monthly gender table 0.2 MB (MINUSTAH 2009-2014, 2,748 rows); a donor's IATI file a few MB.
MUSTER_UPLOAD_MAX_BYTES = int(os.environ.get("MUSTER_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))
# An XLSX is a zip: a 100,000-row roll in Muster's 14 columns unzips to 66 MB (openpyxl, measured); 150 MB leaves
# room for twice as many columns and refuses a zip bomb before anything parses it.
MUSTER_XLSX_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("MUSTER_XLSX_MAX_UNCOMPRESSED_BYTES", 150 * 1024 * 1024))
# Rows of one roll or contribution table: as many as the UN's uniformed peacekeepers at their peak, all missions
# together (about 100,000; a contingent's roll is hundreds to a few thousand). 20,000 rows import in about 6 s.
MUSTER_IMPORT_MAX_ROWS = int(os.environ.get("MUSTER_IMPORT_MAX_ROWS", 100_000))
# COD-AB boundaries, loaded by an administrator's command: full-resolution ADM2 files of large countries run to
# tens of MB (Haiti's are 0.5 MB); the whole file is read into memory.
MUSTER_BOUNDARIES_MAX_BYTES = int(os.environ.get("MUSTER_BOUNDARIES_MAX_BYTES", 100 * 1024 * 1024))

# Background jobs (core/jobs.py): work that can outlast a request (a backup, a large import). With MUSTER_WORKER=1
# a job waits in the database for `muster worker` (django-tasks-db), and /health/ says whether a worker was seen in
# the last MUSTER_WORKER_SEEN_WITHIN seconds (it beats every 10); without it, each job runs in the request that
# starts it, and the page goes straight to the result (the tests, a laptop).
MUSTER_WORKER = _env_bool("MUSTER_WORKER")
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend" if MUSTER_WORKER
                     else "django_tasks.backends.immediate.ImmediateBackend"}}
MUSTER_WORKER_SEEN_WITHIN = int(os.environ.get("MUSTER_WORKER_SEEN_WITHIN", 60))
# A roll of more rows than this is committed as a job (its preview stays in the request): 2,000 rows take about
# 0.6 s, 20,000 about 6 s, longer than a user should watch a page load.
MUSTER_ROLL_IMPORT_JOB_ROWS = int(os.environ.get("MUSTER_ROLL_IMPORT_JOB_ROWS", 2_000))
# An ACLED file of more events than this is stored as a job too: placing its few hundred distinct points takes about
# 2 s, then each event about 1 ms (bench/acled_import.py: 50,000 in under a minute).
MUSTER_ACLED_IMPORT_JOB_ROWS = int(os.environ.get("MUSTER_ACLED_IMPORT_JOB_ROWS", 2_000))
# A contribution table of more rows than this is imported as a job: its claims and the history it builds (MINUSTAH's
# 2,747 rows: 11,211 claims and 1,907 movements with their citations, 3 to 6 s; bench/contribution_history.py).
MUSTER_CONTRIBUTION_IMPORT_JOB_ROWS = int(os.environ.get("MUSTER_CONTRIBUTION_IMPORT_JOB_ROWS", 2_000))

FORMS_URLFIELD_ASSUME_HTTPS = True  # the Django 6 default, now

SESSION_COOKIE_HTTPONLY = True
# A session lasts one duty shift at most, 12 hours from sign-in (a page does not extend it:
# SESSION_SAVE_EVERY_REQUEST is off), and ends when the browser closes: Muster is used on shared computers in
# offices and field posts, where the next user of the machine must not find the last one still signed in.
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Everything is served from here: no CDN, no inline script, no third-party frames (django-csp).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "style-src": [csp.SELF, csp.UNSAFE_INLINE],
        "script-src": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "form-action": [csp.SELF],
        "base-uri": [csp.SELF],
    },
}

# Two-factor sign-in (django-otp, core/two_factor.py): the name authenticator apps show for the account; the
# admin does not show anyone's secret key or QR code (an administrator could otherwise sign in as them).
OTP_TOTP_ISSUER = "Muster"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Failed sign-ins (django-axes): 5 wrong passwords for one user name from one address lock that pair for 30
# minutes. The pair, not the name alone, so that nobody can lock an officer out from the outside by typing their
# name; not the address alone, because a whole office or field post may share one. A success clears the count.
# Every sign-in, failed or not, is kept (AccessLog, AccessFailureLog), for the administrator in the admin.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "muster.core.views_two_factor.locked_out"
# The client's address, for the lockout and the API's rates alike: REMOTE_ADDR, or behind MUSTER_PROXIES reverse
# proxies the address the outermost of them saw (X-Forwarded-For, read from the right: the client can write the left).
MUSTER_PROXIES = int(os.environ.get("MUSTER_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "muster.core.two_factor.client_address"

# The API's rate limits count in the database, so every server process shares them (the servers keep nothing in
# memory between requests); `muster init` creates the table.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "muster_cache"}}
if _env_bool("HTTPS"):
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    # HSTS for every subdomain, and a request to be preloaded by browsers, are the deployment's to decide
    # (HSTS_INCLUDE_SUBDOMAINS=1, HSTS_PRELOAD=1): Muster cannot know what else its domain serves.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("HSTS_INCLUDE_SUBDOMAINS")
    SECURE_HSTS_PRELOAD = _env_bool("HSTS_PRELOAD")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# ...so `check --deploy` does not ask for them (security.W005, W021); everything else it checks holds.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["muster.core.api_policy.ObjectPermissions"],
    "DEFAULT_FILTER_BACKENDS": [
        "muster.core.api_policy.Filters",  # refuses a filter sent empty instead of ignoring it
        "muster.core.api_policy.Ordering",  # refuses an unknown field instead of ignoring it
    ],
    "DEFAULT_PAGINATION_CLASS": "muster.core.api_policy.Pagination",
    # Bodies in JSON only: a form-encoded body cannot tell an empty text from no value (a date sent as "" read as
    # none), so the API would accept what its document refuses; any other media type answers 415.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_SCHEMA_CLASS": "muster.core.api_schema.AutoSchema",  # documents the one error shape everywhere
    "EXCEPTION_HANDLER": "muster.core.api_policy.exception_handler",
    # Per address for anonymous calls, per user for signed-in ones; the token endpoint a few tries a minute.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "60/hour", "user": "2000/hour", "token": "5/min"},
    "NUM_PROXIES": MUSTER_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Muster API",
    "DESCRIPTION": "The operating picture of a multinational security mission. Every list is "
    "paginated and filtered; every record you cannot see answers 404.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Two choice sets are both called "category": a contingent's personnel category, and what money pays for.
    "ENUM_NAME_OVERRIDES": {
        "PersonnelCategoryEnum": "muster.missions.models.PersonnelCategory",
        "FundingCategoryEnum": "muster.funding.models.Category",
        "SourceKindEnum": "muster.sources.models.Source.Kind",  # also inline in a movement's new source
        # An incident's toll and a casualty both have an outcome, of different choices.
        "TollOutcomeEnum": "muster.operations.models.Toll.Outcome",
        "CasualtyOutcomeEnum": "muster.operations.models.Casualty.Outcome",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "muster.core.api_schema.blank_or_format_any_of",
        "muster.core.api_schema.updates_carry_version",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
