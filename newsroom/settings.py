"""Newsroom settings: one module, configured by the environment.

Every setting has a development default so that a fresh clone runs with
nothing set (SQLite, local-memory cache). A deployment sets ``DEBUG=false``
and must then provide ``SECRET_KEY``; it refuses to start without one.
docs/configuration.md lists every variable.

Length: Django reads one settings module; each setting stands here with its
comment (docs/configuration.md lists the variables).
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

# A development key exists only while DEBUG is on; production must bring its
# own, and a missing or placeholder key stops the process at import time.
_DEV_SECRET_KEY = "django-insecure-newsroom-development-only"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production (DEBUG=false) refuses to start without "
        "a real secret key; for local development set DEBUG=true."
    )

# Reverse proxies (addresses or networks) whose X-Forwarded-For is believed
# for the client's address (newsroom/proxies.py). Empty: REMOTE_ADDR as is.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin with the desk's own site (newsroom/admin_site.py).
    "newsroom.admin_site.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "taggit",
    "reversion",
    "articles",
    "comments",
    # The desk's compositions of the home and Ressort pages (docs/editorial.md).
    "frontpage",
    # The read API for apps and partners (docs/api.md).
    "api",
    # Demo content (manage.py load_demo), written through the apps' services.
    "demo",
    # Login throttling (django-axes) and the append-only audit log.
    "axes",
    "audit",
    # The project package owns the roles (groups and their permissions).
    "newsroom",
]

MIDDLEWARE = [
    # /healthz and /readyz, answered before host checks and HTTPS redirects.
    "newsroom.observability.HealthCheckMiddleware",
    # Request id and one log line per request (covers everything below).
    "newsroom.observability.RequestLogMiddleware",
    "newsroom.replicas.ReplicaReadsMiddleware",
    # The client's address behind trusted reverse proxies (TRUSTED_PROXIES).
    "newsroom.proxies.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A NUL in an admin URL is a 400, not a PostgreSQL error (newsroom/middleware.py).
    "newsroom.middleware.AdminNulGuardMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "newsroom.middleware.ReaderLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The editors' redirects, where the site answers 404 (articles/redirects.py).
    "articles.redirects.RedirectMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "audit.context.AuditRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a locked-out login into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.context_processors.site",
                "articles.context_processors.notifications",
                "comments.context_processors.moderation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# A kept connection (CONN_MAX_AGE > 0) is checked before a request uses it and
# replaced if PostgreSQL restarted or dropped it meanwhile: otherwise the first
# request of each worker thread after a restart answers 500
# (tests/ops/test_database_restart.py).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests on SQLite use a file, not Django's shared in-memory database: the
    # browser tests' live server answers requests in threads (the article form
    # autosaves while a page loads), and threads sharing one in-memory
    # connection corrupt each other's results. With a file each opens its own;
    # one file per test run, so that two runs at once do not share it.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test-db-{os.getpid()}.sqlite3")}
# A read replica (newsroom/replicas.py): public page reads go there.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = DATABASES["default"]["CONN_HEALTH_CHECKS"]
    # Tests: the replica is the same database, through a second connection.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["newsroom.replicas.ReplicaRouter"]
REPLICA_LAG_SECONDS = env.float("REPLICA_LAG_SECONDS", default=5.0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
# The cache is never worth a slow page: a Redis that does not answer within
# these seconds counts as down (redis-py's default is 5 s), and the page cache
# then renders without it (newsroom/cache.py). No retries: the next request
# tries again.
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=0.25)
REDIS_CONNECT_TIMEOUT = env.float("REDIS_CONNECT_TIMEOUT", default=0.25)
REDIS_CACHE_OPTIONS = {
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
    "retry_on_timeout": False,
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.redis_cache.NewsroomRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# The page cache for anonymous readers (newsroom/cache.py): on by default;
# an entry lives at most PAGE_CACHE_SECONDS (invalidation is exact, this is
# only a bound on memory). CDN_MAX_AGE is the s-maxage of public pages: a CDN
# in front may keep them that long and is purged by key through EDGE_PURGER (docs/edge-cache.md).
PAGE_CACHE = env.bool("PAGE_CACHE", default=True)
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# The query parameters reader pages read: only these make a page's cache key,
# so ?utm_source=…, fbclid and any other parameter share the entry of the plain
# address instead of filling the cache with copies (newsroom/cache.py). A view
# that reads a new parameter must name it here (tests/cache/test_page_cache_keys.py
# checks the ones the code reads): list pages and search (page, q), the
# sitemap's page (p), the comment section's page and reply form
# (kommentare, antworten: comments/templatetags/comments.py); the read API's
# filters and pages (api/pagination.py QUERY_PARAMS).
PAGE_CACHE_QUERY_PARAMS = (
    *("page", "q", "p", "kommentare", "antworten"),
    *("eintraege", "nach"),  # a live ticker's page of entries, its poll (articles/views.py)
    *("section", "tag", "author", "since", "until", "limit", "cursor"),
    "after",  # the read API's live-ticker entries (api/pagination.py ENTRY_QUERY_PARAMS)
)
# Entries also kept in each web process's memory (validated against the
# shared cache on every hit): about 75 kB each.
PAGE_CACHE_LOCAL_ENTRIES = env.int("PAGE_CACHE_LOCAL_ENTRIES", default=200)
CDN_MAX_AGE = env.int("CDN_MAX_AGE", default=0)
# When the cache fails, the page cache is skipped for PAGE_CACHE_RETRY_SECONDS
# (a circuit breaker), then tried again. One process renders a missed page
# (a lock of PAGE_CACHE_LOCK_SECONDS); the others serve the previous copy if
# it went stale at most PAGE_CACHE_STALE_SECONDS ago (0: never), else wait up
# to PAGE_CACHE_LOCK_WAIT_SECONDS for the new one. Every stored page depends
# on an epoch that lapses when no process renewed it for
# PAGE_CACHE_EPOCH_LEASE_SECONDS. newsroom/cache.py explains all of it.
PAGE_CACHE_RETRY_SECONDS = env.float("PAGE_CACHE_RETRY_SECONDS", default=2.0)
PAGE_CACHE_LOCK_SECONDS = env.int("PAGE_CACHE_LOCK_SECONDS", default=5)
PAGE_CACHE_LOCK_WAIT_SECONDS = env.float("PAGE_CACHE_LOCK_WAIT_SECONDS", default=1.0)
PAGE_CACHE_STALE_SECONDS = env.float("PAGE_CACHE_STALE_SECONDS", default=0.0)
PAGE_CACHE_EPOCH_LEASE_SECONDS = env.int("PAGE_CACHE_EPOCH_LEASE_SECONDS", default=30)

# An edge cache in front (Varnish, a CDN): the page changes purge their
# surrogate keys there after commit (newsroom/edge.py, docs/edge-cache.md).
# EDGE_PURGER: "" (none) or "varnish"; EDGE_PURGE_URLS: the Varnish servers'
# purge listeners (comma-separated); EDGE_PURGE_TIMEOUT: seconds per request.
EDGE_PURGER = env.str("EDGE_PURGER", default="")
EDGE_PURGE_URLS = env.list("EDGE_PURGE_URLS", default=[])
EDGE_PURGE_TIMEOUT = env.float("EDGE_PURGE_TIMEOUT", default=1.0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The reader's choice of language (newsroom/language.py) is kept for a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG
TIME_ZONE = "Europe/Vienna"
USE_I18N = True
USE_TZ = True
# Named date formats per language (newsroom/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["newsroom.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Serve uploaded images from Django itself (newsroom/media.py: images only,
# nosniff, long cache). On by default in development; a deployment behind a
# web server that serves MEDIA_ROOT leaves it off.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)
# Development serves static files from the app folders; production from the
# collected, hashed and compressed copies in STATIC_ROOT.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# Uploaded media: local files under MEDIA_ROOT, or an S3-compatible bucket
# (django-storages) when AWS_STORAGE_BUCKET_NAME is set. Credentials come from
# boto3's usual chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile or an
# instance role). Stored names are generated and never reused, so objects get
# a year-long Cache-Control; URLs are public (no signatures), on
# AWS_S3_CUSTOM_DOMAIN (a CDN) when set. docs/operations.md has the details.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
MEDIA_ORIGINS = []  # where images come from besides this site (for CSP img-src)
if AWS_STORAGE_BUCKET_NAME:
    _s3_endpoint = env.str("AWS_S3_ENDPOINT_URL", default="") or None
    _s3_region = env.str("AWS_S3_REGION_NAME", default="") or None
    _s3_domain = env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": _s3_endpoint,
            "region_name": _s3_region,
            "custom_domain": _s3_domain,
            "location": env.str("AWS_LOCATION", default=""),
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": None,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    if _s3_domain:
        MEDIA_ORIGINS = [f"https://{_s3_domain.split('/')[0]}"]
    elif _s3_endpoint:
        _endpoint = _s3_endpoint.rstrip("/").split("/")
        # Path-style (endpoint/bucket/key) and virtual-host style (bucket.endpoint/key).
        MEDIA_ORIGINS = [f"{_endpoint[0]}//{_endpoint[2]}", f"{_endpoint[0]}//*.{_endpoint[2]}"]
    else:
        MEDIA_ORIGINS = [f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"]
        if _s3_region:
            MEDIA_ORIGINS.append(f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{_s3_region}.amazonaws.com")
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: a request body above this is refused with 400 before it is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

LOGIN_URL = "admin:login"

# Messages to anonymous readers ("Thank you! Your comment …") travel in a
# signed cookie, not a session: a reader who commented does not get a session
# that would keep them out of the page cache for weeks. The page cache never
# stores a page for a request that carries the messages cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"

# Security headers that hold in every environment; HTTPS-only ones below.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Editors' sessions end after a working day and when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Content-Security-Policy (Django's own, django.middleware.csp), in every
# environment so that the tests see it. Scripts and styles come from this
# origin or carry the per-request nonce ({{ csp_nonce }}); no inline code,
# no eval, no plugins, no <base>, no framing. docs/security.md explains it.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", *MEDIA_ORIGINS],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

# Login throttling (django-axes): five failed logins for one username from one
# IP address lock that pair out for 15 minutes (HTTP 429 with
# templates/axes/lockout.html). Attempts are rows in the database, so every
# web process sees them. newsroom.auth_backends explains the first backend.
AUTHENTICATION_BACKENDS = [
    "newsroom.auth_backends.ThrottledLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failures per username and address (AXES_LOCKOUT_PARAMETERS), and per
# address over all usernames against password spraying: see
# newsroom.auth_backends.login_failure_limit.
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_IP_FAILURE_LIMIT = env.int("LOGIN_IP_FAILURE_LIMIT", default=30)
AXES_FAILURE_LIMIT = "newsroom.auth_backends.login_failure_limit"
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# The client address is REMOTE_ADDR, as for comments: X-Forwarded-For is not
# trusted (a client could rotate it to dodge the limit).
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
# Password reset requests (newsroom/password_reset.py): at most this many per
# e-mail address and per client network (IPv4 /24, IPv6 /48) within the window.
PASSWORD_RESET_PER_ADDRESS = env.int("PASSWORD_RESET_PER_ADDRESS", default=3)
PASSWORD_RESET_PER_NETWORK = env.int("PASSWORD_RESET_PER_NETWORK", default=10)
PASSWORD_RESET_WINDOW_SECONDS = env.int("PASSWORD_RESET_WINDOW_SECONDS", default=3600)

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# Django 6.1 mailers. Development prints mail to the console; a deployment
# sets MAIL_BACKEND (and SMTP options: MAIL_HOST, MAIL_PORT, MAIL_USER,
# MAIL_PASSWORD, MAIL_USE_TLS) to send it.
MAILERS = {
    "default": {
        "BACKEND": env.str(
            "MAIL_BACKEND",
            default=(
                "django.core.mail.backends.console.EmailBackend"
                if DEBUG
                else "django.core.mail.backends.smtp.EmailBackend"
            ),
        ),
        "OPTIONS": {
            key: value
            for key, value in {
                "host": env.str("MAIL_HOST", default=""),
                "port": env.int("MAIL_PORT", default=0),
                "username": env.str("MAIL_USER", default=""),
                "password": env.str("MAIL_PASSWORD", default=""),
                "use_tls": env.bool("MAIL_USE_TLS", default=False),
            }.items()
            if value
        },
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="newsroom@localhost")

# Logs go to standard output: JSON lines in production (LOG_FORMAT=json, for
# a log collector), readable text in development. Every line carries the
# request id; each request is logged once by newsroom.observability.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "newsroom.observability.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": True,
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # runserver logs each request itself; production has only this one.
        "newsroom.request": {"level": "WARNING" if DEBUG else "INFO"},
    },
}

TAGGIT_CASE_INSENSITIVE = True

# The site's name as readers see it, and as feeds and metadata name the publisher.
NEWSROOM_SITE_NAME = env.str("SITE_NAME", default="Newsroom")

# Comment policy (comments/moderation.py, comments/policy.py); docs/moderation.md
# explains each. Per-section and per-article
# pre/post-moderation and closing live on Section and Article.
COMMENTS = {
    # Trusted commenters: a browser (the reader cookie) with this many comments
    # approved by a moderator and no rejection or spam verdict within the
    # window publishes directly where policy allows.
    "TRUSTED_MIN_APPROVED": env.int("COMMENTS_TRUSTED_MIN_APPROVED", default=3),
    "TRUSTED_CLEAN_DAYS": env.int("COMMENTS_TRUSTED_CLEAN_DAYS", default=90),
    # More links than this: hold for a moderator.
    "MAX_LINKS": env.int("COMMENTS_MAX_LINKS", default=2),
    # Reports from readers that hide a published comment until a decision
    # (each counts with its weight: 0 from a network whose earlier reports
    # moderators mostly overruled within REPORTER_HISTORY_DAYS). At most
    # REPORTS_NETWORK_MAX reports per network within REPORTS_WINDOW_SECONDS.
    "REPORTS_TO_HIDE": env.int("COMMENTS_REPORTS_TO_HIDE", default=3),
    "REPORTS_NETWORK_MAX": env.int("COMMENTS_REPORTS_NETWORK_MAX", default=10),
    "REPORTS_WINDOW_SECONDS": env.int("COMMENTS_REPORTS_WINDOW_SECONDS", default=3600),
    "REPORTER_HISTORY_DAYS": env.int("COMMENTS_REPORTER_HISTORY_DAYS", default=30),
    # Flood control: at most FLOOD_MAX comments per browser (the reader
    # cookie) and FLOOD_NETWORK_MAX per IP network (not for trusted
    # browsers) within FLOOD_WINDOW_SECONDS; more get HTTP 429.
    "FLOOD_MAX": env.int("COMMENTS_FLOOD_MAX", default=5),
    "FLOOD_WINDOW_SECONDS": env.int("COMMENTS_FLOOD_WINDOW_SECONDS", default=600),
    # The signed form timestamp: sent faster than this is a bot (spam);
    # older than this is a stale form (a clear error, please reload).
    "FORM_MIN_SECONDS": env.int("COMMENTS_FORM_MIN_SECONDS", default=3),
    # The same for a form confirmed with one more click (sent first without
    # a timestamp, comments/forms.py); never more than FORM_MIN_SECONDS.
    "FORM_CONFIRM_MIN_SECONDS": env.int("COMMENTS_FORM_CONFIRM_MIN_SECONDS", default=1),
    "FORM_MAX_AGE_SECONDS": env.int("COMMENTS_FORM_MAX_AGE_SECONDS", default=86_400),
    # Anonymised IP addresses are erased after this many days.
    "FLOOD_NETWORK_MAX": env.int("COMMENTS_FLOOD_NETWORK_MAX", default=30),
    "IP_RETENTION_DAYS": env.int("COMMENTS_IP_RETENTION_DAYS", default=30),
    # The reader cookie (a random browser key, signed, HttpOnly) lives this long.
    "READER_COOKIE_DAYS": env.int("COMMENTS_READER_COOKIE_DAYS", default=365),
    # Moderators are e-mailed when the queue is longer than this or the oldest
    # pending comment waits longer than this many minutes.
    "QUEUE_ALERT_SIZE": env.int("COMMENTS_QUEUE_ALERT_SIZE", default=50),
    "QUEUE_ALERT_MINUTES": env.int("COMMENTS_QUEUE_ALERT_MINUTES", default=60),
    # Comments per page under an article.
    "PER_PAGE": env.int("COMMENTS_PER_PAGE", default=50),
}
