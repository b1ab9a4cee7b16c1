"""Every transition of ENROK walked through the one action layer: the allowed role succeeds through the
service (new state and event), a role without permission is refused with its Spanish message, and each
failing condition is refused with its reason and changes nothing."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from atencion import services
from atencion.models import (
    Campana,
    HorarioAtencion,
    MotivoContacto,
    ObjetivoSla,
    PerfilPyme,
    ReporteEjecutivo,
    Ticket,
)
from enlace import acciones
from tests.atencion.factories import (
    PerfilFactory,
    PymeFactory,
    campana_en,
    eventos,
    perfil_en,
    releer,
    reporte_en,
    ticket_en,
)
from tests.ayudas import afirmar_rechazo_sin_cambios

CUBIERTAS = {
    "PerfilPyme.terminar_diagnostico",
    "PerfilPyme.activar",
    "PerfilPyme.suspender",
    "PerfilPyme.reactivar",
    "Ticket.atender",
    "Ticket.esperar_cliente",
    "Ticket.reanudar",
    "Ticket.resolver",
    "Ticket.cerrar",
    "Ticket.reabrir",
    "ReporteEjecutivo.enviar_a_validacion",
    "ReporteEjecutivo.devolver",
    "ReporteEjecutivo.validar",
    "Campana.programar",
    "Campana.cancelar",
    "Campana.marcar_enviada",
}


# --- The walk --------------------------------------------------------------------------


@dataclass(frozen=True)
class Recorrido:
    transicion: str  # "Modelo.nombre"
    preparar: object  # (f) -> the object in a source state, ready to pass
    servicio: object  # (actor, objeto) -> runs the transition through its service
    permitido: str  # a role fixture that may run it
    negado: str  # a role fixture that may not
    destino: str
    evento: str

    @property
    def nombre(self):
        return self.transicion.split(".")[1]


class F:
    """The fixtures a walk uses, by name."""

    def __init__(self, request):
        self.request = request

    def __getattr__(self, nombre):
        return self.request.getfixturevalue(nombre)


RECORRIDOS = [
    Recorrido(
        "PerfilPyme.terminar_diagnostico",
        lambda f: perfil_en(f.enrok, PerfilPyme.Estado.DIAGNOSTICO),
        lambda actor, p: services.perfil_terminar_diagnostico(actor=actor, perfil=p),
        "gerente",
        "agente",
        PerfilPyme.Estado.CONFIGURACION,
        "atencion.pyme.diagnostico",
    ),
    Recorrido(
        "PerfilPyme.activar",
        lambda f: perfil_en(f.enrok, PerfilPyme.Estado.CONFIGURACION),
        lambda actor, p: services.perfil_activar(actor=actor, perfil=p),
        "director",
        "analista",
        PerfilPyme.Estado.ACTIVA,
        "atencion.pyme.activa",
    ),
    Recorrido(
        "PerfilPyme.suspender",
        lambda f: perfil_en(f.enrok, PerfilPyme.Estado.ACTIVA),
        lambda actor, p: services.perfil_suspender(actor=actor, perfil=p, motivo="Pago pendiente"),
        "director",
        "gerente",
        PerfilPyme.Estado.SUSPENDIDA,
        "atencion.pyme.suspendida",
    ),
    Recorrido(
        "PerfilPyme.reactivar",
        lambda f: suspendida_desde(f, PerfilPyme.Estado.CONFIGURACION),
        lambda actor, p: services.perfil_reactivar(actor=actor, perfil=p),
        "director",
        "gerente",
        PerfilPyme.Estado.CONFIGURACION,
        "atencion.pyme.reactivada",
    ),
    Recorrido(
        "Ticket.esperar_cliente",
        lambda f: ticket_en(f.pyme, Ticket.Estado.EN_PROCESO),
        lambda actor, t: services.ticket_esperar_cliente(actor=actor, ticket=t),
        "agente",
        "analista",
        Ticket.Estado.ESPERANDO_CLIENTE,
        "atencion.ticket.esperando_cliente",
    ),
    Recorrido(
        "Ticket.reanudar",
        lambda f: ticket_en(f.pyme, Ticket.Estado.ESPERANDO_CLIENTE),
        lambda actor, t: services.ticket_reanudar(actor=actor, ticket=t),
        "gerente",
        "usuario_pyme",
        Ticket.Estado.EN_PROCESO,
        "atencion.ticket.reanudado",
    ),
    Recorrido(
        "Ticket.resolver",
        lambda f: ticket_en(f.pyme, Ticket.Estado.EN_PROCESO, motivo=f.motivo),
        lambda actor, t: services.ticket_resolver(actor=actor, ticket=t),
        "agente",
        "director",
        Ticket.Estado.RESUELTO,
        "atencion.ticket.resuelto",
    ),
    Recorrido(
        "Ticket.cerrar",
        lambda f: ticket_en(f.pyme, Ticket.Estado.RESUELTO, motivo=f.motivo),
        lambda actor, t: services.ticket_cerrar(actor=actor, ticket=t),
        "agente",
        "usuario_pyme",
        Ticket.Estado.CERRADO,
        "atencion.ticket.cerrado",
    ),
    Recorrido(
        "Ticket.reabrir",
        lambda f: ticket_en(f.pyme, Ticket.Estado.RESUELTO, motivo=f.motivo),
        lambda actor, t: services.ticket_reabrir(actor=actor, ticket=t),
        "gerente",
        "analista",
        Ticket.Estado.EN_PROCESO,
        "atencion.ticket.reabierto",
    ),
    Recorrido(
        "ReporteEjecutivo.enviar_a_validacion",
        lambda f: reporte_en(f.pyme, f.analista, ReporteEjecutivo.Estado.DEVUELTO),
        lambda actor, r: services.reporte_enviar_a_validacion(actor=actor, reporte=r),
        "analista",
        "gerente",
        ReporteEjecutivo.Estado.EN_VALIDACION,
        "atencion.reporte.en_validacion",
    ),
    Recorrido(
        "ReporteEjecutivo.devolver",
        lambda f: reporte_en(f.pyme, f.analista, ReporteEjecutivo.Estado.EN_VALIDACION),
        lambda actor, r: services.reporte_devolver(actor=actor, reporte=r, observacion="Falta el motivo principal"),
        "gerente",
        "analista",
        ReporteEjecutivo.Estado.DEVUELTO,
        "atencion.reporte.devuelto",
    ),
    Recorrido(
        "ReporteEjecutivo.validar",
        lambda f: reporte_en(f.pyme, f.analista, ReporteEjecutivo.Estado.EN_VALIDACION),
        lambda actor, r: services.reporte_validar(actor=actor, reporte=r),
        "gerente",
        "director",
        ReporteEjecutivo.Estado.PUBLICADO,
        "atencion.reporte.publicado",
    ),
    Recorrido(
        "Campana.programar",
        lambda f: campana_en(f.pyme, f.gerente, Campana.Estado.BORRADOR),
        lambda actor, c: services.campana_programar(actor=actor, campana=c),
        "analista",
        "agente",
        Campana.Estado.PROGRAMADA,
        "atencion.campana.programada",
    ),
    Recorrido(
        "Campana.cancelar",
        lambda f: campana_en(f.pyme, f.gerente, Campana.Estado.PROGRAMADA),
        lambda actor, c: services.campana_cancelar(actor=actor, campana=c),
        "gerente",
        "director",
        Campana.Estado.CANCELADA,
        "atencion.campana.cancelada",
    ),
]


@pytest.mark.parametrize("r", RECORRIDOS, ids=lambda r: r.transicion)
def test_el_rol_permitido_la_ejecuta_por_su_servicio(request, r):
    f = F(request)
    objeto = r.preparar(f)
    actor = getattr(f, r.permitido)
    assert acciones.puede(objeto, r.nombre, actor)
    r.servicio(actor, objeto)
    assert releer(objeto).estado == r.destino
    evento = eventos(objeto, r.evento).get()
    assert evento.actor == actor and evento.datos["a"] == r.destino


@pytest.mark.parametrize("r", RECORRIDOS, ids=lambda r: r.transicion)
def test_otro_rol_es_rechazado_con_su_mensaje(request, r):
    f = F(request)
    objeto = r.preparar(f)
    etiqueta = acciones.etiqueta(type(objeto), r.nombre)
    afirmar_rechazo_sin_cambios(objeto, r.nombre, getattr(f, r.negado), acciones.SIN_PERMISO.format(accion=etiqueta))
    with pytest.raises(acciones.AccionRechazada):
        r.servicio(getattr(f, r.negado), objeto)
    assert not eventos(objeto, r.evento).exists()


@pytest.mark.parametrize(
    ("transicion", "preparar", "usuario", "mensaje"),
    [
        pytest.param(
            "PerfilPyme.terminar_diagnostico",
            lambda f: PerfilFactory(pyme=PymeFactory(padre=f.enrok), diagnostico="  "),
            "gerente",
            services.MSG_DIAGNOSTICO_VACIO,
            id="PerfilPyme.terminar_diagnostico",
        ),
        pytest.param(
            "PerfilPyme.activar",
            lambda f: perfil_en(f.enrok, PerfilPyme.Estado.CONFIGURACION, completo=False),
            "gerente",
            services.MSG_ACTIVAR_INCOMPLETO,
            id="PerfilPyme.activar",
        ),
        pytest.param(
            "Campana.programar",
            lambda f: campana_de_pyme_suspendida(f),
            "gerente",
            services.MSG_CAMPANA_PYME_SUSPENDIDA,
            id="Campana.programar-pyme-suspendida",
        ),
        pytest.param(
            "Ticket.resolver",
            lambda f: ticket_en(f.pyme, Ticket.Estado.ABIERTO),
            "agente",
            services.MSG_SIN_MOTIVO,
            id="Ticket.resolver",
        ),
        pytest.param(
            "Ticket.resolver",
            lambda f: ticket_en(f.pyme, Ticket.Estado.ABIERTO, motivo=f.motivo),
            "agente",
            services.MSG_SIN_INTERACCION,
            id="Ticket.resolver-sin-interaccion",
        ),
        pytest.param(
            "Ticket.resolver",
            lambda f: llamada_sin_notas(f),
            "agente",
            services.MSG_LLAMADA_SIN_NOTAS,
            id="Ticket.resolver-llamada-sin-notas",
        ),
        pytest.param(
            "ReporteEjecutivo.enviar_a_validacion",
            lambda f: reporte_en(f.pyme, f.analista, ReporteEjecutivo.Estado.BORRADOR, recomendaciones=" \n "),
            "analista",
            services.MSG_REPORTE_SIN_RECOMENDACIONES,
            id="ReporteEjecutivo.enviar_a_validacion",
        ),
        pytest.param(
            "Campana.programar",
            lambda f: campana_en(f.pyme, f.gerente, Campana.Estado.BORRADOR, dentro=-timedelta(hours=1)),
            "gerente",
            services.MSG_CAMPANA_PASADA,
            id="Campana.programar",
        ),
    ],
)
def test_cada_condicion_rechaza_con_su_motivo(request, transicion, preparar, usuario, mensaje):
    f = F(request)
    afirmar_rechazo_sin_cambios(preparar(f), transicion.split(".")[1], getattr(f, usuario), mensaje)


def suspendida_desde(f, estado):
    perfil = perfil_en(f.enrok, estado)
    PerfilPyme.objects.filter(pk=perfil.pk).update(estado=PerfilPyme.Estado.SUSPENDIDA, suspendida_desde=estado)
    return releer(perfil)


def campana_de_pyme_suspendida(f):
    campana = campana_en(f.pyme, f.gerente, Campana.Estado.BORRADOR)
    PerfilPyme.objects.filter(pyme=f.pyme).update(estado=PerfilPyme.Estado.SUSPENDIDA)
    return campana


def test_suspender_sin_motivo_se_rechaza_sin_cambios(enrok, director):
    perfil = perfil_en(enrok, PerfilPyme.Estado.ACTIVA)
    with pytest.raises(services.ErrorAtencion, match=services.MSG_SUSPENDER_SIN_MOTIVO):
        services.perfil_suspender(actor=director, perfil=perfil, motivo="  ")
    assert releer(perfil).estado == PerfilPyme.Estado.ACTIVA
    assert not eventos(perfil, "atencion.pyme.suspendida").exists()


@pytest.mark.parametrize("estado", [PerfilPyme.Estado.DIAGNOSTICO, PerfilPyme.Estado.ACTIVA])
def test_reactivar_vuelve_al_estado_en_que_se_suspendio(enrok, director, estado):
    perfil = perfil_en(enrok, estado)
    perfil = services.perfil_suspender(actor=director, perfil=perfil, motivo="Contrato en revisión")
    assert (perfil.suspendida_desde, perfil.motivo_suspension) == (estado, "Contrato en revisión")
    perfil = services.perfil_reactivar(actor=director, perfil=perfil)
    assert (releer(perfil).estado, releer(perfil).suspendida_desde) == (estado, "")
    afirmar_rechazo_sin_cambios(
        perfil,
        "reactivar",
        director,
        acciones.NO_DISPONIBLE.format(accion="Reactivar PYME", estado=releer(perfil).get_estado_display()),
    )


def llamada_sin_notas(f):
    """A call ticket whose only call was logged with blank notes (e.g. by an import or the admin)."""
    ticket = services.llamada_registrar(
        actor=f.agente,
        pyme=f.pyme,
        telefono="+525512345678",
        nombre="Ana",
        asunto="Consulta",
        motivo=f.motivo,
        prioridad="media",
        notas="Pregunta por horarios",
        duracion_segundos=60,
    )
    ticket.interacciones.update(contenido="  \n ")
    return releer(ticket)


def test_la_llamada_con_notas_se_resuelve(pyme, agente, motivo):
    ticket = services.llamada_registrar(
        actor=agente,
        pyme=pyme,
        telefono="+525512345678",
        nombre="Ana",
        asunto="Consulta",
        motivo=motivo,
        prioridad="media",
        notas="Pregunta por horarios",
        duracion_segundos=60,
        resuelta=True,
    )
    assert releer(ticket).estado == Ticket.Estado.RESUELTO


@pytest.mark.parametrize("falta", [HorarioAtencion, ObjetivoSla, MotivoContacto])
def test_activar_pide_horario_objetivo_y_motivo(enrok, gerente, falta):
    perfil = perfil_en(enrok, PerfilPyme.Estado.CONFIGURACION)
    falta.objects.filter(pyme=perfil.pyme).delete()
    afirmar_rechazo_sin_cambios(perfil, "activar", gerente, services.MSG_ACTIVAR_INCOMPLETO)


def test_un_estado_que_no_es_el_de_origen_dice_cual_es(pyme, agente, motivo):
    ticket = ticket_en(pyme, Ticket.Estado.CERRADO, motivo=motivo)
    afirmar_rechazo_sin_cambios(
        ticket, "reabrir", agente, acciones.NO_DISPONIBLE.format(accion="Reabrir", estado="Cerrado")
    )


# --- Internal transitions: run by the system or as part of another action, never offered ---


def test_atender_lo_ejecuta_el_primer_contacto_del_agente(pyme, agente, admin_usuario):
    ticket = ticket_en(pyme, Ticket.Estado.ABIERTO)
    assert "atender" not in acciones.nombres_disponibles(ticket, admin_usuario)
    ticket = services.ticket_responder(actor=agente, ticket=ticket, texto="Hola, le ayudo")
    ticket = releer(ticket)
    assert (ticket.estado, ticket.agente, ticket.contactos) == (Ticket.Estado.EN_PROCESO, agente, 1)
    assert eventos(ticket, "atencion.ticket.respuesta").get().datos["primera"] is True
    afirmar_rechazo_sin_cambios(
        ticket, "atender", agente, acciones.NO_DISPONIBLE.format(accion="Atender", estado="En proceso"), agente=agente
    )


def test_marcar_enviada_la_ejecuta_el_barrido_de_campanas(pyme, gerente, admin_usuario):
    campana = campana_en(pyme, gerente, Campana.Estado.PROGRAMADA, dentro=-timedelta(minutes=1))
    assert "marcar_enviada" not in acciones.nombres_disponibles(campana, admin_usuario)
    assert services.campanas_enviar() == 1
    campana = releer(campana)
    assert campana.estado == Campana.Estado.ENVIADA and campana.enviada_en is not None
    evento = eventos(campana, "atencion.campana.enviada").get()
    assert evento.actor is None and set(evento.datos) == {"de", "a", "envios", "omitidos_baja"}
    afirmar_rechazo_sin_cambios(
        campana,
        "marcar_enviada",
        None,
        acciones.NO_DISPONIBLE.format(accion="Marcar enviada", estado="Enviada"),
        ahora=timezone.now(),
    )
