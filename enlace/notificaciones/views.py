# Filled in by the notifications work.
from django.http import HttpResponse


def lista(request):
    return HttpResponse("")


campana = marcar_leida = marcar_todas_leidas = lista
