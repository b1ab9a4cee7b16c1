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
    DecidirContraofertaForm,
    DeclinarSeguroForm,
    DescuentoForm,
    DocumentoOperacionForm,
    EntregaForm,
    EscalarForm,
    EstrategiaForm,
    FacturaForm,
    FinanciamientoForm,
    FotoForm,
    LiberarForm,
    LugarEntregaForm,
    PagoComisionForm,
    PagoForm,
    ProponerCambioForm,
    ReactivarUnidadForm,
    RechazarCambioForm,
    RechazarCancelacionForm,
    ResolverDescuentoForm,
    ResolverEscalamientoForm,
    ResolverRetiroForm,
    ResponderDescuentoForm,
    ResponderEscalamientoForm,
    RespuestaFinanciamientoForm,
    RespuestaTradeInForm,
    RetirarUnidadForm,
    RevisionTradeInForm,
    SeguroForm,
    SolicitarCancelacionForm,
    TareaProveedorForm,
    TradeInForm,
    TrasladoForm,
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
        services.unidad_agregar_foto,
        escritura=escrituras.SUBIR_FOTO,
        formulario=FotoForm,
        boton="Subir foto",
        exito=mensajes.OK_FOTO,
    ),
    AccionPagina(
        "tarea",
        "Nueva tarea de proveedor",
        services.tarea_crear,
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
        "proponer_cambio",
        "Proponer un cambio a los datos publicados",
        lambda actor, unidad, motivo="", **datos: services.cambio_proponer(
            actor=actor, unidad=unidad, datos=datos, motivo=motivo
        ),
        escritura=escrituras.PROPONER_CAMBIO,
        formulario=ProponerCambioForm,
        argumentos_formulario=lambda unidad: {"unidad": unidad},
        boton="Enviar el cambio al webmaster",
        exito=mensajes.OK_CAMBIO_PROPUESTO,
    ),
    AccionPagina(
        "retirar",
        "Retirar del inventario",
        services.unidad_retirar,
        transiciones=("retirar",),
        formulario=RetirarUnidadForm,
        boton="Retirar del inventario",
        exito=mensajes.OK_RETIRADA,
    ),
    AccionPagina(
        "reactivar",
        "Reactivar en el inventario",
        services.unidad_reactivar,
        transiciones=("reactivar",),
        formulario=ReactivarUnidadForm,
        boton="Reactivar en el inventario",
        exito=mensajes.OK_REACTIVADA,
    ),
    argumento="unidad",
)

ACCIONES_CAMBIO = tabla(
    AccionPagina(
        "aprobar",
        "Aprobar el cambio",
        services.cambio_aprobar,
        transiciones=("aprobar",),
        boton="Aprobar",
        exito=mensajes.OK_CAMBIO_APROBADO,
    ),
    AccionPagina(
        "rechazar",
        "Rechazar el cambio",
        services.cambio_rechazar,
        transiciones=("rechazar",),
        formulario=RechazarCambioForm,
        boton="Rechazar",
        exito=mensajes.OK_CAMBIO_RECHAZADO,
    ),
    argumento="cambio",
)

ACCIONES_ALERTA = tabla(
    AccionPagina(
        "estrategia",
        "Estrategia de venta",
        services.alerta_registrar_estrategia,
        escritura=escrituras.REGISTRAR_ESTRATEGIA,
        formulario=EstrategiaForm,
        boton="Guardar estrategia",
        exito=mensajes.OK_ESTRATEGIA,
    ),
    argumento="alerta",
)

# --- The apartado (the operación) ----------------------------------------------------------------


def _entrega_inicial(apartado):
    actual = Entrega.objects.filter(apartado=apartado).first()
    return {"fecha_programada": actual.fecha_programada, "notas": actual.notas} if actual else {}


def _traslado_inicial(apartado):
    """From the owning concesionario to where the client receives the unit."""
    unidad = apartado.unidad
    if apartado.lugar_entrega == apartado.LugarEntrega.CONCESIONARIO_ASESOR:
        destino = str(apartado.asesor.organizacion or "")
    else:
        destino = apartado.lugar_entrega_detalle
    return {"origen": f"{apartado.concesionario.nombre}, {unidad.ciudad}", "destino": destino}


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
        services.apartado_confirmar_disponibilidad,
        transiciones=("confirmar_disponibilidad",),
        boton="Confirmar disponibilidad",
        exito=mensajes.OK_CONFIRMADO,
    ),
    AccionPagina(
        "registrar_confirmacion",
        "Confirmación de disponibilidad",
        services.apartado_registrar_confirmacion,
        transiciones=("registrar_confirmacion",),
        formulario=ConfirmarForm,
        boton="Confirmar disponibilidad",
        exito=mensajes.OK_CONFIRMADO,
    ),
    AccionPagina(
        "validar",
        "Validación de Apartado",
        services.apartado_validar,
        transiciones=("validar",),
        boton="Validar apartado",
        exito=mensajes.OK_VALIDADO,
    ),
    AccionPagina(
        "liberar",
        "Unidad Disponible (liberación manual)",
        services.apartado_liberar,
        transiciones=("liberar",),
        formulario=LiberarForm,
        boton="Liberar unidad",
        exito=mensajes.OK_LIBERADO,
    ),
    AccionPagina(
        "cancelar",
        "Cancelación de apartado",
        services.apartado_cancelar,
        transiciones=("cancelar",),
        formulario=CancelarForm,
        boton="Cancelar apartado",
        exito=mensajes.OK_CANCELADO,
    ),
    AccionPagina(
        "solicitar_cancelacion",
        "Solicitar la cancelación al COP",
        services.cancelacion_solicitar,
        escritura=escrituras.SOLICITAR_CANCELACION,
        formulario=SolicitarCancelacionForm,
        boton="Solicitar cancelación",
        exito=mensajes.OK_CANCELACION_SOLICITADA,
    ),
    AccionPagina(
        "solicitar_descuento",
        "Solicitar descuento o bonificación",
        services.descuento_solicitar,
        escritura=escrituras.SOLICITAR_DESCUENTO,
        formulario=DescuentoForm,
        boton="Solicitar descuento",
        exito=mensajes.OK_DESCUENTO_SOLICITADO,
    ),
    AccionPagina(
        "enviar_financiamiento",
        "Solicitud de financiamiento enviada",
        services.financiamiento_enviar,
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
        services.documento_agregar,
        escritura=escrituras.AGREGAR_DOCUMENTO,
        formulario=DocumentoOperacionForm,
        boton="Agregar al expediente",
        exito=mensajes.OK_DOCUMENTO,
    ),
    AccionPagina(
        "pago",
        "Confirmación de pago",
        services.pago_confirmar,
        escritura=escrituras.CONFIRMAR_PAGO,
        formulario=PagoForm,
        boton="Confirmar pago",
        exito=mensajes.OK_PAGO,
    ),
    AccionPagina(
        "factura",
        "Registro de la factura",
        services.factura_registrar,
        escritura=escrituras.REGISTRAR_FACTURA,
        formulario=FacturaForm,
        boton="Registrar factura",
        exito=mensajes.OK_FACTURA,
    ),
    AccionPagina(
        "entrega",
        "Programar la entrega",
        services.entrega_programar,
        escritura=escrituras.PROGRAMAR_ENTREGA,
        formulario=EntregaForm,
        argumentos_formulario=lambda apartado: {"initial": _entrega_inicial(apartado)},
        boton="Programar entrega",
        exito=mensajes.OK_ENTREGA,
    ),
    AccionPagina(
        "lugar_entrega",
        "Cambiar el lugar de entrega",
        services.lugar_entrega_cambiar,
        escritura=escrituras.CAMBIAR_LUGAR_ENTREGA,
        formulario=LugarEntregaForm,
        argumentos_formulario=lambda apartado: {
            "initial": {"lugar": apartado.lugar_entrega, "detalle": apartado.lugar_entrega_detalle}
        },
        boton="Cambiar lugar de entrega",
        exito=mensajes.OK_LUGAR_CAMBIADO,
    ),
    AccionPagina(
        "traslado",
        "Traslado de la unidad",
        services.traslado_programar,
        escritura=escrituras.PROGRAMAR_TRASLADO,
        formulario=TrasladoForm,
        argumentos_formulario=lambda apartado: {
            "proveedores": _proveedores_de_la_red(apartado),
            "initial": _traslado_inicial(apartado),
        },
        boton="Programar traslado",
        exito=mensajes.OK_TRASLADO,
    ),
    AccionPagina(
        "tarea",
        "Nueva tarea de proveedor",
        services.tarea_crear,
        escritura=escrituras.CREAR_TAREA_DE_OPERACION,
        formulario=TareaProveedorForm,
        argumentos_formulario=lambda apartado: {"proveedores": _proveedores_de_la_red(apartado)},
        boton="Nueva tarea de proveedor",
        exito=mensajes.OK_TAREA,
    ),
    AccionPagina(
        "cierre",
        "Cierre de Operación",
        services.operacion_cerrar,
        transiciones=("cerrar",),
        boton="Activar Cierre de Operación",
        exito=mensajes.OK_CIERRE,
    ),
    AccionPagina(
        "escalar",
        "Escalar al gerente general",
        services.escalamiento_abrir,
        escritura=escrituras.ESCALAR,
        formulario=EscalarForm,
        boton="Escalar al gerente general",
        exito=mensajes.OK_ESCALADO,
    ),
    argumento="apartado",
)

# --- The operación's requests and tasks ---------------------------------------------------------

ACCIONES_DESCUENTO = tabla(
    AccionPagina(
        "negociar",
        "Negociar el descuento con el gerente de ventas",
        services.descuento_negociar,
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
    AccionPagina(
        "responder",
        "Responder la solicitud de descuento",
        services.descuento_responder,
        transiciones=tuple(services.RESPUESTAS_DEL_GERENTE.values()),
        formulario=ResponderDescuentoForm,
        argumentos_formulario=lambda descuento: {"initial": {"monto": descuento.monto_solicitado}},
        boton="Responder",
        exito=lambda descuento: {
            "aprobada": mensajes.OK_DESCUENTO_APROBADO,
            "contraoferta": mensajes.OK_DESCUENTO_CONTRAOFERTA,
        }.get(descuento.estado, mensajes.OK_DESCUENTO_RECHAZADO),
    ),
    AccionPagina(
        "contraoferta",
        "Decidir la contraoferta del concesionario",
        lambda actor, descuento, resultado, motivo: services.descuento_decidir_contraoferta(
            actor=actor, descuento=descuento, acepta=resultado == "acepta", motivo=motivo
        ),
        transiciones=("aceptar_contraoferta", "rechazar_contraoferta"),
        formulario=DecidirContraofertaForm,
        boton="Decidir contraoferta",
        exito=lambda descuento: (
            mensajes.OK_CONTRAOFERTA_ACEPTADA if descuento.estado == "aprobada" else mensajes.OK_CONTRAOFERTA_RECHAZADA
        ),
    ),
    argumento="descuento",
)

ACCIONES_CANCELACION = tabla(
    AccionPagina(
        "aprobar",
        "Aprobar la cancelación",
        services.cancelacion_aprobar,
        transiciones=("aprobar",),
        boton="Aprobar y cancelar el apartado",
        exito=mensajes.OK_CANCELACION_APROBADA,
    ),
    AccionPagina(
        "rechazar",
        "Rechazar la solicitud de cancelación",
        services.cancelacion_rechazar,
        transiciones=("rechazar",),
        formulario=RechazarCancelacionForm,
        boton="Rechazar",
        exito=mensajes.OK_CANCELACION_RECHAZADA,
    ),
    argumento="solicitud",
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
        services.financiamiento_confirmar_credito,
        transiciones=("confirmar_credito",),
        boton="Confirmar crédito",
        exito=mensajes.OK_CREDITO_CONFIRMADO,
    ),
    argumento="financiamiento",
)

ACCIONES_TRADE_IN = tabla(
    AccionPagina(
        "revision",
        "Checklist del Trade-In",
        services.tradein_registrar_revision,
        escritura=escrituras.REVISAR_TRADE_IN,
        formulario=RevisionTradeInForm,
        boton="Registrar punto del checklist",
        exito=mensajes.OK_TRADE_IN_REVISION,
    ),
    AccionPagina(
        "archivo",
        "Foto o documento del Trade-In",
        services.tradein_agregar_archivo,
        escritura=escrituras.SUBIR_ARCHIVO_TRADE_IN,
        formulario=ArchivoTradeInForm,
        boton="Agregar foto o documento",
        exito=mensajes.OK_TRADE_IN_ARCHIVO,
    ),
    AccionPagina(
        "segunda_oferta",
        "Activar Trade-In Segunda Oferta",
        services.tradein_segunda_oferta,
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
    argumento="trade_in",
)

ACCIONES_TAREA = tabla(
    AccionPagina(
        "completar",
        "Completar la tarea",
        services.tarea_completar,
        transiciones=("completar",),
        boton="Completar",
        exito=mensajes.OK_TAREA_COMPLETADA,
    ),
    AccionPagina(
        "avanzar",
        "Marcar la tarea en proceso",
        services.tarea_avanzar,
        transiciones=("avanzar",),
        boton="En proceso",
        exito=mensajes.OK_TAREA_AVANZADA,
    ),
    AccionPagina(
        "cancelar",
        "Cancelar la tarea",
        services.tarea_cancelar,
        transiciones=("cancelar",),
        boton="Cancelar",
        exito=mensajes.OK_TAREA_CANCELADA,
    ),
    AccionPagina(
        "activar_seguro",
        "Registrar la póliza del seguro",
        services.seguro_activar,
        transiciones=("activar_seguro",),
        formulario=SeguroForm,
        argumentos_formulario=lambda tarea: {"proveedores": _proveedores_de_la_red(tarea.unidad)},
        boton="Registrar póliza",
        exito=mensajes.OK_SEGURO_ACTIVADO,
    ),
    AccionPagina(
        "declinar_seguro",
        "El cliente declina el seguro",
        services.seguro_declinar,
        transiciones=("declinar_seguro",),
        formulario=DeclinarSeguroForm,
        boton="Registrar que lo declina",
        exito=mensajes.OK_SEGURO_DECLINADO,
    ),
    argumento="tarea",
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
    argumento="linea",
)

ACCIONES_RETIRO = tabla(
    AccionPagina(
        "revisar",
        "Registrar la revisión del retiro",
        services.retiro_resolver,
        transiciones=("revisar",),
        formulario=ResolverRetiroForm,
        boton="Registrar revisión",
        exito=mensajes.OK_RETIRO_REVISADO,
    ),
    argumento="revision",
)


# --- The escalation to the gerente general ---------------------------------------------------------

ACCIONES_ESCALAMIENTO = tabla(
    AccionPagina(
        "responder",
        "Responder al COP",
        services.escalamiento_responder,
        transiciones=("responder",),
        formulario=ResponderEscalamientoForm,
        boton="Enviar respuesta",
        exito=mensajes.OK_ESCALAMIENTO_RESPONDIDO,
    ),
    AccionPagina(
        "resolver",
        "Dar por resuelto",
        services.escalamiento_resolver,
        transiciones=("resolver",),
        formulario=ResolverEscalamientoForm,
        boton="Marcar como resuelto",
        exito=mensajes.OK_ESCALAMIENTO_RESUELTO,
    ),
    argumento="escalamiento",
)
