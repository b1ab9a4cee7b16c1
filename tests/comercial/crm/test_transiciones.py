"""Every transition of the CRM procedure, walked through the action layer: the Líder CRM runs it
(through the service: new state and event), every other role of the procedure is refused with its
Spanish reason, and a row no longer in a source state is refused and left unchanged.

No transition of the CRM declares conditions: the answer to «¿recibió asesoría comercial?» and the
reason of a no válida activity are arguments, checked by the forms and the services (test_validacion).
"""

from datetime import date

import pytest

from comercial.crm import services
from comercial.crm.models import SOLO_LIDER_ACTIVIDADES, SOLO_LIDER_PROSPECTOS, Actividad, Importacion
from enlace import acciones
from enlace.models import Evento
from tests.ayudas import afirmar_rechazo_sin_cambios
from tests.comercial.crm.factories import (
    ENCABEZADOS_ACTIVIDADES,
    ENCABEZADOS_TRAFICO,
    ActividadFactory,
    ProspectoFactory,
    archivo_csv,
    fila_actividad,
    fila_trafico,
)

pytestmark = pytest.mark.django_db

CUBIERTAS = {
    "Prospecto.marcar_valido",
    "Prospecto.marcar_falso",
    "Prospecto.marcar_no_contactado",
    "Actividad.marcar_valida",
    "Actividad.marcar_no_valida",
    "Actividad.reabrir",
}
OTROS_ROLES = [
    "asesor_comercial",
    "gerente_comercial",
    "gerente_general_carrazos",
    "coordinador_mercadeo",
    "coordinador_calidad",
]
LLAMADAS = {  # transition → (service arguments, state after, how the runner names it)
    "marcar_valido": ({"resultado": "valido", "recibio_asesoria": True}, "valido", "Marcar el prospecto como válido"),
    "marcar_falso": ({"resultado": "falso", "recibio_asesoria": False}, "falso", "Marcar el prospecto como falso"),
    "marcar_no_contactado": (
        {"resultado": "no_contactado"},
        "no_contactado",
        "Registrar que no se contactó al cliente",
    ),
}
REVISIONES = {
    "marcar_valida": ({"valida": True}, "valida", "Marcar la actividad como válida"),
    "marcar_no_valida": (
        {"valida": False, "motivo": "Sin evidencia"},
        "no_valida",
        "Marcar la actividad como no válida",
    ),
}


def _evento(tipo, objeto):
    return Evento.objects.get(tipo=tipo, objeto_id=str(objeto.pk))


# --- Prospecto: the verification call --------------------------------------------------------------


@pytest.mark.parametrize("nombre", list(LLAMADAS))
@pytest.mark.parametrize("desde", ["pendiente", "no_contactado"])
def test_el_lider_registra_la_llamada(lider, ana, nombre, desde):
    argumentos, estado, _ = LLAMADAS[nombre]
    prospecto = ProspectoFactory(perfil=ana, estado=desde, llamadas_verificacion=int(desde == "no_contactado"))

    services.prospecto_validar(actor=lider, prospecto=prospecto, notas="Llamada", **argumentos)

    prospecto.refresh_from_db()
    llamadas = 1 + (desde != "pendiente")
    assert (prospecto.estado, prospecto.notas, prospecto.llamadas_verificacion) == (estado, "Llamada", llamadas)
    assert prospecto.validado_por == (None if estado == "no_contactado" else lider)
    evento = _evento("crm.prospecto_validado", prospecto)
    assert (evento.datos["de"], evento.datos["a"], evento.datos["resultado"]) == (desde, estado, estado)
    assert evento.datos["llamada"] == prospecto.llamadas_verificacion


@pytest.mark.parametrize("nombre", list(LLAMADAS))
@pytest.mark.parametrize("rol", OTROS_ROLES)
def test_solo_el_lider_registra_la_llamada(crear_usuario, carrazos, ana, nombre, rol):
    prospecto = ProspectoFactory(perfil=ana)
    usuario = ana.usuario if rol == "asesor_comercial" else crear_usuario(rol, organizacion=carrazos)
    afirmar_rechazo_sin_cambios(prospecto, nombre, usuario, SOLO_LIDER_PROSPECTOS)
    with pytest.raises(acciones.AccionRechazada) as rechazo:
        services.prospecto_validar(actor=usuario, prospecto=prospecto, notas="Llamada", **LLAMADAS[nombre][0])
    assert rechazo.value.mensaje == SOLO_LIDER_PROSPECTOS
    assert not Evento.objects.filter(tipo="crm.prospecto_validado").exists()


@pytest.mark.parametrize("nombre", list(LLAMADAS))
@pytest.mark.parametrize(("decidido", "etiqueta"), [("valido", "Válido"), ("falso", "Falso")])
def test_un_prospecto_decidido_no_se_vuelve_a_llamar(lider, ana, nombre, decidido, etiqueta):
    prospecto = ProspectoFactory(perfil=ana, estado=decidido, recibio_asesoria=True)
    mensaje = f"No se puede «{LLAMADAS[nombre][2]}» en el estado «{etiqueta}»."
    afirmar_rechazo_sin_cambios(prospecto, nombre, lider, mensaje)


# --- Actividad: the review from its comment ---------------------------------------------------------


@pytest.mark.parametrize("nombre", list(REVISIONES))
def test_el_lider_valida_la_actividad(lider, ana, nombre):
    argumentos, estado, _ = REVISIONES[nombre]
    actividad = ActividadFactory(prospecto=ProspectoFactory(perfil=ana))

    services.actividad_validar(actor=lider, actividad=actividad, **argumentos)

    actividad.refresh_from_db()
    assert (actividad.validacion, actividad.validada_por, actividad.motivo) == (
        estado,
        lider,
        argumentos.get("motivo", ""),
    )
    evento = _evento("crm.actividad_validada", actividad)
    assert (evento.datos["de"], evento.datos["a"], evento.datos["valida"]) == (
        "pendiente",
        estado,
        argumentos["valida"],
    )


@pytest.mark.parametrize("nombre", list(REVISIONES))
@pytest.mark.parametrize("rol", OTROS_ROLES)
def test_solo_el_lider_valida_actividades(crear_usuario, carrazos, ana, nombre, rol):
    actividad = ActividadFactory(prospecto=ProspectoFactory(perfil=ana))
    usuario = ana.usuario if rol == "asesor_comercial" else crear_usuario(rol, organizacion=carrazos)
    afirmar_rechazo_sin_cambios(actividad, nombre, usuario, SOLO_LIDER_ACTIVIDADES)
    with pytest.raises(acciones.AccionRechazada) as rechazo:
        services.actividad_validar(actor=usuario, actividad=actividad, **REVISIONES[nombre][0])
    assert rechazo.value.mensaje == SOLO_LIDER_ACTIVIDADES


@pytest.mark.parametrize("nombre", list(REVISIONES))
@pytest.mark.parametrize(("validada", "etiqueta"), [("valida", "Válida"), ("no_valida", "No válida")])
def test_una_actividad_validada_no_se_vuelve_a_validar(lider, ana, nombre, validada, etiqueta):
    actividad = ActividadFactory(prospecto=ProspectoFactory(perfil=ana), validacion=validada, motivo="Revisada")
    mensaje = f"No se puede «{REVISIONES[nombre][2]}» en el estado «{etiqueta}»."
    afirmar_rechazo_sin_cambios(actividad, nombre, lider, mensaje)


# --- Actividad.reabrir: SPIGA changed the activity -------------------------------------------------


def test_reabrir_es_interna_y_nadie_la_ve_ofrecida(lider, ana):
    actividad = ActividadFactory(prospecto=ProspectoFactory(perfil=ana), validacion="no_valida", motivo="Sin evidencia")
    assert "reabrir" not in acciones.nombres_disponibles(actividad, lider)

    actividad = acciones.ejecutar(actividad, "reabrir", actor=None)

    actividad.refresh_from_db()
    assert (actividad.validacion, actividad.motivo, actividad.validada_por, actividad.validada_en) == (
        "pendiente",
        "",
        None,
        None,
    )


def test_reimportar_una_actividad_cambiada_la_reabre_como_la_transicion(lider, ana):
    """The import reopens in bulk: the rows end as ``Actividad.reabrir`` leaves them."""

    def importar(tipo, encabezados, filas):
        services.importacion_registrar(
            actor=lider, organizacion=lider.organizacion, tipo=tipo, archivo=archivo_csv(encabezados, filas)
        )

    importar(Importacion.Tipo.TRAFICO, ENCABEZADOS_TRAFICO, [fila_trafico("T1", ana)])
    importar(Importacion.Tipo.ACTIVIDADES, ENCABEZADOS_ACTIVIDADES, [fila_actividad("A1", "T1", ana)])
    actividad = Actividad.objects.get(id_spiga="A1")
    services.actividad_validar(actor=lider, actividad=actividad, valida=False, motivo="Sin evidencia")
    services.avisos_enviar(actor=lider, organizacion=lider.organizacion)
    esperada = Actividad.objects.get(pk=actividad.pk)
    assert (esperada.validacion, esperada.aviso_id is not None) == ("no_valida", True)
    esperada.reabrir()  # in memory: what the transition would make of the row before the re-import

    fila = fila_actividad("A1", "T1", ana, comentario="Cotización enviada por WhatsApp.", realizada="06/03/2026")
    importar(Importacion.Tipo.ACTIVIDADES, ENCABEZADOS_ACTIVIDADES, [fila])

    reabierta = Actividad.objects.get(pk=actividad.pk)
    campos = ["validacion", "motivo", "validada_por_id", "validada_en", "aviso_id"]
    assert [getattr(reabierta, c) for c in campos] == [getattr(esperada, c) for c in campos]
    assert (reabierta.validacion, reabierta.motivo, reabierta.aviso_id) == ("pendiente", "", None)
    assert reabierta.fecha_realizada == date(2026, 3, 6)
