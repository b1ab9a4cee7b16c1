# ruff: noqa: F811 - fixtures imported from tests.operaciones.fixtures_entrega and recorrido
"""The COP with the gerentes generales: escalations (abierta → respondida → resuelta) and sales-progress
notices. Who may, who gets what by which channel, 404 across concesionarios, the timeline and the bitácora."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from enlace.acciones import AccionRechazada
from enlace.models import CorreoSaliente, Evento, Notificacion
from operaciones import eventos, mensajes, services
from operaciones.models import AvisoAvance, Escalamiento
from operaciones.services.comun import ErrorOperacion
from tests.ayudas import afirmar_ofrece_lo_permitido
from tests.operaciones.factories import ConcesionarioFactory
from tests.operaciones.fixtures_entrega import almacen_temporal  # noqa: F401
from tests.operaciones.recorrido import hacer, refrescar  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def tercero(red, crear_usuario):
    return crear_usuario("gerente_general", organizacion=ConcesionarioFactory(padre=red, nombre="Tercero"))


# --- Escalations ------------------------------------------------------------------------------------


def test_escalar_avisa_al_gerente_general_por_campana_y_correo(hacer, gerente_ventas):
    escalamiento = hacer.escalamiento()
    gerente = hacer.f("gerente_general")
    avisos = Notificacion.objects.filter(clave=f"operaciones-escalamiento-{escalamiento.pk}")
    assert {n.destinatario for n in avisos} == {gerente}
    assert set(CorreoSaliente.objects.filter(clave=avisos.get().clave).values_list("para", flat=True)) == {
        gerente.email
    }
    evento = Evento.objects.get(tipo=eventos.EVENTO_ESCALAMIENTO_ABIERTO)
    assert evento.actor == hacer.f("cop") and evento.datos["apartado_id"] == escalamiento.apartado_id
    assert evento.organizacion_id == escalamiento.concesionario_id


def test_responder_avisa_al_cop_y_resolver_al_gerente(hacer):
    escalamiento = hacer.escalamiento("respondida")
    cop, gerente = hacer.f("cop"), hacer.f("gerente_general")
    respuesta = Notificacion.objects.get(clave=f"operaciones-escalamiento-{escalamiento.pk}-respondido")
    assert respuesta.destinatario == cop
    assert CorreoSaliente.objects.filter(clave=respuesta.clave, para=cop.email).exists()
    services.escalamiento_resolver(actor=cop, escalamiento=escalamiento, resolucion="Confirmado por teléfono")
    resuelto = Notificacion.objects.get(clave=f"operaciones-escalamiento-{escalamiento.pk}-resuelto")
    assert resuelto.destinatario == gerente
    assert refrescar(escalamiento).estado == Escalamiento.Estado.RESUELTA
    pasos = Evento.objects.filter(tipo__startswith="operaciones.escalamiento").order_by("secuencia")
    tipos = list(pasos.values_list("tipo", flat=True))
    assert tipos == [
        eventos.EVENTO_ESCALAMIENTO_ABIERTO,
        eventos.EVENTO_ESCALAMIENTO_RESPONDIDO,
        eventos.EVENTO_ESCALAMIENTO_RESUELTO,
    ]


def test_el_gerente_general_puede_resolver_directo_y_avisa_al_cop(hacer):
    escalamiento = hacer.escalamiento()
    gerente = hacer.f("gerente_general")
    services.escalamiento_resolver(actor=gerente, escalamiento=escalamiento, resolucion="Ya lo arreglé")
    assert refrescar(escalamiento).estado == Escalamiento.Estado.RESUELTA
    aviso = Notificacion.objects.get(clave=f"operaciones-escalamiento-{escalamiento.pk}-resuelto")
    assert aviso.destinatario == hacer.f("cop")


def test_un_escalamiento_resuelto_ya_no_se_responde(hacer):
    escalamiento = hacer.escalamiento()
    gerente = hacer.f("gerente_general")
    services.escalamiento_resolver(actor=gerente, escalamiento=escalamiento, resolucion="Listo")
    with pytest.raises(AccionRechazada) as rechazo:
        services.escalamiento_responder(actor=gerente, escalamiento=refrescar(escalamiento), respuesta="Tarde")
    assert "Resuelta" in rechazo.value.mensaje


@pytest.mark.parametrize(
    ("motivo", "severidad", "error"),
    [
        ("", "alta", mensajes.ESCALAMIENTO_MOTIVO_REQUERIDO),
        ("Sin respuesta", "enorme", mensajes.ESCALAMIENTO_SEVERIDAD_INVALIDA),
    ],
)
def test_escalar_con_datos_malos_no_guarda_nada(hacer, motivo, severidad, error):
    hacer.f("gerente_general")
    operacion = hacer.validada()
    avisos = Notificacion.objects.count()
    with pytest.raises(ErrorOperacion) as rechazo:
        services.escalamiento_abrir(actor=hacer.f("cop"), apartado=operacion, motivo=motivo, severidad=severidad)
    assert rechazo.value.mensaje == error
    assert not Escalamiento.objects.exists() and Notificacion.objects.count() == avisos


def test_sin_gerente_general_no_se_escala(hacer):
    operacion = hacer.validada()
    with pytest.raises(ErrorOperacion) as rechazo:
        services.escalamiento_abrir(actor=hacer.f("cop"), apartado=operacion, motivo="x", severidad="baja")
    assert rechazo.value.mensaje == mensajes.SIN_GERENTE_GENERAL.format(concesionario=operacion.concesionario)
    assert not Escalamiento.objects.exists()


@pytest.mark.parametrize("texto", ["", "   "])
def test_responder_o_resolver_sin_texto_no_cambia_nada(hacer, texto):
    escalamiento = hacer.escalamiento()
    gerente = hacer.f("gerente_general")
    with pytest.raises(ErrorOperacion):
        services.escalamiento_responder(actor=gerente, escalamiento=escalamiento, respuesta=texto)
    with pytest.raises(ErrorOperacion):
        services.escalamiento_resolver(actor=gerente, escalamiento=escalamiento, resolucion=texto)
    assert refrescar(escalamiento).estado == Escalamiento.Estado.ABIERTA


def test_otro_concesionario_recibe_404_en_el_escalamiento(client, hacer, tercero):
    escalamiento = hacer.escalamiento()
    client.force_login(tercero)
    assert client.get(reverse("operaciones:escalamiento", args=[escalamiento.pk])).status_code == 404
    url = reverse("operaciones:escalamiento_accion", args=[escalamiento.pk, "responder"])
    assert client.post(url, {"respuesta": "Intruso"}).status_code == 404
    assert refrescar(escalamiento).estado == Escalamiento.Estado.ABIERTA
    assert b"data-escalamiento" not in client.get(reverse("operaciones:escalamientos")).content


def test_otros_roles_del_concesionario_no_ven_escalamientos(client, hacer):
    escalamiento = hacer.escalamiento()
    for rol in ("gerente_ventas", "asesor"):
        client.force_login(hacer.f(rol))
        assert client.get(reverse("operaciones:escalamiento", args=[escalamiento.pk])).status_code == 403
    assert not Escalamiento.objects.visibles_para(hacer.f("gerente_ventas")).exists()


def test_la_pagina_ofrece_a_cada_quien_lo_suyo_y_responde(client, hacer):
    from operaciones.acciones import ACCIONES_ESCALAMIENTO

    escalamiento = hacer.escalamiento()
    cop, gerente = hacer.f("cop"), hacer.f("gerente_general")
    url = reverse("operaciones:escalamiento", args=[escalamiento.pk])
    client.force_login(cop)
    html = client.get(url).content.decode()
    assert afirmar_ofrece_lo_permitido(html, ACCIONES_ESCALAMIENTO, escalamiento, cop) == set()
    client.force_login(gerente)
    html = client.get(url).content.decode()
    assert afirmar_ofrece_lo_permitido(html, ACCIONES_ESCALAMIENTO, escalamiento, gerente) == {"responder", "resolver"}
    respuesta = client.post(
        reverse("operaciones:escalamiento_accion", args=[escalamiento.pk, "responder"]), {"respuesta": ""}
    )
    assert respuesta.status_code == 200 and refrescar(escalamiento).estado == "abierta"
    respuesta = client.post(
        reverse("operaciones:escalamiento_accion", args=[escalamiento.pk, "responder"]), {"respuesta": "Ya llamé"}
    )
    assert respuesta.status_code == 302 and refrescar(escalamiento).estado == "respondida"
    client.force_login(cop)
    html = client.get(url).content.decode()
    assert afirmar_ofrece_lo_permitido(html, ACCIONES_ESCALAMIENTO, refrescar(escalamiento), cop) == {"resolver"}


def test_abiertos_en_la_bandeja_del_cop_y_el_inicio_del_gerente_general(client, hacer):
    escalamiento = hacer.escalamiento()
    marca = f'data-escalamiento="{escalamiento.pk}"'
    client.force_login(hacer.f("cop"))
    en_la_bandeja = reverse("operaciones:escalamiento", args=[escalamiento.pk])
    assert en_la_bandeja in client.get(reverse("operaciones:bandeja")).content.decode()
    gerente = hacer.f("gerente_general")
    client.force_login(gerente)
    inicio = client.get(reverse("operaciones:inicio")).content.decode()
    conversacion = reverse("operaciones:conversacion", args=[escalamiento.apartado_id])
    assert conversacion in inicio and "Escalamientos del COP por atender" in inicio
    assert marca in client.get(reverse("operaciones:mi_inventario")).content.decode()
    services.escalamiento_resolver(actor=gerente, escalamiento=escalamiento, resolucion="Hecho")
    assert marca not in client.get(reverse("operaciones:mi_inventario")).content.decode()


def test_cada_paso_en_la_linea_de_tiempo_de_la_operacion(client, hacer):
    escalamiento = hacer.escalamiento("respondida")
    client.force_login(hacer.f("cop"))
    html = client.get(reverse("operaciones:apartado", args=[escalamiento.apartado_id])).content.decode()
    linea = html[html.index("Línea de tiempo de la operación") :]
    assert "Escalamiento al gerente general" in linea and "Escalamiento respondido por el gerente general" in linea


def test_la_linea_de_tiempo_dice_como_se_resolvio(client, hacer):
    escalamiento = hacer.escalamiento("respondida")
    services.escalamiento_resolver(
        actor=hacer.f("gerente_general"), escalamiento=escalamiento, resolucion="Traslado asignado para hoy"
    )
    client.force_login(hacer.f("cop"))
    html = client.get(reverse("operaciones:apartado", args=[escalamiento.apartado_id])).content.decode()
    linea = html[html.index('id="linea-de-tiempo"') :]
    assert "Escalamiento resuelto" in linea and "Resuelto — Traslado asignado para hoy" in linea


def test_el_escalamiento_no_corta_los_tramos_del_apartado(hacer):
    from django.contrib.contenttypes.models import ContentType

    from operaciones.models import Apartado

    hacer.escalamiento()
    tipos_del_apartado = Evento.objects.filter(objeto_tipo=ContentType.objects.get_for_model(Apartado))
    assert not tipos_del_apartado.filter(tipo__startswith="operaciones.escalamiento").exists()


# --- Sales-progress notices ---------------------------------------------------------------------------


def _aviso(hacer, concesionarios=None, **cambios):
    datos = {
        "actor": hacer.f("cop"),
        "concesionarios": concesionarios or [hacer.f("concesionario")],
        "desde": timezone.localdate() - timedelta(days=30),
        "hasta": timezone.localdate(),
        "incentivo": "Bono de 2 000 por cierre este mes",
        **cambios,
    }
    return services.aviso_avance_enviar(**datos)


def test_el_aviso_llena_las_cifras_del_periodo(hacer):
    gerente = hacer.f("gerente_general")
    hacer.validada()  # the asesor (of concesionario A) has one apartado, validated
    otro = hacer.f("otro_concesionario")
    (aviso,) = _aviso(hacer, concesionarios=[otro])
    cifras = aviso.cifras
    assert (cifras["apartados"], cifras["validaciones"], cifras["cierres"], cifras["cancelaciones"]) == (1, 1, 0, 0)
    assert cifras["tasa_validacion"] == 100.0 and cifras["posicion"] == 1 and cifras["de_concesionarios"] == 2
    assert cifras["mejor_asesor_posicion"] == 1
    (del_dueno,) = _aviso(hacer)
    assert del_dueno.cifras["apartados"] == 0 and del_dueno.cifras["posicion"] == 2
    assert del_dueno.cifras["horas_respuesta"] is not None  # its gerente de ventas confirmed availability
    assert not Notificacion.objects.filter(destinatario=gerente, clave=f"operaciones-aviso-avance-{aviso.pk}")


def test_el_aviso_suena_campana_y_correo_del_gerente_general(hacer, gerente_general_otro):
    gerente = hacer.f("gerente_general")
    avisos = _aviso(hacer, concesionarios=[hacer.f("concesionario"), hacer.f("otro_concesionario")])
    assert len(avisos) == 2
    for aviso, destinatario in zip(avisos, (gerente, gerente_general_otro), strict=True):
        clave = f"operaciones-aviso-avance-{aviso.pk}"
        assert [n.destinatario for n in Notificacion.objects.filter(clave=clave)] == [destinatario]
        assert list(CorreoSaliente.objects.filter(clave=clave).values_list("para", flat=True)) == [destinatario.email]
    assert Evento.objects.filter(tipo=eventos.EVENTO_AVISO_AVANCE).count() == 2


def test_todos_los_concesionarios_desde_la_pagina(client, hacer, gerente_general_otro):
    hacer.f("gerente_general")
    client.force_login(hacer.f("cop"))
    hoy = timezone.localdate()
    datos = {"concesionario": "todos", "desde": hoy - timedelta(days=7), "hasta": hoy, "incentivo": "Meta: 3 cierres"}
    respuesta = client.post(reverse("operaciones:aviso_avance_nuevo"), datos)
    assert respuesta.status_code == 302
    assert AvisoAvance.objects.count() == 2


@pytest.mark.parametrize(
    ("cambios", "error"),
    [
        ({"incentivo": "  "}, mensajes.AVISO_INCENTIVO_REQUERIDO),
        (
            {"desde": timezone.localdate(), "hasta": timezone.localdate() - timedelta(days=1)},
            mensajes.PERIODO_INVERTIDO,
        ),
    ],
)
def test_un_aviso_malo_no_se_envia(hacer, cambios, error):
    with pytest.raises(ErrorOperacion) as rechazo:
        _aviso(hacer, **cambios)
    assert rechazo.value.mensaje == error
    assert not AvisoAvance.objects.exists() and not Notificacion.objects.exists()


def test_el_cop_no_avisa_a_un_concesionario_de_otra_red(hacer):
    from tests.operaciones.factories import RedFactory

    ajeno = ConcesionarioFactory(padre=RedFactory(slug="otra-red", nombre="Otra red"))
    with pytest.raises(ErrorOperacion) as rechazo:
        _aviso(hacer, concesionarios=[ajeno])
    assert rechazo.value.mensaje == mensajes.AVISO_CONCESIONARIO_AJENO
    assert not AvisoAvance.objects.exists()


def test_el_gerente_ve_su_historial_y_otro_concesionario_recibe_404(client, hacer, tercero, gerente_general_otro):
    gerente = hacer.f("gerente_general")
    propios = [_aviso(hacer)[0], _aviso(hacer)[0]]
    ajeno = _aviso(hacer, concesionarios=[hacer.f("otro_concesionario")])[0]
    client.force_login(gerente)
    historial = client.get(reverse("operaciones:avisos_avance")).content.decode()
    assert all(f'data-aviso="{a.pk}"' in historial for a in propios)
    assert f'data-aviso="{ajeno.pk}"' not in historial
    detalle = client.get(reverse("operaciones:aviso_avance", args=[propios[0].pk])).content.decode()
    assert "Bono de 2 000 por cierre este mes" in detalle and "Posición en el ranking" in detalle
    assert client.get(reverse("operaciones:aviso_avance", args=[ajeno.pk])).status_code == 404
    client.force_login(tercero)
    assert client.get(reverse("operaciones:aviso_avance", args=[propios[0].pk])).status_code == 404


def test_solo_el_cop_envia_avisos(client, hacer):
    client.force_login(hacer.f("gerente_general"))
    assert client.get(reverse("operaciones:aviso_avance_nuevo")).status_code == 403
    with pytest.raises(AccionRechazada) as rechazo:
        _aviso(hacer, actor=hacer.f("gerente_general"))
    assert rechazo.value.mensaje == mensajes.NO_AVISA


def test_historial_de_avisos_consultas_constantes(client, hacer, django_assert_num_queries):
    hacer.f("gerente_general")
    _aviso(hacer)
    client.force_login(hacer.f("gerente_general"))
    url = reverse("operaciones:avisos_avance")
    client.get(url)
    with django_assert_num_queries(CONSULTAS_AVISOS):
        client.get(url)
    for _ in range(4):
        _aviso(hacer)
    with django_assert_num_queries(CONSULTAS_AVISOS):
        assert client.get(url).content.decode().count("data-aviso=") == 5


CONSULTAS_AVISOS = 5  # + the gerente general's menu counter
