"""The CRM reports as downloads: the weekly committee report and the «Reporte de cumplimiento CRM»,
each as PDF (templates/pdf/base.html layout, WeasyPrint) and XLSX (openpyxl write-only).

They read the same scoped selectors as their pages, so a download holds exactly what the user may see.
"""

from dataclasses import fields

from django.conf import settings

from comercial.crm.formatos import ORGANIZACION, VERSION, con_cola, firmas
from comercial.crm.selectors import FilaComite
from enlace.exportar import agregar, libro_xlsx, respuesta_xlsx
from enlace.pdf import respuesta_pdf


def encabezado(titulo):
    return {
        "organizacion": ORGANIZACION,
        "proceso": "Gestión comercial · Procedimiento CRM",
        "titulo": titulo,
        "codigo": "GC-PRO-05",
        "version": VERSION,
        "vigencia": settings.CRM_FORMATOS_VIGENCIA,
    }


# --- Weekly committee report ------------------------------------------------------------------------

TITULO_COMITE = "Informe semanal para el comité gerencial"
CABECERA_COMITE = [
    "Asesor",
    "Marca",
    "Prospectos",
    "Válidos",
    "Falsos",
    "Sin validar",
    "Actividades",
    "Realizadas",
    "Válidas",
    "No válidas",
    "Por validar",
]
NUMEROS_COMITE = [f.name for f in fields(FilaComite) if f.name != "perfil"]


def total_comite(filas):
    """The committee table's totals row: {field: sum}."""
    return {campo: sum(getattr(f, campo) for f in filas) for campo in NUMEROS_COMITE}


def comite_pdf(request, *, filas, semana, fin, marca):
    cuerpo, cola = con_cola(filas)
    contexto = {
        **encabezado(TITULO_COMITE),
        **firmas(request.user, marca=marca),
        "cuerpo": cuerpo,
        "cola": cola,
        "total": total_comite(filas),
        "semana": semana,
        "fin": fin,
        "marca": marca,
    }
    return respuesta_pdf(
        "comercial/crm/pdf/comite.html",
        contexto,
        nombre_archivo=f"comite_crm_{semana:%Y-%m-%d}.pdf",
        request=request,
        adjunto=True,
    )


def comite_xlsx(*, filas, semana, fin, marca):
    libro = libro_xlsx()
    hoja = libro.create_sheet("Comité")
    agregar(hoja, [f"Carrazos S.A.S. · {TITULO_COMITE} (GC-PRO-05)"])
    agregar(hoja, [f"Semana del {semana:%d/%m/%Y} al {fin:%d/%m/%Y}", f"Marca: {marca or 'Todas'}"])
    agregar(hoja, [])
    agregar(hoja, CABECERA_COMITE)
    for f in filas:
        agregar(hoja, [str(f.perfil.usuario), f.perfil.marca.nombre, *(getattr(f, c) for c in NUMEROS_COMITE)])
    total = total_comite(filas)
    agregar(hoja, ["Total", "", *(total[c] for c in NUMEROS_COMITE)])
    return respuesta_xlsx(libro, f"comite_crm_{semana:%Y-%m-%d}")


# --- Reporte de cumplimiento CRM --------------------------------------------------------------------

TITULO_CUMPLIMIENTO = "Reporte de cumplimiento CRM"
CABECERA_CUMPLIMIENTO = [
    "Asesor",
    "Marca",
    "Prospectos",
    "Válidos",
    "% válidos",
    "Falsos",
    "Actividades realizadas",
    "Válidas",
    "% válidas",
    "No válidas",
    "Leads sin seguimiento",
    "Leads en rojo",
    "Máx. días sin seguimiento",
    "Último seguimiento",
]


def _fila_cumplimiento(f):
    return [
        f.asesor,
        f.marca,
        f.prospectos,
        f.validos,
        f.pct_validos,
        f.falsos,
        f.realizadas,
        f.validas,
        f.pct_validas,
        f.no_validas,
        f.sin_seguimiento,
        f.en_rojo,
        f.max_dias,
        f.ultimo_seguimiento,
    ]


def _nombre_cumplimiento(datos):
    return f"cumplimiento_crm_{datos.desde:%Y-%m-%d}_{datos.hasta:%Y-%m-%d}"


def cumplimiento_pdf(request, *, datos, marca):
    cuerpo, cola = con_cola(datos.filas)
    contexto = {
        **encabezado(TITULO_CUMPLIMIENTO),
        **firmas(request.user, marca=marca),
        "cuerpo": cuerpo,
        "cola": cola,
        "datos": datos,
        "marca": marca,
        "amarillo_dias": settings.CRM_SEMAFORO_AMARILLO_DIAS,
    }
    return respuesta_pdf(
        "comercial/crm/pdf/cumplimiento.html",
        contexto,
        nombre_archivo=_nombre_cumplimiento(datos),
        request=request,
        adjunto=True,
    )


def cumplimiento_xlsx(*, datos, marca):
    libro = libro_xlsx()
    hoja = libro.create_sheet("Cumplimiento")
    agregar(hoja, [f"Carrazos S.A.S. · {TITULO_CUMPLIMIENTO} (GC-PRO-05)"])
    agregar(
        hoja,
        [
            f"Período {datos.desde:%d/%m/%Y} – {datos.hasta:%d/%m/%Y}",
            f"Marca: {marca or 'Todas'}",
            f"Días sin seguimiento al {datos.hoy:%d/%m/%Y}",
        ],
    )
    agregar(hoja, [])
    agregar(hoja, CABECERA_CUMPLIMIENTO)
    for f in [*datos.filas, datos.total]:
        agregar(hoja, _fila_cumplimiento(f))
    return respuesta_xlsx(libro, _nombre_cumplimiento(datos))
