from enlace.models.bitacora import Evento, SelloBitacora
from enlace.models.notificaciones import CorreoSaliente, Notificacion
from enlace.models.organizaciones import Organizacion, VisiblesQuerySet
from enlace.models.usuarios import Usuario

__all__ = [
    "CorreoSaliente",
    "Evento",
    "Notificacion",
    "Organizacion",
    "SelloBitacora",
    "Usuario",
    "VisiblesQuerySet",
]
