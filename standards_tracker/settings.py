"""One settings module for every environment, read from the environment (django-environ).

DEBUG is off unless set: a server started without configuration never shows debug pages or the
browsable API (and asks for a SECRET_KEY). The Quick start (`make demo`, `make test`) sets DEBUG=on
for a newcomer's first run: SQLite in the project folder, e-mail to the console and Celery tasks
run in-process. Production sets SECRET_KEY, DATABASE_URL, REDIS_URL, EMAIL_URL and the host
settings.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (set the SECRET_KEY environment variable; "
            "for development, DEBUG=on instead, as `make demo` does)."
        )
    SECRET_KEY = "django-insecure-development-key-only-used-with-debug-on"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # django.contrib.admin with the secretariat's site (branding, grouped index, attention).
    "portal.apps.SecretariatAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    # Swagger UI's scripts and styles from our own origin, so the CSP needs no CDN.
    "drf_spectacular_sidecar",
    "csp",
    "simple_history",
    # Spreadsheet import with its preview in the admin (core.spreadsheets, core.admin_spreadsheets).
    "import_export",
    "django_celery_beat",
    # Optional translations of record content in a JSON column beside the original (core.translations).
    "modeltrans",
    "axes",
    # Accounts: sign-up with a verified e-mail, password reset, sign-in by e-mail or username,
    # and single sign-on through an organisation's OpenID Connect provider (OIDC_*, below).
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    # The floor, the apps in their layers, then what spans them (see pyproject's importlinter).
    "core",
    "deliverables",
    "meetings",
    "liaisons",
    "workitems",
    "reminders",
    "integrations",
    "accounts",
    "portal",
    # Last, as its documentation asks: a record's files are deleted with it (and a replaced file
    # when the change is saved), once the transaction commits. The one place this happens.
    "django_cleanup.apps.CleanupConfig",
]

MIDDLEWARE = [
    # /healthz answers probes that address one replica by its IP, before host validation.
    "portal.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The page's language: the language cookie (set by the menu on every page), else the
    # browser's Accept-Language, else English; Vary: Accept-Language, Cookie on every response.
    "core.i18n.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # A NUL or other control character in a query parameter: a 400 before any view.
    "core.middleware.RefuseControlCharactersMiddleware",
    # An API body larger than API_MAX_BODY_BYTES: a 413 before it is read.
    "core.middleware.LimitApiBodyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, as django-axes asks: refuses a locked-out sign-in with its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "standards_tracker.urls"
WSGI_APPLICATION = "standards_tracker.wsgi.application"
ASGI_APPLICATION = "standards_tracker.asgi.application"

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
                "core.context_processors.site",
                "core.context_processors.alternate_feeds",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")

# --- Shared state: nothing may assume one process ---
# Every web and worker process (and every replica of them) shares one cache: Redis when
# REDIS_URL is set (CACHE_REDIS_URL puts it on a Redis of its own, away from the broker's queues).
# The embedded default is one process's memory, right only for `runserver`.
CACHE_REDIS_URL = env.str("CACHE_REDIS_URL", default="") or REDIS_URL
if CACHE_REDIS_URL:
    CACHES = {
        "default": {
            # django-redis's, logging an ignored error in one line (core.cache).
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": CACHE_REDIS_URL,
            "OPTIONS": {
                # A Redis that is away slows a request by seconds, never hangs it...
                "SOCKET_CONNECT_TIMEOUT": 2,
                "SOCKET_TIMEOUT": 2,
                # ...and fails it neither: the cache and the throttles built on it fail open (a
                # miss; a request not counted), logged in one warning line a minute at most
                # (core.cache). /healthz says 503.
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions live in the database, which every process sees, whatever the cache. Not in a
# per-process cache (a logout in one process would leave the session alive in the others), and
# not only in Redis either: a session costs one read by primary key per signed-in request, and a
# Redis restart or eviction then signs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Sign-in: wrong passwords lead to a lockout (django-axes) ---
# The same client address as the API throttles (TRUSTED_PROXY_COUNT, below).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Sign-in by e-mail address (the admin's sign-in still takes a username).
    "allauth.account.auth_backends.AuthenticationBackend",
]
# The site's sign-in form names its field "login" (a username or an address); both count
# towards one lock (accounts.lockout resolves an address to its account's username).
AXES_USERNAME_CALLABLE = "accounts.lockout.username_for_lockout"
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
# A lock lifts itself after this many hours; the secretariat lifts it sooner in the admin
# (Access attempts) or with `manage.py axes_reset_username <name>`.
AXES_COOLOFF_TIME = env.float("LOGIN_LOCKOUT_HOURS", default=1)
# One account from one address: delegates at a meeting share the venue's address, and one of
# them mistyping must not lock out the room; a guesser must not lock the secretariat out either.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.throttling.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
# Registered by portal.admin in the secretariat's own terms.
AXES_ENABLE_ADMIN = False
# Who signed in when is not kept (only the failures that count towards a lock).
AXES_DISABLE_ACCESS_LOG = True

# --- Accounts (django-allauth) ---
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:following"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
# Nobody signs in before proving the address: it is what links a login to a person.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Standards Tracker] "
# allauth's own rate limits (sign-up, password reset, confirmation mails), kept in the shared
# cache. Failed sign-ins of one account are django-axes' (the lock and its page, lifted in the
# admin), so allauth only limits an address trying many accounts, above axes' limit.
ACCOUNT_RATE_LIMITS = {
    "signup": env.str("SIGNUP_RATE", default="20/m/ip,50/h/ip"),
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
    "login_failed": env.str("LOGIN_FAILED_RATE", default="30/m/ip"),
}
# Single sign-on: allauth's generic OpenID Connect provider, on when OIDC_SERVER_URL is set
# (the issuer; its /.well-known/openid-configuration is read). Off otherwise.
OIDC_SERVER_URL = env.str("OIDC_SERVER_URL", default="")
SOCIALACCOUNT_PROVIDERS: dict = {}
if OIDC_SERVER_URL:
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": env.str("OIDC_PROVIDER_ID", default="sso"),
                "name": env.str("OIDC_NAME", default="Single sign-on"),
                "client_id": env.str("OIDC_CLIENT_ID"),
                "secret": env.str("OIDC_CLIENT_SECRET", default=""),
                "settings": {
                    "server_url": OIDC_SERVER_URL,
                    "token_auth_method": env.str(
                        "OIDC_TOKEN_AUTH_METHOD", default="client_secret_basic"
                    ),
                },
            }
        ],
    }
# An address the organisation's provider says it verified counts as verified here.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "mandatory"
SOCIALACCOUNT_ONLY = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages: the six of the UN, English the source (see README, "Languages") ---
# Each named in its own language, as the language menu shows it (never translated).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", "العربية"),
    ("zh-hans", "中文"),
    ("en", "English"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("es", "Español"),
]
# One catalog per language (domain django), compiled by `make install` and the Dockerfile.
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates and admin date input the British way, as before (en-gb); the other languages
# take Django's own formats. Dates written by our pages use Babel (core.i18n).
FORMAT_MODULE_PATH = ["standards_tracker.formats"]
# The menu's choice, remembered for a year; sent over HTTPS only where the session cookie is.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
# ITU meetings are announced in Geneva time; storage is always UTC.
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Zurich")
USE_I18N = True
# django-modeltrans: its "default language" is a record's original column, whatever language the
# secretariat wrote it in (the record's original_language), so each of LANGUAGES may have its own
# translation, and `title` is always the original (core.translations).
MODELTRANS_DEFAULT_LANGUAGE = "original"
MODELTRANS_AVAILABLE_LANGUAGES = [code for code, _name in LANGUAGES]
MODELTRANS_ADD_FIELD_HELP_TEXT = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files (documents, liaison attachments): the filesystem under MEDIA_ROOT by default (in
# docker compose a volume shared by every web and worker container), or an S3-compatible bucket
# (AWS, MinIO, Ceph, Scaleway…) when AWS_STORAGE_BUCKET_NAME is set. Its credentials are read by
# boto3 itself from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or the instance's role), never here.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    media_storage: dict = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            # "path" for most self-hosted servers (MinIO); empty lets boto3 choose.
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),
            # Private objects, handed out as signed links that expire.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=3600),
            # Two uploads of the same name get two objects, as on the filesystem; never overwrite.
            "file_overwrite": False,
        },
    }
else:
    media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Liaison statement attachments: largest accepted upload, in bytes.
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
# Largest API request body, in bytes (a multipart body may add one file of ATTACHMENT_MAX_BYTES):
# a larger one is a 413 before it is read (core.middleware.LimitApiBodyMiddleware). A record's
# JSON is a few kilobytes; its lists are bounded to 100 items.
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=1024 * 1024)

# --- E-mail ---
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Standards Tracker <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
SECRETARIAT_EMAILS = env.list("SECRETARIAT_EMAILS", default=[])

# --- Security (HTTPS behind a proxy) ---
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_PROXY", default=not DEBUG) else None
)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy on every response (django-csp): scripts, styles and everything else
# only from this site. Inline style is allowed (the admin's changelist and django-simple-history's
# templates write style attributes and a <style>; Swagger UI too), inline script is not (our own
# scripts are static files; the API docs' loader is served by SpectacularSwaggerSplitView).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        # Swagger UI and the admin draw some icons from data: URLs.
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features no page of this site uses are switched off for it and anything it embeds.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}
# /healthz is probed over plain HTTP by the load balancer and docker healthchecks.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- REST API ---
# Proxies in front of gunicorn that append the address they were reached from to
# X-Forwarded-For (docker compose: nginx, so 1; 2 with a load balancer in front of it). 0: no
# proxy, the connection's own address. The client is that many entries from the header's end;
# what a client wrote further left is never trusted.
# (NUM_PROXIES: its earlier name, still read.)
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=env.int("NUM_PROXIES", default=0))
# allauth's rate limits find the client the same way.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
API_ANON_RATE = env.str("API_ANON_RATE", default="600/hour")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.SecretariatWriteOrReadOnly"],
    # `search` and `ordering` are filters of each app's FilterSet (shared with the public pages),
    # so DRF's own OrderingFilter/SearchFilter are not used.
    "DEFAULT_FILTER_BACKENDS": ["core.api.filters.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.BoundedPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": API_ANON_RATE,
        # The search page (core.throttling.SearchPageThrottle): its own count, the same rate.
        "search_page": env.str("SEARCH_ANON_RATE", default=API_ANON_RATE),
    },
    # The client's address for throttles and sign-in lockouts (core.throttling.client_address).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
    # JSON only in production; the browsable API (HTML forms over every endpoint) for development.
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        *(["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
REST_KNOX = {
    "TOKEN_TTL": None,  # each token gets its own expiry in the admin; none by default
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Standards Tracker API",
    "DESCRIPTION": (
        "The work programme of a standards body: groups and their leadership, deliverables and "
        "their allocation to study groups, meetings, documents, action items and liaison "
        "statements. Records are addressed by their natural codes (SG16, FGMV-04, TD480-R1). "
        "Reading is open to everyone; writing needs a secretariat login or an API token "
        "(`Authorization: Bearer <token>`; created on the account page /account/api-tokens/). Start at /api/v1/, which lists the endpoints; /using-the-api/ is a short guide."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        # ETag, If-Match/If-None-Match, 304 and 412 on every record's operations.
        "core.api.concurrency.document_conditional_requests",
    ],
    # One name per choice set, whichever serializer uses it (add each app's shared choices here).
    "ENUM_NAME_OVERRIDES": {
        "GroupKindEnum": "deliverables.models.GroupKind",
        "GroupStatusEnum": "deliverables.models.GroupStatus",
        "RoleKindEnum": "deliverables.models.RoleKind",
        "DeliverableTypeEnum": "deliverables.models.DeliverableType",
        "DeliverableStatusEnum": "deliverables.models.DeliverableStatus",
        "DistributionPurposeEnum": "deliverables.models.Purpose",
        "LiaisonStatusEnum": "liaisons.models.LiaisonStatus",
        "LiaisonPurposeEnum": "liaisons.models.LiaisonPurpose",
    },
}

# --- Webhooks (integrations) ---
# Targets on private, loopback or link-local networks are refused unless this is on (the tests
# turn it on to receive on 127.0.0.1; an intranet deployment may too, knowing the risk).
WEBHOOKS_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS", default=False)
# Seconds to connect and to wait for the receiver's answer, per attempt.
WEBHOOKS_TIMEOUT = env.float("WEBHOOKS_TIMEOUT", default=10.0)
# Attempts before a delivery is marked failed (backoff 2, 4, 8 … s with jitter, at most 1 h).
WEBHOOKS_MAX_ATTEMPTS = env.int("WEBHOOKS_MAX_ATTEMPTS", default=10)
# The change log (/api/v1/changes/) keeps this many days (`prune_changes`, daily by beat): a
# tool reading the feed must ask again within it. Changes a webhook has still to deliver stay.
CHANGES_RETENTION_DAYS = env.int("CHANGES_RETENTION_DAYS", default=90)

# --- Celery ---
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# No broker configured: run tasks in-process so the app works with no Redis at all.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Processes per worker container (Celery's default: one per CPU); scale containers for more.
CELERY_WORKER_CONCURRENCY = env.int("CELERY_WORKER_CONCURRENCY", default=None)
# A child process is replaced after this many tasks, or once it grows past this many KiB.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=100)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=None)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=15 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=10 * 60)
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# acks_late with a visibility timeout longer than the longest task, so a task is redelivered
# only when its worker died, not while it still runs.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 3600}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- The secretariat's attention page ---
# An open action with no due date is flagged this many days after its meeting (six months).
ATTENTION_UNDATED_DAYS = env.int("ATTENTION_UNDATED_DAYS", default=183)

# --- Reminders ---
REMINDER_SWEEP_HOUR = env.int("REMINDER_SWEEP_HOUR", default=6)
REMINDER_TIME_ZONE = env.str("REMINDER_TIME_ZONE", default="Europe/Zurich")
REMINDER_LEAD_DAYS = env.list("REMINDER_LEAD_DAYS", cast=int, default=[14, 7, 1])
REMINDER_OVERDUE_EVERY_DAYS = env.int("REMINDER_OVERDUE_EVERY_DAYS", default=7)
# Group lifetimes: an extension needs a decision of the parent group, so warn earlier.
REMINDER_LIFETIME_LEAD_DAYS = env.list("REMINDER_LIFETIME_LEAD_DAYS", cast=int, default=[90, 30, 7])
# A claimed reminder not refreshed for this long belongs to a sweep that died: send it again.
REMINDER_CLAIM_TIMEOUT_MINUTES = env.float("REMINDER_CLAIM_TIMEOUT_MINUTES", default=10)
# The daily sweep's beat entry lives in the database (created after `migrate` at
# REMINDER_SWEEP_HOUR in REMINDER_TIME_ZONE, see reminders/schedule.py), where
# the secretariat edits it in the admin. Not here: the DatabaseScheduler would write an entry
# from this setting back over their edits each time beat starts.
CELERY_BEAT_SCHEDULE: dict = {}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
