"""The writes of the CRM that are not transitions (``services.IMPORTAR_SPIGA``, ``services.ENVIAR_AVISOS``):
who may (the Líder CRM; a superuser passes every permission) and when (a person acts within an organisation),
enforced by the service and offered by the pages exactly when the service would accept them."""

import pytest
from django.urls import reverse

from comercial.crm import services, tasks
from comercial.crm.models import Actividad, AvisoSeguimiento, Importacion, Prospecto
from enlace.acciones import AccionRechazada
from enlace.models import CorreoSaliente, Evento
from tests.comercial.crm.factories import (
    ENCABEZADOS_TRAFICO,
    ActividadFactory,
    ProspectoFactory,
    archivo_csv,
    fila_trafico,
)

pytestmark = pytest.mark.django_db
SIN_PERMISO = ["asesor_comercial", "gerente_comercial", "gerente_general_carrazos", "coordinador_calidad"]
BOTON_AVISOS = "Enviar un correo a cada asesor"
BOTON_IMPORTAR = "Importar informe de SPIGA</a>"


@pytest.fixture
def superusuario_de_carrazos(crear_usuario, carrazos):
    return crear_usuario(None, organizacion=carrazos, is_staff=True, is_superuser=True)


def _importar(actor, organizacion, ana):
    return services.importacion_registrar(
        actor=actor,
        organizacion=organizacion,
        tipo="trafico",
        archivo=archivo_csv(ENCABEZADOS_TRAFICO, [fila_trafico("T1", ana)]),
    )


def _no_valida(lider, ana):
    actividad = ActividadFactory(prospecto=ProspectoFactory(perfil=ana), estado_spiga="no_realizada")
    services.actividad_validar(actor=lider, actividad=actividad, valida=False, motivo="Sin evidencia")
    return actividad


def _afirmar_nada_importado():
    assert not Importacion.objects.exists() and not Prospecto.objects.filter(id_spiga="T1").exists()
    assert not Evento.objects.filter(tipo="crm.importacion").exists()


def _afirmar_nada_avisado(actividad):
    assert not AvisoSeguimiento.objects.exists() and not CorreoSaliente.objects.exists()
    assert Actividad.objects.get(pk=actividad.pk).aviso_id is None


# --- Importing a SPIGA report ----------------------------------------------------------------


@pytest.mark.parametrize("quien", ["lider", "superusuario_de_carrazos"])
def test_el_lider_o_un_superusuario_de_la_organizacion_importa(request, carrazos, ana, quien):
    actor = request.getfixturevalue(quien)
    importacion = _importar(actor, carrazos, ana)
    assert importacion.importado_por == actor and Prospecto.objects.get(id_spiga="T1").importacion == importacion
    assert services.IMPORTAR_SPIGA.motivo(carrazos, actor) is None


@pytest.mark.parametrize("rol", SIN_PERMISO)
def test_otro_rol_no_importa_y_nada_cambia(crear_usuario, carrazos, ana, rol):
    usuario = crear_usuario(rol, organizacion=carrazos)
    with pytest.raises(AccionRechazada) as rechazo:
        _importar(usuario, carrazos, ana)
    assert rechazo.value.mensaje == services.ERROR_SOLO_LIDER_IMPORTA
    _afirmar_nada_importado()


@pytest.mark.parametrize("quien", ["lider_sin_organizacion", "admin_usuario"])
def test_sin_organizacion_nadie_importa_ni_el_superusuario(request, crear_usuario, ana, quien):
    actor = (
        crear_usuario("lider_crm", organizacion=None)
        if quien == "lider_sin_organizacion"
        else request.getfixturevalue(quien)
    )
    with pytest.raises(AccionRechazada) as rechazo:
        _importar(actor, actor.organizacion, ana)
    assert rechazo.value.mensaje == services.ERROR_SIN_ORGANIZACION
    _afirmar_nada_importado()


def test_al_superusuario_sin_organizacion_no_se_le_ofrece_importar(client, admin_usuario, lider, ana):
    client.force_login(admin_usuario)
    assert BOTON_IMPORTAR not in client.get(reverse("comercial:crm:inicio")).content.decode()
    pagina = client.get(reverse("comercial:crm:importar")).content.decode()
    assert services.ERROR_SIN_ORGANIZACION in pagina and 'type="file"' not in pagina

    respuesta = client.post(
        reverse("comercial:crm:importar"),
        {"tipo": "trafico", "archivo": archivo_csv(ENCABEZADOS_TRAFICO, [fila_trafico("T1", ana)])},
    )

    assert respuesta.status_code == 200 and services.ERROR_SIN_ORGANIZACION in respuesta.content.decode()
    _afirmar_nada_importado()
    client.force_login(lider)
    assert BOTON_IMPORTAR in client.get(reverse("comercial:crm:inicio")).content.decode()
    assert 'type="file"' in client.get(reverse("comercial:crm:importar")).content.decode()


# --- Sending the grouped reminders -----------------------------------------------------------


@pytest.mark.parametrize("quien", ["lider", "superusuario_de_carrazos"])
def test_el_lider_o_un_superusuario_de_la_organizacion_envia_los_avisos(request, carrazos, lider, ana, quien):
    actividad = _no_valida(lider, ana)
    actor = request.getfixturevalue(quien)
    (aviso,) = services.avisos_enviar(actor=actor, organizacion=carrazos)
    assert aviso.enviado_por == actor and Actividad.objects.get(pk=actividad.pk).aviso == aviso


def test_el_barrido_programado_no_tiene_usuario_ni_organizacion(lider, ana):
    _no_valida(lider, ana)
    assert services.ENVIAR_AVISOS.motivo(None, None) is None
    assert tasks.enviar_avisos_no_realizadas() == 1


@pytest.mark.parametrize("rol", SIN_PERMISO)
def test_otro_rol_no_envia_avisos_y_nada_cambia(crear_usuario, carrazos, lider, ana, rol):
    actividad = _no_valida(lider, ana)
    with pytest.raises(AccionRechazada) as rechazo:
        services.avisos_enviar(actor=crear_usuario(rol, organizacion=carrazos), organizacion=carrazos)
    assert rechazo.value.mensaje == services.ERROR_SOLO_LIDER_AVISA
    _afirmar_nada_avisado(actividad)


def test_el_superusuario_sin_organizacion_no_envia_ni_se_le_ofrecen_los_avisos(client, admin_usuario, lider, ana):
    actividad = _no_valida(lider, ana)
    with pytest.raises(AccionRechazada) as rechazo:
        services.avisos_enviar(actor=admin_usuario, organizacion=None)  # would have been every organisation's
    assert rechazo.value.mensaje == services.ERROR_SIN_ORGANIZACION
    _afirmar_nada_avisado(actividad)

    client.force_login(admin_usuario)
    assert BOTON_AVISOS not in client.get(reverse("comercial:crm:avisos")).content.decode()
    respuesta = client.post(reverse("comercial:crm:avisos"))
    assert respuesta.status_code == 200 and services.ERROR_SIN_ORGANIZACION in respuesta.content.decode()
    _afirmar_nada_avisado(actividad)
