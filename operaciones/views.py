from django.shortcuts import render

from enlace.acceso import modulo_requerido


@modulo_requerido("operaciones:inicio")
def inicio(request):
    return render(request, "operaciones/inicio.html")
