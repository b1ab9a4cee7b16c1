"""The hand-off of a completed sale to Venta de Productos/Servicios (GC-PRC-OPE-CUM-04) as a record."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comercial.empresas import services
from comercial.empresas.models import Derivacion, Estado
from enlace.acciones import AccionRechazada
from enlace.models import Evento
from tests.comercial.empresas.factories import EmpresaFactory, VentaFactory

pytestmark = pytest.mark.django_db


def _derivacion(equipo, **campos):
    empresa = EmpresaFactory(organizacion=equipo.org, ejecutivo=equipo.ejecutivo, **campos)
    venta = VentaFactory(empresa=empresa, estado=Estado.COMPLETADA)
    return services.derivacion_crear(actor=equipo.ejecutivo, venta=venta)


def test_la_venta_completada_se_deriva_con_servicios_documentos_quien_y_cuando(equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.COMPLETADA)
    derivacion = Derivacion.objects.get(venta=venta)
    assert derivacion.derivada_por == equipo.ejecutivo and derivacion.derivada_en is not None
    assert derivacion.estado == "recibida"
    assert [s["cantidad"] for s in derivacion.servicios] == [1] and derivacion.servicios[0]["codigo"]
    assert [d["descripcion"] for d in derivacion.documentos] == ["NIT"]
    assert derivacion.vence_el == timezone.localdate() + timedelta(days=3)
    assert Evento.objects.filter(tipo="empresas.derivacion.crear").count() == 1
    # Idempotent: handing it over again returns the same record.
    assert services.derivacion_crear(actor=equipo.ejecutivo, venta=venta) == derivacion


def test_la_derivacion_pasa_por_sus_estados_con_el_responsable(equipo):
    derivacion = _derivacion(equipo)
    with pytest.raises(AccionRechazada):
        services.derivacion_cerrar(actor=equipo.responsable, derivacion=derivacion, observaciones="Aún no")
    with pytest.raises(AccionRechazada):
        services.derivacion_poner_en_proceso(actor=equipo.ejecutivo, derivacion=derivacion)
    derivacion = services.derivacion_poner_en_proceso(actor=equipo.responsable, derivacion=derivacion)
    assert derivacion.estado == "en_proceso" and derivacion.atendida_por == equipo.responsable
    with pytest.raises(services.ErrorEmpresas, match=services.SIN_CIERRE_DERIVACION):
        services.derivacion_cerrar(actor=equipo.responsable, derivacion=derivacion, observaciones="  ")
    derivacion.refresh_from_db()
    assert derivacion.estado == "en_proceso"
    derivacion = services.derivacion_cerrar(actor=equipo.responsable, derivacion=derivacion, observaciones="Instalado")
    assert derivacion.estado == "cerrada" and derivacion.cerrada_en is not None
    tipos = set(Evento.objects.filter(tipo__startswith="empresas.derivacion").values_list("tipo", flat=True))
    assert {"empresas.derivacion.poner_en_proceso", "empresas.derivacion.cerrar"} <= tipos


def test_solo_el_responsable_prioriza(equipo):
    derivacion = _derivacion(equipo)
    with pytest.raises(AccionRechazada, match="prioriza"):
        services.derivacion_priorizar(actor=equipo.ejecutivo, derivacion=derivacion, prioridad=1)
    assert services.derivacion_priorizar(actor=equipo.responsable, derivacion=derivacion, prioridad=1).prioridad == 1


def test_pagina_de_acciones_por_post(client, equipo):
    derivacion = _derivacion(equipo)
    client.force_login(equipo.responsable)
    url = reverse("comercial:empresas:derivacion_accion", args=[derivacion.pk, "poner_en_proceso"])
    assert client.post(url, {"observaciones": "Tomada"}).status_code == 302
    derivacion.refresh_from_db()
    assert derivacion.estado == "en_proceso"
    # An ejecutivo sees it (own sale) but is not offered nor allowed the step.
    client.force_login(equipo.ejecutivo)
    html = client.get(reverse("comercial:empresas:derivacion", args=[derivacion.pk])).content.decode()
    assert 'data-accion="cerrar"' not in html
    url = reverse("comercial:empresas:derivacion_accion", args=[derivacion.pk, "cerrar"])
    client.post(url, {"observaciones": "No me toca"})
    derivacion.refresh_from_db()
    assert derivacion.estado == "en_proceso"


def test_otra_organizacion_404_y_rol_ajeno_rechazado(client, equipo, otra_organizacion, crear_usuario):
    derivacion = _derivacion(equipo)
    ajeno = crear_usuario("responsable_empresas", organizacion=otra_organizacion)
    client.force_login(ajeno)
    assert client.get(reverse("comercial:empresas:derivacion", args=[derivacion.pk])).status_code == 404
    url = reverse("comercial:empresas:derivacion_accion", args=[derivacion.pk, "poner_en_proceso"])
    assert client.post(url, {}).status_code == 404
    client.force_login(equipo.tecnico)
    assert client.get(reverse("comercial:empresas:derivaciones")).status_code in (403, 404)
    assert client.get(reverse("comercial:empresas:derivacion", args=[derivacion.pk])).status_code in (403, 404)
    client.force_login(equipo.ejecutivo2)  # not the sale's ejecutivo
    assert client.get(reverse("comercial:empresas:derivacion", args=[derivacion.pk])).status_code == 404


def test_lista_ordenable_vencidas_resaltadas_y_consultas_fijas(client, equipo, django_assert_num_queries):
    baja = _derivacion(equipo)
    services.derivacion_priorizar(actor=equipo.responsable, derivacion=baja, prioridad=3)
    alta = _derivacion(equipo)
    services.derivacion_priorizar(actor=equipo.responsable, derivacion=alta, prioridad=1)
    Derivacion.objects.filter(pk=baja.pk).update(vence_el=timezone.localdate() - timedelta(days=1))
    client.force_login(equipo.responsable)
    url = reverse("comercial:empresas:derivaciones")
    html = client.get(url).content.decode()
    assert html.index(alta.codigo) < html.index(baja.codigo)  # by priority
    html = client.get(url, {"orden": "vence"}).content.decode()
    assert html.index(baja.codigo) < html.index(alta.codigo)  # overdue first
    assert 'class="fila-vencida"' in html and "vencida</strong>" in html
    inicio = client.get(reverse("comercial:empresas:inicio")).content.decode()
    cola = inicio.split('id="cola-derivaciones"')[1].split("</section>")[0]
    assert "(2)" in cola and "vencida" in cola
    with CaptureQueriesContext(connection) as antes:
        client.get(url)
    for _ in range(3):
        _derivacion(equipo)
    with django_assert_num_queries(len(antes.captured_queries)):
        client.get(url)


def test_la_pagina_muestra_la_tarifa_de_cada_servicio_en_bolivianos(client, equipo):
    derivacion = _derivacion(equipo)
    derivacion.servicios = [{"codigo": "EMP-FIB-100", "nombre": "Fibra", "cantidad": 1, "tarifa_mensual": "1150.00"}]
    derivacion.save(update_fields=["servicios"])
    client.force_login(equipo.responsable)
    html = client.get(reverse("comercial:empresas:derivacion", args=[derivacion.pk])).content.decode()
    assert "Bs 1.150,00 al mes" in html and "1150.00" not in html
