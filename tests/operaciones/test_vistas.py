"""Pages: smoke per role, permissions (403 for other roles, 404 for another concesionario) and query counts."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from enlace.models import Evento
from operaciones import eventos, mensajes, services
from operaciones.models import Apartado, CanalLead, Unidad
from tests.ayudas import afirmar_404_para
from tests.operaciones.factories import ApartadoFactory, UnidadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def usuarios(cop, asesor, gerente_ventas, crear_usuario, concesionario):
    return {
        "cop": cop,
        "asesor": asesor,
        "gerente_ventas": gerente_ventas,
        **{
            rol: crear_usuario(rol, organizacion=concesionario)
            for rol in ("gerente_general", "gerente_financiera", "webmaster")
        },
    }


def test_cada_rol_llega_a_su_pagina_y_las_paginas_se_renderizan(client, usuarios, apartado_confirmado, unidad):
    client.force_login(usuarios["cop"])
    assert client.get(reverse("operaciones:inicio")).url == reverse("operaciones:bandeja")
    for rol in ("asesor", "gerente_general", "gerente_ventas", "gerente_financiera", "webmaster"):
        client.force_login(usuarios[rol])
        assert client.get(reverse("operaciones:inicio")).status_code == 200, rol
    paginas = {
        "cop": ["bandeja", "red", "inventario", "apartados", "mi_inventario", "antiguedad"],
        "asesor": ["inventario", "apartados"],
        "gerente_ventas": ["inventario", "apartados", "mi_inventario", "antiguedad"],
        "gerente_general": ["mi_inventario", "antiguedad"],
        "gerente_financiera": ["apartados"],
        "webmaster": ["inventario"],
    }
    for rol, nombres in paginas.items():
        client.force_login(usuarios[rol])
        for nombre in nombres:
            assert client.get(reverse(f"operaciones:{nombre}")).status_code == 200, (rol, nombre)
        assert client.get(reverse("operaciones:unidad", args=[unidad.pk])).status_code == 200
    for rol in ("cop", "gerente_ventas", "asesor"):
        client.force_login(usuarios[rol])
        assert client.get(reverse("operaciones:apartado", args=[apartado_confirmado.pk])).status_code == 200
    client.force_login(usuarios["cop"])
    for nombre in ("validar", "liberar", "cancelar"):
        assert client.get(reverse(f"operaciones:{nombre}", args=[apartado_confirmado.pk])).status_code == 200
    assert client.get(reverse("operaciones:historial_unidad", args=[unidad.pk])).status_code == 200
    client.force_login(usuarios["asesor"])
    assert client.get(reverse("operaciones:apartar", args=[unidad.pk])).status_code == 200


@pytest.mark.parametrize("rol", ["agente", "ejecutivo_empresas", "asesor_comercial", "director"])
def test_roles_de_otras_apps_reciben_403(client, crear_usuario, rol, apartado, unidad):
    client.force_login(crear_usuario(rol))
    for url in (
        reverse("operaciones:inicio"),
        reverse("operaciones:inventario"),
        reverse("operaciones:unidad", args=[unidad.pk]),
        reverse("operaciones:apartado", args=[apartado.pk]),
        reverse("operaciones:bandeja"),
        reverse("operaciones:mi_inventario"),
    ):
        assert client.get(url).status_code == 403, url


def test_asesor_no_valida_ni_libera_ni_cancela(client, asesor, apartado_confirmado):
    client.force_login(asesor)
    for nombre in ("validar", "liberar", "cancelar"):
        respuesta = client.post(reverse(f"operaciones:{nombre}", args=[apartado_confirmado.pk]), {"motivo": "x"})
        assert respuesta.status_code == 403
    assert Apartado.objects.get(pk=apartado_confirmado.pk).estado == Apartado.Estado.PENDIENTE


def test_concesionario_ve_solo_apartados_de_sus_unidades(client, gerente_ventas, gerente_otro, apartado, otro_asesor):
    ajeno = ApartadoFactory(unidad__concesionario=gerente_otro.organizacion)
    client.force_login(gerente_ventas)
    lista = client.get(reverse("operaciones:apartados")).content.decode()
    assert apartado.unidad.vin in lista and ajeno.unidad.vin not in lista
    afirmar_404_para(client, gerente_ventas, reverse("operaciones:apartado", args=[ajeno.pk]))
    afirmar_404_para(client, gerente_ventas, reverse("operaciones:confirmar", args=[ajeno.pk]), metodo="post")
    afirmar_404_para(client, gerente_ventas, reverse("operaciones:historial_unidad", args=[ajeno.unidad.pk]))
    afirmar_404_para(client, gerente_otro, reverse("operaciones:apartado", args=[apartado.pk]))
    # An asesor sees only their own apartados.
    afirmar_404_para(client, otro_asesor, reverse("operaciones:apartado", args=[apartado.pk]))


def test_toda_la_red_ve_la_unidad_apartada_pero_no_los_datos_del_cliente(client, apartado, otro_asesor, unidad):
    client.force_login(otro_asesor)
    busqueda = client.get(reverse("operaciones:inventario")).content.decode()
    assert unidad.vin in busqueda and 'data-estado="apartada"' in busqueda
    detalle = client.get(reverse("operaciones:unidad", args=[unidad.pk])).content.decode()
    assert apartado.cliente.nombre not in detalle
    assert "no está disponible para apartar" in detalle


def test_flujo_completo_por_las_paginas(client, asesor, cop, gerente_ventas, unidad, otro_asesor):
    client.force_login(asesor)
    datos = {
        "nombre": "Cliente Uno",
        "tipo_persona": "fisica",
        "forma_pago": "contado",
        "lugar_entrega": "concesionario_unidad",
        "canal": CanalLead.objects.get_or_create(nombre="WhatsApp")[0].pk,
        "descuento_solicitado": "0",
    }
    respuesta = client.post(reverse("operaciones:apartar", args=[unidad.pk]), {**datos, "forma_pago": "financiado"})
    assert mensajes.FINANCIERA_REQUERIDA in respuesta.content.decode()
    assert not Apartado.objects.exists()
    respuesta = client.post(reverse("operaciones:apartar", args=[unidad.pk]), datos, follow=True)
    apartado = Apartado.objects.get()
    assert "Unidad apartada" in respuesta.content.decode()
    client.force_login(cop)
    respuesta = client.post(reverse("operaciones:validar", args=[apartado.pk]), follow=True)
    assert mensajes.SIN_CONFIRMACION in respuesta.content.decode()
    client.force_login(gerente_ventas)
    client.post(reverse("operaciones:confirmar", args=[apartado.pk]))
    client.force_login(cop)
    respuesta = client.post(reverse("operaciones:validar", args=[apartado.pk]), follow=True)
    assert mensajes.OK_VALIDADO in respuesta.content.decode()
    assert Unidad.objects.get(pk=unidad.pk).estado == Unidad.Estado.VALIDADA
    respuesta = client.post(reverse("operaciones:liberar", args=[apartado.pk]), {"motivo": ""})
    assert mensajes.MOTIVO_REQUERIDO in respuesta.content.decode()
    respuesta = client.post(reverse("operaciones:cancelar", args=[apartado.pk]), {"motivo": "otro"})
    assert mensajes.DETALLE_OTRO_REQUERIDO in respuesta.content.decode()
    assert Apartado.objects.get().estado == Apartado.Estado.VALIDADO
    client.force_login(otro_asesor)
    respuesta = client.post(reverse("operaciones:apartar", args=[unidad.pk]), datos, follow=True)
    assert mensajes.UNIDAD_NO_DISPONIBLE in respuesta.content.decode()


def test_inventario_filtra(client, asesor, concesionario, otro_concesionario):
    UnidadFactory(concesionario=concesionario, marca="Mazda", modelo="CX-5", anio=2019, precio=400_000, ciudad="León")
    UnidadFactory(concesionario=otro_concesionario, marca="Kia", modelo="Rio", anio=2022, precio=250_000)
    client.force_login(asesor)
    url = reverse("operaciones:inventario")
    assert "CX-5" in client.get(url, {"marca": "maz"}).content.decode()
    assert "CX-5" not in client.get(url, {"precio_max": "300000"}).content.decode()
    assert "Rio" in client.get(url, {"anio_desde": "2020", "concesionario": otro_concesionario.pk}).content.decode()
    assert "CX-5" in client.get(url, {"ciudad": "león"}).content.decode()
    assert "CX-5" not in client.get(url, {"dias_min": "10"}).content.decode()
    parcial = client.get(url, {"marca": "kia"}, headers={"HX-Request": "true"}).content.decode()
    assert "Rio" in parcial and "<html" not in parcial


# session, user, the layout (role, bell, the 4 menu counters in one query), 9 sections, marker, retiros;
CONSULTAS_BANDEJA = 15
# the KPI tiles come from the cache after the first visit (ENLACE_KPIS_CACHE_S)


def _crear_pendientes(concesionario, n):
    for _ in range(n):
        ApartadoFactory(unidad__concesionario=concesionario)


def test_consultas_de_la_bandeja_no_crecen(client, cop, concesionario, django_assert_num_queries):
    client.force_login(cop)
    url = reverse("operaciones:bandeja")
    _crear_pendientes(concesionario, 2)
    client.get(url)
    # one query per section (rows and bounded total together), the change marker, retiros en revisión
    with django_assert_num_queries(CONSULTAS_BANDEJA):
        assert client.get(url).status_code == 200
    _crear_pendientes(concesionario, 8)
    with django_assert_num_queries(CONSULTAS_BANDEJA):
        respuesta = client.get(url)
    validaciones = respuesta.content.decode().split('id="validaciones"')[1].split("</section>")[0]
    assert 'data-total="10"' in validaciones and validaciones.count("<li") == 5


def test_bandeja_marca_lo_que_vence_en_menos_de_6h_y_lo_pone_primero(client, cop, concesionario):
    from django.utils import timezone

    ahora = timezone.now()
    holgado = ApartadoFactory(unidad__concesionario=concesionario)
    media_hora = ApartadoFactory(
        unidad__concesionario=concesionario,
        creado=ahora - timedelta(hours=23, minutes=30),
        vence=ahora + timedelta(minutes=30),
    )
    cinco_horas = ApartadoFactory(
        unidad__concesionario=concesionario, creado=ahora - timedelta(hours=19), vence=ahora + timedelta(hours=5)
    )
    client.force_login(cop)
    html = client.get(reverse("operaciones:bandeja")).content.decode()
    validaciones = html.split('id="validaciones"')[1].split("</section>")[0]
    filas = re.findall(r'<li( class="op-urgente")?><a href="/operaciones/apartados/(\d+)/"', validaciones)
    assert filas == [
        (' class="op-urgente"', str(media_hora.pk)),
        (' class="op-urgente"', str(cinco_horas.pk)),
        ("", str(holgado.pk)),
    ]


def test_consultas_de_la_busqueda_no_crecen(client, asesor, concesionario, django_assert_num_queries):
    client.force_login(asesor)
    url = reverse("operaciones:inventario")
    for _ in range(3):
        UnidadFactory(concesionario=concesionario)
    client.get(url)
    with django_assert_num_queries(9):  # + 1 menu counter
        client.get(url, {"marca": "Nis"})
    for _ in range(20):
        UnidadFactory(concesionario=concesionario)
    with django_assert_num_queries(9):  # + 1 menu counter
        client.get(url, {"marca": "Nis"})


def test_consultas_de_la_linea_de_tiempo_no_crecen(client, cop, unidad, apartar, django_assert_num_queries):
    client.force_login(cop)
    url = reverse("operaciones:historial_unidad", args=[unidad.pk])
    primero = apartar(unidad)
    services.apartado_liberar(actor=cop, apartado=primero, motivo="x")
    client.get(url)
    with django_assert_num_queries(9):  # + the menu's 4 counters, in one query
        client.get(url)
    for _ in range(3):
        otro = apartar(unidad)
        services.apartado_cancelar(actor=cop, apartado=otro, motivo="cliente_desiste")
    with django_assert_num_queries(9):  # + the menu's 4 counters, in one query
        html = client.get(url).content.decode()
    assert html.count("<tr>") > 8
    assert Evento.objects.filter(tipo=eventos.DETONANTE_CANCELACION).count() == 3


def test_fotos_privadas_se_suben_y_se_sirven_por_la_vista(client, gerente_ventas, unidad, asesor, crear_usuario):
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 100
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(asesor)
    respuesta = client.post(
        reverse("operaciones:subir_foto", args=[unidad.pk]), {"archivo": SimpleUploadedFile("a.png", png)}, follow=True
    )
    assert mensajes.NO_FOTO in respuesta.content.decode()
    client.force_login(gerente_ventas)
    respuesta = client.post(
        reverse("operaciones:subir_foto", args=[unidad.pk]),
        {"archivo": SimpleUploadedFile("malo.png", b"texto")},
        follow=True,
    )
    assert "no corresponde a su extensión" in respuesta.content.decode()
    client.post(reverse("operaciones:subir_foto", args=[unidad.pk]), {"archivo": SimpleUploadedFile("a.png", png)})
    foto = unidad.fotos.get()
    client.force_login(asesor)
    respuesta = client.get(reverse("operaciones:foto", args=[unidad.pk, foto.pk]))
    assert respuesta.status_code == 200 and b"".join(respuesta.streaming_content) == png
    client.force_login(crear_usuario("agente"))
    assert client.get(reverse("operaciones:foto", args=[unidad.pk, foto.pk])).status_code == 403


def test_pagina_de_antiguedad_registra_estrategia(client, gerente_ventas, concesionario):
    from django.utils import timezone

    UnidadFactory(concesionario=concesionario, fecha_ingreso=timezone.localdate() - timedelta(days=61))
    services.unidades_alertar_antiguedad()
    alerta = concesionario.unidades.get().alertas.get()
    client.force_login(gerente_ventas)
    assert "61" in client.get(reverse("operaciones:antiguedad")).content.decode()
    respuesta = client.post(
        reverse("operaciones:estrategia", args=[alerta.pk]), {"estrategia": "ajuste_precio"}, follow=True
    )
    assert mensajes.PRECIO_REQUERIDO in respuesta.content.decode()
    client.post(reverse("operaciones:estrategia", args=[alerta.pk]), {"estrategia": "promocion_red", "detalle": "Bono"})
    alerta.refresh_from_db()
    assert alerta.estrategia == "promocion_red"


def test_admin_de_cada_modelo_y_boton_de_transicion(client, admin_usuario, apartado_confirmado):
    client.force_login(admin_usuario)
    for modelo in ("unidad", "apartado", "cliente", "fotounidad", "alertaantiguedad"):
        assert client.get(reverse(f"admin:operaciones_{modelo}_changelist")).status_code == 200
    url = reverse("admin:operaciones_apartado_change", args=[apartado_confirmado.pk])
    html = client.get(url).content.decode()
    assert client.get(reverse("admin:operaciones_apartado_history", args=[apartado_confirmado.pk])).status_code == 200
    transicion = reverse("admin:operaciones_apartado_accion", args=[apartado_confirmado.pk, "liberar"])
    assert f'href="{transicion}" data-transicion' in html
    assert reverse("admin:operaciones_apartado_accion", args=[apartado_confirmado.pk, "validar"]) in html
    # A transition with a form (the reason) goes through the service: same guard, event and notifications.
    assert client.get(transicion).status_code == 200
    respuesta = client.post(transicion, {"motivo": ""})
    assert respuesta.status_code == 200 and mensajes.MOTIVO_REQUERIDO in respuesta.content.decode()
    client.post(transicion, {"motivo": "Liberado desde el admin"})
    assert Apartado.objects.get(pk=apartado_confirmado.pk).estado == Apartado.Estado.LIBERADO
    evento = Evento.objects.get(tipo=eventos.DETONANTE_UNIDAD_DISPONIBLE)
    assert evento.actor == admin_usuario and evento.datos["motivo"] == "Liberado desde el admin"
    html = client.get(url).content.decode()
    assert "data-transicion" not in html  # nothing left to offer on a released apartado
