# ruff: noqa: F811 - fixtures imported from tests.operaciones.fixtures_comisiones
"""Comisiones: lines created at the cierre (one and two dealers, percentage and fixed), rule choice, no rule,
idempotency, and the verify / pay transitions with their guards, events, history and notifications."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from enlace.acciones import NO_DISPONIBLE
from enlace.errores import ErrorNegocio
from enlace.models import CorreoSaliente, Evento, Notificacion
from operaciones import eventos, mensajes, services
from operaciones.models import LineaComision, ReglaComision
from tests.operaciones.fixtures_comisiones import (  # noqa: F401 - fixtures
    cerrar_operacion,
    crear_lineas,
    crear_regla,
    marcar_cerrado,
    regla,
)
from tests.operaciones.semillas import sembrar_configuracion

pytestmark = pytest.mark.django_db

Rol = LineaComision.Rol
Estado = LineaComision.Estado


SIN_VERIFICAR = NO_DISPONIBLE.format(accion="Registrar pago de la comisión", estado="Por verificar")


def lineas_de(apartado):
    return {linea.rol: linea for linea in LineaComision.objects.filter(apartado=apartado).order_by("pk")}


# --- Creation at the cierre --------------------------------------------------------------


def test_dos_concesionarios_porcentaje_al_centavo(regla, cerrar_operacion, asesor, concesionario, otro_concesionario):
    operacion = cerrar_operacion(Decimal("289900.00"))
    lineas = lineas_de(operacion)
    # 1.75 % of 289,900.00 = 5,073.25 → 40 % / 30 % / 30 %; B takes the rounding centavo.
    assert {rol: linea.monto for rol, linea in lineas.items()} == {
        Rol.ASESOR: Decimal("2029.30"),
        Rol.CONCESIONARIO_A: Decimal("1521.98"),
        Rol.CONCESIONARIO_B: Decimal("1521.97"),
    }
    assert sum(linea.monto for linea in lineas.values()) == Decimal("5073.25")
    assert lineas[Rol.ASESOR].beneficiario_asesor == asesor
    assert lineas[Rol.CONCESIONARIO_A].beneficiario_concesionario == otro_concesionario
    assert lineas[Rol.CONCESIONARIO_B].beneficiario_concesionario == concesionario
    assert {linea.base for linea in lineas.values()} == {Decimal("5073.25")}
    assert [linea.porcentaje for linea in lineas.values()] == [Decimal("40"), Decimal("30"), Decimal("30")]
    assert {linea.estado for linea in lineas.values()} == {Estado.POR_VERIFICAR}
    assert {linea.regla for linea in lineas.values()} == {regla}
    assert LineaComision.history.filter(history_type="+").count() == 3


def test_un_concesionario_monto_fijo(cerrar_operacion, otro_asesor, concesionario):
    crear_regla(tipo=ReglaComision.Tipo.MONTO_FIJO, valor=Decimal("7500.00"), asesor_un_concesionario=Decimal("60"))
    operacion = cerrar_operacion(Decimal("310000.00"), asesor=otro_asesor)  # asesor of the owning dealer: A = B
    lineas = lineas_de(operacion)
    assert {rol: linea.monto for rol, linea in lineas.items()} == {
        Rol.ASESOR: Decimal("4500.00"),
        Rol.CONCESIONARIO_B: Decimal("3000.00"),
    }
    assert lineas[Rol.ASESOR].beneficiario_asesor == otro_asesor
    assert lineas[Rol.CONCESIONARIO_B].beneficiario_concesionario == concesionario
    assert lineas[Rol.CONCESIONARIO_B].porcentaje == Decimal("40")


def test_asesor_independiente_reparte_con_un_solo_concesionario(regla, cerrar_operacion, crear_usuario, red):
    independiente = crear_usuario("asesor", organizacion=red)
    operacion = cerrar_operacion(Decimal("100000.00"), asesor=independiente)
    assert {rol: linea.monto for rol, linea in lineas_de(operacion).items()} == {
        Rol.ASESOR: Decimal("1050.00"),
        Rol.CONCESIONARIO_B: Decimal("700.00"),
    }


def test_se_aplica_la_regla_activa_mas_reciente_a_la_fecha_del_cierre(cerrar_operacion):
    crear_regla(nombre="Vieja", valor=Decimal("1.00"), vigente_desde=datetime.date(2024, 1, 1))
    vigente = crear_regla(nombre="Vigente", valor=Decimal("3.00"), vigente_desde=datetime.date(2025, 6, 1))
    crear_regla(nombre="Inactiva", valor=Decimal("9.00"), vigente_desde=datetime.date(2025, 7, 1), activa=False)
    crear_regla(nombre="Futura", valor=Decimal("5.00"), vigente_desde=datetime.date(2025, 9, 1))
    cierre = timezone.make_aware(datetime.datetime(2025, 8, 15, 12, 0))
    operacion = cerrar_operacion(Decimal("200000.00"), cerrado_en=cierre)
    lineas = lineas_de(operacion)
    assert {linea.regla for linea in lineas.values()} == {vigente}
    assert lineas[Rol.ASESOR].base == Decimal("6000.00")


def test_sin_regla_cierra_sin_lineas_y_avisa_al_cop(cerrar_operacion, cop, asesor):
    ReglaComision.objects.update(activa=False)
    operacion = cerrar_operacion(Decimal("250000.00"))
    assert operacion.estado == "cerrado"
    assert not LineaComision.objects.exists()
    avisos = Notificacion.objects.filter(titulo=mensajes.SIN_REGLA_COMISION)
    assert [n.destinatario for n in avisos] == [cop]
    assert not CorreoSaliente.objects.filter(asunto=mensajes.SIN_REGLA_COMISION).exists()  # in-app only
    assert crear_lineas(operacion, actor=cop) == []
    assert avisos.count() == 1


def test_crear_lineas_dos_veces_no_crea_nada_nuevo(regla, cerrar_operacion, cop):
    operacion = cerrar_operacion()
    primeras = list(LineaComision.objects.filter(apartado=operacion).order_by("pk"))
    segunda = crear_lineas(operacion, actor=cop)
    assert [linea.pk for linea in segunda] == [linea.pk for linea in primeras]
    assert LineaComision.objects.count() == 3
    assert LineaComision.history.count() == 3


def test_no_crea_lineas_de_una_operacion_no_cerrada(regla, apartado_confirmado, cop):
    services.apartado_validar(actor=cop, apartado=apartado_confirmado)
    apartado_confirmado.refresh_from_db()
    with pytest.raises(ErrorNegocio) as error:
        crear_lineas(apartado_confirmado, actor=cop)
    assert error.value.mensaje == mensajes.COMISION_SIN_CIERRE
    assert not LineaComision.objects.exists()


def test_regla_valida_que_el_reparto_de_dos_concesionarios_sume_100():
    regla = ReglaComision(
        nombre="Mal",
        valor=Decimal("2"),
        asesor_un_concesionario=Decimal("50"),
        asesor_dos_concesionarios=Decimal("40"),
        concesionario_a=Decimal("30"),
        concesionario_b=Decimal("20"),
    )
    with pytest.raises(ValidationError) as error:
        regla.full_clean()
    assert set(error.value.messages) == {
        "Con dos concesionarios, los porcentajes del asesor, del concesionario A y del B deben sumar 100."
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        regla.save()


def test_la_migracion_crea_una_regla_inicial_documentada_una_sola_vez():
    """Seeded by the migration's own function (a browser test elsewhere may have flushed the table)."""
    ReglaComision.objects.all().delete()
    sembrar_configuracion()
    sembrar_configuracion()
    inicial = ReglaComision.objects.get(nombre="Regla general (2 % del precio final)")
    assert (inicial.valor, inicial.asesor_un_concesionario, inicial.asesor_dos_concesionarios) == (
        Decimal("2.00"),
        Decimal("50.00"),
        Decimal("40.00"),
    )


# --- Verify and pay ---------------------------------------------------------------------


@pytest.fixture
def operacion(regla, cerrar_operacion):
    return cerrar_operacion()


def seleccion(operacion):
    return list(LineaComision.objects.filter(apartado=operacion).order_by("pk"))


def estados(operacion):
    return list(LineaComision.objects.filter(apartado=operacion).order_by("pk").values_list("estado", flat=True))


def test_verificar_y_pagar_una_seleccion(operacion, cop, asesor):
    hoy = timezone.localdate()
    services.comision_verificar(actor=cop, lineas=seleccion(operacion))
    assert estados(operacion) == [Estado.VERIFICADA] * 3
    assert Evento.objects.filter(tipo=eventos.EVENTO_COMISION_VERIFICADA, objeto_id=str(operacion.pk)).count() == 3
    services.comision_pagar(actor=cop, lineas=seleccion(operacion), fecha=hoy, referencia="SPEI 123")
    lineas = LineaComision.objects.filter(apartado=operacion)
    assert {(linea.estado, linea.fecha_pago, linea.referencia_pago, linea.pagada_por) for linea in lineas} == {
        (Estado.PAGADA, hoy, "SPEI 123", cop)
    }
    pagos = Evento.objects.filter(tipo=eventos.EVENTO_COMISION_PAGADA, objeto_id=str(operacion.pk))
    assert pagos.count() == 3
    assert pagos.first().datos["condicion"] == "Comisión verificada por el COP"
    assert LineaComision.history.filter(history_type="~").count() == 6
    # The asesor is told once, in the app and by email; concesionarios get no notice.
    avisos = Notificacion.objects.filter(titulo__startswith="Comisión pagada")
    assert [n.destinatario for n in avisos] == [asesor]
    assert "$2.029,30 MXN" in avisos.get().titulo
    assert list(CorreoSaliente.objects.filter(asunto__startswith="Comisión pagada").values_list("para", flat=True)) == [
        asesor.email
    ]


def test_pagar_antes_de_verificar_se_rechaza_sin_cambios(operacion, cop):
    primera = seleccion(operacion)[:1]
    with pytest.raises(ErrorNegocio) as error:
        services.comision_pagar(actor=cop, lineas=primera, fecha=timezone.localdate(), referencia="X")
    assert error.value.mensaje == SIN_VERIFICAR
    assert estados(operacion) == [Estado.POR_VERIFICAR] * 3
    assert not Evento.objects.filter(tipo=eventos.EVENTO_COMISION_PAGADA).exists()


def test_pagar_dos_veces_se_rechaza_y_no_duplica_avisos(operacion, cop, asesor):
    hoy = timezone.localdate()
    services.comision_verificar(actor=cop, lineas=seleccion(operacion))
    services.comision_pagar(actor=cop, lineas=seleccion(operacion), fecha=hoy, referencia="SPEI 1")
    with pytest.raises(ErrorNegocio) as error:
        services.comision_pagar(actor=cop, lineas=seleccion(operacion)[:1], fecha=hoy, referencia="SPEI 2")
    assert error.value.mensaje == NO_DISPONIBLE.format(accion="Registrar pago de la comisión", estado="Pagada")
    assert set(LineaComision.objects.values_list("referencia_pago", flat=True)) == {"SPEI 1"}
    assert Notificacion.objects.filter(destinatario=asesor, titulo__startswith="Comisión pagada").count() == 1
    assert CorreoSaliente.objects.filter(para=asesor.email, asunto__startswith="Comisión pagada").count() == 1


def test_verificar_dos_veces_se_rechaza(operacion, cop):
    services.comision_verificar(actor=cop, lineas=seleccion(operacion)[:1])
    with pytest.raises(ErrorNegocio) as error:
        services.comision_verificar(actor=cop, lineas=seleccion(operacion)[:1])
    assert error.value.mensaje == NO_DISPONIBLE.format(accion="Verificar comisión", estado="Verificada")
    assert Evento.objects.filter(tipo=eventos.EVENTO_COMISION_VERIFICADA).count() == 1


def test_una_linea_rechazada_rechaza_toda_la_seleccion(operacion, cop):
    services.comision_verificar(actor=cop, lineas=seleccion(operacion)[:1])
    with pytest.raises(ErrorNegocio) as error:
        services.comision_pagar(actor=cop, lineas=seleccion(operacion), fecha=timezone.localdate(), referencia="R")
    assert error.value.mensaje.startswith("No se aplicó ningún cambio. " + SIN_VERIFICAR)
    assert operacion.folio in error.value.mensaje
    assert estados(operacion) == [Estado.VERIFICADA, Estado.POR_VERIFICAR, Estado.POR_VERIFICAR]


@pytest.mark.parametrize(
    ("fecha", "referencia", "mensaje"),
    [
        (None, "SPEI", mensajes.COMISION_PAGO_INCOMPLETO),
        ("hoy", "  ", mensajes.COMISION_PAGO_INCOMPLETO),
        ("manana", "SPEI", mensajes.COMISION_PAGO_FUTURO),
    ],
)
def test_pago_sin_fecha_o_referencia_o_futuro(operacion, cop, fecha, referencia, mensaje):
    services.comision_verificar(actor=cop, lineas=seleccion(operacion))
    fechas = {None: None, "hoy": timezone.localdate(), "manana": timezone.localdate() + datetime.timedelta(days=1)}
    with pytest.raises(ErrorNegocio) as error:
        services.comision_pagar(actor=cop, lineas=seleccion(operacion), fecha=fechas[fecha], referencia=referencia)
    assert error.value.mensaje == mensaje
    assert estados(operacion) == [Estado.VERIFICADA] * 3


def test_solo_el_cop_verifica_y_paga(operacion, asesor, gerente_ventas):
    for actor in (asesor, gerente_ventas):
        with pytest.raises(ErrorNegocio) as error:
            services.comision_verificar(actor=actor, lineas=seleccion(operacion))
        assert error.value.mensaje == mensajes.SOLO_COP
    assert estados(operacion) == [Estado.POR_VERIFICAR] * 3


def test_seleccion_vacia(operacion, cop):
    with pytest.raises(ErrorNegocio) as error:
        services.comision_verificar(actor=cop, lineas=[])
    assert error.value.mensaje == mensajes.COMISION_SIN_SELECCION
    assert estados(operacion) == [Estado.POR_VERIFICAR] * 3  # another network's lines: see the board's test
