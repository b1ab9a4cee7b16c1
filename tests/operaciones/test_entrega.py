# ruff: noqa: F811 - fixtures imported from tests.operaciones.fixtures_entrega
"""Entrega: expediente uploads, payment, factura, delivery scheduling, provider tasks and the directory."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from enlace.acciones import NO_DISPONIBLE
from enlace.errores import ErrorNegocio
from enlace.models import CorreoSaliente, Evento, Notificacion
from operaciones import eventos, mensajes, services
from operaciones.models import (
    CategoriaContacto,
    Contacto,
    DocumentoOperacion,
    Entrega,
    ExpedienteOperacion,
    TareaProveedor,
)
from tests.operaciones.factories import ConcesionarioFactory
from tests.operaciones.fixtures_entrega import (  # noqa: F401
    PDF,
    PNG,
    SOLICITUD_DE_CONTADO,
    UUID_FACTURA,
    almacen_temporal,
    archivos_guardados,
    operacion,
    pdf,
    pendiente_de_contado,
)

pytestmark = pytest.mark.django_db


def refrescar(obj):
    return type(obj).objects.get(pk=obj.pk)


def fallar(servicio, **kwargs):
    with pytest.raises(ErrorNegocio) as error:
        servicio(**kwargs)
    return error.value.mensaje


# --- Expediente ------------------------------------------------------------------------


def test_documentos_del_cop_del_asesor_y_del_concesionario(operacion, cop, asesor, gerente_ventas, almacen_temporal):
    for actor, archivo in ((cop, pdf()), (asesor, SimpleUploadedFile("ine.png", PNG)), (gerente_ventas, pdf())):
        services.documento_agregar(actor=actor, apartado=operacion, tipo="identificacion", archivo=archivo)
    assert DocumentoOperacion.objects.filter(apartado=operacion).count() == 3
    assert len(archivos_guardados(almacen_temporal)) == 3
    evento = Evento.objects.filter(tipo=eventos.EVENTO_DOCUMENTO).last()
    assert evento.objeto_id == str(operacion.pk) and evento.datos["documento"] == "Identificación oficial"


@pytest.mark.parametrize(
    ("nombre", "contenido", "mensaje"),
    [
        ("virus.exe", b"MZ", "no es de un tipo permitido (PDF, imagen JPG, PNG o WEBP)"),
        ("falso.pdf", b"no soy un pdf", "no corresponde a su extensión; no se guardó"),
        ("grande.pdf", PDF + b"0" * 100, "el máximo permitido es"),
    ],
)
def test_subida_invalida_se_rechaza_y_no_guarda_nada(
    operacion, cop, almacen_temporal, settings, nombre, contenido, mensaje
):
    settings.OPERACIONES_ARCHIVO_MAX_BYTES = 100
    archivo = SimpleUploadedFile(nombre, contenido)
    error = fallar(services.documento_agregar, actor=cop, apartado=operacion, tipo="identificacion", archivo=archivo)
    assert mensaje in error
    assert not DocumentoOperacion.objects.exists()
    assert archivos_guardados(almacen_temporal) == []
    assert not Evento.objects.filter(tipo=eventos.EVENTO_DOCUMENTO).exists()


def test_otro_concesionario_no_maneja_el_expediente(operacion, gerente_otro, almacen_temporal):
    error = fallar(
        services.documento_agregar, actor=gerente_otro, apartado=operacion, tipo="identificacion", archivo=pdf()
    )
    assert error == mensajes.NO_EXPEDIENTE
    assert not DocumentoOperacion.objects.exists() and archivos_guardados(almacen_temporal) == []


def test_sin_validar_no_hay_expediente(pendiente_de_contado, cop):
    error = fallar(
        services.documento_agregar, actor=cop, apartado=pendiente_de_contado, tipo="identificacion", archivo=pdf()
    )
    assert error == mensajes.APARTADO_SIN_VALIDAR
    assert fallar(services.documento_agregar, actor=cop, apartado=pendiente_de_contado, tipo="x", archivo=pdf()) == (
        mensajes.TIPO_DOCUMENTO_INVALIDO
    )


# --- Pago y factura ----------------------------------------------------------------------


def test_el_cop_confirma_el_pago_una_vez(operacion, cop, asesor):
    assert (
        fallar(services.pago_confirmar, actor=asesor, apartado=operacion, referencia="x", monto=1)
        == mensajes.NO_CONFIRMA_PAGO
    )
    for referencia, monto in (("", Decimal(1)), ("SPEI", Decimal(0)), ("SPEI", None)):
        error = fallar(services.pago_confirmar, actor=cop, apartado=operacion, referencia=referencia, monto=monto)
        assert error == mensajes.PAGO_DATOS_REQUERIDOS
    assert not ExpedienteOperacion.objects.exists()

    expediente = services.pago_confirmar(actor=cop, apartado=operacion, referencia=" SPEI 99 ", monto=Decimal("100"))
    expediente = refrescar(expediente)
    assert expediente.pago_confirmado_por == cop and expediente.pago_referencia == "SPEI 99"
    assert Evento.objects.get(tipo=eventos.EVENTO_PAGO_CONFIRMADO).datos["referencia"] == "SPEI 99"

    error = fallar(services.pago_confirmar, actor=cop, apartado=operacion, referencia="otra", monto=Decimal("5"))
    assert error == mensajes.PAGO_YA_CONFIRMADO
    assert refrescar(expediente).pago_monto == Decimal("100")


def test_factura_con_uuid_y_archivos_validados(operacion, cop, almacen_temporal):
    fecha = date(2026, 2, 1)
    error = fallar(services.factura_registrar, actor=cop, apartado=operacion, uuid="123", fecha=fecha)
    assert error == mensajes.FACTURA_UUID_INVALIDO
    xml_malo = SimpleUploadedFile("cfdi.xml", b"MZ no xml")
    error = fallar(
        services.factura_registrar, actor=cop, apartado=operacion, uuid=UUID_FACTURA, fecha=fecha, xml=xml_malo
    )
    assert "no corresponde a su extensión" in error
    assert archivos_guardados(almacen_temporal) == [] and not ExpedienteOperacion.objects.exists()

    xml = SimpleUploadedFile("cfdi.xml", b'<?xml version="1.0"?><cfdi:Comprobante/>')
    expediente = services.factura_registrar(
        actor=cop, apartado=operacion, uuid=UUID_FACTURA.lower(), fecha=fecha, pdf=pdf("factura.pdf"), xml=xml
    )
    expediente = refrescar(expediente)
    assert expediente.factura_uuid == UUID_FACTURA and expediente.factura_pdf and expediente.factura_xml
    assert len(archivos_guardados(almacen_temporal)) == 2
    assert Evento.objects.get(tipo=eventos.EVENTO_FACTURA).datos["uuid"] == UUID_FACTURA
    error = fallar(services.factura_registrar, actor=cop, apartado=operacion, uuid=UUID_FACTURA, fecha=fecha)
    assert error == mensajes.FACTURA_YA_REGISTRADA


# --- Entrega ------------------------------------------------------------------------------


def test_programar_entrega_notifica_al_asesor_y_al_concesionario(operacion, cop, asesor, gerente_ventas, gerente_otro):
    cuando = timezone.now() + timedelta(days=3)
    datos = {"actor": cop, "apartado": operacion, "fecha_programada": cuando}
    assert fallar(services.entrega_programar, **{**datos, "actor": asesor}) == mensajes.NO_COORDINA
    assert not Entrega.objects.exists()

    for _ in range(2):  # a retry notifies nobody twice
        entrega = services.entrega_programar(**datos)
    clave = f"operaciones-entrega-{operacion.pk}-{cuando:%Y%m%d%H%M}"
    assert set(Notificacion.objects.filter(clave=clave).values_list("destinatario_id", flat=True)) == {
        asesor.pk,
        gerente_ventas.pk,
    }
    assert set(CorreoSaliente.objects.filter(clave=clave).values_list("para", flat=True)) == {
        asesor.email,
        gerente_ventas.email,
    }
    assert "en el concesionario que tiene la unidad" in Notificacion.objects.filter(clave=clave).first().cuerpo
    assert Evento.objects.filter(tipo=eventos.EVENTO_ENTREGA_PROGRAMADA).count() == 2
    assert refrescar(entrega).fecha_programada == cuando


# --- Tareas de proveedores --------------------------------------------------------------------


@pytest.fixture
def aseguradora(red, cop):
    return services.contacto_guardar(actor=cop, datos={"tipo": "aseguradora", "nombre": "Ana", "empresa": "Seguros MX"})


def test_tarea_de_proveedor_pendiente_en_proceso_completada(operacion, cop, red):
    gestor = services.contacto_guardar(actor=cop, datos={"tipo": "gestor", "nombre": "Ana", "empresa": "Gestoría"})
    tarea = services.tarea_crear(
        actor=cop,
        apartado=operacion,
        tipo="placas",
        proveedor=gestor,
        fecha_compromiso=date(2026, 3, 1),
    )
    assert tarea.unidad_id == operacion.unidad_id and tarea.estado == TareaProveedor.Estado.PENDIENTE
    services.tarea_avanzar(actor=cop, tarea=tarea)
    assert fallar(services.tarea_avanzar, actor=cop, tarea=tarea) == NO_DISPONIBLE.format(
        accion="Marcar la tarea en proceso", estado="En proceso"
    )
    services.tarea_completar(actor=cop, tarea=tarea, notas="Placas 123 entregadas")
    tarea = refrescar(tarea)
    assert (
        tarea.estado == TareaProveedor.Estado.COMPLETADA and tarea.terminada_por == cop and "Placas 123" in tarea.notas
    )
    assert fallar(services.tarea_cancelar, actor=cop, tarea=tarea) == NO_DISPONIBLE.format(
        accion="Cancelar la tarea", estado="Completada"
    )
    estados = [
        e.datos["estado"] for e in Evento.objects.filter(tipo=eventos.EVENTO_TAREA_PROVEEDOR).order_by("secuencia")
    ]
    assert estados == ["pendiente", "en_proceso", "completada"]


def test_tarea_invalida(operacion, cop, asesor, red):
    datos = {"actor": cop, "apartado": operacion, "tipo": "verificacion", "fecha_compromiso": date(2026, 3, 1)}
    antes = TareaProveedor.objects.count()  # the seguro of the purchase
    assert fallar(services.tarea_crear, **{**datos, "actor": asesor}) == mensajes.NO_COORDINA
    assert fallar(services.tarea_crear, **{**datos, "fecha_compromiso": None}) == mensajes.TAREA_FECHA_REQUERIDA
    ajeno = Contacto.objects.create(organizacion=ConcesionarioFactory(), tipo="gestor", nombre="Ajeno")
    assert fallar(services.tarea_crear, **datos, proveedor=ajeno) == mensajes.PROVEEDOR_AJENO
    assert fallar(services.tarea_crear, actor=cop, tipo="fotos_videos", fecha_compromiso=date(2026, 3, 1)) == (
        mensajes.TAREA_SIN_UNIDAD
    )
    assert TareaProveedor.objects.count() == antes


def test_el_cop_cancela_y_el_asesor_no(operacion, cop, asesor):
    tarea = services.tarea_crear(actor=cop, apartado=operacion, tipo="placas", fecha_compromiso=date(2026, 3, 1))
    assert fallar(services.tarea_cancelar, actor=asesor, tarea=tarea) == mensajes.TAREA_NO_PERMITIDA
    assert fallar(services.tarea_completar, actor=asesor, tarea=tarea) == mensajes.TAREA_NO_PERMITIDA
    services.tarea_cancelar(actor=cop, tarea=tarea, notas="El cliente tramita sus placas")
    assert refrescar(tarea).estado == TareaProveedor.Estado.CANCELADA


def test_el_webmaster_completa_su_solicitud_de_fotos(unidad, cop, crear_usuario, concesionario, otro_concesionario):
    webmaster = crear_usuario("webmaster", organizacion=concesionario)
    ajeno = crear_usuario("webmaster", organizacion=otro_concesionario)
    tarea = services.tarea_crear(actor=cop, unidad=unidad, tipo="fotos_videos", fecha_compromiso=date(2026, 3, 1))
    assert tarea.apartado_id is None
    aviso = Notificacion.objects.get(clave=f"operaciones-tarea-{tarea.pk}")
    assert aviso.destinatario == webmaster
    assert fallar(services.tarea_completar, actor=ajeno, tarea=tarea) == mensajes.TAREA_NO_PERMITIDA
    services.tarea_avanzar(actor=webmaster, tarea=tarea)
    services.tarea_completar(actor=webmaster, tarea=tarea)
    assert refrescar(tarea).estado == TareaProveedor.Estado.COMPLETADA
    assert not Evento.objects.filter(tipo=eventos.EVENTO_TAREA_PROVEEDOR).exists()  # no operación: no event

    otra = services.tarea_crear(actor=cop, unidad=unidad, tipo="otro", fecha_compromiso=date(2026, 3, 1))
    assert fallar(services.tarea_completar, actor=webmaster, tarea=otra) == mensajes.TAREA_NO_PERMITIDA


# --- Directorio ---------------------------------------------------------------------------------


def test_directorio_del_cop(cop, asesor, red, concesionario):
    assert fallar(services.contacto_guardar, actor=asesor, datos={"tipo": "gestor", "nombre": "X"}) == mensajes.SOLO_COP
    assert fallar(services.contacto_guardar, actor=cop, datos={"tipo": "nada", "nombre": "X"}) == (
        mensajes.CONTACTO_DATOS_REQUERIDOS
    )
    contacto = services.contacto_guardar(
        actor=cop, datos={"tipo": "webmaster", "nombre": "Luis", "concesionario": concesionario, "telefono": "81 1"}
    )
    assert contacto.organizacion == red and contacto.categoria == CategoriaContacto.SOPORTE_OPERACION
    services.contacto_guardar(actor=cop, contacto=contacto, datos={"tipo": "gestor", "nombre": "Luis R."})
    contacto = refrescar(contacto)
    assert (contacto.nombre, contacto.categoria, contacto.concesionario) == (
        "Luis R.",
        CategoriaContacto.PROVEEDOR,
        None,
    )
