"""Billing (computed and imported), the monthly reports, their emails and the PDFs' content."""

import io
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from comercial.empresas import services
from comercial.empresas.meses import mes_anterior, mes_siguiente
from comercial.empresas.models import Estado, FacturacionMensual, InformeResponsable, PlanMensual
from comercial.empresas.services import ErrorEmpresas
from enlace.acciones import AccionRechazada
from enlace.models import CorreoSaliente
from tests.comercial.empresas.factories import EmpresaFactory

pytestmark = pytest.mark.django_db


def texto_pdf(respuesta):
    assert respuesta.status_code == 200, respuesta.status_code
    assert respuesta["Content-Type"] == "application/pdf"
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(respuesta.content)).pages)


def csv(texto, nombre="facturacion.csv"):
    return SimpleUploadedFile(nombre, texto.encode("utf-8"), content_type="text/csv")


def test_importar_csv_todo_o_nada_con_errores_por_fila(equipo):
    a = EmpresaFactory(organizacion=equipo.org, nit="1000000001")
    EmpresaFactory(organizacion=equipo.org, nit="1000000002")
    malo = (
        "nit;mes;monto\n1000000001;2026-02;1500,50\n9999999999;2026-02;10\n"
        "1000000002;febrero;-3\n1000000001;2026-02;7\n"
    )
    with pytest.raises(ErrorEmpresas) as error:
        services.facturacion_importar(actor=equipo.responsable, organizacion=equipo.org, archivo=csv(malo))
    mensaje = error.value.mensaje
    assert mensaje.startswith("No se importó nada.")
    assert "Fila 3: no existe una empresa con NIT 9999999999." in mensaje
    assert "Fila 4: el mes «febrero» no tiene el formato AAAA-MM." in mensaje
    assert "Fila 4: el monto «-3» no es un número positivo" in mensaje
    assert "Fila 5: la empresa 1000000001 ya aparece para 2026-02 en la fila 2." in mensaje
    assert not FacturacionMensual.objects.exists()
    bueno = "nit,mes,monto\n1000000001,2026-02,1500.50\n1000000002,2026-02,800\n1000000001,2026-01,1400\n"
    assert services.facturacion_importar(actor=equipo.responsable, organizacion=equipo.org, archivo=csv(bueno)) == 3
    assert FacturacionMensual.objects.get(empresa=a, mes="2026-02-01").monto == Decimal("1500.50")


@pytest.mark.parametrize("monto", ["1e309", "NaN", "inf", "-Infinity", "1000000000000", "1e12", "0.001"])
def test_importar_csv_rechaza_montos_absurdos_con_mensaje_en_la_pagina(client, equipo, monto):
    EmpresaFactory(organizacion=equipo.org, nit="1000000001")
    client.force_login(equipo.responsable)
    archivo = csv(f"nit,mes,monto\n1000000001,2026-02,{monto}\n")
    respuesta = client.post(reverse("comercial:empresas:facturacion"), {"accion": "importar", "archivo": archivo})
    assert respuesta.status_code == 200
    assert f"Fila 2: el monto «{monto}» no es un número positivo" in respuesta.content.decode()
    assert not FacturacionMensual.objects.exists()


def test_importar_csv_sin_columnas_o_binario(equipo):
    with pytest.raises(ErrorEmpresas, match=re.escape("faltan: monto")):
        services.facturacion_importar(actor=equipo.responsable, organizacion=equipo.org, archivo=csv("nit,mes\n1,2\n"))
    with pytest.raises(ErrorEmpresas, match="no corresponde a su extensión"):
        services.facturacion_importar(
            actor=equipo.responsable,
            organizacion=equipo.org,
            archivo=SimpleUploadedFile("x.csv", b"\x00\x01binario", content_type="text/csv"),
        )


def test_facturacion_calculada_de_las_ventas_digitadas(equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.DIGITADA)
    mes = timezone.localdate().replace(day=1)
    assert services.facturacion_calcular(actor=equipo.responsable, organizacion=equipo.org, mes=mes) == 1
    fila = FacturacionMensual.objects.get(empresa=venta.empresa, mes=mes)
    assert fila.monto == Decimal("1550.00")  # 1.200 monthly + 350 installation in the month typed
    assert fila.origen == FacturacionMensual.Origen.VENTAS
    services.facturacion_calcular(actor=equipo.responsable, organizacion=equipo.org, mes=mes)
    assert FacturacionMensual.objects.count() == 1  # idempotent
    # an imported row wins over the computed one
    FacturacionMensual.objects.filter(pk=fila.pk).update(monto=Decimal("999"), origen="importacion")
    services.facturacion_calcular(actor=equipo.responsable, organizacion=equipo.org, mes=mes)
    assert FacturacionMensual.objects.get(pk=fila.pk).monto == Decimal("999")


@pytest.fixture
def mes_con_ventas(equipo, venta_a, venta_b, avanzar):
    avanzar(venta_a, Estado.COMPLETADA)
    avanzar(venta_b, Estado.COMPLETADA)
    mes = timezone.localdate().replace(day=1)
    services.plan_guardar(
        actor=equipo.responsable,
        organizacion=equipo.org,
        ejecutivo=equipo.ejecutivo,
        mes=mes,
        modalidad=PlanMensual.Modalidad.CAPTACION,
        metas={"meta_captaciones": 4, "meta_ventas_cartera": 2, "meta_facturacion": Decimal("5000")},
    )
    anterior = mes_anterior(mes)
    FacturacionMensual.objects.create(
        organizacion=equipo.org, empresa=venta_b.empresa, mes=anterior, monto=Decimal("2000"), origen="importacion"
    )
    return mes


def test_informe_del_ejecutivo_contra_metas_y_pdf(client, equipo, mes_con_ventas):
    informe = services.informe_ejecutivo_emitir(actor=equipo.ejecutivo, mes=mes_con_ventas, comentario="Buen mes")
    assert (informe.captaciones, informe.meta_captaciones) == (1, 4)
    assert (informe.ventas_cartera, informe.meta_ventas_cartera) == (1, 2)
    assert informe.facturacion_nueva == Decimal("2400.00")
    assert informe.interacciones >= 6
    assert CorreoSaliente.objects.filter(para=equipo.responsable.email, asunto__startswith="Informe mensual").exists()
    client.force_login(equipo.ejecutivo)
    texto = texto_pdf(client.get(reverse("comercial:empresas:informe_ejecutivo_pdf", args=[informe.pk])))
    assert "INFORME DE EJECUTIVO EQUIPO EMPRESAS" in texto
    assert "Clientes nuevos captados 1 4" in texto
    assert "Ventas nuevas de cartera de clientes 1 2" in texto
    assert "Bs 2.400,00" in texto and "Buen mes" in texto
    services.informe_ejecutivo_analizar(actor=equipo.responsable, informe=informe, analisis="Reforzar captaciones")
    with pytest.raises(AccionRechazada, match=services.INFORME_YA_ANALIZADO):
        services.informe_ejecutivo_analizar(actor=equipo.responsable, informe=informe, analisis="otra vez")


def test_informe_del_responsable_a_gestion_territorios(
    client, equipo, mes_con_ventas, django_capture_on_commit_callbacks, time_machine
):
    # The report is emitted once the month closed (a month in progress is not judged).
    time_machine.move_to(datetime.combine(mes_siguiente(mes_con_ventas), datetime.min.time()) + timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=False):
        informe = services.informe_responsable_emitir(
            actor=equipo.responsable, organizacion=equipo.org, mes=mes_con_ventas, analisis="Crecimiento por cartera."
        )
    # this month: 1.200+350 (A) and 1.200+350 (B) computed from the sales; previous month: 2.000 imported
    assert informe.facturacion_mes == Decimal("3100.00") and informe.facturacion_anterior == Decimal("2000.00")
    assert informe.variacion_pct == Decimal("55.00") and informe.banda == "aprobado"
    assert (informe.captaciones, informe.ventas_cartera) == (1, 1)
    correo = CorreoSaliente.objects.get(para=equipo.territorios.email)
    assert "Informe mensual Ventas Equipo Empresas" in correo.asunto
    assert "55,00 % (Aprobado)" in correo.cuerpo_texto
    with pytest.raises(ErrorEmpresas, match="ya fue emitido"):
        services.informe_responsable_emitir(
            actor=equipo.responsable, organizacion=equipo.org, mes=mes_con_ventas, analisis="x"
        )
    client.force_login(equipo.territorios)
    texto = texto_pdf(client.get(reverse("comercial:empresas:informe_responsable_pdf", args=[informe.pk])))
    assert "Div. Gestión Integral Territorios" in texto
    assert "Bs 3.100,00" in texto and "Bs 2.000,00" in texto
    assert "VARIACIÓN 55,00 % Resultado: Aprobado" in texto
    assert "Sin banda definida (5–10 %)" in texto  # the definition lists the undefined band
    assert "Crecimiento por cartera." in texto
    assert InformeResponsable.objects.count() == 1


def test_pdf_oferta_y_solicitud_de_pedido(client, equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.VERIFICADA)
    client.force_login(equipo.ejecutivo)
    texto = texto_pdf(client.get(reverse("comercial:empresas:oferta_pdf", args=[venta.pk])))
    assert "OFERTA COMERCIAL" in texto and venta.codigo in texto
    assert venta.empresa.razon_social in texto and f"NIT {venta.empresa.nit}" in texto
    assert "Bs 350,00" in texto and "Bs 1.200,00" in texto  # installation and monthly rate
    client.force_login(equipo.gestor)
    respuesta = client.get(reverse("comercial:empresas:solicitud_pdf", args=[venta.pk]))
    assert respuesta.status_code == 302  # not typed yet
    venta = avanzar(venta, Estado.DIGITADA)
    texto = texto_pdf(client.get(reverse("comercial:empresas:solicitud_pdf", args=[venta.pk])))
    assert "SOLICITUD DE PEDIDO" in texto and "SF-1001" in texto
    assert venta.empresa.nit in texto and "Bs 1.200,00" in texto


def test_pdf_cronograma_de_visitas_anexo_1(client, equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.VISITA_PROGRAMADA)
    visita = venta.visitas.get()
    client.force_login(equipo.ejecutivo)
    texto = texto_pdf(client.get(reverse("comercial:empresas:cronograma_pdf") + f"?mes={visita.fecha:%Y-%m}"))
    assert "CRONOGRAMA DE VISITAS A EMPRESAS" in texto
    assert f"Nombre de Ejecutivo Equipo Venta Empresas: {equipo.ejecutivo}" in texto
    assert f"{visita.fecha:%d/%m/%Y} 10:30 {venta.empresa.razon_social} Lic. Rocha Av. América 100" in texto
    client.force_login(equipo.ejecutivo2)
    texto = texto_pdf(client.get(reverse("comercial:empresas:cronograma_pdf") + f"?mes={visita.fecha:%Y-%m}"))
    assert venta.empresa.razon_social not in texto  # per ejecutivo


def test_ventas_de_otro_mes_no_cuentan(equipo, venta_a, avanzar, time_machine):
    time_machine.move_to(datetime(2026, 1, 20, 15, tzinfo=timezone.get_current_timezone()))
    avanzar(venta_a, Estado.COMPLETADA)
    from comercial.empresas import selectors

    enero = selectors.resumen_de_ejecutivo(organizacion=equipo.org, ejecutivo=equipo.ejecutivo, mes=date(2026, 1, 1))
    febrero = selectors.resumen_de_ejecutivo(organizacion=equipo.org, ejecutivo=equipo.ejecutivo, mes=date(2026, 2, 1))
    assert (enero.captaciones, febrero.captaciones) == (1, 0)


def test_importar_csv_con_mas_filas_que_el_maximo_no_importa_nada(equipo, settings):
    settings.IMPORTACION_MAX_FILAS = 2
    EmpresaFactory(organizacion=equipo.org, nit="1000000001")
    texto = "nit,mes,monto\n" + "".join(f"1000000001,2026-0{m},100\n" for m in (1, 2, 3))

    with pytest.raises(ErrorEmpresas, match=re.escape("El archivo tiene más de 2 filas; no se importó nada.")):
        services.facturacion_importar(actor=equipo.responsable, organizacion=equipo.org, archivo=csv(texto))

    assert not FacturacionMensual.objects.exists()
