"""Demo data of Ventas Digitales for ``manage.py demo`` (idempotent: run twice, same rows)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from comercial.digitales.models import (
    Canal,
    ClienteComteco,
    Estado,
    IntentoContacto,
    OrdenInstalacion,
    RegistroImpedimento,
    SolicitudDigital,
)
from comercial.digitales.protocolo import PRODUCTOS_INICIALES
from comercial.models import Producto, ZonaCobertura
from enlace.historial import actualizar_con_historial
from enlace.models import Usuario

ZONAS = [
    ("Cercado fibra", "Zona Central\nCala Cala\nQueru Queru\nSarco", "ftth", 500, ["ip_fija", "simetrico"]),
    ("Sud cobre", "Zona Sud\nJaihuayco\nLacma", "cobre", 20, []),
]
IMPEDIMENTOS = [
    ("4455667", "deuda_naf", "Factura impaga de telefonía, marzo", Decimal("245.50")),
    ("5566778", "central_riesgos", "Registrado por entidad financiera", None),
    ("6677889", "equipo_por_devolver", "Decodificador HD de contrato anterior", None),
]


def _zonas(comteco):
    if ZonaCobertura.objects.filter(organizacion=comteco).exists():
        return  # the empresas half's demo created them
    for nombre, localidades, tecnologia, velocidad, caracteristicas in ZONAS:
        ZonaCobertura.objects.update_or_create(
            organizacion=comteco,
            nombre=nombre,
            defaults={
                "localidades": localidades,
                "tecnologia": tecnologia,
                "velocidad_max_mbps": velocidad,
                "caracteristicas": caracteristicas,
            },
        )


PRODUCTOS_DEMO = [
    {
        "codigo": "enlace_dedicado",
        "nombre": "Enlace dedicado empresarial",
        "canal": Producto.Canal.AMBOS,
        "vendido_digitalmente": False,
        "donde_dirigir": "Ventas Empresas: ejecutivo de cuenta, oficina central (Av. Ayacucho), 4200400 interno 2.",
        "eta_min_dias": 5,
        "eta_max_dias": 30,
    },
    {"codigo": "tv_analogica", "nombre": "Televisión analógica (descontinuado)", "activo": False},
]


def catalogo(organizacion):
    """The catalogue's starting products (idempotent); returns {codigo: producto}."""
    productos = {}
    for datos in [*PRODUCTOS_INICIALES, *PRODUCTOS_DEMO]:
        datos = dict(datos)
        codigo = datos.pop("codigo")
        productos[codigo], _ = Producto.objects.get_or_create(
            organizacion=organizacion, codigo=codigo, defaults={"requisitos": [], **datos}
        )
    return productos


def _impedimentos(comteco):
    for carnet, tipo, detalle, monto in IMPEDIMENTOS:
        RegistroImpedimento.objects.update_or_create(
            organizacion=comteco, carnet=carnet, tipo=tipo, defaults={"detalle": detalle, "monto_bs": monto}
        )


def _solicitudes(comteco, agente, productos):
    ahora = timezone.now()
    base = {"organizacion": comteco}
    evidencia = {
        "factible": True,
        "motivo": "Factible.",
        "zona": "Cercado fibra",
        "tecnologia": "Fibra óptica (FTTH)",
        "velocidad_max_mbps": 500,
        "caracteristicas": ["ip_fija", "simetrico"],
        "consultado": ahora.isoformat(),
    }
    identificada = {
        "agente": agente,
        "producto": productos["internet"],
        "velocidad_mbps": 100,
        "carnet": "7788990 CB",
        "fase_protocolo": 3,
        "impedimentos_consultados": ahora - timedelta(hours=2),
    }
    factible = {
        **identificada,
        "direccion": "Av. Heroínas 123",
        "localidad": "Zona Central",
        "factible": True,
        "factibilidad": evidencia,
    }
    factible["lectura_confirmada_en"] = ahora - timedelta(hours=1, minutes=10)
    factible["notas"] = "Quiere internet de 100 Mbps para teletrabajo; prefiere instalación por la mañana."
    digitada = {**factible, "digitada_en": ahora - timedelta(hours=1), "digitada_por": agente}
    hace = {d: ahora - timedelta(days=d) for d in range(20)}
    filas = [
        (
            "demo-01",
            Canal.WEB,
            {
                "estado": Estado.EN_COLA,
                "nombre_cliente": "Carla Rojas",
                "telefono": "71234567",
                "mensaje": "Quiero internet para mi casa.",
            },
        ),
        (
            "demo-02",
            Canal.FACEBOOK,
            {"estado": Estado.EN_COLA, "nombre_cliente": "Jorge Vargas", "telefono": "76543210"},
        ),
        (
            "demo-03",
            Canal.LLAMADA,
            {
                "estado": Estado.EN_COLA,
                "linea": "4322205",
                "perdida": True,
                "telefono": "4456789",
                "intentos_contacto": 1,
            },
        ),
        (
            "demo-04",
            Canal.LLAMADA,
            {
                "estado": Estado.EN_ATENCION,
                "linea": "4200400",
                "agente": agente,
                "nombre_cliente": "Ana Mamani",
                "telefono": "72223344",
                "fase_protocolo": 1,
            },
        ),
        (
            "demo-05",
            Canal.CHATBOT,
            {"estado": Estado.SIN_IMPEDIMENTO, "nombre_cliente": "Luis Quispe", "telefono": "70011223", **identificada},
        ),
        (
            "demo-06",
            Canal.LLAMADA,
            {
                "estado": Estado.FACTIBLE,
                "linea": "4001515",
                "nombre_cliente": "Rosa Flores",
                "telefono": "4412233",
                **factible,
            },
        ),
        (
            "demo-07",
            Canal.WEB,
            {
                "estado": Estado.ESPERANDO_REQUISITOS,
                "nombre_cliente": "Pedro Gutiérrez",
                "telefono": "79988776",
                "requisitos_solicitados": ahora,
                **factible,
            },
        ),
        (
            "demo-08",
            Canal.LLAMADA,
            {
                "estado": Estado.DIGITADA,
                "linea": "4200400",
                "nombre_cliente": "Marta López",
                "telefono": "4423344",
                "recibida": hace[1],
                **digitada,
            },
        ),
        (
            "demo-09",
            Canal.LLAMADA,
            {
                "estado": Estado.COMUNICADA,
                "linea": "4200400",
                "nombre_cliente": "Raúl Peña",
                "telefono": "4434455",
                "recibida": hace[3],
                "dias_estimados": 2,
                "comunicada_en": hace[3],
                "seguimiento_programado": hace[1],
                "control_calidad_programado": ahora + timedelta(days=2),
                **{**digitada, "digitada_en": hace[3] + timedelta(hours=2)},
            },
        ),
        (
            "demo-15",
            Canal.WEB,
            {
                "estado": Estado.DERIVADA,
                "nombre_cliente": "Julia Arce",
                "telefono": "76655443",
                "recibida": hace[1],
                **{**digitada, "digitada_en": hace[1] + timedelta(hours=1)},
            },
        ),
        (
            "demo-16",
            Canal.FACEBOOK,
            {
                "estado": Estado.COMUNICADA,
                "nombre_cliente": "Oscar Terceros",
                "telefono": "71239876",
                "recibida": hace[6],
                "dias_estimados": 4,
                "comunicada_en": hace[6],
                "seguimiento_programado": hace[2],
                "control_calidad_programado": ahora + timedelta(days=1),
                **{**digitada, "digitada_en": hace[6] + timedelta(hours=2)},
            },
        ),
        (
            "demo-10",
            Canal.CHATBOT,
            {
                "estado": Estado.SEGUIDA,
                "nombre_cliente": "Silvia Torrez",
                "telefono": "77665544",
                "recibida": hace[8],
                "dias_estimados": 4,
                "comunicada_en": hace[8],
                "seguimiento_programado": hace[4],
                "control_calidad_programado": hace[2],
                "seguimiento_en": hace[4],
                "servicio_instalado": True,
                **{**digitada, "digitada_en": hace[8] + timedelta(hours=3)},
            },
        ),
        (
            "demo-11",
            Canal.LLAMADA,
            {
                "estado": Estado.CONCLUIDA,
                "linea": "4322205",
                "nombre_cliente": "Diego Ríos",
                "telefono": "4445566",
                "recibida": hace[12],
                "dias_estimados": 3,
                "comunicada_en": hace[12],
                "seguimiento_programado": hace[9],
                "control_calidad_programado": hace[7],
                "seguimiento_en": hace[9],
                "servicio_instalado": True,
                "control_calidad_en": hace[7],
                "satisfecho": True,
                "cerrada_en": hace[7],
                **{**digitada, "digitada_en": hace[12] + timedelta(hours=4)},
            },
        ),
        (
            "demo-12",
            Canal.LLAMADA,
            {
                "estado": Estado.IMPOSIBILITADA,
                "linea": "4200400",
                "nombre_cliente": "Elena Soto",
                "telefono": "4456677",
                "recibida": hace[5],
                "agente": agente,
                "producto": productos["tv"],
                "carnet": "4455667",
                "fase_protocolo": 3,
                "impedimentos_consultados": hace[5],
                "impedimentos": [
                    {
                        "tipo": "deuda_naf",
                        "nombre": "Deuda en cartera (NAF – Paquete Accionario)",
                        "detalle": "Factura impaga",
                        "monto_bs": "245.50",
                    }
                ],
                "motivo_imposibilidad": "Deuda en cartera NAF: debe pasar por oficinas.",
                "cerrada_en": hace[5],
            },
        ),
        (
            "demo-13",
            Canal.WEB,
            {
                "estado": Estado.IMPOSIBILITADA,
                "nombre_cliente": "Hugo Vera",
                "telefono": "70099887",
                "recibida": hace[6],
                **identificada,
                "direccion": "Calle Final s/n",
                "localidad": "Tiquipaya",
                "factible": False,
                "factibilidad": {"factible": False, "motivo": "No hay cobertura en la localidad indicada."},
                "motivo_imposibilidad": "No existe capacidad técnica en Tiquipaya.",
                "cerrada_en": hace[6],
            },
        ),
        (
            "demo-14",
            Canal.FACEBOOK,
            {
                "estado": Estado.NO_CONTACTADA,
                "telefono": "71112223",
                "recibida": hace[4],
                "intentos_contacto": 3,
                "cerrada_en": hace[3],
            },
        ),
    ]
    for lead_id, canal, campos in filas:
        if SolicitudDigital.objects.filter(organizacion=comteco, canal=canal, lead_id=lead_id).exists():
            continue
        solicitud = SolicitudDigital.objects.create(**base, canal=canal, lead_id=lead_id, **campos)
        if campos.get("intentos_contacto") and agente:
            IntentoContacto.objects.bulk_create(
                [
                    IntentoContacto(solicitud=solicitud, agente=agente, resultado=IntentoContacto.Resultado.NO_CONTESTA)
                    for _ in range(campos["intentos_contacto"])
                ]
            )


# lead → (days from the control to the estimated date, days ago it was controlled, closing state, days ago closed)
ORDENES = {
    "demo-15": (6, 1, None, None),  # pending, due in five days
    "demo-09": (2, 3, None, None),  # pending and overdue: the agent and the Responsable see it highlighted
    "demo-16": (4, 6, OrdenInstalacion.EstadoOrden.INSTALADA, 1),  # installed: the follow-up is due
    "demo-10": (4, 8, OrdenInstalacion.EstadoOrden.INSTALADA, 4),
    "demo-11": (3, 12, OrdenInstalacion.EstadoOrden.INSTALADA, 9),
}


def _ordenes(comteco, gestor, recursos):
    """The installation orders of the demo's controlled sales (idempotent)."""
    ahora = timezone.now()
    hoy = timezone.localdate(ahora)
    for lead_id, (dias, hace_control, cierre, hace_cierre) in ORDENES.items():
        solicitud = SolicitudDigital.objects.filter(organizacion=comteco, lead_id=lead_id).first()
        if solicitud is None or OrdenInstalacion.objects.filter(solicitud=solicitud).exists():
            continue
        controlada = ahora - timedelta(days=hace_control)
        actualizar_con_historial(
            SolicitudDigital.objects.filter(pk=solicitud.pk),
            {"controlada_en": controlada, "controlada_por": gestor},
            razon="Datos de demostración",
        )
        OrdenInstalacion.objects.create(
            organizacion=comteco,
            solicitud=solicitud,
            abierta_en=controlada,
            abierta_por=gestor,
            dias_estimados=dias,
            fecha_estimada=hoy - timedelta(days=hace_control) + timedelta(days=dias),
            estado=cierre or OrdenInstalacion.EstadoOrden.PENDIENTE,
            cerrada_en=ahora - timedelta(days=hace_cierre) if cierre else None,
            cerrada_por=recursos if cierre else None,
            observaciones="Instalado por la cuadrilla de Instalaciones y Traslados." if cierre else "",
        )


CLIENTES = [
    ("CT-100231", "Ana Mamani Choque", "3344556 CB", "72223344", "Telefonía fija", "Calle Jordán 450"),
    ("CT-100232", "Raúl Peña Salazar", "4433221 CB", "4434455", "Televisión por cable", "Av. América 1200"),
    ("CT-100233", "Lucía Fernández Rocha", "5544332 CB", "70123456", "Internet hogar 50 Mbps", "Calle Tumusla 77"),
    ("CT-100234", "Marcelo Antezana", "6655443 LP", "4401122", "Paquete internet + TV", "Av. Blanco Galindo km 4"),
    ("CT-100235", "Gabriela Claros", "7766554 CB", "71122334", "Telefonía fija", "Zona Sarco, calle 3"),
]


def _clientes(comteco):
    for contrato, nombre, carnet, telefono, servicios, direccion in CLIENTES:
        ClienteComteco.objects.update_or_create(
            organizacion=comteco,
            numero_contrato=contrato,
            defaults={
                "nombre": nombre,
                "carnet": carnet,
                "telefono": telefono,
                "servicios": servicios,
                "direccion": direccion,
            },
        )


def _con_rol(comteco, codigo):
    return Usuario.objects.filter(organizacion=comteco, groups__name=codigo).order_by("pk").first()


def cargar(*, organizaciones, stdout):
    comteco = organizaciones.get("comteco")
    if comteco is None:
        return
    agente = _con_rol(comteco, "agente_digital")
    _zonas(comteco)
    _impedimentos(comteco)
    _clientes(comteco)
    productos = catalogo(comteco)
    _solicitudes(comteco, agente, productos)
    gestor = _con_rol(comteco, "gestor_comercial") or agente
    if gestor is not None:
        _ordenes(comteco, gestor, _con_rol(comteco, "gestion_recursos") or gestor)
    stdout.write(f"Ventas Digitales: {SolicitudDigital.objects.filter(organizacion=comteco).count()} solicitudes.")
