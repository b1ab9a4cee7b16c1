"""Assertions shared by the test suites of every app."""


def afirmar_404_para(client, usuario, url, metodo="get"):
    """Prove that ``usuario`` cannot reach ``url`` (another organisation's record): 404, not 403 or 200."""
    client.force_login(usuario)
    respuesta = getattr(client, metodo)(url)
    assert respuesta.status_code == 404, (
        f"{usuario} obtuvo {respuesta.status_code} en {url}; se esperaba 404 (registro ajeno)"
    )
    return respuesta
