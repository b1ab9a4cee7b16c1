"""The monthly reports as issued documents (enlace.documentos): their PDF context, and issuing them.

Issuing renders the PDF once and freezes it; the emails carry that PDF and the downloads serve it.
"""

from comercial.empresas import indicador, selectors
from enlace import graficas
from enlace.documentos import services as documentos

TIPO_OFERTA = "comercial_empresas.oferta"
PLANTILLA_OFERTA = "comercial/empresas/pdf/oferta.html"
TIPO_INFORME_EJECUTIVO = "comercial_empresas.informe_ejecutivo"
TIPO_INFORME_RESPONSABLE = "comercial_empresas.informe_responsable"
PLANTILLA_INFORME_EJECUTIVO = "comercial/empresas/pdf/informe_ejecutivo.html"
PLANTILLA_INFORME_RESPONSABLE = "comercial/empresas/pdf/informe_responsable.html"


def contexto_venta(venta):
    """The header and data shared by a sale's PDFs (offer, order request, schedule)."""
    contacto = venta.empresa.contactos.order_by("-principal", "nombre").first()
    return {
        "venta": venta,
        "empresa": venta.empresa,
        "contacto": contacto,
        "lineas": list(venta.lineas.select_related("producto")),
        "organizacion": "COMTECO R.L.",
        "proceso": "Proceso operativo · Venta Equipo Empresas",
        "version": "1",
    }


def contexto_oferta(venta):
    return {**contexto_venta(venta), "titulo": "Oferta comercial", "codigo": "GC-PRC-OPE-CUM-07"}


def emitir_oferta(*, actor, venta):
    """Freeze the offer's PDF as sent to the client (each sending is the next version)."""
    return documentos.documento_emitir(
        actor=actor,
        objeto=venta,
        tipo=TIPO_OFERTA,
        nombre_tipo="Oferta comercial Equipo Empresas",
        emisora=venta.organizacion,
        organizacion=venta.organizacion,
        plantilla=PLANTILLA_OFERTA,
        contexto=contexto_oferta(venta),
        nombre_archivo=f"oferta-{venta.codigo}.pdf",
    )


def contexto_informe_ejecutivo(informe):
    return {
        "informe": informe,
        "organizacion": "COMTECO R.L.",
        "proceso": "Proceso operativo · Venta Equipo Empresas",
        "titulo": "Informe de Ejecutivo Equipo Empresas",
        "codigo": "GC-PRC-OPE-CUM-07",
        "version": "1",
    }


def contexto_informe_responsable(informe):
    organizacion = informe.organizacion
    serie = selectors.serie_facturacion(organizacion=organizacion, hasta=informe.mes, meses=6)
    resultado = indicador.calcular(informe.facturacion_mes, informe.facturacion_anterior)
    return {
        "informe": informe,
        "indicador": resultado,
        "definicion": indicador.definicion(),
        "filas": selectors.resumen_mensual(organizacion=organizacion, mes=informe.mes),
        "grafica": graficas.barras(
            [(f"{m:%m/%Y}", total) for m, total in serie],
            titulo="Facturación mensual del segmento empresas (Bs.)",
        ),
        "organizacion": "COMTECO R.L.",
        "proceso": "Proceso operativo · Venta Equipo Empresas",
        "titulo": "Informe mensual Resp. Equipo Empresas a Div. Gestión Integral Territorios",
        "codigo": "GC-PRC-OPE-CUM-07",
        "version": "1",
    }


def emitir_informe_ejecutivo(*, actor, informe):
    """Freeze the ejecutivo's report as its next version (the caller's transaction holds the row)."""
    return documentos.documento_emitir(
        actor=actor,
        objeto=informe,
        tipo=TIPO_INFORME_EJECUTIVO,
        nombre_tipo=f"Informe mensual de ejecutivo Equipo Empresas, {informe.mes:%m/%Y}",
        emisora=informe.organizacion,
        organizacion=informe.organizacion,
        plantilla=PLANTILLA_INFORME_EJECUTIVO,
        contexto=contexto_informe_ejecutivo(informe),
        nombre_archivo=f"informe-ejecutivo-{informe.mes:%Y-%m}.pdf",
    )


def emitir_informe_responsable(*, actor, informe):
    """Freeze the Responsable's monthly report (the caller's transaction created the row)."""
    return documentos.documento_emitir(
        actor=actor,
        objeto=informe,
        tipo=TIPO_INFORME_RESPONSABLE,
        nombre_tipo=f"Informe mensual Ventas Equipo Empresas a Div. Gestión Integral Territorios, {informe.mes:%m/%Y}",
        emisora=informe.organizacion,
        organizacion=informe.organizacion,
        plantilla=PLANTILLA_INFORME_RESPONSABLE,
        contexto=contexto_informe_responsable(informe),
        nombre_archivo=f"informe-mensual-empresas-{informe.mes:%Y-%m}.pdf",
    )
