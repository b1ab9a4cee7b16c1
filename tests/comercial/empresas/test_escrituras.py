"""Every write of Ventas Equipo Empresas that is not a transition is one ``acciones.Escritura``.

For each: the allowed role succeeds through its service; a role without the rule is refused with the
Escritura's ``sin_permiso`` and nothing changes; each failing condition is refused with its reason and
nothing changes, for a superuser too; and each page offers the write exactly to whom the Escritura allows.
"""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from comercial.empresas import services
from comercial.empresas.meses import mes_anterior
from comercial.empresas.models import Estado
from enlace.acciones import AccionRechazada
from enlace.models import Evento, Notificacion
from tests.comercial.empresas.conftest import pdf
from tests.comercial.empresas.factories import EmpresaFactory

pytestmark = pytest.mark.django_db

E = Estado
HOY = timezone.localdate()


def foto():
    """Every row of the app's tables (their history too), the bitácora and the notifications."""
    filas = {
        modelo.__name__: list(modelo._default_manager.order_by("pk").values())
        for modelo in apps.get_app_config("comercial_empresas").get_models()
    }
    return {**filas, "eventos": Evento.objects.count(), "notificaciones": Notificacion.objects.count()}


@pytest.fixture
def c(equipo, avanzar, venta_a, prospecto, producto, crear_usuario):
    """What the cases below prepare their object from; ``ajeno`` has a role of another module."""
    return SimpleNamespace(
        e=equipo,
        avanzar=avanzar,
        venta_a=venta_a,
        prospecto=prospecto,
        producto=producto,
        ajeno=crear_usuario("agente_digital", organizacion=equipo.org),
    )


def _en(estado):
    return lambda c: c.avanzar(c.venta_a, estado)


def _proyecto_con_linea(c):
    venta = c.avanzar(c.venta_a, E.PROYECTO)
    services.linea_agregar(actor=c.e.ejecutivo, venta=venta, producto=c.producto)
    venta.refresh_from_db()
    return venta


def _concluida(c):
    venta = c.avanzar(c.venta_a, E.OFERTA_ENVIADA)
    return services.venta_concluir(actor=c.e.ejecutivo, venta=venta, motivo="No le interesa")


def _informe(c):
    return services.informe_ejecutivo_emitir(actor=c.e.ejecutivo, mes=HOY)


def _informe_analizado(c):
    informe = _informe(c)
    return services.informe_ejecutivo_analizar(actor=c.e.responsable, informe=informe, analisis="Conforme")


def _organizacion(c):
    return c.e.org


def _con_empresa_sin_ejecutivo(c):
    EmpresaFactory(organizacion=c.e.org)
    return c.e.org


def _csv(c):
    texto = f"nit,mes,monto\n{c.prospecto.nit},2026-02,100\n"
    return SimpleUploadedFile("facturacion.csv", texto.encode(), content_type="text/csv")


PLAN = {"meta_captaciones": 3, "meta_ventas_cartera": 0, "meta_facturacion": Decimal("1000")}

# service: (its Escritura, the object it is checked on, the write by ``actor``, the allowed role, a role without
# the rule)
CASOS = {
    "venta_iniciar": (
        services.INICIAR_VENTA,
        lambda c: c.prospecto,
        lambda c, actor, empresa: services.venta_iniciar(actor=actor, empresa=empresa, flujo="captacion"),
        "ejecutivo",
        "ejecutivo2",
    ),
    "venta_actualizar_proyecto": (
        services.EDITAR_PROYECTO,
        _proyecto_con_linea,
        lambda c, actor, venta: services.venta_actualizar_proyecto(
            actor=actor, venta=venta, datos={"promociones": "Navidad"}
        ),
        "ejecutivo",
        "responsable",
    ),
    "linea_agregar": (
        services.EDITAR_PROYECTO,
        _proyecto_con_linea,
        lambda c, actor, venta: services.linea_agregar(actor=actor, venta=venta, producto=c.producto),
        "ejecutivo",
        "ejecutivo2",
    ),
    "linea_quitar": (
        services.EDITAR_PROYECTO,
        _proyecto_con_linea,
        lambda c, actor, venta: services.linea_quitar(actor=actor, linea=venta.lineas.get()),
        "ejecutivo",
        "gestor",
    ),
    "documento_subir": (
        services.ADJUNTAR_DOCUMENTO,
        _en(E.ACEPTADA),
        lambda c, actor, venta: services.documento_subir(actor=actor, venta=venta, archivo=pdf(), descripcion="NIT"),
        "ejecutivo",
        "ajeno",
    ),
    "empresa_registrar": (
        services.REGISTRAR_EMPRESA,
        _organizacion,
        lambda c, actor, org: services.empresa_registrar(
            actor=actor,
            organizacion=org,
            datos={"razon_social": "Textiles Sur S.A.", "nit": "1098765432", "giro": "industria", "localidad": "Lacma"},
        ),
        "ejecutivo",
        "gestor",
    ),
    "contacto_agregar": (
        services.AGREGAR_CONTACTO,
        lambda c: c.prospecto,
        lambda c, actor, empresa: services.contacto_agregar(
            actor=actor, empresa=empresa, datos={"nombre": "Ana Rocha"}
        ),
        "tecnico",
        "ajeno",
    ),
    "interaccion_registrar": (
        services.REGISTRAR_INTERACCION,
        lambda c: c.prospecto,
        lambda c, actor, empresa: services.interaccion_registrar(
            actor=actor, empresa=empresa, canal="llamada", resultado="Pidió cotización"
        ),
        "ejecutivo",
        "ajeno",
    ),
    "empresa_asignar": (
        services.ASIGNAR_CARTERA,
        lambda c: c.prospecto,
        lambda c, actor, empresa: services.empresa_asignar(actor=actor, empresa=empresa, ejecutivo=c.e.ejecutivo2),
        "responsable",
        "ejecutivo",
    ),
    "cartera_asignar_automatica": (
        services.ASIGNAR_CARTERA,
        _con_empresa_sin_ejecutivo,
        lambda c, actor, org: services.cartera_asignar_automatica(actor=actor, organizacion=org, tolerancia=3),
        "responsable",
        "ejecutivo",
    ),
    "plan_guardar": (
        services.PLANIFICAR,
        _organizacion,
        lambda c, actor, org: services.plan_guardar(
            actor=actor,
            organizacion=org,
            ejecutivo=c.e.ejecutivo,
            mes=date(2026, 3, 1),
            modalidad="captacion",
            metas=PLAN,
        ),
        "responsable",
        "territorios",
    ),
    "informe_ejecutivo_emitir": (
        services.EMITIR_INFORME_EJECUTIVO,
        _organizacion,
        lambda c, actor, org: services.informe_ejecutivo_emitir(actor=actor, mes=HOY),
        "ejecutivo",
        "responsable",
    ),
    "informe_ejecutivo_analizar": (
        services.ANALIZAR_INFORME,
        _informe,
        lambda c, actor, informe: services.informe_ejecutivo_analizar(actor=actor, informe=informe, analisis="Bien"),
        "responsable",
        "territorios",
    ),
    "informe_responsable_emitir": (
        services.EMITIR_INFORME_RESPONSABLE,
        _organizacion,
        lambda c, actor, org: services.informe_responsable_emitir(
            actor=actor, organizacion=org, mes=mes_anterior(HOY.replace(day=1)), analisis="x"
        ),
        "responsable",
        "territorios",
    ),
    "facturacion_calcular": (
        services.GESTIONAR_FACTURACION,
        _organizacion,
        lambda c, actor, org: services.facturacion_calcular(actor=actor, organizacion=org, mes=HOY),
        "responsable",
        "ejecutivo",
    ),
    "facturacion_importar": (
        services.GESTIONAR_FACTURACION,
        _organizacion,
        lambda c, actor, org: services.facturacion_importar(actor=actor, organizacion=org, archivo=_csv(c)),
        "responsable",
        "gestor",
    ),
}


def _usuario(c, rol):
    return c.ajeno if rol == "ajeno" else getattr(c.e, rol)


@pytest.mark.parametrize("servicio", CASOS)
def test_el_rol_permitido_escribe(c, servicio):
    escritura, preparar, escribir, permitido, _ = CASOS[servicio]
    objeto, actor = preparar(c), _usuario(c, permitido)
    assert escritura.motivo(objeto, actor) is None
    antes = foto()
    escribir(c, actor, objeto)
    assert foto() != antes


@pytest.mark.parametrize("servicio", CASOS)
def test_un_rol_sin_la_regla_es_rechazado_sin_cambios(c, servicio):
    escritura, preparar, escribir, _, otro = CASOS[servicio]
    objeto, actor = preparar(c), _usuario(c, otro)
    assert escritura.motivo(objeto, actor) == escritura.sin_permiso
    antes = foto()
    with pytest.raises(AccionRechazada) as rechazo:
        escribir(c, actor, objeto)
    assert rechazo.value.mensaje == escritura.sin_permiso
    assert foto() == antes


def test_cada_escritura_declara_su_texto_sin_permiso():
    for escritura, *_ in CASOS.values():
        assert escritura.sin_permiso in vars(services).values(), escritura.permiso


# (service, an object where a condition of its Escritura fails, the reason)
FALLAS = [
    ("venta_actualizar_proyecto", _en(E.EN_VOBO), services.NO_EDITABLE),
    ("linea_agregar", _en(E.EN_VOBO), services.NO_EDITABLE),
    ("linea_quitar", _en(E.EN_VOBO), services.NO_EDITABLE),
    ("documento_subir", _concluida, services.VENTA_TERMINADA),
    ("informe_ejecutivo_analizar", _informe_analizado, services.INFORME_YA_ANALIZADO),
]


@pytest.mark.parametrize("quien", ["permitido", "superusuario"])
@pytest.mark.parametrize(("servicio", "preparar", "motivo"), FALLAS)
def test_cada_condicion_que_falla_rechaza_con_su_motivo_tambien_al_superusuario(
    c, admin_usuario, servicio, preparar, motivo, quien
):
    escritura, _, escribir, permitido, _ = CASOS[servicio]
    objeto = preparar(c)
    actor = admin_usuario if quien == "superusuario" else _usuario(c, permitido)
    assert escritura.motivo(objeto, actor) == motivo
    antes = foto()
    with pytest.raises(AccionRechazada) as rechazo:
        escribir(c, actor, objeto)
    assert rechazo.value.mensaje == motivo
    assert foto() == antes


# --- What the pages offer -------------------------------------------------------------------------

ROLES = ("ejecutivo", "ejecutivo2", "responsable", "gestor", "tecnico", "recursos", "territorios")


# (its Escritura, the object, the page's URL, the mark of the offered form in its HTML, whether a condition
# fails: then nobody, a superuser neither, is offered it)
OFRECIDAS = [
    pytest.param(
        services.EDITAR_PROYECTO,
        _en(E.PROYECTO),
        lambda v: reverse("comercial:empresas:venta", args=[v.pk]),
        lambda v: f'action="{reverse("comercial:empresas:venta_linea", args=[v.pk])}"',
        False,
        id="proyecto-en-preparacion",
    ),
    pytest.param(
        services.EDITAR_PROYECTO,
        _en(E.EN_VOBO),
        lambda v: reverse("comercial:empresas:venta", args=[v.pk]),
        lambda v: f'action="{reverse("comercial:empresas:venta_proyecto", args=[v.pk])}"',
        True,
        id="proyecto-en-vobo",
    ),
    pytest.param(
        services.ADJUNTAR_DOCUMENTO,
        _en(E.ORDENES),
        lambda v: reverse("comercial:empresas:venta", args=[v.pk]),
        lambda v: f'action="{reverse("comercial:empresas:venta_documento", args=[v.pk])}"',
        False,
        id="documento-en-curso",
    ),
    pytest.param(
        services.ADJUNTAR_DOCUMENTO,
        _concluida,
        lambda v: reverse("comercial:empresas:venta", args=[v.pk]),
        lambda v: f'action="{reverse("comercial:empresas:venta_documento", args=[v.pk])}"',
        True,
        id="documento-venta-terminada",
    ),
    *(
        pytest.param(
            escritura,
            lambda c: c.venta_a.empresa,
            lambda empresa: reverse("comercial:empresas:empresa", args=[empresa.pk]),
            lambda empresa, ruta=ruta: f'action="{reverse(f"comercial:empresas:{ruta}", args=[empresa.pk])}"',
            False,
            id=ruta,
        )
        for escritura, ruta in (
            (services.INICIAR_VENTA, "venta_nueva"),
            (services.ASIGNAR_CARTERA, "empresa_asignar"),
            (services.AGREGAR_CONTACTO, "empresa_contacto"),
            (services.REGISTRAR_INTERACCION, "empresa_interaccion"),
        )
    ),
    pytest.param(
        services.ANALIZAR_INFORME,
        _informe,
        lambda informe: reverse("comercial:empresas:informe_ejecutivo", args=[informe.pk]),
        lambda informe: "Registrar análisis",
        False,
        id="informe-por-analizar",
    ),
    pytest.param(
        services.ANALIZAR_INFORME,
        _informe_analizado,
        lambda informe: reverse("comercial:empresas:informe_ejecutivo", args=[informe.pk]),
        lambda informe: "Registrar análisis",
        True,
        id="informe-analizado",
    ),
]


@pytest.mark.parametrize(("escritura", "preparar", "pagina", "marca", "falla"), OFRECIDAS)
def test_la_pagina_ofrece_la_escritura_a_quien_la_permite(
    client, c, admin_usuario, escritura, preparar, pagina, marca, falla
):
    objeto = preparar(c)
    alguien = False
    for usuario in [getattr(c.e, rol) for rol in ROLES] + [admin_usuario]:
        client.force_login(usuario)
        respuesta = client.get(pagina(objeto))
        if respuesta.status_code in (403, 404):  # outside the user's pages or scope
            continue
        ofrecida = marca(objeto) in respuesta.content.decode()
        assert ofrecida == (escritura.motivo(objeto, usuario) is None), usuario
        alguien |= ofrecida
    assert alguien == (not falla)


# (its Escritura, the organisation-wide page, the mark of the offered form or link: a URL name or a text)
DE_LA_ORGANIZACION = [
    (services.REGISTRAR_EMPRESA, "empresas", ("href", "empresa_nueva")),
    (services.ASIGNAR_CARTERA, "empresas", ("action", "cartera_asignar")),
    (services.PLANIFICAR, "planes", "Guardar plan"),
    (services.EMITIR_INFORME_EJECUTIVO, "informes", ("action", "informe_ejecutivo_emitir")),
    (services.EMITIR_INFORME_RESPONSABLE, "informes", ("action", "informe_responsable_emitir")),
    (services.GESTIONAR_FACTURACION, "facturacion", 'value="importar"'),
]


@pytest.mark.parametrize(("escritura", "pagina", "marca"), DE_LA_ORGANIZACION)
def test_las_paginas_de_la_organizacion_ofrecen_la_escritura_a_quien_la_permite(
    client, equipo, escritura, pagina, marca
):
    if isinstance(marca, tuple):
        atributo, ruta = marca
        marca = f'{atributo}="{reverse(f"comercial:empresas:{ruta}")}"'
    ofrecida_a = set()
    for rol in ROLES:
        usuario = getattr(equipo, rol)
        client.force_login(usuario)
        respuesta = client.get(reverse(f"comercial:empresas:{pagina}"))
        if respuesta.status_code == 403:
            assert escritura.motivo(usuario.organizacion, usuario) is not None, rol
            continue
        ofrecida = marca in respuesta.content.decode()
        assert ofrecida == (escritura.motivo(usuario.organizacion, usuario) is None), rol
        if ofrecida:
            ofrecida_a.add(rol)
    assert ofrecida_a


def test_el_superusuario_no_ve_ni_adjunta_a_una_venta_terminada(client, c, admin_usuario):
    venta = _concluida(c)
    client.force_login(admin_usuario)
    html = client.get(reverse("comercial:empresas:venta", args=[venta.pk])).content.decode()
    assert reverse("comercial:empresas:venta_documento", args=[venta.pk]) not in html
    antes = foto()
    respuesta = client.post(
        reverse("comercial:empresas:venta_documento", args=[venta.pk]), {"descripcion": "Poder", "archivo": pdf()}
    )
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert services.VENTA_TERMINADA in html and 'value="Poder"' in html
    assert foto() == antes


def test_el_superusuario_no_ve_ni_edita_un_proyecto_fuera_de_preparacion(client, c, admin_usuario):
    venta = c.avanzar(c.venta_a, E.EN_VOBO)
    client.force_login(admin_usuario)
    html = client.get(reverse("comercial:empresas:venta", args=[venta.pk])).content.decode()
    assert "Agregar al proyecto" not in html and "Guardar condiciones" not in html and "Quitar" not in html
    antes = foto()
    datos = {"promociones": "Navidad", "politica_tarifaria": "", "velocidad_requerida_mbps": "50"}
    respuesta = client.post(reverse("comercial:empresas:venta_proyecto", args=[venta.pk]), datos)
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert services.NO_EDITABLE in html and "Navidad" in html
    assert foto() == antes


def test_el_superusuario_no_ve_ni_analiza_un_informe_ya_analizado(client, c, admin_usuario):
    informe = _informe_analizado(c)
    client.force_login(admin_usuario)
    direccion = reverse("comercial:empresas:informe_ejecutivo", args=[informe.pk])
    assert "Registrar análisis" not in client.get(direccion).content.decode()
    antes = foto()
    respuesta = client.post(direccion, {"analisis": "Otra mirada"})
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert services.INFORME_YA_ANALIZADO in html and "Otra mirada" in html
    assert foto() == antes


def test_quien_no_analiza_informes_recibe_el_motivo_y_nada_cambia(client, c):
    informe = _informe(c)
    antes = foto()
    client.force_login(c.e.territorios)
    respuesta = client.post(reverse("comercial:empresas:informe_ejecutivo", args=[informe.pk]), {"analisis": "Yo"})
    assert respuesta.status_code == 200
    assert services.SIN_PERMISO_ANALIZAR in respuesta.content.decode()
    assert foto() == antes


def test_quien_no_planifica_recibe_el_motivo_y_nada_cambia(client, equipo):
    antes = foto()
    client.force_login(equipo.ejecutivo)
    datos = {"ejecutivo": equipo.ejecutivo.pk, "mes": "2026-03", "modalidad": "captacion", "indicaciones": "Foco"}
    respuesta = client.post(
        reverse("comercial:empresas:planes"),
        {**datos, "meta_captaciones": "1", "meta_ventas_cartera": "0", "meta_facturacion": "0"},
    )
    assert respuesta.status_code == 200
    html = respuesta.content.decode()
    assert services.SIN_PERMISO_PLANIFICAR in html and "Foco" in html
    assert foto() == antes
