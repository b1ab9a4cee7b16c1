from django.shortcuts import render

from enlace.acceso import modulo_requerido


@modulo_requerido("comercial:digitales:inicio")
def inicio(request):
    return render(request, "comercial/digitales/inicio.html")
