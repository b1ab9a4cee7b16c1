"""Backfill or rebuild the daily metrics roll-up (``MetricaDiaria``) of ENROK's PYMEs."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from atencion import services
from enlace.models import Organizacion


class Command(BaseCommand):
    help = (
        "Recalcula la consolidación diaria de métricas hasta ayer (zona de cada PYME). La primera vez "
        "cubre toda la historia; después, los últimos ATENCION_METRICAS_DIAS_RECALCULO días o desde --desde."
    )

    def add_arguments(self, parser):
        parser.add_argument("--desde", help="primer día a recalcular (AAAA-MM-DD)")
        parser.add_argument("--pyme", help="slug de una sola PYME")

    def handle(self, *args, desde=None, pyme=None, **options):
        try:
            desde = date.fromisoformat(desde) if desde else None
        except ValueError:
            raise CommandError("--desde debe tener el formato AAAA-MM-DD.") from None
        org = None
        if pyme:
            org = Organizacion.objects.filter(slug=pyme, tipo=Organizacion.Tipo.PYME).first()
            if org is None:
                raise CommandError(f"No existe la PYME «{pyme}».")
        total = services.metricas_recalcular(pyme=org, desde=desde)
        self.stdout.write(
            f"PYMES: {total['pymes']} · filas nuevas: {total['creadas']} · filas reemplazadas: {total['borradas']}"
        )
