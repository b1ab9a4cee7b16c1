"""VD-F-01 and VD-F-02 as printed for the client: the controlled header filled (vigencia from the procedure's
control block), COMTECO's agent and Responsable signing, the client only in «Conformidad del cliente»."""

import pytest
from django.urls import reverse

from comercial.digitales.models import Estado
from tests.comercial.digitales.flujo import llevar_hasta
from tests.pdf_inspeccion import fraccion_con_tinta, pagina_png, texto_paginas

pytestmark = pytest.mark.django_db
# Measured: an empty controlled page inks 1.5 %; these forms about 8-10 %.
TINTA_MINIMA = 0.05


@pytest.mark.parametrize(("nombre", "codigo"), [("solicitud_pdf", "VD-F-01"), ("contrato_pdf", "VD-F-02")])
def test_formularios_con_encabezado_y_firmas_de_comteco(client, agente, responsable, zona, nombre, codigo):
    s = llevar_hasta(agente, Estado.COMUNICADA)
    client.force_login(agente)
    respuesta = client.get(reverse(f"comercial:digitales:{nombre}", args=[s.pk]))
    assert respuesta.status_code == 200 and respuesta["Content-Type"] == "application/pdf"
    assert fraccion_con_tinta(pagina_png(respuesta.content)) > TINTA_MINIMA
    original, copia = texto_paginas(respuesta.content)  # seed 004: one original and one copy
    assert "ORIGINAL" in original and "COPIA" in copia
    texto = original
    assert f"CÓDIGO {codigo}" in texto and "VERSIÓN 1" in texto and "FECHA DE VIGENCIA 01/04/2022" in texto
    assert "Página 1 de 1" in texto
    bloque = texto[texto.index("ELABORÓ") : texto.index("CONFORMIDAD DEL CLIENTE")]
    assert f"ELABORÓ REVISÓ {agente} Agente de Ventas Digitales" in bloque
    assert f"{responsable} Responsable Equipo Centro de Llamadas" in bloque
    assert s.carnet not in bloque  # the client (whose first name may match the agent's) signs apart
    assert f"CONFORMIDAD DEL CLIENTE {s.nombre_cliente} CI {s.carnet}" in texto
