"""The controlled forms of GC-PRO-05 as PDF (templates/pdf/base.html layout) and XLSX (no row cap).

GC-FOR-05 Validez de seguimiento de actividades, GC-FOR-06 Validez de prospectos,
GC-FOR-21 Registro semáforo de seguimiento. Each one reads the same scoped selectors as
the pages, so a user's download holds exactly what they may see.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.http import QueryDict
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format

from comercial.crm import filters, selectors
from comercial.crm.firmantes import firmantes
from enlace.documentos import preparados
from enlace.exportar import agregar, libro_xlsx, respuesta_xlsx
from enlace.pdf import renderizar_pdf, respuesta_pdf


@dataclass(frozen=True)
class Formato:
    codigo: str
    titulo: str
    plantilla: str
    filtro: type  # the FilterSet of the page that lists the same rows
    filas: object  # (user) -> the user's rows, before the filters


FORMATOS = {
    "gc-for-05": Formato(
        "GC-FOR-05",
        "Validez de seguimiento de actividades",
        "comercial/crm/pdf/gc_for_05.html",
        filters.ActividadesFiltro,
        selectors.actividades_lista,
    ),
    "gc-for-06": Formato(
        "GC-FOR-06",
        "Informe validez de prospectos",
        "comercial/crm/pdf/gc_for_06.html",
        filters.ProspectosFiltro,
        selectors.prospectos_lista,
    ),
    "gc-for-21": Formato(
        "GC-FOR-21",
        "Registro semáforo de seguimiento",
        "comercial/crm/pdf/gc_for_21.html",
        filters.SemaforoFiltro,
        selectors.prospectos_semaforo,
    ),
}


def filtro(clave, datos, *, usuario, hoy):
    """The filters of form ``clave`` read from ``datos`` (the download's query string)."""
    formato = FORMATOS[clave]
    return formato.filtro(datos, usuario=usuario, hoy=hoy, queryset=formato.filas(usuario))


ORGANIZACION = "Carrazos S.A.S."
VERSION = "03"  # GC-PRO-05's control block

# Page-sized blocks of GC-FOR-21 (letter landscape, one line per row: 22 rows fit under the title, 25 on
# other pages): rows under the title on page 1, on every other page, and the rows the signature
# block takes on the last page.
FILAS_PRIMERA, FILAS_PAGINA, FILAS_FIRMAS = 21, 24, 8
# Rows of GC-FOR-05/06 kept on the page of the signature block (their rows wrap, so they are not paged).
FILAS_COLA = 3


def encabezado(formato):
    return {
        "organizacion": ORGANIZACION,
        "proceso": "Gestión comercial · Procedimiento CRM (GC-PRO-05)",
        "titulo": formato.titulo,
        "codigo": formato.codigo,
        "version": VERSION,
        "vigencia": settings.CRM_FORMATOS_VIGENCIA,
    }


def paginar(filas, *, primera=FILAS_PRIMERA, siguientes=FILAS_PAGINA, firmas=FILAS_FIRMAS):
    """Rows split into page-sized blocks, each printed as its own table (WeasyPrint lays out many short
    tables far faster than one long one). The last block leaves room for the signature block and, unless
    there are fewer, holds at least two rows: no page carries the signatures alone or one row."""
    filas, bloques, cabida = list(filas), [], primera
    while len(filas) > cabida - firmas:
        if len(filas) <= cabida:
            bloques.append(filas[:-2])
            filas = filas[-2:]
            break
        toma = cabida if len(filas) - cabida >= 2 else cabida - 1  # never one row left for the last page
        bloques.append(filas[:toma])
        filas, cabida = filas[toma:], siguientes
    return [*bloques, filas]


def con_cola(filas, n=FILAS_COLA):
    """(body, tail): the last ``n`` rows print with the signature block, so it never stands alone on a page."""
    filas = list(filas)
    return filas[:-n] if len(filas) > n else [], filas[-n:]


def datos(clave, filtro, *, hoy):
    """The rows of one form for these filters (``filtro``, from ``filtro()``)."""
    if clave == "gc-for-06":
        return {
            "prospectos": filtro.qs.select_related("validado_por"),
            "falsos": selectors.falsos_por_asesor(filtro.sin("estado")),
            "umbral": settings.CRM_FALSOS_UMBRAL,
        }
    if clave == "gc-for-05":
        return {"actividades": filtro.qs}
    semaforo = selectors.semaforo(filtro.sin("color"), filas=filtro.qs, hoy=hoy)
    return {"semaforo": semaforo, "prospectos": semaforo.decorar(semaforo.filas.iterator(chunk_size=2000))}


def _filas_pdf(clave, contenido):
    if clave == "gc-for-21":
        return {"paginas": paginar(contenido["prospectos"])}
    cuerpo, cola = con_cola(contenido["actividades" if clave == "gc-for-05" else "prospectos"])
    return {"cuerpo": cuerpo, "cola": cola}


def firmas(usuario, *, marca=None):
    """The signature block of a Carrazos document downloaded by ``usuario`` (people of their organisation)."""
    return {"firmas": firmantes(usuario.organizacion, marca=marca)}


def pdf(request, clave, filtro, *, hoy):
    """The form as a PDF download; one of more than ENLACE_PDF_FILAS_EN_FONDO rows is rendered by the worker
    and the user is sent to its progress page."""
    filas = filtro.qs.count()
    if preparados.en_fondo(filas):
        formato = FORMATOS[clave]
        pedido = preparados.preparar(
            request.user,
            titulo=f"{formato.codigo} {formato.titulo}, {date_format(filtro.mes_elegido, 'F Y')}",
            generador=f"{__name__}.pdf_preparado",
            parametros={"clave": clave, "consulta": request.GET.urlencode(), "hoy": hoy.isoformat()},
            filas=filas,
        )
        return redirect(pedido)
    plantilla, contexto, nombre = _documento(request.user, clave, filtro, hoy=hoy)
    return respuesta_pdf(plantilla, contexto, nombre_archivo=nombre, request=request, adjunto=True)


def pdf_preparado(usuario, *, clave, consulta, hoy):
    """The worker's side of ``pdf``: the same filters, read again as ``usuario`` (enlace.documentos.preparados)."""
    hoy = date.fromisoformat(hoy)
    plantilla, contexto, nombre = _documento(
        usuario, clave, filtro(clave, QueryDict(consulta), usuario=usuario, hoy=hoy), hoy=hoy
    )
    return renderizar_pdf(plantilla, contexto), nombre


def _documento(usuario, clave, filtro, *, hoy):
    formato = FORMATOS[clave]
    mes = filtro.mes_elegido
    contenido = datos(clave, filtro, hoy=hoy)
    contexto = {
        **encabezado(formato),
        **contenido,
        **_filas_pdf(clave, contenido),
        **firmas(usuario, marca=filtro.valores().get("marca")),
        "mes": mes,
        "hoy": hoy,
    }
    return formato.plantilla, contexto, f"{formato.codigo}_{mes:%Y-%m}.pdf"


def _si_no(valor):
    return "" if valor is None else ("Sí" if valor else "No")


def _fecha(valor):
    if not valor:
        return ""
    return timezone.localtime(valor).strftime("%d/%m/%Y %H:%M")  # a validation time, in the user's zone


def xlsx(request, clave, filtro, *, hoy):
    """Stream-friendly XLSX (openpyxl write-only): title rows of the controlled form, then every row."""
    formato = FORMATOS[clave]
    cabecera = encabezado(formato)
    libro = libro_xlsx()
    mes = filtro.mes_elegido
    hoja = libro.create_sheet(formato.codigo)
    agregar(hoja, [f"{cabecera['organizacion']} · {formato.codigo} {formato.titulo}"])
    agregar(hoja, [f"Versión {cabecera['version']}", f"Fecha de vigencia {cabecera['vigencia']}", f"Mes {mes:%m/%Y}"])
    agregar(hoja, [])
    contenido = datos(clave, filtro, hoy=hoy)
    if clave == "gc-for-06":
        agregar(
            hoja,
            [
                "ID tráfico",
                "Fecha",
                "Marca",
                "Asesor",
                "Cliente",
                "Teléfono",
                "Vehículo",
                "Validación",
                "¿Recibió asesoría?",
                "Llamadas",
                "Notas",
                "Validado por",
                "Validado",
            ],
        )
        for p in contenido["prospectos"].iterator(chunk_size=2000):
            agregar(
                hoja,
                [
                    p.id_spiga,
                    p.fecha,
                    p.marca.nombre,
                    str(p.asesor),
                    p.cliente,
                    p.telefono,
                    p.vehiculo,
                    p.get_estado_display(),
                    _si_no(p.recibio_asesoria),
                    p.llamadas_verificacion,
                    p.notas,
                    str(p.validado_por) if p.validado_por else "",
                    _fecha(p.validado_en),
                ],
            )
    elif clave == "gc-for-05":
        agregar(
            hoja,
            [
                "ID actividad",
                "ID tráfico",
                "Cliente",
                "Marca",
                "Asesor",
                "Tipo",
                "Fecha programada",
                "Fecha realizada",
                "Estado SPIGA",
                "Comentario",
                "Validación",
                "Motivo",
                "Aviso al asesor",
            ],
        )
        for a in contenido["actividades"].iterator(chunk_size=2000):
            agregar(
                hoja,
                [
                    a.id_spiga,
                    a.prospecto.id_spiga,
                    a.prospecto.cliente,
                    a.marca.nombre,
                    str(a.asesor),
                    a.get_tipo_display(),
                    a.fecha_programada,
                    a.fecha_realizada,
                    a.get_estado_spiga_display(),
                    a.comentario,
                    a.get_validacion_display(),
                    a.motivo,
                    _fecha(a.aviso.enviado_en) if a.aviso else "",
                ],
            )
    else:
        agregar(
            hoja,
            [
                "ID tráfico",
                "Fecha",
                "Marca",
                "Asesor",
                "Cliente",
                "Llamadas",
                "Cotizaciones",
                "Visitas",
                "Pruebas de manejo",
                "Otros seguimientos",
                "Último seguimiento",
                "Días sin seguimiento",
                "Semáforo",
            ],
        )
        for p in contenido["prospectos"]:
            agregar(
                hoja,
                [
                    p.id_spiga,
                    p.fecha,
                    p.marca.nombre,
                    str(p.asesor),
                    p.cliente,
                    p.n_llamadas,
                    p.n_cotizaciones,
                    p.n_visitas,
                    p.n_pruebas,
                    p.n_otros,
                    p.ultimo_seguimiento,
                    p.dias,
                    selectors.COLORES[p.color],
                ],
            )
    return respuesta_xlsx(libro, f"{formato.codigo}_{mes:%Y-%m}")
