"""The PDFs of a digital sale: VD-F-01 Solicitud de Servicio and VD-F-02 Contrato de Servicios."""

from datetime import date

from django.conf import settings

from enlace.models import Usuario
from enlace.pdf import firmante

# The control block of the Ventas Digitales procedure (seed 004): version 1, April 2022.
CONTROL = {"proceso": "Ventas Digitales", "version": "1", "vigencia": date(2022, 4, 1)}
# Seed 004, III.1: Solicitud de Servicio and Contrato de Servicios, each 1 original and 1 copy.
EJEMPLARES = ("ORIGINAL", "COPIA")
AGENTE = "Agente de Ventas Digitales"
RESPONSABLE = "Responsable Equipo Centro de Llamadas"


def _responsable_de(organizacion):
    return (
        Usuario.objects.filter(organizacion=organizacion, groups__name="responsable_call_center", is_active=True)
        .order_by("pk")
        .first()
    )


def contexto_documento(solicitud):
    """Header, data and signatures: the agent who typed the request drafts it, the call-centre Responsable
    reviews it (people of COMTECO); the client signs apart, as «Conformidad del cliente»."""
    adjuntos = {a.requisito: a for a in solicitud.adjuntos.all()}
    organizacion = solicitud.organizacion
    responsable = _responsable_de(organizacion)
    return {
        **CONTROL,
        "solicitud": solicitud,
        "requisitos": [(nombre, adjuntos.get(codigo)) for codigo, nombre in solicitud.requisitos().items()],
        "organizacion": organizacion.nombre,
        "lineas": settings.DIGITALES_LINEAS,
        "firmantes": [
            firmante("Elaboró", solicitud.digitada_por, f"{AGENTE}, {organizacion.nombre}"),
            firmante("Revisó", responsable, f"{RESPONSABLE}, {organizacion.nombre}"),
        ],
        "conformidad": {"nombre": solicitud.nombre_cliente, "detalle": f"CI {solicitud.carnet}"},
    }
