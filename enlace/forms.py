from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm

from enlace.bloqueos import desbloquear_cuenta
from enlace.models import Usuario
from enlace.telefonos import TelefonoField, region_de


class FechaInput(forms.DateInput):
    """A date typed as dd/mm/aaaa (a text box: a browser's date picker shows its own locale's order)."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"placeholder": "dd/mm/aaaa", "autocomplete": "off", "size": 10, **(attrs or {})}, format="%d/%m/%Y"
        )


def usuario_para_axes(request, credentials):
    """Lockouts count per email whatever its capitalisation."""
    valor = (credentials or {}).get("username") or request.POST.get("username", "")
    return valor.strip().lower()


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="Correo electrónico",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": "Correo o contraseña incorrectos. Tras 5 intentos fallidos la cuenta se bloquea.",
        "inactive": "Esta cuenta está desactivada.",
    }


class NuevaContrasenaForm(SetPasswordForm):
    """The reset link proves the owner, so the new password also lifts the account's lock."""

    def save(self, commit=True):
        usuario = super().save(commit)
        desbloquear_cuenta(usuario)
        return usuario


class PerfilForm(forms.ModelForm):
    class Meta:
        model = Usuario
        fields = ["first_name", "last_name", "telefono", "zona_horaria"]
        field_classes = {"telefono": TelefonoField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["telefono"].region = region_de(self.instance.organizacion)
