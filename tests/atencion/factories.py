from datetime import time

import factory

from atencion.models import Giro, HorarioAtencion, MotivoContacto, ObjetivoSla, PerfilPyme
from enlace.models import Organizacion
from tests.enlace.factories import OrganizacionFactory


class EnrokFactory(OrganizacionFactory):
    nombre = "ENROK"
    slug = "enrok-pruebas"
    tipo = Organizacion.Tipo.EMPRESA


class PymeFactory(OrganizacionFactory):
    nombre = factory.Sequence(lambda n: f"PYME {n}")
    slug = factory.Sequence(lambda n: f"pyme-{n}")
    tipo = Organizacion.Tipo.PYME
    padre = factory.SubFactory(EnrokFactory)
    zona_horaria = "America/Mexico_City"


class PerfilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PerfilPyme

    pyme = factory.SubFactory(PymeFactory)
    giro = Giro.ESTETICA
    diagnostico = "Recibe muchas llamadas para agendar citas."
    canal_whatsapp = True
    whatsapp_phone_number_id = factory.Sequence(lambda n: f"10{n:04d}")
    correo_entrada = factory.Sequence(lambda n: f"atencion{n}@pyme.test")


class MotivoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MotivoContacto

    pyme = factory.SubFactory(PymeFactory)
    nombre = factory.Sequence(lambda n: f"Motivo {n}")


def configurar_pyme(pyme, *, abre=time(9), cierra=time(18), dias=(0, 1, 2, 3, 4), sla=None):
    """Hours Mon–Fri 9–18 and, optionally, SLA targets {(canal, prioridad): (resp, res)}."""
    HorarioAtencion.objects.bulk_create(
        [HorarioAtencion(pyme=pyme, dia_semana=d, abre=abre, cierra=cierra) for d in dias]
    )
    for (canal, prioridad), (resp, res) in (sla or {}).items():
        ObjetivoSla.objects.create(
            pyme=pyme, canal=canal, prioridad=prioridad, primera_respuesta_min=resp, resolucion_min=res
        )
