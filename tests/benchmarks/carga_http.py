"""`make bench-http`: requests per second of the main lists under gunicorn, logged in, with wrk; then the time one
request of the ENROK agent's pages takes when it has the server to itself (one connection after another).

python -m tests.benchmarks.carga_http   (DATABASE_URL: a PostgreSQL database of its own; it is filled)

Loads the demo once, grows it to BENCH_HTTP_TICKETS tickets for the demo agent and BENCH_HTTP_UNIDADES units
in the shared inventory (rows cloned from the demo's own, so every column keeps a valid value), starts gunicorn
with the repository's gunicorn.conf.py in production settings and runs wrk against each list as its user.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[2]
PUERTO = int(os.environ.get("BENCH_HTTP_PUERTO", "8791"))
BASE = f"http://127.0.0.1:{PUERTO}"
TICKETS = int(os.environ.get("BENCH_HTTP_TICKETS", "100000"))
UNIDADES = int(os.environ.get("BENCH_HTTP_UNIDADES", "100000"))
SEGUNDOS = os.environ.get("BENCH_HTTP_SEGUNDOS", "15")
CONEXIONES = os.environ.get("BENCH_HTTP_CONEXIONES", "8")
# One connection, one request at a time: the latency of the page itself, without queueing behind the others.
SOLO = [("agente", "atencion:tickets"), ("agente", "atencion:ticket")]
# (role of the demo login, URL name, query string)
LISTAS = [
    ("agente", "atencion:tickets", ""),
    ("agente", "atencion:tickets", "?q=Cliente"),
    ("cop", "operaciones:bandeja", ""),
    ("asesor", "operaciones:inventario", ""),
]
ENTORNO = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "bench-http-" + "x" * 60,
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "False",
    "LOG_LEVEL": "WARNING",
}


def preparar():
    """Migrate, load the demo if it is not there, clone rows up to the target sizes; collect static files.

    Runs in development settings (the demo refuses production); only gunicorn runs in production settings.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enlace.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from enlace.models import Usuario

    call_command("migrate", verbosity=0)
    if not Usuario.objects.filter(email__endswith="@demo.enlace.mx").exists():
        call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("collectstatic", interactive=False, verbosity=0)
    _crecer_tickets()
    _crecer_unidades()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _columnas(tabla, cambios):
    """The table's columns except id, and the SELECT expressions: ``cambios`` for some, the row's own for the rest."""
    from django.db import connection

    with connection.cursor() as cursor:
        columnas = [c.name for c in connection.introspection.get_table_description(cursor, tabla) if c.name != "id"]
    return ", ".join(columnas), ", ".join(cambios.get(c, f"o.{c}") for c in columnas)


def _crecer_tickets():
    """One new customer per cloned ticket (an open ticket is unique per customer and channel)."""
    from django.db import connection

    from atencion.models import Ticket
    from enlace.management.commands.demo import correo_demo
    from enlace.models import Usuario

    agente = Usuario.objects.get(email=correo_demo("agente"))
    modelos = list(Ticket.objects.filter(agente=agente).values_list("pk", "cliente_id"))
    faltan = TICKETS - Ticket.objects.filter(agente=agente).count()
    if faltan <= 0:
        return
    columnas_cliente, valores_cliente = _columnas(
        "atencion_cliente",
        {"nombre": "'Cliente ' || g", "telefono": "''", "correo": "''", "token_baja": "md5('bench' || g)"},
    )
    columnas_ticket, valores_ticket = _columnas(
        "atencion_ticket",
        {
            "cliente_id": "nuevos.id",
            "asunto": "'Consulta ' || nuevos.g",
            "creado": "o.creado - (nuevos.g %% 60) * interval '1 day'",
        },
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH nuevos AS (
                INSERT INTO atencion_cliente ({columnas_cliente})
                SELECT {valores_cliente} FROM atencion_cliente o, generate_series(1, %(n)s) g WHERE o.id = %(cliente)s
                RETURNING id, substr(nombre, 9)::int AS g
            )
            INSERT INTO atencion_ticket ({columnas_ticket})
            SELECT {valores_ticket}
            FROM nuevos, atencion_ticket o
            WHERE o.id = (%(modelos)s::bigint[])[1 + nuevos.g %% %(k)s]
            """,  # noqa: S608 - column names read from the database catalogue
            {"n": faltan, "cliente": modelos[0][1], "modelos": [pk for pk, _ in modelos], "k": len(modelos)},
        )
    print(f"BENCH-HTTP datos: {faltan} tickets nuevos del agente de la demo", flush=True)


def _crecer_unidades():
    from django.db import connection

    from operaciones.models import Unidad

    modelos = list(Unidad.objects.filter(estado=Unidad.Estado.DISPONIBLE).values_list("pk", flat=True))
    faltan = UNIDADES - Unidad.objects.count()
    if faltan <= 0:
        return
    columnas, valores = _columnas(
        "operaciones_unidad",
        {"vin": "'9BENCH' || lpad(g::text, 11, '0')", "fecha_ingreso": "o.fecha_ingreso - (g %% 150)"},
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO operaciones_unidad ({columnas})
            SELECT {valores} FROM generate_series(1, %(n)s) g
            JOIN operaciones_unidad o ON o.id = (%(modelos)s::bigint[])[1 + g %% %(k)s]
            """,  # noqa: S608 - column names read from the database catalogue
            {"n": faltan, "modelos": modelos, "k": len(modelos)},
        )
    print(f"BENCH-HTTP datos: {faltan} unidades nuevas en el inventario", flush=True)


def _arrancar_gunicorn():
    entorno = {**os.environ, **ENTORNO, "PORT": str(PUERTO), "WEB_ACCESS_LOG": ""}
    proceso = subprocess.Popen(  # noqa: S603 - our own server
        [sys.executable, "-m", "gunicorn", "-c", str(RAIZ / "gunicorn.conf.py"), "enlace.wsgi"],
        cwd=RAIZ,
        env=entorno,
        start_new_session=True,
    )
    limite = time.monotonic() + 60
    while time.monotonic() < limite:
        try:
            urllib.request.urlopen(f"{BASE}/cuentas/login/", timeout=2)  # noqa: S310 - our own server
            return proceso
        except OSError:
            time.sleep(0.5)
    proceso.kill()
    raise SystemExit("gunicorn no respondió en 60 s")


class _SinRedireccion(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _sesion(rol):
    """Log in as the demo user of ``rol``; return the Cookie header (secure cookies read by hand over http)."""
    from enlace.management.commands.demo import CONTRASENA_DEMO, correo_demo

    abridor = urllib.request.build_opener(_SinRedireccion)
    respuesta = abridor.open(f"{BASE}/cuentas/login/")
    galletas = _galletas(respuesta)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', respuesta.read().decode()).group(1)
    datos = urllib.parse.urlencode({"username": correo_demo(rol), "password": CONTRASENA_DEMO})
    peticion = urllib.request.Request(  # noqa: S310 - our own server
        f"{BASE}/cuentas/login/",
        data=f"{datos}&csrfmiddlewaretoken={token}".encode(),
        headers={"Cookie": _cabecera(galletas), "Referer": f"{BASE}/cuentas/login/"},
    )
    try:
        abridor.open(peticion)
    except urllib.error.HTTPError as redireccion:  # 302 to the home page: logged in
        galletas.update(_galletas(redireccion))
    if "sessionid" not in galletas:
        raise SystemExit(f"no se pudo entrar como {rol}")
    return _cabecera(galletas)


def _galletas(respuesta):
    return dict(valor.split(";", 1)[0].split("=", 1) for valor in respuesta.headers.get_all("Set-Cookie") or [])


def _cabecera(galletas):
    return "; ".join(f"{k}={v}" for k, v in galletas.items())


def medir():
    from django.urls import reverse

    servidor = _arrancar_gunicorn()
    try:
        for rol, nombre, consulta in LISTAS:
            url = f"{reverse(nombre)}{consulta}"
            por_segundo, p50, p99, errores = _wrk(url, _sesion(rol), CONEXIONES)
            print(
                f"BENCH-HTTP {rol} {url}: {por_segundo:.1f} req/s, latencia p50 {p50}, p99 {p99}, "
                f"respuestas no 2xx: {errores}",
                flush=True,
            )
        for rol, nombre in SOLO:
            url = reverse(nombre, args=_argumentos(nombre))
            por_segundo, p50, p99, errores = _wrk(url, _sesion(rol), "1")
            print(
                f"BENCH-HTTP {rol} {url} sin concurrencia (1 conexión): p50 {p50}, p99 {p99}, "
                f"{por_segundo:.1f} req/s, respuestas no 2xx: {errores}",
                flush=True,
            )
    finally:
        os.killpg(servidor.pid, signal.SIGTERM)
        servidor.wait(timeout=30)


def _argumentos(nombre):
    """The ticket page measured is the newest ticket of the demo agent."""
    if nombre != "atencion:ticket":
        return []
    from atencion.models import Ticket
    from enlace.management.commands.demo import correo_demo

    return [Ticket.objects.filter(agente__email=correo_demo("agente")).latest("creado").pk]


def _wrk(ruta, cookie, conexiones):
    """(requests per second, p50, p99, non-2xx responses) of wrk against ``ruta`` for BENCH_HTTP_SEGUNDOS."""
    wrk = shutil.which("wrk") or sys.exit("Falta wrk: apt-get install wrk")
    hilos = min(2, int(conexiones))
    salida = subprocess.run(  # noqa: S603 - fixed arguments
        [wrk, f"-t{hilos}", f"-c{conexiones}", f"-d{SEGUNDOS}s", "--latency", "-H", f"Cookie: {cookie}", BASE + ruta],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    por_segundo = float(re.search(r"Requests/sec:\s+([\d.]+)", salida).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)", salida, re.M).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", salida, re.M).group(1)
    errores = re.search(r"Non-2xx or 3xx responses: (\d+)", salida)
    return por_segundo, p50, p99, errores.group(1) if errores else 0


if __name__ == "__main__":
    sys.path.insert(0, str(RAIZ))
    preparar()
    medir()
