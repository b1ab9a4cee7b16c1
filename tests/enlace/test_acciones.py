"""The runner of the one action layer (enlace.acciones), on a small real model: the CRM's prospects.

What every app relies on: a refusal says why and changes nothing; a run saves only what the transition
changed, records one event with the states before and after, writes its notices to the outbox; the
system (actor None) is not asked for a permission; pages are offered exactly what the runner accepts.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comercial.crm.models import SOLO_LIDER_PROSPECTOS
from enlace import acciones
from enlace.models import Evento, Notificacion
from tests.ayudas import afirmar_rechazo_sin_cambios
from tests.comercial.crm.factories import ActividadFactory, ProspectoFactory
from tests.enlace.factories import UsuarioFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def prospecto():
    return ProspectoFactory()


@pytest.fixture
def lider(prospecto):
    return UsuarioFactory(rol="lider_crm", organizacion=prospecto.organizacion)


def _argumentos(usuario):
    return {"actor": usuario, "cuando": timezone.now(), "recibio_asesoria": True, "notas": "Confirmó la visita."}


def test_ejecutar_cambia_el_estado_guarda_solo_lo_cambiado_y_registra_el_evento(prospecto, lider):
    with CaptureQueriesContext(connection) as consultas:
        guardado = acciones.ejecutar(
            prospecto,
            "marcar_no_contactado",
            actor=lider,
            argumentos={"notas": "No contesta."},
            evento="prueba.no_contactado",
            datos={"motivo": "buzón"},
        )
    assert guardado.estado == "no_contactado"
    update = next(
        q["sql"] for q in consultas.captured_queries if q["sql"].startswith("UPDATE") and "prospecto" in q["sql"]
    )
    assert '"cliente"' not in update and '"estado"' in update  # update_fields: only what the transition changed
    evento = Evento.objects.get(tipo="prueba.no_contactado")
    assert evento.actor == lider
    assert evento.datos == {"de": "pendiente", "a": "no_contactado", "motivo": "buzón"}
    assert evento.organizacion_id == prospecto.organizacion_id


def test_ejecutar_escribe_los_avisos_en_la_bandeja(prospecto, lider):
    aviso = acciones.Aviso(destinatarios=[lider], titulo="Prospecto revisado", cuerpo="Sin contacto.", clave="p-1")
    acciones.ejecutar(prospecto, "marcar_no_contactado", actor=lider, argumentos={"notas": ""}, avisos=[aviso])
    acciones.ejecutar(
        ProspectoFactory(),
        "marcar_no_contactado",
        actor=lider,
        argumentos={"notas": ""},
        avisos=lambda p: [acciones.Aviso([lider], f"Prospecto {p.id_spiga}", p.get_estado_display(), por_correo=False)],
    )
    titulos = set(Notificacion.objects.filter(destinatario=lider).values_list("titulo", flat=True))
    assert len(titulos) == 2 and "Prospecto revisado" in titulos


def test_sin_permiso_rechaza_con_su_motivo_y_no_cambia_nada(prospecto):
    asesor = prospecto.asesor
    error = afirmar_rechazo_sin_cambios(prospecto, "marcar_no_contactado", asesor, SOLO_LIDER_PROSPECTOS, notas="x")
    assert error.mensaje != acciones.SIN_PERMISO  # the transition's own custom["sin_permiso"]
    assert not Evento.objects.exists()


def test_fuera_de_estado_rechaza_nombrando_la_accion_y_el_estado(prospecto, lider):
    acciones.ejecutar(prospecto, "marcar_valido", actor=lider, argumentos=_argumentos(lider))
    prospecto.refresh_from_db()
    afirmar_rechazo_sin_cambios(
        prospecto,
        "marcar_falso",
        lider,
        "No se puede «Marcar el prospecto como falso» en el estado «Válido».",
        **_argumentos(lider),
    )


def test_una_accion_inexistente_se_rechaza(prospecto, lider):
    assert acciones.motivo_rechazo(prospecto, "borrar", lider) == "La acción «borrar» no existe."
    assert acciones.motivo_rechazo(prospecto, "save", lider) == "La acción «save» no existe."


def test_el_sistema_no_pide_permiso_pero_si_el_estado(prospecto):
    assert acciones.motivo_rechazo(prospecto, "marcar_no_contactado", None) is None
    actividad = ActividadFactory()
    assert acciones.motivo_rechazo(actividad, "reabrir", None) is None  # internal, any state


def test_disponibles_ofrece_lo_que_el_ejecutor_acepta_y_nunca_las_internas(prospecto, lider):
    nombres = acciones.nombres_disponibles(prospecto, lider)
    assert nombres == {"marcar_valido", "marcar_falso", "marcar_no_contactado"}
    assert all(acciones.puede(prospecto, n, lider) for n in nombres)
    assert acciones.nombres_disponibles(prospecto, prospecto.asesor) == set()
    actividad = ActividadFactory(prospecto=prospecto)
    assert "reabrir" not in acciones.nombres_disponibles(actividad, UsuarioFactory(is_superuser=True))


def test_una_copia_vieja_se_relee_bajo_bloqueo_antes_de_decidir(prospecto, lider):
    viejo = type(prospecto).objects.get(pk=prospecto.pk)
    acciones.ejecutar(prospecto, "marcar_valido", actor=lider, argumentos=_argumentos(lider))
    with pytest.raises(acciones.AccionRechazada, match="en el estado «Válido»"):
        acciones.ejecutar(viejo, "marcar_falso", actor=lider, argumentos=_argumentos(lider))
    assert type(prospecto).objects.get(pk=prospecto.pk).estado == "valido"


# --- Escritura: a write that is not a transition -------------------------------------------------


@acciones.condicion("El prospecto ya fue revisado.")
def sin_revisar(prospecto):
    return prospecto.estado == "pendiente"


@acciones.condicion(lambda p: f"Solo el asesor {p.asesor} puede anotarlo.", con_usuario=True)
def es_su_asesor(prospecto, usuario):
    return usuario is not None and usuario.pk == prospecto.asesor_id


ANOTAR = acciones.Escritura(
    permiso="comercial_crm.validar_prospecto", condiciones=(sin_revisar,), sin_permiso="Solo el Líder CRM."
)


def test_escritura_pide_permiso_y_condiciones_en_orden(prospecto, lider):
    assert ANOTAR.motivo(prospecto, lider) is None
    assert ANOTAR.motivo(prospecto, prospecto.asesor) == "Solo el Líder CRM."
    acciones.ejecutar(prospecto, "marcar_no_contactado", actor=lider, argumentos={"notas": ""})
    prospecto.refresh_from_db()
    with pytest.raises(acciones.AccionRechazada, match=r"El prospecto ya fue revisado\."):
        ANOTAR.exigir(prospecto, lider)


def test_un_superusuario_pasa_el_permiso_pero_no_las_condiciones(prospecto, lider):
    admin = UsuarioFactory(is_superuser=True)
    acciones.ejecutar(prospecto, "marcar_no_contactado", actor=lider, argumentos={"notas": ""})
    prospecto.refresh_from_db()
    assert ANOTAR.motivo(prospecto, admin) == "El prospecto ya fue revisado."


def test_una_condicion_con_usuario_y_mensaje_que_nombra_la_fila(prospecto, lider):
    assert acciones.motivo_condiciones(prospecto, [es_su_asesor], prospecto.asesor) is None
    assert (
        acciones.motivo_condiciones(prospecto, [es_su_asesor], lider)
        == f"Solo el asesor {prospecto.asesor} puede anotarlo."
    )
