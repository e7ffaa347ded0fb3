"""Settings for Scientix, driven by environment variables.

Development defaults are safe to run on a laptop (SQLite, console mail);
``scientix.settings_production`` hardens them for a public server.
"""

import os
from pathlib import Path

import dj_database_url

from scientix.languages import EU_LANGUAGES, register_maltese

BASE_DIR = Path(__file__).resolve().parent.parent
register_maltese()


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
SITE_ID = 1

INSTALLED_APPS = [
    # Scientix domains: one app per service in PRODUCT.md.
    "scientix.core",
    "scientix.accounts",
    "scientix.pages",
    "scientix.vocabularies",
    "scientix.projects",
    "scientix.resources",
    "scientix.submissions",
    "scientix.search",
    "scientix.oai",
    "scientix.harvest",
    "scientix.api",
    "scientix.events",
    "scientix.editorial",
    "scientix.newsletters",
    "scientix.translations",
    # Wagtail and its translation layer.
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts.
    "allauth",
    "allauth.account",
    # Background jobs.
    "django_tasks",
    "django_tasks_db",
    "django_countries",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "scientix.core.middleware.LocaleMiddleware",  # Django's, with final 404s for machine and staff addresses
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "scientix.core.middleware.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "scientix.urls"
WSGI_APPLICATION = "scientix.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "scientix.core.context_processors.portal",
            ],
        },
    },
]

# --- Database: SQLite (WAL) by default, PostgreSQL when DATABASE_URL says so.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'scientix.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; the init command
        # also keeps foreign keys and a sane busy timeout on every connection.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages: the 24 official EU languages, prefixed URLs.
LANGUAGE_CODE = "en"
LANGUAGES = EU_LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = EU_LANGUAGES
WAGTAIL_I18N_ENABLED = True
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Brussels"
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["scientix.formats"]

# --- Static and media files, all served by the portal itself (no CDN).
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Cache: local memory by default, Redis when REDIS_URL is set.
if env_str("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("REDIS_URL")}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background jobs: Django's task API, database queue by default.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Mail.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Scientix <no-reply@scientix.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where messages from the contact form go when a page sets no address.
EDITORS_EMAIL = env_str("EDITORS_EMAIL", "editors@scientix.example")

# --- Accounts (django-allauth): e-mail only, verified, no enumeration.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Scientix] "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "confirm_email": "1/3m/key",
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"

# --- Wagtail.
WAGTAIL_SITE_NAME = "Scientix"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "pptx", "odp", "xlsx", "ods", "zip", "txt", "csv"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_USER_CUSTOM_FIELDS = ["name", "country", "organisation"]

# Uploads with submitted resources (checked by content in submissions.uploads).
SUBMISSION_MAX_UPLOAD_SIZE = env_int("SUBMISSION_MAX_UPLOAD_SIZE", 20 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Messages in the contact form and fields of user-written text stay bounded.
CONTACT_MESSAGE_MAX_LENGTH = 5000
CONTACT_RATE_LIMIT = env_int("CONTACT_RATE_LIMIT", 5)  # messages per hour and IP

# Sitemaps: addresses per file (the protocol's maximum), and how long a built one is kept
# (any page change starts a new version sooner).
SITEMAP_LIMIT = env_int("SITEMAP_LIMIT", 50_000)
SITEMAP_CACHE_SECONDS = env_int("SITEMAP_CACHE_SECONDS", 6 * 3600)

# --- Security headers that are right in every environment.
CSRF_FAILURE_VIEW = "scientix.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"  # /admin/ gets SAMEORIGIN for Wagtail previews (core.middleware)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Our own pages load nothing from elsewhere and run no inline script.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)
# Wagtail's admin uses inline styles and scripts: a looser policy for /admin/ only.
CONTENT_SECURITY_POLICY_ADMIN = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; frame-ancestors 'self'; base-uri 'self'; object-src 'none'"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# --- REST API (scientix.api, django-ninja): rate limits and the docs' static files.
# "ninja" only for its templates and static files (Swagger UI served from here, no CDN).
INSTALLED_APPS += ["ninja"]
API_THROTTLE_ANON = env_str("API_THROTTLE_ANON", "120/min")  # reads without a token, per address
API_THROTTLE_TOKEN = env_str("API_THROTTLE_TOKEN", "600/min")  # any call with a token, per account
API_THROTTLE_WRITE = env_str("API_THROTTLE_WRITE", "20/hour")  # submissions, per account
# Proxies in front of the app that append to X-Forwarded-For; 0: the client is REMOTE_ADDR.
NINJA_NUM_PROXIES = env_int("API_NUM_PROXIES", 0)

# --- Harvesting other OAI-PMH repositories (scientix.harvest) ----------------
# Each HTTP request to a source waits at most HARVEST_TIMEOUT seconds and is
# retried HARVEST_RETRIES times on network errors and busy answers (429/5xx),
# waiting HARVEST_BACKOFF seconds, doubled each time (or the server's
# Retry-After), never more than HARVEST_MAX_DELAY.
HARVEST_TIMEOUT = env_int("HARVEST_TIMEOUT", 30)
HARVEST_RETRIES = env_int("HARVEST_RETRIES", 4)
HARVEST_BACKOFF = float(env_str("HARVEST_BACKOFF", "2"))
HARVEST_MAX_DELAY = env_int("HARVEST_MAX_DELAY", 300)
HARVEST_MAX_RESPONSE_MB = env_int("HARVEST_MAX_RESPONSE_MB", 50)
# Sources on loopback, private, link-local or reserved addresses are refused (the server would fetch its
# own network for whoever types the URL); set to 1 for an intranet repository.
HARVEST_ALLOW_PRIVATE_ADDRESSES = env_bool("HARVEST_ALLOW_PRIVATE_ADDRESSES", False)

# --- OAI-PMH provider at /oai (scientix.oai; decision 0007).
# The repository part of every record identifier (oai:<this>:resource/<uuid>): a domain name
# the portal controls, fixed for ever once harvesters have records (they key on identifiers).
OAI_REPOSITORY_IDENTIFIER = env_str("OAI_REPOSITORY_IDENTIFIER", "scientix.eu")
OAI_REPOSITORY_NAME = env_str("OAI_REPOSITORY_NAME", "Scientix")
OAI_ADMIN_EMAILS = env_list("OAI_ADMIN_EMAILS", EDITORS_EMAIL)
OAI_PAGE_SIZE = env_int("OAI_PAGE_SIZE", 100)  # records or headers per response
OAI_TOKEN_LIFETIME = env_int("OAI_TOKEN_LIFETIME", 24)  # hours a resumption token stays valid

# --- Newsletters and digests (scientix.newsletters; decision 0012) ----------
NEWSLETTER_FROM_EMAIL = env_str("NEWSLETTER_FROM_EMAIL", DEFAULT_FROM_EMAIL)
NEWSLETTER_LIST_ID = env_str("NEWSLETTER_LIST_ID", "newsletters.scientix.example")
# A mailbox that unsubscribes whoever writes to it ("unsubscribe <token>" subject); empty: https link only.
NEWSLETTER_UNSUBSCRIBE_MAILTO = env_str("NEWSLETTER_UNSUBSCRIBE_MAILTO")
NEWSLETTER_CONFIRM_DAYS = env_int("NEWSLETTER_CONFIRM_DAYS", 7)  # a confirmation link works this long
NEWSLETTER_RATE_LIMIT = env_int("NEWSLETTER_RATE_LIMIT", 10)  # subscribe requests per hour and IP
NEWSLETTER_MAILS_PER_ADDRESS = env_int("NEWSLETTER_MAILS_PER_ADDRESS", 3)  # confirmation mails per hour and address
NEWSLETTER_BATCH_SIZE = env_int("NEWSLETTER_BATCH_SIZE", 500)  # recipients per background task
NEWSLETTER_SEND_RATE = float(env_str("NEWSLETTER_SEND_RATE", "14"))  # messages per second per worker; 0: no limit
# Deliveries claimed per committed statement. A process killed outright (no chance to give claims back)
# leaves at most this many 'sending' rows, of which all but one were never attempted (decision 0012).
NEWSLETTER_CLAIM_CHUNK = env_int("NEWSLETTER_CLAIM_CHUNK", 20)
NEWSLETTER_MAX_ATTEMPTS = env_int("NEWSLETTER_MAX_ATTEMPTS", 4)  # for temporary SMTP refusals (4xx)
NEWSLETTER_RETRY_BACKOFF = env_int("NEWSLETTER_RETRY_BACKOFF", 600)  # seconds before the first retry, then doubled
NEWSLETTER_RESUME_AFTER = env_int("NEWSLETTER_RESUME_AFTER", 3600)  # an unfinished issue is re-queued after this
NEWSLETTER_DIGEST_MAX_ITEMS = env_int("NEWSLETTER_DIGEST_MAX_ITEMS", 30)  # newest items per digest
NEWSLETTER_CANDIDATES_PER_LANGUAGE = env_int("NEWSLETTER_CANDIDATES_PER_LANGUAGE", 1000)
# Bounce/complaint webhook (/<lang>/newsletters/webhooks/generic/): off (404) unless a secret is set.
NEWSLETTER_WEBHOOK_SECRET = env_str("NEWSLETTER_WEBHOOK_SECRET")

# --- Translation on demand (scientix.translations; decision 0013) -----------
# A request asked for by this many people is flagged in the editors' queue.
TRANSLATION_REQUEST_THRESHOLD = env_int("TRANSLATION_REQUEST_THRESHOLD", 3)
# "Translate this page" starts a draft: a translation is published by a reviewer, never by copying the live status.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Machine drafts: none by default. MACHINE_TRANSLATION_PROVIDER=libretranslate (MACHINE_TRANSLATION_URL, e.g.
# a self-hosted server, and MACHINE_TRANSLATION_API_KEY if it asks for one) or deepl (MACHINE_TRANSLATION_API_KEY;
# MACHINE_TRANSLATION_URL only to reach another DeepL-compatible endpoint). Only the text is sent.
MACHINE_TRANSLATION_PROVIDER = env_str("MACHINE_TRANSLATION_PROVIDER").strip().lower()
MACHINE_TRANSLATION_URL = env_str("MACHINE_TRANSLATION_URL")
MACHINE_TRANSLATION_API_KEY = env_str("MACHINE_TRANSLATION_API_KEY")
MACHINE_TRANSLATION_TIMEOUT = env_int("MACHINE_TRANSLATION_TIMEOUT", 30)
_MACHINE_TRANSLATORS = {
    "libretranslate": "scientix.translations.machine.LibreTranslate",
    "deepl": "scientix.translations.machine.DeepL",
}
if MACHINE_TRANSLATION_PROVIDER and MACHINE_TRANSLATION_PROVIDER not in _MACHINE_TRANSLATORS:
    raise ValueError(f"MACHINE_TRANSLATION_PROVIDER must be one of {sorted(_MACHINE_TRANSLATORS)} or empty")
# wagtail-localize's one provider interface: its editor's "Translate with ..." button and our job page use it.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": _MACHINE_TRANSLATORS[MACHINE_TRANSLATION_PROVIDER],
    "OPTIONS": {"URL": MACHINE_TRANSLATION_URL, "API_KEY": MACHINE_TRANSLATION_API_KEY, "TIMEOUT": MACHINE_TRANSLATION_TIMEOUT},
} if MACHINE_TRANSLATION_PROVIDER else None
