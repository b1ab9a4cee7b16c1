"""Scoped reads for pages and reports: who sees what, and monthly figures aggregated in the database."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.urls import reverse

from comercial.empresas import indicador
from comercial.empresas.meses import en_curso, mes_anterior, rango_del_mes, zona_de
from comercial.empresas.models import (
    CERO,
    Derivacion,
    Empresa,
    Estado,
    FacturacionMensual,
    Flujo,
    Giro,
    InformeEjecutivo,
    InformeResponsable,
    Interaccion,
    LineaVenta,
    OrdenTrabajo,
    PlanMensual,
    Producto,
    Venta,
    Visita,
)
from enlace import roles
from enlace.kpis import Conteo, kpis_30_dias
from enlace.models import Usuario

SUPERVISORES = ("responsable_empresas", "gestion_territorios")


def usuarios_con_rol(organizacion, *codigos):
    return Usuario.objects.filter(organizacion=organizacion, groups__name__in=codigos, is_active=True).order_by("pk")


def _codigo_rol(user):
    rol = roles.rol_de(user)
    return rol.codigo if rol else None


def ve_todo(user):
    return user.is_superuser or _codigo_rol(user) in SUPERVISORES


def ventas_visibles(user):
    """Sales the user may open: all of COMTECO for supervisors, the own ones for an ejecutivo,
    what was derived to a gestor (plus typed sales awaiting any gestor comercial's quality control
    and the ones that gestor controlled),
    and sales with work orders for Gestión de Recursos."""
    base = Venta.objects.visibles_para(user).select_related("empresa", "ejecutivo")
    if ve_todo(user):
        return base
    codigo = _codigo_rol(user)
    if codigo == "ejecutivo_empresas":
        return base.filter(ejecutivo=user)
    if codigo == "gestor_comercial":
        return base.filter(Q(gestor_comercial=user) | Q(estado=Estado.DIGITADA) | Q(controlada_por=user))
    if codigo == "gestor_tecnico":
        return base.filter(gestor_tecnico=user)
    if codigo == "gestion_recursos":
        return base.filter(Exists(OrdenTrabajo.objects.filter(venta=OuterRef("pk"))))
    return base.none()


def empresas_visibles(user):
    """Companies the user may open (an ejecutivo: their cartera and own prospects)."""
    base = Empresa.objects.visibles_para(user).select_related("ejecutivo")
    if ve_todo(user):
        return base
    codigo = _codigo_rol(user)
    if codigo == "ejecutivo_empresas":
        return base.filter(ejecutivo=user)
    if codigo in ("gestor_comercial", "gestor_tecnico", "gestion_recursos"):
        return base.filter(Exists(ventas_visibles(user).filter(empresa=OuterRef("pk")).values("pk")))
    return base.none()


def conteo_por_giro(qs):
    """[(giro label, n)] of a (filtered) companies' queryset, largest first — one aggregated query."""
    filas = qs.order_by().values("giro").annotate(n=Count("pk")).order_by("-n", "giro")
    return [(Giro(f["giro"]).label, f["n"]) for f in filas]


def servicios_del_cliente(empresa, *, excepto=None):
    """The services the client already has: lines of its completed sales (flow B shows them). One query."""
    qs = LineaVenta.objects.filter(venta__empresa=empresa, venta__estado=Estado.COMPLETADA).select_related(
        "producto", "venta"
    )
    if excepto is not None:
        qs = qs.exclude(venta=excepto)
    return list(qs.order_by("venta__completada_en", "id"))


def detalle_empresa(empresa):
    """Contacts, the interaction timeline and the sales of one company (3 queries)."""
    return {
        "contactos": list(empresa.contactos.all()),
        "interacciones": list(empresa.interacciones.select_related("usuario", "venta").order_by("-fecha", "-id")[:100]),
        "ventas": list(empresa.ventas.select_related("ejecutivo").order_by("-creada")),
    }


def detalle_venta(venta):
    return {
        "lineas": list(venta.lineas.select_related("producto")),
        "documentos": list(venta.documentos.select_related("subido_por")),
        "visitas": list(venta.visitas.all()),
        "ordenes": list(venta.ordenes.select_related("cerrada_por", "tipo")),
        "interacciones": list(venta.interacciones.select_related("usuario").order_by("-fecha", "-id")),
    }


def catalogo(organizacion):
    return Producto.objects.filter(organizacion=organizacion, activo=True).order_by("tipo", "nombre")


def planes_visibles(user):
    qs = PlanMensual.objects.visibles_para(user).select_related("ejecutivo")
    if ve_todo(user):
        return qs
    return qs.filter(ejecutivo=user)


def ordenes_visibles(user):
    return OrdenTrabajo.objects.filter(venta__in=ventas_visibles(user).values("pk")).select_related(
        "venta__empresa", "solicitada_por"
    )


def visitas_visibles(user):
    """Rows of the Cronograma de Visitas (Anexo 1): every ejecutivo's for supervisors, the own ones otherwise."""
    qs = Visita.objects.visibles_para(user).select_related("empresa").order_by("fecha", "hora", "id")
    return qs if ve_todo(user) else qs.filter(ejecutivo=user)


def informes_ejecutivo_visibles(user):
    qs = InformeEjecutivo.objects.visibles_para(user).select_related("ejecutivo", "analizado_por")
    if ve_todo(user):
        return qs
    return qs.filter(ejecutivo=user)


def derivaciones_visibles(user):
    """Hand-offs to CUM-04: all of the organisation for supervisors, the ones of the own sales for an ejecutivo."""
    qs = Derivacion.objects.visibles_para(user).select_related("venta__empresa", "venta__ejecutivo", "derivada_por")
    if ve_todo(user):
        return qs
    if _codigo_rol(user) == "ejecutivo_empresas":
        return qs.filter(venta__ejecutivo=user)
    return qs.none()


ORDEN_DERIVACIONES = {
    "prioridad": ("prioridad", "vence_el", "id"),
    "vence": ("vence_el", "prioridad", "id"),
    "reciente": ("-derivada_en", "-id"),
}


def derivaciones_ordenadas(user, *, orden="prioridad", abiertas=True):
    qs = derivaciones_visibles(user)
    if abiertas:
        qs = qs.exclude(estado=Derivacion.EstadoDerivacion.CERRADA)
    return qs.order_by(*ORDEN_DERIVACIONES.get(orden, ORDEN_DERIVACIONES["prioridad"]))


def informes_responsable_visibles(user):
    qs = InformeResponsable.objects.visibles_para(user).select_related("emitido_por")
    return qs if ve_todo(user) else qs.none()


# --- Monthly figures -------------------------------------------------------------------


@dataclass
class FilaResumen:
    ejecutivo: object
    captaciones: int = 0
    ventas_cartera: int = 0
    meta_captaciones: int = 0
    meta_ventas_cartera: int = 0
    facturacion_nueva: Decimal = CERO
    meta_facturacion: Decimal = CERO
    interacciones: int = 0
    modalidades: str = ""

    @staticmethod
    def _pct(valor, meta):
        return None if not meta else (Decimal(valor) * 100 / Decimal(meta)).quantize(Decimal("0.1"))

    @property
    def cumplimiento_captaciones(self):
        return self._pct(self.captaciones, self.meta_captaciones)

    @property
    def cumplimiento_cartera(self):
        return self._pct(self.ventas_cartera, self.meta_ventas_cartera)

    @property
    def cumplimiento_facturacion(self):
        return self._pct(self.facturacion_nueva, self.meta_facturacion)


def resumen_mensual(*, organizacion, mes, ejecutivo=None):
    """One row per ejecutivo: completed sales of the month (A and B) against the plan's targets.

    Four queries whatever the number of companies, sales or interactions.
    """
    inicio, fin = rango_del_mes(mes, zona_de(organizacion))
    ejecutivos = usuarios_con_rol(organizacion, "ejecutivo_empresas")
    if ejecutivo is not None:
        ejecutivos = ejecutivos.filter(pk=ejecutivo.pk)
    filas = {u.pk: FilaResumen(ejecutivo=u) for u in ejecutivos}
    ventas = (
        Venta.objects.filter(
            organizacion=organizacion, estado=Estado.COMPLETADA, completada_en__gte=inicio, completada_en__lt=fin
        )
        .filter(ejecutivo__in=list(filas))
        .values("ejecutivo")
        .annotate(
            captaciones=Count("pk", filter=Q(flujo=Flujo.CAPTACION)),
            cartera=Count("pk", filter=Q(flujo=Flujo.CARTERA)),
            facturacion=Sum("tarifa_mensual_total"),
        )
    )
    for fila in ventas:
        f = filas[fila["ejecutivo"]]
        f.captaciones, f.ventas_cartera, f.facturacion_nueva = fila["captaciones"], fila["cartera"], fila["facturacion"]
    for plan in PlanMensual.objects.filter(mes=mes, ejecutivo__in=list(filas)):
        f = filas[plan.ejecutivo_id]
        f.meta_captaciones += plan.meta_captaciones
        f.meta_ventas_cartera += plan.meta_ventas_cartera
        f.meta_facturacion += plan.meta_facturacion
        f.modalidades = ", ".join(filter(None, [f.modalidades, plan.get_modalidad_display()]))
    interacciones = (
        Interaccion.objects.filter(organizacion=organizacion, fecha__gte=inicio, fecha__lt=fin, usuario__in=list(filas))
        .values("usuario")
        .annotate(n=Count("pk"))
    )
    for fila in interacciones:
        filas[fila["usuario"]].interacciones = fila["n"]
    return list(filas.values())


def resumen_de_ejecutivo(*, organizacion, ejecutivo, mes):
    filas = resumen_mensual(organizacion=organizacion, mes=mes, ejecutivo=ejecutivo)
    return filas[0] if filas else FilaResumen(ejecutivo=ejecutivo)


def totales_del_mes(*, organizacion, mes):
    inicio, fin = rango_del_mes(mes, zona_de(organizacion))
    return Venta.objects.filter(
        organizacion=organizacion, estado=Estado.COMPLETADA, completada_en__gte=inicio, completada_en__lt=fin
    ).aggregate(
        captaciones=Count("pk", filter=Q(flujo=Flujo.CAPTACION)),
        ventas_cartera=Count("pk", filter=Q(flujo=Flujo.CARTERA)),
    )


def serie_facturacion(*, organizacion, hasta, meses=12):
    """Billing totals per month, oldest first, for the ``meses`` months ending at ``hasta`` (one query)."""
    lista = [hasta]
    for _ in range(meses - 1):
        lista.insert(0, mes_anterior(lista[0]))
    totales = dict(
        FacturacionMensual.objects.filter(organizacion=organizacion, mes__gte=lista[0], mes__lte=hasta)
        .values("mes")
        .annotate(total=Sum("monto"))
        .values_list("mes", "total")
    )
    return [(m, totales.get(m) or CERO) for m in lista]


def indicador_del_mes(*, organizacion, mes):
    serie = serie_facturacion(organizacion=organizacion, hasta=mes, meses=2)
    return indicador.calcular(serie[1][1], serie[0][1], en_curso=en_curso(mes, organizacion))


def indicadores_de_serie(serie, *, organizacion):
    """The indicator of each month of a series against its previous month (a month in progress: «en curso»)."""
    return [
        (mes, indicador.calcular(total, serie[i - 1][1], en_curso=en_curso(mes, organizacion)))
        for i, (mes, total) in enumerate(serie)
        if i > 0
    ]


# --- Each role's own pending work (its home) -------------------------------------------------------

FILAS_POR_COLA = 8


@dataclass
class Cola:
    """One block of pending work on a role's home: a title, its total and the first rows (oldest first)."""

    codigo: str
    titulo: str
    total: int
    filas: list
    enlace: str = ""
    vacia: str = "Nada pendiente."


def _cola(codigo, titulo, qs, *, enlace="", vacia="Nada pendiente."):
    """Two queries whatever the rows: the total and the first ``FILAS_POR_COLA``."""
    return Cola(
        codigo=codigo, titulo=titulo, total=qs.count(), filas=list(qs[:FILAS_POR_COLA]), enlace=enlace, vacia=vacia
    )


def colas_de_trabajo(user, *, hoy):
    """The pending work of the user's empresas role, each block with its count (a fixed number of queries)."""
    codigo = "responsable_empresas" if user.is_superuser else _codigo_rol(user)
    ventas = ventas_visibles(user).order_by("creada", "id")
    if codigo == "gestor_tecnico":
        return [
            _cola(
                "ordenes_por_emitir",
                "Órdenes de trabajo por emitir",
                ventas.filter(estado=Estado.GESTION_TECNICA),
                vacia="No hay ventas esperando órdenes de trabajo.",
            ),
            _cola(
                "ordenes_en_curso",
                "Ventas con órdenes de trabajo en curso (verificar cierre y entregar la documentación)",
                ventas.filter(estado=Estado.ORDENES),
            ),
        ]
    if codigo == "gestion_recursos":
        return [
            _cola(
                "ordenes_por_ejecutar",
                "Órdenes de trabajo por ejecutar",
                ordenes_visibles(user).filter(estado=OrdenTrabajo.EstadoOrden.SOLICITADA).order_by("fecha_compromiso"),
                enlace=reverse("comercial:empresas:ordenes"),
                vacia="No hay órdenes de trabajo abiertas.",
            )
        ]
    if codigo == "gestor_comercial":
        return [
            _cola(
                "por_verificar",
                "Derivadas: verificar factibilidad y digitar en Smartflex",
                ventas.filter(gestor_comercial=user, estado__in=[Estado.DERIVADA, Estado.VERIFICADA]),
            ),
            _cola(
                "digitaciones_por_controlar",
                "Digitaciones por controlar (de otra gestora)",
                ventas.filter(estado=Estado.DIGITADA).exclude(digitada_por=user),
                vacia="No hay digitaciones de otra gestora por controlar.",
            ),
            _cola(
                "por_derivar_tecnico",
                "Controladas: derivar a la Gestora Técnico Comercial",
                ventas.filter(gestor_comercial=user, estado=Estado.CONTROLADA),
            ),
        ]
    if codigo == "ejecutivo_empresas":
        return [
            _cola(
                "visitas",
                "Próximas visitas (cronograma)",
                visitas_visibles(user).filter(realizada=False, fecha__gte=hoy),
                enlace=reverse("comercial:empresas:cronograma"),
                vacia="No hay visitas programadas.",
            ),
            _cola(
                "llamadas_calidad",
                "Llamadas de control de calidad por hacer",
                ventas.filter(estado=Estado.SEGUIMIENTO),
            ),
            _cola(
                "ventas_en_curso",
                "Mis ventas en curso",
                ventas.exclude(estado__in=[Estado.COMPLETADA, Estado.CONCLUIDA]),
                enlace=reverse("comercial:empresas:ventas"),
            ),
        ]
    if codigo == "gestion_territorios":
        return [
            _cola(
                "informes_responsable",
                "Informes mensuales del Responsable recibidos",
                informes_responsable_visibles(user).order_by("-mes", "-id"),
                enlace=reverse("comercial:empresas:informes"),
                vacia="Aún no llega ningún informe mensual del Responsable.",
            )
        ]
    if codigo == "responsable_empresas":
        return [
            _cola("vobo", "Proyectos de venta esperando su Vo.Bo.", ventas.filter(estado=Estado.EN_VOBO)),
            _cola(
                "informes_por_analizar",
                "Informes de ejecutivos por analizar",
                informes_ejecutivo_visibles(user).filter(analizado_en__isnull=True).order_by("mes", "id"),
                enlace=reverse("comercial:empresas:informes"),
            ),
            _cola(
                "derivaciones",
                "Derivaciones a Venta de Productos/Servicios abiertas (vencidas primero)",
                derivaciones_ordenadas(user, orden="vence"),
                enlace=reverse("comercial:empresas:derivaciones"),
                vacia="No hay derivaciones abiertas.",
            ),
        ]
    return []


KPIS_INICIO = (
    Conteo("registradas", "Ventas registradas", "creada"),
    Conteo("completadas", "Ventas completadas", "completada_en"),
)


def kpis_inicio(user, hoy=None):
    """The home's tiles over the sales the user sees: the last 30 days against the 30 before, one query."""
    return kpis_30_dias(ventas_visibles(user), KPIS_INICIO, hoy)
