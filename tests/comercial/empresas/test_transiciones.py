"""Every transition of Ventas Equipo Empresas, walked through its service.

For each: the allowed role succeeds (new state and its event), a role without the rule is refused with
its Spanish message and nothing changes, and each failing condition is refused with its reason.
"""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from comercial.empresas import services
from comercial.empresas.models import Estado, OrdenTrabajo, Venta
from enlace import acciones
from enlace.acciones import NO_DISPONIBLE, SIN_PERMISO
from enlace.models import Evento
from tests.ayudas import afirmar_rechazo_sin_cambios
from tests.comercial.empresas.conftest import pdf, tipo_orden

pytestmark = pytest.mark.django_db

E = Estado
MANANA = timezone.localdate() + timedelta(days=1)


def _visita(e, v):
    return services.visita_programar(
        actor=e.ejecutivo, venta=v, fecha=MANANA, hora=time(9), persona="Ing. Vargas", ubicacion="Oficina"
    ).venta


def _orden(e, v):
    return services.orden_solicitar(actor=e.tecnico, venta=v, tipo=tipo_orden(e.org), descripcion="Fibra").venta


# (transition, flow, from, who may, the service run by who may, to, a role without the rule)
CASOS = [
    (
        "analizar_perfil",
        "a",
        E.RECOPILACION,
        lambda e, v: services.venta_analizar_perfil(actor=e.ejecutivo, venta=v, perfil_actividad="Comercio"),
        E.PERFIL,
        "ejecutivo2",
    ),
    (
        "plantear_proyecto",
        "a",
        E.PERFIL,
        lambda e, v: services.venta_plantear_proyecto(actor=e.ejecutivo, venta=v, necesidades="Fibra"),
        E.PROYECTO,
        "responsable",
    ),
    (
        "presentar_vobo",
        "a",
        E.PROYECTO,
        lambda e, v: services.venta_presentar_vobo(actor=e.ejecutivo, venta=v),
        E.EN_VOBO,
        "gestor",
    ),
    (
        "aprobar_vobo",
        "a",
        E.EN_VOBO,
        lambda e, v: services.venta_aprobar_vobo(actor=e.responsable, venta=v),
        E.APROBADA,
        "ejecutivo",
    ),
    (
        "devolver_vobo",
        "a",
        E.EN_VOBO,
        lambda e, v: services.venta_devolver_vobo(actor=e.responsable, venta=v, observaciones="Ajustar"),
        E.PROYECTO,
        "territorios",
    ),
    (
        "confirmar_factibilidad",
        "a",
        E.APROBADA,
        lambda e, v: services.venta_verificar_factibilidad(actor=e.ejecutivo, venta=v, requisitos_cumplidos=True)[0],
        E.FACTIBLE,
        "ejecutivo2",
    ),
    (
        "marcar_no_factible",
        "a",
        E.APROBADA,
        lambda e, v: services.venta_verificar_factibilidad(actor=e.ejecutivo, venta=v, requisitos_cumplidos=False)[0],
        E.NO_FACTIBLE,
        "responsable",
    ),
    (
        "reformular",
        "a",
        E.NO_FACTIBLE,
        lambda e, v: services.venta_reformular(actor=e.ejecutivo, venta=v),
        E.PROYECTO,
        "gestor",
    ),
    ("programar_visita", "a", E.FACTIBLE, _visita, E.VISITA_PROGRAMADA, "ejecutivo2"),
    ("programar_visita", "a", E.VISITA_PROGRAMADA, _visita, E.VISITA_PROGRAMADA, "responsable"),
    (
        "registrar_visita",
        "a",
        E.VISITA_PROGRAMADA,
        lambda e, v: services.venta_registrar_visita(actor=e.ejecutivo, venta=v, resultado="Asesoramiento"),
        E.VISITADA,
        "responsable",
    ),
    (
        "enviar_oferta",
        "a",
        E.VISITADA,
        lambda e, v: services.venta_enviar_oferta(actor=e.ejecutivo, venta=v, medio="escrita"),
        E.OFERTA_ENVIADA,
        "tecnico",
    ),
    (
        "enviar_oferta",
        "b",
        E.ANALISIS_CARTERA,
        lambda e, v: services.venta_enviar_oferta(actor=e.ejecutivo, venta=v, medio="escrita"),
        E.OFERTA_ENVIADA,
        "ejecutivo2",
    ),
    (
        "aceptar",
        "a",
        E.OFERTA_ENVIADA,
        lambda e, v: services.venta_aceptar(actor=e.ejecutivo, venta=v),
        E.ACEPTADA,
        "gestor",
    ),
    (
        "concluir",
        "a",
        E.OFERTA_ENVIADA,
        lambda e, v: services.venta_concluir(actor=e.ejecutivo, venta=v, motivo="Precio alto"),
        E.CONCLUIDA,
        "responsable",
    ),
    (
        "concluir",
        "a",
        E.NO_FACTIBLE,
        lambda e, v: services.venta_concluir(actor=e.ejecutivo, venta=v, motivo="Sin cobertura"),
        E.CONCLUIDA,
        "ejecutivo2",
    ),
    (
        "concluir",
        "b",
        E.DEVUELTA,
        lambda e, v: services.venta_concluir(actor=e.ejecutivo, venta=v, motivo="Sin cobertura"),
        E.CONCLUIDA,
        "gestor",
    ),
    (
        "analizar_cartera",
        "b",
        E.ANALISIS_CARTERA,
        lambda e, v: services.venta_analizar_cartera(
            actor=e.ejecutivo, venta=v, perfil_actividad="Cliente antiguo", nuevas_necesidades="Sucursal"
        ),
        E.ANALISIS_CARTERA,
        "ejecutivo2",
    ),
    (
        "derivar",
        "a",
        E.ACEPTADA,
        lambda e, v: services.venta_derivar(actor=e.ejecutivo, venta=v, gestor=e.gestor),
        E.DERIVADA,
        "gestor",
    ),
    (
        "verificar_respaldo",
        "a",
        E.DERIVADA,
        lambda e, v: services.venta_verificar_respaldo(actor=e.gestor, venta=v, requisitos_cumplidos=True)[0],
        E.VERIFICADA,
        "gestor2",
    ),
    (
        "devolver_sin_factibilidad",
        "b",
        E.DERIVADA,
        lambda e, v: services.venta_verificar_respaldo(actor=e.gestor, venta=v, requisitos_cumplidos=False)[0],
        E.DEVUELTA,
        "ejecutivo",
    ),
    (
        "digitar",
        "a",
        E.VERIFICADA,
        lambda e, v: services.venta_digitar(actor=e.gestor, venta=v, numero_smartflex="SF-1"),
        E.DIGITADA,
        "gestor2",
    ),
    (
        "aprobar_digitacion",
        "a",
        E.DIGITADA,
        lambda e, v: services.venta_controlar_digitacion(actor=e.gestor2, venta=v, correcta=True),
        E.CONTROLADA,
        "tecnico",
    ),
    (
        "observar_digitacion",
        "a",
        E.DIGITADA,
        lambda e, v: services.venta_controlar_digitacion(
            actor=e.gestor2, venta=v, correcta=False, observaciones="Plan equivocado"
        ),
        E.VERIFICADA,
        "ejecutivo",
    ),
    (
        "derivar_tecnico",
        "a",
        E.CONTROLADA,
        lambda e, v: services.venta_derivar_tecnico(actor=e.gestor, venta=v, gestor=e.tecnico),
        E.GESTION_TECNICA,
        "gestor2",
    ),
    ("solicitar_ordenes", "a", E.GESTION_TECNICA, _orden, E.ORDENES, "recursos"),
    ("solicitar_ordenes", "a", E.ORDENES, _orden, E.ORDENES, "gestor"),
    (
        "entregar_documentos",
        "a",
        E.ORDENES,
        lambda e, v: services.venta_entregar_documentos(actor=e.tecnico, venta=v),
        E.SEGUIMIENTO,
        "ejecutivo",
    ),
    (
        "confirmar_servicio",
        "a",
        E.SEGUIMIENTO,
        lambda e, v: services.venta_llamada_calidad(actor=e.ejecutivo, venta=v, funciona=True, observaciones="OK"),
        E.COMPLETADA,
        "tecnico",
    ),
    (
        "reportar_falla",
        "a",
        E.SEGUIMIENTO,
        lambda e, v: services.venta_llamada_calidad(
            actor=e.ejecutivo, venta=v, funciona=False, observaciones="Sin señal"
        ),
        E.GESTION_TECNICA,
        "responsable",
    ),
]

# The hand-off's transitions are walked, guards included, in test_derivaciones.py.
CUBIERTAS = {f"Venta.{caso[0]}" for caso in CASOS} | {
    "OrdenTrabajo.cerrar",
    "Derivacion.poner_en_proceso",
    "Derivacion.cerrar",
}


@pytest.fixture
def llevar(equipo, avanzar, producto, venta_a, venta_b):
    """``llevar("a", Estado.X)``: a sale of that flow in X, ready for the step that starts there (lines in a
    proyecto, documents once accepted, work orders closed)."""
    e = equipo

    def llevar_(flujo, estado):
        venta = venta_a if flujo == "a" else venta_b
        if estado == E.NO_FACTIBLE:
            venta = avanzar(venta, E.APROBADA)
            return services.venta_verificar_factibilidad(actor=e.ejecutivo, venta=venta, requisitos_cumplidos=False)[0]
        if estado == E.DEVUELTA:
            venta = avanzar(venta, E.DERIVADA)
            return services.venta_verificar_respaldo(actor=e.gestor, venta=venta, requisitos_cumplidos=False)[0]
        venta = avanzar(venta, estado)
        if estado in (E.PROYECTO, E.ANALISIS_CARTERA):
            services.linea_agregar(actor=e.ejecutivo, venta=venta, producto=producto)
        if estado == E.ACEPTADA:
            services.documento_subir(actor=e.ejecutivo, venta=venta, archivo=pdf(), descripcion="NIT")
        if estado == E.ORDENES:
            for orden in venta.ordenes.filter(estado=OrdenTrabajo.EstadoOrden.SOLICITADA):
                services.orden_cerrar(actor=e.recursos, orden=orden)
        return Venta.objects.get(pk=venta.pk)

    return llevar_


PARAMETROS = ("nombre", "flujo", "desde", "servicio", "hacia", "otro")
CASOS_CON_ID = [pytest.param(*caso, id=f"{caso[0]}-desde-{caso[2]}-{caso[1]}") for caso in CASOS]


@pytest.mark.parametrize(PARAMETROS, CASOS_CON_ID)
def test_el_rol_permitido_la_ejecuta_con_su_evento(equipo, llevar, nombre, flujo, desde, servicio, hacia, otro):
    venta = llevar(flujo, desde)
    assert venta.estado == desde
    servicio(equipo, venta)
    venta.refresh_from_db()
    assert venta.estado == hacia
    evento = Evento.objects.filter(tipo=f"empresas.venta.{nombre}", objeto_id=str(venta.pk)).latest("secuencia")
    assert (evento.datos["de"], evento.datos["a"], evento.datos["flujo"]) == (desde, hacia, venta.flujo)


@pytest.mark.parametrize(PARAMETROS, CASOS_CON_ID)
def test_un_rol_sin_la_regla_es_rechazado_sin_cambios(equipo, llevar, nombre, flujo, desde, servicio, hacia, otro):
    venta = llevar(flujo, desde)
    eventos = Evento.objects.count()
    mensaje = SIN_PERMISO.format(accion=acciones.etiqueta(Venta, nombre))
    afirmar_rechazo_sin_cambios(venta, nombre, getattr(equipo, otro), mensaje)
    assert Evento.objects.count() == eventos


def _sin_factibilidad_de_respaldo(venta):
    Venta.objects.filter(pk=venta.pk).update(factible_gestor=None)
    return venta


# (transition, a sale where its condition fails, who would otherwise be allowed, the reason)
@pytest.mark.parametrize(
    ("nombre", "preparar", "quien", "motivo"),
    [
        pytest.param(
            "presentar_vobo", lambda e, avanzar, a, b: avanzar(a, E.PROYECTO), "ejecutivo", services.SIN_LINEAS
        ),
        pytest.param("enviar_oferta", lambda e, avanzar, a, b: b, "ejecutivo", services.SIN_LINEAS, id="b-sin-lineas"),
        pytest.param("derivar", lambda e, avanzar, a, b: avanzar(a, E.ACEPTADA), "ejecutivo", services.SIN_DOCUMENTOS),
        pytest.param(
            "digitar",
            lambda e, avanzar, a, b: _sin_factibilidad_de_respaldo(avanzar(a, E.VERIFICADA)),
            "gestor",
            services.DIGITAR_SIN_FACTIBILIDAD,
        ),
        pytest.param(
            "aprobar_digitacion",
            lambda e, avanzar, a, b: avanzar(a, E.DIGITADA),
            "gestor",
            services.CONTROL_MISMA_PERSONA,
        ),
        pytest.param(
            "observar_digitacion",
            lambda e, avanzar, a, b: avanzar(a, E.DIGITADA),
            "gestor",
            services.CONTROL_MISMA_PERSONA,
        ),
        pytest.param(
            "entregar_documentos",
            lambda e, avanzar, a, b: avanzar(a, E.ORDENES),
            "tecnico",
            services.ORDENES_ABIERTAS.format(n=1),
        ),
    ],
)
def test_cada_condicion_que_falla_rechaza_con_su_motivo(
    equipo, avanzar, venta_a, venta_b, nombre, preparar, quien, motivo
):
    venta = Venta.objects.get(pk=preparar(equipo, avanzar, venta_a, venta_b).pk)
    afirmar_rechazo_sin_cambios(venta, nombre, getattr(equipo, quien), motivo)


def test_fuera_de_su_estado_se_rechaza_diciendo_el_estado(equipo, venta_a):
    mensaje = NO_DISPONIBLE.format(accion="Dar el Vo.Bo.", estado="Recopilación de información")
    afirmar_rechazo_sin_cambios(venta_a, "aprobar_vobo", equipo.responsable, mensaje)


def test_el_superusuario_actua_como_cualquier_rol(equipo, avanzar, venta_a, admin_usuario):
    venta = avanzar(venta_a, E.EN_VOBO)
    venta = services.venta_aprobar_vobo(actor=admin_usuario, venta=venta)
    assert venta.estado == E.APROBADA and venta.vobo_por == admin_usuario


# --- OrdenTrabajo.cerrar ---------------------------------------------------------------------------


@pytest.fixture
def orden(equipo, avanzar, venta_a):
    return avanzar(venta_a, E.ORDENES).ordenes.get()


def test_gestion_de_recursos_cierra_la_orden_con_su_evento(equipo, orden):
    services.orden_cerrar(actor=equipo.recursos, orden=orden, observaciones="Instalado")
    orden.refresh_from_db()
    assert orden.estado == OrdenTrabajo.EstadoOrden.CERRADA and orden.cerrada_por == equipo.recursos
    evento = Evento.objects.get(tipo="empresas.orden.cerrar", objeto_id=str(orden.pk))
    assert evento.datos == {
        "de": "solicitada",
        "a": "cerrada",
        "orden": orden.pk,
        "venta": orden.venta_id,
        "vencida": False,
    }
    assert evento.organizacion_id == equipo.org.pk


@pytest.mark.parametrize("otro", ["tecnico", "gestor", "responsable", "ejecutivo"])
def test_otro_rol_no_cierra_la_orden(equipo, orden, otro):
    mensaje = SIN_PERMISO.format(accion="Cerrar la orden de trabajo")
    afirmar_rechazo_sin_cambios(orden, "cerrar", getattr(equipo, otro), mensaje)


def test_una_orden_cerrada_no_se_cierra_otra_vez(equipo, orden):
    services.orden_cerrar(actor=equipo.recursos, orden=orden)
    orden.refresh_from_db()
    mensaje = NO_DISPONIBLE.format(accion="Cerrar la orden de trabajo", estado="Cerrada")
    afirmar_rechazo_sin_cambios(orden, "cerrar", equipo.recursos, mensaje)
