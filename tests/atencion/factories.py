from datetime import date, time, timedelta

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from atencion import services
from atencion.models import (
    Canal,
    HorarioAtencion,
    MotivoContacto,
    ObjetivoSla,
    PerfilPyme,
    Prioridad,
    ReporteEjecutivo,
    Ticket,
)
from enlace.models import Evento, Organizacion
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
    giro_id = "estetica"
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


def releer(objeto):
    return type(objeto).objects.get(pk=objeto.pk)


def eventos(objeto, tipo):
    return Evento.objects.filter(
        tipo=tipo, objeto_tipo=ContentType.objects.get_for_model(objeto), objeto_id=str(objeto.pk)
    )


def en_estado(objeto, estado):
    """Test setup only: put the row in ``estado`` without running a transition."""
    type(objeto).objects.filter(pk=objeto.pk).update(estado=estado)
    return releer(objeto)


# --- Rows in a given state (test setup) ---------------------------------------------------


def perfil_en(pyme_padre, estado, *, completo=True):
    perfil = PerfilFactory(pyme=PymeFactory(padre=pyme_padre))
    if completo:
        HorarioAtencion.objects.create(pyme=perfil.pyme, dia_semana=0, abre="09:00", cierra="18:00")
        ObjetivoSla.objects.create(
            pyme=perfil.pyme, canal=Canal.LLAMADA, prioridad=Prioridad.ALTA, primera_respuesta_min=5, resolucion_min=60
        )
        MotivoFactory(pyme=perfil.pyme)
    return en_estado(perfil, estado)


def ticket_en(pyme, estado, *, motivo=None, agente=None, contactos=None):
    # A ticket past "abierto" was taken by an agent's contact, as the services do it.
    if contactos is None:
        contactos = 0 if estado == Ticket.Estado.ABIERTO else 1
    ticket = services.ticket_crear(
        actor=None, pyme=pyme, canal=Canal.WHATSAPP, asunto="Cita", telefono=f"52{Ticket.objects.count()}"
    )
    Ticket.objects.filter(pk=ticket.pk).update(motivo=motivo, agente=agente)
    ahora = timezone.now()
    extra = {
        Ticket.Estado.ESPERANDO_CLIENTE: {"pausado_desde": ahora - timedelta(hours=1)},
        Ticket.Estado.RESUELTO: {"resuelto_en": ahora - timedelta(hours=1)},
    }.get(estado, {})
    Ticket.objects.filter(pk=ticket.pk).update(estado=estado, contactos=contactos, **extra)
    return releer(ticket)


def reporte_en(pyme, analista, estado, *, recomendaciones="- Ampliar el horario del sábado"):
    inicio = date(2026, 1, 5) + timedelta(weeks=ReporteEjecutivo.objects.count())
    reporte = services.reporte_crear(
        actor=analista, pyme=pyme, periodicidad="semanal", inicio=inicio, fin=inicio + timedelta(days=6)
    )
    ReporteEjecutivo.objects.filter(pk=reporte.pk).update(estado=estado, recomendaciones=recomendaciones)
    return releer(reporte)


def campana_en(pyme, gerente, estado, *, dentro=timedelta(hours=1)):
    campana = services.campana_crear(
        actor=gerente,
        pyme=pyme,
        nombre="Buen Fin",
        tipo="promocion",
        asunto="20 %",
        mensaje="Solo este fin de semana.",
        programada_para=timezone.now() + dentro,
    )
    return en_estado(campana, estado)
