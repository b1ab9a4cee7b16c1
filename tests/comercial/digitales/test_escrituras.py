"""Every write of Ventas Digitales that is not a transition is one ``acciones.Escritura`` (services.py): the
allowed roles do it through its service and the console offers it; another role is refused with its
``sin_permiso``; each failing condition is refused with its reason for everyone, a superuser too, who is then
not offered the step either; a refusal changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from comercial.digitales import models, services, views
from comercial.digitales.models import Estado, RegistroImpedimento, SolicitudDigital
from comercial.digitales.protocolo import FASES
from comercial.models import Producto
from enlace import acciones
from enlace.models import Evento
from tests.comercial.digitales.conftest import archivo_pdf
from tests.comercial.digitales.factories import ImpedimentoFactory, producto_de, solicitud_en

pytestmark = pytest.mark.django_db

# Escritura (its name in services) → (state, fields, its service, event type): the console's steps.
RECORRIDO = {
    "INTENTAR_CONTACTO": (
        Estado.EN_COLA,
        {},
        lambda actor, s: services.solicitud_intentar_contacto(actor=actor, solicitud=s, resultado="no_contesta"),
        "digitales.contacto_intentado",
    ),
    "AVANZAR_FASE": (
        Estado.EN_ATENCION,
        {},
        lambda actor, s: services.solicitud_avanzar_fase(actor=actor, solicitud=s),
        "digitales.fase_protocolo",
    ),
    "IDENTIFICAR": (
        Estado.EN_ATENCION,
        {},
        lambda actor, s: services.solicitud_identificar(
            actor=actor, solicitud=s, producto=producto_de(s.organizacion, "tv"), carnet="1234567"
        ),
        "digitales.identificada",
    ),
    "CONSULTAR_IMPEDIMENTOS": (
        Estado.EN_ATENCION,
        {"fase_protocolo": 3, "servicio": "tv", "carnet": "4455667"},
        lambda actor, s: services.solicitud_consultar_impedimentos(actor=actor, solicitud=s),
        "digitales.impedimentos_consultados",
    ),
    "CONSULTAR_FACTIBILIDAD": (
        Estado.SIN_IMPEDIMENTO,
        {},
        lambda actor, s: services.solicitud_consultar_factibilidad(
            actor=actor, solicitud=s, direccion="Av. Heroínas 123", localidad="Cala Cala"
        ),
        "digitales.factibilidad_consultada",
    ),
    "ADJUNTAR_REQUISITO": (
        Estado.ESPERANDO_REQUISITOS,
        {},
        lambda actor, s: services.solicitud_adjuntar_requisito(
            actor=actor, solicitud=s, requisito="ci_anverso", archivo=archivo_pdf()
        ),
        "digitales.requisito_adjuntado",
    ),
    "ANOTAR": (
        Estado.SIN_IMPEDIMENTO,
        {},
        lambda actor, s: services.solicitud_anotar(actor=actor, solicitud=s, notas="Internet para teletrabajo."),
        "digitales.notas",
    ),
    "CONFIRMAR_LECTURA": (
        Estado.FACTIBLE,
        {},
        lambda actor, s: services.solicitud_confirmar_lectura(actor=actor, solicitud=s),
        "digitales.lectura_confirmada",
    ),
    "ADJUNTAR_CONTRATO": (
        Estado.DIGITADA,
        {},
        lambda actor, s: services.solicitud_adjuntar_contrato(
            actor=actor, solicitud=s, archivo=archivo_pdf("contrato.pdf")
        ),
        "digitales.contrato_firmado",
    ),
}


def csv_valido():
    return SimpleUploadedFile(
        "naf.csv", b"carnet,tipo,detalle,monto_bs\n4455667,deuda_naf,,\n", content_type="text/csv"
    )


# Escrituras of the whole organisation → (its service, the roles allowed, a role refused and its message, event).
DE_LA_ORGANIZACION = {
    "REGISTRAR_LLAMADA": (
        lambda actor, org: services.solicitud_registrar_llamada(actor=actor, linea="4200400", telefono="71234567"),
        ("agente_digital", "responsable_call_center"),
        ("ejecutivo_empresas", services.SIN_PERMISO),
        "digitales.llamada_registrada",
    ),
    "IMPORTAR_TABLA_DE_IMPEDIMENTOS": (
        lambda actor, org: services.impedimentos_importar(actor=actor, organizacion=org, archivo=csv_valido()),
        ("responsable_call_center",),
        ("agente_digital", services.SIN_PERMISO_IMPORTAR),
        "digitales.impedimentos_importados",
    ),
    "EDITAR_EL_CATALOGO": (
        lambda actor, org: services.producto_guardar(actor=actor, datos=datos_producto(codigo=f"p{actor.pk}")),
        ("responsable_call_center", "responsable_empresas"),
        ("agente_digital", services.SIN_PERMISO_CATALOGO),
        "comercial.producto_creado",
    ),
}


def datos_producto(**cambios):
    return {
        "codigo": "fibra_500",
        "nombre": "Fibra 500",
        "activo": True,
        "canal": "digital",
        "requisitos": [{"codigo": "ci_anverso", "nombre": "Carnet (anverso)"}],
        "eta_min_dias": 2,
        "eta_max_dias": 10,
        "vendido_digitalmente": True,
        "donde_dirigir": "",
        **cambios,
    }


def test_cada_escritura_se_recorre():
    declaradas = {nombre for nombre, valor in vars(services).items() if isinstance(valor, acciones.Escritura)}
    assert declaradas == set(RECORRIDO) | set(DE_LA_ORGANIZACION)


def accion_de(nombre):
    """The console's action that offers the Escritura: the same object its service enforces."""
    (accion,) = [a for a in views.ACCIONES.values() if a.escritura is getattr(services, nombre)]
    assert not accion.transiciones
    return accion


def estado_de(s):
    fila = SolicitudDigital.objects.filter(pk=s.pk).values().get()
    return fila, s.intentos.count(), s.adjuntos.count(), Evento.objects.filter(objeto_id=str(s.pk)).count()


@pytest.fixture(params=["agente_digital", "responsable_call_center"])
def del_centro(request, crear_usuario, organizacion):
    return crear_usuario(request.param, organizacion=organizacion)


@pytest.mark.parametrize("nombre", sorted(RECORRIDO))
def test_el_centro_de_llamadas_da_el_paso_que_se_le_ofrece(nombre, del_centro, organizacion, zona):
    estado, campos, servicio, tipo = RECORRIDO[nombre]
    s = solicitud_en(estado, organizacion=organizacion, agente=del_centro, **campos)
    assert accion_de(nombre).disponible(s, del_centro)
    servicio(del_centro, s)
    assert Evento.objects.get(objeto_id=str(s.pk), tipo=tipo).actor == del_centro


@pytest.mark.parametrize("nombre", sorted(RECORRIDO))
def test_otro_rol_no_se_le_ofrece_y_es_rechazado_sin_cambios(nombre, crear_usuario, organizacion, agente, zona):
    ejecutivo = crear_usuario("ejecutivo_empresas", organizacion=organizacion)
    estado, campos, servicio, _tipo = RECORRIDO[nombre]
    s = solicitud_en(estado, organizacion=organizacion, agente=agente, **campos)
    antes = estado_de(s)
    assert not accion_de(nombre).disponible(s, ejecutivo)
    with pytest.raises(acciones.AccionRechazada) as rechazo:
        servicio(ejecutivo, s)
    assert rechazo.value.mensaje == getattr(services, nombre).sin_permiso == services.SIN_PERMISO
    assert estado_de(s) == antes


# (Escritura, the guard that fails, state, fields, its reason)
CONDICIONES = [
    ("INTENTAR_CONTACTO", "en_cola", Estado.EN_ATENCION, {}, models.SOLO_EN_COLA.format(estado="En atención")),
    (
        "AVANZAR_FASE",
        "en_atencion",
        Estado.CONCLUIDA,
        {},
        models.SOLO_EN_ATENCION.format(estado="Control de calidad realizado"),
    ),
    (
        "AVANZAR_FASE",
        "protocolo_por_avanzar",
        Estado.EN_ATENCION,
        {"fase_protocolo": 3},
        models.FASE_FINAL.format(fase=FASES[-1].nombre),
    ),
    (
        "IDENTIFICAR",
        "en_atencion",
        Estado.EN_COLA,
        {},
        models.SOLO_EN_ATENCION.format(estado="En cola (por contactar)"),
    ),
    (
        "IDENTIFICAR",
        "motivos_delimitados",
        Estado.EN_ATENCION,
        {"fase_protocolo": 1},
        models.FASE_INSUFICIENTE.format(fase="Delimitar los motivos del contacto"),
    ),
    (
        "CONSULTAR_IMPEDIMENTOS",
        "en_atencion",
        Estado.SIN_IMPEDIMENTO,
        {},
        models.SOLO_EN_ATENCION.format(estado="Sin impedimentos"),
    ),
    (
        "CONSULTAR_IMPEDIMENTOS",
        "tiene_identificacion",
        Estado.EN_ATENCION,
        {"fase_protocolo": 3},
        models.SIN_IDENTIFICACION,
    ),
    (
        "CONSULTAR_FACTIBILIDAD",
        "sin_impedimento",
        Estado.FACTIBLE,
        {},
        models.SOLO_SIN_IMPEDIMENTO.format(estado="Con capacidad técnica"),
    ),
    (
        "ADJUNTAR_REQUISITO",
        "esperando_requisitos",
        Estado.FACTIBLE,
        {},
        models.SOLO_ESPERANDO_REQUISITOS.format(estado="Con capacidad técnica"),
    ),
    ("ANOTAR", "antes_de_digitar", Estado.DIGITADA, {}, models.SOLO_ANTES_DE_DIGITAR.format(estado="Venta digitada")),
    (
        "CONFIRMAR_LECTURA",
        "lista_para_leer",
        Estado.SIN_IMPEDIMENTO,
        {},
        models.SIN_DATOS_PARA_LEER.format(estado="Sin impedimentos"),
    ),
    (
        "ADJUNTAR_CONTRATO",
        "digitada",
        Estado.ESPERANDO_REQUISITOS,
        {},
        models.SOLO_DIGITADA.format(estado="Esperando requisitos (WhatsApp)"),
    ),
]


def test_cada_condicion_declarada_tiene_su_caso():
    casos = {(nombre, guarda) for nombre, guarda, *_ in CONDICIONES}
    casos.add(("REGISTRAR_LLAMADA", "de_una_organizacion"))  # on the organisation: its own test below
    todas = set(RECORRIDO) | set(DE_LA_ORGANIZACION)
    declaradas = {(nombre, g.__name__) for nombre in todas for g in getattr(services, nombre).condiciones}
    assert casos == declaradas


@pytest.mark.parametrize(("nombre", "guarda", "estado", "campos", "motivo"), CONDICIONES)
def test_cada_condicion_que_falla_rechaza_con_su_motivo_tambien_al_superusuario(
    nombre, guarda, estado, campos, motivo, agente, admin_usuario, organizacion, zona
):
    _estado, _campos, servicio, _tipo = RECORRIDO[nombre]
    s = solicitud_en(estado, organizacion=organizacion, agente=agente, **campos)
    assert not getattr(models, guarda)(s)
    antes = estado_de(s)
    for usuario in (agente, admin_usuario):
        assert getattr(services, nombre).motivo(s, usuario) == motivo
        assert not accion_de(nombre).disponible(s, usuario)
        with pytest.raises(acciones.AccionRechazada) as rechazo:
            servicio(usuario, s)
        assert rechazo.value.mensaje == motivo
        assert estado_de(s) == antes


# --- Writes of the whole organisation (no solicitud yet) -----------------------------------------


@pytest.mark.parametrize("nombre", sorted(DE_LA_ORGANIZACION))
def test_la_escritura_de_la_organizacion_la_hacen_sus_roles(nombre, crear_usuario, organizacion):
    servicio, roles, _otro, tipo = DE_LA_ORGANIZACION[nombre]
    for rol in roles:
        usuario = crear_usuario(rol, organizacion=organizacion)
        assert getattr(services, nombre).motivo(organizacion, usuario) is None
        servicio(usuario, organizacion)
        assert Evento.objects.filter(tipo=tipo).latest("secuencia").actor == usuario


@pytest.mark.parametrize("nombre", sorted(DE_LA_ORGANIZACION))
def test_la_escritura_de_la_organizacion_se_rechaza_a_otro_rol_sin_cambios(nombre, crear_usuario, organizacion):
    servicio, _roles, (otro, mensaje), _tipo = DE_LA_ORGANIZACION[nombre]
    ImpedimentoFactory(organizacion=organizacion, carnet="1111111")
    usuario = crear_usuario(otro, organizacion=organizacion)
    assert getattr(services, nombre).motivo(organizacion, usuario) == mensaje
    with pytest.raises(acciones.AccionRechazada) as rechazo:
        servicio(usuario, organizacion)
    assert rechazo.value.mensaje == mensaje
    assert not SolicitudDigital.objects.exists() and not Evento.objects.exists()
    assert list(RegistroImpedimento.objects.values_list("carnet", flat=True)) == ["1111111"]
    assert not Producto.objects.exists()


def test_registrar_una_llamada_sin_organizacion_se_rechaza_con_su_motivo(admin_usuario, client):
    with pytest.raises(acciones.AccionRechazada) as rechazo:
        services.solicitud_registrar_llamada(actor=admin_usuario, linea="4200400", telefono="70000000")
    assert rechazo.value.mensaje == services.SIN_ORGANIZACION

    client.force_login(admin_usuario)
    respuesta = client.post("/comercial/digitales/llamadas/nueva/", {"linea": "4200400", "telefono": "70000000"})
    assert respuesta.status_code == 200 and services.SIN_ORGANIZACION in respuesta.content.decode()
    assert not SolicitudDigital.objects.exists()
