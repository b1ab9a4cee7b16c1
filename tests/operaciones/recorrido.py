"""The rows the walks of operaciones need, built through the services from the suite's fixtures.

A test module uses it with ``from tests.operaciones.recorrido import hacer`` (and ``almacen_temporal`` from
``fixtures_entrega``): ``hacer.validada()``, ``hacer.trade_in("declinado_a")``, ``hacer.f("cop")``…
"""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from operaciones import services
from operaciones.models import Apartado, RevisionRetiro, SolicitudDescuento
from tests.operaciones.fixtures_comisiones import crear_lineas, crear_regla, marcar_cerrado
from tests.operaciones.fixtures_entrega import SOLICITUD_DE_CONTADO, preparar_cierre
from tests.operaciones.fixtures_negociacion import UNIDAD_A_CUENTA
from tests.operaciones.semillas import sembrar_configuracion


def refrescar(obj):
    return type(obj).objects.get(pk=obj.pk)


class Operaciones:
    """Builds the rows the walk needs through the services, from the suite's fixtures."""

    def __init__(self, request):
        self.f = request.getfixturevalue

    def apartado(self, **solicitud):
        return self.f("apartar")(self.f("unidad"), **solicitud)

    def apartado_confirmado(self, **solicitud):
        return services.apartado_confirmar_disponibilidad(
            actor=self.f("gerente_ventas"), apartado=self.apartado(**solicitud)
        )

    def validada(self, **solicitud):
        return services.apartado_validar(actor=self.f("cop"), apartado=self.apartado_confirmado(**solicitud))

    def unidad_retirada(self):
        return services.unidad_retirar(actor=self.f("cop"), unidad=self.f("unidad"), motivo="Revisión mecánica")

    def descuento(self, estado="solicitada"):
        descuento = SolicitudDescuento.objects.get(apartado=self.validada())  # the Solicitud's own discount
        if estado == "en_negociacion":
            descuento = services.descuento_negociar(actor=self.f("cop"), descuento=descuento)
        if estado == "contraoferta":
            descuento = services.descuento_responder(
                actor=self.f("gerente_ventas"), descuento=descuento, resultado="contraoferta", monto=Decimal("2500")
            )
        return descuento

    def cancelacion(self):
        """A pending cancellation request of the asesor's validated apartado."""
        return services.cancelacion_solicitar(
            actor=self.f("asesor"), apartado=self.validada(), motivo="cliente_desiste", detalle="Ya no le alcanza."
        )

    def financiamiento(self, estado="enviada"):
        solicitud = services.financiamiento_enviar(
            actor=self.f("asesor"),
            apartado=self.validada(descuento_solicitado=0),
            financiera="BBVA",
            tipo_financiera="banco",
            monto_solicitado=Decimal("200000"),
            plazo_meses=48,
        )
        if estado == "aprobada":
            solicitud = services.financiamiento_registrar_respuesta(
                actor=self.f("cop"), financiamiento=solicitud, aprobada=True, condiciones="48 meses", monto_aprobado=1
            )
        return solicitud

    def trade_in(self, estado="esperando_a"):
        sembrar_configuracion()
        apartado = self.validada(descuento_solicitado=0, unidad_a_cuenta=True, unidad_a_cuenta_descripcion="Tsuru")
        trade_in = services.tradein_activar(actor=self.f("cop"), apartado=apartado, unidad=UNIDAD_A_CUENTA)
        if estado in ("declinado_a", "esperando_b"):
            trade_in = services.tradein_responder(actor=self.f("gerente_otro"), trade_in=trade_in, toma=False)
        if estado == "esperando_b":
            trade_in = services.tradein_segunda_oferta(actor=self.f("cop"), trade_in=trade_in)
        return trade_in

    def tarea(self):
        fecha = date(2026, 3, 1)
        return services.tarea_crear(
            actor=self.f("cop"), apartado=self.validada(), tipo="placas", fecha_compromiso=fecha
        )

    def seguro(self):
        """The insurance task every validated purchase gets."""
        return self.validada().tareas_proveedor.get(tipo="seguro")

    def a_domicilio(self):
        """A validated cash operación delivered at the client's home: it needs a traslado."""
        return self.validada(
            **SOLICITUD_DE_CONTADO, lugar_entrega="domicilio", lugar_entrega_detalle="Av. Juárez 10, Monterrey"
        )

    def linea(self, estado="por_verificar"):
        crear_regla()
        cerrado = marcar_cerrado(self.validada(), cop=self.f("cop"), precio_final=Decimal("289900"))
        linea = crear_lineas(cerrado, actor=self.f("cop"))[0]
        if estado == "verificada":
            services.comision_verificar(actor=self.f("cop"), lineas=[linea])
        return refrescar(linea)

    def revision(self):
        apartado = self.apartado()
        services.apartado_liberar(actor=self.f("cop"), apartado=apartado, motivo="Sin respuesta")
        services.unidad_retirar(actor=self.f("gerente_ventas"), unidad=apartado.unidad, motivo="Traslado")
        return RevisionRetiro.objects.get()

    def escalamiento(self, estado="abierta"):
        self.f("gerente_general")
        escalamiento = services.escalamiento_abrir(
            actor=self.f("cop"), apartado=self.validada(), motivo="El gerente de ventas no responde", severidad="alta"
        )
        if estado == "respondida":
            escalamiento = services.escalamiento_responder(
                actor=self.f("gerente_general"), escalamiento=escalamiento, respuesta="Hoy mismo confirma"
            )
        return escalamiento

    def cambio(self):
        return services.cambio_proponer(
            actor=self.f("gerente_ventas"), unidad=self.f("unidad"), datos={"precio": Decimal("279900.00")}
        )

    def lista_para_cierre(self):
        operacion = services.apartado_validar(
            actor=self.f("cop"), apartado=self.apartado_confirmado(**SOLICITUD_DE_CONTADO)
        )
        return preparar_cierre(operacion, self.f("cop"))


@pytest.fixture
def hacer(request, almacen_temporal):
    return Operaciones(request)


def cerrar_operacion_de(objeto):
    """The operación of a request or trade-in (or the apartado itself), marked cerrado in place."""
    apartado_id = objeto.pk if isinstance(objeto, Apartado) else objeto.apartado_id
    Apartado.objects.filter(pk=apartado_id).update(
        estado="cerrado", cerrado_en=timezone.now(), precio_final=Decimal("1")
    )
    return refrescar(objeto)
