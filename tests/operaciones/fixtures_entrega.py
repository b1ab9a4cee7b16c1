"""Fixtures of the entrega and cierre tests: a validated operación, files, and one ready to close."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from operaciones import services
from operaciones.models import Contacto, TareaProveedor, documentos_requeridos

PDF = b"%PDF-1.4 documento de prueba"
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 32
UUID_FACTURA = "6F9A2C1E-3B4D-4E5F-8A9B-0C1D2E3F4A5B"


@pytest.fixture(autouse=True)
def almacen_temporal(settings, tmp_path):
    """Uploads go to a temporary directory (returned, to assert what was stored)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    return tmp_path


def archivos_guardados(carpeta):
    return [p for p in carpeta.rglob("*") if p.is_file()]


def pdf(nombre="documento.pdf", contenido=PDF):
    return SimpleUploadedFile(nombre, contenido, content_type="application/pdf")


# Contado and without a discount, so the negotiation (another part) has nothing pending.
SOLICITUD_DE_CONTADO = {"forma_pago": "contado", "financiera": "", "enganche": 0, "descuento_solicitado": 0}


@pytest.fixture
def pendiente_de_contado(apartar, unidad, gerente_ventas):
    """A pending apartado of a cash sale, availability confirmed."""
    apartado = apartar(unidad, **SOLICITUD_DE_CONTADO)
    return services.apartado_confirmar_disponibilidad(actor=gerente_ventas, apartado=apartado)


@pytest.fixture
def operacion(pendiente_de_contado, cop):
    """A validated apartado: the operación."""
    return services.apartado_validar(actor=cop, apartado=pendiente_de_contado)


def completar_expediente(operacion, actor):
    for tipo in documentos_requeridos(tipo_persona=operacion.tipo_persona, forma_pago=operacion.forma_pago):
        services.documento_agregar(actor=actor, apartado=operacion, tipo=tipo, archivo=pdf(f"{tipo}.pdf"))


def confirmar_pago(operacion, cop):
    services.pago_confirmar(actor=cop, apartado=operacion, referencia="SPEI 123", monto=Decimal("229900"))


def registrar_factura(operacion, cop):
    services.factura_registrar(actor=cop, apartado=operacion, uuid=UUID_FACTURA, fecha=date(2026, 1, 15))


def programar_entrega(operacion, cop):
    services.entrega_programar(actor=cop, apartado=operacion, fecha_programada=timezone.now() + timedelta(days=2))


def contacto_de(cop, tipo):
    """A contact of the COP's directory of ``tipo`` (aseguradora, traslados…), created once."""
    return Contacto.objects.get_or_create(
        organizacion=cop.organizacion, tipo=tipo, nombre=f"Contacto {tipo}", defaults={"empresa": tipo.title()}
    )[0]


def seguro_de(operacion):
    return TareaProveedor.objects.get(apartado=operacion, tipo="seguro")


def activar_seguro(operacion, cop):
    services.seguro_activar(
        actor=cop,
        tarea=seguro_de(operacion),
        proveedor=contacto_de(cop, "aseguradora"),
        poliza="QLT-123456",
        fecha_activacion=timezone.localdate(),
    )


def completar_traslado(operacion, cop):
    traslado = services.traslado_programar(
        actor=cop,
        apartado=operacion,
        origen="Autos del Norte, Monterrey",
        destino="Av. Juárez 10, Monterrey",
        proveedor=contacto_de(cop, "traslados"),
        fecha_compromiso=timezone.localdate(),
    )
    services.tarea_completar(actor=cop, tarea=traslado)


PASOS_DEL_CIERRE = {
    "pago": confirmar_pago,
    "factura": registrar_factura,
    "documentos": completar_expediente,
    "entrega": programar_entrega,
    "seguro": activar_seguro,
}


def preparar_cierre(operacion, cop, *, sin=()):
    """Meet every condition of the cierre except those named in ``sin``."""
    for nombre, paso in PASOS_DEL_CIERRE.items():
        if nombre not in sin:
            paso(operacion, cop)
    return operacion


@pytest.fixture
def operacion_lista(operacion, cop):
    """A validated operación meeting every condition of the cierre."""
    return preparar_cierre(operacion, cop)
