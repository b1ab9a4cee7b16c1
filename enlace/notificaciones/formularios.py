from django.contrib.auth.forms import PasswordResetForm
from django.template import loader

from enlace.notificaciones.services import encolar_correo


class RestablecerContrasenaForm(PasswordResetForm):
    """Password reset whose email goes through the outbox: retried while SMTP is down, never sent twice.

    The sender is always ``DEFAULT_FROM_EMAIL`` (the outbox does not store one per message).
    """

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        asunto = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        cuerpo_texto = loader.render_to_string(email_template_name, context)
        cuerpo_html = loader.render_to_string(html_email_template_name, context) if html_email_template_name else ""
        encolar_correo(para=to_email, asunto=asunto, cuerpo_texto=cuerpo_texto, cuerpo_html=cuerpo_html)
