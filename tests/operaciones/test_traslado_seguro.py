# ruff: noqa: F811 - fixtures imported from tests.operaciones.fixtures_entrega and recorrido
"""Delivery, insurance and paperwork enforced before the cierre, and the smaller gaps of the same round: the
delivery place's one source of truth, the traslado and the seguro, the lead channel, the enganche, the COP's
mail when availability is confirmed and when the cierre is ready, Trade-In files and coaching on the timeline."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.sql import emit_post_migrate_signal
from django.urls import reverse
from django.utils import timezone

from enlace.acciones import AccionRechazada
from enlace.errores import ErrorNegocio
from enlace.models import CorreoSaliente, Evento, Notificacion
from operaciones import eventos, mensajes, services
from operaciones.apps import CANALES_INICIALES
from operaciones.forms import ApartarForm
from operaciones.models import Apartado, CanalLead, TareaProveedor, validar_solicitud
from tests.ayudas import acciones_en_pagina
from tests.operaciones.factories import solicitud_completa
from tests.operaciones.fixtures_entrega import (  # noqa: F401 - fixtures
    PNG,
    SOLICITUD_DE_CONTADO,
    activar_seguro,
    almacen_temporal,
    completar_traslado,
    contacto_de,
    operacion,
    pendiente_de_contado,
    preparar_cierre,
    seguro_de,
)
from tests.operaciones.recorrido import hacer, refrescar  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def fallar(servicio, **datos):
    with pytest.raises(ErrorNegocio) as error:
        servicio(**datos)
    return error.value.mensaje


# --- The cierre's guard ------------------------------------------------------------------------------


def test_el_cierre_lista_en_espanol_el_traslado_y_el_seguro_que_faltan(hacer):
    cop = hacer.f("cop")
    operacion = preparar_cierre(hacer.a_domicilio(), cop, sin=("seguro",))
    with pytest.raises(AccionRechazada) as rechazo:
        services.operacion_cerrar(actor=cop, apartado=operacion)
    falta_traslado = mensajes.FALTA_TRASLADO.format(lugar="en su domicilio")
    assert rechazo.value.mensaje == " ".join([mensajes.CIERRE_INTRO, falta_traslado, mensajes.FALTA_SEGURO])
    assert refrescar(operacion).estado == Apartado.Estado.VALIDADO

    services.seguro_declinar(actor=cop, tarea=seguro_de(operacion), motivo="Tiene póliza de flotilla")
    assert refrescar(operacion).faltantes_para_cierre() == [falta_traslado]
    completar_traslado(operacion, cop)
    assert services.operacion_cerrar(actor=cop, apartado=operacion).estado == Apartado.Estado.CERRADO


def test_un_traslado_pendiente_o_cancelado_no_basta(hacer):
    cop = hacer.f("cop")
    operacion = preparar_cierre(hacer.a_domicilio(), cop)
    traslado = services.traslado_programar(
        actor=cop,
        apartado=operacion,
        origen="Autos del Norte",
        destino="Av. Juárez 10",
        proveedor=contacto_de(cop, "traslados"),
        fecha_compromiso=timezone.localdate(),
    )
    services.tarea_avanzar(actor=cop, tarea=traslado)
    assert refrescar(operacion).faltantes_de_traslado()
    services.tarea_cancelar(actor=cop, tarea=traslado)
    assert refrescar(operacion).faltantes_de_traslado()


@pytest.mark.parametrize(
    ("lugar", "del_asesor", "requiere"),
    [
        ("concesionario_unidad", False, False),
        ("concesionario_asesor", False, True),  # the asesor works at another concesionario: the unit travels
        ("concesionario_asesor", True, False),  # the asesor works where the unit is: no traslado
        ("domicilio", False, True),
        ("trabajo", False, True),
    ],
)
def test_cuando_se_requiere_traslado(hacer, lugar, del_asesor, requiere):
    actor = hacer.f("otro_asesor") if del_asesor else hacer.f("asesor")
    apartado = hacer.f("apartar")(
        hacer.f("unidad"), actor=actor, lugar_entrega=lugar, lugar_entrega_detalle="Calle 5, Monterrey"
    )
    assert apartado.requiere_traslado is requiere


# --- Every purchase gets its seguro -------------------------------------------------------------------


def test_la_validacion_crea_la_tarea_del_seguro_y_el_servicio_exige_sus_datos(hacer):
    cop = hacer.f("cop")
    seguro = hacer.seguro()
    assert (seguro.tipo, seguro.estado, seguro.creada_por) == ("seguro", "pendiente", cop)
    datos = {"actor": cop, "tarea": seguro, "poliza": "QLT-9", "fecha_activacion": timezone.localdate()}
    assert fallar(services.seguro_activar, **datos, proveedor=None) == mensajes.PROVEEDOR_DE_OTRO_TIPO.format(
        tipo="Aseguradora"
    )
    gestor = contacto_de(cop, "gestor")
    assert fallar(services.seguro_activar, **datos, proveedor=gestor) == mensajes.PROVEEDOR_DE_OTRO_TIPO.format(
        tipo="Aseguradora"
    )
    aseguradora = contacto_de(cop, "aseguradora")
    sin_poliza = {**datos, "poliza": " "}
    assert fallar(services.seguro_activar, **sin_poliza, proveedor=aseguradora) == mensajes.SEGURO_DATOS_REQUERIDOS
    assert fallar(services.seguro_declinar, actor=cop, tarea=seguro, motivo=" ") == mensajes.SEGURO_MOTIVO_REQUERIDO
    assert refrescar(seguro).estado == "pendiente"

    activado = refrescar(services.seguro_activar(**datos, proveedor=aseguradora))
    assert (activado.estado, activado.poliza, activado.proveedor) == ("completada", "QLT-9", aseguradora)
    evento = Evento.objects.filter(tipo=eventos.EVENTO_TAREA_PROVEEDOR).latest("secuencia")
    assert "Póliza QLT-9" in evento.datos["condicion"]


def test_el_cliente_declina_el_seguro_con_su_motivo_en_la_linea_de_tiempo(client, hacer):
    cop = hacer.f("cop")
    seguro = services.seguro_declinar(actor=cop, tarea=hacer.seguro(), motivo="Ya tiene póliza con su empresa")
    assert refrescar(seguro).motivo_declinacion == "Ya tiene póliza con su empresa"
    client.force_login(cop)
    pagina = client.get(reverse("operaciones:apartado", args=[seguro.apartado_id])).content.decode()
    assert "El cliente declinó el seguro: Ya tiene póliza con su empresa" in pagina
    assert "El cliente declina el seguro: Ya tiene póliza con su empresa" in pagina  # the timeline


def test_el_traslado_y_el_seguro_tienen_su_propia_accion(operacion, cop):
    datos = {"actor": cop, "apartado": operacion, "fecha_compromiso": timezone.localdate()}
    assert fallar(services.tarea_crear, **datos, tipo="traslado") == mensajes.TAREA_TIPO_PROPIO
    assert fallar(services.tarea_crear, **datos, tipo="seguro") == mensajes.TAREA_TIPO_PROPIO
    services.tarea_crear(**datos, tipo="placas")  # the gestor's tasks stay as they were
    services.tarea_crear(**datos, tipo="tenencia")


def test_el_traslado_exige_origen_destino_empresa_de_traslados_y_fecha(hacer, red):
    cop = hacer.f("cop")
    operacion = hacer.a_domicilio()
    datos = {
        "actor": cop,
        "apartado": operacion,
        "origen": "Autos del Norte",
        "destino": "Av. Juárez 10",
        "proveedor": contacto_de(cop, "traslados"),
        "fecha_compromiso": timezone.localdate(),
    }
    assert fallar(services.traslado_programar, **{**datos, "destino": ""}) == mensajes.TRASLADO_DATOS_REQUERIDOS
    assert fallar(services.traslado_programar, **{**datos, "fecha_compromiso": None}) == (
        mensajes.TRASLADO_DATOS_REQUERIDOS
    )
    otro_tipo = contacto_de(cop, "aseguradora")
    assert fallar(services.traslado_programar, **{**datos, "proveedor": otro_tipo}) == (
        mensajes.PROVEEDOR_DE_OTRO_TIPO.format(tipo="Empresa de traslados")
    )
    assert not TareaProveedor.objects.filter(tipo="traslado").exists()
    traslado = services.traslado_programar(**datos)
    assert (traslado.origen, traslado.destino, traslado.estado) == ("Autos del Norte", "Av. Juárez 10", "pendiente")


# --- The delivery place: one source of truth, a change asks for a reason -----------------------------------


def test_cambiar_el_lugar_pide_motivo_queda_en_la_linea_de_tiempo_y_avisa_al_cop(client, hacer):
    asesor, cop = hacer.f("asesor"), hacer.f("cop")
    operacion = hacer.validada(**SOLICITUD_DE_CONTADO)
    datos = {"actor": asesor, "apartado": operacion, "lugar": "domicilio", "detalle": "Av. Juárez 10"}
    assert fallar(services.lugar_entrega_cambiar, **datos, motivo=" ") == mensajes.LUGAR_MOTIVO_REQUERIDO
    assert fallar(services.lugar_entrega_cambiar, **{**datos, "detalle": ""}, motivo="x") == (
        mensajes.ENTREGA_SIN_DETALLE
    )
    igual = {**datos, "lugar": "concesionario_unidad", "detalle": ""}
    assert fallar(services.lugar_entrega_cambiar, **igual, motivo="x") == mensajes.LUGAR_SIN_CAMBIO
    assert not Evento.objects.filter(tipo=eventos.EVENTO_LUGAR_ENTREGA).exists()

    services.lugar_entrega_cambiar(**datos, motivo="El cliente no puede ir a la agencia")
    cambiado = refrescar(operacion)
    assert (cambiado.lugar_entrega, cambiado.lugar_entrega_detalle) == ("domicilio", "Av. Juárez 10")
    assert cambiado.requiere_traslado and cambiado.history.first().history_change_reason
    evento = Evento.objects.get(tipo=eventos.EVENTO_LUGAR_ENTREGA)
    assert evento.datos["motivo"] == "El cliente no puede ir a la agencia"
    avisados = Notificacion.objects.filter(titulo__startswith="Cambió el lugar de entrega")
    assert list(avisados.values_list("destinatario", flat=True)) == [cop.pk]  # not the asesor who changed it
    assert not CorreoSaliente.objects.filter(asunto__startswith="Cambió el lugar de entrega").exists()

    client.force_login(cop)
    pagina = client.get(reverse("operaciones:apartado", args=[operacion.pk])).content.decode()
    assert 'data-lugar-entrega="domicilio"' in pagina and "En su domicilio: Av. Juárez 10" in pagina
    assert "El cliente no puede ir a la agencia" in pagina  # the timeline shows the reason
    assert "traslado" in acciones_en_pagina(pagina)


def test_el_cambio_de_lugar_por_la_pagina_vuelve_con_el_motivo_en_espanol(client, hacer):
    operacion = hacer.validada(**SOLICITUD_DE_CONTADO)
    client.force_login(hacer.f("asesor"))
    url = reverse("operaciones:lugar_entrega", args=[operacion.pk])
    respuesta = client.post(url, {"lugar": "trabajo", "detalle": "Oficinas Valle", "motivo": ""})
    assert respuesta.status_code == 200 and mensajes.LUGAR_MOTIVO_REQUERIDO in respuesta.content.decode()
    assert refrescar(operacion).lugar_entrega == "concesionario_unidad"
    client.force_login(hacer.f("gerente_ventas"))
    respuesta = client.post(url, {"lugar": "trabajo", "detalle": "Oficinas Valle", "motivo": "Más cerca"})
    assert respuesta.status_code == 403  # only the COP and the asesor reach this page


# --- Smaller gaps -----------------------------------------------------------------------------------------


def test_el_enganche_mayor_que_el_precio_se_rechaza(hacer, unidad):
    errores = validar_solicitud(solicitud_completa(enganche=unidad.precio + 1), precio=unidad.precio)
    assert mensajes.ENGANCHE_EXCESIVO in errores
    with pytest.raises(ErrorNegocio) as error:
        hacer.f("apartar")(unidad, enganche=unidad.precio + Decimal("0.01"))
    assert mensajes.ENGANCHE_EXCESIVO in error.value.mensaje
    assert not Apartado.objects.exists()
    hacer.f("apartar")(unidad, enganche=unidad.precio)  # equal to the price is a full payment up front


def test_el_canal_del_lead_es_obligatorio_y_viene_del_catalogo(hacer, unidad):
    canales = list(CanalLead.objects.values_list("nombre", flat=True))
    assert "WhatsApp" in canales and len(canales) >= 5  # seeded after migrate and after every flush
    with pytest.raises(ErrorNegocio) as error:
        hacer.f("apartar")(unidad, canal=None)
    assert mensajes.CANAL_REQUERIDO in error.value.mensaje
    form = ApartarForm(data={"nombre": "Ana", "tipo_persona": "fisica", "forma_pago": "contado"}, precio=unidad.precio)
    assert not form.is_valid() and form.errors["canal"] == [mensajes.CANAL_REQUERIDO]
    retirado = CanalLead.objects.create(nombre="Volanteo", activo=False)
    assert retirado not in ApartarForm(precio=unidad.precio).fields["canal"].queryset
    whatsapp = CanalLead.objects.get(nombre="WhatsApp")
    assert hacer.f("apartar")(unidad, canal=whatsapp).canal == whatsapp


def test_el_catalogo_de_canales_vuelve_tras_un_flush_sin_duplicarse():
    CanalLead.objects.all().delete()  # what a browser test's flush does, which then emits post_migrate
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert list(CanalLead.objects.values_list("nombre", flat=True).order_by("orden")) == list(CANALES_INICIALES)


def test_un_migrate_que_paro_antes_de_crear_los_catalogos_no_los_siembra():
    """``migrate operaciones 0011`` (or a rollback) ends with post_migrate too, before CanalLead exists."""
    from django.db.migrations.state import ProjectState

    from atencion.apps import asegurar_giros
    from atencion.models import Giro
    from operaciones.apps import asegurar_canales

    CanalLead.objects.all().delete()
    Giro.objects.all().delete()
    sin_tablas = ProjectState().apps  # the state of a migrate that stopped before both models
    asegurar_canales(sender=None, apps=sin_tablas)
    asegurar_giros(sender=None, apps=sin_tablas)
    assert not CanalLead.objects.exists() and not Giro.objects.exists()


def test_el_cop_recibe_correo_cuando_el_concesionario_confirma_en_la_app(hacer):
    cop = hacer.f("cop")
    confirmado = hacer.apartado_confirmado()
    clave = f"operaciones-confirmacion-{confirmado.pk}"
    assert list(Notificacion.objects.filter(clave=clave).values_list("destinatario", flat=True)) == [cop.pk]
    assert list(CorreoSaliente.objects.filter(clave=clave).values_list("para", flat=True)) == [cop.email]


def test_si_el_cop_registra_la_confirmacion_no_se_manda_correo(hacer):
    apartado = hacer.apartado()
    services.apartado_registrar_confirmacion(actor=hacer.f("cop"), apartado=apartado, confirmo="Luis", medio="telefono")
    clave = f"operaciones-confirmacion-{apartado.pk}"
    assert Notificacion.objects.filter(clave=clave).exists()
    assert not CorreoSaliente.objects.filter(clave=clave).exists()


def test_el_cop_recibe_campana_y_correo_una_vez_cuando_se_cumplen_las_condiciones(hacer):
    cop = hacer.f("cop")
    operacion = preparar_cierre(hacer.validada(**SOLICITUD_DE_CONTADO), cop, sin=("seguro",))
    clave = f"operaciones-cierre-listo-{operacion.pk}"
    assert not Notificacion.objects.filter(clave=clave).exists()
    activar_seguro(operacion, cop)  # the last condition
    assert list(Notificacion.objects.filter(clave=clave).values_list("destinatario", flat=True)) == [cop.pk]
    assert list(CorreoSaliente.objects.filter(clave=clave).values_list("para", flat=True)) == [cop.email]
    services.entrega_programar(actor=cop, apartado=operacion, fecha_programada=timezone.now() + timedelta(days=5))
    assert Notificacion.objects.filter(clave=clave).count() == 1  # once


def test_los_archivos_del_trade_in_solo_para_el_cop_y_quienes_lo_responden(client, hacer, crear_usuario):
    trade_in = hacer.trade_in()
    cop = hacer.f("cop")
    archivo = services.tradein_agregar_archivo(
        actor=cop, trade_in=trade_in, tipo="foto", archivo=SimpleUploadedFile("f.png", PNG, content_type="image/png")
    )
    url = reverse("operaciones:tradein_archivo", args=[trade_in.apartado_id, archivo.pk])
    pagina = reverse("operaciones:tradein", args=[trade_in.apartado_id])
    webmaster_b = crear_usuario("webmaster", organizacion=hacer.f("concesionario"))
    for usuario in (cop, hacer.f("gerente_otro"), hacer.f("gerente_ventas")):  # COP, A and B answer it
        client.force_login(usuario)
        assert client.get(url).status_code == 200
        assert url in client.get(pagina).content.decode()
    for usuario in (hacer.f("asesor"), webmaster_b):
        client.force_login(usuario)
        assert client.get(url).status_code == 404
        assert client.get(pagina).status_code == 200 and url not in client.get(pagina).content.decode()


def test_el_coaching_de_la_operacion_aparece_en_su_linea_de_tiempo(client, hacer):
    cop, asesor = hacer.f("cop"), hacer.f("asesor")
    operacion = hacer.validada()
    services.coaching_registrar(
        actor=cop,
        asesor=asesor,
        fecha=timezone.localdate(),
        tipo="coaching",
        temas="Cómo pedir la confirmación a tiempo",
        apartado=operacion,
    )
    url = reverse("operaciones:apartado", args=[operacion.pk])
    for usuario in (cop, asesor):
        client.force_login(usuario)
        assert "Coaching: Cómo pedir la confirmación a tiempo" in client.get(url).content.decode()
    client.force_login(hacer.f("gerente_ventas"))  # the concesionario sees the operación, not the coaching
    assert "Cómo pedir la confirmación" not in client.get(url).content.decode()


def test_la_pagina_del_apartado_no_crece_en_consultas(client, hacer, django_assert_max_num_queries):
    cop = hacer.f("cop")
    operacion = hacer.a_domicilio()
    client.force_login(cop)
    url = reverse("operaciones:apartado", args=[operacion.pk])
    client.get(url)
    with django_assert_max_num_queries(200) as antes:
        client.get(url)
    completar_traslado(operacion, cop)
    activar_seguro(operacion, cop)
    for dias in range(3):
        services.tarea_crear(
            actor=cop, apartado=operacion, tipo="placas", fecha_compromiso=timezone.localdate() + timedelta(days=dias)
        )
        services.coaching_registrar(
            actor=cop,
            asesor=hacer.f("asesor"),
            fecha=timezone.localdate(),
            tipo="coaching",
            temas="x",
            apartado=operacion,
        )
    with django_assert_max_num_queries(len(antes.captured_queries)):  # does not grow with tasks or coaching
        client.get(url)
