import pytest

from comercial.empresas.models import Empresa, FacturacionMensual, Interaccion, PlanMensual, Producto, Venta, Visita
from comercial.models import ZonaCobertura

pytestmark = pytest.mark.django_db

MODELOS = (Empresa, Producto, PlanMensual, Venta, Visita, Interaccion, FacturacionMensual, ZonaCobertura)


def test_demo_de_empresas_es_idempotente_y_tiene_ventas_en_varios_estados(cargar_demo_de):
    cargar_demo_de("comercial.empresas.demo")
    conteos = {m.__name__: m.objects.count() for m in MODELOS}
    cargar_demo_de("comercial.empresas.demo")
    assert {m.__name__: m.objects.count() for m in MODELOS} == conteos
    assert len(set(Venta.objects.values_list("estado", flat=True))) >= 6
    localidades = "\n".join(
        ZonaCobertura.objects.filter(organizacion__slug="comteco").values_list("localidades", flat=True)
    )
    assert "Cala Cala" in localidades and "Quillacollo" in localidades
