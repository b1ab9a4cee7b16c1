"""Who signs Carrazos' CRM documents: named people of the issuing organisation, never the client."""

from collections import defaultdict

from django.db.models import F

from comercial.crm.models import Marca
from enlace.models import Usuario

# GC-PRO-05's control block: the Líder CRM drafts, the gerentes comerciales review, the gerente general approves.
CARGOS_FIRMA = {
    "elaboro": ("lider_crm", "Líder CRM", "Líderes CRM"),
    "reviso": ("gerente_comercial", "Gerente comercial", "Gerentes comerciales"),
    "aprobo": ("gerente_general_carrazos", "Gerente general", "Gerentes generales"),
}


def _persona(usuario):
    return usuario.get_full_name() or usuario.email


def firmantes(organizacion, *, marca=None):
    """Names and positions of the people of ``organizacion`` who sign its CRM documents (two queries).

    The reviewers are the gerentes comerciales of the marca chosen, or of every marca when none is.
    A position nobody holds prints as «Sin asignar»; the signatories are never the client or an asesor."""
    roles = {rol for rol, _cargo, _plural in CARGOS_FIRMA.values()} - {"gerente_comercial"}
    por_rol = defaultdict(list)
    usuarios = Usuario.objects.filter(organizacion=organizacion, is_active=True, groups__name__in=roles)
    for usuario in usuarios.annotate(rol=F("groups__name")).order_by("first_name", "last_name", "pk"):
        por_rol[usuario.rol].append(_persona(usuario))
    marcas = Marca.objects.filter(organizacion=organizacion, gerente__isnull=False, gerente__is_active=True)
    if marca is not None:
        marcas = marcas.filter(pk=getattr(marca, "pk", marca))
    gerentes = marcas.select_related("gerente").order_by("gerente__first_name", "gerente__last_name", "gerente_id")
    por_rol["gerente_comercial"] = list(dict.fromkeys(_persona(m.gerente) for m in gerentes))
    firmas = {}
    for clave, (rol, cargo, plural) in CARGOS_FIRMA.items():
        nombres = por_rol[rol]
        firmas[clave] = ", ".join(nombres) or "Sin asignar"
        firmas[f"{clave}_cargo"] = plural if len(nombres) > 1 else cargo
    return firmas
