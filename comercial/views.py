from django.shortcuts import render

from enlace.acceso import modulo_requerido


@modulo_requerido("comercial:empresas")
def empresas(request):
    return render(request, "comercial/empresas.html")


@modulo_requerido("comercial:digitales")
def digitales(request):
    return render(request, "comercial/digitales.html")


@modulo_requerido("comercial:crm")
def crm(request):
    return render(request, "comercial/crm.html")
