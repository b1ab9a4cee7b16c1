"""Activities without follow-up: one grouped email per asesor, sent once, and recorded."""

import pytest

from comercial.crm import services, tasks
from comercial.crm.models import Actividad, AvisoSeguimiento
from enlace.models import CorreoSaliente, Evento
from tests.comercial.crm.factories import ActividadFactory, ProspectoFactory

pytestmark = pytest.mark.django_db


def _no_valida(lider, perfil, n):
    prospecto = ProspectoFactory(perfil=perfil)
    actividades = [
        ActividadFactory(prospecto=prospecto, estado_spiga="no_realizada", fecha_realizada=None) for _ in range(n)
    ]
    for actividad in actividades:
        services.actividad_validar(actor=lider, actividad=actividad, valida=False, motivo="Sin evidencia")
    return actividades


def test_un_correo_por_asesor_con_todas_sus_actividades_y_una_sola_vez(
    lider, ana, pedro, django_capture_on_commit_callbacks
):
    de_ana, de_pedro = _no_valida(lider, ana, 3), _no_valida(lider, pedro, 2)
    ActividadFactory(prospecto=de_ana[0].prospecto)  # pending validation: not listed

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        avisos = services.avisos_enviar(actor=lider, organizacion=lider.organizacion)

    assert len(callbacks) == 2  # outbox rows published to Celery after commit
    assert sorted(a.actividades_count for a in avisos) == [2, 3]
    correos = {c.para: c for c in CorreoSaliente.objects.all()}
    assert set(correos) == {ana.usuario.email, pedro.usuario.email}
    cuerpo = correos[ana.usuario.email].cuerpo_texto
    assert correos[ana.usuario.email].asunto == services.AVISO_TITULO
    assert all(a.id_spiga in cuerpo for a in de_ana) and not any(a.id_spiga in cuerpo for a in de_pedro)
    assert "actualice los datos en SPIGA" in cuerpo
    assert set(Actividad.objects.filter(aviso__isnull=False).values_list("pk", flat=True)) == {
        a.pk for a in de_ana + de_pedro
    }
    assert Evento.objects.filter(tipo="crm.aviso_no_realizadas").count() == 2

    assert services.avisos_enviar(actor=lider, organizacion=lider.organizacion) == []
    assert tasks.enviar_avisos_no_realizadas() == 0
    assert CorreoSaliente.objects.count() == 2
    assert AvisoSeguimiento.objects.count() == 2


def test_nuevas_no_validas_van_en_un_aviso_nuevo(lider, ana):
    _no_valida(lider, ana, 1)
    services.avisos_enviar(actor=lider, organizacion=lider.organizacion)
    _no_valida(lider, ana, 2)

    (aviso,) = services.avisos_enviar(actor=lider, organizacion=lider.organizacion)

    assert aviso.actividades_count == 2
    assert CorreoSaliente.objects.filter(para=ana.usuario.email).count() == 2


def test_la_tarea_programada_cubre_todas_las_organizaciones(lider, ana):
    _no_valida(lider, ana, 2)
    assert tasks.enviar_avisos_no_realizadas() == 1
    assert AvisoSeguimiento.objects.get().enviado_por is None
