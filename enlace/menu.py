"""The app shell's navigation: one menu per module, filtered by the user's role.

Each entry names a URL and who sees it; some carry a counter of pending work
(all counted in one query, run only when the menu is drawn and at most once per request).
A counter stops at ``MENU_CONTADOR_TOPE`` and shows «99+»: the badge says there is work waiting,
and counting an ENROK agent's 20,000 open tickets on every page would cost more than the page.
The counts are kept for ``ENLACE_MENU_CONTADORES_SEGUNDOS`` per user and forgotten after each of
the user's own writes (``enlace.middleware.ContadoresDelMenuMiddleware``): building and compiling
the counting queries cost more than running them, on every page (the COP's bandeja 12.8 -> 10.1 ms).
"""

from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import QuerySet
from django.urls import reverse

from enlace import roles
from enlace.paginacion import conteo_acotado


def _rol(*codigos):
    return lambda user: user.is_superuser or roles.tiene_rol(user, *codigos)


def _permiso(nombre):
    return lambda user: user.has_perm(nombre)


def _todos(user):
    return True


@dataclass(frozen=True)
class Entrada:
    etiqueta: str
    url: str  # URL name
    visible: object = _todos  # callable(user) -> bool
    consulta: str = ""  # query string kept on the link
    contador: object = None  # callable(user) -> queryset of pending rows or int, one query
    etiqueta_asesor: str = ""  # the asesor's own wording ("Mis apartados")


@dataclass(frozen=True)
class Modulo:
    nombre: str
    espacio: str  # URL namespace
    areas: tuple[str, ...]  # role codes that own the module
    entradas: tuple[Entrada, ...]


# --- counters: the rows of pending work (counted up to the bound), or a number -------------

MENU_CONTADOR_TOPE = 99


def _validaciones_pendientes(user):
    from operaciones.selectors.apartados import bandeja_cop

    return bandeja_cop(user)


def _apartados_del_asesor(user):
    from operaciones.models import Apartado

    if not roles.tiene_rol(user, "asesor"):
        return None
    return Apartado.objects.visibles_para(user).activos()


def _conversaciones_sin_responder(user):
    from operaciones.selectors.conversaciones import hilos_sin_responder

    return hilos_sin_responder(user)


def _escalamientos_abiertos(user):
    from operaciones.selectors.conversaciones import escalamientos_visibles

    return escalamientos_visibles(user).abiertos()


def _solicitudes_del_webmaster(user):
    from operaciones.selectors.entrega import tareas_del_webmaster

    return tareas_del_webmaster(user).filter(terminada_en__isnull=True)


def _retiros_pendientes(user):
    from operaciones.selectors.supervision import retiros_pendientes

    return retiros_pendientes(user)


def _tickets_abiertos(user):
    from atencion.selectors.tickets import tickets_visibles

    return tickets_visibles(user).abiertos()


def _tickets_escalados(user):
    from atencion.selectors.tickets import tickets_visibles

    return tickets_visibles(user).abiertos().filter(escalado_en__isnull=False)


def _solicitudes_digitales_abiertas(user):
    from comercial.digitales.selectors import conteo_abiertas

    return sum(conteo_abiertas(user).values())


def _digitaciones_por_controlar(user):
    from comercial.digitales.models import Estado
    from comercial.digitales.selectors import solicitudes_para

    return solicitudes_para(user).filter(estado=Estado.DIGITADA)


def _ordenes_instalacion_vencidas(user):
    from comercial.digitales.selectors import hoy_de, ordenes_para

    return ordenes_para(user).vencidas(hoy_de(user))


# --- the menus -------------------------------------------------------------------------

_COP = _rol("cop")
_PUBLICAN = _rol("webmaster", "gerente_general", "gerente_ventas", "gerente_financiera")
_EMPRESAS_VISITAS = _rol("ejecutivo_empresas", "responsable_empresas", "gestion_territorios")
_EMPRESAS_ORDENES = _rol("gestion_recursos", "gestor_tecnico", "responsable_empresas", "gestion_territorios")
_EMPRESAS_MANDO = _rol("responsable_empresas", "gestion_territorios")

MODULOS = (
    Modulo(
        "Operaciones",
        "operaciones",
        ("cop", "asesor", "gerente_general", "gerente_ventas", "gerente_financiera", "webmaster"),
        (
            Entrada("Inicio", "operaciones:inicio"),
            Entrada("Bandeja del COP", "operaciones:bandeja", _COP, contador=_validaciones_pendientes),
            Entrada("Tablero", "operaciones:tablero", _COP),
            Entrada(
                "Mi concesionario",
                "operaciones:mi_concesionario",
                _rol("gerente_general", "gerente_ventas", "gerente_financiera"),
            ),
            Entrada("Detonantes de la red", "operaciones:red", _COP),
            Entrada("Inventario de la red", "operaciones:inventario"),
            Entrada(
                "Apartados",
                "operaciones:apartados",
                etiqueta_asesor="Mis apartados",
                contador=_apartados_del_asesor,
            ),
            Entrada(
                "Mi inventario",
                "operaciones:mi_inventario",
                lambda user: not roles.tiene_rol(user, "asesor"),
            ),
            Entrada(
                "Unidades de 60/90 días", "operaciones:antiguedad", lambda user: not roles.tiene_rol(user, "asesor")
            ),
            Entrada("Negociaciones abiertas", "operaciones:negociaciones", _COP),
            Entrada("Cancelaciones solicitadas", "operaciones:cancelaciones", _COP),
            Entrada("Descuentos por responder", "operaciones:descuentos_por_responder", _rol("gerente_ventas")),
            Entrada("Operaciones financiadas", "operaciones:financiamientos", _rol("cop", "gerente_financiera")),
            Entrada("Publicar unidad", "operaciones:publicar_unidad", _PUBLICAN),
            Entrada("Importar inventario", "operaciones:importar_inventario", _PUBLICAN),
            Entrada("Cambios por validar", "operaciones:cambios_unidad", _PUBLICAN),
            Entrada("Tareas de proveedores", "operaciones:tareas", _COP),
            Entrada("Directorio", "operaciones:directorio", _COP),
            Entrada(
                "Solicitudes de fotos y videos",
                "operaciones:mis_tareas",
                _rol("webmaster"),
                contador=_solicitudes_del_webmaster,
            ),
            Entrada("Mis comisiones", "operaciones:mis_comisiones", _rol("asesor")),
            Entrada("Mi desempeño", "operaciones:mi_desempeno", _rol("asesor")),
            Entrada("Comisiones", "operaciones:comisiones", _permiso("operaciones.ver_tablero_comisiones")),
            Entrada("Ranking", "operaciones:ranking"),
            Entrada("Coaching", "operaciones:coaching", _rol("cop", "asesor")),
            Entrada("Cuellos de botella", "operaciones:cuellos_de_botella", _COP),
            Entrada("Retiros en revisión", "operaciones:retiros_revision", _COP, contador=_retiros_pendientes),
            Entrada("Conversaciones", "operaciones:conversaciones", _COP, contador=_conversaciones_sin_responder),
            Entrada(
                "Escalamientos",
                "operaciones:escalamientos",
                _rol("cop", "gerente_general"),
                contador=_escalamientos_abiertos,
            ),
            Entrada("Avisos de avance", "operaciones:avisos_avance", _rol("cop", "gerente_general")),
        ),
    ),
    Modulo(
        "Ventas Empresas",
        "comercial:empresas",
        (
            "responsable_empresas",
            "ejecutivo_empresas",
            "gestor_comercial",
            "gestor_tecnico",
            "gestion_recursos",
            "gestion_territorios",
        ),
        (
            Entrada("Inicio", "comercial:empresas:inicio"),
            Entrada("Empresas y cartera", "comercial:empresas:empresas"),
            Entrada("Ventas", "comercial:empresas:ventas"),
            Entrada("Catálogo", "comercial:empresas:catalogo"),
            Entrada("Planes mensuales", "comercial:empresas:planes"),
            Entrada("Cronograma de visitas", "comercial:empresas:cronograma", _EMPRESAS_VISITAS),
            Entrada("Informes", "comercial:empresas:informes", _EMPRESAS_VISITAS),
            Entrada("Derivaciones (CUM-04)", "comercial:empresas:derivaciones", _EMPRESAS_VISITAS),
            Entrada("Órdenes de trabajo", "comercial:empresas:ordenes", _EMPRESAS_ORDENES),
            Entrada("Indicador", "comercial:empresas:indicador", _EMPRESAS_MANDO),
            Entrada("Tiempos estándar de órdenes", "comercial:empresas:tipos_orden", _EMPRESAS_MANDO),
            Entrada("Facturación", "comercial:empresas:facturacion", _rol("responsable_empresas")),
        ),
    ),
    Modulo(
        "Ventas Digitales",
        "comercial:digitales",
        ("agente_digital", "responsable_call_center", "responsable_empresas", "gestor_comercial", "gestion_recursos"),
        (
            Entrada(
                "Bandeja",
                "comercial:digitales:inicio",
                _rol("agente_digital", "responsable_call_center"),
                contador=_solicitudes_digitales_abiertas,
            ),
            Entrada(
                "Digitaciones por controlar",
                "comercial:digitales:inicio",
                _rol("gestor_comercial"),
                consulta="bandeja=control",
                contador=_digitaciones_por_controlar,
            ),
            Entrada(
                "Órdenes de instalación",
                "comercial:digitales:ordenes",
                _rol("agente_digital", "responsable_call_center", "gestor_comercial", "gestion_recursos"),
                contador=_ordenes_instalacion_vencidas,
            ),
            Entrada("Buscar cliente", "comercial:digitales:buscar", _rol("agente_digital", "responsable_call_center")),
            Entrada(
                "Registrar llamada",
                "comercial:digitales:registrar_llamada",
                _rol("agente_digital", "responsable_call_center"),
            ),
            Entrada("Indicador diario", "comercial:digitales:indicador", _rol("responsable_call_center")),
            Entrada("Tabla de impedimentos", "comercial:digitales:impedimentos", _rol("responsable_call_center")),
            Entrada(
                "Catálogo de productos",
                "comercial:digitales:productos",
                _rol("responsable_call_center", "responsable_empresas"),
            ),
            Entrada(
                "Formulario web público",
                "comercial:digitales:contacto",
                _rol("agente_digital", "responsable_call_center"),
            ),
        ),
    ),
    Modulo(
        "CRM",
        "comercial:crm",
        (
            "lider_crm",
            "asesor_comercial",
            "gerente_comercial",
            "gerente_general_carrazos",
            "coordinador_mercadeo",
            "coordinador_calidad",
        ),
        (
            Entrada("Inicio", "comercial:crm:inicio"),
            Entrada("Prospectos (GC-FOR-06)", "comercial:crm:prospectos"),
            Entrada("Actividades (GC-FOR-05)", "comercial:crm:actividades"),
            Entrada("Semáforo (GC-FOR-21)", "comercial:crm:semaforo"),
            Entrada("Avisos", "comercial:crm:avisos"),
            Entrada("Procedimiento GC-PRO-05", "comercial:crm:procedimiento"),
            Entrada("Comité semanal", "comercial:crm:comite", _permiso("comercial_crm.ver_indicadores")),
            Entrada("Indicadores", "comercial:crm:indicadores", _permiso("comercial_crm.ver_indicadores")),
            Entrada("Metas", "comercial:crm:metas", _permiso("comercial_crm.ver_indicadores")),
            Entrada("Cumplimiento", "comercial:crm:cumplimiento", _permiso("comercial_crm.ver_indicadores")),
            Entrada("Oportunidad", "comercial:crm:oportunidad", _permiso("comercial_crm.ver_oportunidad")),
            Entrada(
                "Formatos por período", "comercial:crm:formatos_periodo", _permiso("comercial_crm.ver_oportunidad")
            ),
            Entrada("Importar SPIGA", "comercial:crm:importar", _permiso("comercial_crm.importar_spiga")),
            Entrada("Importaciones", "comercial:crm:importaciones", _permiso("comercial_crm.ver_importaciones")),
        ),
    ),
    Modulo(
        "Atención a clientes",
        "atencion",
        ("director", "gerente_operaciones", "agente", "analista", "pyme"),
        (
            Entrada("Inicio", "atencion:inicio"),
            Entrada("Tickets", "atencion:tickets", consulta="estado=abiertos", contador=_tickets_abiertos),
            Entrada("Mi tablero", "atencion:tablero", _rol("agente", "gerente_operaciones")),
            Entrada("Registrar llamada", "atencion:llamada", _rol("agente", "gerente_operaciones")),
            Entrada(
                "Escalamientos y SLA",
                "atencion:escalamientos",
                _rol("gerente_operaciones", "director"),
                contador=_tickets_escalados,
            ),
            Entrada("Métricas", "atencion:metricas"),
            Entrada("Reportes", "atencion:reportes"),
            Entrada("Carga de trabajo", "atencion:carga", _rol("gerente_operaciones", "director")),
            Entrada("PYMES", "atencion:pymes", lambda user: not roles.tiene_rol(user, "pyme")),
            Entrada("Campañas", "atencion:campanas", _rol("gerente_operaciones", "analista", "director")),
        ),
    ),
)

NOMBRE_POR_ESPACIO = {modulo.espacio: modulo.nombre for modulo in MODULOS}


def nombre_del_modulo(espacio):
    """The module a URL namespace belongs to ("Operaciones"), or "" outside the modules."""
    return NOMBRE_POR_ESPACIO.get(espacio or "", "")


@dataclass
class Enlace:
    etiqueta: str
    href: str
    actual: bool = False
    pendientes: int | None = None

    @property
    def insignia(self):
        return f"{MENU_CONTADOR_TOPE}+" if self.pendientes > MENU_CONTADOR_TOPE else str(self.pendientes)


@dataclass
class Seccion:
    nombre: str
    enlaces: list


class Menu:
    """The signed-in user's menu, built lazily when a template first reads it."""

    def __init__(self, request):
        self.request = request
        self.user = request.user

    def _modulos_del_usuario(self):
        if self.user.is_superuser:
            return MODULOS
        rol = roles.rol_de(self.user)
        return tuple(modulo for modulo in MODULOS if rol is not None and rol.codigo in modulo.areas)

    @cached_property
    def secciones(self):
        es_asesor = roles.tiene_rol(self.user, "asesor")
        secciones, contadores = [], {}  # href -> (Enlace, its counter)
        for modulo in self._modulos_del_usuario():
            enlaces = []
            for entrada in modulo.entradas:
                if not entrada.visible(self.user):
                    continue
                href = reverse(entrada.url) + (f"?{entrada.consulta}" if entrada.consulta else "")
                etiqueta = entrada.etiqueta_asesor if es_asesor and entrada.etiqueta_asesor else entrada.etiqueta
                enlaces.append(Enlace(etiqueta, href))
                if entrada.contador:
                    contadores[href] = (enlaces[-1], entrada.contador)
            secciones.append(Seccion(modulo.nombre, enlaces))
        pendientes = self._pendientes({href: contador for href, (_, contador) in contadores.items()})
        for href, (enlace, _) in contadores.items():
            enlace.pendientes = pendientes[href]
        secciones.append(Seccion("General", self._generales()))
        self._marcar_actual(secciones)
        return secciones

    def _pendientes(self, contadores):
        """{href: pending rows} for the badges' counters ({href: callable}): the user's cached counts when they
        cover these same badges, else counted now (in one query) and cached."""
        segundos = settings.ENLACE_MENU_CONTADORES_SEGUNDOS
        clave = clave_de_contadores(self.user)
        guardados = cache.get(clave) if segundos else None
        if guardados is not None and guardados.keys() == contadores.keys():
            return guardados
        cuantos = dict(zip(contadores, _contar([contar(self.user) for contar in contadores.values()]), strict=True))
        if segundos and cuantos:
            cache.set(clave, cuantos, segundos)
        return cuantos

    def _generales(self):
        enlaces = []
        # The role's registry, not has_perm: the groups carry exactly these permissions (roles.sincronizar_grupos),
        # and has_perm would load every permission of the user with two queries on every page.
        rol = roles.rol_de(self.user)
        if self.user.is_superuser or (rol is not None and "enlace.ver_bitacora" in rol.permisos):
            enlaces.append(Enlace("Bitácora", reverse("bitacora")))
        if self.user.is_staff:
            enlaces.append(Enlace("Administración", reverse("admin:index")))
        enlaces.append(Enlace("Mi cuenta", reverse("perfil")))
        return enlaces

    def _marcar_actual(self, secciones):
        """The entry whose path is the longest prefix of this page's path (a module home only when exact)."""
        ruta = self.request.path
        inicios = _inicios()
        mejor = None
        for seccion in secciones:
            for enlace in seccion.enlaces:
                propia = enlace.href.split("?", 1)[0]
                coincide = ruta == propia or (ruta.startswith(propia) and propia not in inicios)
                if coincide and (mejor is None or len(propia) > len(mejor.href.split("?", 1)[0])):
                    mejor = enlace
        if mejor is not None:
            mejor.actual = True


def clave_de_contadores(user):
    return f"menu-contadores-{user.pk}"


def olvidar_contadores(user):
    """The user's badges are counted afresh on their next page (after a write of theirs)."""
    if settings.ENLACE_MENU_CONTADORES_SEGUNDOS:
        cache.delete(clave_de_contadores(user))


def _contar(pendientes):
    """Each queryset of pending rows counted up to one more than the bound, all in one query; a number (or None)
    stays as it is. A COP page drew four badges with four round trips to the database."""
    conteos = {i: conteo_acotado(p, MENU_CONTADOR_TOPE) for i, p in enumerate(pendientes) if isinstance(p, QuerySet)}
    enviados = {i: c for i, c in conteos.items() if c is not None}
    if enviados:
        with connections[pendientes[next(iter(enviados))].db].cursor() as cursor:
            cursor.execute(
                "SELECT " + ", ".join(f"({sql})" for sql, _ in enviados.values()),
                [parametro for _, parametros in enviados.values() for parametro in parametros],
            )
            enviados = dict(zip(enviados, cursor.fetchone(), strict=True))
    return [enviados.get(i, 0) if i in conteos else p for i, p in enumerate(pendientes)]


def _inicios():
    """The paths of the modules' homes (reversed once per page, not once per menu entry)."""
    return {reverse(modulo.entradas[0].url) for modulo in MODULOS}
