"""The monthly reports as issued documents (enlace.documentos): their PDF context, and issuing them.

Issuing renders the PDF once and freezes it; the emails carry that PDF and the downloads serve it.
"""

from datetime import date

from comercial.empresas import indicador, selectors
from enlace import graficas, pdf
from enlace.documentos import services as documentos

TIPO_OFERTA = "comercial_empresas.oferta"
PLANTILLA_OFERTA = "comercial/empresas/pdf/oferta.html"
TIPO_INFORME_EJECUTIVO = "comercial_empresas.informe_ejecutivo"
TIPO_INFORME_RESPONSABLE = "comercial_empresas.informe_responsable"
PLANTILLA_INFORME_EJECUTIVO = "comercial/empresas/pdf/informe_ejecutivo.html"
PLANTILLA_INFORME_RESPONSABLE = "comercial/empresas/pdf/informe_responsable.html"
PLANTILLA_SOLICITUD = "comercial/empresas/pdf/solicitud.html"
PLANTILLA_CRONOGRAMA = "comercial/empresas/pdf/cronograma.html"

# The control block of procedure GC-PRC-OPE-CUM-07 (seed 001): revision 1, approved Dic-2022.
CONTROL = {
    "organizacion": "COMTECO R.L.",
    "proceso": "Proceso operativo · Venta Equipo Empresas",
    "codigo": "GC-PRC-OPE-CUM-07",
    "version": "1",
    "vigencia": date(2022, 12, 1),
}
EJECUTIVO = "Ejecutivo(a) Equipo Venta Empresas"
RESPONSABLE = "Resp. Equipo Venta Empresas"
GESTOR = "Gestor(a) Comercial"
JEFE_TERRITORIOS = "Jefe Div. Gestión Integral Territorios"


def firmante(rol, persona, cargo):
    """A signature box for a person of COMTECO."""
    return pdf.firmante(rol, persona, f"{cargo}, COMTECO R.L.")


def responsable_de(organizacion):
    return selectors.usuarios_con_rol(organizacion, "responsable_empresas").first()


def jefe_territorios_de(organizacion):
    return selectors.usuarios_con_rol(organizacion, "gestion_territorios").first()


def conformidad_del_cliente(empresa, contacto):
    nombre = contacto.nombre if contacto else empresa.razon_social
    detalle = ", ".join(filter(None, [contacto.cargo if contacto else "", empresa.razon_social if contacto else ""]))
    return {"nombre": nombre, "detalle": f"{detalle} · NIT {empresa.nit}" if detalle else f"NIT {empresa.nit}"}


def contexto_venta(venta):
    """The header and data shared by a sale's PDFs (offer, order request)."""
    contacto = venta.empresa.contactos.order_by("-principal", "nombre").first()
    return {
        **CONTROL,
        "venta": venta,
        "empresa": venta.empresa,
        "contacto": contacto,
        "lineas": list(venta.lineas.select_related("producto")),
        "conformidad": conformidad_del_cliente(venta.empresa, contacto),
    }


def aprobador_de(venta):
    """Who gave the Vo.Bo. (step 4.1), or the Responsable who will."""
    return venta.vobo_por or responsable_de(venta.organizacion)


def contexto_oferta(venta):
    return {
        **contexto_venta(venta),
        "titulo": "Oferta comercial",
        "firmantes": [
            firmante("Elaboró", venta.ejecutivo, EJECUTIVO),
            firmante("Aprobó (Vo.Bo.)", aprobador_de(venta), RESPONSABLE),
        ],
    }


def contexto_solicitud(venta):
    return {
        **contexto_venta(venta),
        "titulo": "Solicitud de Pedido",
        "firmantes": [
            firmante("Elaboró", venta.digitada_por, GESTOR),
            firmante("Revisó", venta.ejecutivo, EJECUTIVO),
            firmante("Aprobó (Vo.Bo.)", aprobador_de(venta), RESPONSABLE),
        ],
    }


def contexto_cronograma(*, organizacion, ejecutivo, mes, visitas, autor):
    """The visit schedule (annex 1): the ejecutivo (or whoever prints all of them) drafts, the Responsable approves."""
    return {
        **CONTROL,
        "proceso": "Cronograma de visitas a empresas · Anexo 1",
        "titulo": "Cronograma de visitas a empresas — Venta de servicios",
        "codigo": f"{CONTROL['codigo']} Anexo 1",
        "ejecutivo": ejecutivo,
        "mes": mes,
        "visitas": visitas,
        "firmantes": [
            firmante("Elaboró", ejecutivo or autor, EJECUTIVO if ejecutivo else RESPONSABLE),
            firmante("Aprobó", responsable_de(organizacion), RESPONSABLE),
        ],
    }


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
        **CONTROL,
        "informe": informe,
        "titulo": "Informe de Ejecutivo Equipo Empresas",
        "firmantes": [
            firmante("Elaboró", informe.ejecutivo, EJECUTIVO),
            firmante("Revisó", informe.analizado_por or responsable_de(informe.organizacion), RESPONSABLE),
        ],
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
            titulo="Facturación mensual del segmento empresas (Bs)",
            formato="{:,.0f}",
        ),
        **CONTROL,
        "titulo": "Informe mensual Resp. Equipo Empresas a Div. Gestión Integral Territorios",
        "firmantes": [
            firmante("Elaboró", informe.emitido_por, RESPONSABLE),
            firmante("Aprobó", jefe_territorios_de(organizacion), JEFE_TERRITORIOS),
        ],
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
