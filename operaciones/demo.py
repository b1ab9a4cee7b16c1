"""Demo data of operaciones for ``manage.py demo`` (idempotent).

Adds concesionarios to the Enl@ceGrup network, asesores and gerentes, a few
hundred units (bulk) and apartados in every state, some near their deadline.
Apartados go through the services (events and notifications included) and are
created only once: a second run finds the demo clients and adds nothing.
"""

import random
import uuid
from contextlib import contextmanager, nullcontext
from datetime import datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from unittest import mock

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from enlace import bitacora
from enlace.historial import actualizar_con_historial
from enlace.models import Organizacion, Usuario
from operaciones import services
from operaciones.models import (
    Apartado,
    CanalLead,
    Cliente,
    Contacto,
    EncuestaCierre,
    Escalamiento,
    ImportacionInventario,
    LineaComision,
    Mensaje,
    SolicitudCancelacion,
    TipoMensaje,
    Unidad,
    documentos_requeridos,
)
from operaciones.selectors.bandeja import semana_de
from operaciones.services.gerencia import concesionarios_de_la_red

CONTRASENA_DEMO = "enlace-demo-2026"
DOMINIO = "demo.enlace.mx"
UNIDADES_POR_CONCESIONARIO = 60

CONCESIONARIOS = [
    # slug, nombre, ciudad, zona horaria
    ("concesionario-norte", "Autos del Norte", "Monterrey", "America/Mexico_City"),
    ("concesionario-sur", "Seminuevos del Sur", "Mérida", "America/Cancun"),
    ("concesionario-bajio", "Motores del Bajío", "León", "America/Mexico_City"),
    ("concesionario-occidente", "Occidente Automotriz", "Guadalajara", "America/Mexico_City"),
    ("concesionario-frontera", "Frontera Seminuevos", "Tijuana", "America/Tijuana"),
]
CATALOGO = [
    ("Nissan", "Versa", "Advance"),
    ("Nissan", "Sentra", "Exclusive"),
    ("Chevrolet", "Aveo", "LT"),
    ("Volkswagen", "Jetta", "Comfortline"),
    ("Toyota", "Corolla", "LE"),
    ("Honda", "CR-V", "Touring"),
    ("Mazda", "CX-5", "i Grand Touring"),
    ("Kia", "Rio", "EX"),
    ("Ford", "Ranger", "XLT"),
    ("Hyundai", "Tucson", "GLS"),
]
COLORES = ["Blanco", "Gris plata", "Negro", "Rojo", "Azul", "Arena"]
VIN_LETRAS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def _vin(rng):
    return "".join(rng.choice(VIN_LETRAS) for _ in range(17))


def _usuario(email, nombre, rol, organizacion):
    usuario, creado = Usuario.objects.get_or_create(
        email=email,
        defaults={"first_name": nombre, "last_name": "(demo)", "organizacion": organizacion},
    )
    if creado:
        usuario.set_password(CONTRASENA_DEMO)
        usuario.save(update_fields=["password"])
    usuario.groups.add(Group.objects.get(name=rol))
    return usuario


def cargar(*, organizaciones, stdout):
    red = organizaciones["enlacegrup"]
    concesionarios = {}
    for slug, nombre, _ciudad, zona in CONCESIONARIOS:
        concesionarios[slug], _ = Organizacion.objects.update_or_create(
            slug=slug,
            defaults={
                "nombre": nombre,
                "tipo": "concesionario",
                "padre": red,
                "pais": "MX",
                "moneda": "MXN",
                "zona_horaria": zona,
            },
        )
    asesores = [Usuario.objects.get(email=f"asesor@{DOMINIO}")]
    for slug, nombre, _, _ in CONCESIONARIOS[1:]:
        corto = slug.removeprefix("concesionario-")
        asesores.append(_usuario(f"asesor.{corto}@{DOMINIO}", f"Asesor {nombre}", "asesor", concesionarios[slug]))
        _usuario(
            f"gerente.ventas.{corto}@{DOMINIO}", f"Gerente de ventas {nombre}", "gerente_ventas", concesionarios[slug]
        )
        _usuario(
            f"gerente.general.{corto}@{DOMINIO}", f"Gerente general {nombre}", "gerente_general", concesionarios[slug]
        )
    asesores.append(_usuario(f"asesor.independiente@{DOMINIO}", "Asesor independiente", "asesor", None))

    # Units: deterministic, bulk, only the missing ones.
    rng = random.Random(20260)
    hoy = timezone.localdate()
    nuevas = []
    for slug, _, ciudad, _ in CONCESIONARIOS:
        for _ in range(UNIDADES_POR_CONCESIONARIO):
            marca, modelo, version = rng.choice(CATALOGO)
            nuevas.append(
                Unidad(
                    vin=_vin(rng),
                    marca=marca,
                    modelo=modelo,
                    version=version,
                    anio=rng.randint(2015, 2024),
                    km=rng.randint(5_000, 150_000),
                    color=rng.choice(COLORES),
                    precio=Decimal(rng.randint(180, 750) * 1000),
                    concesionario=concesionarios[slug],
                    ciudad=ciudad,
                    fecha_ingreso=hoy - timedelta(days=rng.randint(0, 120)),
                )
            )
    existentes = set(Unidad.objects.filter(vin__in=[u.vin for u in nuevas]).values_list("vin", flat=True))
    Unidad.objects.bulk_create([u for u in nuevas if u.vin not in existentes], batch_size=500)

    if not Cliente.objects.filter(correo__endswith="@cliente.demo").exists():
        _apartados(rng, asesores)
    services.unidades_alertar_antiguedad()
    services.tramos_actualizar()
    _comunicacion()
    _publicacion(concesionarios["concesionario-norte"])
    _personas_del_concesionario(
        cop=Usuario.objects.get(email=f"cop@{DOMINIO}"), concesionario=concesionarios["concesionario-norte"]
    )
    _trabajo_de_la_semana(
        cop=Usuario.objects.get(email=f"cop@{DOMINIO}"), concesionario=concesionarios["concesionario-bajio"]
    )
    stdout.write(
        f"operaciones: {len(concesionarios)} concesionarios, {Unidad.objects.count()} unidades, "
        f"{Apartado.objects.count()} apartados."
    )


def _comunicacion():
    """The COP as the network's hub: threads (one unanswered), an open and an answered escalation, a notice."""
    if Mensaje.objects.exists():
        return
    cop = Usuario.objects.get(email=f"cop@{DOMINIO}")
    activos = list(
        Apartado.objects.filter(estado__in=[Apartado.Estado.PENDIENTE, Apartado.Estado.VALIDADO])
        .select_related("asesor", "unidad")
        .order_by("pk")[:3]
    )
    if len(activos) < 3:
        return
    primero, segundo, tercero = activos
    services.mensaje_enviar(
        actor=primero.asesor,
        apartado=primero,
        tipo=TipoMensaje.FOTOS_VIDEOS,
        texto="Mi cliente pide un video del motor en marcha y fotos del interior antes de venir a verlo.",
    )
    services.mensaje_enviar(
        actor=segundo.asesor,
        apartado=segundo,
        tipo=TipoMensaje.DESCUENTO,
        texto="El cliente paga de contado esta semana si le dejan $8,000 de descuento.",
    )
    services.mensaje_enviar(
        actor=cop,
        apartado=segundo,
        tipo=TipoMensaje.RESPUESTA,
        texto="Lo consulto con el gerente de ventas del concesionario y le aviso hoy mismo.",
    )
    services.mensaje_enviar(
        actor=cop,
        apartado=segundo,
        tipo=TipoMensaje.INTERVENCION,
        texto="Sugerencia: ofrezca primero la garantía extendida; el margen de descuento de esta unidad es corto.",
    )
    services.escalamiento_abrir(
        actor=cop,
        apartado=tercero,
        motivo="El concesionario no ha confirmado la disponibilidad de la unidad tras dos solicitudes.",
        severidad=Escalamiento.Severidad.ALTA,
    )
    respondido = services.escalamiento_abrir(
        actor=cop,
        apartado=segundo,
        motivo="La solicitud de descuento lleva más de un día sin respuesta del gerente de ventas.",
        severidad=Escalamiento.Severidad.MEDIA,
    )
    gerente = services.gerentes_generales_de(segundo.unidad.concesionario_id).first()
    if gerente:
        services.escalamiento_responder(
            actor=gerente,
            escalamiento=respondido,
            respuesta="Hablé con el gerente de ventas: responde hoy antes de las 18:00.",
        )
    hoy = timezone.localdate()
    services.aviso_avance_enviar(
        actor=cop,
        concesionarios=concesionarios_de_la_red(cop),
        desde=hoy - timedelta(days=30),
        hasta=hoy,
        incentivo="¡Buen mes! El concesionario que más cierres logre esta quincena recibe un bono de publicidad.",
    )


def _publicacion(norte):
    """The webmaster's waiting work at Autos del Norte: an asesor's request for photos and a video of one of its
    units, a price change proposed by the gerente de ventas, and a complete inventory file that left one unit out
    (offered for withdrawal)."""
    if ImportacionInventario.objects.filter(concesionario=norte).exists():
        return
    webmaster = Usuario.objects.get(email=f"webmaster@{DOMINIO}")
    gerente = Usuario.objects.get(email=f"gerente.ventas@{DOMINIO}")
    activo = (
        Apartado.objects.filter(
            unidad__concesionario=norte, estado__in=[Apartado.Estado.PENDIENTE, Apartado.Estado.VALIDADO]
        )
        .exclude(hilo__mensajes__tipo=TipoMensaje.FOTOS_VIDEOS)
        .select_related("asesor")
        .order_by("pk")
        .first()
    )
    if activo is None:
        unidad = Unidad.objects.filter(concesionario=norte, estado=Unidad.Estado.DISPONIBLE).order_by("vin").first()
        asesor = Usuario.objects.filter(groups__name="asesor").exclude(organizacion=norte).order_by("pk").first()
        cliente = {"nombre": "Cliente demo fotos", "correo": "fotos@cliente.demo", "telefono": "+525555550000"}
        activo = services.apartado_crear(
            actor=asesor,
            unidad=unidad,
            cliente=cliente,
            solicitud={**DE_CONTADO, "lugar_entrega": "concesionario_unidad", "canal": _canal(0)},
        )
    services.mensaje_enviar(
        actor=activo.asesor,
        apartado=activo,
        tipo=TipoMensaje.FOTOS_VIDEOS,
        texto="¿Me comparten un video del recorrido exterior y fotos de la cajuela? El cliente viene mañana.",
    )
    en_inventario = list(Unidad.objects.filter(concesionario=norte).en_inventario().order_by("vin"))
    services.inventario_importar(
        actor=webmaster, concesionario=norte, archivo=_archivo_de_inventario(en_inventario[1:]), completo=True
    )
    disponible = next(u for u in en_inventario[1:] if u.estado == Unidad.Estado.DISPONIBLE)
    services.cambio_proponer(
        actor=gerente,
        unidad=disponible,
        datos={"precio": disponible.precio - Decimal(10_000), "equipamiento": "Cámara de reversa; pantalla táctil"},
        motivo="Ajuste de precio por antigüedad en piso.",
    )


def _archivo_de_inventario(unidades):
    """The dealer's export of ``unidades`` as its system would write it (CSV, Spanish headers)."""
    lineas = ["VIN,Marca,Modelo,Año,Versión,Kilometraje,Precio,Color,Ciudad"]
    lineas += [
        f"{u.vin},{u.marca},{u.modelo},{u.anio},{u.version},{u.km},{u.precio},{u.color},{u.ciudad}" for u in unidades
    ]
    return SimpleUploadedFile("inventario-autos-del-norte.csv", "\n".join(lineas).encode(), content_type="text/csv")


def _personas_del_concesionario(*, cop, concesionario):
    """Work waiting for the concesionario's people (the demo logins of Autos del Norte) and its asesor: a discount
    for the gerente de ventas to answer, a financing for the gerente de financiera to record and a cancellation
    request of the asesor pending with the COP, all made today."""
    if SolicitudCancelacion.objects.exists():
        return
    asesor = Usuario.objects.get(email=f"asesor@{DOMINIO}")
    unidades = list(
        Unidad.objects.filter(concesionario=concesionario, estado=Unidad.Estado.DISPONIBLE).order_by("-vin")[:3]
    )
    if len(unidades) < 3:
        return
    con_descuento, financiada, a_cancelar = (
        _operacion_validada(cop, asesor, unidad, numero, forma_pago)
        for numero, (unidad, forma_pago) in enumerate(
            zip(unidades, ("contado", "financiado", "contado"), strict=True), start=1
        )
    )
    services.descuento_solicitar(
        actor=asesor,
        apartado=con_descuento,
        tipo="monto",
        valor=Decimal(12000),
        motivo="El cliente cierra hoy de contado si le dejan $12.000 de descuento.",
    )
    services.financiamiento_enviar(
        actor=asesor,
        apartado=financiada,
        financiera=financiada.financiera,
        tipo_financiera=financiada.tipo_financiera,
        monto_solicitado=financiada.unidad.precio - financiada.enganche,
        plazo_meses=48,
    )
    services.cancelacion_solicitar(
        actor=asesor,
        apartado=a_cancelar,
        motivo="financiamiento",
        detalle="El banco del cliente rechazó el crédito y no quiere otra financiera.",
    )


class _RelojDemo:
    """The time of demo work done in past hours: ``ahora`` is what ``timezone.now()`` says within
    ``_en_el_pasado``. With an ``rng`` every event the log records moves it on 1–10 h, never more than half the
    way left to the real now, so that an operación's steps take hours and none lands in the future."""

    def __init__(self, desde, rng=None):
        self.fin = timezone.now()
        self.ahora = desde
        self.rng = rng

    def leer_y_avanzar(self):
        lectura = self.ahora
        if self.rng is not None:
            self.ahora += min(timedelta(hours=self.rng.uniform(1, 10)), (self.fin - self.ahora) / 2)
        return lectura


class _MetaFecha(type):
    def __instancecheck__(cls, valor):
        return isinstance(valor, datetime)


@contextmanager
def _en_el_pasado(reloj):
    """Everything done meanwhile happens at ``reloj.ahora`` (demo only): Django's ``timezone.now()``, also where a
    model field took it as its default (hence the patch of the ``datetime`` that it reads), and the event log."""

    class Fecha(metaclass=_MetaFecha):
        @staticmethod
        def now(tz=None):
            return reloj.ahora.astimezone(tz)

    with (
        mock.patch.object(timezone, "datetime", Fecha),
        mock.patch.object(bitacora, "timezone", SimpleNamespace(now=reloj.leer_y_avanzar)),
    ):
        yield


def _trabajo_de_la_semana(*, cop, concesionario):
    """What the COP's tray shows on any day the demo is loaded: a delivery later this week and an operación
    validated days ago without movement since."""
    if Apartado.objects.filter(cliente__correo__endswith="@semana.cliente.demo").exists():
        return
    asesor = Usuario.objects.filter(groups__name="asesor", organizacion__isnull=False).order_by("pk").first()
    unidades = list(
        Unidad.objects.filter(concesionario=concesionario, estado=Unidad.Estado.DISPONIBLE).order_by("vin")[:2]
    )
    if asesor is None or len(unidades) < 2:
        return
    ahora = timezone.now()
    con_entrega = _operacion_validada(cop, asesor, unidades[0], "semana-1", "contado", dominio="semana.cliente.demo")
    fecha = min(ahora + timedelta(hours=3), semana_de(ahora)[1] - timedelta(minutes=1))
    if fecha > ahora:
        services.entrega_programar(actor=cop, apartado=con_entrega, fecha_programada=fecha)
    validada_el = ahora - timedelta(hours=settings.OPERACIONES_HORAS_SIN_MOVIMIENTO + 24)
    with _en_el_pasado(_RelojDemo(validada_el)):
        estancada = _operacion_validada(cop, asesor, unidades[1], "semana-2", "contado", dominio="semana.cliente.demo")
    with _en_el_pasado(_RelojDemo(validada_el + timedelta(hours=2))):
        descuento = services.descuento_solicitar(
            actor=asesor, apartado=estancada, tipo="monto", valor=Decimal(6000), motivo="El cliente lo pide (demo)."
        )
    with _en_el_pasado(_RelojDemo(validada_el + timedelta(hours=5, minutes=30))):
        services.descuento_resolver(actor=cop, descuento=descuento, aprobado=False, motivo="Sin margen (demo).")
    actualizar_con_historial(
        Apartado.objects.filter(pk=estancada.pk),
        {"creado": validada_el - timedelta(hours=3), "vence": validada_el + timedelta(hours=21),
         "validado_en": validada_el},
        razon="Datos de demostración",
    )  # fmt: skip


def _operacion_validada(cop, asesor, unidad, numero, forma_pago, dominio="cliente.demo"):
    financiado = forma_pago == "financiado"
    apartado = services.apartado_crear(
        actor=asesor,
        unidad=unidad,
        cliente={
            "nombre": f"Cliente del concesionario {numero}",
            "correo": f"concesionario{numero}@{dominio}",
            "telefono": "+528180000000",
        },
        solicitud={
            **DE_CONTADO,
            "lugar_entrega": "concesionario_unidad",
            "canal": _canal(numero),
            **(
                {
                    "forma_pago": "financiado",
                    "enganche": (unidad.precio * Decimal("0.25")).quantize(Decimal("1")),
                    "financiera": "Financiera Autos del Norte",
                    "tipo_financiera": "concesionario",
                }
                if financiado
                else {}
            ),
        },
    )
    services.apartado_registrar_confirmacion(
        actor=cop, apartado=apartado, confirmo="Gerente de ventas (demo)", medio="telefono"
    )
    return services.apartado_validar(actor=cop, apartado=apartado)


def _apartados(rng, asesores):
    """Apartados in every state through the services; some pending near their deadline."""
    cop = Usuario.objects.get(email=f"cop@{DOMINIO}")
    disponibles = list(Unidad.objects.filter(estado=Unidad.Estado.DISPONIBLE).order_by("vin")[:40])
    asesores = [a for a in asesores if a.organizacion_id]
    cerradas = []
    _directorio(cop)
    planes = ["pendiente"] * 6 + ["cerca"] * 3 + ["urgente"] * 2 + ["confirmado"] * 3 + ["validado"] * 5
    planes += ["liberado"] * 3 + ["cancelado"] * 3 + ["cerrado"] * 3 + ["negociacion"] * 2
    for numero, (plan, unidad) in enumerate(zip(planes, disponibles, strict=False)):
        asesor = asesores[numero % len(asesores)]
        horas = HORAS_DE_HISTORIA.get(plan)
        reloj = _RelojDemo(timezone.now() - timedelta(hours=horas), random.Random(numero)) if horas else None
        with _en_el_pasado(reloj) if reloj else nullcontext():
            _llevar_apartado(numero, plan, unidad, asesor, cop, rng, cerradas)
    _despues_del_cierre(cerradas, cop)
    _coaching(cop, asesores, cerradas)
    _fotos_pedidas(cop, asesores[0].organizacion)


# How many hours ago an apartado's work starts, by plan (about its number of steps × 5 h), so that the bottleneck
# report shows stages of hours. The pending ones run on today's clock (their 24 h run now), as does all after the loop.
HORAS_DE_HISTORIA = {"validado": 36, "negociacion": 60, "cerrado": 120, "liberado": 20, "cancelado": 20}


def _llevar_apartado(numero, plan, unidad, asesor, cop, rng, cerradas):
    """One demo apartado taken through the services as far as its ``plan`` says; returns it."""
    financiado = numero % 2 == 0
    apartado = services.apartado_crear(
        actor=asesor,
        unidad=unidad,
        cliente={
            "nombre": f"Cliente demo {numero + 1}",
            "correo": f"cliente{numero + 1}@cliente.demo",
            "telefono": "+525555550000",
        },
        solicitud={
            "forma_pago": "financiado" if financiado else "contado",
            "enganche": Decimal(unidad.precio * Decimal("0.2")).quantize(Decimal("1")) if financiado else 0,
            "financiera": rng.choice(["BBVA", "Banorte", "Santander", "Caja Popular Mexicana"]) if financiado else "",
            "tipo_financiera": "banco" if financiado else "",
            "unidad_a_cuenta": numero % 5 == 0,
            "unidad_a_cuenta_descripcion": "Nissan Tsuru 2012" if numero % 5 == 0 else "",
            "tipo_persona": "moral" if numero % 7 == 0 else "fisica",
            "descuento_solicitado": Decimal(5000 * (numero % 3)),
            "lugar_entrega": "concesionario_unidad",
            "canal": _canal(numero),
            **(A_DOMICILIO if plan == "validado" and numero % 2 else {}),
            **(DE_CONTADO if plan == "cerrado" else {}),
            **(CON_TRADE_IN if plan == "negociacion" else {}),
        },
    )
    if plan in ("cerca", "urgente"):
        horas = 4 if plan == "cerca" else 0.5
        vence = timezone.now() + timedelta(hours=horas)
        actualizar_con_historial(
            Apartado.objects.filter(pk=apartado.pk),
            {"creado": vence - timedelta(hours=services.horas_validacion()), "vence": vence},
            razon="Datos de demostración",
        )
        actualizar_con_historial(
            Unidad.objects.filter(pk=unidad.pk), {"reservada_hasta": vence}, razon="Datos de demostración"
        )
    if plan in ("confirmado", "validado", "cerrado", "negociacion"):
        services.apartado_registrar_confirmacion(
            actor=cop, apartado=apartado, confirmo="Gerente de ventas (demo)", medio="telefono"
        )
    if plan in ("validado", "cerrado", "negociacion"):
        services.apartado_validar(actor=cop, apartado=apartado)
    if plan == "validado" and apartado.requiere_traslado:
        _trasladar(apartado, cop, completar=False)
    if plan == "cerrado":
        apartado = _cerrar(apartado, cop, numero=len(cerradas))
        cerradas.append(apartado)
    if plan == "negociacion":
        _negociar(apartado, cop)
    if plan == "liberado":
        services.apartado_liberar(actor=cop, apartado=apartado, motivo="El cliente no respondió (demo).")
    if plan == "cancelado":
        services.apartado_cancelar(actor=cop, apartado=apartado, motivo="cliente_desiste", detalle="Demo.")
    return apartado


def _fotos_pedidas(cop, concesionario):
    """The webmaster's work of the day: photos and videos asked for two units, one due today."""
    unidades = Unidad.objects.filter(concesionario=concesionario, estado=Unidad.Estado.DISPONIBLE).order_by("vin")[:2]
    for dias, unidad in enumerate(unidades):
        services.tarea_crear(
            actor=cop,
            tipo="fotos_videos",
            unidad=unidad,
            fecha_compromiso=timezone.localdate() + timedelta(days=dias),
            notas="Fotos exteriores, interiores y un video de recorrido para el catálogo.",
        )


# Solicitud overrides: a cash sale with nothing to negotiate (ready to close), and a financed sale with a trade-in.
DE_CONTADO = {
    "forma_pago": "contado",
    "enganche": 0,
    "financiera": "",
    "tipo_financiera": "",
    "unidad_a_cuenta": False,
    "unidad_a_cuenta_descripcion": "",
    "descuento_solicitado": Decimal(0),
    "tipo_persona": "fisica",
}
A_DOMICILIO = {"lugar_entrega": "domicilio", "lugar_entrega_detalle": "Av. Constitución 1500, Centro, Monterrey"}
CON_TRADE_IN = {
    "forma_pago": "financiado",
    "enganche": Decimal(50000),
    "financiera": "Caja Popular Mexicana",
    "tipo_financiera": "caja_popular",
    "unidad_a_cuenta": True,
    "unidad_a_cuenta_descripcion": "Chevrolet Aveo 2016",
    "descuento_solicitado": Decimal(8000),
}


def _pdf(nombre):
    return SimpleUploadedFile(nombre, b"%PDF-1.4\n% documento de demostracion\n", content_type="application/pdf")


def _cerrar(apartado, cop, *, numero):
    """A cash operación taken through expediente, payment, factura, delivery, traslado and seguro to its Cierre.

    The first one's client asked for the unit at home after the Solicitud (a change with its reason and a
    completed traslado); the second's client declined the insurance (with the reason); the rest have a policy.
    """
    for tipo in documentos_requeridos(tipo_persona=apartado.tipo_persona, forma_pago=apartado.forma_pago):
        services.documento_agregar(actor=cop, apartado=apartado, tipo=tipo, archivo=_pdf(f"{tipo}.pdf"))
    services.pago_confirmar(
        actor=cop, apartado=apartado, referencia=f"SPEI demo {apartado.pk}", monto=apartado.unidad.precio
    )
    services.factura_registrar(
        actor=cop, apartado=apartado, uuid=str(uuid.UUID(int=apartado.pk)).upper(), fecha=timezone.localdate()
    )
    if numero == 0:
        apartado = services.lugar_entrega_cambiar(
            actor=cop,
            apartado=apartado,
            lugar="domicilio",
            detalle=A_DOMICILIO["lugar_entrega_detalle"],
            motivo="El cliente no puede recoger la unidad en la agencia: pidió que se la lleven a su casa.",
        )
        _trasladar(apartado, cop, completar=True)
    services.entrega_programar(actor=cop, apartado=apartado, fecha_programada=timezone.now() + timedelta(hours=1))
    seguro = apartado.tareas_proveedor.get(tipo="seguro")
    if numero == 1:
        services.seguro_declinar(
            actor=cop, tarea=seguro, motivo="El cliente ya tiene una póliza de flotilla con su empresa (demo)."
        )
    else:
        services.seguro_activar(
            actor=cop,
            tarea=seguro,
            proveedor=Contacto.objects.get(tipo="aseguradora", empresa="Qualitas"),
            poliza=f"QLT-{apartado.pk:06d}",
            fecha_activacion=timezone.localdate(),
        )
    return services.operacion_cerrar(actor=cop, apartado=apartado)


def _trasladar(apartado, cop, *, completar):
    """The unit travels from the owning concesionario to the client's address (completed, or pending today)."""
    traslado = services.traslado_programar(
        actor=cop,
        apartado=apartado,
        origen=f"{apartado.concesionario.nombre}, {apartado.unidad.ciudad}",
        destino=apartado.lugar_entrega_detalle,
        proveedor=Contacto.objects.get(tipo="traslados", empresa="Traslados Express del Norte"),
        fecha_compromiso=timezone.localdate() + timedelta(days=0 if completar else 1),
        notas="Unidad en plataforma cerrada (demo).",
    )
    if completar:
        services.tarea_avanzar(actor=cop, tarea=traslado)
        services.tarea_completar(actor=cop, tarea=traslado, notas="Entregada en el domicilio del cliente.")


def _negociar(apartado, cop):
    """A validated operación half-way: discount in negotiation, financing approved, trade-in with B."""
    descuento = apartado.descuentos.order_by("pk").first()
    services.descuento_negociar(actor=cop, descuento=descuento)
    financiamiento = services.financiamiento_enviar(
        actor=cop,
        apartado=apartado,
        financiera=apartado.financiera,
        tipo_financiera=apartado.tipo_financiera,
        monto_solicitado=apartado.unidad.precio - apartado.enganche,
        plazo_meses=36,
    )
    services.financiamiento_registrar_respuesta(
        actor=cop,
        financiamiento=financiamiento,
        aprobada=True,
        condiciones="36 meses, tasa fija, seguro de vida incluido.",
        monto_aprobado=financiamiento.monto_solicitado,
    )
    services.tradein_activar(
        actor=cop,
        apartado=apartado,
        unidad={"marca": "Chevrolet", "modelo": "Aveo", "anio": 2016, "km": 98_000, "color": "Rojo"},
    )


def _despues_del_cierre(cerradas, cop):
    """The first client answered the survey; the first operación's commissions are verified and paid."""
    if not cerradas:
        return
    primera = cerradas[0]
    encuesta = EncuestaCierre.objects.filter(apartado=primera).first()
    if encuesta is not None:
        services.encuesta_responder(encuesta=encuesta, calificacion=5, comentario="Muy buena atención (demo).")
    lineas = list(LineaComision.objects.filter(apartado=primera))
    if lineas:
        services.comision_verificar(actor=cop, lineas=lineas)
        services.comision_pagar(actor=cop, lineas=lineas, fecha=timezone.localdate(), referencia="Transferencia demo")


DIRECTORIO = [
    ("gerente_general", "Patricia Garza", "Autos del Norte"),
    ("ejecutivo_banco", "Ricardo Salinas", "BBVA México"),
    ("ejecutivo_caja", "Lucía Herrera", "Caja Popular Mexicana"),
    ("gerente_ventas", "Jorge Treviño", "Autos del Norte"),
    ("gerente_financiera", "Mónica Ruiz", "Financiera Occidente"),
    ("webmaster", "Iván Cárdenas", "Motores del Bajío"),
    ("aseguradora", "Atención a agencias", "Qualitas"),
    ("gestor", "Gestoría Hernández", "Gestoría Hernández"),
    ("traslados", "Logística de traslados", "Traslados Express del Norte"),
]


def _directorio(cop):
    for tipo, nombre, empresa in DIRECTORIO:
        services.contacto_guardar(
            actor=cop,
            datos={"tipo": tipo, "nombre": nombre, "empresa": empresa, "telefono": "+528112345678", "correo": ""},
        )


def _canal(numero):
    """The Solicitud's lead channel: the catalogue the migration seeds, in turn (``numero`` may be a label)."""
    canales = list(CanalLead.objects.filter(activo=True))
    return canales[sum(str(numero).encode()) % len(canales)]


def _coaching(cop, asesores, cerradas):
    """Two coaching sessions; the first is about the asesor's closed operación (it shows on its timeline)."""
    for numero, asesor in enumerate(asesores[:2]):
        operacion = next((c for c in cerradas if c.asesor_id == asesor.pk), None) if numero == 0 else None
        services.coaching_registrar(
            actor=cop,
            asesor=asesor,
            fecha=timezone.localdate(),
            tipo="coaching",
            temas="Seguimiento de apartados y tiempos de respuesta al COP.",
            acuerdos="Confirmar disponibilidad con el concesionario antes de 6 h.",
            fecha_seguimiento=timezone.localdate() + timedelta(days=5),
            apartado=operacion,
        )
