"""Fixtures of comisiones and desempeño: rules, and closed operaciones built before the cierre service.

A closed operación is a validated apartado (``apartado_confirmado`` + ``services.apartado_validar``) moved
to cerrado with a queryset update, then given its lines by ``comision_crear_lineas_de_cierre`` inside a
transaction, as the cierre does.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from operaciones import services
from operaciones.models import Apartado, ReglaComision, Unidad
from tests.operaciones.factories import UnidadFactory


def crear_regla(**cambios):
    datos = {
        "nombre": "Regla de prueba",
        "tipo": ReglaComision.Tipo.PORCENTAJE,
        "valor": Decimal("1.75"),
        "vigente_desde": datetime.date(2024, 1, 1),
        "activa": True,
        "asesor_un_concesionario": Decimal("60"),
        "asesor_dos_concesionarios": Decimal("40"),
        "concesionario_a": Decimal("30"),
        "concesionario_b": Decimal("30"),
    }
    datos.update(cambios)
    return ReglaComision.objects.create(**datos)


def marcar_cerrado(apartado, *, cop, precio_final, cerrado_en=None):
    """What the cierre does to the apartado row (the cierre service belongs to another part)."""
    Apartado.objects.filter(pk=apartado.pk).update(
        estado=Apartado.Estado.CERRADO,
        cerrado_en=cerrado_en or timezone.now(),
        cerrado_por=cop,
        precio_final=precio_final,
    )
    Unidad.objects.filter(pk=apartado.unidad_id).update(estado=Unidad.Estado.VENDIDA)
    return Apartado.objects.select_related("asesor", "concesionario", "unidad").get(pk=apartado.pk)


def crear_lineas(apartado, *, actor):
    with transaction.atomic():
        return services.comision_crear_lineas_de_cierre(apartado, actor=actor)


@pytest.fixture
def regla(db):
    return crear_regla()


@pytest.fixture
def cerrar_operacion(cop, apartar, gerente_ventas, concesionario):
    """``cerrar_operacion(precio_final, asesor=None, cerrado_en=None)`` → a closed operación with its lines."""

    def cerrar(precio_final=Decimal("289900.00"), *, asesor=None, cerrado_en=None):
        apartado = apartar(UnidadFactory(concesionario=concesionario), actor=asesor)
        services.apartado_confirmar_disponibilidad(actor=gerente_ventas, apartado=apartado)
        services.apartado_validar(actor=cop, apartado=apartado)
        cerrado = marcar_cerrado(apartado, cop=cop, precio_final=precio_final, cerrado_en=cerrado_en)
        crear_lineas(cerrado, actor=cop)
        return cerrado

    return cerrar
