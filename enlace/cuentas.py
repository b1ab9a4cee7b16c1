"""Accounts opened by the people who run an organisation: the invited person sets their own password."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from enlace import bitacora
from enlace.errores import ErrorNegocio
from enlace.models import Usuario
from enlace.notificaciones.services import encolar_correo


class BackendUsuarios(ModelBackend):
    """Django's backend, reading the signed-in user of each request with its organisation, which every page
    names in its header: one query instead of two."""

    def get_user(self, user_id):
        usuario = Usuario._default_manager.select_related("organizacion").filter(pk=user_id).first()
        return usuario if usuario is not None and self.user_can_authenticate(usuario) else None


MSG_CORREO_INVALIDO = "Escriba un correo electrónico válido."
MSG_CORREO_EN_USO = "Ya existe una cuenta con el correo {correo}."
MSG_NOMBRE_VACIO = "Escriba el nombre de la persona."


def enlace_para_contrasena(usuario):
    """The one-time link where ``usuario`` sets a password (Django's reset token: it dies once used)."""
    ruta = reverse(
        "password_reset_confirm",
        args=[urlsafe_base64_encode(force_bytes(usuario.pk)), default_token_generator.make_token(usuario)],
    )
    return settings.ENLACE_URL_BASE.rstrip("/") + ruta


def invitar(*, actor, organizacion, rol, correo, nombre, apellido=""):
    """Open an account of ``organizacion`` with ``rol`` and mail its set-password link (outbox, once).

    Raises ErrorNegocio for an invalid or taken email or an empty name, creating nothing."""
    correo = (correo or "").strip().lower()
    nombre = (nombre or "").strip()
    try:
        validate_email(correo)
    except ValidationError as exc:
        raise ErrorNegocio(MSG_CORREO_INVALIDO) from exc
    if not nombre:
        raise ErrorNegocio(MSG_NOMBRE_VACIO)
    if Usuario.objects.filter(email__iexact=correo).exists():
        raise ErrorNegocio(MSG_CORREO_EN_USO.format(correo=correo))
    with transaction.atomic():
        usuario = Usuario.objects.create_user(
            correo, password=None, first_name=nombre, last_name=(apellido or "").strip(), organizacion=organizacion
        )
        usuario.groups.add(Group.objects.get(name=rol))
        dias = settings.PASSWORD_RESET_TIMEOUT // 86400
        encolar_correo(
            para=correo,
            asunto=f"Su acceso a Enlace · {organizacion}",
            cuerpo_texto=(
                f"Hola {nombre}:\n\n{actor.get_full_name() or actor.email} le abrió una cuenta de {organizacion} "
                f"en Enlace. Elija su contraseña en este enlace (sirve una vez, durante {dias} días):\n\n"
                f"{enlace_para_contrasena(usuario)}\n\nSu usuario es este correo: {correo}."
            ),
            clave=f"invitacion-{usuario.pk}",
        )
        bitacora.registrar(
            tipo="enlace.usuario.invitado",
            actor=actor,
            objeto=usuario,
            organizacion=organizacion,
            datos={"rol": rol, "correo": correo},
        )
    return usuario
