# Newsroom production image: gunicorn + whitenoise, static files collected and
# translations compiled at build time.
#   docker build -t newsroom .
#   docker run -e SECRET_KEY=... -e ALLOWED_HOSTS=example.org -e DATABASE_URL=... -p 8000:8000 newsroom

# --- builder: wheels for every pinned runtime dependency -------------------
FROM python:3.12-slim AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# Compilers live only here, for any dependency without a binary wheel.
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /build
COPY requirements.txt .
RUN pip wheel --wheel-dir /wheels -r requirements.txt \
    && cp requirements.txt /wheels/requirements.txt

# --- messages: translations compiled from the .po files ---------------------
# gettext (msgfmt) is needed only here. .dockerignore keeps committed .mo files
# out of the build context, so the image's catalogues always match the .po.
FROM builder AS messages

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* \
    && pip install --no-index --find-links=/wheels django

WORKDIR /src
COPY locale ./locale
# Without settings, compilemessages compiles every locale/ below the current
# directory (LOCALE_PATHS is BASE_DIR/locale); msgfmt --check-format fails the
# build on a broken catalogue.
RUN django-admin compilemessages \
    && find locale -name '*.mo' | grep -q .

# --- runtime ----------------------------------------------------------------
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=newsroom.settings \
    MEDIA_ROOT=/app/media \
    WEB_CONCURRENCY=3

RUN groupadd --system newsroom \
    && useradd --system --gid newsroom --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin newsroom

# Install from the builder's wheels only: no index, no compiler.
COPY --from=builder /wheels /wheels
RUN pip install --no-index --find-links=/wheels -r /wheels/requirements.txt \
    && rm -rf /wheels

WORKDIR /app
# The code stays owned by root (read-only for the app user); only media is writable.
# Tests, benchmarks, docs and node tooling stay out (.dockerignore).
COPY . .
COPY --from=messages /src/locale ./locale

# Build-time only: a throwaway key lets settings import with DEBUG=false; it is
# not stored in the image environment.
RUN DEBUG=false SECRET_KEY=collectstatic-build-only-not-a-secret \
        python manage.py collectstatic --noinput \
    && mkdir -p /app/media \
    && chown newsroom:newsroom /app/media

USER newsroom
EXPOSE 8000

# /readyz answers 200 when the database and the cache answer, else 503 (urlopen
# raises, the check fails). It is answered before host and HTTPS checks, so no
# Host header or X-Forwarded-Proto is needed. The image has no curl: Python asks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request as u; u.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"]

# gunicorn reads WEB_CONCURRENCY as its default worker count. No access log:
# the app logs each request once (JSON with LOG_FORMAT=json, the default).
CMD ["gunicorn", "newsroom.wsgi:application", "--bind", "0.0.0.0:8000"]
