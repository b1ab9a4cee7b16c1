from datetime import timedelta

import pytest

from enlace import bitacora
from enlace.models import Evento, Organizacion, Usuario
from operaciones import selectors
from operaciones.eventos import DETONANTE_APARTADO, DETONANTE_CIERRE
from operaciones.models import (
    AlertaAntiguedad,
    Apartado,
    AvisoAvance,
    CambioUnidad,
    Cliente,
    Escalamiento,
    ImportacionInventario,
    Mensaje,
    SolicitudCancelacion,
    Unidad,
)

pytestmark = pytest.mark.django_db


def conteos():
    return {
        "concesionarios": Organizacion.objects.filter(tipo="concesionario", padre__slug="enlacegrup").count(),
        "unidades": Unidad.objects.count(),
        "apartados": Apartado.objects.count(),
        "clientes": Cliente.objects.count(),
        "alertas": AlertaAntiguedad.objects.count(),
        "eventos": Evento.objects.filter(tipo__startswith="operaciones.").count(),
        "mensajes": Mensaje.objects.count(),
        "avisos": AvisoAvance.objects.count(),
    }


def test_demo_es_idempotente_y_cubre_cada_estado(cargar_demo_de):
    cargar_demo_de("operaciones.demo")
    primera = conteos()
    cargar_demo_de("operaciones.demo")
    assert conteos() == primera
    assert primera["concesionarios"] >= 5 and primera["unidades"] >= 300
    assert set(Apartado.objects.values_list("estado", flat=True)) == set(Apartado.Estado.values)
    assert Apartado.objects.filter(
        estado="pendiente", vence__lt=Apartado.objects.order_by("-vence").first().vence
    ).exists()
    assert primera["alertas"] > 0


def test_demo_muestra_al_cop_como_centro_de_la_red(cargar_demo_de):
    cargar_demo_de("operaciones.demo")
    assert Mensaje.objects.values("hilo").distinct().count() >= 2
    assert set(Escalamiento.objects.values_list("estado", flat=True)) == {"abierta", "respondida"}
    assert AvisoAvance.objects.values("concesionario").distinct().count() >= 5


def test_demo_deja_trabajo_esperando_al_webmaster(cargar_demo_de):
    cargar_demo_de("operaciones.demo")
    norte = Organizacion.objects.get(slug="concesionario-norte")
    assert CambioUnidad.objects.pendientes().filter(unidad__concesionario=norte).count() == 1
    assert Mensaje.objects.filter(
        tipo="fotos_videos", hilo__concesionario=norte, hilo__esperando_desde__isnull=False
    ).exists()
    importacion = ImportacionInventario.objects.get(concesionario=norte)
    assert importacion.completo and len(importacion.ausentes) == 1
    assert Unidad.objects.get(pk=importacion.ausentes[0]).estado != "retirada"


def test_demo_deja_trabajo_a_la_gente_del_concesionario(cargar_demo_de):
    """The demo logins of the gerente de ventas and de financiera find work waiting; the asesor's cancellation
    request waits for the COP."""
    cargar_demo_de("operaciones.demo")
    gerente_ventas = Usuario.objects.get(email="gerente.ventas@demo.enlace.mx")
    gerente_financiera = Usuario.objects.get(email="gerente.financiera@demo.enlace.mx")
    assert selectors.descuentos_por_responder(gerente_ventas).filter(estado="solicitada").exists()
    assert (
        selectors.financiamientos_del_concesionario(gerente_financiera).filter(financiamiento_estado="enviada").exists()
    )
    pendiente = SolicitudCancelacion.objects.get(estado="pendiente")
    assert pendiente.solicitada_por.email == "asesor@demo.enlace.mx"


def test_demo_da_al_informe_de_cuellos_etapas_de_horas(cargar_demo_de):
    """The demo's operaciones were worked over past hours, so the COP's bottleneck report shows stages of
    hours (not «0,0 h»); each apartado's own dates agree with its timeline; the chain stays intact."""
    cargar_demo_de("operaciones.demo")
    cop = Usuario.objects.get(email="cop@demo.enlace.mx")
    etapas = selectors.cuellos_de_botella(cop)["etapas"]
    assert len(etapas) == 5
    assert all(fila.mediana >= 3600 and fila.p90 < 24 * 3600 for fila in etapas), etapas
    for cerrada in Apartado.objects.filter(estado="cerrado"):
        momentos = dict(
            Evento.objects.filter(
                objeto_id=str(cerrada.pk), tipo__in=[DETONANTE_APARTADO, DETONANTE_CIERRE]
            ).values_list("tipo", "creado")
        )
        assert cerrada.creado == momentos[DETONANTE_APARTADO] < cerrada.validado_en < cerrada.cerrado_en
        assert cerrada.cerrado_en == momentos[DETONANTE_CIERRE]
        assert cerrada.validado_en - cerrada.creado < timedelta(hours=24)
        # what the services stamp themselves happened on the same clock: paid and delivered before the Cierre
        assert cerrada.validado_en < cerrada.expediente.pago_confirmado_en < cerrada.cerrado_en
        assert cerrada.entrega.fecha_programada < cerrada.cerrado_en
        assert cerrada.documentos.order_by("subido").last().subido < cerrada.cerrado_en
    assert [a.cliente.correo for a in selectors.operaciones_sin_movimiento(cop)] == [
        "concesionariosemana-2@semana.cliente.demo"
    ]
    assert bitacora.verificar() == []
