"""Outbox emails with attachments, delivered to a real SMTP listener on loopback (aiosmtpd)."""

from datetime import timedelta

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from enlace.models import AdjuntoCorreo, CorreoSaliente
from enlace.notificaciones import services
from enlace.notificaciones.services import Adjunto, AdjuntoRechazado
from tests.smtp_local import adjuntos_de

Estado = CorreoSaliente.Estado
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"

pytestmark = pytest.mark.django_db


def _encolar(**extra):
    return services.encolar_correo(
        para="gerente@pyme.test",
        asunto="Su reporte",
        cuerpo_texto="Adjuntamos el PDF.",
        adjuntos=[Adjunto("reporte-noviembre.pdf", PDF)],
        **extra,
    )


def test_el_correo_llega_con_el_pdf_adjunto(smtp):
    correo = _encolar()
    adjunto = correo.adjuntos.get()
    assert adjunto.tamano == len(PDF)
    assert adjunto.archivo.name.startswith("correo/adjuntos/")
    with default_storage.open(adjunto.archivo.name) as archivo:  # private storage, no public URL
        assert archivo.read() == PDF

    assert services.enviar_correo(correo.pk) is True
    (mensaje,) = smtp.buzon.mensajes
    assert mensaje["Subject"] == "Su reporte"
    assert adjuntos_de(mensaje) == [("reporte-noviembre.pdf", "application/pdf", PDF)]
    cuerpo = next(p for p in mensaje.walk() if p.get_content_type() == "text/plain")
    assert "Adjuntamos el PDF." in cuerpo.get_payload(decode=True).decode()


def test_un_reintento_tras_un_fallo_smtp_no_lo_envia_dos_veces(smtp):
    correo = _encolar()
    smtp.buzon.rechazar = 1  # the server answers 451 to the first message

    assert services.enviar_correo(correo.pk) is False
    correo.refresh_from_db()
    assert correo.estado == Estado.PENDIENTE
    assert correo.intentos == 1
    assert "451" in correo.ultimo_error
    assert smtp.recibidos == 0

    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert services.barrer_bandeja_salida() == 1
        assert services.barrer_bandeja_salida() == 0
        assert services.enviar_correo(correo.pk) is False
    assert smtp.recibidos == 1
    assert adjuntos_de(smtp.buzon.mensajes[0]) == [("reporte-noviembre.pdf", "application/pdf", PDF)]
    correo.refresh_from_db()
    assert correo.estado == Estado.ENVIADO


def test_misma_clave_no_duplica_correo_ni_adjunto(smtp):
    assert _encolar(clave="reporte-1") is not None
    assert _encolar(clave="reporte-1") is None
    assert CorreoSaliente.objects.count() == 1
    assert AdjuntoCorreo.objects.count() == 1
    assert services.barrer_bandeja_salida() == 1
    assert smtp.recibidos == 1


def test_notificar_adjunta_a_cada_usuario_y_guarda_el_archivo_una_vez(smtp, crear_usuario):
    usuarios = [crear_usuario("pyme"), crear_usuario("pyme")]
    services.notificar(
        destinatarios=usuarios,
        titulo="Reporte listo",
        cuerpo="Va adjunto.",
        adjuntos=[Adjunto("reporte.pdf", PDF)],
    )
    assert AdjuntoCorreo.objects.count() == 2
    assert len(set(AdjuntoCorreo.objects.values_list("archivo", flat=True))) == 1
    assert services.barrer_bandeja_salida() == 2
    assert sorted(m["To"] for m in smtp.buzon.mensajes) == sorted(u.email for u in usuarios)
    for mensaje in smtp.buzon.mensajes:
        assert adjuntos_de(mensaje) == [("reporte.pdf", "application/pdf", PDF)]


def test_adjuntos_demasiado_grandes_se_rechazan_sin_escribir_nada(settings):
    settings.ENLACE_CORREO_ADJUNTOS_MAX_BYTES = len(PDF) - 1
    with pytest.raises(AdjuntoRechazado) as error:
        _encolar()
    assert "el máximo es" in error.value.mensaje
    assert not CorreoSaliente.objects.exists()
    assert not AdjuntoCorreo.objects.exists()


def test_adjunto_vacio_se_rechaza():
    with pytest.raises(AdjuntoRechazado):
        services.encolar_correo(para="a@b.test", asunto="x", cuerpo_texto="x", adjuntos=[Adjunto("v.pdf", b"")])
    assert not CorreoSaliente.objects.exists()


def test_adjunto_perdido_en_el_almacen_es_un_intento_fallido(smtp):
    correo = _encolar()
    AdjuntoCorreo.objects.filter(correo=correo).update(archivo="correo/adjuntos/no/existe")
    assert services.enviar_correo(correo.pk) is False
    correo.refresh_from_db()
    assert correo.estado == Estado.PENDIENTE
    assert correo.intentos == 1
    assert smtp.recibidos == 0


def _consultas_del_barrido(adjuntos_por_correo):
    for i in range(3):
        adjuntos = [Adjunto(f"{n}.pdf", PDF) for n in range(adjuntos_por_correo)]
        services.encolar_correo(para=f"d{i}@x.test", asunto="x", cuerpo_texto="x", adjuntos=adjuntos)
    with CaptureQueriesContext(connection) as consultas:
        assert services.barrer_bandeja_salida() == 3
    CorreoSaliente.objects.all().delete()
    return len(consultas)


def test_barrido_no_hace_mas_consultas_con_mas_adjuntos(smtp):
    assert _consultas_del_barrido(1) == _consultas_del_barrido(4)
