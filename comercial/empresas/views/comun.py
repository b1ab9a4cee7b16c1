"""What the pages of Ventas Equipo Empresas share: module access, the user's organisation and the month asked."""

from comercial.empresas import forms
from comercial.empresas.meses import ultimo_mes_cerrado
from enlace.acceso import modulo_requerido

POR_PAGINA = 25
RESPONSABLE = ("responsable_empresas",)
SUPERVISORES = ("responsable_empresas", "gestion_territorios")
modulo = modulo_requerido("comercial:empresas:inicio")


def organizacion_de(request):
    return request.user.organizacion


def mes_pedido(request):
    """The month of a report page (?mes=AAAA-MM); by default the last closed one (a month in progress is not
    judged)."""
    form = forms.MesForm({"mes": request.GET.get("mes") or ""})
    if form.is_valid() and form.cleaned_data["mes"]:
        return form.cleaned_data["mes"].replace(day=1)
    return ultimo_mes_cerrado()
