from django.core.management.base import BaseCommand

from enlace.models import CorreoSaliente
from enlace.notificaciones import services


class Command(BaseCommand):
    help = (
        "Envía ahora los correos pendientes de la bandeja de salida (el mismo barrido que hace Celery beat). "
        "Útil cuando el broker no está disponible."
    )

    def add_arguments(self, parser):
        parser.add_argument("--lote", type=int, default=200, help="Máximo de correos por barrido (200).")

    def handle(self, *args, lote, **options):
        enviados = services.barrer_bandeja_salida(lote=lote)
        estados = CorreoSaliente.Estado
        pendientes = CorreoSaliente.objects.filter(estado=estados.PENDIENTE).count()
        fallidos = CorreoSaliente.objects.filter(estado=estados.FALLIDO).count()
        self.stdout.write(
            self.style.SUCCESS(f"{enviados} correo(s) enviados; {pendientes} pendiente(s); {fallidos} fallido(s).")
        )
