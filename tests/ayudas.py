"""Assertions shared by the test suites of every app."""


def afirmar_404_para(client, usuario, url, metodo="get"):
    """Prove that ``usuario`` cannot reach ``url`` (another organisation's record): 404, not 403 or 200."""
    client.force_login(usuario)
    respuesta = getattr(client, metodo)(url)
    assert respuesta.status_code == 404, (
        f"{usuario} obtuvo {respuesta.status_code} en {url}; se esperaba 404 (registro ajeno)"
    )
    return respuesta


def ids_repetidos(html):
    """What breaks the page's ids: an id used twice, or a label naming a field outside its own form (a label
    clicked in one row of a list must not focus the field of another row)."""
    import re
    from collections import Counter

    problemas = [f"id repetido: {i}" for i, n in Counter(re.findall(r'\sid="([^"]+)"', html)).items() if n > 1]
    for formulario in re.findall(r"<form\b.*?</form>", html, flags=re.S):
        ids = set(re.findall(r'\sid="([^"]+)"', formulario))
        problemas += [
            f"etiqueta de otro formulario: {i}" for i in re.findall(r'<label for="([^"]+)"', formulario) if i not in ids
        ]
    return sorted(problemas)


def afirmar_ids_unicos(html):
    assert ids_repetidos(html) == []


# --- The action layer (enlace.acciones) -------------------------------------------------------


def acciones_en_pagina(html):
    """The codes of the actions a page offers (``data-accion`` of partials/_acciones.html and alike)."""
    import re

    return set(re.findall(r'data-accion="([^"]+)"', html))


def afirmar_ofrece_lo_permitido(html, tabla, objeto, usuario):
    """The page offers exactly the actions the runner would accept for ``usuario``, and through them
    every transition the runner accepts (internal ones aside)."""
    from enlace import acciones

    ofrecidas = acciones_en_pagina(html)
    esperadas = {a.codigo for a in tabla.values() if a.disponible(objeto, usuario)}
    assert ofrecidas == esperadas, f"{usuario}: la página ofrece {sorted(ofrecidas)}, se esperaba {sorted(esperadas)}"
    alcanzables = set().union(*(tabla[c].transiciones for c in ofrecidas)) if ofrecidas else set()
    aceptadas = acciones.nombres_disponibles(objeto, usuario)
    assert aceptadas <= alcanzables, f"{usuario}: transiciones aceptadas sin botón: {sorted(aceptadas - alcanzables)}"
    return ofrecidas


def afirmar_rechazo_sin_cambios(objeto, nombre, usuario, mensaje, **argumentos):
    """The runner refuses transition ``nombre`` for ``usuario`` with exactly ``mensaje`` and the row is unchanged."""
    import pytest

    from enlace import acciones

    modelo = type(objeto)
    antes = modelo._default_manager.filter(pk=objeto.pk).values().get()
    with pytest.raises(acciones.AccionRechazada) as rechazo:
        acciones.ejecutar(objeto, nombre, actor=usuario, argumentos=argumentos or None)
    assert rechazo.value.mensaje == mensaje
    assert modelo._default_manager.filter(pk=objeto.pk).values().get() == antes
    return rechazo.value
