"""The GC-PRO-05 page: the procedure as written, linked from the CRM home and every form page."""

import pytest
from django.urls import reverse

from tests.comercial.crm.factories import ActividadFactory, ProspectoFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "rol",
    [
        "lider_crm",
        "asesor_comercial",
        "gerente_comercial",
        "gerente_general_carrazos",
        "coordinador_mercadeo",
        "coordinador_calidad",
    ],
)
def test_cada_rol_del_procedimiento_lo_lee(client, crear_usuario, carrazos, rol):
    client.force_login(crear_usuario(rol, organizacion=carrazos))
    respuesta = client.get(reverse("comercial:crm:procedimiento"))
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    for texto in (
        "Realizar seguimiento a la prospección y a las actividades creadas por parte de la fuerza comercial",
        "Este procedimiento aplica para la fuerza comercial de Carrazos SAS.",
        "Coordinador de mercadeo",
        "Creación de clientes falsos",
        "Llamada de verificación de atención asesor",
        "No realización de seguimiento a LEADS",
        "Reporte de cumplimiento CRM",
        "Prospectos válidos / Meta prospectos × 100 %",
        "Seguimiento de la prospección",
        "Seguimiento a actividades realizadas y no realizadas",
        "Informe Validez de Actividades de Seguimiento GC-FOR-05",
        "Registro Semáforo de Seguimiento GC-FOR-21",
        "10/02/2022",
        "31/03/2023",
        "Modificación Cargos según organigrama, eliminación cargo Líder de Motos, actualización vigencia.",
    ):
        assert texto in html, texto


def test_un_rol_ajeno_al_crm_no_lo_ve(client, crear_usuario, organizacion):
    client.force_login(crear_usuario("agente", organizacion=organizacion))
    assert client.get(reverse("comercial:crm:procedimiento")).status_code in (403, 404)


@pytest.mark.parametrize(
    "ruta",
    [
        "inicio",
        "prospectos",  # GC-FOR-06
        "prospecto",  # one GC-FOR-06 row: the verification call
        "actividades",  # GC-FOR-05
        "actividad",  # one GC-FOR-05 row: its validation
        "semaforo",  # GC-FOR-21
        "comite",
        "cumplimiento",
        "indicadores",
        "metas",
        "formatos_periodo",
    ],
)
def test_enlazado_desde_el_inicio_y_cada_formato(client, lider, ana, ruta):
    actividad = ActividadFactory(prospecto=ProspectoFactory(perfil=ana))
    argumentos = {"prospecto": [actividad.prospecto_id], "actividad": [actividad.pk]}.get(ruta)
    client.force_login(lider)
    html = client.get(reverse(f"comercial:crm:{ruta}", args=argumentos)).content.decode()
    assert f'href="{reverse("comercial:crm:procedimiento")}" class="enlace-procedimiento"' in html
