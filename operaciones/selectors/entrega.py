"""Reads of the entrega part: the apartado page's section, the COP's directory and task boards."""

from django.db.models import F

from operaciones.models import (
    QUE_HACE_EL_COP,
    CategoriaContacto,
    Contacto,
    DocumentoOperacion,
    Entrega,
    ExpedienteOperacion,
    TareaProveedor,
    TipoDocumento,
    documentos_requeridos,
)
from operaciones.selectors.comun import red_de


def contexto_apartado_entrega(user, apartado):
    """What the apartado page's «entrega» section needs (template operaciones/entrega/_apartado.html)."""
    documentos = list(DocumentoOperacion.objects.filter(apartado=apartado).order_by("tipo", "-subido"))
    presentes = {d.tipo for d in documentos}
    requeridos = documentos_requeridos(tipo_persona=apartado.tipo_persona, forma_pago=apartado.forma_pago)
    return {
        "expediente": expediente_de(apartado),
        "documentos": documentos,
        "documentos_requeridos": [(TipoDocumento(t).label, t in presentes) for t in requeridos],
        "entrega": Entrega.objects.filter(apartado=apartado).select_related("programada_por").first(),
        "tareas": list(
            TareaProveedor.objects.filter(apartado=apartado)
            .select_related("proveedor", "unidad")
            .order_by("fecha_compromiso")
        ),
    }


def documento_de(apartado, documento_pk):
    """A document of an apartado the caller already found through ``apartado_detalle`` (scoped)."""
    return DocumentoOperacion.objects.get(apartado=apartado, pk=documento_pk)


def expediente_de(apartado):
    return ExpedienteOperacion.objects.filter(apartado=apartado).first()


def directorio(user):
    """The network's contacts, ordered by type and name (filtered by category in ``FiltroContactos``)."""
    return (
        Contacto.objects.filter(organizacion=red_de(user))
        .select_related("concesionario")
        .order_by("tipo", "nombre", "id")
    )


def que_hace_el_cop():
    """The seed's tables per category: [(categoria, [(tipo, función, acciones)])]."""
    return [
        (
            categoria,
            [
                (tipo.label, funcion, acciones)
                for tipo, (cat, funcion, acciones) in QUE_HACE_EL_COP.items()
                if cat == categoria
            ],
        )
        for categoria in CategoriaContacto
    ]


def contacto_del_directorio(user, pk):
    return Contacto.objects.get(organizacion=red_de(user), pk=pk)


def tareas_abiertas(user):
    """Open tasks of the user's scope (COP: the network) by due date."""
    return (
        TareaProveedor.objects.visibles_para(user)
        .abiertas()
        .select_related("unidad", "apartado", "proveedor")
        .order_by("fecha_compromiso", "id")
    )


def tareas_del_webmaster(user):
    """Photo/video requests on the webmaster's concesionario units: open ones first, by due date."""
    return (
        TareaProveedor.objects.filter(
            tipo=TareaProveedor.Tipo.FOTOS_VIDEOS, unidad__concesionario_id=user.organizacion_id
        )
        .select_related("unidad")
        .order_by(F("terminada_en").asc(nulls_first=True), "fecha_compromiso", "id")
    )


def tarea_visible(user, pk):
    return TareaProveedor.objects.visibles_para(user).select_related("unidad", "apartado").get(pk=pk)
