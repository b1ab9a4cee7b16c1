"""What each page of operaciones offers on its object: the declared tables of ``enlace.acciones_pagina``.

An action is offered exactly when the action layer would accept it for the user (its transitions) or, for
an action that is not a transition, when its ``Escritura`` (``operaciones.escrituras``, the same one its
service enforces) allows it on the object now. The pages show ``ofrecidas`` and post to ``procesar``,
which re-renders the page with the form and its errors on refusal.
Each entry's ``boton`` is the text of the link or button that offers it; ``titulo`` heads its own page.
"""

from enlace.acciones_pagina import AccionPagina, tabla
from operaciones import escrituras, mensajes, services
from operaciones.forms import (
    ApartarForm,
    ArchivoTradeInForm,
    CancelarForm,
    ConfirmarForm,
    DescuentoForm,
    DocumentoOperacionForm,
    EntregaForm,
    EstrategiaForm,
    FacturaForm,
    FinanciamientoForm,
    FotoForm,
    LiberarForm,
    PagoComisionForm,
    PagoForm,
    ReactivarUnidadForm,
    ResolverDescuentoForm,
    ResolverRetiroForm,
    RespuestaFinanciamientoForm,
    RespuestaTradeInForm,
    RetirarUnidadForm,
    RevisionTradeInForm,
    TareaProveedorForm,
    TradeInForm,
    cliente_de,
    solicitud_de,
)
from operaciones.models import Contacto, Entrega

# --- The unit ----------------------------------------------------------------------------------


def _proveedores_de_la_red(objeto):
    """The directory of the network the unit (or the apartado's unit) belongs to."""
    return Contacto.objects.filter(organizacion_id=objeto.concesionario.padre_id).order_by("tipo", "nombre")


ACCIONES_UNIDAD = tabla(
    AccionPagina(
        "apartar",
        "Apartar unidad",
        lambda actor, unidad, **datos: services.apartado_crear(
            actor=actor, unidad=unidad, cliente=cliente_de(datos), solicitud=solicitud_de(datos)
        ),
        escritura=escrituras.APARTAR,
        formulario=ApartarForm,
        argumentos_formulario=lambda unidad: {"precio": unidad.precio},
        boton="Apartar esta unidad",
        exito=lambda _apartado: mensajes.OK_APARTADO.format(horas=services.horas_validacion()),
    ),
    AccionPagina(
        "foto",
        "Agregar foto",
        lambda actor, unidad, archivo, descripcion: services.unidad_agregar_foto(
            actor=actor, unidad=unidad, archivo=archivo, descripcion=descripcion
        ),
        escritura=escrituras.SUBIR_FOTO,
        formulario=FotoForm,
        boton="Subir foto",
        exito=mensajes.OK_FOTO,
    ),
    AccionPagina(
        "tarea",
        "Nueva tarea de proveedor",
        lambda actor, unidad, **datos: services.tarea_crear(actor=actor, unidad=unidad, **datos),
        escritura=escrituras.CREAR_TAREA_DE_UNIDAD,
        formulario=TareaProveedorForm,
        argumentos_formulario=lambda unidad: {
            "proveedores": _proveedores_de_la_red(unidad),
            "initial": {"tipo": "fotos_videos"},
        },
        boton="Solicitar fotos, videos u otra tarea",
        exito=mensajes.OK_TAREA,
    ),
    AccionPagina(
        "retirar",
        "Retirar del inventario",
        lambda actor, unidad, motivo: services.unidad_retirar(actor=actor, unidad=unidad, motivo=motivo),
        transiciones=("retirar",),
        formulario=RetirarUnidadForm,
        boton="Retirar del inventario",
        exito=mensajes.OK_RETIRADA,
    ),
    AccionPagina(
        "reactivar",
        "Reactivar en el inventario",
        lambda actor, unidad, motivo: services.unidad_reactivar(actor=actor, unidad=unidad, motivo=motivo),
        transiciones=("reactivar",),
        formulario=ReactivarUnidadForm,
        boton="Reactivar en el inventario",
        exito=mensajes.OK_REACTIVADA,
    ),
)

ACCIONES_ALERTA = tabla(
    AccionPagina(
        "estrategia",
        "Estrategia de venta",
        lambda actor, alerta, **datos: services.alerta_registrar_estrategia(actor=actor, alerta=alerta, **datos),
        escritura=escrituras.REGISTRAR_ESTRATEGIA,
        formulario=EstrategiaForm,
        boton="Guardar estrategia",
        exito=mensajes.OK_ESTRATEGIA,
    ),
)

# --- The apartado (the operación) ----------------------------------------------------------------


def _entrega_inicial(apartado):
    actual = Entrega.objects.filter(apartado=apartado).first()
    if actual:
        return {"lugar": actual.lugar, "direccion": actual.direccion, "fecha_programada": actual.fecha_programada}
    return {"lugar": apartado.lugar_entrega, "direccion": apartado.lugar_entrega_detalle}


def _financiamiento_inicial(apartado):
    return {
        "financiera": apartado.financiera,
        "tipo_financiera": apartado.tipo_financiera,
        "monto_solicitado": apartado.unidad.precio - apartado.enganche,
    }


ACCIONES_APARTADO = tabla(
    AccionPagina(
        "confirmar",
        "Confirmación de disponibilidad",
        lambda actor, apartado: services.apartado_confirmar_disponibilidad(actor=actor, apartado=apartado),
        transiciones=("confirmar_disponibilidad",),
        boton="Confirmar disponibilidad",
        exito=mensajes.OK_CONFIRMADO,
    ),
    AccionPagina(
        "registrar_confirmacion",
        "Confirmación de disponibilidad",
        lambda actor, apartado, confirmo, medio: services.apartado_registrar_confirmacion(
            actor=actor, apartado=apartado, confirmo=confirmo, medio=medio
        ),
        transiciones=("registrar_confirmacion",),
        formulario=ConfirmarForm,
        boton="Confirmar disponibilidad",
        exito=mensajes.OK_CONFIRMADO,
    ),
    AccionPagina(
        "validar",
        "Validación de Apartado",
        lambda actor, apartado: services.apartado_validar(actor=actor, apartado=apartado),
        transiciones=("validar",),
        boton="Validar apartado",
        exito=mensajes.OK_VALIDADO,
    ),
    AccionPagina(
        "liberar",
        "Unidad Disponible (liberación manual)",
        lambda actor, apartado, motivo: services.apartado_liberar(actor=actor, apartado=apartado, motivo=motivo),
        transiciones=("liberar",),
        formulario=LiberarForm,
        boton="Liberar unidad",
        exito=mensajes.OK_LIBERADO,
    ),
    AccionPagina(
        "cancelar",
        "Cancelación de apartado",
        lambda actor, apartado, **datos: services.apartado_cancelar(actor=actor, apartado=apartado, **datos),
        transiciones=("cancelar",),
        formulario=CancelarForm,
        boton="Cancelar apartado",
        exito=mensajes.OK_CANCELADO,
    ),
    AccionPagina(
        "solicitar_descuento",
        "Solicitar descuento o bonificación",
        lambda actor, apartado, **datos: services.descuento_solicitar(actor=actor, apartado=apartado, **datos),
        escritura=escrituras.SOLICITAR_DESCUENTO,
        formulario=DescuentoForm,
        boton="Solicitar descuento",
        exito=mensajes.OK_DESCUENTO_SOLICITADO,
    ),
    AccionPagina(
        "enviar_financiamiento",
        "Solicitud de financiamiento enviada",
        lambda actor, apartado, **datos: services.financiamiento_enviar(actor=actor, apartado=apartado, **datos),
        escritura=escrituras.ENVIAR_FINANCIAMIENTO,
        formulario=FinanciamientoForm,
        argumentos_formulario=lambda apartado: {"initial": _financiamiento_inicial(apartado)},
        boton="Registrar solicitud de financiamiento",
        exito=mensajes.OK_FINANCIAMIENTO_ENVIADO,
    ),
    AccionPagina(
        "activar_trade_in",
        "Activar Trade-In",
        lambda actor, apartado, decision_cop, **unidad: services.tradein_activar(
            actor=actor, apartado=apartado, unidad=unidad, decision_cop=decision_cop
        ),
        escritura=escrituras.ACTIVAR_TRADE_IN,
        formulario=TradeInForm,
        argumentos_formulario=lambda apartado: {"initial": {"observaciones": apartado.unidad_a_cuenta_descripcion}},
        boton="Activar Trade-In",
        exito=mensajes.OK_TRADE_IN,
    ),
    AccionPagina(
        "documento",
        "Agregar al expediente",
        lambda actor, apartado, tipo, archivo: services.documento_agregar(
            actor=actor, apartado=apartado, tipo=tipo, archivo=archivo
        ),
        escritura=escrituras.AGREGAR_DOCUMENTO,
        formulario=DocumentoOperacionForm,
        boton="Agregar al expediente",
        exito=mensajes.OK_DOCUMENTO,
    ),
    AccionPagina(
        "pago",
        "Confirmación de pago",
        lambda actor, apartado, referencia, monto: services.pago_confirmar(
            actor=actor, apartado=apartado, referencia=referencia, monto=monto
        ),
        escritura=escrituras.CONFIRMAR_PAGO,
        formulario=PagoForm,
        boton="Confirmar pago",
        exito=mensajes.OK_PAGO,
    ),
    AccionPagina(
        "factura",
        "Registro de la factura",
        lambda actor, apartado, **datos: services.factura_registrar(actor=actor, apartado=apartado, **datos),
        escritura=escrituras.REGISTRAR_FACTURA,
        formulario=FacturaForm,
        boton="Registrar factura",
        exito=mensajes.OK_FACTURA,
    ),
    AccionPagina(
        "entrega",
        "Programar la entrega",
        lambda actor, apartado, **datos: services.entrega_programar(actor=actor, apartado=apartado, **datos),
        escritura=escrituras.PROGRAMAR_ENTREGA,
        formulario=EntregaForm,
        argumentos_formulario=lambda apartado: {"initial": _entrega_inicial(apartado)},
        boton="Programar entrega",
        exito=mensajes.OK_ENTREGA,
    ),
    AccionPagina(
        "tarea",
        "Nueva tarea de proveedor",
        lambda actor, apartado, **datos: services.tarea_crear(actor=actor, apartado=apartado, **datos),
        escritura=escrituras.CREAR_TAREA_DE_OPERACION,
        formulario=TareaProveedorForm,
        argumentos_formulario=lambda apartado: {"proveedores": _proveedores_de_la_red(apartado)},
        boton="Nueva tarea de proveedor",
        exito=mensajes.OK_TAREA,
    ),
    AccionPagina(
        "cierre",
        "Cierre de Operación",
        lambda actor, apartado: services.operacion_cerrar(actor=actor, apartado=apartado),
        transiciones=("cerrar",),
        boton="Activar Cierre de Operación",
        exito=mensajes.OK_CIERRE,
    ),
)

# --- The operación's requests and tasks ---------------------------------------------------------

ACCIONES_DESCUENTO = tabla(
    AccionPagina(
        "negociar",
        "Negociar el descuento con el gerente de ventas",
        lambda actor, descuento: services.descuento_negociar(actor=actor, descuento=descuento),
        transiciones=("negociar",),
        boton="Negociar",
        exito=mensajes.OK_DESCUENTO_NEGOCIACION,
    ),
    AccionPagina(
        "resolver",
        "Resultado de la negociación del descuento",
        lambda actor, descuento, resultado, **datos: services.descuento_resolver(
            actor=actor, descuento=descuento, aprobado=resultado == "aprobada", **datos
        ),
        transiciones=("aprobar", "rechazar"),
        formulario=ResolverDescuentoForm,
        argumentos_formulario=lambda descuento: {"initial": {"monto_aprobado": descuento.monto_solicitado}},
        boton="Registrar resultado",
        exito=lambda descuento: (
            mensajes.OK_DESCUENTO_APROBADO if descuento.estado == "aprobada" else mensajes.OK_DESCUENTO_RECHAZADO
        ),
    ),
)

ACCIONES_FINANCIAMIENTO = tabla(
    AccionPagina(
        "responder",
        "Respuesta de la financiera",
        lambda actor, financiamiento, resultado, **datos: services.financiamiento_registrar_respuesta(
            actor=actor, financiamiento=financiamiento, aprobada=resultado == "aprobada", **datos
        ),
        transiciones=("aprobar", "rechazar"),
        formulario=RespuestaFinanciamientoForm,
        boton="Registrar respuesta",
        exito=mensajes.OK_FINANCIAMIENTO_RESPUESTA,
    ),
    AccionPagina(
        "confirmar_credito",
        "Confirmar la disponibilidad del crédito",
        lambda actor, financiamiento: services.financiamiento_confirmar_credito(
            actor=actor, financiamiento=financiamiento
        ),
        transiciones=("confirmar_credito",),
        boton="Confirmar crédito",
        exito=mensajes.OK_CREDITO_CONFIRMADO,
    ),
)

ACCIONES_TRADE_IN = tabla(
    AccionPagina(
        "revision",
        "Checklist del Trade-In",
        lambda actor, trade_in, **datos: services.tradein_registrar_revision(actor=actor, trade_in=trade_in, **datos),
        escritura=escrituras.REVISAR_TRADE_IN,
        formulario=RevisionTradeInForm,
        boton="Registrar punto del checklist",
        exito=mensajes.OK_TRADE_IN_REVISION,
    ),
    AccionPagina(
        "archivo",
        "Foto o documento del Trade-In",
        lambda actor, trade_in, **datos: services.tradein_agregar_archivo(actor=actor, trade_in=trade_in, **datos),
        escritura=escrituras.SUBIR_ARCHIVO_TRADE_IN,
        formulario=ArchivoTradeInForm,
        boton="Agregar foto o documento",
        exito=mensajes.OK_TRADE_IN_ARCHIVO,
    ),
    AccionPagina(
        "segunda_oferta",
        "Activar Trade-In Segunda Oferta",
        lambda actor, trade_in: services.tradein_segunda_oferta(actor=actor, trade_in=trade_in),
        transiciones=("segunda_oferta",),
        boton="Activar Segunda Oferta",
        exito=mensajes.OK_SEGUNDA_OFERTA,
    ),
    AccionPagina(
        "responder",
        "Responder al Trade-In",
        lambda actor, trade_in, resultado, **datos: services.tradein_responder(
            actor=actor, trade_in=trade_in, toma=resultado == "toma", **datos
        ),
        transiciones=("tomar_a", "declinar_a", "tomar_b", "declinar_b"),
        formulario=RespuestaTradeInForm,
        boton="Responder al Trade-In",
        exito=mensajes.OK_TRADE_IN_RESPUESTA,
    ),
)

ACCIONES_TAREA = tabla(
    AccionPagina(
        "completar",
        "Completar la tarea",
        lambda actor, tarea: services.tarea_completar(actor=actor, tarea=tarea),
        transiciones=("completar",),
        boton="Completar",
        exito=mensajes.OK_TAREA_COMPLETADA,
    ),
    AccionPagina(
        "avanzar",
        "Marcar la tarea en proceso",
        lambda actor, tarea: services.tarea_avanzar(actor=actor, tarea=tarea),
        transiciones=("avanzar",),
        boton="En proceso",
        exito=mensajes.OK_TAREA_AVANZADA,
    ),
    AccionPagina(
        "cancelar",
        "Cancelar la tarea",
        lambda actor, tarea: services.tarea_cancelar(actor=actor, tarea=tarea),
        transiciones=("cancelar",),
        boton="Cancelar",
        exito=mensajes.OK_TAREA_CANCELADA,
    ),
)

# --- Commissions and supervision ------------------------------------------------------------------

ACCIONES_COMISION = tabla(
    AccionPagina(
        "verificar",
        "Verificar comisión",
        lambda actor, linea: services.comision_verificar(actor=actor, lineas=[linea]),
        transiciones=("marcar_verificada",),
        boton="Verificar comisión",
        exito=lambda lineas: mensajes.OK_COMISIONES_VERIFICADAS.format(n=len(lineas)),
    ),
    AccionPagina(
        "pagar",
        "Registrar pago",
        lambda actor, linea, fecha, referencia: services.comision_pagar(
            actor=actor, lineas=[linea], fecha=fecha, referencia=referencia
        ),
        transiciones=("pagar",),
        formulario=PagoComisionForm,
        boton="Registrar pago",
        exito=lambda lineas: mensajes.OK_COMISIONES_PAGADAS.format(n=len(lineas)),
    ),
)

ACCIONES_RETIRO = tabla(
    AccionPagina(
        "revisar",
        "Registrar la revisión del retiro",
        lambda actor, revision, resolucion: services.retiro_resolver(
            actor=actor, revision=revision, resolucion=resolucion
        ),
        transiciones=("revisar",),
        formulario=ResolverRetiroForm,
        boton="Registrar revisión",
        exito=mensajes.OK_RETIRO_REVISADO,
    ),
)
