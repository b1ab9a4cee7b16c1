from django.core.management.base import BaseCommand, CommandError

from enlace import bitacora
from enlace.models import SelloBitacora


class Command(BaseCommand):
    help = "Verifica la cadena de hashes de la bitácora; sale con error si algún evento fue alterado o borrado."

    def handle(self, *args, **options):
        problemas = bitacora.verificar()
        if problemas:
            for problema in problemas:
                self.stderr.write(problema)
            raise CommandError(f"Bitácora alterada: {len(problemas)} problema(s).")
        total = SelloBitacora.objects.get(pk=1).ultima_secuencia
        self.stdout.write(self.style.SUCCESS(f"Bitácora íntegra: {total} eventos verificados."))
