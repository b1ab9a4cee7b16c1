"""Every write of ENROK that is not a transition (atencion.escrituras) walked through its service: the allowed
role succeeds, a role without permission is refused with ``sin_permiso`` and nothing changes, each failing
condition is refused with its reason and changes nothing, and a superuser is neither offered nor allowed the
write when a condition fails."""

from dataclasses import dataclass
from datetime import date, time, timedelta

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from atencion import escrituras, services
from atencion.models import (
    Campana,
    DiaInhabil,
    Guion,
    HorarioAtencion,
    Interaccion,
    MotivoContacto,
    ObjetivoSla,
    PerfilPyme,
    ReporteEjecutivo,
    Seguimiento,
    Ticket,
)
from atencion.views.reportes import ACCIONES_REPORTE
from atencion.views.tickets import ACCIONES_TICKET
from enlace import acciones
from enlace.models import CorreoSaliente, Evento, Notificacion, Usuario
from tests.atencion.factories import PymeFactory, en_estado, releer, reporte_en, ticket_en
from tests.ayudas import acciones_en_pagina, afirmar_ofrece_lo_permitido

CUBIERTAS = {
    "TICKET_RESPONDER",
    "TICKET_NOTA",
    "TICKET_CLASIFICAR",
    "TICKET_ESCALAR",
    "TICKET_ASIGNAR",
    "LLAMADA_AGREGAR",
    "CITA_RECORDATORIO_PROGRAMAR",
    "LLAMADA_REGISTRAR",
    "PERFIL_OBTENER_O_CREAR",
    "PERFIL_ACTUALIZAR",
    "HORARIO_GUARDAR",
    "DIA_INHABIL_AGREGAR",
    "OBJETIVO_SLA_GUARDAR",
    "MOTIVO_AGREGAR",
    "GUION_GUARDAR",
    "USUARIO_PYME_INVITAR",
    "REPORTE_CREAR",
    "REPORTE_EDITAR",
    "REPORTE_RECALCULAR",
    "REPORTE_REVISAR",
    "CAMPANA_CREAR",
}

TICKET_CERRADO = [
    (Ticket.Estado.RESUELTO, services.MSG_TICKET_NO_ABIERTO.format(estado="Resuelto")),
    (Ticket.Estado.CERRADO, services.MSG_TICKET_NO_ABIERTO.format(estado="Cerrado")),
]
REPORTE_FUERA_DE_BORRADOR = [
    (ReporteEjecutivo.Estado.EN_VALIDACION, services.MSG_REPORTE_NO_EDITABLE.format(estado="En validación")),
    (ReporteEjecutivo.Estado.PUBLICADO, services.MSG_REPORTE_NO_EDITABLE.format(estado="Validado y publicado")),
]

REPORTE_FUERA_DE_VALIDACION = [
    (estado, services.MSG_REPORTE_NO_EN_VALIDACION.format(estado=etiqueta))
    for estado, etiqueta in (
        (ReporteEjecutivo.Estado.BORRADOR, "Borrador"),
        (ReporteEjecutivo.Estado.DEVUELTO, "Devuelto al analista"),
        (ReporteEjecutivo.Estado.PUBLICADO, "Validado y publicado"),
    )
]


class F:
    """The fixtures a case uses, by name."""

    def __init__(self, request):
        self.request = request

    def __getattr__(self, nombre):
        return self.request.getfixturevalue(nombre)


@dataclass(frozen=True)
class Caso:
    escritura: str  # the constant's name in atencion.escrituras
    preparar: object  # (f) -> the object the service gets, in a state where the write is allowed
    servicio: object  # (f, actor, objeto) -> the write through its service
    efecto: object  # (objeto) -> what the write changes
    permitido: str  # a role fixture that may write
    negado: str  # a role fixture that may not
    fallan: tuple = ()  # (estado, reason) where a condition fails
    pagina: tuple = ()  # (url name, table, code) of the page that offers it on the object

    @property
    def declarada(self):
        return getattr(escrituras, self.escritura)


def _interacciones(ticket, direccion):
    return Interaccion.objects.filter(ticket=ticket, direccion=direccion).count()


def _ticket(f):
    f.motivo, f.agente  # noqa: B018 -- rows the services get, created before the "nothing changes" snapshot
    return ticket_en(f.pyme, Ticket.Estado.EN_PROCESO)


def _en_ticket(escritura, servicio, efecto, codigo):
    return Caso(
        escritura,
        _ticket,
        servicio,
        efecto,
        "agente",
        "analista",
        fallan=tuple(TICKET_CERRADO),
        pagina=("atencion:ticket", ACCIONES_TICKET, codigo),
    )


def _en_pyme(escritura, servicio, efecto):
    return Caso(escritura, lambda f: f.pyme, servicio, efecto, "gerente", "agente")


def _reporte(f):
    reporte = reporte_en(f.pyme, f.analista, ReporteEjecutivo.Estado.DEVUELTO)
    ReporteEjecutivo.objects.filter(pk=reporte.pk).update(kpis={})  # so that recalculating shows
    return releer(reporte)


CASOS = [
    _en_ticket(
        "TICKET_RESPONDER",
        lambda f, actor, t: services.ticket_responder(actor=actor, ticket=t, texto="Con gusto le ayudo"),
        lambda t: _interacciones(t, Interaccion.Direccion.SALIENTE),
        "responder",
    ),
    _en_ticket(
        "TICKET_NOTA",
        lambda f, actor, t: services.ticket_nota(actor=actor, ticket=t, texto="Cliente frecuente"),
        lambda t: _interacciones(t, Interaccion.Direccion.NOTA),
        "nota",
    ),
    _en_ticket(
        "TICKET_CLASIFICAR",
        lambda f, actor, t: services.ticket_clasificar(actor=actor, ticket=t, motivo=f.motivo, prioridad="alta"),
        lambda t: (releer(t).motivo_id, releer(t).prioridad),
        "clasificar",
    ),
    _en_ticket(
        "TICKET_ESCALAR",
        lambda f, actor, t: services.ticket_escalar(actor=actor, ticket=t, motivo="Amenaza con demandar"),
        lambda t: releer(t).escalado_en,
        "escalar",
    ),
    _en_ticket(
        "TICKET_ASIGNAR",
        lambda f, actor, t: services.ticket_asignar(actor=actor, ticket=t, agente=f.agente),
        lambda t: releer(t).agente_id,
        "asignar",
    ),
    _en_ticket(
        "LLAMADA_AGREGAR",
        lambda f, actor, t: services.llamada_agregar(actor=actor, ticket=t, notas="Confirmó", duracion_segundos=60),
        lambda t: _interacciones(t, Interaccion.Direccion.SALIENTE),
        "llamada",
    ),
    _en_ticket(
        "CITA_RECORDATORIO_PROGRAMAR",
        lambda f, actor, t: services.cita_recordatorio_programar(
            actor=actor, ticket=t, cita=timezone.now() + timedelta(days=3)
        ),
        lambda t: Seguimiento.objects.filter(ticket=t).count(),
        "cita",
    ),
    Caso(
        "LLAMADA_REGISTRAR",
        lambda f: f.pyme,
        lambda f, actor, pyme: services.llamada_registrar(
            actor=actor,
            pyme=pyme,
            telefono="5215550101",
            nombre="Luis",
            asunto="Precio",
            motivo=None,
            prioridad="media",
            notas="Pidió precios",
            duracion_segundos=120,
        ),
        lambda pyme: Ticket.objects.filter(pyme=pyme).count(),
        "gerente",
        "director",
    ),
    Caso(
        "PERFIL_OBTENER_O_CREAR",
        lambda f: PymeFactory(padre=f.enrok),
        lambda f, actor, pyme: services.perfil_obtener_o_crear(actor=actor, pyme=pyme),
        lambda pyme: PerfilPyme.objects.filter(pyme=pyme).exists(),
        "director",
        "analista",
    ),
    Caso(
        "PERFIL_ACTUALIZAR",
        lambda f: f.perfil,
        lambda f, actor, p: services.perfil_actualizar(actor=actor, perfil=p, diagnostico="Atiende de noche"),
        lambda p: releer(p).diagnostico,
        "gerente",
        "agente",
    ),
    _en_pyme(
        "HORARIO_GUARDAR",
        lambda f, actor, pyme: services.horario_guardar(actor=actor, pyme=pyme, tramos=[(5, time(10), time(14))]),
        lambda pyme: sorted(HorarioAtencion.objects.filter(pyme=pyme).values_list("dia_semana", flat=True)),
    ),
    _en_pyme(
        "DIA_INHABIL_AGREGAR",
        lambda f, actor, pyme: services.dia_inhabil_agregar(
            actor=actor, pyme=pyme, fecha=date(2026, 12, 12), descripcion="Día de la Virgen"
        ),
        lambda pyme: DiaInhabil.objects.filter(pyme=pyme).count(),
    ),
    _en_pyme(
        "OBJETIVO_SLA_GUARDAR",
        lambda f, actor, pyme: services.objetivo_sla_guardar(
            actor=actor, pyme=pyme, canal="llamada", prioridad="alta", primera_respuesta_min=5, resolucion_min=60
        ),
        lambda pyme: ObjetivoSla.objects.filter(pyme=pyme).count(),
    ),
    _en_pyme(
        "MOTIVO_AGREGAR",
        lambda f, actor, pyme: services.motivo_agregar(actor=actor, pyme=pyme, nombre="Vacunas"),
        lambda pyme: MotivoContacto.objects.filter(pyme=pyme).count(),
    ),
    _en_pyme(
        "GUION_GUARDAR",
        lambda f, actor, pyme: services.guion_guardar(
            actor=actor, pyme=pyme, giro="estetica", titulo="Citas", saludo="Hola", desarrollo="…", cierre="Adiós"
        ),
        lambda pyme: Guion.objects.filter(pyme=pyme).count(),
    ),
    _en_pyme(
        "USUARIO_PYME_INVITAR",
        lambda f, actor, pyme: services.pyme_invitar_usuario(
            actor=actor, pyme=pyme, correo=f"nueva-{actor.pk}@pyme.test", nombre="Nueva"
        ),
        lambda pyme: Usuario.objects.filter(organizacion=pyme).count(),
    ),
    Caso(
        "REPORTE_CREAR",
        lambda f: f.pyme,
        lambda f, actor, pyme: services.reporte_crear(
            actor=actor, pyme=pyme, periodicidad="mensual", inicio=date(2026, 10, 1), fin=date(2026, 10, 31)
        ),
        lambda pyme: ReporteEjecutivo.objects.filter(pyme=pyme).count(),
        "analista",
        "gerente",
    ),
    Caso(
        "REPORTE_EDITAR",
        _reporte,
        lambda f, actor, r: services.reporte_editar(actor=actor, reporte=r, recomendaciones="- Publicar FAQ"),
        lambda r: releer(r).recomendaciones,
        "analista",
        "gerente",
        fallan=tuple(REPORTE_FUERA_DE_BORRADOR),
        pagina=("atencion:reporte", ACCIONES_REPORTE, "editar"),
    ),
    Caso(
        "REPORTE_RECALCULAR",
        _reporte,
        lambda f, actor, r: services.reporte_recalcular(actor=actor, reporte=r),
        lambda r: releer(r).kpis,
        "analista",
        "director",
        fallan=tuple(REPORTE_FUERA_DE_BORRADOR),
        pagina=("atencion:reporte", ACCIONES_REPORTE, "recalcular"),
    ),
    Caso(
        "REPORTE_REVISAR",
        lambda f: en_estado(_reporte(f), ReporteEjecutivo.Estado.EN_VALIDACION),
        lambda f, actor, r: services.reporte_corregir(
            actor=actor, reporte=r, recomendaciones="- Llamar a detractores", interpretacion="Corregida"
        ),
        lambda r: (releer(r).recomendaciones, releer(r).interpretacion),
        "gerente",
        "analista",
        fallan=tuple(REPORTE_FUERA_DE_VALIDACION),
        pagina=("atencion:reporte", ACCIONES_REPORTE, "revisar"),
    ),
    Caso(
        "CAMPANA_CREAR",
        lambda f: f.pyme,
        lambda f, actor, pyme: services.campana_crear(
            actor=actor,
            pyme=pyme,
            nombre="Buen Fin",
            tipo="promocion",
            asunto="20 %",
            mensaje="Solo este fin de semana.",
            programada_para=timezone.now() + timedelta(days=1),
        ),
        lambda pyme: Campana.objects.filter(pyme=pyme).count(),
        "analista",
        "agente",
    ),
]

CON_CONDICIONES = [
    pytest.param(c, estado, razon, id=f"{c.escritura}-{estado}") for c in CASOS for estado, razon in c.fallan
]


def _foto(objeto):
    """Every row count of ENROK (history included), events, notifications and emails, and the object's row."""
    conteos = {m._meta.label: m._default_manager.count() for m in apps.get_app_config("atencion").get_models()}
    conteos.update(eventos=Evento.objects.count(), avisos=Notificacion.objects.count())
    conteos["correos"] = CorreoSaliente.objects.count()
    return conteos, type(objeto)._default_manager.filter(pk=objeto.pk).values().get()


def test_cada_escritura_se_recorre():
    declaradas = {n for n, v in vars(escrituras).items() if isinstance(v, acciones.Escritura)}
    assert declaradas == CUBIERTAS == {c.escritura for c in CASOS}


@pytest.mark.parametrize("caso", CASOS, ids=lambda c: c.escritura)
def test_el_rol_permitido_escribe(request, caso):
    f = F(request)
    objeto = caso.preparar(f)
    actor = getattr(f, caso.permitido)
    assert caso.declarada.motivo(objeto, actor) is None
    antes = caso.efecto(objeto)
    caso.servicio(f, actor, objeto)
    assert caso.efecto(objeto) != antes


@pytest.mark.parametrize("caso", CASOS, ids=lambda c: c.escritura)
def test_otro_rol_es_rechazado_con_sin_permiso_y_nada_cambia(request, caso):
    f = F(request)
    objeto = caso.preparar(f)
    actor = getattr(f, caso.negado)
    sin_permiso = caso.declarada.sin_permiso
    assert sin_permiso.startswith("Su usuario no tiene permiso para «")
    assert caso.declarada.motivo(objeto, actor) == sin_permiso
    antes = _foto(objeto), caso.efecto(objeto)
    with pytest.raises(acciones.AccionRechazada) as rechazo:
        caso.servicio(f, actor, objeto)
    assert rechazo.value.mensaje == sin_permiso
    assert (_foto(objeto), caso.efecto(objeto)) == antes


@pytest.mark.parametrize("usuario", ["permitido", "admin_usuario"])
@pytest.mark.parametrize(("caso", "estado", "razon"), CON_CONDICIONES)
def test_cada_condicion_rechaza_con_su_motivo_tambien_al_superusuario(request, caso, estado, razon, usuario):
    f = F(request)
    objeto = en_estado(caso.preparar(f), estado)
    actor = getattr(f, caso.permitido if usuario == "permitido" else usuario)
    assert caso.declarada.motivo(objeto, actor) == razon
    antes = _foto(objeto), caso.efecto(objeto)
    with pytest.raises(acciones.AccionRechazada) as rechazo:
        caso.servicio(f, actor, objeto)
    assert rechazo.value.mensaje == razon
    assert (_foto(objeto), caso.efecto(objeto)) == antes


@pytest.mark.parametrize(("caso", "estado", "razon"), CON_CONDICIONES)
def test_el_superusuario_solo_ve_la_accion_cuando_se_cumplen_las_condiciones(
    client, request, admin_usuario, caso, estado, razon
):
    f = F(request)
    url_nombre, tabla, codigo = caso.pagina
    assert tabla[codigo].escritura is caso.declarada
    client.force_login(admin_usuario)
    permitido = caso.preparar(f)
    html = client.get(reverse(url_nombre, args=[permitido.pk])).content.decode()
    assert codigo in afirmar_ofrece_lo_permitido(html, tabla, permitido, admin_usuario)
    objeto = en_estado(permitido, estado)
    html = client.get(reverse(url_nombre, args=[objeto.pk])).content.decode()
    assert codigo not in acciones_en_pagina(html)
    assert tabla[codigo].escritura.motivo(objeto, admin_usuario) == razon
    afirmar_ofrece_lo_permitido(html, tabla, objeto, admin_usuario)


def test_la_pagina_de_una_pyme_sin_perfil_lo_crea_solo_para_quien_configura(client, enrok, agente, director):
    nueva = PymeFactory(padre=enrok)
    url = reverse("atencion:pyme", args=[nueva.slug])
    client.force_login(agente)
    assert client.get(url).status_code == 404
    assert not PerfilPyme.objects.filter(pyme=nueva).exists()
    client.force_login(director)
    assert client.get(url).status_code == 200
    assert PerfilPyme.objects.get(pyme=nueva).estado == PerfilPyme.Estado.DIAGNOSTICO
