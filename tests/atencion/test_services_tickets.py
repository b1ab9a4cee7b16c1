"""Tickets: SLA deadlines in business time, pauses, first response, resolution, FCR, escalation."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from atencion import services
from atencion.models import AvisoSla, Canal, Encuesta, Interaccion, MensajeSaliente, Prioridad, Ticket
from enlace.acciones import NO_DISPONIBLE, AccionRechazada
from enlace.models import CorreoSaliente, Evento, Notificacion
from tests.atencion.factories import configurar_pyme

CDMX = ZoneInfo("America/Mexico_City")
MIERCOLES_10 = datetime(2026, 11, 11, 10, 0, tzinfo=CDMX)


def crear(pyme, agente=None, **kw):
    datos = {"canal": Canal.WHATSAPP, "asunto": "Quiero agendar", "telefono": "5215550001", "nombre": "Ana"}
    datos.update(kw)
    return services.ticket_crear(actor=agente, pyme=pyme, **datos)


@pytest.fixture
def sla_pyme(pyme):
    from atencion.models import ObjetivoSla

    ObjetivoSla.objects.create(
        pyme=pyme, canal=Canal.WHATSAPP, prioridad=Prioridad.MEDIA, primera_respuesta_min=60, resolucion_min=480
    )
    return pyme


@time_machine.travel(MIERCOLES_10, tick=False)
def test_crear_calcula_plazos_en_horario_habil(sla_pyme):
    ticket = crear(sla_pyme)
    assert ticket.estado == Ticket.Estado.ABIERTO
    assert ticket.vence_respuesta == datetime(2026, 11, 11, 11, 0, tzinfo=CDMX)
    assert ticket.aviso_respuesta_en == datetime(2026, 11, 11, 10, 48, tzinfo=CDMX)  # 80 %
    # 8 business hours from Wed 10:00: exactly at closing time.
    assert ticket.vence_resolucion == datetime(2026, 11, 11, 18, 0, tzinfo=CDMX)
    assert Evento.objects.filter(tipo="atencion.ticket.creado").count() == 1


def test_respuesta_dentro_y_fuera_de_sla(sla_pyme, agente):
    with time_machine.travel(MIERCOLES_10, tick=False):
        a = crear(sla_pyme, telefono="5215550001")
        b = crear(sla_pyme, telefono="5215550002")
    with time_machine.travel(MIERCOLES_10 + timedelta(minutes=45), tick=False):
        a = services.ticket_responder(actor=agente, ticket=a, texto="Hola, con gusto")
    with time_machine.travel(MIERCOLES_10 + timedelta(minutes=75), tick=False):
        b = services.ticket_responder(actor=agente, ticket=b, texto="Hola")
    assert (a.segundos_respuesta, a.sla_respuesta_cumplido, a.estado, a.agente) == (2700, True, "en_proceso", agente)
    assert (b.segundos_respuesta, b.sla_respuesta_cumplido) == (4500, False)
    assert MensajeSaliente.objects.filter(canal=Canal.WHATSAPP, destino="5215550001").count() == 1


def test_la_pausa_esperando_cliente_mueve_el_vencimiento(sla_pyme, agente, motivo):
    with time_machine.travel(MIERCOLES_10, tick=False):
        t = crear(sla_pyme, motivo=motivo)
        t = services.ticket_responder(actor=agente, ticket=t, texto="¿Qué día prefiere?")
        t = services.ticket_esperar_cliente(actor=agente, ticket=t)
    assert t.estado == Ticket.Estado.ESPERANDO_CLIENTE
    # Resumed the next day at 12:00: paused 8 business hours (Wed 10–18) + 3 (Thu 9–12) = 11 h.
    with time_machine.travel(datetime(2026, 11, 12, 12, 0, tzinfo=CDMX), tick=False):
        t = services.ticket_reanudar(actor=agente, ticket=t)
    assert t.segundos_pausa == 11 * 3600
    assert t.vence_resolucion == datetime(2026, 11, 13, 11, 0, tzinfo=CDMX)
    with time_machine.travel(datetime(2026, 11, 12, 13, 0, tzinfo=CDMX), tick=False):
        t = services.ticket_resolver(actor=agente, ticket=t)
    assert t.segundos_resolucion == 3600  # 12 business hours elapsed − 11 paused
    assert t.sla_resolucion_cumplido is True


def test_mensaje_del_cliente_reanuda(sla_pyme, agente):
    with time_machine.travel(MIERCOLES_10, tick=False):
        t = crear(sla_pyme)
        services.ticket_responder(actor=agente, ticket=t, texto="¿Su número de cliente?")
        services.ticket_esperar_cliente(actor=agente, ticket=t)
    with time_machine.travel(MIERCOLES_10 + timedelta(hours=2), tick=False):
        services.whatsapp_procesar(payload=_payload(sla_pyme, "5215550001", "wamid.A", "Es el 123"))
    t.refresh_from_db()
    assert t.estado == Ticket.Estado.EN_PROCESO
    assert t.segundos_pausa == 7200


def _payload(pyme, telefono, mensaje_id, texto):
    return {
        "entry": [
            {
                "changes": [
                    {
                        "value": {
                            "metadata": {"phone_number_id": pyme.perfil_atencion.whatsapp_phone_number_id},
                            "contacts": [{"wa_id": telefono, "profile": {"name": "Ana"}}],
                            "messages": [{"from": telefono, "id": mensaje_id, "type": "text", "text": {"body": texto}}],
                        }
                    }
                ]
            }
        ]
    }


def test_resolver_sin_motivo_se_rechaza(pyme, agente):
    t = crear(pyme)
    with pytest.raises(AccionRechazada) as error:
        services.ticket_resolver(actor=agente, ticket=t)
    assert error.value.mensaje == services.MSG_SIN_MOTIVO
    t.refresh_from_db()
    assert t.estado == Ticket.Estado.ABIERTO
    assert not Encuesta.objects.exists()


def test_transiciones_no_permitidas(pyme, agente, motivo):
    t = crear(pyme, motivo=motivo)
    for servicio, accion in [
        (services.ticket_esperar_cliente, "Esperar al cliente"),
        (services.ticket_cerrar, "Cerrar"),
        (services.ticket_reabrir, "Reabrir"),
        (services.ticket_reanudar, "Reanudar"),
    ]:
        with pytest.raises(AccionRechazada) as error:
            servicio(actor=agente, ticket=t)
        assert error.value.mensaje == NO_DISPONIBLE.format(accion=accion, estado="Abierto")
    with pytest.raises(AccionRechazada) as error:
        services.ticket_resolver(actor=agente, ticket=t)
    assert error.value.mensaje == services.MSG_SIN_INTERACCION
    assert Ticket.objects.get(pk=t.pk).estado == Ticket.Estado.ABIERTO
    t = services.ticket_responder(actor=agente, ticket=t, texto="Lo reviso")
    t = services.ticket_resolver(actor=agente, ticket=t)
    with pytest.raises(AccionRechazada) as error:
        services.ticket_responder(actor=agente, ticket=t, texto="hola")
    assert error.value.mensaje == services.MSG_TICKET_NO_ABIERTO.format(estado="Resuelto")
    t = services.ticket_cerrar(actor=agente, ticket=t)
    assert t.estado == Ticket.Estado.CERRADO and t.cerrado_en is not None


def test_fcr_un_contacto_si_dos_no_reabierto_no(pyme, agente, motivo, django_capture_on_commit_callbacks):
    uno = crear(pyme, motivo=motivo, telefono="1")
    services.ticket_responder(actor=agente, ticket=uno, texto="Listo")
    uno = services.ticket_resolver(actor=agente, ticket=uno)
    dos = crear(pyme, motivo=motivo, telefono="2")
    services.ticket_responder(actor=agente, ticket=dos, texto="Reviso")
    services.ticket_responder(actor=agente, ticket=dos, texto="Listo")
    dos = services.ticket_resolver(actor=agente, ticket=dos)
    tres = crear(pyme, motivo=motivo, telefono="3")
    services.ticket_responder(actor=agente, ticket=tres, texto="Listo")
    services.ticket_resolver(actor=agente, ticket=tres)
    tres = services.ticket_reabrir(actor=agente, ticket=tres)
    tres = services.ticket_resolver(actor=agente, ticket=tres)
    assert (uno.fcr, dos.fcr, tres.fcr) == (True, False, False)


def test_llamada_registrada_y_resuelta(pyme, agente, motivo):
    t = services.llamada_registrar(
        actor=agente,
        pyme=pyme,
        telefono="5215550099",
        nombre="Luis",
        asunto="Precio",
        motivo=motivo,
        prioridad=Prioridad.BAJA,
        notas="Pidió precios",
        duracion_segundos=300,
        resuelta=True,
    )
    assert t.canal == Canal.LLAMADA and t.estado == Ticket.Estado.RESUELTO and t.fcr is True
    llamada = Interaccion.objects.get(ticket=t)
    assert llamada.duracion_segundos == 300 and llamada.autor == agente
    assert t.primera_respuesta_en is not None and t.agente == agente
    assert Encuesta.objects.filter(ticket=t).exists()


def test_caso_critico_escala_al_gerente_de_inmediato(pyme, agente, gerente, django_capture_on_commit_callbacks):
    pyme.perfil_atencion.contactos_escalamiento = "duena@pyme.test"
    pyme.perfil_atencion.save()
    with django_capture_on_commit_callbacks(execute=False):
        t = crear(pyme, agente, prioridad=Prioridad.CRITICA, asunto="Reacción alérgica tras tratamiento")
    assert t.escalado_en is not None
    aviso = Notificacion.objects.get(destinatario=gerente)
    assert "Caso crítico escalado" in aviso.titulo and f"/atencion/tickets/{t.pk}/" == aviso.enlace
    assert CorreoSaliente.objects.filter(para="duena@pyme.test").count() == 1
    # Escalating again changes nothing (idempotent).
    services.ticket_escalar(actor=agente, ticket=t, motivo="otra vez")
    assert Notificacion.objects.filter(destinatario=gerente).count() == 1
    assert Evento.objects.filter(tipo="atencion.ticket.escalado").count() == 1


def test_clasificar_como_critico_escala(pyme, agente, gerente, motivo):
    t = crear(pyme)
    services.ticket_clasificar(actor=agente, ticket=t, motivo=motivo, prioridad=Prioridad.CRITICA)
    t.refresh_from_db()
    assert t.escalado_en is not None and t.motivo == motivo
    assert Notificacion.objects.filter(destinatario=gerente).count() == 1


def test_sla_por_omision_y_calendario_con_feriado_propio(enrok):
    from atencion.models import DiaInhabil
    from tests.atencion.factories import PerfilFactory, PymeFactory

    pyme = PerfilFactory(pyme=PymeFactory(padre=enrok)).pyme
    configurar_pyme(pyme)
    DiaInhabil.objects.create(pyme=pyme, fecha=datetime(2026, 11, 12).date(), descripcion="Inventario")
    with time_machine.travel(datetime(2026, 11, 11, 17, 30, tzinfo=CDMX), tick=False):
        t = crear(pyme)  # media: 120 min by default
    # 30 min Wednesday, Thursday off (PYME day), 90 min Friday → 10:30.
    assert t.vence_respuesta == datetime(2026, 11, 13, 10, 30, tzinfo=CDMX)
    assert AvisoSla.objects.count() == 0


def test_asignar_solo_a_agentes(pyme, agente, gerente):
    t = crear(pyme)
    with pytest.raises(services.ErrorAtencion) as error:
        services.ticket_asignar(actor=gerente, ticket=t, agente=gerente)
    assert error.value.mensaje == services.MSG_AGENTE_INVALIDO
    t = services.ticket_asignar(actor=gerente, ticket=t, agente=agente)
    assert t.agente == agente
    assert Notificacion.objects.filter(destinatario=agente, titulo__startswith="Ticket asignado").exists()


def test_respuesta_vacia_no_cambia_nada(pyme, agente):
    t = crear(pyme)
    with pytest.raises(services.ErrorAtencion) as error:
        services.ticket_responder(actor=agente, ticket=t, texto="   ")
    assert error.value.mensaje == services.MSG_TEXTO_VACIO
    t.refresh_from_db()
    assert t.contactos == 0 and t.primera_respuesta_en is None and not MensajeSaliente.objects.exists()


def test_barrido_de_mensajes_reintenta_y_no_duplica(pyme, agente, settings):
    from datetime import timedelta

    from django.utils import timezone

    t = services.ticket_crear(actor=agente, pyme=pyme, canal=Canal.CORREO, asunto="x", correo="c@x.test")
    services.ticket_responder(actor=agente, ticket=t, texto="hola")
    settings.EMAIL_BACKEND = "tests.atencion.test_services_tickets.CorreoCaido"
    assert services.mensajes_barrer() == 0
    mensaje = MensajeSaliente.objects.get()
    assert mensaje.estado == "pendiente" and mensaje.intentos == 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        assert services.mensajes_barrer() == 1
        assert services.mensajes_barrer() == 0
    mensaje.refresh_from_db()
    assert mensaje.estado == "enviado" and mensaje.intentos == 2


class CorreoCaido:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, mensajes):
        raise ConnectionRefusedError("SMTP caído")
