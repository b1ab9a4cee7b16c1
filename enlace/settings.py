"""Enlace settings, read from the environment (django-environ).

With nothing set the project runs embedded: SQLite and Celery's filesystem
broker under ``var/``, email to the console. ``DJANGO_ENV=production``
demands a real secret key and turns on the secure-transport settings.
"""

import sys
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"
# Under pytest: fast password hashing, plain static storage, DEBUG off.
TESTING = env.bool("ENLACE_TESTING", default="pytest" in sys.modules)

_INSECURE_KEY = "django-insecure-solo-para-desarrollo-local-enlace"
SECRET_KEY = env("SECRET_KEY", default=_INSECURE_KEY)
if PRODUCTION and (SECRET_KEY == _INSECURE_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("DJANGO_ENV=production exige SECRET_KEY propia de al menos 50 caracteres.")

DEBUG = env.bool("DEBUG", default=not PRODUCTION and not TESTING)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "django_fsm",
    "simple_history",
    "django_celery_beat",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "enlace",
    "operaciones",
    "comercial",
    "comercial.empresas",
    "comercial.digitales",
    "comercial.crm",
    "atencion",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "enlace.middleware.ZonaHorariaMiddleware",
    "enlace.middleware.ContadoresDelMenuMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "enlace.middleware.PermissionsPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "enlace.urls"
WSGI_APPLICATION = "enlace.wsgi.application"

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
                "enlace.context_processors.navegacion",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'enlace.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Covering indexes are a PostgreSQL speed-up; SQLite just ignores the extra columns.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
# In production each gunicorn thread keeps its connection (checked before reuse) instead of opening one per request.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60 if PRODUCTION else 0))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL plus a busy timeout lets the web server, worker and beat share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------
AUTH_USER_MODEL = "enlace.Usuario"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "enlace.cuentas.BackendUsuarios",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "inicio"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Proxies in front of Django whose X-Forwarded-For is trusted (0: the peer address is the client).
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
# Rate limits per client address (django-ratelimit, in the shared cache; enlace.red.limitar).
RATELIMIT_VIEW = "enlace.red.demasiadas_solicitudes"
LIMITE_INICIO_SESION = env("LIMITE_INICIO_SESION", default="30/m")
LIMITE_RESTABLECER = env("LIMITE_RESTABLECER", default="10/h")
LIMITE_WEBHOOK = env("LIMITE_WEBHOOK", default="600/m")
LIMITE_ENCUESTA = env("LIMITE_ENCUESTA", default="60/m")
LIMITE_VERIFICAR = env("LIMITE_VERIFICAR", default="30/m")

# Login throttling within AXES_COOLOFF_HORAS: an account locks after AXES_FAILURE_LIMIT failures
# from any address, an address after AXES_LIMITE_POR_DIRECCION failures across accounts
# (enlace.bloqueos; the order of AXES_LOCKOUT_PARAMETERS matters there).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_LIMITE_POR_DIRECCION = env.int("AXES_LIMITE_POR_DIRECCION", default=20)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HORAS", default=1.0)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "enlace.bloqueos.ManejadorBloqueos"
AXES_CLIENT_IP_CALLABLE = "enlace.red.ip_cliente"
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/bloqueado.html"
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "enlace.forms.usuario_para_axes"

# --- Internationalisation ------------------------------------------------
LANGUAGE_CODE = "es"
LANGUAGES = [("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["enlace.formatos"]  # dates typed and shown as dd/mm/aaaa
TIME_ZONE = "America/Mexico_City"
USE_I18N = True
USE_TZ = True
# Off: ids and numbers written into HTML attributes, URLs and form values must stay plain digits
# ("1 098" breaks them). Money is formatted by the `moneda` filter; large counts use `intcomma`.
USE_THOUSAND_SEPARATOR = False

# --- Static and private files --------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "privado"))
# MEDIA_URL is deliberately unset: private files are served only by views that check permissions.
_AWS_BUCKET = env("AWS_STORAGE_BUCKET_NAME", default="")
if _AWS_BUCKET:
    _privado = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": _AWS_BUCKET,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _privado = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": None},
    }
STORAGES = {
    "default": _privado,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
ENLACE_SUBIDA_MAX_BYTES = env.int("ENLACE_SUBIDA_MAX_BYTES", default=10 * 1024 * 1024)
# Imports (XLSX/CSV): an .xlsx is a zip, refused when it inflates past these (zip bombs); rows capped.
IMPORTACION_MAX_DESCOMPRIMIDO_MB = env.int("IMPORTACION_MAX_DESCOMPRIMIDO_MB", default=50)
IMPORTACION_MAX_PROPORCION = env.int("IMPORTACION_MAX_PROPORCION", default=100)
IMPORTACION_MAX_FILAS = env.int("IMPORTACION_MAX_FILAS", default=20_000)

# --- Email ---------------------------------------------------------------
# EMAIL_URL expands to EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, ...
globals().update(env.email_url("EMAIL_URL", default="consolemail://"))
if EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend":  # noqa: F821 (set just above)
    EMAIL_BACKEND = "enlace.notificaciones.consola.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Enlace <no-responder@enlace.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 10

# --- Celery --------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # Socket timeouts: a frozen Redis must not hang web requests, the worker or beat.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_timeout": 5, "socket_connect_timeout": 5}
else:
    _cola = VAR_DIR / "celery"
    for _sub in ("in", "procesados", "control"):
        (_cola / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_cola / "in"),
        "data_folder_out": str(_cola / "in"),
        "processed_folder": str(_cola / "procesados"),
        "control_folder": str(_cola / "control"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Keep a task's own prints (the console mail backend) as plain lines instead of WARNING log records.
CELERY_WORKER_REDIRECT_STDOUTS = False
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# Publishing after commit must fail fast when the broker is down (the outbox sweep sends later):
# one attempt with these connect/socket timeouts, then no publishing for the pause.
CELERY_PUBLICAR_TIMEOUT_S = env.float("CELERY_PUBLICAR_TIMEOUT_S", default=0.5)
CELERY_PUBLICAR_PAUSA_S = env.float("CELERY_PUBLICAR_PAUSA_S", default=10.0)
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "enlace-barrer-bandeja-de-salida": {
        "task": "enlace.tasks.barrer_bandeja_salida",
        "schedule": 60.0,
    },
    "enlace-latido": {
        "task": "enlace.tasks.latido",
        "schedule": 60.0,
    },
    "enlace-limpiar-sesiones": {
        "task": "enlace.tasks.limpiar_sesiones",
        "schedule": crontab(hour=3, minute=30),
    },
    "enlace-barrer-pdf-preparados": {
        "task": "enlace.tasks.barrer_pdf_preparados",
        "schedule": 300.0,
    },
}


# --- Cache ---------------------------------------------------------------
# With Redis, one cache shared by every process, on its own database: clearing the cache flushes
# that whole database, which must never be the broker's. A dead Redis is a miss (enlace.cache).
def _redis_db(url):
    """(host:port, db) of a redis:// URL; the db is the path, 0 when absent."""
    partes = urlsplit(url)
    return partes.netloc, int(partes.path.strip("/") or 0)


if REDIS_URL:
    _servidor, _db = _redis_db(REDIS_URL)
    REDIS_CACHE_URL = env("REDIS_CACHE_URL", default=f"redis://{_servidor}/{_db + 1}")
    if _redis_db(REDIS_CACHE_URL) == _redis_db(REDIS_URL):
        raise ImproperlyConfigured("REDIS_CACHE_URL debe usar otra base de Redis que REDIS_URL (la del broker).")
REDIS_CACHE_TIMEOUT_S = env.float("REDIS_CACHE_TIMEOUT_S", default=0.25)
REDIS_CACHE_PAUSA_S = env.float("REDIS_CACHE_PAUSA_S", default=10.0)
CACHES = {
    "default": {
        "BACKEND": "enlace.cache.RedisTolerante",
        "LOCATION": REDIS_CACHE_URL,
        "KEY_PREFIX": "enlace",
        "OPTIONS": {"socket_connect_timeout": REDIS_CACHE_TIMEOUT_S, "socket_timeout": REDIS_CACHE_TIMEOUT_S},
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}


# --- Enlace --------------------------------------------------------------
ENLACE_ZONAS_HORARIAS = [
    ("America/Mexico_City", "México (Ciudad de México)"),
    ("America/Tijuana", "México (Tijuana)"),
    ("America/Cancun", "México (Cancún)"),
    ("America/La_Paz", "Bolivia (La Paz)"),
    ("America/Bogota", "Colombia (Bogotá)"),
    ("UTC", "UTC"),
]
# An outbox row still pending after this many seconds is picked up by the sweep.
ENLACE_BANDEJA_REINTENTO_SEGUNDOS = env.int("ENLACE_BANDEJA_REINTENTO_SEGUNDOS", default=60)
ENLACE_BANDEJA_REINTENTO_MAX_SEGUNDOS = env.int("ENLACE_BANDEJA_REINTENTO_MAX_SEGUNDOS", default=3600)
ENLACE_BANDEJA_MAX_INTENTOS = env.int("ENLACE_BANDEJA_MAX_INTENTOS", default=20)
# The emails one commit writes go to the worker this many per task, sent over one SMTP connection.
ENLACE_CORREOS_POR_TAREA = env.int("ENLACE_CORREOS_POR_TAREA", default=50)
# Links in mail: the served address; `make run PUERTO=…` passes the port as ENLACE_PUERTO.
ENLACE_URL_BASE = env("ENLACE_URL_BASE", default=f"http://127.0.0.1:{env.int('ENLACE_PUERTO', default=8000)}")
# The attachments of one outbox email together (a report's PDF); bigger ones are refused, not truncated.
ENLACE_CORREO_ADJUNTOS_MAX_BYTES = env.int("ENLACE_CORREO_ADJUNTOS_MAX_BYTES", default=8 * 1024 * 1024)
# A file uploaded to the public verification page (/verificar/<código>/) is hashed, never stored.
ENLACE_VERIFICAR_MAX_BYTES = env.int("ENLACE_VERIFICAR_MAX_BYTES", default=10 * 1024 * 1024)

# A list counts its rows up to this many; past it, it says «de más de 10.000» (the count costs the same at any size).
ENLACE_PAGINACION_CONTEO_MAX = env.int("ENLACE_PAGINACION_CONTEO_MAX", default=10_000)
# How long the menu's pending-work badges of a user are kept, in seconds (0: counted on every page). A write of
# the user's own recounts them on the next page; what others do shows within this time.
ENLACE_MENU_CONTADORES_SEGUNDOS = env.int("ENLACE_MENU_CONTADORES_SEGUNDOS", default=30)
# A free-text search lists its newest matches up to this many (past it: «de más de 500», refine the search), so it
# reads a few index pages however many rows match.
ENLACE_BUSQUEDA_TOPE = env.int("ENLACE_BUSQUEDA_TOPE", default=500)
# How long the homes' KPI tiles (30-day counts against the 30 days before) are kept in the cache, in seconds.
ENLACE_KPIS_CACHE_S = env.int("ENLACE_KPIS_CACHE_S", default=300)
# PDFs of more rows than this are rendered by the worker (WeasyPrint spends ~12 ms of CPU per table row).
ENLACE_PDF_FILAS_EN_FONDO = env.int("ENLACE_PDF_FILAS_EN_FONDO", default=150)
ENLACE_PDF_SEGUNDOS_POR_FILA = env.float("ENLACE_PDF_SEGUNDOS_POR_FILA", default=0.015)
ENLACE_PDF_PREPARADO_DIAS = env.int("ENLACE_PDF_PREPARADO_DIAS", default=7)

# --- Security ------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Pages are server-rendered with their CSS and JS in static files: nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
PERMISSIONS_POLICY = env(
    "PERMISSIONS_POLICY",
    default="camera=(), microphone=(), geolocation=(), payment=(), usb=()",
)
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"simple": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "simple"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}

# --- operaciones (Enl@ceGrup COP) ----------------------------------------
# Hours the COP has to validate an apartado before the unit is released (Unidad Disponible automática).
OPERACIONES_HORAS_VALIDACION = env.int("OPERACIONES_HORAS_VALIDACION", default=24)
# Days in stock that raise the first and second aging alert.
OPERACIONES_ALERTA_DIAS_1 = env.int("OPERACIONES_ALERTA_DIAS_1", default=60)
OPERACIONES_ALERTA_DIAS_2 = env.int("OPERACIONES_ALERTA_DIAS_2", default=90)
# Apartados released per transaction by the sweep.
OPERACIONES_LOTE_LIBERACION = env.int("OPERACIONES_LOTE_LIBERACION", default=2500)
# The network whose inventory an asesor without a concesionario searches.
OPERACIONES_RED = env("OPERACIONES_RED", default="enlacegrup")
# "Fecha de vigencia" printed on the commission report EG-COM-01 (no seed gives one).
OPERACIONES_COMISIONES_VIGENCIA = env("OPERACIONES_COMISIONES_VIGENCIA", default="01/01/2026")
CELERY_BEAT_SCHEDULE["operaciones-liberar-apartados-vencidos"] = {
    "task": "operaciones.tasks.liberar_apartados_vencidos",
    "schedule": 60.0,
}
CELERY_BEAT_SCHEDULE["operaciones-alertas-antiguedad"] = {
    "task": "operaciones.tasks.alertas_antiguedad",
    "schedule": crontab(hour=12, minute=15),  # 06:15 in Mexico City (UTC-6)
}
CELERY_BEAT_SCHEDULE["operaciones-actualizar-tramos"] = {
    "task": "operaciones.tasks.actualizar_tramos",
    "schedule": 60.0,
}
# Hours concesionario A (and then B) has to answer a Trade-In before the COP may move on.
OPERACIONES_HORAS_RESPUESTA_TRADE_IN = env.int("OPERACIONES_HORAS_RESPUESTA_TRADE_IN", default=48)
# Largest photo or document of a Trade-In, expediente or factura (bytes).
OPERACIONES_ARCHIVO_MAX_BYTES = env.int("OPERACIONES_ARCHIVO_MAX_BYTES", default=10 * 1024 * 1024)
# Videos of a unit (MP4/WebM) the webmaster attaches to a conversation: their own, larger limit.
OPERACIONES_VIDEO_MAX_BYTES = env.int("OPERACIONES_VIDEO_MAX_BYTES", default=50 * 1024 * 1024)
# Send the satisfaction survey to the client on Cierre de Operación.
OPERACIONES_ENCUESTA_CIERRE = env.bool("OPERACIONES_ENCUESTA_CIERRE", default=True)
# An operación with no event for this many hours is flagged as stalled on the COP's tray.
OPERACIONES_HORAS_SIN_MOVIMIENTO = env.int("OPERACIONES_HORAS_SIN_MOVIMIENTO", default=72)
# A unit withdrawn by its concesionario within this many days of an apartado that did not
# reach cierre is flagged to the COP (the sale may have left the ecosystem).
OPERACIONES_DIAS_RETIRO_EN_REVISION = env.int("OPERACIONES_DIAS_RETIRO_EN_REVISION", default=15)
# A message of an operación's conversation still unread this many minutes later also goes by email (once).
OPERACIONES_CORREO_SI_NO_LEIDO_MIN = env.int("OPERACIONES_CORREO_SI_NO_LEIDO_MIN", default=30)
CELERY_BEAT_SCHEDULE["operaciones-correo-mensajes-no-leidos"] = {
    "task": "operaciones.tasks.correo_mensajes_no_leidos",
    "schedule": 60.0,
}

# --- comercial: COMTECO (shared) -----------------------------------------
COMERCIAL_FACTIBILIDAD = env("COMERCIAL_FACTIBILIDAD", default="comercial.factibilidad.FactibilidadPorZonas")

# --- comercial: COMTECO Ventas Equipo Empresas ----------------------------
# Indicator bands (percent of month-on-month billing growth): >= APROBADO Aprobado,
# < RECHAZADO Rechazado, < OBSERVADO Observado; the band in between has its own label.
EMPRESAS_INDICADOR_APROBADO_PCT = env("EMPRESAS_INDICADOR_APROBADO_PCT", default="10")
EMPRESAS_INDICADOR_OBSERVADO_PCT = env("EMPRESAS_INDICADOR_OBSERVADO_PCT", default="5")
EMPRESAS_INDICADOR_RECHAZADO_PCT = env("EMPRESAS_INDICADOR_RECHAZADO_PCT", default="0")
# Cartera assignment: same-giro affinity unless the ejecutivo's load exceeds the lightest by more than this.
EMPRESAS_ASIGNACION_TOLERANCIA = env.int("EMPRESAS_ASIGNACION_TOLERANCIA", default=3)
# Days Venta de Productos/Servicios (GC-PRC-OPE-CUM-04) has to close a hand-off before it shows overdue.
EMPRESAS_DERIVACION_DIAS = env.int("EMPRESAS_DERIVACION_DIAS", default=3)

# --- comercial: COMTECO Ventas Digitales ---------------------------------
# Organisation (slug) that owns the public contact form and the lead webhook.
DIGITALES_ORGANIZACION = env("DIGITALES_ORGANIZACION", default="comteco")
# The three call-center numbers (IVR option 1), also the WhatsApp numbers for requirements.
DIGITALES_LINEAS = env.list("DIGITALES_LINEAS", default=["4200400", "4322205", "4001515"])
# Lead webhook (chatbot, Facebook): HMAC-SHA256 of the raw body with this secret, header X-Enlace-Firma.
# Empty = webhook disabled (every request gets 401).
DIGITALES_WEBHOOK_SECRETO = env("DIGITALES_WEBHOOK_SECRETO", default="")
DIGITALES_WEBHOOK_MAX_BYTES = env.int("DIGITALES_WEBHOOK_MAX_BYTES", default=64 * 1024)
# Public contact form: accepted submissions per client IP and hour (spam guard, with a honeypot field).
DIGITALES_CONTACTO_MAX_POR_HORA = env.int("DIGITALES_CONTACTO_MAX_POR_HORA", default=5)
DIGITALES_IMPEDIMENTOS = env("DIGITALES_IMPEDIMENTOS", default="comercial.digitales.impedimentos.ImpedimentosPorTabla")
DIGITALES_MAX_INTENTOS_CONTACTO = env.int("DIGITALES_MAX_INTENTOS_CONTACTO", default=3)
# Indicator: a sale is "eficiente" when digitized within N hours of intake and its QC call found the
# client satisfied; > DIGITALES_META_PORCENTAJE % of the day's solicitudes = Aceptado, otherwise Observado.
DIGITALES_EFICIENTE_HORAS = env.int("DIGITALES_EFICIENTE_HORAS", default=24)
DIGITALES_META_PORCENTAJE = env.int("DIGITALES_META_PORCENTAJE", default=95)
# The QC call is scheduled this many days after the follow-up (which falls on the estimated execution date).
DIGITALES_DIAS_CONTROL_CALIDAD = env.int("DIGITALES_DIAS_CONTROL_CALIDAD", default=2)
DIGITALES_POR_PAGINA = env.int("DIGITALES_POR_PAGINA", default=50)
CELERY_BEAT_SCHEDULE["digitales-recordar-pendientes"] = {
    "task": "comercial.digitales.tasks.recordar_pendientes",
    "schedule": crontab(minute=0, hour="12-23"),  # hourly during La Paz office hours (UTC-4)
}

# --- comercial: Carrazos CRM ---------------------------------------------
CRM_IMPORTACION_MAX_BYTES = env.int("CRM_IMPORTACION_MAX_BYTES", default=30 * 1024 * 1024)
# An asesor whose false prospects in a month reach this count is flagged (risk "creación de clientes falsos").
CRM_FALSOS_UMBRAL = env.int("CRM_FALSOS_UMBRAL", default=3)
# Semáforo GC-FOR-21: days without follow-up <= VERDE is green, <= AMARILLO yellow, more is red.
CRM_SEMAFORO_VERDE_DIAS = env.int("CRM_SEMAFORO_VERDE_DIAS", default=3)
CRM_SEMAFORO_AMARILLO_DIAS = env.int("CRM_SEMAFORO_AMARILLO_DIAS", default=7)
# Quality follow-up: a prospect or activity counts as validated on time within this many days of its import.
CRM_OPORTUNIDAD_DIAS = env.int("CRM_OPORTUNIDAD_DIAS", default=7)
# "Fecha de vigencia" printed on GC-FOR-05, GC-FOR-06 and GC-FOR-21 (as the procedure GC-PRO-05 states it).
CRM_FORMATOS_VIGENCIA = env("CRM_FORMATOS_VIGENCIA", default="15/07/2026")
CELERY_BEAT_SCHEDULE["crm-avisos-no-realizadas"] = {
    "task": "comercial.crm.tasks.enviar_avisos_no_realizadas",
    "schedule": crontab(hour=13, minute=0),  # 08:00 in Bogotá
}

# --- atencion (ENROK) ----------------------------------------------------
# WhatsApp Cloud API: app secret (X-Hub-Signature-256), webhook verify token, access token, Graph base URL.
ATENCION_WHATSAPP_APP_SECRET = env("ATENCION_WHATSAPP_APP_SECRET", default="")
ATENCION_WHATSAPP_VERIFY_TOKEN = env("ATENCION_WHATSAPP_VERIFY_TOKEN", default="")
ATENCION_WHATSAPP_TOKEN = env("ATENCION_WHATSAPP_TOKEN", default="")
ATENCION_WHATSAPP_API_URL = env("ATENCION_WHATSAPP_API_URL", default="https://graph.facebook.com/v21.0")
ATENCION_WHATSAPP_TIMEOUT = env.float("ATENCION_WHATSAPP_TIMEOUT", default=10.0)
ATENCION_WHATSAPP_MEDIO_MAX_BYTES = env.int("ATENCION_WHATSAPP_MEDIO_MAX_BYTES", default=16 * 1024 * 1024)
ATENCION_WHATSAPP_MEDIO_MAX_INTENTOS = env.int("ATENCION_WHATSAPP_MEDIO_MAX_INTENTOS", default=6)
# Inbound email webhook shared secret (header X-Atencion-Token) and the domain of outgoing Message-IDs.
ATENCION_CORREO_WEBHOOK_TOKEN = env("ATENCION_CORREO_WEBHOOK_TOKEN", default="")
ATENCION_CORREO_DOMINIO = env("ATENCION_CORREO_DOMINIO", default="atencion.enrok.mx")
# Mailboxes read by IMAP (atencion.BuzonImap): beat polls every N seconds; messages fetched N per transaction;
# socket timeout; a larger message is quarantined with its headers only; largest attachment kept.
ATENCION_IMAP_CADA_SEGUNDOS = env.int("ATENCION_IMAP_CADA_SEGUNDOS", default=60)
ATENCION_IMAP_LOTE = env.int("ATENCION_IMAP_LOTE", default=100)
ATENCION_IMAP_TIMEOUT = env.float("ATENCION_IMAP_TIMEOUT", default=30.0)
ATENCION_IMAP_MAX_BYTES = env.int("ATENCION_IMAP_MAX_BYTES", default=25 * 1024 * 1024)
ATENCION_CORREO_ADJUNTO_MAX_BYTES = env.int("ATENCION_CORREO_ADJUNTO_MAX_BYTES", default=10 * 1024 * 1024)
ATENCION_ENCUESTA_DIAS = env.int("ATENCION_ENCUESTA_DIAS", default=7)
ATENCION_SLA_AVISO_PORCENTAJE = env.int("ATENCION_SLA_AVISO_PORCENTAJE", default=80)
ATENCION_CONFIRMACION_HORAS = env.int("ATENCION_CONFIRMACION_HORAS", default=48)
ATENCION_MENSAJES_MAX_INTENTOS = env.int("ATENCION_MENSAJES_MAX_INTENTOS", default=10)
# Campaign messages a PYME sends per minute (spaced in the outbox; the sweep sends each when due).
ATENCION_CAMPANA_MENSAJES_POR_MINUTO = env.int("ATENCION_CAMPANA_MENSAJES_POR_MINUTO", default=60)
# Executive report: target of each KPI (green when met) and the band below it that is amber, not red.
ATENCION_META_SLA = env.float("ATENCION_META_SLA", default=90.0)
ATENCION_META_CSAT = env.float("ATENCION_META_CSAT", default=4.0)
ATENCION_META_NPS = env.float("ATENCION_META_NPS", default=30.0)
ATENCION_META_FCR = env.float("ATENCION_META_FCR", default=70.0)
ATENCION_AMBAR_SLA = env.float("ATENCION_AMBAR_SLA", default=5.0)
ATENCION_AMBAR_CSAT = env.float("ATENCION_AMBAR_CSAT", default=0.3)
ATENCION_AMBAR_NPS = env.float("ATENCION_AMBAR_NPS", default=10.0)
ATENCION_AMBAR_FCR = env.float("ATENCION_AMBAR_FCR", default=5.0)
# Controlled header of the executive report: the format's code, its version (the Manual Operativo's 1.0) and the
# date it is in force from (the manual gives none).
ATENCION_REPORTE_CODIGO = env("ATENCION_REPORTE_CODIGO", default="ENROK-FOR-01")
ATENCION_REPORTE_VERSION = env("ATENCION_REPORTE_VERSION", default="1.0")
ATENCION_REPORTE_VIGENCIA = env("ATENCION_REPORTE_VIGENCIA", default="01/01/2026")
CELERY_BEAT_SCHEDULE["atencion-barrer-sla"] = {"task": "atencion.tasks.barrer_sla", "schedule": 60.0}
CELERY_BEAT_SCHEDULE["atencion-barrer-mensajes"] = {"task": "atencion.tasks.barrer_mensajes", "schedule": 60.0}
CELERY_BEAT_SCHEDULE["atencion-barrer-medios"] = {"task": "atencion.tasks.barrer_medios", "schedule": 60.0}
CELERY_BEAT_SCHEDULE["atencion-seguimientos"] = {"task": "atencion.tasks.enviar_seguimientos", "schedule": 300.0}
CELERY_BEAT_SCHEDULE["atencion-campanas"] = {"task": "atencion.tasks.enviar_campanas", "schedule": 300.0}
CELERY_BEAT_SCHEDULE["atencion-buzones"] = {
    "task": "atencion.tasks.sondear_buzones",
    "schedule": float(ATENCION_IMAP_CADA_SEGUNDOS),
}
# Daily metrics roll-up: closed days are rebuilt every N minutes over the last N days (late survey answers,
# resolutions and SLA outcomes of recent tickets); today is always computed live.
ATENCION_METRICAS_DIAS_RECALCULO = env.int("ATENCION_METRICAS_DIAS_RECALCULO", default=10)
ATENCION_METRICAS_CADA_MINUTOS = env.int("ATENCION_METRICAS_CADA_MINUTOS", default=15)
CELERY_BEAT_SCHEDULE["atencion-metricas"] = {
    "task": "atencion.tasks.recalcular_metricas",
    "schedule": 60.0 * ATENCION_METRICAS_CADA_MINUTOS,
}
