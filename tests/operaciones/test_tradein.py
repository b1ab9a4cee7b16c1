"""Trade-In and Trade-In Segunda Oferta: transitions, guards, deadlines, checklist, files and notifications."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from enlace.acciones import NO_DISPONIBLE
from enlace.archivos import ERROR_TAMANO
from enlace.errores import ErrorNegocio
from enlace.models import CorreoSaliente, Evento, Notificacion
from operaciones import eventos, mensajes, services
from operaciones.models import Apartado, ArchivoTradeIn, PuntoChecklistTradeIn, RevisionTradeIn, TradeIn
from operaciones.models.inventario import ERROR_VIN
from tests.operaciones import fixtures_negociacion
from tests.operaciones.factories import UnidadFactory
from tests.operaciones.fixtures_negociacion import UNIDAD_A_CUENTA, validar

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("checklist")]

operacion = fixtures_negociacion.operacion
operacion_a_cuenta = fixtures_negociacion.operacion_a_cuenta
tercer_gerente = fixtures_negociacion.tercer_gerente
checklist = fixtures_negociacion.checklist

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64


def refrescar(obj):
    return type(obj).objects.get(pk=obj.pk)


def error_de(funcion, **kwargs):
    with pytest.raises(ErrorNegocio) as error:
        funcion(**kwargs)
    return error.value.mensaje


def notificados(clave):
    return set(Notificacion.objects.filter(clave=clave).values_list("destinatario_id", flat=True))


def correos(clave):
    return set(CorreoSaliente.objects.filter(clave=clave).values_list("para", flat=True))


def activar(apartado, actor, **cambios):
    decision = cambios.pop("decision_cop", False)
    return services.tradein_activar(
        actor=actor, apartado=apartado, unidad={**UNIDAD_A_CUENTA, **cambios}, decision_cop=decision
    )


def responder_a(apartado, actor, toma=False, oferta=None):
    return services.tradein_responder(
        actor=actor, trade_in=TradeIn.objects.get(apartado=apartado), toma=toma, oferta=oferta
    )


def responder_b(apartado, actor, toma=True, oferta=Decimal("55000")):
    return services.tradein_responder(
        actor=actor, trade_in=TradeIn.objects.get(apartado=apartado), toma=toma, oferta=oferta
    )


def segunda(apartado, actor):
    return services.tradein_segunda_oferta(actor=actor, trade_in=TradeIn.objects.get(apartado=apartado))


def cerrar(apartado):
    Apartado.objects.filter(pk=apartado.pk).update(
        estado="cerrado", cerrado_en=timezone.now(), precio_final=Decimal("1")
    )


@pytest.fixture
def trade_in(operacion_a_cuenta, cop, gerente_ventas, gerente_otro):
    return activar(operacion_a_cuenta, cop)


# --- Activation ---------------------------------------------------------------------------


def test_el_cop_activa_el_trade_in_y_avisa_a_a_y_b(
    operacion_a_cuenta, cop, asesor, gerente_ventas, gerente_otro, otro_concesionario, concesionario, tercer_gerente
):
    antes = timezone.now()
    trade_in = activar(operacion_a_cuenta, cop)
    assert trade_in.estado == TradeIn.Estado.ESPERANDO_A
    assert (trade_in.concesionario_a, trade_in.concesionario_b) == (otro_concesionario, concesionario)
    assert timedelta(hours=48) <= trade_in.plazo_a - antes < timedelta(hours=48, seconds=5)
    evento = Evento.objects.get(tipo=eventos.DETONANTE_TRADE_IN)
    assert (
        evento.objeto_id == str(operacion_a_cuenta.pk)
        and evento.datos["condicion"] == "Unidad a cuenta en la Solicitud"
    )
    clave = f"operaciones-tradein-{trade_in.pk}-activado"
    assert notificados(clave) == {gerente_otro.pk, gerente_ventas.pk}  # A and B, not a third dealer
    assert correos(clave) == {gerente_otro.email, gerente_ventas.email}
    cuerpo_a = Notificacion.objects.get(clave=clave, destinatario=gerente_otro).cuerpo
    assert "Nissan Tsuru 2012, GS I, 180.000 km, Gris" in cuerpo_a and "Un solo dueño." in cuerpo_a


def test_guardas_de_la_activacion(operacion_a_cuenta, cop, asesor, gerente_ventas, apartar, concesionario):
    sin_a_cuenta = validar(apartar(UnidadFactory(concesionario=concesionario)), cop=cop, gerente=gerente_ventas)
    assert error_de(activar, apartado=operacion_a_cuenta, actor=asesor) == mensajes.NO_ACTIVA_TRADE_IN
    assert error_de(activar, apartado=sin_a_cuenta, actor=cop) == mensajes.TRADE_IN_SIN_UNIDAD_A_CUENTA
    assert error_de(activar, apartado=operacion_a_cuenta, actor=cop, marca=" ") == mensajes.TRADE_IN_DATOS
    assert error_de(activar, apartado=operacion_a_cuenta, actor=cop, vin="ABC") == str(ERROR_VIN)
    assert not TradeIn.objects.exists() and not Evento.objects.filter(tipo=eventos.DETONANTE_TRADE_IN).exists()
    activar(operacion_a_cuenta, cop, vin="3n1cn7ad5zk123456")
    assert TradeIn.objects.get().vin == "3N1CN7AD5ZK123456"
    assert error_de(activar, apartado=operacion_a_cuenta, actor=cop) == mensajes.TRADE_IN_YA_ACTIVO
    assert TradeIn.objects.count() == 1
    assert activar(sin_a_cuenta, cop, decision_cop=True).estado == TradeIn.Estado.ESPERANDO_A


def test_no_se_activa_despues_del_cierre(operacion_a_cuenta, cop):
    cerrar(operacion_a_cuenta)
    assert error_de(activar, apartado=operacion_a_cuenta, actor=cop) == mensajes.OPERACION_CERRADA_TRADE_IN
    assert not TradeIn.objects.exists()


def test_asesor_del_mismo_concesionario_o_independiente_a_es_b_y_no_hay_segunda(
    apartar, unidad, otro_asesor, crear_usuario, concesionario, cop, gerente_ventas
):
    """A = B when the asesor works at the unit's owner (or has no concesionario): B answers as A."""
    apartado = validar(
        apartar(
            unidad, actor=otro_asesor, descuento_solicitado=0, unidad_a_cuenta=True, unidad_a_cuenta_descripcion="x"
        ),
        cop=cop,
        gerente=gerente_ventas,
    )
    trade_in = activar(apartado, cop)
    assert trade_in.concesionario_a == trade_in.concesionario_b == concesionario
    responder_a(apartado, gerente_ventas)
    assert refrescar(trade_in).resuelto
    assert error_de(segunda, apartado=apartado, actor=cop) == mensajes.SEGUNDA_OFERTA_SIN_B


def test_asesor_independiente_tiene_a_igual_a_b(red, crear_usuario, concesionario, cop, gerente_ventas):
    from tests.operaciones.factories import CLIENTE, solicitud_completa

    independiente = crear_usuario("asesor", organizacion=red)
    apartado = services.apartado_crear(
        actor=independiente,
        unidad=UnidadFactory(concesionario=concesionario),
        cliente=CLIENTE,
        solicitud=solicitud_completa(descuento_solicitado=0, unidad_a_cuenta=True, unidad_a_cuenta_descripcion="x"),
    )
    trade_in = activar(validar(apartado, cop=cop, gerente=gerente_ventas), cop)
    assert trade_in.concesionario_a == concesionario


# --- Answer of A ---------------------------------------------------------------------------------


def test_a_toma_la_unidad_con_su_oferta(trade_in, operacion_a_cuenta, gerente_otro, cop, asesor):
    trade_in = responder_a(operacion_a_cuenta, gerente_otro, toma=True, oferta=Decimal("60000"))
    assert (trade_in.estado, trade_in.oferta_a, trade_in.respuesta_a_por) == ("tomado_a", 60000, gerente_otro)
    assert trade_in.resuelto
    evento = Evento.objects.get(tipo=eventos.EVENTO_TRADE_IN_RESPUESTA_A)
    assert evento.datos["condicion"] == "Respuesta de A dentro del plazo" and evento.datos["oferta"] == "60000"
    clave = f"operaciones-tradein-{trade_in.pk}-respuesta-a"
    assert notificados(clave) == {cop.pk, asesor.pk} and correos(clave) == {cop.email, asesor.email}
    assert error_de(responder_a, apartado=operacion_a_cuenta, actor=gerente_otro) == NO_DISPONIBLE.format(
        accion="Declinar el Trade-In (concesionario A)", estado="Tomado por el concesionario A"
    )
    assert Notificacion.objects.filter(clave=clave).count() == 2  # the refused retry notified nobody


def test_solo_el_staff_de_a_responde_como_a(
    trade_in, operacion_a_cuenta, gerente_ventas, cop, tercer_gerente, crear_usuario, otro_concesionario
):
    financiera_a = crear_usuario("gerente_financiera", organizacion=otro_concesionario)
    for actor in (gerente_ventas, cop, tercer_gerente, financiera_a):
        assert error_de(responder_a, apartado=operacion_a_cuenta, actor=actor) == mensajes.NO_RESPONDE_A
    assert refrescar(trade_in).estado == TradeIn.Estado.ESPERANDO_A


def test_tomar_exige_una_oferta(trade_in, operacion_a_cuenta, gerente_otro):
    for oferta in (None, Decimal("0")):
        assert error_de(responder_a, apartado=operacion_a_cuenta, actor=gerente_otro, toma=True, oferta=oferta) == (
            mensajes.OFERTA_REQUERIDA
        )
    assert refrescar(trade_in).estado == TradeIn.Estado.ESPERANDO_A


def test_nada_se_responde_despues_del_cierre(trade_in, operacion_a_cuenta, gerente_otro, cop):
    cerrar(operacion_a_cuenta)
    assert error_de(responder_a, apartado=operacion_a_cuenta, actor=gerente_otro) == mensajes.OPERACION_CERRADA_TRADE_IN
    assert error_de(segunda, apartado=operacion_a_cuenta, actor=cop) == mensajes.OPERACION_CERRADA_TRADE_IN
    assert refrescar(trade_in).estado == TradeIn.Estado.ESPERANDO_A


# --- Segunda Oferta ------------------------------------------------------------------------------


def test_segunda_oferta_antes_de_que_a_decline_o_venza_se_rechaza(trade_in, operacion_a_cuenta, cop):
    plazo = f"{timezone.localtime(trade_in.plazo_a):%d/%m/%Y %H:%M}"
    with time_machine.travel(trade_in.plazo_a - timedelta(minutes=1)):
        assert error_de(segunda, apartado=operacion_a_cuenta, actor=cop) == (
            mensajes.SEGUNDA_OFERTA_ANTICIPADA.format(plazo=plazo)
        )
    assert refrescar(trade_in).estado == TradeIn.Estado.ESPERANDO_A
    assert not Evento.objects.filter(tipo=eventos.DETONANTE_TRADE_IN_SEGUNDA).exists()


def test_segunda_oferta_pasado_el_plazo_de_a_sin_barrido(trade_in, operacion_a_cuenta, cop, gerente_ventas):
    with time_machine.travel(trade_in.plazo_a + timedelta(seconds=1)):
        assert refrescar(trade_in).plazo_a_vencido
        trade_in = segunda(operacion_a_cuenta, cop)
        assert trade_in.estado == TradeIn.Estado.ESPERANDO_B
        assert trade_in.plazo_b == trade_in.segunda_oferta_en + timedelta(hours=48)
    evento = Evento.objects.get(tipo=eventos.DETONANTE_TRADE_IN_SEGUNDA)
    assert evento.datos["condicion"] == "Venció el plazo del concesionario A"


def test_segunda_oferta_tras_declinar_a_avisa_a_b_con_la_informacion_tecnica(
    trade_in, operacion_a_cuenta, cop, gerente_otro, gerente_ventas, asesor
):
    punto = PuntoChecklistTradeIn.objects.get(nombre="Motor y transmisión")
    services.tradein_registrar_revision(
        actor=cop,
        trade_in=TradeIn.objects.get(apartado=operacion_a_cuenta),
        punto=punto,
        resultado="no_cumple",
        observacion="Fuga de aceite",
    )
    responder_a(operacion_a_cuenta, gerente_otro)
    trade_in = segunda(operacion_a_cuenta, cop)
    assert trade_in.segunda_oferta_por == cop
    assert (
        Evento.objects.get(tipo=eventos.DETONANTE_TRADE_IN_SEGUNDA).datos["condicion"] == "El concesionario A declinó"
    )
    clave = f"operaciones-tradein-{trade_in.pk}-segunda"
    assert notificados(clave) == {gerente_ventas.pk} and correos(clave) == {gerente_ventas.email}
    cuerpo = Notificacion.objects.get(clave=clave).cuerpo
    assert "- Motor y transmisión: No cumple. Fuga de aceite" in cuerpo
    assert "- Llaves y duplicado: Sin revisar" in cuerpo and "180.000 km" in cuerpo
    assert error_de(segunda, apartado=operacion_a_cuenta, actor=cop) == NO_DISPONIBLE.format(
        accion="Activar Trade-In Segunda Oferta", estado="Segunda Oferta: esperando al concesionario B"
    )
    assert Notificacion.objects.filter(clave=clave).count() == 1


def test_segunda_oferta_no_aplica_si_a_tomo_y_solo_la_activa_el_cop(trade_in, operacion_a_cuenta, cop, gerente_otro):
    assert error_de(segunda, apartado=operacion_a_cuenta, actor=gerente_otro) == mensajes.SOLO_COP
    responder_a(operacion_a_cuenta, gerente_otro, toma=True, oferta=Decimal("1000"))
    assert error_de(segunda, apartado=operacion_a_cuenta, actor=cop) == NO_DISPONIBLE.format(
        accion="Activar Trade-In Segunda Oferta", estado="Tomado por el concesionario A"
    )


# --- Answer of B ------------------------------------------------------------------------------------


def test_b_responde_la_segunda_oferta(trade_in, operacion_a_cuenta, cop, gerente_otro, gerente_ventas, asesor):
    # Before the Segunda Oferta only A answers.
    assert error_de(responder_b, apartado=operacion_a_cuenta, actor=gerente_ventas) == mensajes.NO_RESPONDE_A
    responder_a(operacion_a_cuenta, gerente_otro)
    segunda(operacion_a_cuenta, cop)
    assert error_de(responder_b, apartado=operacion_a_cuenta, actor=gerente_otro) == mensajes.NO_RESPONDE_B
    trade_in = responder_b(operacion_a_cuenta, gerente_ventas)
    assert (trade_in.estado, trade_in.oferta_b, trade_in.respuesta_b_por) == ("tomado_b", 55000, gerente_ventas)
    assert trade_in.resuelto
    assert Evento.objects.get(tipo=eventos.EVENTO_TRADE_IN_RESPUESTA_B).objeto_id == str(operacion_a_cuenta.pk)
    assert notificados(f"operaciones-tradein-{trade_in.pk}-respuesta-b") == {cop.pk, asesor.pk}
    assert error_de(responder_b, apartado=operacion_a_cuenta, actor=gerente_ventas) == NO_DISPONIBLE.format(
        accion="Tomar la unidad a cuenta (concesionario B)", estado="Tomado por el concesionario B"
    )


def test_b_declina_y_el_trade_in_queda_resuelto(trade_in, operacion_a_cuenta, cop, gerente_otro, gerente_ventas):
    responder_a(operacion_a_cuenta, gerente_otro)
    assert not refrescar(trade_in).resuelto  # B may still take it
    segunda(operacion_a_cuenta, cop)
    trade_in = responder_b(operacion_a_cuenta, gerente_ventas, toma=False, oferta=None)
    assert trade_in.estado == TradeIn.Estado.DECLINADO_B and trade_in.resuelto


def test_cada_paso_es_un_evento_del_apartado(trade_in, operacion_a_cuenta, cop, gerente_otro, gerente_ventas):
    responder_a(operacion_a_cuenta, gerente_otro)
    segunda(operacion_a_cuenta, cop)
    responder_b(operacion_a_cuenta, gerente_ventas)
    tipos = Evento.objects.filter(objeto_id=str(operacion_a_cuenta.pk), tipo__contains="trade_in").order_by("secuencia")
    assert list(tipos.values_list("tipo", flat=True)) == [
        eventos.DETONANTE_TRADE_IN,
        eventos.EVENTO_TRADE_IN_RESPUESTA_A,
        eventos.DETONANTE_TRADE_IN_SEGUNDA,
        eventos.EVENTO_TRADE_IN_RESPUESTA_B,
    ]


# --- Checklist ------------------------------------------------------------------------------------------


def test_el_checklist_sembrado_y_la_revision_del_cop(trade_in, operacion_a_cuenta, cop, gerente_otro):
    assert PuntoChecklistTradeIn.objects.filter(activo=True).count() >= 10
    punto = PuntoChecklistTradeIn.objects.get(nombre="Reporte de robo limpio (REPUVE)")
    registrar = services.tradein_registrar_revision
    datos = {"trade_in": trade_in, "punto": punto}
    revision = registrar(actor=cop, **datos, resultado="cumple")
    registrar(actor=cop, **datos, resultado="no_cumple", observacion="Reporte vigente")
    revision = refrescar(revision)
    assert (revision.resultado, revision.observacion) == ("no_cumple", "Reporte vigente")
    assert RevisionTradeIn.objects.count() == 1 and revision.history.count() == 2
    assert error_de(registrar, actor=gerente_otro, **datos, resultado="cumple") == mensajes.NO_REVISA_TRADE_IN
    assert error_de(registrar, actor=cop, **datos, resultado="regular") == mensajes.PUNTO_CHECKLIST_INVALIDO
    PuntoChecklistTradeIn.objects.filter(pk=punto.pk).update(activo=False)
    datos["punto"] = refrescar(punto)
    assert error_de(registrar, actor=cop, **datos, resultado="cumple") == mensajes.PUNTO_CHECKLIST_INVALIDO
    assert refrescar(revision).resultado == "no_cumple"


# --- Photos and documents ---------------------------------------------------------------------------------


def subir(apartado, actor, tipo, nombre, contenido):
    return services.tradein_agregar_archivo(
        actor=actor,
        trade_in=TradeIn.objects.get(apartado=apartado),
        tipo=tipo,
        archivo=SimpleUploadedFile(nombre, contenido),
    )


@pytest.fixture
def almacen(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    return tmp_path


def archivos_en(raiz):
    return [p for p in raiz.rglob("*") if p.is_file()]


def test_fotos_y_documentos_validos_se_guardan_en_privado(trade_in, operacion_a_cuenta, cop, almacen):
    foto = subir(operacion_a_cuenta, cop, "foto", "frente.png", PNG)
    documento = subir(operacion_a_cuenta, cop, "documento", "factura.pdf", PDF)
    assert foto.archivo.name == f"operaciones/tradein/{trade_in.pk}/foto/frente.png"
    assert documento.archivo.name.startswith(f"operaciones/tradein/{trade_in.pk}/documento/")
    assert len(archivos_en(almacen)) == 2 and ArchivoTradeIn.objects.count() == 2


@pytest.mark.parametrize(
    ("tipo", "nombre", "contenido", "mensaje"),
    [
        ("foto", "factura.pdf", PDF, "El archivo «factura.pdf» no es de un tipo permitido (imagen JPG, PNG o WEBP)."),
        (
            "documento",
            "hoja.xlsx",
            b"PK\x03\x04xx",
            "El archivo «hoja.xlsx» no es de un tipo permitido (PDF, imagen JPG, PNG o WEBP).",
        ),
        ("foto", "falsa.png", b"no es png", "El contenido de «falsa.png» no corresponde a su extensión; no se guardó."),
        (
            "foto",
            "grande.png",
            PNG + b"0" * 200,
            ERROR_TAMANO.format(nombre="grande.png", tamano=filesizeformat(272), maximo=filesizeformat(100)),
        ),
        ("video", "a.png", PNG, mensajes.TIPO_ARCHIVO_TRADE_IN),
    ],
)
def test_un_archivo_invalido_se_rechaza_y_no_se_guarda(
    trade_in, operacion_a_cuenta, cop, almacen, settings, tipo, nombre, contenido, mensaje
):
    settings.OPERACIONES_ARCHIVO_MAX_BYTES = 100
    assert (
        error_de(subir, apartado=operacion_a_cuenta, actor=cop, tipo=tipo, nombre=nombre, contenido=contenido)
        == mensaje
    )
    assert not ArchivoTradeIn.objects.exists() and archivos_en(almacen) == []


def test_solo_el_cop_sube_archivos_y_no_tras_el_cierre(trade_in, operacion_a_cuenta, cop, gerente_otro, almacen):
    assert error_de(
        subir, apartado=operacion_a_cuenta, actor=gerente_otro, tipo="foto", nombre="a.png", contenido=PNG
    ) == (mensajes.NO_SUBE_TRADE_IN)
    cerrar(operacion_a_cuenta)
    assert error_de(subir, apartado=operacion_a_cuenta, actor=cop, tipo="foto", nombre="a.png", contenido=PNG) == (
        mensajes.OPERACION_CERRADA_TRADE_IN
    )
    assert not ArchivoTradeIn.objects.exists() and archivos_en(almacen) == []
