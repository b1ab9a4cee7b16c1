from django.shortcuts import render

from enlace.acceso import modulo_requerido


@modulo_requerido("comercial:empresas:inicio")
def inicio(request):
    return render(request, "comercial/empresas/inicio.html")
