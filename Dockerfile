# One image for web (gunicorn), Celery worker and Celery beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's runtime libraries and fonts for the PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 --user-group enlace
WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=enlace:enlace . .
USER enlace

# The key below exists only for this build step; the real one comes from the environment.
RUN DJANGO_ENV=production \
    SECRET_KEY=solo-para-collectstatic-en-build-no-se-usa-en-ejecucion-0000 \
    python manage.py collectstatic --noinput -v 0

ENV DJANGO_ENV=production
EXPOSE 8000

# /salud/ answers 503 when the database or the broker fails. The Host header must be allowed
# and X-Forwarded-Proto avoids the HTTPS redirect.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD \
    python -c "import os, urllib.request as u; h = os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); h = 'localhost' if h in ('', '*') else h; u.urlopen(u.Request('http://127.0.0.1:8000/salud/', headers={'Host': h, 'X-Forwarded-Proto': 'https'}), timeout=4)"

CMD ["gunicorn", "-c", "gunicorn.conf.py", "enlace.wsgi"]
