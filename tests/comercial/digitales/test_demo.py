import pytest

from comercial.digitales.models import Estado, IntentoContacto, RegistroImpedimento, SolicitudDigital
from comercial.models import ZonaCobertura

pytestmark = pytest.mark.django_db


def conteos():
    return (
        SolicitudDigital.objects.count(),
        IntentoContacto.objects.count(),
        RegistroImpedimento.objects.count(),
        ZonaCobertura.objects.filter(organizacion__slug="comteco").count(),
    )


def test_demo_idempotente_con_todos_los_estados(cargar_demo_de):
    cargar_demo_de("comercial.digitales.demo")
    primera = conteos()
    cargar_demo_de("comercial.digitales.demo")
    assert conteos() == primera
    assert set(SolicitudDigital.objects.values_list("estado", flat=True)) == set(Estado.values)
    assert SolicitudDigital.objects.filter(perdida=True, estado=Estado.EN_COLA).exists()
    assert primera[2] >= 3 and primera[3] >= 1


def test_demo_deja_ordenes_pendiente_vencida_y_una_venta_lista_para_el_seguimiento(cargar_demo_de):
    from django.utils import timezone

    from comercial.digitales.models import ClienteComteco, OrdenInstalacion
    from comercial.digitales.selectors import seguimientos_vencidos

    cargar_demo_de("comercial.digitales.demo")
    cargar_demo_de("comercial.digitales.demo")
    hoy = timezone.localdate()
    pendientes = OrdenInstalacion.objects.pendientes()
    assert pendientes.filter(fecha_estimada__gte=hoy).count() == 1
    assert OrdenInstalacion.objects.vencidas(hoy).count() == 1
    assert seguimientos_vencidos(SolicitudDigital.objects.all(), timezone.now()).count() == 1
    assert SolicitudDigital.objects.filter(estado=Estado.DIGITADA).exists()  # for the gestor(a) comercial
    assert ClienteComteco.objects.count() >= 5
