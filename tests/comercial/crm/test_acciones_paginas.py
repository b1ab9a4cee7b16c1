"""What the prospect and activity pages (and the rows of their lists) offer is exactly what the runner
accepts, for several users and states; refusals and invalid forms re-render with the input (HTTP 200)."""

from datetime import date

import pytest
from django.urls import reverse

from comercial.crm import services, views
from comercial.crm.models import Actividad, AvisoSeguimiento
from enlace.models import CorreoSaliente
from tests.ayudas import acciones_en_pagina, afirmar_ofrece_lo_permitido
from tests.comercial.crm.factories import ActividadFactory, ProspectoFactory

pytestmark = pytest.mark.django_db
MES = "?mes=2026-03"


@pytest.fixture
def usuarios(lider, gerente, ana, crear_usuario, carrazos, admin_usuario):
    return {
        "lider": lider,
        "asesor": ana.usuario,  # the prospects' own asesor
        "gerente": gerente,  # their marca's gerente
        "gerente_general": crear_usuario("gerente_general_carrazos", organizacion=carrazos),
        "calidad": crear_usuario("coordinador_calidad", organizacion=carrazos),
        "admin": admin_usuario,
    }


OFRECE = {"lider", "admin"}  # who is offered the validation of a row still to validate


@pytest.mark.parametrize("estado", ["pendiente", "no_contactado", "valido", "falso"])
@pytest.mark.parametrize("quien", ["lider", "asesor", "gerente", "gerente_general", "calidad", "admin"])
def test_la_pagina_del_prospecto_ofrece_lo_permitido(client, usuarios, ana, estado, quien):
    prospecto = ProspectoFactory(perfil=ana, estado=estado, recibio_asesoria=estado == "valido" or None)
    usuario = usuarios[quien]
    client.force_login(usuario)
    html = client.get(reverse("comercial:crm:prospecto", args=[prospecto.pk])).content.decode()

    ofrecidas = afirmar_ofrece_lo_permitido(html, views.ACCIONES_PROSPECTO, prospecto, usuario)

    assert ofrecidas == ({"validar"} if quien in OFRECE and estado in ("pendiente", "no_contactado") else set())


@pytest.mark.parametrize("validacion", ["pendiente", "valida", "no_valida"])
@pytest.mark.parametrize("quien", ["lider", "asesor", "gerente", "gerente_general", "calidad", "admin"])
def test_la_pagina_de_la_actividad_ofrece_lo_permitido(client, usuarios, ana, validacion, quien):
    actividad = ActividadFactory(prospecto=ProspectoFactory(perfil=ana), validacion=validacion, motivo="Revisada")
    usuario = usuarios[quien]
    client.force_login(usuario)
    html = client.get(reverse("comercial:crm:actividad", args=[actividad.pk])).content.decode()

    ofrecidas = afirmar_ofrece_lo_permitido(html, views.ACCIONES_ACTIVIDAD, actividad, usuario)

    assert ofrecidas == ({"validar"} if quien in OFRECE and validacion == "pendiente" else set())


@pytest.mark.parametrize("quien", ["lider", "asesor", "gerente", "calidad"])
def test_las_listas_ofrecen_la_validacion_en_las_filas_que_el_ejecutor_acepta(client, usuarios, ana, quien):
    pendiente = ProspectoFactory(perfil=ana, fecha=date(2026, 3, 3))
    valido = ProspectoFactory(perfil=ana, fecha=date(2026, 3, 4), estado="valido", recibio_asesoria=True)
    por_revisar = ActividadFactory(prospecto=pendiente)
    revisada = ActividadFactory(prospecto=valido, validacion="valida")
    client.force_login(usuarios[quien])

    prospectos = client.get(reverse("comercial:crm:prospectos") + MES + "&estado=").content.decode()
    actividades = client.get(reverse("comercial:crm:actividades") + MES + "&validacion=").content.decode()

    assert valido.id_spiga in prospectos and revisada.id_spiga in actividades
    forma = 'action="/comercial/crm/{}/{}/validar/"'
    assert (forma.format("prospectos", pendiente.pk) in prospectos) == (quien == "lider")
    assert forma.format("prospectos", valido.pk) not in prospectos
    assert (forma.format("actividades", por_revisar.pk) in actividades) == (quien == "lider")
    assert forma.format("actividades", revisada.pk) not in actividades


def test_una_validacion_rechazada_vuelve_a_la_pagina_con_lo_escrito(client, lider, ana):
    actividad = ActividadFactory(prospecto=ProspectoFactory(perfil=ana))
    services.actividad_validar(actor=lider, actividad=actividad, valida=True)  # someone else was faster
    client.force_login(lider)

    respuesta = client.post(
        reverse("comercial:crm:actividad_accion", args=[actividad.pk, "validar"]),
        {"decision": "no_valida", "motivo": "Sin evidencia"},
    )

    html = respuesta.content.decode()
    assert respuesta.status_code == 200
    assert "No se puede «Marcar la actividad como no válida» en el estado «Válida»." in html
    assert 'value="Sin evidencia"' in html and 'data-accion="validar"' in html
    actividad.refresh_from_db()
    assert (actividad.validacion, actividad.motivo) == ("valida", "")


def test_una_accion_desconocida_es_404(client, lider, ana):
    prospecto = ProspectoFactory(perfil=ana)
    client.force_login(lider)
    assert client.post(reverse("comercial:crm:prospecto_accion", args=[prospecto.pk, "borrar"])).status_code == 404


def test_solo_el_lider_envia_los_avisos(client, lider, gerente, ana):
    actividad = ActividadFactory(prospecto=ProspectoFactory(perfil=ana), estado_spiga="no_realizada")
    services.actividad_validar(actor=lider, actividad=actividad, valida=False, motivo="Sin evidencia")
    client.force_login(gerente)
    pagina = client.get(reverse("comercial:crm:avisos")).content.decode()
    assert "Enviar un correo a cada asesor" not in pagina

    respuesta = client.post(reverse("comercial:crm:avisos"))

    assert respuesta.status_code == 200
    assert services.ERROR_SOLO_LIDER_AVISA in respuesta.content.decode()
    assert not AvisoSeguimiento.objects.exists() and not CorreoSaliente.objects.exists()
    assert Actividad.objects.get(pk=actividad.pk).aviso_id is None
    client.force_login(lider)
    assert "Enviar un correo a cada asesor" in client.get(reverse("comercial:crm:avisos")).content.decode()


def test_la_navegacion_sigue_las_reglas(client, usuarios):
    enlaces = {
        "Comité semanal": {"lider", "gerente", "gerente_general", "calidad", "admin"},
        "Oportunidad": {"lider", "gerente_general", "calidad", "admin"},
        "Importar SPIGA": {"lider", "admin"},
        "Importaciones": {"lider", "gerente_general", "calidad", "admin"},
    }
    for quien, usuario in usuarios.items():
        client.force_login(usuario)
        html = client.get(reverse("comercial:crm:avisos")).content.decode()
        for texto, quienes in enlaces.items():
            assert (f">{texto}</a>" in html) == (quien in quienes), (quien, texto)
        assert not acciones_en_pagina(html)
