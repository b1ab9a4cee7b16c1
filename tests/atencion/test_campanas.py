"""Loyalty campaigns: scheduled, opt-out honoured (token link), delivery recorded, idempotent."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from atencion import services
from atencion.models import Campana, Cliente, EnvioCampana, MensajeSaliente, PlantillaWhatsapp
from enlace.acciones import NO_DISPONIBLE, AccionRechazada


@pytest.fixture
def clientes(pyme, otra_pyme):
    return [
        Cliente.objects.create(pyme=pyme, nombre="Ana", correo="ana@x.test", telefono="521"),
        Cliente.objects.create(pyme=pyme, nombre="Beto", correo="beto@x.test"),
        Cliente.objects.create(pyme=pyme, nombre="Caro", telefono="523"),
        Cliente.objects.create(pyme=otra_pyme, nombre="Ajena", correo="ajena@x.test"),
    ]


def programada(pyme, gerente, **kw):
    campana = services.campana_crear(
        actor=gerente,
        pyme=pyme,
        nombre="Buen Fin",
        tipo="promocion",
        asunto="20 % en faciales",
        mensaje="Solo este fin de semana.",
        programada_para=timezone.now() + timedelta(hours=1),
        **kw,
    )
    return services.campana_programar(actor=gerente, campana=campana)


def test_baja_respetada_y_entregas_registradas(client, pyme, gerente, clientes):
    beto = clientes[1]
    assert client.get(f"/atencion/baja/{beto.token_baja}/").status_code == 200
    beto.refresh_from_db()
    assert beto.acepta_campanas  # GET changes nothing
    assert "ya no recibirás" in client.post(f"/atencion/baja/{beto.token_baja}/").content.decode()
    plantilla = PlantillaWhatsapp.objects.create(
        pyme=pyme, nombre="promo", cuerpo="{{1}}", variables=["cliente"], estado=PlantillaWhatsapp.Estado.APROBADA
    )
    campana = programada(pyme, gerente, por_whatsapp=True, plantilla=plantilla)
    assert services.campanas_enviar() == 0  # not yet due
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert services.campanas_enviar() == 1
        assert services.campanas_enviar() == 0
    envios = {(e.cliente.nombre, e.canal): e.estado for e in EnvioCampana.objects.select_related("cliente")}
    assert envios == {
        ("Ana", "correo"): "encolado",
        ("Ana", "whatsapp"): "encolado",
        ("Beto", "correo"): "omitido_baja",
        ("Beto", "whatsapp"): "omitido_baja",
        ("Caro", "correo"): "sin_datos",
        ("Caro", "whatsapp"): "encolado",
    }
    assert not MensajeSaliente.objects.filter(destino__in=["beto@x.test", "ajena@x.test"]).exists()
    correo = MensajeSaliente.objects.get(destino="ana@x.test")
    assert clientes[0].token_baja in correo.cuerpo and "List-Unsubscribe" in correo.cabeceras
    campana.refresh_from_db()
    assert campana.estado == Campana.Estado.ENVIADA


def test_transiciones_de_campana(pyme, gerente):
    campana = services.campana_crear(
        actor=gerente,
        pyme=pyme,
        nombre="x",
        tipo="fecha_especial",
        asunto="x",
        mensaje="x",
        programada_para=timezone.now() - timedelta(days=1),
    )
    with pytest.raises(AccionRechazada) as error:
        services.campana_programar(actor=gerente, campana=campana)
    assert error.value.mensaje == services.MSG_CAMPANA_PASADA
    campana = services.campana_cancelar(actor=gerente, campana=campana)
    with pytest.raises(AccionRechazada) as error:
        services.campana_programar(actor=gerente, campana=campana)
    assert error.value.mensaje == NO_DISPONIBLE.format(accion="Programar", estado="Cancelada")


def test_baja_con_token_invalido(client, db):
    assert client.post("/atencion/baja/no-existe/").status_code == 404
