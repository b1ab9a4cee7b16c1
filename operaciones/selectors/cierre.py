"""Reads of the cierre: the apartado page's section and the survey."""

from operaciones.models import Apartado, EncuestaCierre
from operaciones.rules import es_cop

__all__ = ["contexto_apartado_cierre", "encuesta_por_token"]


def contexto_apartado_cierre(user, apartado):
    """What the apartado page's «cierre» section needs (template operaciones/cierre/_apartado.html): the COP's."""
    if not es_cop(user):
        return {}
    en_curso = apartado.estado == Apartado.Estado.VALIDADO
    return {
        "encuesta": EncuestaCierre.objects.filter(apartado=apartado).first(),
        "puede_ir_a_cierre": en_curso,
        "faltantes_cierre": apartado.faltantes_para_cierre() if en_curso else [],
    }


def encuesta_por_token(token):
    """The survey of a public link (raises EncuestaCierre.DoesNotExist for an unknown token)."""
    return EncuestaCierre.objects.select_related("apartado__unidad").get(token=token)
