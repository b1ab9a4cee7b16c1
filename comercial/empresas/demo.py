"""Demo data of Ventas Equipo Empresas for ``manage.py demo`` (idempotent).

Creates COMTECO's coverage zones in Cochabamba (shared with Ventas Digitales), the catalogue,
companies of the cartera and prospects, the month's plan, sales in several states (through the
services, so every step has its events) and three months of billing.
"""

from datetime import date, time, timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from comercial.empresas import services
from comercial.empresas.meses import mes_anterior
from comercial.empresas.models import (
    Derivacion,
    Empresa,
    Estado,
    FacturacionMensual,
    Flujo,
    Giro,
    PlanMensual,
    Producto,
    TipoOrden,
    Venta,
)
from comercial.models import ZonaCobertura
from enlace.historial import actualizar_con_historial
from enlace.management.commands.demo import CONTRASENA_DEMO, correo_demo
from enlace.models import Usuario

# name, localities, technology, max speed, special features
ZONAS = [
    (
        "Cochabamba Centro (fibra)",
        ["Zona Central", "Cala Cala", "Queru Queru", "Recoleta", "Sarco", "Muyurina", "Las Cuadras"],
        ZonaCobertura.Tecnologia.FTTH,
        1000,
        ["ip_fija", "simetrico"],
    ),
    (
        "Cochabamba Sur (HFC)",
        ["Jaihuayco", "Lacma", "Alalay", "Villa Busch", "Cerro Verde"],
        ZonaCobertura.Tecnologia.HFC,
        200,
        ["ip_fija"],
    ),
    ("Quillacollo (cobre)", ["Quillacollo", "Colcapirhua", "Vinto"], ZonaCobertura.Tecnologia.COBRE, 20, []),
    ("Sacaba y Tiquipaya (inalámbrica)", ["Sacaba", "Tiquipaya"], ZonaCobertura.Tecnologia.INALAMBRICA, 50, []),
]

# code, name, type, Mbps, features, installation, monthly rate (Bs.)
CATALOGO = [
    ("EMP-FIB-100", "Internet Empresarial Fibra 100 Mbps", "producto", 100, [], "350.00", "1150.00"),
    (
        "EMP-FIB-300",
        "Internet Empresarial Fibra 300 Mbps con IP fija",
        "producto",
        300,
        ["ip_fija"],
        "350.00",
        "2400.00",
    ),
    (
        "EMP-DED-50",
        "Internet Dedicado Simétrico 50 Mbps",
        "producto",
        50,
        ["ip_fija", "simetrico"],
        "800.00",
        "3500.00",
    ),
    ("EMP-TEL-10", "Troncal telefónica 10 líneas", "producto", 0, [], "200.00", "600.00"),
    ("PAQ-OFICINA", "Paquete Oficina: fibra 100 Mbps + 5 líneas + TV", "paquete", 100, [], "400.00", "1650.00"),
    (
        "PAQ-CORP",
        "Paquete Corporativo: dedicado 50 Mbps + troncal 30 líneas",
        "paquete",
        50,
        ["ip_fija"],
        "1000.00",
        "5200.00",
    ),
]

# razón social, NIT, giro, localidad, situación, estado objetivo de su venta (None: sin venta)
EMPRESAS = [
    ("Distribuidora Tunari S.R.L.", "1023456019", Giro.COMERCIO, "Cala Cala", "prospecto", Estado.RECOPILACION),
    ("Clínica Los Andes S.A.", "1029384017", Giro.SALUD, "Queru Queru", "prospecto", Estado.EN_VOBO),
    ("Hotel Valle Alto Ltda.", "1011223344", Giro.TURISMO, "Zona Central", "prospecto", Estado.VISITA_PROGRAMADA),
    ("Unidad Educativa San Simón", "1034455667", Giro.EDUCACION, "Sarco", "prospecto", Estado.OFERTA_ENVIADA),
    ("Constructora Illimani S.A.", "1045566778", Giro.CONSTRUCCION, "Jaihuayco", "prospecto", Estado.DIGITADA),
    ("Transportes Cochabamba S.R.L.", "1056677889", Giro.TRANSPORTE, "Muyurina", "cliente", Estado.COMPLETADA),
    ("Cooperativa de Ahorro Integral", "1067788990", Giro.FINANZAS, "Recoleta", "cliente", Estado.DERIVADA),
    ("Industrias Lácteas del Valle", "1078899001", Giro.INDUSTRIA, "Sacaba", "cliente", None),
    ("Consultora Andina SRL", "1089900112", Giro.SERVICIOS, "Las Cuadras", "cliente", None),
    ("Supermercado El Prado", "1090011223", Giro.COMERCIO, "Lacma", "prospecto", None),
    # One sale waiting in each remaining queue: the gestor técnico issues orders, Gestión de Recursos
    # executes them, the ejecutiva makes the quality-control call.
    ("Farmacias Cochabamba S.A.", "1101122334", Giro.SALUD, "Cala Cala", "cliente", Estado.GESTION_TECNICA),
    ("Colegio Santa María", "1112233445", Giro.EDUCACION, "Recoleta", "prospecto", Estado.ORDENES),
    ("Restaurante La Estancia", "1123344556", Giro.TURISMO, "Zona Central", "prospecto", Estado.SEGUIMIENTO),
]

# Sales typed by the second gestora comercial, so the demo's gestor.comercial has a typing to check
# (the quality control of the typing is done by another gestor comercial).
DIGITADAS_POR_LA_SEGUNDA_GESTORA = {"1045566778"}

# A second gestor comercial: the control of the typing needs two of them.
GESTOR_COMERCIAL_2 = ("gestor.comercial.2@demo.enlace.mx", "Gestora Comercial 2")

# type of work order, standard time in days (the due dates are computed from it)
TIPOS_ORDEN = [
    ("Instalación de fibra óptica", 3),
    ("Instalación de troncal telefónica", 5),
    ("Configuración de IP fija", 2),
]

PDF_DEMO = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def cargar(*, organizaciones, stdout):
    comteco = organizaciones["comteco"]
    for nombre, localidades, tecnologia, velocidad, caracteristicas in ZONAS:
        ZonaCobertura.objects.update_or_create(
            organizacion=comteco,
            nombre=nombre,
            defaults={
                "localidades": "\n".join(localidades),
                "tecnologia": tecnologia,
                "velocidad_max_mbps": velocidad,
                "caracteristicas": caracteristicas,
                "activa": True,
            },
        )
    productos = {}
    for codigo, nombre, tipo, mbps, caracteristicas, instalacion, mensual in CATALOGO:
        productos[codigo], _ = Producto.objects.update_or_create(
            organizacion=comteco,
            codigo=codigo,
            defaults={
                "nombre": nombre,
                "tipo": tipo,
                "velocidad_mbps": mbps,
                "caracteristicas": caracteristicas,
                "costo_instalacion": Decimal(instalacion),
                "tarifa_mensual": Decimal(mensual),
                "activo": True,
            },
        )
    for nombre, dias in TIPOS_ORDEN:
        TipoOrden.objects.update_or_create(
            organizacion=comteco, nombre=nombre, defaults={"dias_estandar": dias, "activo": True}
        )
    usuarios = {
        codigo: Usuario.objects.get(email=correo_demo(codigo))
        for codigo in (
            "responsable_empresas",
            "ejecutivo_empresas",
            "gestor_comercial",
            "gestor_tecnico",
            "gestion_recursos",
        )
    }
    usuarios["gestor_comercial_2"] = _segundo_gestor(comteco)
    ejecutivo = usuarios["ejecutivo_empresas"]
    ahora = timezone.now()
    for razon, nit, giro, localidad, situacion, _ in EMPRESAS:
        empresa, creada = Empresa.objects.update_or_create(
            organizacion=comteco,
            nit=nit,
            defaults={
                "razon_social": razon,
                "giro": giro,
                "localidad": localidad,
                "direccion": f"{localidad}, Cochabamba",
                "telefono": "+59144" + nit[-6:],
                "correo": f"contacto{nit[-4:]}@empresa.bo",
                "situacion": situacion,
                "ejecutivo": ejecutivo,
            },
        )
        if creada:
            empresa.asignada_en = ahora
            empresa.save(update_fields=["asignada_en"])
            empresa.contactos.create(nombre="Gerencia General", cargo="Gerente general", principal=True)
    mes = timezone.localdate().replace(day=1)
    for modalidad, metas in (
        (PlanMensual.Modalidad.CAPTACION, {"meta_captaciones": 4, "meta_facturacion": Decimal("12000.00")}),
        (PlanMensual.Modalidad.CARTERA, {"meta_ventas_cartera": 3}),
    ):
        PlanMensual.objects.update_or_create(
            ejecutivo=ejecutivo,
            mes=mes,
            modalidad=modalidad,
            defaults={"organizacion": comteco, "creado_por": usuarios["responsable_empresas"], **metas},
        )
    for _, nit, _, _, situacion, objetivo in EMPRESAS:
        empresa = Empresa.objects.get(organizacion=comteco, nit=nit)
        if objetivo is None or empresa.ventas.exists():
            continue
        flujo = Flujo.CARTERA if situacion == "cliente" else Flujo.CAPTACION
        venta = services.venta_iniciar(actor=ejecutivo, empresa=empresa, flujo=flujo, informacion="Dato de la demo.")
        gestores = (usuarios["gestor_comercial"], usuarios["gestor_comercial_2"])
        if nit in DIGITADAS_POR_LA_SEGUNDA_GESTORA:
            gestores = gestores[::-1]
        _avanzar(venta, objetivo, usuarios=usuarios, gestores=gestores, productos=productos)
    _facturacion(comteco, mes)
    _informe_por_analizar(ejecutivo, mes)
    _informe_del_responsable(comteco, usuarios["responsable_empresas"], mes)
    _derivacion_vencida(comteco, ejecutivo)
    stdout.write(
        f"Ventas Equipo Empresas: {Empresa.objects.filter(organizacion=comteco).count()} empresas, "
        f"{len(CATALOGO)} productos, {len(ZONAS)} zonas de cobertura. Segundo gestor comercial (controla la "
        f"digitación del primero): {GESTOR_COMERCIAL_2[0]}"
    )


def _segundo_gestor(comteco):
    correo, nombre = GESTOR_COMERCIAL_2
    usuario, creado = Usuario.objects.get_or_create(
        email=correo,
        defaults={
            "first_name": nombre,
            "last_name": "(demo)",
            "organizacion": comteco,
            "zona_horaria": comteco.zona_horaria,
        },
    )
    if creado:
        usuario.set_password(CONTRASENA_DEMO)
        usuario.save(update_fields=["password"])
    usuario.groups.add(Group.objects.get(name="gestor_comercial"))
    return usuario


def _derivacion_vencida(comteco, ejecutivo):
    """The completed sale's hand-off to CUM-04, shown overdue to the Responsable whatever day the demo runs."""
    for venta in Venta.objects.filter(organizacion=comteco, estado=Estado.COMPLETADA, derivacion__isnull=True):
        services.derivacion_crear(actor=ejecutivo, venta=venta)
    hoy = timezone.localdate()
    # Demo only: the plan's dates are moved back so one hand-off is past its deadline on any day.
    actualizar_con_historial(
        Derivacion.objects.filter(organizacion=comteco, estado="recibida", vence_el__gte=hoy),
        {"derivada_en": timezone.now() - timedelta(days=5), "vence_el": hoy - timedelta(days=2)},
        razon="Datos de demostración",
    )


def _informe_por_analizar(ejecutivo, mes):
    """The ejecutiva's report of the last closed month, waiting for the Responsable's analysis."""
    anterior = mes_anterior(mes)
    if not ejecutivo.informes_empresas.filter(mes=anterior).exists():
        services.informe_ejecutivo_emitir(
            actor=ejecutivo, mes=anterior, comentario="Metas de captación en curso; cartera estable."
        )


def _informe_del_responsable(comteco, responsable, mes):
    """The Responsable's report of the month before last, already with Gestión Integral Territorios."""
    antepasado = mes_anterior(mes_anterior(mes))
    if not comteco.informes_responsable.filter(mes=antepasado).exists():
        services.informe_responsable_emitir(
            actor=responsable,
            organizacion=comteco,
            mes=antepasado,
            analisis="Cartera estable y captaciones en línea con el plan; se sostiene la meta del mes siguiente.",
        )


def _facturacion(comteco, mes):
    """Three months of billing for the clients, growing ~8 % a month (the undefined band)."""
    clientes = list(Empresa.objects.filter(organizacion=comteco, situacion=Empresa.Situacion.CLIENTE).order_by("nit"))
    meses = [mes]
    for _ in range(3):
        meses.insert(0, mes_anterior(meses[0]))
    for i, m in enumerate(meses[:-1]):
        for j, empresa in enumerate(clientes):
            base = Decimal(2000 + 500 * j)
            FacturacionMensual.objects.update_or_create(
                empresa=empresa,
                mes=m,
                defaults={
                    "organizacion": comteco,
                    "monto": (base * Decimal("1.08") ** i).quantize(Decimal("0.01")),
                    "origen": FacturacionMensual.Origen.IMPORTACION,
                },
            )


def _avanzar(venta, objetivo, *, usuarios, gestores, productos):
    """Walk ``venta`` up to ``objetivo`` as the demo users would: ``gestores`` = (who types, who checks)."""
    ejecutivo, responsable = usuarios["ejecutivo_empresas"], usuarios["responsable_empresas"]
    (gestor, control), tecnico = gestores, usuarios["gestor_tecnico"]
    recursos = usuarios["gestion_recursos"]
    hoy = timezone.localdate()
    for _ in range(30):
        venta.refresh_from_db()
        estado = venta.estado
        if estado == objetivo:
            return venta
        if estado == Estado.RECOPILACION:
            services.venta_analizar_perfil(
                actor=ejecutivo, venta=venta, perfil_actividad="Empresa con varias sucursales."
            )
        elif estado == Estado.PERFIL:
            services.venta_plantear_proyecto(actor=ejecutivo, venta=venta, necesidades="Conectividad entre sucursales.")
        elif estado in (Estado.PROYECTO, Estado.ANALISIS_CARTERA) and not venta.cantidad_lineas:
            services.linea_agregar(actor=ejecutivo, venta=venta, producto=productos["PAQ-OFICINA"])
            services.linea_agregar(
                actor=ejecutivo, venta=venta, producto=productos["EMP-TEL-10"], promocion="Instalación 50 %"
            )
            if estado == Estado.ANALISIS_CARTERA:
                services.venta_analizar_cartera(
                    actor=ejecutivo,
                    venta=venta,
                    perfil_actividad="Cliente con crecimiento sostenido.",
                    nuevas_necesidades="Troncal telefónica para su nueva sucursal.",
                )
        elif estado == Estado.PROYECTO:
            services.venta_presentar_vobo(actor=ejecutivo, venta=venta)
        elif estado == Estado.EN_VOBO:
            services.venta_aprobar_vobo(actor=responsable, venta=venta)
        elif estado == Estado.APROBADA:
            services.venta_verificar_factibilidad(
                actor=ejecutivo, venta=venta, requisitos_cumplidos=True, requisitos="NIT, poder del representante legal"
            )
        elif estado == Estado.FACTIBLE:
            services.visita_programar(
                actor=ejecutivo,
                venta=venta,
                fecha=hoy + timedelta(days=2),
                hora=time(10, 0),
                persona="Gerente general",
                ubicacion=venta.empresa.direccion,
                observaciones="Llevar la oferta impresa.",
            )
        elif estado == Estado.VISITA_PROGRAMADA:
            services.venta_registrar_visita(
                actor=ejecutivo,
                venta=venta,
                asesoramiento="Se explicaron los planes empresariales y sus velocidades.",
                informacion_comercial="Tarifas, promociones vigentes y tiempos de instalación.",
                requisitos_explicados="Se detallaron los documentos para el trámite.",
                requisitos=["NIT", "Poder del representante legal", "Carnet del representante legal"],
            )
        elif estado in (Estado.VISITADA, Estado.ANALISIS_CARTERA):
            services.venta_enviar_oferta(actor=ejecutivo, venta=venta, medio="escrita")
        elif estado == Estado.OFERTA_ENVIADA:
            services.venta_aceptar(actor=ejecutivo, venta=venta)
        elif estado == Estado.ACEPTADA:
            archivo = SimpleUploadedFile("nit.pdf", PDF_DEMO, content_type="application/pdf")
            services.documento_subir(actor=ejecutivo, venta=venta, archivo=archivo, descripcion="NIT y poder")
            services.venta_derivar(actor=ejecutivo, venta=venta, gestor=gestor)
        elif estado == Estado.DERIVADA:
            services.venta_verificar_respaldo(actor=gestor, venta=venta, requisitos_cumplidos=True)
        elif estado == Estado.VERIFICADA:
            services.venta_digitar(actor=gestor, venta=venta, numero_smartflex=f"SF-{date.today():%y}{venta.pk:05d}")
        elif estado == Estado.DIGITADA:
            services.venta_controlar_digitacion(actor=control, venta=venta, correcta=True)
        elif estado == Estado.CONTROLADA:
            services.venta_derivar_tecnico(actor=gestor, venta=venta, gestor=tecnico)
        elif estado == Estado.GESTION_TECNICA:
            services.orden_solicitar(
                actor=tecnico,
                venta=venta,
                tipo=TipoOrden.objects.get(organizacion=venta.organizacion, nombre=TIPOS_ORDEN[0][0]),
                descripcion="Instalación y configuración",
            )
        elif estado == Estado.ORDENES:
            for orden in venta.ordenes.filter(estado="solicitada"):
                services.orden_cerrar(actor=recursos, orden=orden, observaciones="Instalado.")
            services.venta_entregar_documentos(actor=tecnico, venta=venta)
        elif estado == Estado.SEGUIMIENTO:
            services.venta_llamada_calidad(actor=ejecutivo, venta=venta, funciona=True, observaciones="Conforme.")
        else:
            return venta
    return venta
