"""Forms keep what the user typed: an invalid form, or a refusal of its service, shows the page again with
HTTP 200, the typed values and the errors, and changes nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from comercial.empresas import services
from comercial.empresas.meses import mes_anterior
from comercial.empresas.models import (
    ContactoEmpresa,
    Estado,
    InformeEjecutivo,
    InformeResponsable,
    Interaccion,
    LineaVenta,
    OrdenTrabajo,
    Venta,
    Visita,
)
from enlace.acciones import NO_DISPONIBLE

pytestmark = pytest.mark.django_db

OBLIGATORIO = "Este campo es obligatorio."


def url(nombre, *args):
    return reverse(f"comercial:empresas:{nombre}", args=args)


def enviar(client, usuario, direccion, datos):
    client.force_login(usuario)
    respuesta = client.post(direccion, datos)
    assert respuesta.status_code == 200, respuesta.status_code
    return respuesta.content.decode()


def sin_cambios(venta):
    return Venta.objects.filter(pk=venta.pk).values().get()


# --- The sale's page ---------------------------------------------------------------------------------


def test_paso_invalido_muestra_lo_escrito_y_el_error(client, equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.FACTIBLE)
    antes = sin_cambios(venta)
    datos = {"fecha": "no es fecha", "hora": "10:30", "persona": "Dra. Salinas", "ubicacion": "Av. Blanco Galindo"}
    html = enviar(client, equipo.ejecutivo, url("venta_accion", venta.pk, "programar_visita"), datos)
    assert "Dra. Salinas" in html and "Av. Blanco Galindo" in html and "Introduzca una fecha válida." in html
    assert sin_cambios(venta) == antes and not Visita.objects.exists()


def test_paso_rechazado_por_el_servicio_muestra_lo_escrito_y_el_motivo(client, equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.VISITADA)
    antes = sin_cambios(venta)
    html = enviar(client, equipo.ejecutivo, url("venta_accion", venta.pk, "enviar_oferta"), {"medio": "correo"})
    assert services.SIN_CORREO_OFERTA in html and '<option value="correo" selected>' in html
    assert sin_cambios(venta) == antes


def test_paso_rechazado_por_el_ejecutor_dice_por_que(client, equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.EN_VOBO)
    antes = sin_cambios(venta)
    html = enviar(
        client, equipo.ejecutivo, url("venta_accion", venta.pk, "aprobar_vobo"), {"observaciones": "Lo apruebo yo"}
    )
    assert "Su usuario no tiene permiso para «Dar el Vo.Bo.»." in html and "Lo apruebo yo" in html
    assert sin_cambios(venta) == antes


def test_condiciones_del_proyecto_invalidas(client, equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.PROYECTO)
    antes = sin_cambios(venta)
    datos = {"promociones": "3 meses al 50 %", "politica_tarifaria": "Corporativa", "velocidad_requerida_mbps": "mucha"}
    html = enviar(client, equipo.ejecutivo, url("venta_proyecto", venta.pk), datos)
    assert "3 meses al 50 %" in html and "Corporativa" in html and "Introduzca un número entero." in html
    assert sin_cambios(venta) == antes


def test_proyecto_fuera_de_preparacion_dice_por_que(client, equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.PERFIL)
    datos = {"promociones": "Navidad", "politica_tarifaria": "", "velocidad_requerida_mbps": "50"}
    html = enviar(client, equipo.ejecutivo, url("venta_proyecto", venta.pk), datos)
    assert services.NO_EDITABLE in html and "Navidad" in html
    assert Venta.objects.get(pk=venta.pk).promociones == ""


def test_linea_invalida(client, equipo, venta_a, avanzar, producto):
    venta = avanzar(venta_a, Estado.PROYECTO)
    datos = {"producto": producto.pk, "cantidad": "0", "promocion": "Instalación gratis"}
    html = enviar(client, equipo.ejecutivo, url("venta_linea", venta.pk), datos)
    assert "Instalación gratis" in html and "mayor o igual a 1" in html
    assert not LineaVenta.objects.exists()


def test_documento_sin_archivo(client, equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.ACEPTADA)
    html = enviar(client, equipo.ejecutivo, url("venta_documento", venta.pk), {"descripcion": "Poder notariado"})
    assert "Poder notariado" in html and OBLIGATORIO in html
    assert Venta.objects.get(pk=venta.pk).cantidad_documentos == 0


def test_documento_de_tipo_falso(client, equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.ACEPTADA)
    falso = SimpleUploadedFile("nit.pdf", b"MZ\x90\x00 ejecutable", content_type="application/pdf")
    html = enviar(
        client, equipo.ejecutivo, url("venta_documento", venta.pk), {"descripcion": "NIT falso", "archivo": falso}
    )
    assert "NIT falso" in html and "no corresponde a su extensión" in html
    assert not Venta.objects.get(pk=venta.pk).documentos.exists()


# --- The company's page and the company form ---------------------------------------------------------


def test_contacto_invalido(client, equipo, prospecto):
    datos = {"nombre": "Lic. Ana Rocha", "cargo": "Gerente", "correo": "no-es-correo"}
    html = enviar(client, equipo.ejecutivo, url("empresa_contacto", prospecto.pk), datos)
    assert "Lic. Ana Rocha" in html and "Introduzca una dirección de correo electrónico válida." in html
    assert "<details open>" in html
    assert not ContactoEmpresa.objects.exists()


def test_interaccion_sin_resultado(client, equipo, prospecto):
    datos = {"canal": "whatsapp", "resultado": ""}
    html = enviar(client, equipo.ejecutivo, url("empresa_interaccion", prospecto.pk), datos)
    assert '<option value="whatsapp" selected>' in html and OBLIGATORIO in html
    assert not Interaccion.objects.exists()


def test_asignar_a_quien_no_es_ejecutivo(client, equipo, prospecto):
    html = enviar(client, equipo.responsable, url("empresa_asignar", prospecto.pk), {"ejecutivo": equipo.gestor.pk})
    assert "Escoja una opción válida." in html
    prospecto.refresh_from_db()
    assert prospecto.ejecutivo == equipo.ejecutivo


def test_iniciar_venta_de_cartera_con_un_prospecto(client, equipo, prospecto):
    datos = {"flujo": "cartera", "informacion": "Pidió troncal SIP"}
    html = enviar(client, equipo.ejecutivo, url("venta_nueva", prospecto.pk), datos)
    assert services.EMPRESA_NO_ES_CLIENTE in html and "Pidió troncal SIP" in html
    assert not Venta.objects.exists()


# --- Work orders -------------------------------------------------------------------------------------


def test_cerrar_una_orden_ya_cerrada(client, equipo, venta_a, avanzar):
    orden = avanzar(venta_a, Estado.ORDENES).ordenes.get()
    services.orden_cerrar(actor=equipo.recursos, orden=orden, observaciones="Primero")
    html = enviar(client, equipo.recursos, url("orden_cerrar", orden.pk), {"observaciones": "Otra vez"})
    assert NO_DISPONIBLE.format(accion="Cerrar la orden de trabajo", estado="Cerrada") in html
    assert OrdenTrabajo.objects.get(pk=orden.pk).observaciones_cierre == "Primero"


# --- Reports and billing -----------------------------------------------------------------------------


def test_informe_del_ejecutivo_con_mes_invalido(client, equipo):
    datos = {"mes": "marzo", "comentario": "Buen mes de captaciones"}
    html = enviar(client, equipo.ejecutivo, url("informe_ejecutivo_emitir"), datos)
    assert "Buen mes de captaciones" in html and "Indique el mes como AAAA-MM." in html
    assert not InformeEjecutivo.objects.exists()


def test_informe_del_responsable_repetido(client, equipo):
    mes = mes_anterior(timezone.localdate().replace(day=1))
    services.informe_responsable_emitir(actor=equipo.responsable, organizacion=equipo.org, mes=mes, analisis="Uno")
    datos = {"mes": f"{mes:%Y-%m}", "analisis": "Segundo análisis del mes"}
    html = enviar(client, equipo.responsable, url("informe_responsable_emitir"), datos)
    assert services.INFORME_RESPONSABLE_EXISTE.format(mes=f"{mes:%m/%Y}") in html
    assert InformeResponsable.objects.get().analisis == "Uno"


def test_informe_del_responsable_de_un_mes_en_curso_se_rechaza(client, equipo):
    mes = timezone.localdate().replace(day=1)
    datos = {"mes": f"{mes:%Y-%m}", "analisis": "Demasiado pronto"}
    html = enviar(client, equipo.responsable, url("informe_responsable_emitir"), datos)
    assert services.INFORME_MES_EN_CURSO.format(mes=f"{mes:%m/%Y}") in html
    assert "Demasiado pronto" in html
    assert not InformeResponsable.objects.exists()


def test_analisis_vacio_del_informe(client, equipo):
    informe = services.informe_ejecutivo_emitir(actor=equipo.ejecutivo, mes=timezone.localdate())
    html = enviar(client, equipo.responsable, url("informe_ejecutivo", informe.pk), {"analisis": ""})
    assert OBLIGATORIO in html
    assert InformeEjecutivo.objects.get().analizado_en is None


def test_calcular_facturacion_con_mes_invalido(client, equipo):
    html = enviar(client, equipo.responsable, url("facturacion"), {"accion": "calcular", "mes": "2026-13"})
    assert 'value="2026-13"' in html and "Indique el mes como AAAA-MM." in html


def test_plan_invalido(client, equipo):
    datos = {"ejecutivo": equipo.ejecutivo.pk, "mes": "2026-03", "modalidad": "captacion", "indicaciones": "Foco salud"}
    html = enviar(client, equipo.responsable, url("planes"), {**datos, "meta_captaciones": "-1"})
    assert "Foco salud" in html and "mayor o igual a 0" in html
