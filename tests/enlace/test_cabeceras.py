"""Every page carries the browser security headers: the content policy and the features it never uses."""

import pytest
from django.urls import reverse

from enlace import graficas


@pytest.mark.django_db
def test_una_pagina_lleva_la_politica_de_contenido_y_la_de_permisos(client):
    respuesta = client.get(reverse("login"))

    politica = respuesta.headers["Content-Security-Policy"]
    for directiva in (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
        "img-src 'self' data:",
    ):
        assert directiva in politica
    assert "unsafe-inline" not in politica
    assert "camera=()" in respuesta.headers["Permissions-Policy"]
    assert "geolocation=()" in respuesta.headers["Permissions-Policy"]
    assert respuesta.headers["Referrer-Policy"] == "same-origin"


def test_las_graficas_no_traen_estilos_en_linea_que_la_politica_bloquearia():
    svg = graficas.barras([("Enero", 3), ("Febrero", 5)], titulo="Ventas")

    assert "style" not in svg
    assert 'font-size="' in svg and 'fill="' in svg  # the same look, as presentation attributes
    assert svg.startswith('<svg role="img" aria-label="Ventas" stroke-linejoin="round"')
