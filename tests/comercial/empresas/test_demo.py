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


def test_demo_de_empresas_deja_trabajo_en_la_cola_de_cada_rol(cargar_demo_de):
    from comercial.empresas import rules  # noqa: F401  (the rules are autodiscovered by the app)
    from comercial.empresas.models import Estado, InformeEjecutivo, OrdenTrabajo
    from enlace.models import Usuario

    cargar_demo_de("comercial.empresas.demo")
    gestor = Usuario.objects.get(email="gestor.comercial@demo.enlace.mx")
    segundo = Usuario.objects.get(email="gestor.comercial.2@demo.enlace.mx")
    assert segundo.groups.filter(name="gestor_comercial").exists()
    digitada = Venta.objects.get(estado=Estado.DIGITADA)
    # The demo's gestor comercial can check the typing: someone else typed it.
    assert digitada.digitada_por == segundo
    assert gestor.has_perm("comercial_empresas.controlar_digitacion", digitada)
    estados = set(Venta.objects.values_list("estado", flat=True))
    assert {Estado.EN_VOBO, Estado.DERIVADA, Estado.GESTION_TECNICA, Estado.ORDENES, Estado.SEGUIMIENTO} <= estados
    assert OrdenTrabajo.objects.filter(estado="solicitada").exists()
    assert InformeEjecutivo.objects.filter(analizado_en__isnull=True).exists()
    assert Visita.objects.filter(realizada=False).exists()
    from django.utils import timezone

    from comercial.empresas.models import Derivacion

    assert Derivacion.objects.filter(estado="recibida", vence_el__lt=timezone.localdate()).exists()
