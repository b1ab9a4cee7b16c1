"""Withdrawals by the owning concesionario and the COP's review of those that follow an apartado without cierre."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from enlace.acciones import NO_DISPONIBLE
from enlace.errores import ErrorNegocio
from enlace.models import CorreoSaliente, Evento, Notificacion
from operaciones import eventos, mensajes, services
from operaciones.models import Apartado, RevisionRetiro, Unidad


def refrescar(obj):
    obj.refresh_from_db()
    return obj


def retirar_por_vista(client, usuario, unidad, motivo="Lo vendimos en piso"):
    client.force_login(usuario)
    return client.post(reverse("operaciones:retirar_unidad", args=[unidad.pk]), {"motivo": motivo}, follow=True)


@pytest.fixture
def gerente_general(concesionario, crear_usuario):
    return crear_usuario("gerente_general", organizacion=concesionario)


@pytest.fixture
def liberado(apartado, cop):
    return services.apartado_liberar(actor=cop, apartado=apartado, motivo="El cliente no volvió")


# --- Withdrawal ---------------------------------------------------------------------


def test_el_gerente_del_dueno_retira_su_unidad_desde_mi_inventario(client, unidad, gerente_ventas):
    client.force_login(gerente_ventas)
    assert b"Retirar del inventario" in client.get(reverse("operaciones:mi_inventario")).content
    respuesta = retirar_por_vista(client, gerente_ventas, unidad)
    assert mensajes.OK_RETIRADA in respuesta.content.decode()
    assert refrescar(unidad).estado == Unidad.Estado.RETIRADA
    evento = Evento.objects.get(tipo=eventos.EVENTO_RETIRO)
    assert evento.actor == gerente_ventas and evento.datos["motivo"] == "Lo vendimos en piso"
    assert evento.datos["condicion"] == "Unidad retirada por el concesionario dueño"
    assert not RevisionRetiro.objects.exists()  # no apartado before it


def test_el_gerente_general_tambien_retira(unidad, gerente_general):
    assert services.unidad_retirar(actor=gerente_general, unidad=unidad, motivo="Traslado").estado == "retirada"


def test_otro_concesionario_no_retira(client, unidad, gerente_otro):
    respuesta = retirar_por_vista(client, gerente_otro, unidad)
    assert mensajes.NO_RETIRA in respuesta.content.decode()
    assert refrescar(unidad).estado == Unidad.Estado.DISPONIBLE
    assert not Evento.objects.filter(tipo=eventos.EVENTO_RETIRO).exists()


@pytest.mark.parametrize("rol", ["gerente_financiera"])  # the webmaster does: it confirms what a file left out
def test_otros_roles_del_dueno_no_retiran(unidad, concesionario, crear_usuario, rol):
    with pytest.raises(ErrorNegocio) as error:
        services.unidad_retirar(actor=crear_usuario(rol, organizacion=concesionario), unidad=unidad, motivo="x")
    assert error.value.mensaje == mensajes.NO_RETIRA
    assert refrescar(unidad).estado == Unidad.Estado.DISPONIBLE


def test_el_asesor_recibe_403(client, unidad, asesor):
    assert retirar_por_vista(client, asesor, unidad).status_code == 403
    assert refrescar(unidad).estado == Unidad.Estado.DISPONIBLE


def test_sin_motivo_no_retira(client, unidad, gerente_ventas):
    respuesta = retirar_por_vista(client, gerente_ventas, unidad, motivo="")
    assert respuesta.status_code == 200 and mensajes.MOTIVO_RETIRO_REQUERIDO in respuesta.content.decode()
    with pytest.raises(ErrorNegocio) as error:
        services.unidad_retirar(actor=gerente_ventas, unidad=unidad, motivo="  ")
    assert error.value.mensaje == mensajes.MOTIVO_RETIRO_REQUERIDO
    assert refrescar(unidad).estado == Unidad.Estado.DISPONIBLE


def test_el_gerente_no_reactiva(unidad, gerente_ventas):
    services.unidad_retirar(actor=gerente_ventas, unidad=unidad, motivo="Traslado")
    with pytest.raises(ErrorNegocio) as error:
        services.unidad_reactivar(actor=gerente_ventas, unidad=unidad, motivo="Volvió")
    assert error.value.mensaje == mensajes.SOLO_COP
    assert refrescar(unidad).estado == Unidad.Estado.RETIRADA


def test_una_unidad_apartada_no_se_retira(apartado, gerente_ventas):
    with pytest.raises(ErrorNegocio) as error:
        services.unidad_retirar(actor=gerente_ventas, unidad=apartado.unidad, motivo="Traslado")
    assert error.value.mensaje == NO_DISPONIBLE.format(accion="Retirar del inventario", estado="Apartada")
    assert not RevisionRetiro.objects.exists()


# --- Review flag --------------------------------------------------------------------


def test_retiro_tras_un_apartado_liberado_queda_en_revision(liberado, gerente_ventas, cop, settings):
    settings.OPERACIONES_DIAS_RETIRO_EN_REVISION = 15
    with time_machine.travel(liberado.liberado_en + timedelta(days=3, hours=2), tick=False):
        services.unidad_retirar(actor=gerente_ventas, unidad=liberado.unidad, motivo="Lo vendimos en piso")
    revision = RevisionRetiro.objects.get()
    assert (revision.unidad_id, revision.apartado_id, revision.retirada_por) == (
        liberado.unidad_id,
        liberado.pk,
        gerente_ventas,
    )
    assert revision.estado == RevisionRetiro.Estado.PENDIENTE and revision.dias_transcurridos == 3
    assert revision.motivo_retiro == "Lo vendimos en piso"
    evento = Evento.objects.get(tipo=eventos.EVENTO_RETIRO_EN_REVISION)
    assert evento.objeto_id == str(liberado.pk) and evento.organizacion_id == liberado.concesionario_id
    assert evento.datos["condicion"].startswith("Unidad retirada 3 días después de un apartado liberado")
    clave = f"operaciones-retiro-revision-{revision.pk}"
    assert list(Notificacion.objects.filter(clave=clave).values_list("destinatario", flat=True)) == [cop.pk]
    assert list(CorreoSaliente.objects.filter(clave=clave).values_list("para", flat=True)) == [cop.email]


def test_retiro_tras_una_cancelacion_tambien(apartado_confirmado, cop, gerente_ventas):
    services.apartado_validar(actor=cop, apartado=apartado_confirmado)
    services.apartado_cancelar(actor=cop, apartado=apartado_confirmado, motivo="cliente_desiste")
    services.unidad_retirar(actor=gerente_ventas, unidad=apartado_confirmado.unidad, motivo="Traslado")
    assert RevisionRetiro.objects.get().apartado_id == apartado_confirmado.pk


def test_fuera_de_la_ventana_no_hay_revision(liberado, gerente_ventas, settings):
    settings.OPERACIONES_DIAS_RETIRO_EN_REVISION = 15
    with time_machine.travel(liberado.liberado_en + timedelta(days=15, seconds=1), tick=False):
        services.unidad_retirar(actor=gerente_ventas, unidad=liberado.unidad, motivo="Traslado")
    assert refrescar(liberado.unidad).estado == Unidad.Estado.RETIRADA
    assert not RevisionRetiro.objects.exists()
    assert not Evento.objects.filter(tipo=eventos.EVENTO_RETIRO_EN_REVISION).exists()


def test_en_el_limite_de_la_ventana_si(liberado, gerente_ventas, settings):
    settings.OPERACIONES_DIAS_RETIRO_EN_REVISION = 15
    with time_machine.travel(liberado.liberado_en + timedelta(days=15), tick=False):
        services.unidad_retirar(actor=gerente_ventas, unidad=liberado.unidad, motivo="Traslado")
    assert RevisionRetiro.objects.get().dias_transcurridos == 15


def test_un_apartado_pendiente_anterior_sin_terminar_no_cuenta(unidad, gerente_ventas, cop):
    """Only apartados that ended liberado or cancelado count; a unit never reserved is not flagged."""
    services.unidad_retirar(actor=cop, unidad=unidad, motivo="Revisión mecánica")
    assert not RevisionRetiro.objects.exists()


def test_retirar_de_nuevo_no_duplica(liberado, gerente_ventas, cop):
    unidad = liberado.unidad
    services.unidad_retirar(actor=gerente_ventas, unidad=unidad, motivo="Traslado")
    services.unidad_reactivar(actor=cop, unidad=unidad, motivo="Error")
    services.unidad_retirar(actor=gerente_ventas, unidad=unidad, motivo="Traslado otra vez")
    assert RevisionRetiro.objects.count() == 1
    assert Evento.objects.filter(tipo=eventos.EVENTO_RETIRO_EN_REVISION).count() == 1
    assert Notificacion.objects.filter(clave__startswith="operaciones-retiro-revision-").count() == 1
    assert CorreoSaliente.objects.filter(clave__startswith="operaciones-retiro-revision-").count() == 1


# --- COP review ---------------------------------------------------------------------


@pytest.fixture
def revision(liberado, gerente_ventas):
    services.unidad_retirar(actor=gerente_ventas, unidad=liberado.unidad, motivo="Lo vendimos en piso")
    return RevisionRetiro.objects.get()


def test_el_cop_resuelve_la_revision(client, cop, revision):
    client.force_login(cop)
    pagina = client.get(reverse("operaciones:retiros_revision")).content.decode()
    assert revision.apartado.folio in pagina and "Lo vendimos en piso" in pagina
    assert "1 retiros en revisión" in client.get(reverse("operaciones:bandeja")).content.decode()
    url = reverse("operaciones:resolver_retiro", args=[revision.pk])
    respuesta = client.post(url, {"resolucion": "El cliente compró fuera; se habló con el gerente."}, follow=True)
    assert mensajes.OK_RETIRO_REVISADO in respuesta.content.decode()
    revision = refrescar(revision)
    assert revision.estado == RevisionRetiro.Estado.REVISADA and revision.revisada_por == cop
    assert revision.resolucion.startswith("El cliente compró fuera") and revision.revisada_en is not None
    evento = Evento.objects.get(tipo=eventos.EVENTO_RETIRO_REVISADO)
    assert evento.objeto_id == str(revision.apartado_id) and evento.actor == cop
    assert "0 retiros en revisión" in client.get(reverse("operaciones:bandeja")).content.decode()
    respuesta = client.post(url, {"resolucion": "Otra vez"})
    contenido = respuesta.content.decode()
    assert respuesta.status_code == 200 and ">\nOtra vez</textarea>" in contenido
    assert NO_DISPONIBLE.format(accion="Registrar la revisión del retiro", estado="Revisada") in contenido
    assert refrescar(revision).resolucion.startswith("El cliente compró fuera")


def test_resolver_sin_texto(client, cop, revision):
    client.force_login(cop)
    respuesta = client.post(reverse("operaciones:resolver_retiro", args=[revision.pk]), {"resolucion": ""})
    assert respuesta.status_code == 200 and mensajes.RESOLUCION_REQUERIDA in respuesta.content.decode()
    with pytest.raises(ErrorNegocio) as error:
        services.retiro_resolver(actor=cop, revision=revision, resolucion="   ")
    assert error.value.mensaje == mensajes.RESOLUCION_REQUERIDA
    assert refrescar(revision).estado == RevisionRetiro.Estado.PENDIENTE


def test_solo_el_cop_resuelve(revision, gerente_ventas):
    with pytest.raises(ErrorNegocio) as error:
        services.retiro_resolver(actor=gerente_ventas, revision=revision, resolucion="Nada")
    assert error.value.mensaje == mensajes.SOLO_COP
    assert refrescar(revision).estado == RevisionRetiro.Estado.PENDIENTE


@pytest.mark.parametrize("rol", ["asesor", "gerente_ventas", "gerente_general", "gerente_financiera"])
def test_paginas_de_retiros_solo_cop(client, crear_usuario, concesionario, revision, rol):
    client.force_login(crear_usuario(rol, organizacion=concesionario))
    assert client.get(reverse("operaciones:retiros_revision")).status_code == 403
    url = reverse("operaciones:resolver_retiro", args=[revision.pk])
    assert client.post(url, {"resolucion": "x"}).status_code == 403
    assert refrescar(revision).estado == RevisionRetiro.Estado.PENDIENTE


def test_el_cop_de_otra_red_no_ve_la_revision(client, crear_usuario, revision):
    from tests.operaciones.factories import RedFactory

    client.force_login(crear_usuario("cop", organizacion=RedFactory(slug="otra-red", nombre="Otra red")))
    assert (
        client.post(reverse("operaciones:resolver_retiro", args=[revision.pk]), {"resolucion": "x"}).status_code == 404
    )


def test_lista_de_retiros_consultas_constantes(
    client, cop, concesionario, gerente_ventas, apartar, django_assert_num_queries
):
    from tests.operaciones.factories import UnidadFactory

    def revisiones(n):
        for _ in range(n):
            apartado = apartar(UnidadFactory(concesionario=concesionario))
            services.apartado_liberar(actor=cop, apartado=apartado, motivo="Sin respuesta")
            services.unidad_retirar(actor=gerente_ventas, unidad=apartado.unidad, motivo="Traslado")

    client.force_login(cop)
    revisiones(1)
    client.get(reverse("operaciones:retiros_revision"))
    with django_assert_num_queries(5):  # + the menu's 4 counters, in one query
        client.get(reverse("operaciones:retiros_revision"))
    revisiones(3)
    with django_assert_num_queries(5):  # + the menu's 4 counters, in one query
        assert client.get(reverse("operaciones:retiros_revision")).content.count(b'id="revision-') == 4
    assert Apartado.objects.filter(estado=Apartado.Estado.LIBERADO).count() == 4
