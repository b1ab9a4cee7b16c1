"""Every transition and guard of the apartado lifecycle, through the services."""

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from enlace.acciones import NO_DISPONIBLE
from enlace.errores import ErrorNegocio
from enlace.models import CorreoSaliente, Evento, Notificacion
from operaciones import eventos, mensajes, services
from operaciones.models import Apartado, Unidad
from tests.operaciones.factories import CLIENTE, UnidadFactory, solicitud_completa

pytestmark = pytest.mark.django_db


def refrescar(obj):
    return type(obj).objects.get(pk=obj.pk)


# --- Apartado ----------------------------------------------------------------


def test_apartar_reserva_la_unidad_registra_el_detonante_y_avisa_al_cop(
    apartar, unidad, cop, gerente_ventas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        apartado = apartar(unidad)
    assert apartado.estado == Apartado.Estado.PENDIENTE
    assert apartado.vence - apartado.creado == timedelta(hours=24)
    unidad = refrescar(unidad)
    assert unidad.estado == Unidad.Estado.APARTADA and unidad.reservada_hasta == apartado.vence
    evento = Evento.objects.get(tipo=eventos.DETONANTE_APARTADO)
    assert evento.objeto_id == str(apartado.pk) and evento.actor == apartado.asesor
    assert evento.datos["condicion"].startswith("Unidad disponible") and evento.datos["forma_pago"] == "financiado"
    assert Notificacion.objects.filter(destinatario=cop, clave=f"operaciones-apartado-{apartado.pk}").exists()
    assert CorreoSaliente.objects.filter(para=cop.email).exists()  # in-app and email
    assert Notificacion.objects.filter(destinatario=gerente_ventas).exists()  # asked to confirm
    assert callbacks, "emails are published only after commit"
    assert apartado.history.count() == 1 and unidad.history.count() == 2


def test_solo_un_asesor_aparta(unidad, cop):
    with pytest.raises(ErrorNegocio) as error:
        services.apartado_crear(actor=cop, unidad=unidad, cliente=CLIENTE, solicitud=solicitud_completa())
    assert error.value.mensaje == mensajes.SOLO_ASESOR
    assert not Apartado.objects.exists()


@pytest.mark.parametrize(
    ("cambios", "mensaje"),
    [
        ({"forma_pago": ""}, mensajes.SIN_INTENCION),
        ({"lugar_entrega": ""}, mensajes.SIN_INTENCION),
        ({"financiera": ""}, mensajes.FINANCIERA_REQUERIDA),
        ({"enganche": 0}, mensajes.ENGANCHE_FINANCIADO),
        ({"descuento_solicitado": 999_999}, mensajes.DESCUENTO_EXCESIVO),
        ({"unidad_a_cuenta": True}, mensajes.A_CUENTA_SIN_DESCRIPCION),
        ({"lugar_entrega": "domicilio"}, mensajes.ENTREGA_SIN_DETALLE),
    ],
)
def test_solicitud_incompleta_no_aparta(apartar, unidad, cambios, mensaje):
    with pytest.raises(ErrorNegocio) as error:
        apartar(unidad, **cambios)
    assert mensaje in error.value.mensaje
    assert not Apartado.objects.exists()
    assert refrescar(unidad).estado == Unidad.Estado.DISPONIBLE
    assert not Evento.objects.filter(tipo__startswith="operaciones.").exists()


def test_no_se_aparta_una_unidad_apartada(apartado, unidad, otro_asesor, apartar):
    with pytest.raises(ErrorNegocio) as error:
        apartar(unidad, actor=otro_asesor)
    assert error.value.mensaje == mensajes.UNIDAD_NO_DISPONIBLE
    assert Apartado.objects.count() == 1


def test_un_apartado_vencido_no_bloquea_un_nuevo_apartado_aunque_el_barrido_no_haya_corrido(
    apartado, unidad, otro_asesor, apartar
):
    with time_machine.travel(apartado.vence + timedelta(minutes=1)):
        nuevo = apartar(unidad, actor=otro_asesor)
        viejo = refrescar(apartado)
    assert viejo.estado == Apartado.Estado.LIBERADO and viejo.liberacion_automatica and viejo.liberado_por is None
    assert nuevo.estado == Apartado.Estado.PENDIENTE
    liberacion = Evento.objects.get(tipo=eventos.DETONANTE_UNIDAD_DISPONIBLE)
    assert liberacion.actor is None and liberacion.datos["automatico"] is True
    assert liberacion.objeto_id == str(apartado.pk)


# --- Confirmación de disponibilidad -----------------------------------------------


def test_gerente_de_ventas_confirma_en_la_app(apartado, gerente_ventas):
    confirmado = services.apartado_confirmar_disponibilidad(actor=gerente_ventas, apartado=apartado)
    assert confirmado.disponibilidad_confirmada
    assert confirmado.disponibilidad_medio == "app" and confirmado.disponibilidad_confirmo == str(gerente_ventas)
    evento = Evento.objects.get(tipo=eventos.DETONANTE_CONFIRMACION)
    assert evento.actor == gerente_ventas and evento.datos["medio"] == "app"


def test_el_cop_registra_quien_confirmo_y_como(apartado, cop):
    with pytest.raises(ErrorNegocio) as error:
        services.apartado_registrar_confirmacion(actor=cop, apartado=apartado, confirmo=" ", medio="telefono")
    assert error.value.mensaje == mensajes.CONFIRMO_REQUERIDO
    with pytest.raises(ErrorNegocio) as error:
        services.apartado_confirmar_disponibilidad(actor=cop, apartado=apartado)
    assert error.value.mensaje == mensajes.NO_CONFIRMA  # in the app confirms the concesionario; the COP records
    confirmado = services.apartado_registrar_confirmacion(
        actor=cop, apartado=apartado, confirmo="Luis (gerente de ventas)", medio="telefono"
    )
    assert confirmado.disponibilidad_confirmo == "Luis (gerente de ventas)"
    assert confirmado.disponibilidad_registrada_por == cop


def test_gerente_de_otro_concesionario_o_asesor_no_confirma(apartado, gerente_otro, asesor):
    for actor in (gerente_otro, asesor):
        with pytest.raises(ErrorNegocio) as error:
            services.apartado_confirmar_disponibilidad(actor=actor, apartado=apartado)
        assert error.value.mensaje == mensajes.NO_CONFIRMA
    assert not refrescar(apartado).disponibilidad_confirmada


def test_no_se_confirma_dos_veces_ni_vencido(apartado_confirmado, gerente_ventas, apartar, otro_asesor):
    with pytest.raises(ErrorNegocio) as error:
        services.apartado_confirmar_disponibilidad(actor=gerente_ventas, apartado=apartado_confirmado)
    assert error.value.mensaje == mensajes.YA_CONFIRMADO
    otra = UnidadFactory(concesionario=gerente_ventas.organizacion)
    pendiente = apartar(otra)
    with time_machine.travel(pendiente.vence + timedelta(seconds=1)), pytest.raises(ErrorNegocio) as error:
        services.apartado_confirmar_disponibilidad(actor=gerente_ventas, apartado=pendiente)
    assert error.value.mensaje == mensajes.VENCIDO


# --- Validación de Apartado -----------------------------------------------------------


def test_el_cop_valida_un_apartado_confirmado(apartado_confirmado, cop, unidad):
    validado = services.apartado_validar(actor=cop, apartado=apartado_confirmado)
    assert validado.estado == Apartado.Estado.VALIDADO and validado.validado_por == cop
    unidad = refrescar(unidad)
    assert unidad.estado == Unidad.Estado.VALIDADA and unidad.reservada_hasta is None
    evento = Evento.objects.get(tipo=eventos.DETONANTE_VALIDACION)
    assert "disponibilidad confirmada" in evento.datos["condicion"]
    assert Notificacion.objects.filter(
        destinatario=apartado_confirmado.asesor, clave__startswith="operaciones-validacion"
    ).exists()


def test_no_se_valida_sin_confirmacion_de_disponibilidad(apartado, cop):
    with pytest.raises(ErrorNegocio) as error:
        services.apartado_validar(actor=cop, apartado=apartado)
    assert error.value.mensaje == mensajes.SIN_CONFIRMACION
    assert refrescar(apartado).estado == Apartado.Estado.PENDIENTE


def test_el_cop_no_valida_pasado_el_plazo(apartado_confirmado, cop):
    with time_machine.travel(apartado_confirmado.vence + timedelta(seconds=1)), pytest.raises(ErrorNegocio) as error:
        services.apartado_validar(actor=cop, apartado=apartado_confirmado)
    assert error.value.mensaje == mensajes.VENCIDO
    assert refrescar(apartado_confirmado).estado == Apartado.Estado.PENDIENTE


def test_no_se_valida_dos_veces(apartado_confirmado, cop):
    services.apartado_validar(actor=cop, apartado=apartado_confirmado)
    with pytest.raises(ErrorNegocio) as error:
        services.apartado_validar(actor=cop, apartado=apartado_confirmado)
    assert error.value.mensaje == NO_DISPONIBLE.format(accion="Validar apartado", estado="Validado")


@pytest.mark.parametrize("servicio", ["validar", "liberar", "cancelar"])
def test_un_asesor_o_un_gerente_no_validan_liberan_ni_cancelan(apartado_confirmado, asesor, gerente_ventas, servicio):
    argumentos = {"liberar": {"motivo": "x"}, "cancelar": {"motivo": "otro", "detalle": "x"}}.get(servicio, {})
    for actor in (asesor, gerente_ventas):
        with pytest.raises(ErrorNegocio) as error:
            getattr(services, f"apartado_{servicio}")(actor=actor, apartado=apartado_confirmado, **argumentos)
        assert error.value.mensaje == mensajes.SOLO_COP
    assert refrescar(apartado_confirmado).estado == Apartado.Estado.PENDIENTE


def test_guardas_del_modelo_sin_servicio(apartado, cop):
    """The FSM guard itself refuses an unconfirmed apartado (the admin goes through the same guard)."""
    from django_fsm import TransitionNotAllowed, can_proceed, has_transition_perm

    assert not can_proceed(apartado.validar)
    with pytest.raises(TransitionNotAllowed):
        apartado.validar(por=cop)
    assert has_transition_perm(apartado.liberar, cop)
    assert not has_transition_perm(apartado.liberar, apartado.asesor)


# --- Unidad Disponible (manual) ------------------------------------------------------


def test_el_cop_libera_con_motivo_y_la_red_se_entera(apartado_confirmado, cop, unidad, otro_asesor):
    services.apartado_validar(actor=cop, apartado=apartado_confirmado)
    with pytest.raises(ErrorNegocio) as error:
        services.apartado_liberar(actor=cop, apartado=apartado_confirmado, motivo="  ")
    assert error.value.mensaje == mensajes.MOTIVO_REQUERIDO
    liberado = services.apartado_liberar(actor=cop, apartado=apartado_confirmado, motivo="El cliente no pagó")
    assert liberado.estado == Apartado.Estado.LIBERADO and not liberado.liberacion_automatica
    assert refrescar(unidad).estado == Unidad.Estado.DISPONIBLE
    evento = Evento.objects.get(tipo=eventos.DETONANTE_UNIDAD_DISPONIBLE)
    assert (
        evento.actor == cop and evento.datos["motivo"] == "El cliente no pagó" and evento.datos["automatico"] is False
    )
    assert Notificacion.objects.filter(destinatario=otro_asesor, titulo__startswith="Unidad Disponible").exists()
    with pytest.raises(ErrorNegocio) as error:
        services.apartado_liberar(actor=cop, apartado=apartado_confirmado, motivo="otra vez")
    assert error.value.mensaje == NO_DISPONIBLE.format(
        accion="Liberar unidad (Unidad Disponible)", estado="Liberado (unidad disponible)"
    )


# --- Cancelación ------------------------------------------------------------------


def test_el_cop_cancela_con_motivo_detalle_y_adjunto(apartado, cop, unidad):
    adjunto = SimpleUploadedFile("carta.pdf", b"%PDF-1.4 carta del cliente", content_type="application/pdf")
    cancelado = services.apartado_cancelar(
        actor=cop, apartado=apartado, motivo="cliente_desiste", detalle="Compró en otro lado", adjunto=adjunto
    )
    assert cancelado.estado == Apartado.Estado.CANCELADO and cancelado.adjunto_cancelacion
    assert refrescar(unidad).estado == Unidad.Estado.DISPONIBLE
    evento = Evento.objects.get(tipo=eventos.DETONANTE_CANCELACION)
    assert evento.datos["motivo"] == "cliente_desiste" and evento.datos["adjunto"] is True


@pytest.mark.parametrize(
    ("motivo", "detalle", "adjunto", "mensaje"),
    [
        ("", "", None, mensajes.MOTIVO_CANCELACION_REQUERIDO),
        ("inventado", "", None, mensajes.MOTIVO_CANCELACION_REQUERIDO),
        ("otro", " ", None, mensajes.DETALLE_OTRO_REQUERIDO),
        ("cliente_desiste", "", ("virus.exe", b"MZ"), "no es de un tipo permitido"),
        ("cliente_desiste", "", ("falso.pdf", b"no soy pdf"), "no corresponde a su extensión"),
    ],
)
def test_cancelacion_invalida_no_cambia_nada(apartado, cop, unidad, motivo, detalle, adjunto, mensaje):
    archivo = SimpleUploadedFile(*adjunto) if adjunto else None
    with pytest.raises(ErrorNegocio) as error:
        services.apartado_cancelar(actor=cop, apartado=apartado, motivo=motivo, detalle=detalle, adjunto=archivo)
    assert mensaje in error.value.mensaje
    assert refrescar(apartado).estado == Apartado.Estado.PENDIENTE
    assert refrescar(unidad).estado == Unidad.Estado.APARTADA


def test_no_se_cancela_un_apartado_liberado(apartado, cop):
    services.apartado_liberar(actor=cop, apartado=apartado, motivo="x")
    with pytest.raises(ErrorNegocio) as error:
        services.apartado_cancelar(actor=cop, apartado=apartado, motivo="cliente_desiste")
    assert error.value.mensaje == NO_DISPONIBLE.format(
        accion="Cancelar apartado", estado="Liberado (unidad disponible)"
    )


def test_estado_efectivo_honra_el_plazo_al_leer(apartado, unidad):
    unidad = refrescar(unidad)
    assert unidad.estado_efectivo == Unidad.Estado.APARTADA
    assert Unidad.objects.disponibles().filter(pk=unidad.pk).count() == 0
    with time_machine.travel(apartado.vence):
        assert unidad.estado_efectivo == Unidad.Estado.DISPONIBLE
        assert Unidad.objects.disponibles().filter(pk=unidad.pk).count() == 1
        assert not Apartado.objects.activos().exists()
        assert refrescar(apartado).vencido
    assert timezone.now() < apartado.vence


def test_retirar_y_reactivar_una_unidad(unidad, cop, asesor, apartar):
    with pytest.raises(ErrorNegocio) as error:
        services.unidad_retirar(actor=asesor, unidad=unidad, motivo="x")
    assert error.value.mensaje == mensajes.NO_RETIRA
    with pytest.raises(ErrorNegocio) as error:
        services.unidad_retirar(actor=cop, unidad=unidad, motivo=" ")
    assert error.value.mensaje == mensajes.MOTIVO_RETIRO_REQUERIDO
    with pytest.raises(ErrorNegocio) as error:
        services.unidad_reactivar(actor=cop, unidad=unidad)
    assert error.value.mensaje == NO_DISPONIBLE.format(accion="Reactivar en el inventario", estado="Disponible")
    assert services.unidad_retirar(actor=cop, unidad=unidad, motivo="Vendida fuera").estado == "retirada"
    with pytest.raises(ErrorNegocio) as error:
        apartar(unidad)
    assert error.value.mensaje == mensajes.UNIDAD_NO_DISPONIBLE
    with pytest.raises(ErrorNegocio) as error:
        services.unidad_reactivar(actor=asesor, unidad=unidad)
    assert error.value.mensaje == mensajes.SOLO_COP
    assert services.unidad_reactivar(actor=cop, unidad=unidad).estado == "disponible"
    assert Evento.objects.filter(tipo__in=[eventos.EVENTO_RETIRO, eventos.EVENTO_REACTIVACION]).count() == 2
    apartar(unidad)
    with pytest.raises(ErrorNegocio) as error:
        services.unidad_retirar(actor=cop, unidad=unidad, motivo="x")
    assert error.value.mensaje == NO_DISPONIBLE.format(accion="Retirar del inventario", estado="Apartada")
