# ruff: noqa: F811 - fixtures imported from tests.operaciones.fixtures_entrega
"""Pages of entrega and cierre: permissions (403 role, 404 other concesionario), uploads, query counts, survey."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from operaciones import mensajes, services
from operaciones.models import Apartado, Cliente, DocumentoOperacion, EncuestaCierre, Entrega, TareaProveedor
from tests.ayudas import afirmar_404_para
from tests.operaciones.factories import RedFactory
from tests.operaciones.fixtures_entrega import (  # noqa: F401
    almacen_temporal,
    archivos_guardados,
    operacion,
    operacion_lista,
    pdf,
    pendiente_de_contado,
    preparar_cierre,
)

pytestmark = pytest.mark.django_db


def mensajes_de(respuesta):
    return [str(m) for m in respuesta.context["messages"]]


def test_paginas_del_cop(client, cop, operacion):
    client.force_login(cop)
    for nombre in ("pago", "factura", "entrega", "tarea_nueva", "cierre", "apartado"):
        assert client.get(reverse(f"operaciones:{nombre}", args=[operacion.pk])).status_code == 200, nombre
    for nombre in ("tareas", "directorio", "contacto_nuevo"):
        assert client.get(reverse(f"operaciones:{nombre}")).status_code == 200, nombre
    assert client.get(reverse("operaciones:tarea_nueva_unidad", args=[operacion.unidad_id])).status_code == 200


def test_el_asesor_recibe_403_en_acciones_del_cop(client, asesor, operacion):
    client.force_login(asesor)
    for nombre in ("pago", "factura", "entrega", "tarea_nueva", "cierre"):
        assert client.get(reverse(f"operaciones:{nombre}", args=[operacion.pk])).status_code == 403, nombre
        assert client.post(reverse(f"operaciones:{nombre}", args=[operacion.pk])).status_code == 403, nombre
    for nombre in ("tareas", "directorio", "contacto_nuevo", "mis_tareas"):
        assert client.get(reverse(f"operaciones:{nombre}")).status_code == 403, nombre
    assert refrescar_estado(operacion) == Apartado.Estado.VALIDADO


def refrescar_estado(apartado):
    return Apartado.objects.values_list("estado", flat=True).get(pk=apartado.pk)


def test_documentos_solo_para_quien_ve_la_operacion(client, cop, asesor, gerente_ventas, gerente_otro, operacion):
    documento = services.documento_agregar(actor=asesor, apartado=operacion, tipo="identificacion", archivo=pdf())
    url = reverse("operaciones:documento", args=[operacion.pk, documento.pk])
    for usuario in (cop, asesor, gerente_ventas):
        client.force_login(usuario)
        respuesta = client.get(url)
        assert respuesta.status_code == 200 and b"".join(respuesta.streaming_content).startswith(b"%PDF")
        assert respuesta["Cache-Control"] == "private, no-store"
    afirmar_404_para(client, gerente_otro, url)
    afirmar_404_para(client, gerente_otro, reverse("operaciones:documento_subir", args=[operacion.pk]), metodo="post")
    afirmar_404_para(client, gerente_otro, reverse("operaciones:factura_archivo", args=[operacion.pk, "pdf"]))


def test_subida_desde_la_pagina(client, asesor, operacion, almacen_temporal):
    client.force_login(asesor)
    url = reverse("operaciones:documento_subir", args=[operacion.pk])
    malo = SimpleUploadedFile("ine.exe", b"MZ")
    respuesta = client.post(url, {"tipo": "comprobante_domicilio", "archivo": malo})
    contenido = respuesta.content.decode()
    # The apartado page again (200), the form as chosen and the reason next to it.
    assert respuesta.status_code == 200 and "no es de un tipo permitido" in contenido
    assert '<option value="comprobante_domicilio" selected>' in contenido
    assert not DocumentoOperacion.objects.exists() and archivos_guardados(almacen_temporal) == []
    respuesta = client.post(url, {"tipo": "identificacion", "archivo": pdf()}, follow=True)
    assert mensajes.OK_DOCUMENTO in mensajes_de(respuesta)
    assert "✓ Identificación oficial" in respuesta.content.decode()


def test_programar_entrega_desde_la_pagina(client, cop, operacion):
    client.force_login(cop)
    url = reverse("operaciones:entrega", args=[operacion.pk])
    assert "lugar" not in client.get(url).context["form"].fields  # the place is the operación's
    pasada = (timezone.localtime() - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    respuesta = client.post(url, {"fecha_programada": pasada, "notas": "Tocar"})
    contenido = respuesta.content.decode()
    assert respuesta.status_code == 200 and mensajes.ENTREGA_FECHA_PASADA in contenido
    assert ">\nTocar</textarea>" in contenido
    assert not Entrega.objects.exists()
    cuando = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    respuesta = client.post(url, {"fecha_programada": cuando}, follow=True)
    assert mensajes.OK_ENTREGA in mensajes_de(respuesta)


def test_tablero_de_tareas_con_vencidas_y_consultas_constantes(
    client, cop, operacion, django_assert_num_queries, crear_usuario, concesionario
):
    def crear(n, dias):
        for _ in range(n):
            services.tarea_crear(
                actor=cop,
                apartado=operacion,
                tipo="placas",
                fecha_compromiso=timezone.localdate() + timedelta(days=dias),
            )

    crear(1, -1)
    client.force_login(cop)
    client.get(reverse("operaciones:tareas"))  # warm the session
    with django_assert_num_queries(6) as consultas:  # + the menu's 4 counters in one query, + the seguro's own actions
        respuesta = client.get(reverse("operaciones:tareas"))
    assert respuesta.content.decode().count('data-vencida="1"') == 1
    crear(5, 3)
    with django_assert_num_queries(len(consultas.captured_queries)):
        respuesta = client.get(reverse("operaciones:tareas"))
    assert len(respuesta.context["pagina"]) == 7  # and the seguro of the purchase

    webmaster = crear_usuario("webmaster", organizacion=concesionario)
    services.tarea_crear(actor=cop, unidad=operacion.unidad, tipo="fotos_videos", fecha_compromiso=date(2026, 3, 1))
    client.force_login(webmaster)
    respuesta = client.get(reverse("operaciones:mis_tareas"))
    assert [t.tipo for t in respuesta.context["pagina"]] == ["fotos_videos"]
    tarea = TareaProveedor.objects.get(tipo="fotos_videos")
    respuesta = client.post(reverse("operaciones:tarea_accion", args=[tarea.pk, "completar"]), follow=True)
    assert mensajes.OK_TAREA_COMPLETADA in mensajes_de(respuesta)
    otra = TareaProveedor.objects.filter(tipo="placas").first()
    respuesta = client.post(reverse("operaciones:tarea_accion", args=[otra.pk, "completar"]), follow=True)
    assert mensajes.TAREA_NO_PERMITIDA in mensajes_de(respuesta)


def test_directorio_filtra_por_categoria_con_consultas_constantes(client, cop, django_assert_num_queries):
    def crear(n):
        for i in range(n):
            services.contacto_guardar(actor=cop, datos={"tipo": "gestor", "nombre": f"Gestor {i}"})
            services.contacto_guardar(actor=cop, datos={"tipo": "ejecutivo_banco", "nombre": f"Banco {i}"})

    crear(1)
    client.force_login(cop)
    url = reverse("operaciones:directorio") + "?categoria=proveedor"
    client.get(url)
    with django_assert_num_queries(5) as consultas:  # + the menu's 4 counters, in one query
        respuesta = client.get(url)
    assert [c.tipo for c in respuesta.context["pagina"]] == ["gestor"]
    assert "Coordina la gestión de documentos para agilizar la entrega de unidades." in respuesta.content.decode()
    crear(4)
    with django_assert_num_queries(len(consultas.captured_queries)):
        respuesta = client.get(url)
    assert len(respuesta.context["pagina"]) == 5
    respuesta = client.post(
        reverse("operaciones:contacto_nuevo"), {"tipo": "aseguradora", "nombre": "Ana"}, follow=True
    )
    assert mensajes.OK_CONTACTO in mensajes_de(respuesta)


# --- Cierre ---------------------------------------------------------------------------------


def test_pagina_de_cierre_muestra_lo_que_falta_y_no_cierra(client, cop, operacion):
    preparar_cierre(operacion, cop, sin=["factura"])
    client.force_login(cop)
    url = reverse("operaciones:cierre", args=[operacion.pk])
    contenido = client.get(url).content.decode()
    assert "✗ Factura registrada" in contenido and "✓ Pago confirmado" in contenido
    assert "Activar Cierre de Operación" not in contenido
    respuesta = client.post(url)
    assert respuesta.status_code == 200
    assert "No se puede cerrar la operación; falta:" in respuesta.content.decode()
    assert respuesta.context["faltantes"] == [mensajes.CIERRE_SIN_FACTURA]
    assert refrescar_estado(operacion) == Apartado.Estado.VALIDADO


def test_pagina_de_cierre_avisa_sin_correo_y_cierra(client, cop, operacion_lista):
    Cliente.objects.filter(pk=operacion_lista.cliente_id).update(correo="")
    client.force_login(cop)
    url = reverse("operaciones:cierre", args=[operacion_lista.pk])
    contenido = client.get(url).content.decode()
    assert mensajes.CIERRE_SIN_CORREO_CLIENTE in contenido and "Activar Cierre de Operación" in contenido
    respuesta = client.post(url, follow=True)
    assert mensajes.OK_CIERRE in mensajes_de(respuesta)
    assert refrescar_estado(operacion_lista) == Apartado.Estado.CERRADO


def test_encuesta_publica(client, cop, operacion_lista):
    services.operacion_cerrar(actor=cop, apartado=operacion_lista)
    encuesta = EncuestaCierre.objects.get()
    url = reverse("operaciones:encuesta", args=[encuesta.token])
    respuesta = client.get(url)
    contenido = respuesta.content.decode()
    assert respuesta.status_code == 200 and "Encuesta de satisfacción" in contenido
    cliente = operacion_lista.cliente
    for dato in (cliente.nombre, cliente.correo, operacion_lista.asesor.email, operacion_lista.unidad.vin, "289,900"):
        assert dato not in contenido
    respuesta = client.post(url, {"calificacion": "9"})
    assert mensajes.ENCUESTA_CALIFICACION_INVALIDA in respuesta.content.decode()
    assert not EncuestaCierre.objects.get().respondida
    respuesta = client.post(url, {"calificacion": "4", "comentario": "Muy bien"})
    assert mensajes.OK_ENCUESTA in respuesta.content.decode()
    respuesta = client.post(url, {"calificacion": "1", "comentario": "otra"})
    assert mensajes.ENCUESTA_YA_RESPONDIDA in respuesta.content.decode()
    assert (EncuestaCierre.objects.get().calificacion, EncuestaCierre.objects.get().comentario) == (4, "Muy bien")
    assert client.get(reverse("operaciones:encuesta", args=["no-existe"])).status_code == 404

    client.force_login(cop)
    contenido = client.get(reverse("operaciones:apartado", args=[operacion_lista.pk])).content.decode()
    assert 'data-calificacion="4"' in contenido and "Muy bien" in contenido


def test_el_cop_de_otra_red_recibe_404_al_pedir_fotos_de_una_unidad_ajena(client, crear_usuario, unidad):
    cop_ajeno = crear_usuario("cop", organizacion=RedFactory(nombre="Otra Red", slug="otra-red"))
    client.force_login(cop_ajeno)
    url = reverse("operaciones:tarea_nueva_unidad", args=[unidad.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"descripcion": "Fotos"}).status_code == 404
    assert not TareaProveedor.objects.exists()
