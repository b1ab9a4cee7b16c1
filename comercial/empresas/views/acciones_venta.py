"""The actions the sale's page offers ("Siguiente paso"): one declared table for the page and its POST.

Each action runs the service of its step; it is offered exactly when one of its transitions would pass the
runner for the user (``enlace.acciones_pagina``). An action listing two transitions lets the service pick
one (the GIS answer, the quality control's result, the client's answer).
"""

from comercial.empresas import forms, services
from comercial.empresas.models import Estado
from enlace.acciones_pagina import AccionPagina, tabla


def _con_organizacion(venta):
    return {"organizacion": venta.organizacion}


def _frase(texto):
    """``texto`` closed by one period: a label ending in an abbreviation («Con Vo.Bo.») gets no second one."""
    return texto if texto.endswith(".") else f"{texto}."


def _exito(titulo):
    """The message after the step: what was done and the state it left the sale in (or why it is not feasible)."""

    def mensaje(venta):
        if venta.estado == Estado.NO_FACTIBLE:
            return f"Sin factibilidad: {venta.evidencia_ejecutivo.get('motivo', '')}"
        if venta.estado == Estado.DEVUELTA:
            return f"Sin factibilidad: {venta.evidencia_gestor.get('motivo', '')}"
        return f"Hecho: {_frase(titulo)} Estado: {_frase(venta.get_estado_display())}"

    return mensaje


def _paso(codigo, titulo, servicio, transiciones, *, formulario=None, boton="Registrar", organizacion=False):
    return AccionPagina(
        codigo,
        titulo,
        servicio=servicio,
        transiciones=transiciones,
        formulario=formulario,
        boton=boton,
        exito=_exito(titulo),
        argumentos_formulario=_con_organizacion if organizacion else None,
    )


# Services return the sale (``[0]`` of those that also return the GIS answer; ``.venta`` of those that
# return the row they created), so the message can tell its new state.
ACCIONES = tabla(
    _paso(
        "analizar_perfil",
        "Analizar el perfil del cliente por tipo de actividad (paso 3)",
        services.venta_analizar_perfil,
        ("analizar_perfil",),
        formulario=forms.PerfilForm,
    ),
    _paso(
        "plantear_proyecto",
        "Identificar necesidades y plantear el proyecto de venta (paso 4)",
        services.venta_plantear_proyecto,
        ("plantear_proyecto",),
        formulario=forms.NecesidadesForm,
    ),
    _paso(
        "analizar_cartera",
        "Analizar el cliente de cartera y sus nuevas necesidades (paso 2)",
        services.venta_analizar_cartera,
        ("analizar_cartera",),
        formulario=forms.CarteraForm,
        boton="Guardar análisis",
    ),
    _paso(
        "presentar_vobo",
        "Presentar al Encargado y solicitar el Vo.Bo. (paso 4.1)",
        services.venta_presentar_vobo,
        ("presentar_vobo",),
        boton="Solicitar Vo.Bo.",
    ),
    _paso(
        "aprobar_vobo",
        "Dar el Vo.Bo.",
        services.venta_aprobar_vobo,
        ("aprobar_vobo",),
        formulario=forms.ObservacionesForm,
        boton="Dar Vo.Bo.",
    ),
    _paso(
        "devolver_vobo",
        "Devolver con observaciones",
        services.venta_devolver_vobo,
        ("devolver_vobo",),
        formulario=forms.DevolverForm,
        boton="Devolver",
    ),
    _paso(
        "verificar_factibilidad",
        "Verificar en el GIS la factibilidad técnica y los requisitos (paso 5)",
        lambda actor, venta, **datos: services.venta_verificar_factibilidad(actor=actor, venta=venta, **datos)[0],
        ("confirmar_factibilidad", "marcar_no_factible"),
        formulario=forms.FactibilidadForm,
        boton="Consultar GIS",
    ),
    _paso(
        "reformular",
        "Reformular el proyecto de venta",
        services.venta_reformular,
        ("reformular",),
        boton="Reformular",
    ),
    _paso(
        "programar_visita",
        "Coordinar la visita: Cronograma de Visitas (paso 6)",
        lambda actor, venta, **datos: services.visita_programar(actor=actor, venta=venta, **datos).venta,
        ("programar_visita",),
        formulario=forms.VisitaForm,
        boton="Programar visita",
    ),
    _paso(
        "registrar_visita",
        "Registrar la visita: asesoramiento, información y requisitos (paso 6)",
        services.venta_registrar_visita,
        ("registrar_visita",),
        formulario=forms.RegistroVisitaForm,
    ),
    _paso(
        "enviar_oferta",
        "Enviar la oferta comercial (paso 7 · B: paso 3)",
        services.venta_enviar_oferta,
        ("enviar_oferta",),
        formulario=forms.OfertaForm,
        boton="Enviar oferta",
    ),
    _paso(
        "aceptar",
        "El cliente acepta la oferta",
        services.venta_aceptar,
        ("aceptar",),
        formulario=forms.ResultadoOpcionalForm,
        boton="Registrar aceptación",
    ),
    _paso(
        "concluir",
        "Registrar la interacción y concluir el procedimiento",
        services.venta_concluir,
        ("concluir",),
        formulario=forms.ConcluirForm,
        boton="Concluir",
    ),
    _paso(
        "derivar",
        "Derivar para digitación a la Gestora Comercial, con documentación de respaldo (paso 8)",
        services.venta_derivar,
        ("derivar",),
        formulario=forms.GestorComercialForm,
        boton="Derivar",
        organizacion=True,
    ),
    _paso(
        "verificar_respaldo",
        "Verificar en el GIS la factibilidad técnica y requisitos, para respaldo",
        lambda actor, venta, **datos: services.venta_verificar_respaldo(actor=actor, venta=venta, **datos)[0],
        ("verificar_respaldo", "devolver_sin_factibilidad"),
        formulario=forms.RespaldoForm,
        boton="Consultar GIS",
    ),
    _paso(
        "digitar",
        "Digitar en Smartflex e imprimir la Solicitud de Pedido",
        services.venta_digitar,
        ("digitar",),
        formulario=forms.DigitarForm,
        boton="Registrar digitación",
    ),
    _paso(
        "controlar_digitacion",
        "Control de calidad de la digitación (por otra persona)",
        services.venta_controlar_digitacion,
        ("aprobar_digitacion", "observar_digitacion"),
        formulario=forms.ControlForm,
    ),
    _paso(
        "derivar_tecnico",
        "Derivar a la Gestora Técnico Comercial (órdenes de trabajo)",
        services.venta_derivar_tecnico,
        ("derivar_tecnico",),
        formulario=forms.GestorTecnicoForm,
        boton="Derivar",
        organizacion=True,
    ),
    _paso(
        "solicitar_orden",
        "Solicitar una orden de trabajo a Gestión de Recursos",
        lambda actor, venta, **datos: services.orden_solicitar(actor=actor, venta=venta, **datos).venta,
        ("solicitar_ordenes",),
        formulario=forms.OrdenForm,
        boton="Solicitar",
        organizacion=True,
    ),
    _paso(
        "entregar_documentos",
        "Verificar el cierre de las órdenes y entregar la documentación a la ejecutiva",
        services.venta_entregar_documentos,
        ("entregar_documentos",),
        formulario=forms.ResultadoOpcionalForm,
        boton="Entregar",
    ),
    _paso(
        "llamada_calidad",
        "Control de calidad: llamar al cliente para verificar el funcionamiento",
        services.venta_llamada_calidad,
        ("confirmar_servicio", "reportar_falla"),
        formulario=forms.LlamadaForm,
    ),
    argumento="venta",
)
