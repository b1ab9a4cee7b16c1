"""Reads of the client PYMEs and of ENROK's staff that serves them."""

from atencion.models import Cliente, PerfilPyme
from enlace.models import Organizacion, Usuario
from enlace.selectors import eventos_de

# The events of a PYME's lifecycle shown on its page (the bitácora keeps them all).
LINEA_DE_TIEMPO_MAX = 20


def pymes_visibles(user):
    return (
        Organizacion.objects.visibles_para(user)
        .filter(tipo=Organizacion.Tipo.PYME)
        .select_related("perfil_atencion__giro")
        .order_by("nombre")
    )


def agentes_de_enrok(user):
    """The agents of the organisations the user sees (the agent filter of the metrics)."""
    return (
        Usuario.objects.filter(groups__name="agente", is_active=True)
        .filter(organizacion__in=Organizacion.objects.visibles_para(user).values("pk"))
        .order_by("first_name", "last_name")
    )


def _personal_de(pyme, rol):
    """Active users with that role in the organisation that serves the PYME (ENROK, its parent)."""
    return Usuario.objects.filter(groups__name=rol, is_active=True, organizacion_id=pyme.padre_id or pyme.pk)


def agentes_de(pyme):
    return _personal_de(pyme, "agente").order_by("first_name", "last_name")


def gerentes_de(pyme):
    return list(_personal_de(pyme, "gerente_operaciones"))


def usuarios_de(pyme):
    """The PYME's own users (they receive its published reports)."""
    return list(Usuario.objects.filter(organizacion=pyme, is_active=True, groups__name="pyme"))


def cliente_de_baja(token):
    """The customer of an opt-out link, or None."""
    return Cliente.objects.filter(token_baja=token).select_related("pyme").first()


def horario_semanal(pyme):
    """{weekday: (opens, closes)} of the PYME's hours (the initial values of its form)."""
    return {h.dia_semana: (h.abre, h.cierra) for h in pyme.horarios_atencion.all()}


def linea_de_tiempo_pyme(perfil):
    """The latest lifecycle events of the PYME's profile (registration, onboarding, suspensions), newest first."""
    return list(eventos_de(perfil).order_by("-secuencia")[:LINEA_DE_TIEMPO_MAX])


def suspension_de(pyme_id):
    """The reason a suspended PYME's portal shows, or None when it is not suspended."""
    perfil = PerfilPyme.objects.filter(pyme_id=pyme_id, estado=PerfilPyme.Estado.SUSPENDIDA).first()
    return (perfil.motivo_suspension or "Su servicio está suspendido.") if perfil else None
