"""The digital sale through every branch of seed 004, with each guard's refusal."""

from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from comercial.digitales import models, services
from comercial.digitales.models import Estado, IntentoContacto, SolicitudDigital
from enlace.acciones import AccionRechazada
from enlace.models import CorreoSaliente, Evento, Notificacion
from tests.comercial.digitales.conftest import archivo_pdf
from tests.comercial.digitales.factories import ImpedimentoFactory, SolicitudFactory, producto_de
from tests.comercial.digitales.flujo import llevar_hasta, nueva_llamada
from tests.enlace.factories import UsuarioFactory

pytestmark = pytest.mark.django_db


def refrescar(s):
    return SolicitudDigital.objects.get(pk=s.pk)


def test_venta_exitosa_hasta_el_control_de_calidad(agente, zona, django_capture_on_commit_callbacks):
    s = nueva_llamada(agente)
    assert (s.estado, s.agente, s.linea, s.canal) == (Estado.EN_ATENCION, agente, "4200400", "llamada")
    s = llevar_hasta(agente, Estado.SIN_IMPEDIMENTO, solicitud=s)
    assert s.impedimentos == [] and s.impedimentos_consultados and s.fase_protocolo == 3
    s = llevar_hasta(agente, Estado.FACTIBLE, solicitud=s)
    assert s.factible and s.factibilidad["zona"] == "Cercado" and s.factibilidad["velocidad_max_mbps"] == 300
    s = llevar_hasta(agente, Estado.DIGITADA, solicitud=s)
    assert s.digitada_por == agente and s.referencia_smartflex == "SF-123"
    assert s.adjuntos.count() == 3
    s = llevar_hasta(agente, Estado.COMUNICADA, solicitud=s)
    assert s.dias_estimados == 5 and s.orden_instalacion.dias_estimados == 5
    assert timezone.localtime(s.seguimiento_programado).date() == s.orden_instalacion.fecha_estimada
    assert s.control_calidad_programado - s.seguimiento_programado == timedelta(days=2)
    s = llevar_hasta(agente, Estado.CONCLUIDA, solicitud=s)
    assert s.satisfecho is True and s.servicio_instalado is True and s.cerrada_en
    tipos = list(Evento.objects.filter(objeto_id=str(s.pk)).order_by("secuencia").values_list("tipo", flat=True))
    assert tipos[0] == "digitales.llamada_registrada" and tipos[-1] == "digitales.control_calidad"
    assert "digitales.digitada" in tipos and "digitales.factibilidad_consultada" in tipos


def test_comunicar_envia_correo_al_cliente_despues_del_commit(agente, zona, django_capture_on_commit_callbacks):
    s = llevar_hasta(agente, Estado.DERIVADA)
    SolicitudDigital.objects.filter(pk=s.pk).update(correo="cliente@ejemplo.test")
    with django_capture_on_commit_callbacks() as callbacks:
        services.solicitud_comunicar(actor=agente, solicitud=s)
    correo = CorreoSaliente.objects.get(para="cliente@ejemplo.test")
    assert "5 días" in correo.cuerpo_texto
    assert len(callbacks) == 1


def test_impedimento_detiene_la_venta_y_cierra_en_el_paso_14(agente, zona, organizacion):
    ImpedimentoFactory(organizacion=organizacion, carnet="4455667", tipo="deuda_naf", monto_bs="245.50")
    ImpedimentoFactory(organizacion=organizacion, carnet="4455667", tipo="equipo_por_devolver")
    s = nueva_llamada(agente)
    services.solicitud_avanzar_fase(actor=agente, solicitud=s)
    services.solicitud_avanzar_fase(actor=agente, solicitud=s)
    services.solicitud_identificar(
        actor=agente, solicitud=s, producto=producto_de(s.organizacion, "tv"), carnet="4455667 CB"
    )
    s = services.solicitud_consultar_impedimentos(actor=agente, solicitud=s)
    assert s.estado == Estado.EN_ATENCION
    assert [i["tipo"] for i in s.impedimentos] == ["deuda_naf", "equipo_por_devolver"]
    with pytest.raises(AccionRechazada) as error:
        services.solicitud_digitar(actor=agente, solicitud=s)
    assert error.value.mensaje == models.CON_IMPEDIMENTO.format(
        lista="Deuda en cartera (NAF – Paquete Accionario), Equipo pendiente de devolución"
    )
    with pytest.raises(services.ErrorDigitales, match=services.MOTIVO_OBLIGATORIO):
        services.solicitud_imposibilitar(actor=agente, solicitud=s, motivo="  ")
    s = services.solicitud_imposibilitar(actor=agente, solicitud=s, motivo="Deuda NAF: pasar por oficinas.")
    assert s.estado == Estado.IMPOSIBILITADA and s.terminal and s.cerrada_en
    evento = Evento.objects.get(tipo="digitales.imposibilitada")
    assert evento.datos["impedimentos"] == ["deuda_naf", "equipo_por_devolver"]
    # terminal: nothing moves on
    with pytest.raises(AccionRechazada) as error:
        services.solicitud_solicitar_requisitos(actor=agente, solicitud=s)
    assert "No concretada" in error.value.mensaje


def test_sin_capacidad_tecnica_detiene_la_venta(agente, zona):
    s = llevar_hasta(agente, Estado.SIN_IMPEDIMENTO)
    s = services.solicitud_consultar_factibilidad(actor=agente, solicitud=s, direccion="Calle 1", localidad="Tiquipaya")
    assert s.estado == Estado.SIN_IMPEDIMENTO and s.factible is False
    assert s.factibilidad["motivo"] == "No hay cobertura en la localidad indicada."
    with pytest.raises(AccionRechazada, match="sin capacidad técnica confirmada"):
        services.solicitud_digitar(actor=agente, solicitud=s)
    s = services.solicitud_imposibilitar(actor=agente, solicitud=s, motivo="Sin cobertura en Tiquipaya.")
    assert s.estado == Estado.IMPOSIBILITADA


def test_velocidad_superior_a_la_zona_no_es_factible_pero_se_puede_reintentar(agente, zona):
    s = llevar_hasta(agente, Estado.SIN_IMPEDIMENTO, velocidad=600)
    s = services.solicitud_consultar_factibilidad(actor=agente, solicitud=s, direccion="C", localidad="Cala Cala")
    assert s.factible is False and "600 Mbps" in s.factibilidad["motivo"]
    zona.velocidad_max_mbps = 1000
    zona.save()
    s = services.solicitud_consultar_factibilidad(actor=agente, solicitud=s, direccion="C", localidad="Cala Cala")
    assert s.estado == Estado.FACTIBLE


def test_no_se_cierra_como_imposible_sin_causa_verificada(agente, zona):
    s = llevar_hasta(agente, Estado.SIN_IMPEDIMENTO)
    with pytest.raises(AccionRechazada) as error:
        services.solicitud_imposibilitar(actor=agente, solicitud=s, motivo="No quiere")
    assert error.value.mensaje == models.SIN_CAUSA
    assert refrescar(s).estado == Estado.SIN_IMPEDIMENTO


def test_no_se_digita_sin_factibilidad_ni_sin_identificacion(agente, zona):
    s = nueva_llamada(agente)
    with pytest.raises(AccionRechazada) as error:
        services.solicitud_digitar(actor=agente, solicitud=s)
    assert error.value.mensaje == models.SIN_IDENTIFICACION
    s = llevar_hasta(agente, Estado.SIN_IMPEDIMENTO, solicitud=s)
    with pytest.raises(AccionRechazada) as error:
        services.solicitud_digitar(actor=agente, solicitud=s)
    assert error.value.mensaje == models.SIN_FACTIBILIDAD
    assert refrescar(s).digitada_en is None


def test_no_se_digita_sin_todos_los_requisitos(agente, zona):
    s = llevar_hasta(agente, Estado.ESPERANDO_REQUISITOS)
    services.solicitud_confirmar_lectura(actor=agente, solicitud=s)
    services.solicitud_adjuntar_requisito(actor=agente, solicitud=s, requisito="ci_anverso", archivo=archivo_pdf())
    with pytest.raises(AccionRechazada) as error:
        services.solicitud_digitar(actor=agente, solicitud=s)
    assert error.value.mensaje == models.REQUISITOS_INCOMPLETOS.format(
        faltantes="Carnet de identidad del titular (reverso); Factura de luz reciente del domicilio (ubicación)"
    )
    assert refrescar(s).estado == Estado.ESPERANDO_REQUISITOS


def test_adjuntos_se_validan_y_se_reemplazan(agente, zona):
    s = llevar_hasta(agente, Estado.ESPERANDO_REQUISITOS)
    falso = SimpleUploadedFile("ci.pdf", b"MZ ejecutable", content_type="application/pdf")
    with pytest.raises(services.ErrorDigitales, match="no corresponde a su extensión"):
        services.solicitud_adjuntar_requisito(actor=agente, solicitud=s, requisito="ci_anverso", archivo=falso)
    with pytest.raises(services.ErrorDigitales, match="no corresponde al servicio"):
        services.solicitud_adjuntar_requisito(
            actor=agente, solicitud=s, requisito="certificado_socio", archivo=archivo_pdf()
        )
    assert not s.adjuntos.exists()
    services.solicitud_adjuntar_requisito(
        actor=agente, solicitud=s, requisito="ci_anverso", archivo=archivo_pdf("a.pdf")
    )
    services.solicitud_adjuntar_requisito(
        actor=agente, solicitud=s, requisito="ci_anverso", archivo=archivo_pdf("b.pdf")
    )
    assert list(s.adjuntos.values_list("nombre_original", flat=True)) == ["b.pdf"]


def _gestor(agente):
    return UsuarioFactory(rol="gestor_comercial", organizacion=agente.organizacion)


@pytest.mark.parametrize("dias", [1, 16, 0])
def test_tiempo_estimado_fuera_de_2_a_15_dias(agente, zona, dias):
    s = llevar_hasta(agente, Estado.DIGITADA)
    with pytest.raises(services.ErrorDigitales) as error:
        services.solicitud_controlar_digitacion(actor=_gestor(agente), solicitud=s, dias=dias)
    assert error.value.mensaje == services.DIAS_FUERA_DE_RANGO.format(
        producto="Internet hogar", minimo=2, maximo=15, dias=dias
    )
    assert refrescar(s).estado == Estado.DIGITADA


@pytest.mark.parametrize("dias", [2, 15])
def test_tiempo_estimado_en_los_limites(agente, zona, dias):
    s = llevar_hasta(agente, Estado.DIGITADA)
    services.solicitud_controlar_digitacion(actor=_gestor(agente), solicitud=s, dias=dias)
    assert services.solicitud_comunicar(actor=agente, solicitud=s).dias_estimados == dias


def test_el_tiempo_estimado_sigue_el_rango_del_producto(agente, zona):
    s = llevar_hasta(agente, Estado.DIGITADA)
    s.producto.eta_min_dias, s.producto.eta_max_dias = 5, 30
    s.producto.save(update_fields=["eta_min_dias", "eta_max_dias"])
    gestor = _gestor(agente)
    with pytest.raises(services.ErrorDigitales) as error:
        services.solicitud_controlar_digitacion(actor=gestor, solicitud=s, dias=4)
    assert error.value.mensaje == services.DIAS_FUERA_DE_RANGO.format(
        producto="Internet hogar", minimo=5, maximo=30, dias=4
    )
    services.solicitud_controlar_digitacion(actor=gestor, solicitud=s, dias=20)
    assert services.solicitud_comunicar(actor=agente, solicitud=s).dias_estimados == 20


def test_la_base_de_datos_rechaza_dias_fuera_de_rango_y_digitada_sin_factibilidad(organizacion):
    with pytest.raises(IntegrityError), transaction.atomic():
        SolicitudFactory(organizacion=organizacion, dias_estimados=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        SolicitudFactory(organizacion=organizacion, estado=Estado.DIGITADA, factible=False)


def test_protocolo_fase_por_fase(agente):
    s = nueva_llamada(agente)
    with pytest.raises(AccionRechazada) as error:
        services.solicitud_identificar(
            actor=agente, solicitud=s, producto=producto_de(s.organizacion, "internet"), carnet="1234567"
        )
    assert error.value.mensaje == models.FASE_INSUFICIENTE.format(fase="Delimitar los motivos del contacto")
    for fase in (1, 2, 3):
        assert services.solicitud_avanzar_fase(actor=agente, solicitud=s).fase_protocolo == fase
    with pytest.raises(AccionRechazada, match="última fase"):
        services.solicitud_avanzar_fase(actor=agente, solicitud=s)


def test_consultar_impedimentos_sin_carnet_se_rechaza(agente):
    s = nueva_llamada(agente)
    with pytest.raises(AccionRechazada) as error:
        services.solicitud_consultar_impedimentos(actor=agente, solicitud=s)
    assert error.value.mensaje == models.SIN_IDENTIFICACION


def test_cambiar_el_carnet_invalida_la_consulta_de_impedimentos(agente, organizacion):
    ImpedimentoFactory(organizacion=organizacion, carnet="4455667")
    s = nueva_llamada(agente)
    services.solicitud_avanzar_fase(actor=agente, solicitud=s)
    services.solicitud_avanzar_fase(actor=agente, solicitud=s)
    services.solicitud_identificar(
        actor=agente, solicitud=s, producto=producto_de(s.organizacion, "tv"), carnet="4455667"
    )
    services.solicitud_consultar_impedimentos(actor=agente, solicitud=s)
    s = services.solicitud_identificar(
        actor=agente, solicitud=s, producto=producto_de(s.organizacion, "tv"), carnet="1234567"
    )
    assert s.impedimentos == [] and s.impedimentos_consultados is None
    assert services.solicitud_consultar_impedimentos(actor=agente, solicitud=s).estado == Estado.SIN_IMPEDIMENTO


def test_proveedor_de_impedimentos_configurable(agente, settings):
    settings.DIGITALES_IMPEDIMENTOS = "tests.comercial.digitales.test_flujo.SiempreEnCentralDeRiesgos"
    s = nueva_llamada(agente)
    services.solicitud_avanzar_fase(actor=agente, solicitud=s)
    services.solicitud_avanzar_fase(actor=agente, solicitud=s)
    services.solicitud_identificar(
        actor=agente, solicitud=s, producto=producto_de(s.organizacion, "tv"), carnet="1234567"
    )
    s = services.solicitud_consultar_impedimentos(actor=agente, solicitud=s)
    assert s.impedimentos[0]["tipo"] == "central_riesgos"


class SiempreEnCentralDeRiesgos:
    def consultar(self, *, organizacion, carnet):
        from comercial.digitales.impedimentos import ResultadoImpedimentos

        return ResultadoImpedimentos([{"tipo": "central_riesgos", "nombre": "Central", "detalle": carnet}], "prueba")


def test_linea_que_no_es_de_ventas_digitales(agente):
    with pytest.raises(services.ErrorDigitales, match="no es una línea de Ventas Digitales"):
        services.solicitud_registrar_llamada(actor=agente, linea="4999999", telefono="71234567")
    assert not SolicitudDigital.objects.exists()


def test_cola_de_devolucion_de_llamadas_perdidas(agente, otro_agente):
    s = services.solicitud_registrar_llamada(actor=agente, linea="4322205", telefono="4456789", perdida=True)
    assert (s.estado, s.agente, s.perdida) == (Estado.EN_COLA, None, True)
    services.solicitud_intentar_contacto(actor=agente, solicitud=s, resultado="no_contesta")
    services.solicitud_intentar_contacto(actor=agente, solicitud=s, resultado="ocupado", nota="Ocupado")
    s = services.solicitud_intentar_contacto(actor=otro_agente, solicitud=s, resultado="contesto")
    assert (s.estado, s.agente, s.intentos_contacto) == (Estado.EN_ATENCION, otro_agente, 3)
    assert list(IntentoContacto.objects.filter(solicitud=s).values_list("resultado", flat=True)) == [
        "no_contesta",
        "ocupado",
        "contesto",
    ]
    # now it belongs to otro_agente: the first agent no longer reaches it
    with pytest.raises(services.ErrorDigitales, match=services.NO_ENCONTRADA):
        services.solicitud_avanzar_fase(actor=agente, solicitud=s)
    with pytest.raises(AccionRechazada, match="en cola"):
        services.solicitud_intentar_contacto(actor=otro_agente, solicitud=s, resultado="contesto")


def test_descartar_solo_tras_agotar_los_intentos(agente):
    s = SolicitudFactory(organizacion=agente.organizacion, canal="facebook", lead_id="fb-1")
    for _ in range(2):
        services.solicitud_intentar_contacto(actor=agente, solicitud=s, resultado="no_contesta")
    with pytest.raises(AccionRechazada) as error:
        services.solicitud_descartar(actor=agente, solicitud=s)
    assert error.value.mensaje == models.INTENTOS_INSUFICIENTES.format(maximo=3)
    services.solicitud_intentar_contacto(actor=agente, solicitud=s, resultado="buzon")
    assert services.solicitud_descartar(actor=agente, solicitud=s).estado == Estado.NO_CONTACTADA


def test_otro_rol_no_puede_atender(crear_usuario, organizacion):
    ejecutivo = crear_usuario("ejecutivo_empresas", organizacion=organizacion)
    s = SolicitudFactory(organizacion=organizacion)
    with pytest.raises(AccionRechazada, match=services.SIN_PERMISO):
        services.solicitud_intentar_contacto(actor=ejecutivo, solicitud=s, resultado="contesto")
    with pytest.raises(AccionRechazada, match=services.SIN_PERMISO):
        services.solicitud_registrar_llamada(actor=ejecutivo, linea="4200400", telefono="71234567")


def test_otra_organizacion_no_alcanza_la_solicitud(agente, crear_usuario, otra_organizacion):
    ajeno = crear_usuario("agente_digital", organizacion=otra_organizacion)
    s = nueva_llamada(agente)
    with pytest.raises(services.ErrorDigitales, match=services.NO_ENCONTRADA):
        services.solicitud_avanzar_fase(actor=ajeno, solicitud=s)


def test_cliente_insatisfecho_notifica_al_responsable(agente, responsable, zona):
    s = llevar_hasta(agente, Estado.SEGUIDA)
    services.solicitud_controlar_calidad(actor=agente, solicitud=s, satisfecho=False, comentario="Lento")
    notificacion = Notificacion.objects.get(destinatario=responsable)
    assert s.numero in notificacion.titulo and notificacion.cuerpo == "Lento"


def test_recordatorios_de_seguimiento_y_calidad_son_idempotentes(agente, zona):
    s = llevar_hasta(agente, Estado.COMUNICADA)
    assert services.recordatorios_enviar() == 0
    with time_machine.travel(s.seguimiento_programado + timedelta(minutes=1)):
        assert services.recordatorios_enviar() == 1
        assert services.recordatorios_enviar() == 0
        recursos = UsuarioFactory(rol="gestion_recursos", organizacion=agente.organizacion)
        services.orden_instalar(actor=recursos, orden=s.orden_instalacion)
        services.solicitud_registrar_seguimiento(actor=agente, solicitud=s)
    with time_machine.travel(s.control_calidad_programado + timedelta(minutes=1)):
        from comercial.digitales import tasks

        assert tasks.recordar_pendientes() == 1
        assert tasks.recordar_pendientes() == 0
    titulos = sorted(
        Notificacion.objects.filter(destinatario=agente, titulo__contains="pendiente:").values_list("titulo", flat=True)
    )
    assert titulos == [f"Control de calidad pendiente: {s.numero}", f"Seguimiento pendiente: {s.numero}"]
