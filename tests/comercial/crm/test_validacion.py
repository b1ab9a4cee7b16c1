"""Activity 01 (prospect verification call) and activity 02 (activity validation from its comment)."""

from datetime import date

import pytest

from comercial.crm import services
from comercial.crm.models import Actividad, LlamadaVerificacion, Prospecto
from enlace import acciones
from enlace.models import Evento, Notificacion
from tests.comercial.crm.factories import ActividadFactory, ProspectoFactory

pytestmark = pytest.mark.django_db


def test_llamada_valida_con_pregunta_consultiva(lider, ana):
    prospecto = ProspectoFactory(perfil=ana)

    services.prospecto_validar(
        actor=lider, prospecto=prospecto, resultado="valido", recibio_asesoria=True, notas="Atendido por Ana."
    )

    prospecto = Prospecto.objects.get(pk=prospecto.pk)
    assert (prospecto.estado, prospecto.recibio_asesoria, prospecto.validado_por, prospecto.llamadas_verificacion) == (
        "valido",
        True,
        lider,
        1,
    )
    llamada = LlamadaVerificacion.objects.get()
    assert (llamada.resultado, llamada.recibio_asesoria, llamada.notas) == ("valido", True, "Atendido por Ana.")
    evento = Evento.objects.get(tipo="crm.prospecto_validado")
    assert evento.datos["resultado"] == "valido" and evento.datos["recibio_asesoria"] is True


def test_no_contactado_se_reintenta_y_luego_se_valida(lider, ana):
    prospecto = ProspectoFactory(perfil=ana)
    services.prospecto_validar(
        actor=lider, prospecto=prospecto, resultado="no_contactado", recibio_asesoria=True, notas="Buzón"
    )
    prospecto = Prospecto.objects.get(pk=prospecto.pk)
    assert (prospecto.estado, prospecto.recibio_asesoria, prospecto.validado_en) == ("no_contactado", None, None)

    services.prospecto_validar(
        actor=lider, prospecto=prospecto, resultado="falso", recibio_asesoria=False, notas="No existe"
    )
    prospecto = Prospecto.objects.get(pk=prospecto.pk)
    assert (prospecto.estado, prospecto.llamadas_verificacion) == ("falso", 2)
    assert list(LlamadaVerificacion.objects.order_by("pk").values_list("resultado", flat=True)) == [
        "no_contactado",
        "falso",
    ]


def test_valido_sin_respuesta_consultiva_se_rechaza(lider, ana):
    prospecto = ProspectoFactory(perfil=ana)
    with pytest.raises(services.ErrorCRM) as error:
        services.prospecto_validar(actor=lider, prospecto=prospecto, resultado="valido")
    assert error.value.mensaje == services.ERROR_FALTA_RESPUESTA
    assert Prospecto.objects.get(pk=prospecto.pk).estado == "pendiente"
    assert not LlamadaVerificacion.objects.exists()


@pytest.mark.parametrize(
    ("resultado", "accion"),
    [
        ("valido", "Marcar el prospecto como válido"),
        ("falso", "Marcar el prospecto como falso"),
        ("no_contactado", "Registrar que no se contactó al cliente"),
    ],
)
def test_un_prospecto_validado_no_se_vuelve_a_validar(lider, ana, resultado, accion):
    prospecto = ProspectoFactory(perfil=ana)
    services.prospecto_validar(actor=lider, prospecto=prospecto, resultado="valido", recibio_asesoria=True)
    with pytest.raises(acciones.AccionRechazada) as error:
        services.prospecto_validar(
            actor=lider, prospecto=prospecto, resultado=resultado, recibio_asesoria=False, notas="Otra"
        )
    assert error.value.mensaje == f"No se puede «{accion}» en el estado «Válido»."
    assert LlamadaVerificacion.objects.count() == 1
    assert Evento.objects.filter(tipo="crm.prospecto_validado").count() == 1


def test_resultado_desconocido(lider, ana):
    prospecto = ProspectoFactory(perfil=ana)
    with pytest.raises(services.ErrorCRM, match=services.ERROR_RESULTADO):
        services.prospecto_validar(actor=lider, prospecto=prospecto, resultado="pendiente")


def test_prospectos_de_otra_organizacion_no_existen_para_el_lider(lider, otra_organizacion):
    from tests.comercial.crm.factories import MarcaFactory, PerfilAsesorFactory

    ajeno = ProspectoFactory(perfil=PerfilAsesorFactory(marca=MarcaFactory(organizacion=otra_organizacion)))
    with pytest.raises(Prospecto.DoesNotExist):
        services.prospecto_validar(actor=lider, prospecto=ajeno, resultado="falso", notas="No existe")


def test_falsos_al_umbral_alertan_una_vez_al_gerente_y_al_lider(
    lider, gerente, ana, luis, settings, django_capture_on_commit_callbacks
):
    settings.CRM_FALSOS_UMBRAL = 2
    prospectos = [ProspectoFactory(perfil=ana, fecha=date(2026, 3, d)) for d in (2, 3, 4)]
    otro_mes = ProspectoFactory(perfil=ana, fecha=date(2026, 2, 27))
    de_luis = ProspectoFactory(perfil=luis, fecha=date(2026, 3, 5))
    with django_capture_on_commit_callbacks():
        services.prospecto_validar(actor=lider, prospecto=otro_mes, resultado="falso", notas="No existe")
        services.prospecto_validar(actor=lider, prospecto=de_luis, resultado="falso", notas="No existe")
        services.prospecto_validar(actor=lider, prospecto=prospectos[0], resultado="falso", notas="No existe")
        assert not Notificacion.objects.exists()  # 1 false in March: under the threshold
        services.prospecto_validar(actor=lider, prospecto=prospectos[1], resultado="falso", notas="No existe")
        services.prospecto_validar(actor=lider, prospecto=prospectos[2], resultado="falso", notas="No existe")

    assert sorted(Notificacion.objects.values_list("destinatario__email", flat=True)) == sorted(
        [gerente.email, lider.email]
    )
    assert Notificacion.objects.filter(titulo__contains="llegó a 2 en 03/2026").count() == 2
    assert Evento.objects.filter(tipo="crm.asesor_marcado_falsos").count() == 1


def test_actividad_valida_y_no_valida_con_motivo(lider, ana):
    actividad = ActividadFactory(prospecto=ProspectoFactory(perfil=ana))
    otra = ActividadFactory(prospecto=actividad.prospecto, tipo=Actividad.Tipo.VISITA, fecha_realizada=date(2026, 3, 8))
    services.actividad_validar(actor=lider, actividad=actividad, valida=True)
    services.actividad_validar(actor=lider, actividad=otra, valida=False, motivo="  Sin   evidencia ")

    actividad, otra = Actividad.objects.get(pk=actividad.pk), Actividad.objects.get(pk=otra.pk)
    assert (actividad.validacion, actividad.validada_por) == ("valida", lider)
    assert (otra.validacion, otra.motivo) == ("no_valida", "Sin evidencia")
    assert Evento.objects.filter(tipo="crm.actividad_validada").count() == 2
    # The refused visit no longer counts as follow-up.
    prospecto = Prospecto.objects.get(pk=actividad.prospecto_id)
    assert (prospecto.n_llamadas, prospecto.n_visitas, str(prospecto.ultimo_seguimiento)) == (1, 0, "2026-03-04")


def test_no_valida_sin_motivo_y_doble_validacion_se_rechazan(lider, ana):
    actividad = ActividadFactory(prospecto=ProspectoFactory(perfil=ana))
    with pytest.raises(services.ErrorCRM) as error:
        services.actividad_validar(actor=lider, actividad=actividad, valida=False, motivo="   ")
    assert error.value.mensaje == services.ERROR_FALTA_MOTIVO
    assert Actividad.objects.get(pk=actividad.pk).validacion == "pendiente"

    services.actividad_validar(actor=lider, actividad=actividad, valida=True)
    with pytest.raises(acciones.AccionRechazada) as error:
        services.actividad_validar(actor=lider, actividad=actividad, valida=False, motivo="x")
    assert error.value.mensaje == "No se puede «Marcar la actividad como no válida» en el estado «Válida»."
    assert Actividad.objects.get(pk=actividad.pk).motivo == ""
