"""Reads of loyalty campaigns."""

from atencion.models import Campana


def campanas_visibles(user):
    return Campana.objects.visibles_para(user).select_related("pyme")


def envios_de(campana):
    return campana.envios.select_related("cliente").order_by("cliente__nombre")
