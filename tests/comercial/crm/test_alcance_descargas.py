"""Pages and downloads asked for data the user may not see: another organisation's marca or import, another
gerente's marca, another asesor. Each is a 404 (as any other object of theirs), never a report of
something else under the name asked for; the same request within scope works."""

import pytest
from django.urls import reverse

from comercial.crm.models import Importacion
from tests.ayudas import afirmar_404_para
from tests.comercial.crm.factories import ImportacionFactory, MarcaFactory, ProspectoFactory

pytestmark = pytest.mark.django_db

# Every CRM page and download that reads a marca from its query string (and the roles' menus link to).
CON_MARCA = {
    "prospectos": reverse("comercial:crm:prospectos"),
    "actividades": reverse("comercial:crm:actividades"),
    "semaforo": reverse("comercial:crm:semaforo"),
    "GC-FOR-05 PDF": reverse("comercial:crm:formato_pdf", args=["gc-for-05"]),
    "GC-FOR-05 Excel": reverse("comercial:crm:formato_xlsx", args=["gc-for-05"]),
    "GC-FOR-06 PDF": reverse("comercial:crm:formato_pdf", args=["gc-for-06"]),
    "GC-FOR-06 Excel": reverse("comercial:crm:formato_xlsx", args=["gc-for-06"]),
    "GC-FOR-21 PDF": reverse("comercial:crm:formato_pdf", args=["gc-for-21"]),
    "GC-FOR-21 Excel": reverse("comercial:crm:formato_xlsx", args=["gc-for-21"]),
    "comité": reverse("comercial:crm:comite"),
    "comité PDF": reverse("comercial:crm:comite_pdf"),
    "comité Excel": reverse("comercial:crm:comite_xlsx"),
    "cumplimiento": reverse("comercial:crm:cumplimiento"),
    "cumplimiento PDF": reverse("comercial:crm:cumplimiento_pdf"),
    "cumplimiento Excel": reverse("comercial:crm:cumplimiento_xlsx"),
    "indicadores": reverse("comercial:crm:indicadores"),
    "metas": reverse("comercial:crm:metas"),
}
# The ones an asesor opens, which also take an asesor.
CON_ASESOR = [nombre for nombre in CON_MARCA if nombre.split()[0] in {"prospectos", "actividades", "semaforo"}] + [
    nombre for nombre in CON_MARCA if nombre.startswith("GC-FOR")
]


@pytest.fixture
def datos(ana, pedro):
    ProspectoFactory(perfil=ana)
    ProspectoFactory(perfil=pedro)


@pytest.mark.parametrize("nombre", list(CON_MARCA))
def test_la_marca_de_otra_organizacion_es_404(client, crear_usuario, otra_organizacion, renault, datos, nombre):
    ajeno = crear_usuario("lider_crm", organizacion=otra_organizacion)
    MarcaFactory(organizacion=otra_organizacion, nombre="Renault")
    afirmar_404_para(client, ajeno, f"{CON_MARCA[nombre]}?marca={renault.pk}")


@pytest.mark.parametrize("nombre", list(CON_MARCA))
def test_el_gerente_pide_una_marca_que_no_gerencia(client, gerente, renault, kia, datos, nombre):
    afirmar_404_para(client, gerente, f"{CON_MARCA[nombre]}?marca={kia.pk}")
    assert client.get(f"{CON_MARCA[nombre]}?marca={renault.pk}").status_code == 200


@pytest.mark.parametrize("nombre", CON_ASESOR)
def test_el_asesor_pide_lo_de_otro_asesor(client, ana, pedro, datos, nombre):
    afirmar_404_para(client, ana.usuario, f"{CON_MARCA[nombre]}?asesor={pedro.usuario_id}")
    assert client.get(f"{CON_MARCA[nombre]}?asesor={ana.usuario_id}").status_code == 200


def test_el_archivo_importado_de_otra_organizacion_es_404(client, crear_usuario, lider, otra_organizacion):
    importacion = ImportacionFactory(organizacion=lider.organizacion, importado_por=lider)
    url = reverse("comercial:crm:importacion_archivo", args=[importacion.pk])
    afirmar_404_para(client, crear_usuario("lider_crm", organizacion=otra_organizacion), url)
    client.force_login(lider)
    respuesta = client.get(url)
    assert respuesta.status_code == 200 and Importacion.objects.get().nombre_archivo in respuesta["Content-Disposition"]


def test_una_marca_ilegible_tambien_es_404(client, lider):
    afirmar_404_para(client, lider, reverse("comercial:crm:comite_pdf") + "?marca=renault")
