# ruff: noqa: F811 - fixtures imported from tests.operaciones.fixtures_entrega
"""What each page offers equals what the action layer accepts, for several users and states (another role is
offered nothing); refused forms come back with what was typed (HTTP 200); every list filter has its label."""

import re
from datetime import date, timedelta
from decimal import Decimal

import django_filters
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from enlace import acciones
from operaciones import filters, mensajes, services
from operaciones.acciones import (
    ACCIONES_APARTADO,
    ACCIONES_COMISION,
    ACCIONES_DESCUENTO,
    ACCIONES_FINANCIAMIENTO,
    ACCIONES_TAREA,
    ACCIONES_TRADE_IN,
    ACCIONES_UNIDAD,
)
from operaciones.models import Apartado, CanalLead, LineaComision, SolicitudDescuento, TradeIn, Unidad
from tests.ayudas import acciones_en_pagina, afirmar_ids_unicos, afirmar_ofrece_lo_permitido
from tests.operaciones.factories import UnidadFactory
from tests.operaciones.fixtures_comisiones import crear_lineas, crear_regla, marcar_cerrado
from tests.operaciones.fixtures_entrega import (  # noqa: F401 - fixtures
    SOLICITUD_DE_CONTADO,
    almacen_temporal,
    preparar_cierre,
)
from tests.operaciones.fixtures_negociacion import UNIDAD_A_CUENTA
from tests.operaciones.semillas import sembrar_configuracion

pytestmark = pytest.mark.django_db

# The actions of one row (a request, a task) or of the trade-in sit in their own element on the apartado page.
FRAGMENTO = r'<(td|p) id="{}">.*?</\1>'


def fragmento(html, id_):
    return re.search(FRAGMENTO.format(re.escape(id_)), html, re.DOTALL).group(0)


def sin_fragmentos(html):
    """The apartado page without the actions of its requests, tasks and trade-in: the apartado's own."""
    return re.sub(FRAGMENTO.format('acciones-[^"]+'), "", html, flags=re.DOTALL)


def refrescar(obj):
    return type(obj).objects.get(pk=obj.pk)


def pagina(client, usuario, url):
    client.force_login(usuario)
    respuesta = client.get(url)
    assert respuesta.status_code == 200, (usuario, url)
    return respuesta.content.decode()


@pytest.fixture
def usuarios(cop, asesor, otro_asesor, gerente_ventas, gerente_otro, crear_usuario, concesionario):
    """gerente_ventas works at B (owns the unit), gerente_otro at A (the asesor's); financiera: B's."""
    return {
        "cop": cop,
        "asesor": asesor,
        "otro_asesor": otro_asesor,
        "gerente_ventas": gerente_ventas,
        "gerente_otro": gerente_otro,
        "financiera": crear_usuario("gerente_financiera", organizacion=concesionario),
        "webmaster": crear_usuario("webmaster", organizacion=concesionario),
    }


def validar(apartado, cop, gerente):
    services.apartado_confirmar_disponibilidad(actor=gerente, apartado=apartado)
    return services.apartado_validar(actor=cop, apartado=apartado)


# --- The apartado page -----------------------------------------------------------------------------


def afirmar_pagina_del_apartado(client, apartado, usuario, esperadas=None):
    apartado = refrescar(apartado)
    html = sin_fragmentos(pagina(client, usuario, reverse("operaciones:apartado", args=[apartado.pk])))
    ofrecidas = afirmar_ofrece_lo_permitido(html, ACCIONES_APARTADO, apartado, usuario)
    if esperadas is not None:
        assert ofrecidas == esperadas, (usuario, ofrecidas)
    return ofrecidas


def test_el_apartado_pendiente_ofrece_a_cada_quien_lo_suyo(client, apartado, usuarios):
    esperadas = {
        "cop": {
            "registrar_confirmacion",
            "liberar",
            "cancelar",
            "activar_trade_in",
            "enviar_financiamiento",
            "escalar",
            "lugar_entrega",
        },
        "gerente_ventas": {"confirmar"},  # B confirms; the Solicitud's discount is already open
        "asesor": {"enviar_financiamiento", "solicitar_cancelacion", "lugar_entrega"},
        "financiera": {"enviar_financiamiento"},  # the gerente de financiera records financing beside the COP
    }
    for nombre, ofrecidas in esperadas.items():
        afirmar_pagina_del_apartado(client, apartado, usuarios[nombre], ofrecidas)
    services.apartado_confirmar_disponibilidad(actor=usuarios["gerente_ventas"], apartado=apartado)
    assert "validar" in afirmar_pagina_del_apartado(client, apartado, usuarios["cop"])
    assert afirmar_pagina_del_apartado(client, apartado, usuarios["gerente_ventas"]) == set()


def test_el_apartado_vencido_ya_no_ofrece_confirmar_ni_validar(client, apartado, usuarios):
    with time_machine.travel(apartado.vence + timedelta(minutes=1)):
        ofrecidas = afirmar_pagina_del_apartado(client, apartado, usuarios["cop"])
        assert {"registrar_confirmacion", "validar"}.isdisjoint(ofrecidas) and "liberar" in ofrecidas
        assert afirmar_pagina_del_apartado(client, apartado, usuarios["gerente_ventas"]) == set()


def test_la_operacion_en_curso_y_cerrada(client, apartar, unidad, usuarios, almacen_temporal, admin_usuario):
    cop = usuarios["cop"]
    operacion = validar(apartar(unidad, **SOLICITUD_DE_CONTADO), cop, usuarios["gerente_ventas"])
    en_curso = {"liberar", "cancelar", "solicitar_descuento", "activar_trade_in", "documento", "pago", "factura"}
    en_curso |= {"escalar", "lugar_entrega"}
    afirmar_pagina_del_apartado(client, operacion, cop, en_curso | {"entrega", "tarea"})
    afirmar_pagina_del_apartado(
        client,
        operacion,
        usuarios["asesor"],
        {"solicitar_descuento", "documento", "solicitar_cancelacion", "lugar_entrega"},
    )
    afirmar_pagina_del_apartado(client, operacion, usuarios["financiera"], {"documento"})
    afirmar_pagina_del_apartado(
        client, operacion, admin_usuario, en_curso | {"entrega", "tarea", "solicitar_cancelacion"}
    )
    preparar_cierre(operacion, cop)
    lista = afirmar_pagina_del_apartado(client, operacion, cop)
    assert "cierre" in lista and {"pago", "factura"}.isdisjoint(lista)
    services.operacion_cerrar(actor=cop, apartado=operacion)
    for usuario in usuarios.values():
        if usuario in (usuarios["otro_asesor"], usuarios["webmaster"], usuarios["gerente_otro"]):
            continue  # they do not see this operación (404)
        assert afirmar_pagina_del_apartado(client, operacion, usuario) == set()
    assert afirmar_pagina_del_apartado(client, operacion, admin_usuario) == set()  # a superuser passes no condition


def test_las_solicitudes_de_la_operacion_ofrecen_lo_suyo(client, apartar, unidad, usuarios):
    cop, asesor = usuarios["cop"], usuarios["asesor"]
    operacion = validar(apartar(unidad), cop, usuarios["gerente_ventas"])
    descuento = SolicitudDescuento.objects.get(apartado=operacion)
    financiamiento = services.financiamiento_enviar(
        actor=asesor,
        apartado=operacion,
        financiera="BBVA",
        tipo_financiera="banco",
        monto_solicitado=Decimal("200000"),
        plazo_meses=48,
    )
    url = reverse("operaciones:apartado", args=[operacion.pk])

    def afirmar(usuario, tabla, objeto, prefijo, esperadas):
        html = fragmento(pagina(client, usuario, url), f"acciones-{prefijo}-{objeto.pk}")
        assert afirmar_ofrece_lo_permitido(html, tabla, refrescar(objeto), usuario) == esperadas

    afirmar(cop, ACCIONES_DESCUENTO, descuento, "descuento", {"negociar", "resolver"})
    afirmar(asesor, ACCIONES_DESCUENTO, descuento, "descuento", set())
    afirmar(cop, ACCIONES_FINANCIAMIENTO, financiamiento, "financiamiento", {"responder"})
    afirmar(asesor, ACCIONES_FINANCIAMIENTO, financiamiento, "financiamiento", set())
    services.descuento_negociar(actor=cop, descuento=descuento)
    afirmar(cop, ACCIONES_DESCUENTO, descuento, "descuento", {"resolver"})
    services.financiamiento_registrar_respuesta(
        actor=cop, financiamiento=financiamiento, aprobada=True, condiciones="48 meses", monto_aprobado=Decimal(1)
    )
    afirmar(cop, ACCIONES_FINANCIAMIENTO, financiamiento, "financiamiento", {"confirmar_credito"})
    services.financiamiento_confirmar_credito(actor=cop, financiamiento=financiamiento)
    afirmar(cop, ACCIONES_FINANCIAMIENTO, financiamiento, "financiamiento", set())


def test_las_tareas_ofrecen_lo_suyo_en_la_operacion_y_en_los_tableros(client, apartar, unidad, usuarios):
    cop, webmaster = usuarios["cop"], usuarios["webmaster"]
    operacion = validar(apartar(unidad), cop, usuarios["gerente_ventas"])
    traslado = services.tarea_crear(actor=cop, apartado=operacion, tipo="placas", fecha_compromiso=date(2026, 3, 1))
    fotos = services.tarea_crear(actor=cop, unidad=unidad, tipo="fotos_videos", fecha_compromiso=date(2026, 3, 1))
    html = pagina(client, cop, reverse("operaciones:apartado", args=[operacion.pk]))
    ofrecidas = afirmar_ofrece_lo_permitido(
        fragmento(html, f"acciones-tarea-{traslado.pk}"), ACCIONES_TAREA, traslado, cop
    )
    assert ofrecidas == {"avanzar", "completar", "cancelar"}
    seguro = operacion.tareas_proveedor.get(tipo="seguro")  # completed by its policy, not by «Completar»
    ofrecidas = afirmar_ofrece_lo_permitido(fragmento(html, f"acciones-tarea-{seguro.pk}"), ACCIONES_TAREA, seguro, cop)
    assert ofrecidas == {"avanzar", "cancelar", "activar_seguro", "declinar_seguro"}
    html = pagina(client, webmaster, reverse("operaciones:mis_tareas"))
    ofrecidas = afirmar_ofrece_lo_permitido(
        fragmento(html, f"acciones-tarea-{fotos.pk}"), ACCIONES_TAREA, fotos, webmaster
    )
    assert ofrecidas == {"avanzar", "completar"}  # the webmaster does not cancel
    services.tarea_completar(actor=webmaster, tarea=fotos)
    html = pagina(client, webmaster, reverse("operaciones:mis_tareas"))
    assert (
        afirmar_ofrece_lo_permitido(
            fragmento(html, f"acciones-tarea-{fotos.pk}"), ACCIONES_TAREA, refrescar(fotos), webmaster
        )
        == set()
    )


# --- The trade-in page ------------------------------------------------------------------------------


def test_el_trade_in_ofrece_a_cada_concesionario_su_turno(client, apartar, unidad, usuarios):
    sembrar_configuracion()
    cop, a, b = usuarios["cop"], usuarios["gerente_otro"], usuarios["gerente_ventas"]
    apartado = apartar(unidad, descuento_solicitado=0, unidad_a_cuenta=True, unidad_a_cuenta_descripcion="Tsuru")
    trade_in = services.tradein_activar(actor=cop, apartado=validar(apartado, cop, b), unidad=UNIDAD_A_CUENTA)
    url = reverse("operaciones:tradein", args=[apartado.pk])

    def afirmar(esperadas):
        for usuario, codigos in esperadas.items():
            html = pagina(client, usuario, url)
            trade_in_ahora = TradeIn.objects.get(pk=trade_in.pk)
            assert afirmar_ofrece_lo_permitido(html, ACCIONES_TRADE_IN, trade_in_ahora, usuario) == codigos, usuario

    afirmar({cop: {"revision", "archivo"}, a: {"responder"}, b: set(), usuarios["asesor"]: set()})
    services.tradein_responder(actor=a, trade_in=trade_in, toma=False)
    afirmar({cop: {"revision", "archivo", "segunda_oferta"}, a: set(), b: set()})
    services.tradein_segunda_oferta(actor=cop, trade_in=trade_in)
    afirmar({cop: {"revision", "archivo"}, a: set(), b: {"responder"}})
    services.tradein_responder(actor=b, trade_in=trade_in, toma=True, oferta=Decimal("50000"))
    afirmar({cop: {"archivo"}, a: set(), b: set()})  # answered: the checklist is closed


# --- The unit, the commission and the cierre pages --------------------------------------------------


def test_la_unidad_ofrece_apartar_fotos_tareas_y_retiro_segun_quien_y_cuando(
    client, unidad, usuarios, apartar, admin_usuario
):
    url = reverse("operaciones:unidad", args=[unidad.pk])

    def afirmar(usuario, esperadas):
        html = pagina(client, usuario, url)
        assert afirmar_ofrece_lo_permitido(html, ACCIONES_UNIDAD, refrescar(unidad), usuario) == esperadas, usuario

    afirmar(usuarios["asesor"], {"apartar"})
    afirmar(usuarios["cop"], {"foto", "tarea", "retirar"})
    afirmar(usuarios["gerente_ventas"], {"foto", "retirar", "proponer_cambio"})
    afirmar(usuarios["webmaster"], {"foto", "retirar", "proponer_cambio"})
    afirmar(usuarios["gerente_otro"], set())
    apartado = apartar(unidad)
    afirmar(usuarios["otro_asesor"], set())
    afirmar(usuarios["cop"], {"foto", "tarea"})
    afirmar(admin_usuario, {"foto", "tarea", "proponer_cambio"})  # not «apartar»: the unit is taken
    services.apartado_liberar(actor=usuarios["cop"], apartado=apartado, motivo="Sin respuesta")
    services.unidad_retirar(actor=usuarios["cop"], unidad=unidad, motivo="Revisión")
    afirmar(usuarios["cop"], {"foto", "tarea", "reactivar"})
    afirmar(usuarios["gerente_ventas"], {"foto"})


def test_la_comision_ofrece_verificar_y_luego_pagar_al_cop(client, apartar, unidad, usuarios):
    cop = usuarios["cop"]
    crear_regla()
    operacion = validar(apartar(unidad), cop, usuarios["gerente_ventas"])
    linea = crear_lineas(marcar_cerrado(operacion, cop=cop, precio_final=Decimal("289900")), actor=cop)[0]
    url = reverse("operaciones:comision", args=[linea.pk])

    def afirmar(usuario, esperadas):
        html = pagina(client, usuario, url)
        assert afirmar_ofrece_lo_permitido(html, ACCIONES_COMISION, refrescar(linea), usuario) == esperadas

    afirmar(cop, {"verificar"})
    afirmar(usuarios["asesor"], set())
    client.force_login(cop)
    respuesta = client.post(reverse("operaciones:comision_accion", args=[linea.pk, "verificar"]))
    assert respuesta.status_code == 302 and refrescar(linea).estado == LineaComision.Estado.VERIFICADA
    afirmar(cop, {"pagar"})
    respuesta = client.post(reverse("operaciones:comision_accion", args=[linea.pk, "pagar"]), {"referencia": "SPEI 7"})
    contenido = respuesta.content.decode()
    assert (
        respuesta.status_code == 200
        and mensajes.COMISION_PAGO_INCOMPLETO in contenido
        and 'value="SPEI 7"' in contenido
    )
    assert refrescar(linea).estado == LineaComision.Estado.VERIFICADA


def test_la_pagina_del_cierre_ofrece_cerrar_solo_cuando_todo_se_cumple(
    client, apartar, unidad, usuarios, almacen_temporal
):
    cop = usuarios["cop"]
    operacion = validar(apartar(unidad, **SOLICITUD_DE_CONTADO), cop, usuarios["gerente_ventas"])
    url = reverse("operaciones:cierre", args=[operacion.pk])
    assert acciones_en_pagina(pagina(client, cop, url)) == set()
    assert not acciones.puede(refrescar(operacion), "cerrar", cop)
    preparar_cierre(operacion, cop)
    assert acciones_en_pagina(pagina(client, cop, url)) == {"cierre"}
    assert acciones.puede(refrescar(operacion), "cerrar", cop)


def test_mi_inventario_ofrece_retirar_solo_las_disponibles(client, unidad, apartar, usuarios, concesionario):
    otra = UnidadFactory(concesionario=concesionario)
    apartar(otra)
    html = pagina(client, usuarios["gerente_ventas"], reverse("operaciones:mi_inventario"))
    assert html.count('data-accion="retirar"') == 1
    assert f'action="{reverse("operaciones:retirar_unidad", args=[unidad.pk])}"' in html


# --- Refused forms come back with what was typed ---------------------------------------------------


def test_apartar_una_unidad_ya_apartada_vuelve_con_lo_escrito(client, unidad, apartar, usuarios):
    apartar(unidad)
    client.force_login(usuarios["otro_asesor"])
    datos = {
        "nombre": "Cliente Dos",
        "tipo_persona": "fisica",
        "forma_pago": "contado",
        "lugar_entrega": "concesionario_unidad",
        "canal": CanalLead.objects.get_or_create(nombre="WhatsApp")[0].pk,
    }
    respuesta = client.post(reverse("operaciones:apartar", args=[unidad.pk]), datos)
    contenido = respuesta.content.decode()
    assert respuesta.status_code == 200 and mensajes.UNIDAD_NO_DISPONIBLE in contenido
    assert 'value="Cliente Dos"' in contenido
    assert Apartado.objects.count() == 1


@pytest.mark.parametrize(
    ("accion", "datos", "mensaje", "escrito"),
    [
        ("liberar", {"motivo": ""}, mensajes.MOTIVO_REQUERIDO, None),
        (
            "cancelar",
            {"motivo": "otro", "detalle": " "},
            mensajes.DETALLE_OTRO_REQUERIDO,
            '<option value="otro" selected>',
        ),
        ("confirmar", {"confirmo": "Luis", "medio": ""}, "Este campo es obligatorio.", 'value="Luis"'),
    ],
)
def test_una_accion_con_formulario_invalido_vuelve_con_lo_escrito(
    client, apartado, cop, accion, datos, mensaje, escrito
):
    client.force_login(cop)
    respuesta = client.post(reverse(f"operaciones:{accion}", args=[apartado.pk]), datos)
    contenido = respuesta.content.decode()
    assert respuesta.status_code == 200 and mensaje in contenido
    assert escrito is None or escrito in contenido
    apartado = refrescar(apartado)
    assert apartado.estado == Apartado.Estado.PENDIENTE and not apartado.disponibilidad_confirmada


def test_una_accion_rechazada_dice_por_que_y_no_cambia_nada(client, apartado, cop):
    client.force_login(cop)
    respuesta = client.post(reverse("operaciones:validar", args=[apartado.pk]))
    assert respuesta.status_code == 200 and mensajes.SIN_CONFIRMACION in respuesta.content.decode()
    assert refrescar(apartado).estado == Apartado.Estado.PENDIENTE


def test_una_estrategia_invalida_vuelve_en_su_fila(client, gerente_ventas, concesionario):
    UnidadFactory(concesionario=concesionario, fecha_ingreso=timezone.localdate() - timedelta(days=61))
    services.unidades_alertar_antiguedad()
    alerta = concesionario.unidades.get().alertas.get()
    client.force_login(gerente_ventas)
    respuesta = client.post(
        reverse("operaciones:estrategia", args=[alerta.pk]), {"estrategia": "ajuste_precio", "detalle": "Bajar 5 %"}
    )
    contenido = respuesta.content.decode()
    assert respuesta.status_code == 200 and mensajes.PRECIO_REQUERIDO in contenido and "Bajar 5 %" in contenido
    assert refrescar(alerta).estrategia == ""
    afirmar_ids_unicos(contenido)


def test_cada_fila_tiene_su_formulario_con_sus_ids(client, gerente_ventas, concesionario):
    for _ in range(3):
        UnidadFactory(concesionario=concesionario, fecha_ingreso=timezone.localdate() - timedelta(days=61))
    services.unidades_alertar_antiguedad()
    client.force_login(gerente_ventas)
    contenido = client.get(reverse("operaciones:antiguedad")).content.decode()
    afirmar_ids_unicos(contenido)
    for unidad in concesionario.unidades.all():
        assert f'<label for="id_estrategia_{unidad.alertas.get().pk}_estrategia">' in contenido
    assert contenido.count('name="estrategia"') == 3  # the names the service reads are the same in every row


# --- Lists: django-filter with Spanish labels ---------------------------------------------------------


def test_cada_filtro_de_cada_lista_tiene_su_etiqueta():
    conjuntos = [
        clase
        for clase in vars(filters).values()
        if isinstance(clase, type)
        and issubclass(clase, django_filters.FilterSet)
        and clase.__module__ == filters.__name__
    ]
    assert len(conjuntos) == 5
    for clase in conjuntos:
        for nombre, declarado in clase.declared_filters.items():
            assert declarado._label, (clase.__name__, nombre)  # given, not derived from the field's name
        for nombre, campo in clase(queryset=clase._meta.model.objects.none()).form.fields.items():
            assert campo.label, (clase.__name__, nombre)


def test_las_listas_filtran_por_get(client, cop, apartar, unidad, concesionario):
    pendiente = apartar(unidad)
    liberado = apartar(UnidadFactory(concesionario=concesionario))
    services.apartado_liberar(actor=cop, apartado=liberado, motivo="x")
    client.force_login(cop)
    respuesta = client.get(reverse("operaciones:apartados"), {"estado": "liberado"})
    assert list(respuesta.context["pagina"]) == [liberado]
    assert pendiente not in client.get(reverse("operaciones:apartados"), {"estado": "liberado"}).context["pagina"]
    services.contacto_guardar(actor=cop, datos={"tipo": "gestor", "nombre": "Gestoría"})
    services.contacto_guardar(actor=cop, datos={"tipo": "ejecutivo_banco", "nombre": "Banco"})
    directorio = client.get(reverse("operaciones:directorio"), {"categoria": "proveedor"}).context["pagina"]
    assert [c.nombre for c in directorio] == ["Gestoría"]
    UnidadFactory(concesionario=concesionario, fecha_ingreso=timezone.localdate() - timedelta(days=95))
    services.unidades_alertar_antiguedad()
    alertas = client.get(reverse("operaciones:antiguedad"), {"umbral": 90}).context["pagina"]
    assert [a.umbral for a in alertas] == [90]
    assert acciones_en_pagina(client.get(reverse("operaciones:antiguedad")).content.decode()) == {"estrategia"}
    assert Unidad.objects.count() == 3
