"""Every transition of SolicitudDigital: the call-center roles run it through its service (new state and
event), another role is refused with its Spanish message, and each failing condition is refused with its
reason, changing nothing."""

from collections import Counter

import pytest
from django.utils import timezone

from comercial.digitales import models, services
from comercial.digitales.models import Estado, SolicitudDigital
from enlace import acciones
from enlace.models import Evento
from tests.ayudas import afirmar_rechazo_sin_cambios
from tests.comercial.digitales.conftest import archivo_pdf
from tests.comercial.digitales.factories import adjuntar_todo, solicitud_en

pytestmark = pytest.mark.django_db

CUBIERTAS = {
    "SolicitudDigital.atender",
    "SolicitudDigital.descartar",
    "SolicitudDigital.aprobar_impedimentos",
    "SolicitudDigital.confirmar_capacidad",
    "SolicitudDigital.solicitar_requisitos",
    "SolicitudDigital.digitar",
    "SolicitudDigital.comunicar",
    "SolicitudDigital.registrar_seguimiento",
    "SolicitudDigital.controlar_calidad",
    "SolicitudDigital.imposibilitar",
}
INTERNAS = {"atender", "aprobar_impedimentos", "confirmar_capacidad"}
DEUDA = {"tipo": "deuda_naf", "nombre": "Deuda en cartera (NAF – Paquete Accionario)"}


@pytest.fixture(params=["agente_digital", "responsable_call_center"])
def del_centro(request, crear_usuario, organizacion):
    return crear_usuario(request.param, organizacion=organizacion)


@pytest.fixture
def ejecutivo(crear_usuario, organizacion):
    return crear_usuario("ejecutivo_empresas", organizacion=organizacion)


def _con_adjuntos(s, actor):
    adjuntar_todo(s, actor)
    return s


# transition → (initial state, extra fields, its service, final state, event type)
RECORRIDO = {
    "atender": (
        Estado.EN_COLA,
        {},
        lambda actor, s: services.solicitud_intentar_contacto(actor=actor, solicitud=s, resultado="contesto"),
        Estado.EN_ATENCION,
        "digitales.contacto_intentado",
    ),
    "descartar": (
        Estado.EN_COLA,
        {"intentos_contacto": 3},
        lambda actor, s: services.solicitud_descartar(actor=actor, solicitud=s),
        Estado.NO_CONTACTADA,
        "digitales.descartada",
    ),
    "aprobar_impedimentos": (
        Estado.EN_ATENCION,
        {"servicio": "internet", "carnet": "7788990 CB"},
        lambda actor, s: services.solicitud_consultar_impedimentos(actor=actor, solicitud=s),
        Estado.SIN_IMPEDIMENTO,
        "digitales.impedimentos_consultados",
    ),
    "confirmar_capacidad": (
        Estado.SIN_IMPEDIMENTO,
        {},
        lambda actor, s: services.solicitud_consultar_factibilidad(
            actor=actor, solicitud=s, direccion="Av. Heroínas 123", localidad="Cala Cala"
        ),
        Estado.FACTIBLE,
        "digitales.factibilidad_consultada",
    ),
    "solicitar_requisitos": (
        Estado.FACTIBLE,
        {},
        lambda actor, s: services.solicitud_solicitar_requisitos(actor=actor, solicitud=s),
        Estado.ESPERANDO_REQUISITOS,
        "digitales.requisitos_solicitados",
    ),
    "digitar": (
        Estado.ESPERANDO_REQUISITOS,
        {},
        lambda actor, s: services.solicitud_digitar(actor=actor, solicitud=_con_adjuntos(s, actor), referencia="SF"),
        Estado.DIGITADA,
        "digitales.digitada",
    ),
    "comunicar": (
        Estado.DIGITADA,
        {},
        lambda actor, s: services.solicitud_comunicar(actor=actor, solicitud=s, dias=5),
        Estado.COMUNICADA,
        "digitales.comunicada",
    ),
    "registrar_seguimiento": (
        Estado.COMUNICADA,
        {},
        lambda actor, s: services.solicitud_registrar_seguimiento(actor=actor, solicitud=s, instalado=True),
        Estado.SEGUIDA,
        "digitales.seguimiento",
    ),
    "controlar_calidad": (
        Estado.SEGUIDA,
        {},
        lambda actor, s: services.solicitud_controlar_calidad(actor=actor, solicitud=s, satisfecho=True),
        Estado.CONCLUIDA,
        "digitales.control_calidad",
    ),
    "imposibilitar": (
        Estado.EN_ATENCION,
        {"servicio": "tv", "carnet": "4455667", "impedimentos": [DEUDA]},
        lambda actor, s: services.solicitud_imposibilitar(actor=actor, solicitud=s, motivo="Deuda en NAF."),
        Estado.IMPOSIBILITADA,
        "digitales.imposibilitada",
    ),
}


def test_el_recorrido_nombra_cada_transicion_cubierta():
    assert {f"SolicitudDigital.{nombre}" for nombre in RECORRIDO} == CUBIERTAS
    assert {t.name for t in acciones.transiciones(SolicitudDigital) if acciones.es_interna(t)} == INTERNAS


@pytest.mark.parametrize("nombre", sorted(RECORRIDO))
def test_el_centro_de_llamadas_la_ejecuta_por_su_servicio(nombre, del_centro, organizacion, zona):
    inicial, campos, servicio, final, tipo = RECORRIDO[nombre]
    s = solicitud_en(inicial, organizacion=organizacion, agente=del_centro, **campos)
    servicio(del_centro, s)
    s.refresh_from_db()
    assert s.estado == final
    evento = Evento.objects.get(objeto_id=str(s.pk), tipo=tipo)
    assert (evento.actor, evento.datos["estado"]) == (del_centro, final)


def test_una_llamada_atendida_se_atiende_al_registrarla(del_centro):
    s = services.solicitud_registrar_llamada(actor=del_centro, linea="4200400", telefono="71234567")
    assert (s.estado, s.agente) == (Estado.EN_ATENCION, del_centro)
    assert Evento.objects.get(objeto_id=str(s.pk)).tipo == "digitales.llamada_registrada"


def _sin_cambios(s):
    return SolicitudDigital.objects.filter(pk=s.pk).values().get()


@pytest.mark.parametrize("nombre", sorted(RECORRIDO))
def test_otro_rol_es_rechazado_y_nada_cambia(nombre, ejecutivo, organizacion, agente, zona):
    inicial, campos, servicio, _final, _tipo = RECORRIDO[nombre]
    s = solicitud_en(inicial, organizacion=organizacion, agente=agente, **campos)
    antes = _sin_cambios(s)
    with pytest.raises(acciones.AccionRechazada) as rechazo:
        servicio(ejecutivo, s)
    if nombre in INTERNAS:  # run only by a step of the console, whose Escritura refuses the role itself
        assert rechazo.value.mensaje == services.SIN_PERMISO
    else:
        etiqueta = acciones.etiqueta(SolicitudDigital, nombre)
        assert rechazo.value.mensaje == acciones.SIN_PERMISO.format(accion=etiqueta)
        afirmar_rechazo_sin_cambios(s, nombre, ejecutivo, rechazo.value.mensaje)
    assert _sin_cambios(s) == antes
    assert not Evento.objects.filter(objeto_id=str(s.pk)).exists()


def test_otro_rol_no_registra_llamadas(ejecutivo):
    with pytest.raises(acciones.AccionRechazada) as rechazo:
        services.solicitud_registrar_llamada(actor=ejecutivo, linea="4200400", telefono="71234567")
    assert rechazo.value.mensaje == services.SIN_PERMISO
    assert not SolicitudDigital.objects.exists()


REQUISITOS_FALTANTES = models.REQUISITOS_INCOMPLETOS.format(
    faltantes="Carnet de identidad del titular (anverso); Carnet de identidad del titular (reverso); "
    "Factura de luz reciente del domicilio (ubicación)"
)
# (transition, state, fields that make one condition fail, its reason)
CONDICIONES = [
    ("descartar", Estado.EN_COLA, {"intentos_contacto": 2}, models.INTENTOS_INSUFICIENTES.format(maximo=3)),
    ("aprobar_impedimentos", Estado.EN_ATENCION, {"carnet": ""}, models.SIN_IDENTIFICACION),
    (
        "aprobar_impedimentos",
        Estado.EN_ATENCION,
        {"servicio": "inactivo", "carnet": "4455667"},
        models.PRODUCTO_INACTIVO.format(producto="Producto inactivo"),
    ),
    (
        "aprobar_impedimentos",
        Estado.EN_ATENCION,
        {"servicio": "no_digital", "carnet": "4455667"},
        models.PRODUCTO_NO_DIGITAL.format(producto="Enlace dedicado", destino="Ventas Empresas, oficina central."),
    ),
    (
        "aprobar_impedimentos",
        Estado.EN_ATENCION,
        {"servicio": "tv", "carnet": "4455667"},
        models.SIN_CONSULTA_IMPEDIMENTOS,
    ),
    (
        "aprobar_impedimentos",
        Estado.EN_ATENCION,
        {"servicio": "tv", "carnet": "4455667", "impedimentos_consultados": timezone.now(), "impedimentos": [DEUDA]},
        models.CON_IMPEDIMENTO.format(lista="Deuda en cartera (NAF – Paquete Accionario)"),
    ),
    ("confirmar_capacidad", Estado.SIN_IMPEDIMENTO, {"factible": False}, models.SIN_FACTIBILIDAD),
    ("solicitar_requisitos", Estado.FACTIBLE, {"factible": None}, models.SIN_FACTIBILIDAD),
    ("digitar", Estado.ESPERANDO_REQUISITOS, {"producto": None}, models.SIN_IDENTIFICACION),
    (
        "digitar",
        Estado.ESPERANDO_REQUISITOS,
        {"servicio": "inactivo"},
        models.PRODUCTO_INACTIVO.format(producto="Producto inactivo"),
    ),
    (
        "digitar",
        Estado.ESPERANDO_REQUISITOS,
        {"servicio": "no_digital"},
        models.PRODUCTO_NO_DIGITAL.format(producto="Enlace dedicado", destino="Ventas Empresas, oficina central."),
    ),
    ("digitar", Estado.ESPERANDO_REQUISITOS, {"impedimentos_consultados": None}, models.SIN_CONSULTA_IMPEDIMENTOS),
    (
        "digitar",
        Estado.ESPERANDO_REQUISITOS,
        {"impedimentos": [DEUDA, {"tipo": "equipo_por_devolver", "nombre": "Equipo pendiente de devolución"}]},
        models.CON_IMPEDIMENTO.format(
            lista="Deuda en cartera (NAF – Paquete Accionario), Equipo pendiente de devolución"
        ),
    ),
    ("digitar", Estado.ESPERANDO_REQUISITOS, {"factible": None}, models.SIN_FACTIBILIDAD),
    ("digitar", Estado.ESPERANDO_REQUISITOS, {}, REQUISITOS_FALTANTES),
    ("imposibilitar", Estado.SIN_IMPEDIMENTO, {}, models.SIN_CAUSA),
]


@pytest.mark.parametrize(("nombre", "estado", "campos", "motivo"), CONDICIONES)
def test_cada_condicion_que_falla_rechaza_con_su_motivo(nombre, estado, campos, motivo, agente, organizacion):
    s = solicitud_en(estado, organizacion=organizacion, agente=agente, **campos)
    afirmar_rechazo_sin_cambios(s, nombre, agente, motivo)


def test_cada_condicion_declarada_tiene_su_caso():
    casos = Counter(nombre for nombre, _estado, _campos, _motivo in CONDICIONES)
    declaradas = {t.name: len(t.conditions) for t in acciones.transiciones(SolicitudDigital) if t.conditions}
    assert dict(casos) == declaradas


@pytest.mark.parametrize("nombre", sorted(RECORRIDO))
def test_fuera_de_su_estado_se_rechaza_diciendo_el_estado(nombre, agente, organizacion):
    s = solicitud_en(Estado.CONCLUIDA, organizacion=organizacion, agente=agente)
    etiqueta = acciones.etiqueta(SolicitudDigital, nombre)
    afirmar_rechazo_sin_cambios(
        s, nombre, agente, acciones.NO_DISPONIBLE.format(accion=etiqueta, estado="Control de calidad realizado")
    )


def test_el_servicio_rechaza_la_condicion_igual_que_el_ejecutor(agente, organizacion):
    s = solicitud_en(Estado.ESPERANDO_REQUISITOS, organizacion=organizacion, agente=agente)
    services.solicitud_adjuntar_requisito(actor=agente, solicitud=s, requisito="ci_anverso", archivo=archivo_pdf())
    with pytest.raises(acciones.AccionRechazada) as rechazo:
        services.solicitud_digitar(actor=agente, solicitud=s)
    assert rechazo.value.mensaje == models.REQUISITOS_INCOMPLETOS.format(
        faltantes="Carnet de identidad del titular (reverso); Factura de luz reciente del domicilio (ubicación)"
    )
    s.refresh_from_db()
    assert (s.estado, s.digitada_en) == (Estado.ESPERANDO_REQUISITOS, None)
