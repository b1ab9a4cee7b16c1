"""Scoped reads of the CRM procedure: worklists, semáforo, committee report, indicators.

Every read starts from ``visibles_para`` (organisation) and narrows by role: an asesor sees
their own prospects and activities, a gerente comercial the marcas they manage, the Líder
CRM, gerente general and coordinators everything of Carrazos. Aggregation is in the database.
"""

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, DateTimeField, ExpressionWrapper, F, Max, Min, Q
from django.db.models.functions import TruncMonth, TruncWeek

from comercial.crm import rules
from comercial.crm.models import Actividad, AvisoSeguimiento, Importacion, Marca, MetaMensual, PerfilAsesor, Prospecto
from enlace.kpis import Conteo, kpis_30_dias
from enlace.models import Organizacion, Usuario

# --- Periods ---------------------------------------------------------------------------------


def inicio_mes(dia):
    return dia.replace(day=1)


def mes_siguiente(mes):
    return date(mes.year + mes.month // 12, mes.month % 12 + 1, 1)


def meses_atras(mes, n):
    for _ in range(n):
        mes = inicio_mes(mes - timedelta(days=1))
    return mes


def lunes(dia):
    return dia - timedelta(days=dia.weekday())


def dias_del_mes(mes):
    return calendar.monthrange(mes.year, mes.month)[1]


# --- Scope -------------------------------------------------------------------------------------


def alcance(user):
    """What a user's role lets them see: "todo" (all of Carrazos), "marca" (a gerente's marcas),
    "propio" (an asesor's own) or "nada"."""
    if rules.ve_todo(user):
        return "todo"
    if rules.es_gerente_comercial(user):
        return "marca"
    if rules.es_asesor_comercial(user):
        return "propio"
    return "nada"


def marcas_visibles(user):
    marcas = Marca.objects.visibles_para(user)
    nivel = alcance(user)
    if nivel == "todo":
        return marcas
    if nivel == "marca":
        return marcas.filter(Q(gerente=user) | Q(asesores__gerente=user)).distinct()
    if nivel == "propio":
        return marcas.filter(asesores__usuario=user)
    return marcas.none()


def _acotar(consulta, user):
    nivel = alcance(user)
    if nivel == "todo":
        return consulta
    if nivel == "marca":
        return consulta.filter(marca__in=marcas_visibles(user).values("pk"))
    if nivel == "propio":
        return consulta.filter(asesor=user)
    return consulta.none()


def prospectos_visibles(user):
    return _acotar(Prospecto.objects.visibles_para(user), user)


def actividades_visibles(user):
    return _acotar(Actividad.objects.visibles_para(user), user)


def perfiles_visibles(user):
    perfiles = PerfilAsesor.objects.visibles_para(user).select_related("usuario", "marca")
    nivel = alcance(user)
    if nivel == "todo":
        return perfiles
    if nivel == "marca":
        return perfiles.filter(marca__in=marcas_visibles(user).values("pk"))
    if nivel == "propio":
        return perfiles.filter(usuario=user)
    return perfiles.none()


def asesores_visibles(user):
    """The users behind the visible asesor profiles, by their SPIGA name (the lists' «Asesor» filter)."""
    return Usuario.objects.filter(pk__in=perfiles_visibles(user).values("usuario_id")).order_by(
        "perfil_crm__nombre_spiga"
    )


def importaciones_visibles(user):
    if alcance(user) != "todo":
        return Importacion.objects.none()
    return Importacion.objects.visibles_para(user).select_related("importado_por")


def avisos_visibles(user):
    return _acotar_asesor(AvisoSeguimiento.objects.visibles_para(user), user).select_related("asesor", "enviado_por")


def _acotar_asesor(consulta, user):
    nivel = alcance(user)
    if nivel == "todo":
        return consulta
    if nivel == "marca":
        return consulta.filter(asesor__perfil_crm__marca__in=marcas_visibles(user).values("pk"))
    if nivel == "propio":
        return consulta.filter(asesor=user)
    return consulta.none()


# --- The lists (filtered by comercial.crm.filters) -----------------------------------------------

POR_VALIDAR = (Prospecto.Estado.PENDIENTE, Prospecto.Estado.NO_CONTACTADO)


def prospectos_lista(user):
    return prospectos_visibles(user).select_related("asesor", "marca").order_by("fecha", "pk")


def actividades_lista(user):
    return (
        actividades_visibles(user)
        .select_related("asesor", "marca", "prospecto", "aviso")
        .order_by("fecha_programada", "pk")
    )


def prospectos_por_validar(user, *, mes):
    """How many prospects of the month still wait for the verification call (or a retry)."""
    return (
        prospectos_visibles(user)
        .filter(estado__in=POR_VALIDAR, fecha__gte=mes, fecha__lt=mes_siguiente(mes))
        .order_by()
        .count()
    )


# --- Activity 01: false prospects per asesor ------------------------------------------------------


@dataclass
class FalsosAsesor:
    asesor_id: int
    asesor: str
    llamados: int
    validos: int
    falsos: int
    no_contactados: int
    pendientes: int
    marcado: bool

    @property
    def porcentaje_falsos(self):
        decididos = self.validos + self.falsos
        return round(100 * self.falsos / decididos, 1) if decididos else None


def falsos_por_asesor(prospectos):
    """Per asesor of ``prospectos`` (a month's): verification results and the «clientes falsos» risk flag."""
    filas = (
        prospectos.order_by()
        .values("asesor_id", "asesor__first_name", "asesor__last_name", "asesor__email")
        .annotate(
            llamados=Count("pk", filter=~Q(estado=Prospecto.Estado.PENDIENTE)),
            validos=Count("pk", filter=Q(estado=Prospecto.Estado.VALIDO)),
            falsos=Count("pk", filter=Q(estado=Prospecto.Estado.FALSO)),
            no_contactados=Count("pk", filter=Q(estado=Prospecto.Estado.NO_CONTACTADO)),
            pendientes=Count("pk", filter=Q(estado=Prospecto.Estado.PENDIENTE)),
        )
        .order_by("-falsos", "asesor__first_name", "asesor__last_name")
    )
    umbral = settings.CRM_FALSOS_UMBRAL
    return [
        FalsosAsesor(
            asesor_id=f["asesor_id"],
            asesor=_nombre(f),
            llamados=f["llamados"],
            validos=f["validos"],
            falsos=f["falsos"],
            no_contactados=f["no_contactados"],
            pendientes=f["pendientes"],
            marcado=f["falsos"] >= umbral,
        )
        for f in filas
    ]


def _nombre(fila, prefijo="asesor__"):
    nombre = f"{fila[prefijo + 'first_name']} {fila[prefijo + 'last_name']}".strip()
    return nombre or fila[prefijo + "email"]


# --- Activity 02: semáforo GC-FOR-21 --------------------------------------------------------------

VERDE, AMARILLO, ROJO = "verde", "amarillo", "rojo"
COLORES = {VERDE: "Verde", AMARILLO: "Amarillo", ROJO: "Rojo"}


def color_de(dias):
    if dias <= settings.CRM_SEMAFORO_VERDE_DIAS:
        return VERDE
    if dias <= settings.CRM_SEMAFORO_AMARILLO_DIAS:
        return AMARILLO
    return ROJO


@dataclass
class Semaforo:
    filas: object  # queryset ordered by days without follow-up (most first)
    total: int
    verde: int
    amarillo: int
    rojo: int
    hoy: date

    def decorar(self, prospectos):
        """Yield the prospects with ``dias`` and ``color`` added (computed on read, so never stale)."""
        for prospecto in prospectos:
            prospecto.dias = (self.hoy - prospecto.referencia).days
            prospecto.color = color_de(prospecto.dias)
            yield prospecto


def _prospectos_por_organizacion(user):
    """``visibles_para`` with the visible organisations resolved first (one small query): with a literal
    ``organizacion_id IN (…)`` — usually one id — PostgreSQL reads the semáforo index in order and stops
    after one page, where the subquery form makes it join and sort the whole month."""
    if not user.is_authenticated or user.is_superuser:
        return Prospecto.objects.visibles_para(user)
    ids = list(Organizacion.objects.visibles_para(user).values_list("pk", flat=True))
    return Prospecto.objects.filter(organizacion_id__in=ids)


def prospectos_semaforo(user):
    """The user's prospects as the semáforo reads them (filter them by ``mes``, the indexed month)."""
    return _acotar(_prospectos_por_organizacion(user), user)


def condicion_color(color, *, hoy):
    """The colour as a range of ``referencia`` (the date the days without follow-up count from)."""
    desde_verde = hoy - timedelta(days=settings.CRM_SEMAFORO_VERDE_DIAS)
    desde_amarillo = hoy - timedelta(days=settings.CRM_SEMAFORO_AMARILLO_DIAS)
    return {
        VERDE: Q(referencia__gte=desde_verde),
        AMARILLO: Q(referencia__gte=desde_amarillo, referencia__lt=desde_verde),
        ROJO: Q(referencia__lt=desde_amarillo),
    }[color]


def semaforo(prospectos, *, hoy, filas=None):
    """The counts per colour of ``prospectos`` (one month of ``prospectos_semaforo``) and ``filas``
    (by default all of them; e.g. those of one colour) ordered by days without follow-up.

    Days count from the last follow-up done (or from the traffic date when there is none) to
    ``hoy`` — the stored, indexed ``referencia``; the colour thresholds
    (``CRM_SEMAFORO_VERDE_DIAS`` / ``CRM_SEMAFORO_AMARILLO_DIAS``) become date ranges on it, so
    the page is a top-N read of the ``(organizacion, mes, referencia, id)`` index and the counts
    one index-range aggregate, whatever the number of prospects.
    """
    resumen = prospectos.order_by().aggregate(
        total=Count("pk"), **{color: Count("pk", filter=condicion_color(color, hoy=hoy)) for color in COLORES}
    )
    filas = (prospectos if filas is None else filas).select_related("asesor", "marca").order_by("referencia", "pk")
    return Semaforo(filas=filas, hoy=hoy, **resumen)


# --- Weekly committee report ---------------------------------------------------------------------


@dataclass
class FilaComite:
    perfil: PerfilAsesor
    prospectos: int = 0
    validos: int = 0
    falsos: int = 0
    sin_validar: int = 0
    actividades: int = 0
    realizadas: int = 0
    validas: int = 0
    no_validas: int = 0
    por_validar: int = 0


def comite(user, *, semana, marca=None):
    """Per asesor, the prospecting and follow-up of the week (Monday to Sunday) for the committee."""
    fin = semana + timedelta(days=7)
    perfiles = perfiles_visibles(user).order_by("marca__nombre", "nombre_spiga")
    prospectos = prospectos_visibles(user).filter(fecha__gte=semana, fecha__lt=fin)
    actividades = actividades_visibles(user).filter(fecha_programada__gte=semana, fecha_programada__lt=fin)
    if marca:
        perfiles, prospectos, actividades = (
            perfiles.filter(marca_id=marca),
            prospectos.filter(marca_id=marca),
            actividades.filter(marca_id=marca),
        )
    filas = {p.usuario_id: FilaComite(perfil=p) for p in perfiles}
    for fila in (
        prospectos.order_by()
        .values("asesor_id")
        .annotate(
            n=Count("pk"),
            validos=Count("pk", filter=Q(estado=Prospecto.Estado.VALIDO)),
            falsos=Count("pk", filter=Q(estado=Prospecto.Estado.FALSO)),
        )
    ):
        if fila["asesor_id"] in filas:
            f = filas[fila["asesor_id"]]
            f.prospectos, f.validos, f.falsos = fila["n"], fila["validos"], fila["falsos"]
            f.sin_validar = f.prospectos - f.validos - f.falsos
    for fila in (
        actividades.order_by()
        .values("asesor_id")
        .annotate(
            n=Count("pk"),
            realizadas=Count("pk", filter=Q(estado_spiga=Actividad.EstadoSpiga.REALIZADA)),
            validas=Count("pk", filter=Q(validacion=Actividad.Validacion.VALIDA)),
            no_validas=Count("pk", filter=Q(validacion=Actividad.Validacion.NO_VALIDA)),
        )
    ):
        if fila["asesor_id"] in filas:
            f = filas[fila["asesor_id"]]
            f.actividades, f.realizadas, f.validas, f.no_validas = (
                fila["n"],
                fila["realizadas"],
                fila["validas"],
                fila["no_validas"],
            )
            f.por_validar = f.actividades - f.validas - f.no_validas
    return list(filas.values())


# --- Activity 03: indicators -----------------------------------------------------------------------


def porcentaje(valor, meta):
    return round(100 * valor / meta, 1) if meta else None


@dataclass
class Indicador:
    nombre: str
    meta_prospectos: float = 0
    prospectos_validos: int = 0
    meta_actividades: float = 0
    actividades_validas: int = 0
    asesores: list = field(default_factory=list)

    @property
    def pct_prospectos(self):
        return porcentaje(self.prospectos_validos, self.meta_prospectos)

    @property
    def pct_actividades(self):
        return porcentaje(self.actividades_validas, self.meta_actividades)


def indicadores(user, *, desde, hasta, marca=None):
    """Valid prospects and valid follow-up activities vs. the target, per marca and asesor, in [desde, hasta).

    The target of a period is the marca's monthly target of the month where ``desde`` falls,
    prorated by days for a week (meta × 7 / days of the month); an asesor's target is the
    marca's divided among its active asesores.
    """
    mes = inicio_mes(desde)
    factor = (hasta - desde).days / dias_del_mes(mes) if (hasta - desde).days < 28 else 1
    marcas = marcas_visibles(user).filter(activa=True).order_by("nombre")
    if marca:
        marcas = marcas.filter(pk=marca)
    metas = {m.marca_id: m for m in MetaMensual.objects.filter(marca__in=marcas.values("pk"), periodo=mes)}
    perfiles = list(perfiles_visibles(user).filter(marca__in=marcas.values("pk")).order_by("nombre_spiga"))
    activos = defaultdict(int)
    for perfil in perfiles:
        activos[perfil.marca_id] += perfil.activo
    validos = {
        (f["marca_id"], f["asesor_id"]): f["n"]
        for f in prospectos_visibles(user)
        .filter(estado=Prospecto.Estado.VALIDO, fecha__gte=desde, fecha__lt=hasta, marca__in=marcas.values("pk"))
        .order_by()
        .values("marca_id", "asesor_id")
        .annotate(n=Count("pk"))
    }
    validas = {
        (f["marca_id"], f["asesor_id"]): f["n"]
        for f in actividades_visibles(user)
        .filter(
            validacion=Actividad.Validacion.VALIDA,
            fecha_realizada__gte=desde,
            fecha_realizada__lt=hasta,
            marca__in=marcas.values("pk"),
        )
        .order_by()
        .values("marca_id", "asesor_id")
        .annotate(n=Count("pk"))
    }
    resultado = []
    for m in marcas:
        meta = metas.get(m.pk)
        indicador = Indicador(
            nombre=m.nombre,
            meta_prospectos=round(meta.prospectos_validos * factor, 1) if meta else 0,
            meta_actividades=round(meta.actividades_validas * factor, 1) if meta else 0,
            prospectos_validos=sum(n for (mid, _), n in validos.items() if mid == m.pk),
            actividades_validas=sum(n for (mid, _), n in validas.items() if mid == m.pk),
        )
        n_activos = activos[m.pk]
        for perfil in (p for p in perfiles if p.marca_id == m.pk):
            indicador.asesores.append(
                Indicador(
                    nombre=str(perfil.usuario),
                    meta_prospectos=round(indicador.meta_prospectos / n_activos, 1) if perfil.activo else 0,
                    meta_actividades=round(indicador.meta_actividades / n_activos, 1) if perfil.activo else 0,
                    prospectos_validos=validos.get((m.pk, perfil.usuario_id), 0),
                    actividades_validas=validas.get((m.pk, perfil.usuario_id), 0),
                )
            )
        resultado.append(indicador)
    return resultado


def tendencia_mensual(user, *, hasta_mes, meses=6):
    """{marca: [(mes, % prospectos, % actividades)]} for the trend charts (three queries)."""
    desde = meses_atras(hasta_mes, meses - 1)
    fin = mes_siguiente(hasta_mes)
    marcas = {m.pk: m.nombre for m in marcas_visibles(user).filter(activa=True)}
    metas = {
        (m.marca_id, m.periodo): m
        for m in MetaMensual.objects.filter(marca__in=list(marcas), periodo__gte=desde, periodo__lt=fin)
    }
    validos = {
        (f["marca_id"], f["m"]): f["n"]
        for f in prospectos_visibles(user)
        .filter(estado=Prospecto.Estado.VALIDO, fecha__gte=desde, fecha__lt=fin)
        .annotate(m=TruncMonth("fecha"))
        .order_by()
        .values("marca_id", "m")
        .annotate(n=Count("pk"))
    }
    validas = {
        (f["marca_id"], f["m"]): f["n"]
        for f in actividades_visibles(user)
        .filter(validacion=Actividad.Validacion.VALIDA, fecha_realizada__gte=desde, fecha_realizada__lt=fin)
        .annotate(m=TruncMonth("fecha_realizada"))
        .order_by()
        .values("marca_id", "m")
        .annotate(n=Count("pk"))
    }
    lista_meses = []
    mes = desde
    while mes < fin:
        lista_meses.append(mes)
        mes = mes_siguiente(mes)
    series_p, series_a = {}, {}
    for marca_id, nombre in sorted(marcas.items(), key=lambda x: x[1]):
        puntos_p, puntos_a = [], []
        for mes in lista_meses:
            meta = metas.get((marca_id, mes))
            etiqueta = f"{mes:%m/%Y}"
            puntos_p.append((etiqueta, porcentaje(validos.get((marca_id, mes), 0), meta and meta.prospectos_validos)))
            puntos_a.append((etiqueta, porcentaje(validas.get((marca_id, mes), 0), meta and meta.actividades_validas)))
        series_p[nombre], series_a[nombre] = puntos_p, puntos_a
    return series_p, series_a


def tendencia_semanal(user, *, hasta_semana, semanas=8):
    """Weekly trend of both indicators over all visible marcas, targets prorated per week."""
    desde = hasta_semana - timedelta(weeks=semanas - 1)
    fin = hasta_semana + timedelta(days=7)
    marcas = marcas_visibles(user).filter(activa=True).values("pk")
    metas = {
        (m.marca_id, m.periodo): m
        for m in MetaMensual.objects.filter(
            marca__in=marcas, periodo__gte=inicio_mes(desde), periodo__lt=mes_siguiente(hasta_semana)
        )
    }
    validos = {
        f["s"]: f["n"]
        for f in prospectos_visibles(user)
        .filter(estado=Prospecto.Estado.VALIDO, fecha__gte=desde, fecha__lt=fin, marca__in=marcas)
        .annotate(s=TruncWeek("fecha"))
        .order_by()
        .values("s")
        .annotate(n=Count("pk"))
    }
    validas = {
        f["s"]: f["n"]
        for f in actividades_visibles(user)
        .filter(
            validacion=Actividad.Validacion.VALIDA,
            fecha_realizada__gte=desde,
            fecha_realizada__lt=fin,
            marca__in=marcas,
        )
        .annotate(s=TruncWeek("fecha_realizada"))
        .order_by()
        .values("s")
        .annotate(n=Count("pk"))
    }
    puntos_p, puntos_a = [], []
    for i in range(semanas):
        semana = desde + timedelta(weeks=i)
        mes = inicio_mes(semana)
        factor = 7 / dias_del_mes(mes)
        meta_p = sum(m.prospectos_validos for (mid, per), m in metas.items() if per == mes) * factor
        meta_a = sum(m.actividades_validas for (mid, per), m in metas.items() if per == mes) * factor
        etiqueta = f"{semana:%d/%m}"
        puntos_p.append((etiqueta, porcentaje(validos.get(semana, 0), meta_p)))
        puntos_a.append((etiqueta, porcentaje(validas.get(semana, 0), meta_a)))
    return {"Prospectos válidos": puntos_p, "Actividades válidas": puntos_a}


# --- Quality: are the tools filled in on time? ---------------------------------------------------------


@dataclass
class Oportunidad:
    semana: date
    prospectos: int
    prospectos_a_tiempo: int
    actividades: int
    actividades_a_tiempo: int

    @property
    def pct_prospectos(self):
        return porcentaje(self.prospectos_a_tiempo, self.prospectos)

    @property
    def pct_actividades(self):
        return porcentaje(self.actividades_a_tiempo, self.actividades)


def oportunidad(user, *, hasta_semana, semanas=8, zona="America/Bogota"):
    """Per import week: how many imported prospects and activities were validated within ``CRM_OPORTUNIDAD_DIAS``."""
    tz = ZoneInfo(zona)
    desde = hasta_semana - timedelta(weeks=semanas - 1)
    inicio = datetime.combine(desde, time.min, tzinfo=tz)
    fin = datetime.combine(hasta_semana + timedelta(days=7), time.min, tzinfo=tz)
    plazo = timedelta(days=settings.CRM_OPORTUNIDAD_DIAS)

    def por_semana(consulta, campo_validado):
        limite = ExpressionWrapper(F("importado_en") + plazo, output_field=DateTimeField())
        return {
            f["s"].date() if hasattr(f["s"], "date") else f["s"]: (f["n"], f["a_tiempo"])
            for f in consulta.filter(importado_en__gte=inicio, importado_en__lt=fin)
            .annotate(s=TruncWeek("importado_en", tzinfo=tz))
            .order_by()
            .values("s")
            .annotate(n=Count("pk"), a_tiempo=Count("pk", filter=Q(**{f"{campo_validado}__lte": limite})))
        }

    prospectos = por_semana(prospectos_visibles(user), "validado_en")
    actividades = por_semana(actividades_visibles(user), "validada_en")
    filas = []
    for i in range(semanas):
        semana = desde + timedelta(weeks=i)
        p, a = prospectos.get(semana, (0, 0)), actividades.get(semana, (0, 0))
        filas.append(Oportunidad(semana, p[0], p[1], a[0], a[1]))
    return filas


def atrasados(user, *, ahora):
    """What is still unvalidated past the deadline (honoured on read)."""
    limite = ahora - timedelta(days=settings.CRM_OPORTUNIDAD_DIAS)
    return {
        "prospectos": prospectos_visibles(user).filter(estado__in=POR_VALIDAR, importado_en__lt=limite).count(),
        "actividades": actividades_visibles(user)
        .filter(validacion=Actividad.Validacion.PENDIENTE, importado_en__lt=limite)
        .count(),
    }


# --- Targets -------------------------------------------------------------------------------------------


@dataclass
class FilaMeta:
    marca: Marca
    meta: MetaMensual | None
    formulario: object = None  # the page's edit form for this row


def metas_del_mes(user, *, mes):
    """The visible active marcas with their targets for ``mes`` (two queries)."""
    marcas = list(marcas_visibles(user).filter(activa=True).order_by("nombre"))
    metas = {m.marca_id: m for m in MetaMensual.objects.filter(marca__in=[m.pk for m in marcas], periodo=mes)}
    return [FilaMeta(marca=m, meta=metas.get(m.pk)) for m in marcas]


def historial_metas(user, *, limite=50):
    """The latest changes to the visible marcas' targets (field history, newest first, one query)."""
    return (
        MetaMensual.history.filter(marca__in=marcas_visibles(user).values("pk"))
        .select_related("history_user", "marca")
        .order_by("-history_date", "-history_id")[:limite]
    )


# --- Control of «no realización de seguimiento a LEADS»: Reporte de cumplimiento CRM -----------------------


@dataclass
class FilaCumplimiento:
    asesor_id: int
    asesor: str
    marca: str
    prospectos: int = 0
    validos: int = 0
    falsos: int = 0
    realizadas: int = 0
    validas: int = 0
    no_validas: int = 0
    sin_seguimiento: int = 0  # leads of the period with no follow-up done
    en_rojo: int = 0  # leads past the semáforo's amber threshold
    max_dias: int | None = None  # the longest time without follow-up among the period's leads
    ultimo_seguimiento: date | None = None

    @property
    def pct_validos(self):
        return porcentaje(self.validos, self.prospectos)

    @property
    def pct_validas(self):
        return porcentaje(self.validas, self.realizadas)


@dataclass
class Cumplimiento:
    desde: date
    hasta: date  # inclusive
    hoy: date
    filas: list
    total: FilaCumplimiento


def cumplimiento(user, *, desde, hasta, hoy, marca=None):
    """Per visible asesor, for the leads of [desde, hasta] (traffic date) and the follow-up done in it:
    prospects and % valid, activities done and % valid, leads without any follow-up, leads in red and
    the most days without follow-up (counted to ``hoy``, as the semáforo does). Three queries."""
    fin = hasta + timedelta(days=1)
    perfiles = perfiles_visibles(user).order_by("marca__nombre", "nombre_spiga")
    prospectos = prospectos_visibles(user).filter(fecha__gte=desde, fecha__lt=fin)
    actividades = actividades_visibles(user).filter(
        estado_spiga=Actividad.EstadoSpiga.REALIZADA, fecha_realizada__gte=desde, fecha_realizada__lt=fin
    )
    if marca:
        perfiles, prospectos, actividades = (
            perfiles.filter(marca_id=marca),
            prospectos.filter(marca_id=marca),
            actividades.filter(marca_id=marca),
        )
    filas = {
        p.usuario_id: FilaCumplimiento(asesor_id=p.usuario_id, asesor=str(p.usuario), marca=p.marca.nombre)
        for p in perfiles
    }
    desde_amarillo = hoy - timedelta(days=settings.CRM_SEMAFORO_AMARILLO_DIAS)
    for f in (
        prospectos.order_by()
        .values("asesor_id")
        .annotate(
            n=Count("pk"),
            validos=Count("pk", filter=Q(estado=Prospecto.Estado.VALIDO)),
            falsos=Count("pk", filter=Q(estado=Prospecto.Estado.FALSO)),
            sin_seguimiento=Count("pk", filter=Q(ultimo_seguimiento__isnull=True)),
            en_rojo=Count("pk", filter=Q(referencia__lt=desde_amarillo)),
            referencia_min=Min("referencia"),
            ultimo=Max("ultimo_seguimiento"),
        )
    ):
        fila = filas.get(f["asesor_id"])
        if fila is None:
            continue
        fila.prospectos, fila.validos, fila.falsos = f["n"], f["validos"], f["falsos"]
        fila.sin_seguimiento, fila.en_rojo, fila.ultimo_seguimiento = f["sin_seguimiento"], f["en_rojo"], f["ultimo"]
        fila.max_dias = max((hoy - f["referencia_min"]).days, 0) if f["referencia_min"] else None
    for f in (
        actividades.order_by()
        .values("asesor_id")
        .annotate(
            n=Count("pk"),
            validas=Count("pk", filter=Q(validacion=Actividad.Validacion.VALIDA)),
            no_validas=Count("pk", filter=Q(validacion=Actividad.Validacion.NO_VALIDA)),
        )
    ):
        fila = filas.get(f["asesor_id"])
        if fila is not None:
            fila.realizadas, fila.validas, fila.no_validas = f["n"], f["validas"], f["no_validas"]
    lista = list(filas.values())
    total = FilaCumplimiento(asesor_id=0, asesor="Total", marca="")
    for fila in lista:
        for campo in ("prospectos", "validos", "falsos", "realizadas", "validas", "no_validas", "sin_seguimiento"):
            setattr(total, campo, getattr(total, campo) + getattr(fila, campo))
        total.en_rojo += fila.en_rojo
        if fila.max_dias is not None:
            total.max_dias = max(total.max_dias or 0, fila.max_dias)
    return Cumplimiento(desde=desde, hasta=hasta, hoy=hoy, filas=lista, total=total)


# --- Quality: the forms generated per period ------------------------------------------------------------


@dataclass
class FormatosMes:
    mes: date
    prospectos: int = 0  # rows of GC-FOR-06 and GC-FOR-21
    prospectos_validados: int = 0
    ultima_llamada: datetime | None = None
    actividades: int = 0  # rows of GC-FOR-05
    actividades_validadas: int = 0
    ultima_validacion: datetime | None = None

    @property
    def pct_prospectos(self):
        return porcentaje(self.prospectos_validados, self.prospectos)

    @property
    def pct_actividades(self):
        return porcentaje(self.actividades_validadas, self.actividades)


def formatos_por_mes(user, *, hasta_mes, meses=12):
    """For each of the last ``meses`` months, what GC-FOR-05, GC-FOR-06 and GC-FOR-21 hold and how much of
    it the Líder CRM has filled in (validated), newest month first. Two queries."""
    desde = meses_atras(hasta_mes, meses - 1)
    fin = mes_siguiente(hasta_mes)
    filas = {}
    mes = hasta_mes
    for _ in range(meses):
        filas[mes] = FormatosMes(mes=mes)
        mes = meses_atras(mes, 1)
    for f in (
        prospectos_visibles(user)
        .filter(mes__gte=desde, mes__lt=fin)
        .order_by()
        .values("mes")
        .annotate(
            n=Count("pk"),
            validados=Count("pk", filter=~Q(estado=Prospecto.Estado.PENDIENTE)),
            ultima=Max("validado_en"),
        )
    ):
        fila = filas[f["mes"]]
        fila.prospectos, fila.prospectos_validados, fila.ultima_llamada = f["n"], f["validados"], f["ultima"]
    for f in (
        actividades_visibles(user)
        .filter(fecha_programada__gte=desde, fecha_programada__lt=fin)
        .annotate(m=TruncMonth("fecha_programada"))
        .order_by()
        .values("m")
        .annotate(
            n=Count("pk"),
            validadas=Count("pk", filter=~Q(validacion=Actividad.Validacion.PENDIENTE)),
            ultima=Max("validada_en"),
        )
    ):
        clave = f["m"].date() if isinstance(f["m"], datetime) else f["m"]
        fila = filas[clave]
        fila.actividades, fila.actividades_validadas, fila.ultima_validacion = f["n"], f["validadas"], f["ultima"]
    return list(filas.values())


def kpis_inicio(user, *, hoy):
    """The home's tiles: valid prospects and valid activities by validation date, the last 30 days against
    the 30 before (one aggregate query per model)."""
    validos = Conteo("prospectos_validos", "Prospectos válidos", "validado_en", Q(estado=Prospecto.Estado.VALIDO))
    validas = Conteo(
        "actividades_validas", "Actividades válidas", "validada_en", Q(validacion=Actividad.Validacion.VALIDA)
    )
    return kpis_30_dias(prospectos_visibles(user), (validos,), hoy) + kpis_30_dias(
        actividades_visibles(user), (validas,), hoy
    )
