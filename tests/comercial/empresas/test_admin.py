"""The admin's transition buttons run the same services as the pages: same guards, events and notifications."""

import pytest
from django.urls import reverse

from comercial.empresas.models import Estado, OrdenTrabajo, Venta
from enlace.models import Evento, Notificacion

pytestmark = pytest.mark.django_db


def cambio(objeto):
    return reverse(f"admin:comercial_empresas_{objeto._meta.model_name}_change", args=[objeto.pk])


def accion(objeto, nombre):
    return reverse(f"admin:comercial_empresas_{objeto._meta.model_name}_accion", args=[objeto.pk, nombre])


def test_el_admin_ofrece_y_corre_el_paso_por_su_servicio(client, equipo, avanzar, venta_a, admin_usuario):
    venta = avanzar(venta_a, Estado.EN_VOBO)
    client.force_login(admin_usuario)
    pagina = client.get(cambio(venta)).content.decode()
    assert accion(venta, "aprobar_vobo") in pagina and "Dar el Vo.Bo." in pagina
    assert accion(venta, "analizar_perfil") not in pagina  # not from this state
    respuesta = client.post(accion(venta, "aprobar_vobo"), {"observaciones": "Desde el admin"})
    assert respuesta.status_code == 302
    venta.refresh_from_db()
    assert venta.estado == Estado.APROBADA and venta.observaciones_vobo == "Desde el admin"
    assert Evento.objects.filter(tipo="empresas.venta.aprobar_vobo", objeto_id=str(venta.pk)).exists()
    assert Notificacion.objects.filter(destinatario=equipo.ejecutivo, titulo__startswith="Vo.Bo. otorgado").exists()


def test_el_formulario_del_admin_elige_entre_los_gestores_de_la_organizacion(
    client, equipo, avanzar, venta_a, admin_usuario
):
    venta = avanzar(venta_a, Estado.CONTROLADA)
    client.force_login(admin_usuario)
    pagina = client.get(accion(venta, "derivar_tecnico")).content.decode()
    assert str(equipo.tecnico) in pagina and str(equipo.gestor2) not in pagina
    client.post(accion(venta, "derivar_tecnico"), {"gestor": equipo.tecnico.pk})
    assert Venta.objects.get(pk=venta.pk).gestor_tecnico == equipo.tecnico


def test_el_admin_no_salta_las_condiciones(client, equipo, avanzar, venta_a, admin_usuario):
    venta = avanzar(venta_a, Estado.ORDENES)
    client.force_login(admin_usuario)
    respuesta = client.post(accion(venta, "entregar_documentos"), {"resultado": ""}, follow=True)
    assert "Hay 1 orden(es) de trabajo sin cerrar" in respuesta.content.decode()
    assert Venta.objects.get(pk=venta.pk).estado == Estado.ORDENES
    orden = venta.ordenes.get()
    client.post(accion(orden, "cerrar"), {"observaciones": "Cerrada en el admin"})
    assert OrdenTrabajo.objects.get(pk=orden.pk).estado == OrdenTrabajo.EstadoOrden.CERRADA
    assert Evento.objects.filter(tipo="empresas.orden.cerrar", objeto_id=str(orden.pk)).exists()
