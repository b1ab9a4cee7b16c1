"""Flow A (nuevas captaciones) and flow B (cartera) through every branch of GC-PRC-OPE-CUM-07, with refusals."""

import re
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from comercial.empresas import services
from comercial.empresas.models import Empresa, Estado, Interaccion, TipoOrden, Venta, Visita
from comercial.empresas.services import ErrorEmpresas
from enlace.acciones import NO_DISPONIBLE, SIN_PERMISO, AccionRechazada
from enlace.models import CorreoSaliente, Evento, Notificacion
from tests.comercial.empresas.conftest import ORDEN_A, ORDEN_B, pdf, tipo_orden
from tests.enlace.factories import OrganizacionFactory

pytestmark = pytest.mark.django_db


def test_flujo_a_completo_recorre_los_pasos_del_procedimiento(equipo, venta_a, avanzar):
    visto = []
    for estado in ORDEN_A:
        venta = avanzar(venta_a, estado)
        visto.append(venta.estado)
    assert visto == ORDEN_A
    venta = Venta.objects.get(pk=venta_a.pk)
    assert venta.vobo_por == equipo.responsable
    assert venta.factible_ejecutivo is True and venta.evidencia_ejecutivo["zona"]
    assert venta.factible_gestor is True and venta.evidencia_gestor["factible"] is True
    assert venta.digitada_por == equipo.gestor and venta.controlada_por == equipo.gestor2
    assert venta.completada_en is not None and venta.servicio_funciona is True
    assert venta.empresa.situacion == Empresa.Situacion.CLIENTE  # the prospect became a client
    assert Visita.objects.filter(venta=venta, realizada=True).count() == 1
    # every step left an event with the condition that held
    tipos = list(Evento.objects.filter(objeto_id=str(venta.pk)).values_list("tipo", flat=True))
    for paso in ("presentar_vobo", "aprobar_vobo", "confirmar_factibilidad", "digitar", "aprobar_digitacion"):
        assert f"empresas.venta.{paso}" in tipos
    canales = set(venta.interacciones.values_list("canal", flat=True))
    assert {"visita", "carta", "llamada", "sistema"} <= canales


def test_flujo_b_completo_sin_vobo_ni_visita(equipo, venta_b, avanzar):
    visto = []
    for estado in ORDEN_B:
        visto.append(avanzar(venta_b, estado).estado)
    assert visto == ORDEN_B
    venta = Venta.objects.get(pk=venta_b.pk)
    assert venta.nuevas_necesidades == "Más sucursales"
    assert venta.vobo_por is None and venta.visitada_en is None


def test_flujo_b_solo_para_clientes(equipo, prospecto):
    with pytest.raises(ErrorEmpresas, match=re.escape(services.EMPRESA_NO_ES_CLIENTE)):
        services.venta_iniciar(actor=equipo.ejecutivo, empresa=prospecto, flujo="cartera")


def test_solo_la_ejecutiva_de_la_cartera_inicia_ventas(equipo, prospecto):
    with pytest.raises(AccionRechazada, match=re.escape(services.EMPRESA_AJENA)):
        services.venta_iniciar(actor=equipo.ejecutivo2, empresa=prospecto, flujo="captacion")
    assert not Venta.objects.exists()


def test_vobo_devuelto_con_observaciones_vuelve_al_proyecto(equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.EN_VOBO)
    with pytest.raises(ErrorEmpresas, match="Escriba las observaciones"):
        services.venta_devolver_vobo(actor=equipo.responsable, venta=venta, observaciones=" ")
    venta = services.venta_devolver_vobo(actor=equipo.responsable, venta=venta, observaciones="Incluir promoción")
    assert venta.estado == Estado.PROYECTO
    assert venta.observaciones_vobo == "Incluir promoción" and venta.devoluciones_vobo == 1
    assert Notificacion.objects.filter(destinatario=equipo.ejecutivo, titulo__startswith="Proyecto devuelto").exists()
    # adjusted and presented again
    services.venta_actualizar_proyecto(actor=equipo.ejecutivo, venta=venta, datos={"promociones": "3 meses 20 %"})
    venta = services.venta_presentar_vobo(actor=equipo.ejecutivo, venta=venta)
    assert venta.estado == Estado.EN_VOBO


def test_vobo_solo_lo_da_el_encargado(equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.EN_VOBO)
    with pytest.raises(AccionRechazada, match=re.escape(SIN_PERMISO.format(accion="Dar el Vo.Bo."))):
        services.venta_aprobar_vobo(actor=equipo.ejecutivo, venta=venta)
    venta.refresh_from_db()
    assert venta.estado == Estado.EN_VOBO


def test_proyecto_sin_productos_no_va_al_vobo(equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.PERFIL)
    venta = services.venta_plantear_proyecto(actor=equipo.ejecutivo, venta=venta, necesidades="x")
    with pytest.raises(AccionRechazada, match=re.escape(services.SIN_LINEAS)):
        services.venta_presentar_vobo(actor=equipo.ejecutivo, venta=venta)


def test_el_proyecto_no_se_edita_fuera_de_preparacion(equipo, venta_a, avanzar, producto):
    venta = avanzar(venta_a, Estado.EN_VOBO)
    with pytest.raises(AccionRechazada, match=re.escape(services.NO_EDITABLE)):
        services.linea_agregar(actor=equipo.ejecutivo, venta=venta, producto=producto)


def test_sin_factibilidad_del_ejecutivo_se_reformula_o_concluye(equipo, venta_a, avanzar, zona):
    venta = avanzar(venta_a, Estado.APROBADA)
    zona.activa = False
    zona.save()
    venta, resultado = services.venta_verificar_factibilidad(
        actor=equipo.ejecutivo, venta=venta, requisitos_cumplidos=True
    )
    assert venta.estado == Estado.NO_FACTIBLE and not resultado.factible
    assert venta.evidencia_ejecutivo["motivo"] == "No hay cobertura en la localidad indicada."
    venta = services.venta_reformular(actor=equipo.ejecutivo, venta=venta)
    assert venta.estado == Estado.PROYECTO and venta.vobo_por is None
    venta = avanzar(venta, Estado.APROBADA)
    venta, _ = services.venta_verificar_factibilidad(actor=equipo.ejecutivo, venta=venta, requisitos_cumplidos=False)
    assert venta.estado == Estado.NO_FACTIBLE and venta.evidencia_ejecutivo["requisitos_cumplidos"] is False
    venta = services.venta_concluir(actor=equipo.ejecutivo, venta=venta, motivo="Sin cobertura; se informó al cliente")
    assert venta.estado == Estado.CONCLUIDA


def test_cliente_rechaza_la_oferta_se_registra_interaccion_y_concluye(equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.OFERTA_ENVIADA)
    with pytest.raises(ErrorEmpresas, match="Escriba el resultado"):
        services.venta_concluir(actor=equipo.ejecutivo, venta=venta, motivo="")
    venta = services.venta_concluir(actor=equipo.ejecutivo, venta=venta, motivo="Precio alto", canal="llamada")
    assert venta.estado == Estado.CONCLUIDA and venta.concluida_en
    assert venta.interacciones.filter(resultado="Precio alto", canal="llamada").exists()


def test_cliente_de_cartera_rechaza_la_oferta(equipo, venta_b, avanzar):
    venta = avanzar(venta_b, Estado.OFERTA_ENVIADA)
    venta = services.venta_concluir(actor=equipo.ejecutivo, venta=venta, motivo="No le interesa", canal="correo")
    assert venta.estado == Estado.CONCLUIDA


def test_oferta_por_correo_va_a_la_bandeja_de_salida(equipo, venta_a, avanzar, django_capture_on_commit_callbacks):
    venta = avanzar(venta_a, Estado.VISITADA)
    with pytest.raises(ErrorEmpresas, match="Indique el correo"):
        services.venta_enviar_oferta(actor=equipo.ejecutivo, venta=venta, medio="correo")
    with django_capture_on_commit_callbacks() as callbacks:
        services.venta_enviar_oferta(
            actor=equipo.ejecutivo, venta=venta, medio="correo", correo="gerencia@cliente.test"
        )
    correo = CorreoSaliente.objects.get(para="gerencia@cliente.test")
    assert "Oferta comercial" in correo.asunto and "Total mensual: Bs 1.200,00" in correo.cuerpo_texto
    assert len(callbacks) == 1
    assert venta.interacciones.filter(canal=Interaccion.Canal.CORREO).exists()


def test_derivar_exige_documentacion_de_respaldo(equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.ACEPTADA)
    with pytest.raises(AccionRechazada, match=re.escape(services.SIN_DOCUMENTOS)):
        services.venta_derivar(actor=equipo.ejecutivo, venta=venta, gestor=equipo.gestor)
    with pytest.raises(ErrorEmpresas, match="Gestor\\(a\\) Comercial"):
        services.venta_derivar(actor=equipo.ejecutivo, venta=venta, gestor=equipo.tecnico)


def test_documento_de_tipo_no_permitido_se_rechaza(equipo, venta_a, avanzar):
    from django.core.files.uploadedfile import SimpleUploadedFile

    venta = avanzar(venta_a, Estado.ACEPTADA)
    falso = SimpleUploadedFile("nit.pdf", b"MZ\x90\x00 ejecutable", content_type="application/pdf")
    with pytest.raises(ErrorEmpresas, match="no corresponde a su extensión"):
        services.documento_subir(actor=equipo.ejecutivo, venta=venta, archivo=falso, descripcion="NIT")
    venta.refresh_from_db()
    assert venta.cantidad_documentos == 0 and not venta.documentos.exists()


@pytest.mark.parametrize("fixture", ["venta_a", "venta_b"])
def test_sin_factibilidad_de_respaldo_devuelve_documentos_a_la_ejecutiva(equipo, avanzar, zona, request, fixture):
    venta = avanzar(request.getfixturevalue(fixture), Estado.DERIVADA)
    zona.velocidad_max_mbps = 10
    zona.save()
    venta, _ = services.venta_verificar_respaldo(actor=equipo.gestor, venta=venta, requisitos_cumplidos=True)
    assert venta.estado == Estado.DEVUELTA and venta.factible_gestor is False
    assert "llega a 10 Mbps" in venta.evidencia_gestor["motivo"]
    assert Notificacion.objects.filter(destinatario=equipo.ejecutivo, titulo__contains="devuelta").exists()
    devuelta = NO_DISPONIBLE.format(accion="Digitar en Smartflex", estado="Devuelta a la ejecutiva (sin factibilidad)")
    with pytest.raises(AccionRechazada, match=re.escape(devuelta)):
        services.venta_digitar(actor=equipo.gestor, venta=venta, numero_smartflex="SF-9")
    venta = services.venta_concluir(actor=equipo.ejecutivo, venta=venta, motivo="Se informó al cliente")
    assert venta.estado == Estado.CONCLUIDA


def test_venta_digitada_sin_factibilidad_se_rechaza(equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.DERIVADA)
    derivada = NO_DISPONIBLE.format(accion="Digitar en Smartflex", estado="Derivada a Gestor(a) Comercial")
    with pytest.raises(AccionRechazada, match=re.escape(derivada)):
        services.venta_digitar(actor=equipo.gestor, venta=venta, numero_smartflex="SF-1")
    venta.refresh_from_db()
    assert venta.estado == Estado.DERIVADA and venta.digitada_en is None
    # verified, but without the gestor's feasibility on record (the condition of the transition)
    venta = avanzar(venta, Estado.VERIFICADA)
    Venta.objects.filter(pk=venta.pk).update(factible_gestor=None)
    with pytest.raises(AccionRechazada, match=re.escape(services.DIGITAR_SIN_FACTIBILIDAD)):
        services.venta_digitar(actor=equipo.gestor, venta=venta, numero_smartflex="SF-1")
    venta.refresh_from_db()
    assert venta.estado == Estado.VERIFICADA and venta.digitada_en is None


def test_la_base_de_datos_impide_digitar_sin_factibilidad(equipo, venta_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        Venta.objects.filter(pk=venta_a.pk).update(digitada_en=timezone.now())


def test_control_de_calidad_por_quien_digito_se_rechaza(equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.DIGITADA)
    with pytest.raises(AccionRechazada, match=re.escape(services.CONTROL_MISMA_PERSONA)):
        services.venta_controlar_digitacion(actor=equipo.gestor, venta=venta, correcta=True)
    venta.refresh_from_db()
    assert venta.estado == Estado.DIGITADA and venta.controlada_por is None
    with pytest.raises(IntegrityError), transaction.atomic():
        Venta.objects.filter(pk=venta.pk).update(controlada_por=equipo.gestor)


def test_control_con_errores_vuelve_a_digitar(equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.DIGITADA)
    with pytest.raises(ErrorEmpresas, match="Describa los errores"):
        services.venta_controlar_digitacion(actor=equipo.gestor2, venta=venta, correcta=False)
    venta = services.venta_controlar_digitacion(
        actor=equipo.gestor2, venta=venta, correcta=False, observaciones="Plan equivocado"
    )
    assert venta.estado == Estado.VERIFICADA and venta.digitada_por is None
    venta = services.venta_digitar(actor=equipo.gestor, venta=venta, numero_smartflex="SF-2")
    venta = services.venta_controlar_digitacion(actor=equipo.gestor2, venta=venta, correcta=True)
    assert venta.estado == Estado.CONTROLADA


def test_entregar_documentos_exige_ordenes_cerradas(equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.GESTION_TECNICA)
    sin_ordenes = NO_DISPONIBLE.format(accion="Entregar la documentación", estado="Con Gestor(a) Técnico Comercial")
    with pytest.raises(AccionRechazada, match=re.escape(sin_ordenes)):
        services.venta_entregar_documentos(actor=equipo.tecnico, venta=venta)
    inactivo = tipo_orden(equipo.org, nombre="Antiguo")
    TipoOrden.objects.filter(pk=inactivo.pk).update(activo=False)
    inactivo.refresh_from_db()
    for tipo in (inactivo, TipoOrden.objects.create(organizacion=OrganizacionFactory(), nombre="X", dias_estandar=1)):
        with pytest.raises(ErrorEmpresas, match=re.escape(services.TIPO_ORDEN_INVALIDO)):
            services.orden_solicitar(actor=equipo.tecnico, venta=venta, tipo=tipo, descripcion="x")
    # The due date is computed from the type's standard time, not typed.
    orden = services.orden_solicitar(
        actor=equipo.tecnico, venta=venta, tipo=tipo_orden(equipo.org, nombre="Fibra 2", dias=4), descripcion="Fibra"
    )
    assert orden.fecha_compromiso == timezone.localdate() + timedelta(days=4)
    assert Notificacion.objects.filter(
        destinatario=equipo.recursos, titulo__startswith=f"Orden de trabajo OT-{orden.pk}"
    )
    with pytest.raises(AccionRechazada, match=re.escape(services.ORDENES_ABIERTAS.format(n=1))):
        services.venta_entregar_documentos(actor=equipo.tecnico, venta=venta)
    with pytest.raises(AccionRechazada, match=re.escape(SIN_PERMISO.format(accion="Cerrar la orden de trabajo"))):
        services.orden_cerrar(actor=equipo.tecnico, orden=orden)
    services.orden_cerrar(actor=equipo.recursos, orden=orden, observaciones="Instalado")
    cerrada = NO_DISPONIBLE.format(accion="Cerrar la orden de trabajo", estado="Cerrada")
    with pytest.raises(AccionRechazada, match=re.escape(cerrada)):
        services.orden_cerrar(actor=equipo.recursos, orden=orden)
    venta = services.venta_entregar_documentos(actor=equipo.tecnico, venta=venta)
    assert venta.estado == Estado.SEGUIMIENTO


def test_orden_vencida_se_ve_vencida_aunque_nadie_la_barra(equipo, venta_a, avanzar, time_machine):
    venta = avanzar(venta_a, Estado.ORDENES)
    orden = venta.ordenes.get()
    assert not orden.vencida_al(timezone.localdate())
    assert orden.vencida_al(orden.fecha_compromiso + timedelta(days=1))


def test_llamada_de_calidad_con_falla_vuelve_a_gestion_tecnica(equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.SEGUIMIENTO)
    venta = services.venta_llamada_calidad(
        actor=equipo.ejecutivo, venta=venta, funciona=False, observaciones="Sin señal"
    )
    assert venta.estado == Estado.GESTION_TECNICA and venta.servicio_funciona is False
    assert Notificacion.objects.filter(destinatario=equipo.tecnico, titulo__contains="falla").exists()
    venta = avanzar(venta, Estado.COMPLETADA)
    assert venta.servicio_funciona is True


def test_transicion_fuera_de_orden_se_rechaza_con_mensaje(equipo, venta_a):
    fuera_de_orden = NO_DISPONIBLE.format(accion="Enviar la oferta comercial", estado="Recopilación de información")
    with pytest.raises(AccionRechazada, match=re.escape(fuera_de_orden)):
        services.venta_enviar_oferta(actor=equipo.ejecutivo, venta=venta_a, medio="escrita")


def test_otra_ejecutiva_no_avanza_una_venta_ajena(equipo, venta_a):
    with pytest.raises(AccionRechazada, match=re.escape(SIN_PERMISO.format(accion="Analizar el perfil"))):
        services.venta_analizar_perfil(actor=equipo.ejecutivo2, venta=venta_a, perfil_actividad="x")


def test_visita_reprogramada_agrega_fila_al_cronograma(equipo, venta_a, avanzar):
    from datetime import time

    venta = avanzar(venta_a, Estado.VISITA_PROGRAMADA)
    services.visita_programar(
        actor=equipo.ejecutivo,
        venta=venta,
        fecha=timezone.localdate() + timedelta(days=2),
        hora=time(9, 0),
        persona="Ing. Vargas",
        ubicacion="Oficina central",
    )
    assert venta.visitas.count() == 2
    with pytest.raises(AccionRechazada, match=re.escape(SIN_PERMISO.format(accion="Programar la visita"))):
        services.visita_programar(
            actor=equipo.ejecutivo2,
            venta=venta,
            fecha=timezone.localdate() + timedelta(days=1),
            hora=time(9, 0),
            persona="x",
            ubicacion="y",
        )


def test_documentos_no_se_suben_a_una_venta_terminada(equipo, venta_a, avanzar):
    venta = avanzar(venta_a, Estado.OFERTA_ENVIADA)
    venta = services.venta_concluir(actor=equipo.ejecutivo, venta=venta, motivo="No")
    with pytest.raises(AccionRechazada, match=re.escape(services.VENTA_TERMINADA)):
        services.documento_subir(actor=equipo.ejecutivo, venta=venta, archivo=pdf(), descripcion="x")
