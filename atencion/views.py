from django.shortcuts import render

from enlace.acceso import modulo_requerido


@modulo_requerido("atencion:inicio")
def inicio(request):
    return render(request, "atencion/inicio.html")
