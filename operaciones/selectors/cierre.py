"""Reads of the cierre: the checklist of conditions and the survey."""

from operaciones.models import Apartado, EncuestaCierre
from operaciones.rules import es_cop


def contexto_apartado_cierre(user, apartado):
    """What the apartado page's «cierre» section needs (template operaciones/cierre/_apartado.html)."""
    from operaciones.services.cierre import faltantes_para_cierre

    cop = es_cop(user)
    return {
        "encuesta": EncuestaCierre.objects.filter(apartado=apartado).first() if cop else None,
        "puede_ir_a_cierre": cop and apartado.estado == Apartado.Estado.VALIDADO,
        "faltantes_cierre": faltantes_para_cierre(apartado) if apartado.estado == Apartado.Estado.VALIDADO else [],
    }


def encuesta_por_token(token):
    """The survey of a public link (raises EncuestaCierre.DoesNotExist for an unknown token)."""
    return EncuestaCierre.objects.select_related("apartado__unidad").get(token=token)
