from django.shortcuts import render

from enlace.acceso import modulo_requerido


@modulo_requerido("comercial:crm:inicio")
def inicio(request):
    return render(request, "comercial/crm/inicio.html")
