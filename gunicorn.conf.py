"""gunicorn for this application: `gunicorn -c gunicorn.conf.py enlace.wsgi` (Procfile, Dockerfile, make bench-http).

Pages spend part of their time waiting on PostgreSQL, so each core runs one process with a few threads
(gthread): on 2 cores, 2 workers × 4 threads. WEB_WORKERS and WEB_THREADS override it; measured figures are in
the README («Servir en producción»).
"""

import multiprocessing
import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
worker_class = "gthread"
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count()))
threads = int(os.environ.get("WEB_THREADS", "4"))
keepalive = 5  # seconds; behind a proxy that keeps connections open
max_requests = 2000  # recycle a worker now and then (memory growth in a long-lived process)
max_requests_jitter = 200  # so that the workers are not recycled at the same moment
timeout = 30  # long work (imports, big PDFs) runs in Celery, never in a request
graceful_timeout = 30
accesslog = os.environ.get("WEB_ACCESS_LOG", "-") or None
