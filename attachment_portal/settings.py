"""Settings for the Attachment Programme Portal.

Every value comes from the environment through django-environ. With no environment at all the
portal runs locally on SQLite with DEBUG on, so a fresh checkout works with `make run`. With
DEBUG off, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL must be set, and the secure defaults below
apply; README.md lists every variable.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="insecure-local-development-key-never-used-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
else:
    # A production deployment must say these four things itself: no default is safe.
    for required in ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CACHE_URL"):
        if not env.str(required, default=""):
            raise ImproperlyConfigured(f"{required} must be set when DEBUG is off.")
    SECRET_KEY = env("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# Old keys still accepted for signatures (sessions, reset links) while a new SECRET_KEY rolls out.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "attachment_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Django's form templates, found by TemplatesSetting (FORM_RENDERER) like any other.
    "django.forms",
    "django.contrib.postgres",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "simple_history",
    "import_export",
    "rest_framework",
    "drf_spectacular",
    "core",
    "batches",
    "officers",
    "public",
    "reports",
    "devdata",
    "accounts",
]

MIDDLEWARE = [
    # Outermost: a response that failed because the database is down becomes the 503 page.
    "core.database_outage.DatabaseOutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETags on every page, so a browser or proxy revisiting an unchanged page gets a 304; above the
    # page cache, so pages served from it answer conditional GETs too.
    "django.middleware.http.ConditionalGetMiddleware",
    # Public pages for visitors without a session, answered before anything below runs.
    "core.page_cache.PublicPageCacheMiddleware",
    "accounts.sessions.SlidingSessionMiddleware",
    # The language from the address prefix; a first visit to an unprefixed page in another language
    # is sent to that language's page (core/locale_middleware.py).
    "core.locale_middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff reach the admin only after a one-time password (when STAFF_REQUIRE_OTP is on).
    "accounts.middleware.StaffOTPRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A multipart body over the upload limit gets the 413 page before anything reads it.
    "core.upload_limits.UploadLimitMiddleware",
    # Axes must come last: it answers a locked-out sign-in before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "attachment_portal.urls"
WSGI_APPLICATION = "attachment_portal.wsgi.application"

# Forms render with the templates below, so templates/django/forms/ can replace Django's own.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

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
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Persistent connections: opening one per request costs more than most of our queries.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# Checked before reuse, so the portal recovers by itself after the database restarts.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions ---------------------------------------------------------------------
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://attachment-portal")}
CACHES["default"]["KEY_PREFIX"] = env.str("CACHE_KEY_PREFIX", default="portal")
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    # Redis is a cache, not a dependency: while it cannot be reached, reads miss and writes are
    # dropped (core/resilient_cache.py). Short timeouts, so a hung Redis costs milliseconds.
    CACHES["default"]["BACKEND"] = "core.resilient_cache.ResilientRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        socket_connect_timeout=env.float("CACHE_CONNECT_TIMEOUT", default=0.25),
        socket_timeout=env.float("CACHE_SOCKET_TIMEOUT", default=0.25),
    )
if not DEBUG and CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # Public pages are invalidated through a count kept in the cache (core/page_cache.py): every
    # worker process must read the same one.
    raise ImproperlyConfigured(
        "CACHE_URL must name a cache every worker shares (redis://host:6379/1) when DEBUG is off: "
        "with a cache per process, a change would show on one worker and not on the others."
    )
# How long a public page may be served from the cache; saves invalidate it sooner.
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=600)
# The apps whose records public pages show: any save or delete in them makes every cached page stale.
PUBLIC_PAGE_CACHE_APPS = ["batches", "officers"]

# In the database; a session ends after this much inactivity: requests push its end back, saving
# it at most once a minute (accounts/sessions.py).
SESSION_ENGINE = "accounts.sessions"
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Authentication -------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my:dashboard"
LOGOUT_REDIRECT_URL = "public:home"
# A set-your-password link (an invitation or a reset) stays valid this long.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT_DAYS", default=7) * 24 * 3600

# Staff sign in to the admin with a time-based one-time password in production.
STAFF_REQUIRE_OTP = env.bool("STAFF_REQUIRE_OTP", default=not DEBUG)
OTP_TOTP_ISSUER = "ASEAN Attachment Programme Portal"

# django-axes: lock one username from one address, not a whole office behind one address,
# and let the lock expire, so a forgotten password never needs a staff member to step in.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# The client's address, read from X-Forwarded-For only through the proxies we run ourselves:
# without this, a client could name any address it likes and escape its lock.
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_ip_address"
# The username as typed, cut to what fits (an overlong one is a wrong username, not a server error).
AXES_USERNAME_CALLABLE = "accounts.sign_in_attempts.attempted_username"
TRUSTED_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
# English at unprefixed addresses; the others under /km/, /lo/, /my-mm/ (Burmese: /my/ is the
# officers' own page) and /vi/ (core/i18n_urls.py).
LANGUAGES = [
    ("en-gb", _("English")),
    ("km", _("Khmer")),
    ("lo", _("Lao")),
    ("my", _("Burmese")),
    ("vi", _("Vietnamese")),
]
# Django knows no Lao (its plural rule is in the catalogue's header) and names Khmer and English in
# English: the language switch names each language in itself (core/language_names.py, which also
# composes Django's Vietnamese name, spelt with combining accents some fonts place badly).
LANG_INFO["lo"] = {"bidi": False, "code": "lo", "name": "Lao", "name_local": "ລາວ"}
LANG_INFO["km"] = {**LANG_INFO["km"], "name_local": "ខ្មែរ"}
LANG_INFO["en-gb"] = {**LANG_INFO["en-gb"], "name_local": "English"}
# The catalogues of the portal's own strings (`make messages` extracts them, `make` compiles them).
LOCALE_PATHS = [BASE_DIR / "locale"]
# How each language writes dates and numbers where Django's own formats do not suit (attachment_portal/formats/).
FORMAT_MODULE_PATH = ["attachment_portal.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Jakarta")
USE_I18N = True
USE_TZ = True

# --- Static files and media -----------------------------------------------------------------
STATIC_URL = "static/"
# Where collectstatic writes (a benchmark or a second instance can collect into a folder of its own).
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

# Private files (nomination CVs and letters, certificates) are kept apart from public media and
# served only through permission-checked views (or, on S3, URLs signed for a minute): nothing
# serves PRIVATE_MEDIA_ROOT, and its files have no URL (core/private_storage.py).
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "core.private_storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
if env.str("MEDIA_STORAGE", default="filesystem") == "s3":
    # Every app server reads and writes the same buckets, so any of them serves any upload.
    # Credentials and region come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION.
    s3_endpoint_url = env.str("MEDIA_S3_ENDPOINT_URL", default=None)
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("MEDIA_S3_BUCKET"),
            "endpoint_url": s3_endpoint_url,
            "custom_domain": env.str("MEDIA_S3_CUSTOM_DOMAIN", default=None),
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    # A bucket of its own, not a prefix of the public one: the public bucket's policy lets anyone
    # read every object in it. No custom domain, which would turn signing off.
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("PRIVATE_S3_BUCKET"),
            "endpoint_url": s3_endpoint_url,
            # No ACL on upload: the bucket itself blocks public access (buckets with ACLs disabled,
            # the default for new S3 buckets, refuse uploads that set one).
            "default_acl": None,
            "querystring_auth": True,
            # Signature version 4 (the only one newer S3 regions and R2 accept) states the expiry.
            "signature_version": "s3v4",
            "querystring_expire": env.int("PRIVATE_MEDIA_URL_SECONDS", default=60),
            "file_overwrite": False,
        },
    }

# Uploaded images: refused above these limits before they are decoded.
IMAGE_UPLOAD_MAX_BYTES = env.int("IMAGE_UPLOAD_MAX_BYTES", default=8 * 1024 * 1024)
IMAGE_UPLOAD_MAX_PIXELS = env.int("IMAGE_UPLOAD_MAX_PIXELS", default=40_000_000)
# Nominees' CVs and letters (core/private_files.py): below the image limit, which bounds every file part.
PDF_UPLOAD_MAX_BYTES = env.int("PDF_UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# An oversized upload is refused before its body is read, and a file part is kept no further once it
# passes the image limit (core/upload_limits.py); the built-in handlers then keep what is allowed.
FILE_UPLOAD_HANDLERS = [
    "core.upload_limits.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Email ----------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Attachment Programme <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's address as people reach it, for links in mail sent without a request (the scheduled
# notices of calls for nominations, decisions).
PORTAL_URL = env.str("PORTAL_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Security -------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe the health check over plain HTTP inside the network; a redirect would fail it.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# The language cookie (accounts/language_views.py) outlives any session, is secure as the session cookie
# is, and is sent on links from other sites (Lax) so that a shared link opens in one's language.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script or style anywhere, so the policy needs no nonce and whole pages can be cached.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, *env.list("CSP_MEDIA_ORIGINS", default=[])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Browser features no page of the portal uses, denied to every page (the Permissions-Policy header).
PERMISSIONS_POLICY_DENIED = ["camera", "microphone", "geolocation", "payment", "usb"]

# --- Logging: one JSON object a line on stdout, for whatever collects the container's output.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.logging.JsonFormatter"}},
    # StreamHandler writes to stderr unless told otherwise.
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.server": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# --- The public JSON API (public/api/) -------------------------------------------------------
REST_FRAMEWORK = {
    # JSON only: the browsable API's pages use inline scripts and styles, which the CSP refuses.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Read-only: no request bodies, no format suffixes or ?format=.
    "DEFAULT_PARSER_CLASSES": [],
    "URL_FORMAT_OVERRIDE": None,
    # No sign-in through the API (no session, so no CSRF, and no answer differs by who asks), and
    # nothing open unless its view says who may read it (each API view names AllowAny).
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["public.api.throttling.PerAddressRateThrottle"],
    # Requests per client address that reach the application (cached answers cost nothing and are not counted).
    "DEFAULT_THROTTLE_RATES": {"api": env.str("API_RATE_LIMIT", default="60/minute")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ASEAN Attachment Programme: public API",
    "DESCRIPTION": "Read-only JSON of the portal's public records: graduate stories, graduates with a public "
    "profile, the programme's tracks and batches, and its figures. `/api/` describes it for people.",
    "VERSION": "1",
    # The schema describes the API, not itself.
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "public.api.schema.empty_means_not_given",
    ],
}

# --- django-import-export and django-simple-history -----------------------------------------
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Rows one spreadsheet import may hold: its preview and its import each run within one request,
# at some 1,000 rows a second (README, Performance), so 10,000 rows take about 10 s a step.
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=10_000)
# Rows of each kind (new, changed, unchanged) the preview shows; every problem is always listed.
IMPORT_PREVIEW_ROWS = 20
# The file previewed is read again at the confirm step, perhaps by another app server.
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.CacheStorage"
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
SIMPLE_HISTORY_REVERT_DISABLED = False
