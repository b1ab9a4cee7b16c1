"""No page answers 5xx or repeats an id: every URL of the project, GET for every role and anonymous, empty POST
for a few roles."""

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from enlace import roles
from enlace.management.commands.demo import DEMOS_DE_APPS, correo_demo
from enlace.models import Usuario
from tests.ayudas import ids_repetidos

# The model behind an integer converter, named by the path segment before it (and its app when ambiguous).
MODELO_POR_SEGMENTO = {
    "notificaciones": "enlace.Notificacion",
    "unidades": "operaciones.Unidad",
    "fotos": "operaciones.FotoUnidad",
    "apartados": "operaciones.Apartado",
    "antiguedad": "operaciones.AlertaAntiguedad",
    "descuentos": "operaciones.SolicitudDescuento",
    "cancelaciones": "operaciones.SolicitudCancelacion",
    "financiamiento": "operaciones.SolicitudFinanciamiento",
    "trade-in/archivos": "operaciones.ArchivoTradeIn",
    "operaciones/documentos": "operaciones.DocumentoOperacion",
    "tareas": "operaciones.TareaProveedor",
    "directorio": "operaciones.Contacto",
    "comisiones": "operaciones.LineaComision",
    "asesores": "enlace.Usuario",
    "concesionarios": "enlace.Organizacion",
    "retiros-en-revision": "operaciones.RevisionRetiro",
    "empresas": "comercial_empresas.Empresa",
    "ventas": "comercial_empresas.Venta",
    "lineas": "comercial_empresas.LineaVenta",
    "comercial/documentos": "comercial_empresas.DocumentoVenta",
    "ordenes": "comercial_empresas.OrdenTrabajo",
    "ejecutivo": "comercial_empresas.InformeEjecutivo",
    "responsable": "comercial_empresas.InformeResponsable",
    "solicitudes": "comercial_digitales.SolicitudDigital",
    "adjuntos": "comercial_digitales.RequisitoAdjunto",
    "importaciones": "comercial_crm.Importacion",
    "prospectos": "comercial_crm.Prospecto",
    "actividades": "comercial_crm.Actividad",
    "tickets": "atencion.Ticket",
    "medios": "atencion.MedioWhatsapp",
    "reportes": "atencion.ReporteEjecutivo",
    "campanas": "atencion.Campana",
    "escalamientos": "operaciones.Escalamiento",
    "avisos-de-avance": "operaciones.AvisoAvance",
    "conversacion/adjuntos": "operaciones.AdjuntoMensaje",
    "derivaciones": "comercial_empresas.Derivacion",
    "metas": "comercial_crm.Marca",
    "productos": "comercial.Producto",
    "concesionario/importaciones": "operaciones.ImportacionInventario",
    "cambios": "operaciones.CambioUnidad",
}


def _patrones(patrones, prefijo=""):
    """(route, pattern) of every URL; admin only through its index (its internals are Django's own, not ours)."""
    for patron in patrones:
        ruta = prefijo + str(patron.pattern)
        if isinstance(patron, URLPattern):
            yield ruta, patron
        elif ruta == "admin/":
            yield ruta, None
        else:
            yield from _patrones(patron.url_patterns, ruta)


def _modelo(ruta, nombre):
    antes = ruta.split(f"<int:{nombre}>")[0].rstrip("/")
    segmentos = antes.split("/")
    for clave in ("/".join(segmentos[-2:]), f"{segmentos[0]}/{segmentos[-1]}", segmentos[-1]):
        if clave in MODELO_POR_SEGMENTO:
            return apps.get_model(MODELO_POR_SEGMENTO[clave])
    raise AssertionError(f"Falta el modelo de <int:{nombre}> en {ruta}")


def _url(ruta, patron):
    """The route with each integer converter filled by a real object (of any organisation) and other converters
    by an unknown value, which must answer 404, not 500."""
    url = ruta
    for nombre, convertidor in (patron.pattern.converters if patron else {}).items():
        tipo = type(convertidor).__name__
        if tipo == "IntConverter":
            objeto = _modelo(ruta, nombre).objects.order_by("pk").first()
            url = url.replace(f"<int:{nombre}>", str(objeto.pk if objeto else 999999))
        else:
            url = url.replace(f"<{tipo.removesuffix('Converter').lower()}:{nombre}>", "inexistente")
    return "/" + url


@pytest.fixture
def urls_y_clientes(cargar_demo_de):
    for ruta in DEMOS_DE_APPS:
        cargar_demo_de(ruta)
    clientes = {"anónimo": Client(raise_request_exception=False)}
    for rol in roles.ROLES:
        cliente = Client(raise_request_exception=False)
        cliente.force_login(Usuario.objects.get(email=correo_demo(rol.codigo)))
        clientes[rol.codigo] = cliente
    urls = [_url(ruta, patron) for ruta, patron in _patrones(get_resolver().url_patterns)]
    return urls, clientes


def _errores(urls, clientes, metodo):
    """5xx answers, and the pages whose ids repeat (every page is read anyway, so each is checked here)."""
    errores = []
    for url in urls:
        for rol, cliente in clientes.items():
            respuesta = getattr(cliente, metodo.lower())(url)
            if respuesta.status_code >= 500:
                errores.append(f"{metodo} {url} como {rol}: {respuesta.status_code}")
            elif respuesta.status_code == 200 and respuesta["Content-Type"].startswith("text/html"):
                errores += [f"{metodo} {url} como {rol}: {p}" for p in ids_repetidos(respuesta.content.decode())]
    return errores


def test_ningun_get_ni_post_vacio_responde_500(urls_y_clientes):
    """One test so the demo (most of the time) loads once; the empty POST skips logout, which would end the
    sessions, and uses two roles and anonymous."""
    urls, clientes = urls_y_clientes
    assert len(urls) > 150
    assert _errores(urls, clientes, "GET") == []
    unos = {rol: clientes[rol] for rol in ("anónimo", "cop", "asesor")}
    sin_logout = [url for url in urls if url != reverse("logout")]
    assert _errores(sin_logout, unos, "POST") == []
