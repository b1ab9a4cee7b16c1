"""Campaigns for real: customers' dates and segments, recurring campaigns on each customer's own date in the
PYME's time zone (idempotent), the preview before scheduling, opt-out by replying BAJA/STOP, WhatsApp
templates outside the 24-hour window, and per-PYME pacing."""

from datetime import date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from atencion import selectors, services
from atencion.models import (
    Campana,
    Cliente,
    EnvioCampana,
    Etiqueta,
    FechaCliente,
    FechaEspecial,
    Interaccion,
    MensajeSaliente,
    PlantillaWhatsapp,
    Ticket,
)
from tests.atencion.test_whatsapp import enviar, payload

pytestmark = pytest.mark.django_db

MX = ZoneInfo("America/Mexico_City")
# 23:30 on 14 March in Mexico City is already 15 March in UTC: the PYME's own date must decide.
NOCHE_DEL_14 = datetime(2027, 3, 14, 23, 30, tzinfo=MX)


def _plantilla(pyme, estado=PlantillaWhatsapp.Estado.APROBADA):
    return PlantillaWhatsapp.objects.create(
        pyme=pyme,
        nombre="feliz_cumple",
        cuerpo="¡Feliz día, {{1}}! {{2}}",
        variables=["cliente", "pyme"],
        estado=estado,
    )


def _recurrente(pyme, gerente, *, por="nacimiento", **extra):
    with time_machine.travel(NOCHE_DEL_14 - timedelta(days=30), tick=False):
        campana = services.campana_crear(
            actor=gerente,
            pyme=pyme,
            nombre="Cumpleaños",
            tipo="fecha_especial",
            asunto="¡Feliz cumpleaños!",
            mensaje="20 % de regalo.",
            programada_para=timezone.now() + timedelta(hours=1),
            recurrente_por=por,
            hora_envio=time(9),
            **extra,
        )
        return services.campana_programar(actor=gerente, campana=campana)


@pytest.fixture
def cumpleaneros(pyme, otra_pyme):
    crear = Cliente.objects.create
    return {
        "ana": crear(pyme=pyme, nombre="Ana", correo="ana@x.test", fecha_nacimiento=date(1990, 3, 14)),
        "beto": crear(pyme=pyme, nombre="Beto", correo="beto@x.test", fecha_nacimiento=date(1985, 3, 14)),
        "caro": crear(pyme=pyme, nombre="Caro", correo="caro@x.test", fecha_nacimiento=date(1990, 3, 15)),
        "dani": crear(pyme=pyme, nombre="Dani", correo="dani@x.test"),
        "ajena": crear(pyme=otra_pyme, nombre="Ajena", correo="aj@x.test", fecha_nacimiento=date(1990, 3, 14)),
    }


def _destinatarios(campana):
    return sorted(EnvioCampana.objects.filter(campana=campana).values_list("cliente__nombre", "ocasion"))


def test_cumpleanos_llega_solo_a_quien_cumple_ese_dia_y_una_vez(pyme, gerente, cumpleaneros):
    campana = _recurrente(pyme, gerente)
    with time_machine.travel(NOCHE_DEL_14.replace(hour=8), tick=False):
        assert services.campanas_enviar() == 0  # before its hour (9:00 in the PYME)
    with time_machine.travel(NOCHE_DEL_14, tick=False):
        assert services.campanas_enviar() == 1
        assert services.campanas_enviar() == 0  # the task running twice sends nothing more
    assert _destinatarios(campana) == [("Ana", "2027-03-14"), ("Beto", "2027-03-14")]
    assert MensajeSaliente.objects.filter(destino__in=["ana@x.test", "beto@x.test"]).count() == 2
    with time_machine.travel(NOCHE_DEL_14 + timedelta(hours=10), tick=False):  # 15 March, 9:30
        assert services.campanas_enviar() == 1
        assert services.campanas_enviar() == 0
    assert ("Caro", "2027-03-15") in _destinatarios(campana) and len(_destinatarios(campana)) == 3
    assert MensajeSaliente.objects.filter(clave__startswith=f"campana-{campana.pk}").count() == 3
    assert releer_estado(campana) == Campana.Estado.PROGRAMADA  # a recurring campaign goes on


def releer_estado(campana):
    return Campana.objects.get(pk=campana.pk).estado


def test_el_29_de_febrero_se_felicita_el_28_en_anio_no_bisiesto(pyme, gerente):
    Cliente.objects.create(pyme=pyme, nombre="Bisiesta", correo="b@x.test", fecha_nacimiento=date(1992, 2, 29))
    campana = _recurrente(pyme, gerente)
    with time_machine.travel(datetime(2027, 2, 28, 10, tzinfo=MX), tick=False):
        services.campanas_enviar()
    assert _destinatarios(campana) == [("Bisiesta", "2027-02-28")]


def test_aniversario_y_fecha_especial_de_la_pyme(pyme, gerente):
    adopcion = FechaEspecial.objects.create(pyme=pyme, nombre="Adopción de la mascota")
    firulais = Cliente.objects.create(pyme=pyme, nombre="Dueña de Firulais", correo="f@x.test")
    FechaCliente.objects.create(cliente=firulais, fecha_especial=adopcion, fecha=date(2020, 3, 14))
    Cliente.objects.create(pyme=pyme, nombre="Cliente antiguo", correo="c@x.test", aniversario=date(2019, 3, 14))
    especial = _recurrente(pyme, gerente, por="especial", fecha_especial=adopcion)
    aniversario = _recurrente(pyme, gerente, por="aniversario")
    with time_machine.travel(NOCHE_DEL_14, tick=False):
        assert services.campanas_enviar() == 2
    assert _destinatarios(especial) == [("Dueña de Firulais", "2027-03-14")]
    assert _destinatarios(aniversario) == [("Cliente antiguo", "2027-03-14")]


def test_segmento_por_etiqueta_canal_y_ultimo_contacto(pyme, gerente):
    vip = Etiqueta.objects.create(pyme=pyme, nombre="VIP")
    crear = Cliente.objects.create
    ana = crear(pyme=pyme, nombre="Ana", correo="a@x.test", telefono="+5215550001")
    beto = crear(pyme=pyme, nombre="Beto", correo="b@x.test")
    caro = crear(pyme=pyme, nombre="Caro", telefono="+5215550003")
    for cliente in (ana, beto, caro):
        cliente.etiquetas.add(vip)
    crear(pyme=pyme, nombre="Sin etiqueta", correo="s@x.test")
    services.ticket_crear(actor=None, pyme=pyme, canal="whatsapp", asunto="x", telefono=ana.telefono)
    campana = services.campana_crear(
        actor=gerente,
        pyme=pyme,
        nombre="VIP",
        tipo="promocion",
        asunto="Solo VIP",
        mensaje="…",
        programada_para=timezone.now() + timedelta(hours=1),
        segmento_etiquetas=[vip],
        segmento_sin_contacto_dias=30,
    )
    assert sorted(selectors.segmento(campana).values_list("nombre", flat=True)) == ["Beto", "Caro"]
    campana.segmento_canal = Campana.SegmentoCanal.CORREO
    assert list(selectors.segmento(campana).values_list("nombre", flat=True)) == ["Beto"]


def test_vista_previa_cuenta_antes_de_programar_con_consultas_fijas(
    client, pyme, gerente, cumpleaneros, django_assert_max_num_queries
):
    Cliente.objects.filter(pk=cumpleaneros["beto"].pk).update(acepta_campanas=False)
    campana = _recurrente(pyme, gerente)
    Campana.objects.filter(pk=campana.pk).update(estado=Campana.Estado.BORRADOR)
    with time_machine.travel(NOCHE_DEL_14, tick=False):
        client.force_login(gerente)
        previa = selectors.vista_previa(campana, dia=NOCHE_DEL_14.date())
        assert (previa["segmento"], previa["hoy"], previa["hoy_enviables"], previa["baja"]) == (4, 2, 1, 1)
        with django_assert_max_num_queries(14):
            pagina = client.get(reverse("atencion:campana", args=[campana.pk])).content.decode()
        for n in range(30):
            Cliente.objects.create(
                pyme=pyme, nombre=f"Otro {n}", correo=f"o{n}@x.test", fecha_nacimiento=date(1990, 3, 14)
            )
        with django_assert_max_num_queries(14):
            client.get(reverse("atencion:campana", args=[campana.pk]))
    assert "Vista previa de destinatarios" in pagina and "data-destinatarios>1<" in pagina
    assert 'data-accion="programar"' in pagina


def test_otra_pyme_no_ve_la_campana(client, crear_usuario, pyme, otra_pyme, gerente):
    campana = _recurrente(pyme, gerente)
    client.force_login(crear_usuario("pyme", organizacion=otra_pyme))
    assert client.get(reverse("atencion:campana", args=[campana.pk])).status_code in (403, 404)


@pytest.mark.parametrize("texto", ["BAJA", "baja", " Bája. ", "STOP", "stop!"])
def test_responder_baja_o_stop_da_de_baja_al_instante(client, perfil, gerente, texto):
    cliente = Cliente.objects.create(pyme=perfil.pyme, nombre="Ana", telefono="+525551234567", correo="a@x.test")
    MensajeSaliente.objects.create(
        pyme=perfil.pyme, canal="correo", destino="a@x.test", cuerpo="promo", clave="campana-999"
    )
    assert (
        enviar(client, payload(perfil.whatsapp_phone_number_id, "5215551234567", "wamid.b1", texto)).status_code == 200
    )
    cliente.refresh_from_db()
    assert not cliente.acepta_campanas and cliente.baja_en is not None
    assert MensajeSaliente.objects.get(clave="campana-999").estado == MensajeSaliente.Estado.FALLIDO
    confirmacion = MensajeSaliente.objects.get(clave="baja-wamid.b1")
    assert "ya no recibirás" in confirmacion.cuerpo and confirmacion.destino == "+525551234567"
    assert not Ticket.objects.filter(pyme=perfil.pyme).exists()
    enviar(client, payload(perfil.whatsapp_phone_number_id, "5215551234567", "wamid.b1", texto))  # Meta retries
    assert MensajeSaliente.objects.filter(clave="baja-wamid.b1").count() == 1


def test_un_mensaje_que_solo_menciona_baja_es_un_caso(client, perfil):
    Cliente.objects.create(pyme=perfil.pyme, nombre="Ana", telefono="+525551234567")
    enviar(client, payload(perfil.whatsapp_phone_number_id, "5215551234567", "wamid.b2", "¿Cuándo bajan los precios?"))
    assert Cliente.objects.get(telefono="+525551234567").acepta_campanas
    assert Ticket.objects.filter(pyme=perfil.pyme).count() == 1


def test_whatsapp_fuera_de_la_ventana_solo_con_plantilla_aprobada(pyme, gerente):
    dentro = Cliente.objects.create(pyme=pyme, nombre="Escribió hoy", telefono="+5215550001")
    Cliente.objects.create(pyme=pyme, nombre="Hace un mes", telefono="+5215550002")
    ticket = services.ticket_crear(
        actor=None, pyme=pyme, canal="whatsapp", asunto="Hola", telefono=dentro.telefono, contenido="Hola"
    )
    assert Interaccion.objects.filter(ticket=ticket, direccion="entrante").exists()

    def enviar_campana(plantilla):
        campana = services.campana_crear(
            actor=gerente,
            pyme=pyme,
            nombre="Promo",
            tipo="promocion",
            asunto="Promo",
            mensaje="15 % esta semana",
            por_whatsapp=True,
            plantilla=plantilla,
            programada_para=timezone.now() + timedelta(minutes=10),
        )
        services.campana_programar(actor=gerente, campana=campana)
        with time_machine.travel(timezone.now() + timedelta(minutes=20)):
            services.campanas_enviar()
        return {e.cliente.nombre: e for e in EnvioCampana.objects.filter(campana=campana, canal="whatsapp")}

    sin = enviar_campana(None)
    assert sin["Hace un mes"].estado == EnvioCampana.Estado.SIN_PLANTILLA and sin["Hace un mes"].mensaje is None
    assert sin["Escribió hoy"].mensaje.payload["type"] == "text"
    con = enviar_campana(_plantilla(pyme))
    plantilla = con["Hace un mes"].mensaje.payload["template"]
    assert plantilla["name"] == "feliz_cumple" and plantilla["language"] == {"code": "es_MX"}
    assert [p["text"] for p in plantilla["components"][0]["parameters"]] == ["Hace un mes", pyme.nombre]
    assert con["Escribió hoy"].mensaje.payload["type"] == "text"


def test_una_plantilla_no_aprobada_o_de_otra_pyme_se_rechaza(pyme, otra_pyme, gerente):
    for plantilla in (_plantilla(pyme, PlantillaWhatsapp.Estado.PENDIENTE), _plantilla(otra_pyme)):
        with pytest.raises(services.ErrorAtencion, match="plantilla de WhatsApp aprobada"):
            services.campana_crear(
                actor=gerente,
                pyme=pyme,
                nombre="X",
                tipo="promocion",
                asunto="X",
                mensaje="X",
                plantilla=plantilla,
                programada_para=timezone.now() + timedelta(hours=1),
            )
    assert not Campana.objects.filter(nombre="X").exists()


def test_los_envios_de_una_pyme_van_espaciados(pyme, gerente, settings):
    settings.ATENCION_CAMPANA_MENSAJES_POR_MINUTO = 30  # one every 2 seconds
    Cliente.objects.bulk_create([Cliente(pyme=pyme, nombre=f"C{n}", correo=f"c{n}@x.test") for n in range(5)])
    for nombre in ("Primera", "Segunda"):
        campana = services.campana_crear(
            actor=gerente,
            pyme=pyme,
            nombre=nombre,
            tipo="promocion",
            asunto=nombre,
            mensaje="…",
            programada_para=timezone.now() + timedelta(minutes=10),
        )
        services.campana_programar(actor=gerente, campana=campana)
    with time_machine.travel(timezone.now() + timedelta(minutes=20), tick=False):
        assert services.campanas_enviar() == 2
    horas = sorted(MensajeSaliente.objects.filter(pyme=pyme).values_list("proximo_intento", flat=True))
    assert len(horas) == 10
    assert {b - a for a, b in pairwise(horas)} == {timedelta(seconds=2)}
