"""Every transition of SolicitudDigital: the call-center roles run it through its service (new state and
event), another role is refused with its Spanish message, and each failing condition is refused with its
reason, changing nothing."""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from comercial.digitales import models, services
from comercial.digitales.models import Estado, OrdenInstalacion, SolicitudDigital
from enlace import acciones
from enlace.models import Evento
from tests.ayudas import afirmar_rechazo_sin_cambios
from tests.comercial.digitales.conftest import archivo_pdf
from tests.comercial.digitales.factories import adjuntar_todo, orden_para, solicitud_en

pytestmark = pytest.mark.django_db

CUBIERTAS = {
    "SolicitudDigital.atender",
    "SolicitudDigital.descartar",
    "SolicitudDigital.aprobar_impedimentos",
    "SolicitudDigital.confirmar_capacidad",
    "SolicitudDigital.solicitar_requisitos",
    "SolicitudDigital.digitar",
    "SolicitudDigital.controlar_digitacion",
    "SolicitudDigital.comunicar",
    "SolicitudDigital.registrar_seguimiento",
    "SolicitudDigital.controlar_calidad",
    "SolicitudDigital.imposibilitar",
    "OrdenInstalacion.instalar",
    "OrdenInstalacion.no_instalar",
}
INTERNAS = {"atender", "aprobar_impedimentos", "confirmar_capacidad"}
DEUDA = {"tipo": "deuda_naf", "nombre": "Deuda en cartera (NAF – Paquete Accionario)"}


@pytest.fixture(params=["agente_digital", "responsable_call_center"])
def del_centro(request, crear_usuario, organizacion):
    return crear_usuario(request.param, organizacion=organizacion)


@pytest.fixture
def gestor_comercial(crear_usuario, organizacion):
    return crear_usuario("gestor_comercial", organizacion=organizacion)


@pytest.fixture
def recursos(crear_usuario, organizacion):
    return crear_usuario("gestion_recursos", organizacion=organizacion)


@pytest.fixture
def ejecutivo(crear_usuario, organizacion):
    return crear_usuario("ejecutivo_empresas", organizacion=organizacion)


def _con_adjuntos(s, actor):
    adjuntar_todo(s, actor)
    return s


def _con_orden(s, estado="pendiente"):
    orden_para(s, estado=estado)
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
        Estado.DERIVADA,
        {},
        lambda actor, s: services.solicitud_comunicar(actor=actor, solicitud=_con_orden(s)),
        Estado.COMUNICADA,
        "digitales.comunicada",
    ),
    "registrar_seguimiento": (
        Estado.COMUNICADA,
        {},
        lambda actor, s: services.solicitud_registrar_seguimiento(
            actor=actor, solicitud=_con_orden(s, estado="instalada"), nota="Instalado"
        ),
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
    recorridas = {f"SolicitudDigital.{nombre}" for nombre in RECORRIDO} | {"SolicitudDigital.controlar_digitacion"}
    recorridas |= {f"OrdenInstalacion.{nombre}" for nombre in ("instalar", "no_instalar")}
    assert recorridas == CUBIERTAS
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
    ("digitar", Estado.ESPERANDO_REQUISITOS, {"lectura_confirmada_en": None}, models.LECTURA_SIN_CONFIRMAR),
    ("digitar", Estado.ESPERANDO_REQUISITOS, {}, REQUISITOS_FALTANTES),
    (
        "controlar_digitacion",
        Estado.DIGITADA,
        {"servicio": "inactivo"},
        models.PRODUCTO_INACTIVO.format(producto="Producto inactivo"),
    ),
    ("registrar_seguimiento", Estado.COMUNICADA, {}, models.SIN_ORDEN),
    ("imposibilitar", Estado.SIN_IMPEDIMENTO, {}, models.SIN_CAUSA),
]


@pytest.mark.parametrize(("nombre", "estado", "campos", "motivo"), CONDICIONES)
def test_cada_condicion_que_falla_rechaza_con_su_motivo(
    nombre, estado, campos, motivo, agente, gestor_comercial, organizacion
):
    s = solicitud_en(estado, organizacion=organizacion, agente=agente, **campos)
    actor = gestor_comercial if nombre == "controlar_digitacion" else agente
    afirmar_rechazo_sin_cambios(s, nombre, actor, motivo)


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


# --- The hand-off to Instalaciones y Traslados (OPR-PAS-P02) ----------------------------------------


def test_el_gestor_comercial_controla_la_digitacion_y_abre_la_orden(gestor_comercial, agente, organizacion):
    s = solicitud_en(Estado.DIGITADA, organizacion=organizacion, agente=agente)
    services.solicitud_controlar_digitacion(actor=gestor_comercial, solicitud=s, dias=4)
    s.refresh_from_db()
    orden = s.orden_instalacion
    assert (s.estado, s.controlada_por) == (Estado.DERIVADA, gestor_comercial)
    assert (orden.estado, orden.dias_estimados) == ("pendiente", 4)
    assert orden.fecha_estimada == timezone.localdate() + timedelta(days=4)
    assert Evento.objects.filter(tipo="digitales.digitacion_controlada", objeto_id=str(s.pk)).exists()
    assert Evento.objects.filter(tipo="digitales.orden_abierta", objeto_id=str(orden.pk)).exists()
    assert agente.notificaciones.filter(titulo__contains=orden.codigo).exists()


@pytest.mark.parametrize("dias", [1, 16])
def test_la_fecha_estimada_debe_caer_en_el_rango_del_catalogo(dias, gestor_comercial, agente, organizacion):
    s = solicitud_en(Estado.DIGITADA, organizacion=organizacion, agente=agente)
    with pytest.raises(services.ErrorDigitales) as error:
        services.solicitud_controlar_digitacion(actor=gestor_comercial, solicitud=s, dias=dias)
    assert error.value.mensaje == services.DIAS_FUERA_DE_RANGO.format(
        producto=s.producto, minimo=2, maximo=15, dias=dias
    )
    s.refresh_from_db()
    assert s.estado == Estado.DIGITADA
    assert not OrdenInstalacion.objects.exists()


@pytest.mark.parametrize("rol", ["agente_digital", "responsable_call_center", "ejecutivo_empresas"])
def test_solo_un_gestor_comercial_controla_la_digitacion(rol, crear_usuario, organizacion):
    otro = crear_usuario(rol, organizacion=organizacion)
    s = solicitud_en(Estado.DIGITADA, organizacion=organizacion, agente=otro)  # even the agent in charge
    with pytest.raises(acciones.AccionRechazada) as rechazo:
        services.solicitud_controlar_digitacion(actor=otro, solicitud=s, dias=5)
    etiqueta = acciones.etiqueta(SolicitudDigital, "controlar_digitacion")
    assert rechazo.value.mensaje == acciones.SIN_PERMISO.format(accion=etiqueta)
    assert not OrdenInstalacion.objects.exists()


def test_un_producto_desactivado_tras_digitar_no_se_deriva(gestor_comercial, agente, organizacion):
    s = solicitud_en(Estado.DIGITADA, organizacion=organizacion, agente=agente)
    s.producto.activo = False
    s.producto.save()
    with pytest.raises(acciones.AccionRechazada) as rechazo:
        services.solicitud_controlar_digitacion(actor=gestor_comercial, solicitud=s, dias=5)
    assert rechazo.value.mensaje == models.PRODUCTO_INACTIVO.format(producto=s.producto)
    assert not OrdenInstalacion.objects.exists()


def test_la_digitacion_de_otra_organizacion_no_se_encuentra(crear_usuario, agente, organizacion):
    from tests.enlace.factories import OrganizacionFactory

    ajeno = crear_usuario("gestor_comercial", organizacion=OrganizacionFactory())
    s = solicitud_en(Estado.DIGITADA, organizacion=organizacion, agente=agente)
    with pytest.raises(services.ErrorDigitales) as error:
        services.solicitud_controlar_digitacion(actor=ajeno, solicitud=s, dias=5)
    assert error.value.mensaje == services.NO_ENCONTRADA


def test_comunicar_lee_la_fecha_de_la_orden(agente, organizacion):
    s = solicitud_en(Estado.DERIVADA, organizacion=organizacion, agente=agente)
    orden = orden_para(s, dias=7)
    services.solicitud_comunicar(actor=agente, solicitud=s)
    s.refresh_from_db()
    assert s.dias_estimados == 7
    assert timezone.localtime(s.seguimiento_programado).date() == orden.fecha_estimada


def test_el_seguimiento_espera_a_que_instalaciones_cierre_la_orden(agente, organizacion):
    s = solicitud_en(Estado.COMUNICADA, organizacion=organizacion, agente=agente)
    orden = orden_para(s, vence_hace=2)
    motivo = models.ORDEN_PENDIENTE.format(orden=orden.codigo, fecha=orden.fecha_estimada.strftime("%d/%m/%Y"))
    afirmar_rechazo_sin_cambios(SolicitudDigital.objects.get(pk=s.pk), "registrar_seguimiento", agente, motivo)
    with pytest.raises(acciones.AccionRechazada):
        services.solicitud_registrar_seguimiento(actor=agente, solicitud=s)


@pytest.mark.parametrize(("cierre", "instalado"), [("instalada", True), ("no_instalada", False)])
def test_el_seguimiento_toma_el_resultado_de_la_orden(cierre, instalado, agente, organizacion):
    s = solicitud_en(Estado.COMUNICADA, organizacion=organizacion, agente=agente)
    orden_para(s, estado=cierre)
    services.solicitud_registrar_seguimiento(actor=agente, solicitud=s, nota="Llamé al cliente")
    s.refresh_from_db()
    assert (s.estado, s.servicio_instalado) == (Estado.SEGUIDA, instalado)


@pytest.fixture(params=["gestion_recursos", "responsable_call_center"])
def cierra_ordenes(request, crear_usuario, organizacion):
    return crear_usuario(request.param, organizacion=organizacion)


@pytest.mark.parametrize(
    ("servicio", "final", "tipo"),
    [
        (services.orden_instalar, "instalada", "digitales.orden_instalar"),
        (services.orden_no_instalar, "no_instalada", "digitales.orden_no_instalar"),
    ],
)
def test_instalaciones_cierra_la_orden_y_avisa_al_agente(servicio, final, tipo, cierra_ordenes, agente, organizacion):
    s = solicitud_en(Estado.COMUNICADA, organizacion=organizacion, agente=agente)
    orden = orden_para(s, vence_hace=1)
    servicio(actor=cierra_ordenes, orden=orden, observaciones="Cliente ausente dos veces")
    orden.refresh_from_db()
    assert (orden.estado, orden.cerrada_por) == (final, cierra_ordenes)
    assert orden.cerrada_en is not None
    evento = Evento.objects.get(tipo=tipo, objeto_id=str(orden.pk))
    assert evento.datos["vencida"] is True
    assert agente.notificaciones.filter(titulo__contains=orden.codigo).exists()


@pytest.mark.parametrize("rol", ["agente_digital", "gestor_comercial", "ejecutivo_empresas"])
@pytest.mark.parametrize("nombre", ["instalar", "no_instalar"])
def test_otro_rol_no_cierra_la_orden(rol, nombre, crear_usuario, agente, organizacion):
    otro = crear_usuario(rol, organizacion=organizacion)
    orden = orden_para(solicitud_en(Estado.DERIVADA, organizacion=organizacion, agente=agente))
    etiqueta = acciones.etiqueta(OrdenInstalacion, nombre)
    afirmar_rechazo_sin_cambios(
        orden,
        nombre,
        otro,
        acciones.SIN_PERMISO.format(accion=etiqueta),
        por=otro,
        cuando=timezone.now(),
        observaciones="x",
    )


@pytest.mark.parametrize("nombre", ["instalar", "no_instalar"])
def test_una_orden_cerrada_no_se_vuelve_a_cerrar(nombre, recursos, agente, organizacion):
    orden = orden_para(solicitud_en(Estado.COMUNICADA, organizacion=organizacion, agente=agente), estado="instalada")
    etiqueta = acciones.etiqueta(OrdenInstalacion, nombre)
    afirmar_rechazo_sin_cambios(
        orden,
        nombre,
        recursos,
        acciones.NO_DISPONIBLE.format(accion=etiqueta, estado="Instalada"),
        por=recursos,
        cuando=timezone.now(),
        observaciones="x",
    )


def test_cerrar_sin_instalar_exige_el_motivo(recursos, agente, organizacion):
    orden = orden_para(solicitud_en(Estado.DERIVADA, organizacion=organizacion, agente=agente))
    with pytest.raises(services.ErrorDigitales) as error:
        services.orden_no_instalar(actor=recursos, orden=orden, observaciones="  ")
    assert error.value.mensaje == services.OBSERVACION_OBLIGATORIA
    orden.refresh_from_db()
    assert orden.estado == "pendiente"


def test_la_orden_de_otra_organizacion_no_se_encuentra(crear_usuario, agente, organizacion):
    from tests.enlace.factories import OrganizacionFactory

    ajeno = crear_usuario("gestion_recursos", organizacion=OrganizacionFactory())
    orden = orden_para(solicitud_en(Estado.DERIVADA, organizacion=organizacion, agente=agente))
    with pytest.raises(services.ErrorDigitales) as error:
        services.orden_instalar(actor=ajeno, orden=orden)
    assert error.value.mensaje == services.ORDEN_NO_ENCONTRADA
