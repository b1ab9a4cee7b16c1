"""Scoped reads of the commission lines: «mis comisiones», the COP's board, gerentes and the PDF report."""

from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from enlace import roles
from enlace.models import Organizacion, Usuario
from enlace.pdf import firmante
from operaciones.models import Apartado, LineaComision
from operaciones.rules import es_asesor, es_cop

CERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2))


def comisiones_visibles(user):
    return LineaComision.objects.visibles_para(user).select_related(
        "apartado__unidad", "apartado__asesor", "beneficiario_asesor", "beneficiario_concesionario"
    )


def comisiones_filtradas(user, *, desde=None, hasta=None, estado="", asesor_id=None, concesionario_id=None):
    """The board's list: the user's visible lines, filtered by cierre period, state, asesor and concesionario.

    ``asesor_id`` keeps the lines of that asesor's operaciones (theirs and their concesionarios');
    ``concesionario_id`` the lines paid to that concesionario.
    """
    consulta = comisiones_visibles(user)
    if desde is not None and hasta is not None:
        consulta = consulta.cerradas_entre(desde, hasta)
    if estado in LineaComision.Estado.values:
        consulta = consulta.filter(estado=estado)
    if asesor_id:
        consulta = consulta.filter(apartado__asesor_id=asesor_id)
    if concesionario_id:
        consulta = consulta.filter(beneficiario_concesionario_id=concesionario_id)
    return consulta.order_by("-apartado__cerrado_en", "apartado_id", "pk")


def comisiones_totales_por_estado(consulta):
    """{estado: {"lineas": n, "monto": Decimal}} plus "total", aggregated in one query."""
    agregados = {}
    for estado in LineaComision.Estado.values:
        filtro = Q(estado=estado)
        agregados[f"{estado}_lineas"] = Count("pk", filter=filtro)
        agregados[f"{estado}_monto"] = Coalesce(Sum("monto", filter=filtro), CERO)
    agregados["total_lineas"] = Count("pk")
    agregados["total_monto"] = Coalesce(Sum("monto"), CERO)
    fila = consulta.order_by().aggregate(**agregados)
    return {
        clave: {"lineas": fila[f"{clave}_lineas"], "monto": fila[f"{clave}_monto"]}
        for clave in [*LineaComision.Estado.values, "total"]
    }


COP = "Coordinador de Operaciones (COP), Enl@ceGrup"


def comisiones_reporte_contexto(consulta, *, titulo, desde, hasta, asesor, autor):
    """The commission report PDF (operaciones/comisiones/reporte_pdf.html) of ``consulta``'s lines.

    Signed by people of the COP side: who printed it, the COP staff who verified the lines and who
    registered their payment (names read from the lines themselves)."""
    consulta = consulta.select_related("verificada_por", "pagada_por").order_by("apartado__cerrado_en", "pk")
    lineas = list(consulta)
    rol = roles.rol_de(autor)
    return {
        "titulo": titulo,
        "organizacion": "Enl@ceGrup",
        "proceso": "Control de Comisiones (COP)",
        "codigo": "EG-COM-01",
        "version": "1",
        "vigencia": settings.OPERACIONES_COMISIONES_VIGENCIA,
        "desde": desde,
        "hasta": hasta,
        "asesor": asesor,
        "lineas": lineas,
        "totales": comisiones_totales_por_estado(consulta),
        "estados": LineaComision.Estado,
        "firmantes": [
            firmante("Elaboró", autor, rol.nombre if rol else ""),
            firmante("Revisó (verificación)", _nombres(linea.verificada_por for linea in lineas), COP),
            firmante("Aprobó (pago)", _nombres(linea.pagada_por for linea in lineas), COP),
        ],
    }


def _nombres(usuarios):
    return ", ".join(sorted({str(usuario) for usuario in usuarios if usuario is not None}))


def comisiones_asesores_filtro(user):
    """Asesores whose operaciones have lines the user sees (the board's asesor filter)."""
    apartados = comisiones_visibles(user).values("apartado__asesor_id")
    return Usuario.objects.filter(pk__in=apartados).order_by("first_name", "last_name", "email")


def comisiones_concesionarios_filtro(user):
    concesionarios = comisiones_visibles(user).values("beneficiario_concesionario_id")
    return Organizacion.objects.filter(pk__in=concesionarios).order_by("nombre")


def comision_detalle(user, pk):
    """One line the user may see (raises LineaComision.DoesNotExist otherwise)."""
    return comisiones_visibles(user).select_related("regla", "verificada_por", "pagada_por").get(pk=pk)


def contexto_apartado_comisiones(user, apartado):
    """The apartado page's «comisiones» section: the operación's lines the user may see (closed ones only)."""
    if apartado.estado != Apartado.Estado.CERRADO:
        return {}
    lineas = list(comisiones_visibles(user).filter(apartado=apartado).order_by("pk"))
    return {
        "comisiones_lineas": lineas,
        "comisiones_gestiona": es_cop(user),
        "comisiones_muestra": bool(lineas) or es_cop(user) or es_asesor(user),
    }
