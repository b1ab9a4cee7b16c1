from enlace.models.bitacora import Evento, SelloBitacora
from enlace.models.documentos import DocumentoEmitido, PdfPreparado
from enlace.models.notificaciones import AdjuntoCorreo, CorreoSaliente, Notificacion
from enlace.models.organizaciones import Organizacion, PorClaveQuerySet, VisiblesQuerySet
from enlace.models.usuarios import Usuario

__all__ = [
    "AdjuntoCorreo",
    "CorreoSaliente",
    "DocumentoEmitido",
    "Evento",
    "Notificacion",
    "Organizacion",
    "PdfPreparado",
    "PorClaveQuerySet",
    "SelloBitacora",
    "Usuario",
    "VisiblesQuerySet",
]
