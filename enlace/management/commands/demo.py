import time
from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from enlace import roles
from enlace.models import CorreoSaliente, Organizacion, Usuario

CONTRASENA_DEMO = "enlace-demo-2026"
DOMINIO_DEMO = "demo.enlace.mx"

# slug, nombre, tipo, padre, país, moneda, zona horaria
ORGANIZACIONES = [
    ("enlacegrup", "Enl@ceGrup", "red", None, "MX", "MXN", "America/Mexico_City"),
    ("concesionario-norte", "Autos del Norte", "concesionario", "enlacegrup", "MX", "MXN", "America/Mexico_City"),
    ("concesionario-sur", "Seminuevos del Sur", "concesionario", "enlacegrup", "MX", "MXN", "America/Cancun"),
    ("comteco", "COMTECO", "empresa", None, "BO", "BOB", "America/La_Paz"),
    ("carrazos", "Carrazos S.A.S.", "empresa", None, "CO", "COP", "America/Bogota"),
    ("enrok", "ENROK", "empresa", None, "MX", "MXN", "America/Mexico_City"),
    ("pyme-estetica-luna", "Estética Luna", "pyme", "enrok", "MX", "MXN", "America/Mexico_City"),
    ("pyme-veterinaria-patitas", "Veterinaria Patitas", "pyme", "enrok", "MX", "MXN", "America/Tijuana"),
]


# Each domain app loads its own demo data: ``cargar(*, organizaciones, stdout)``, idempotent.
DEMOS_DE_APPS = (
    "operaciones.demo",
    "comercial.empresas.demo",
    "comercial.digitales.demo",
    "comercial.crm.demo",
    "atencion.demo",
)

# Beat sweeps whose first tick (a minute after `make run` starts) mails about the demo's own data (SLA breaches;
# messages unread since an earlier run): run once before the logins are printed, so their mails come before
# them, not a minute after. Each is idempotent.
BARRIDOS_AL_ARRANCAR = ("atencion.tasks.barrer_sla", "operaciones.tasks.correo_mensajes_no_leidos")
ESPERA_CORREOS_MAX = 180  # seconds: past this the logins are printed anyway, with a note


def correo_demo(codigo):
    return f"{codigo.replace('_', '.')}@{DOMINIO_DEMO}"


def cargar_base():
    """The organisations and one login per role (and the admin); returns the organisations by slug."""
    with transaction.atomic():
        organizaciones = _organizaciones()
        _usuarios(organizaciones)
    return organizaciones


def cargar_app(ruta, *, organizaciones, stdout):
    """One app's demo data, in its own transaction."""
    with transaction.atomic():
        import_module(ruta).cargar(organizaciones=organizaciones, stdout=stdout)


def _organizaciones():
    creadas = {}
    for slug, nombre, tipo, padre, pais, moneda, zona in ORGANIZACIONES:
        creadas[slug], _ = Organizacion.objects.update_or_create(
            slug=slug,
            defaults={
                "nombre": nombre,
                "tipo": tipo,
                "padre": creadas.get(padre),
                "pais": pais,
                "moneda": moneda,
                "zona_horaria": zona,
            },
        )
    return creadas


def _usuarios(organizaciones):
    admin, creado = Usuario.objects.get_or_create(
        email=f"admin@{DOMINIO_DEMO}",
        defaults={"first_name": "Administración", "is_staff": True, "is_superuser": True},
    )
    if creado:
        admin.set_password(CONTRASENA_DEMO)
        admin.save(update_fields=["password"])
    grupos = {grupo.name: grupo for grupo in Group.objects.filter(name__in=roles.POR_CODIGO)}
    for rol in roles.ROLES:
        organizacion = organizaciones[rol.organizacion]
        usuario, creado = Usuario.objects.get_or_create(
            email=correo_demo(rol.codigo),
            defaults={
                "first_name": rol.nombre,
                "last_name": "(demo)",
                "organizacion": organizacion,
                "zona_horaria": organizacion.zona_horaria,
            },
        )
        if creado:
            usuario.set_password(CONTRASENA_DEMO)
            usuario.save(update_fields=["password"])
        usuario.groups.add(grupos[rol.codigo])


def esperar_bandeja_vacia(maximo, *, pausa=1.0, calma=3, reloj=time.monotonic, dormir=time.sleep):
    """Wait until the outbox has nothing to send and no new mail for ``calma`` checks in a row.

    True when it is quiet, False after ``maximo`` seconds (a worker that is down or still busy)."""
    pendientes = CorreoSaliente.objects.filter(
        estado__in=[CorreoSaliente.Estado.PENDIENTE, CorreoSaliente.Estado.ENVIANDO]
    )
    limite, quietas, ultimo = reloj() + maximo, 0, None
    while reloj() < limite:
        estado = (pendientes.exists(), CorreoSaliente.objects.count())
        quietas = quietas + 1 if not estado[0] and estado == ultimo else 0
        if quietas >= calma:
            return True
        ultimo = estado
        dormir(pausa)
    return False


class Command(BaseCommand):
    help = "Carga datos de demostración (idempotente): organizaciones y un usuario por rol."

    def add_arguments(self, parser):
        parser.add_argument(
            "--solo-accesos",
            action="store_true",
            help="Solo imprime la dirección y los usuarios de demostración.",
        )
        parser.add_argument(
            "--al-arrancar",
            action="store_true",
            help="Con --solo-accesos (make run): corre los barridos del primer minuto y espera a que salgan "
            "los correos de la demo, para que la dirección y los usuarios queden al final.",
        )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("El comando demo no se ejecuta con DJANGO_ENV=production.")
        if options["solo_accesos"]:
            if options["al_arrancar"]:
                for barrido in BARRIDOS_AL_ARRANCAR:
                    import_string(barrido)()
                if not esperar_bandeja_vacia(ESPERA_CORREOS_MAX):
                    self.stdout.write("Aún salen correos de la demo (el worker de Celery sigue enviándolos).")
            self._imprimir_accesos()
            return
        organizaciones = cargar_base()
        for ruta in DEMOS_DE_APPS:
            cargar_app(ruta, organizaciones=organizaciones, stdout=self.stdout)
        self._imprimir_accesos()

    def _imprimir_accesos(self):
        self.stdout.write(self.style.SUCCESS("Datos de demostración listos."))
        self.stdout.write(f"Contraseña de todos los usuarios demo: {CONTRASENA_DEMO}")
        self.stdout.write(f"  {'admin':<26} admin@{DOMINIO_DEMO}")
        for rol in roles.ROLES:
            self.stdout.write(f"  {rol.codigo:<26} {correo_demo(rol.codigo)}")
        self.stdout.write(self.style.SUCCESS(f"Enlace: {settings.ENLACE_URL_BASE.rstrip('/')}/"))
