"""PDFs rendered by the worker: a request that would take more than a couple of seconds asks for one,
the user watches its progress page and downloads it when it is ready (and gets a bell)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from enlace.celery import publicar
from enlace.models import PdfPreparado
from enlace.notificaciones.services import notificar

logger = logging.getLogger(__name__)
Estado = PdfPreparado.Estado
TAREA = "enlace.tasks.preparar_pdf"


def en_fondo(filas):
    """Whether a document of ``filas`` rows is long enough to be rendered by the worker."""
    return filas > settings.ENLACE_PDF_FILAS_EN_FONDO


def preparar(usuario, *, titulo, generador, parametros, filas):
    """Ask the worker for a PDF; returns the pending row, whose page shows its progress."""
    pdf = PdfPreparado.objects.create(
        usuario=usuario, titulo=titulo, generador=generador, parametros=parametros, filas=filas
    )
    transaction.on_commit(lambda: publicar(TAREA, [str(pdf.pk)]))
    return pdf


def segundos_estimados(pdf):
    return max(2, round(pdf.filas * settings.ENLACE_PDF_SEGUNDOS_POR_FILA))


def generar(pk):
    """Render one pending PDF (the task). Idempotent: a row already rendered, or taken by another worker, is left."""
    with transaction.atomic():
        pdf = PdfPreparado.objects.select_for_update(skip_locked=True).filter(pk=pk, estado=Estado.PENDIENTE).first()
        if pdf is None:
            return
        try:
            contenido, nombre = import_string(pdf.generador)(pdf.usuario, **pdf.parametros)
        except Exception:
            logger.exception("No se pudo preparar el PDF %s (%s)", pdf.pk, pdf.generador)
            pdf.estado, pdf.terminado = Estado.FALLIDO, timezone.now()
            pdf.save(update_fields=["estado", "terminado"])
            return
        pdf.archivo.save(f"{pdf.pk}.pdf", ContentFile(contenido), save=False)
        pdf.nombre_archivo, pdf.estado, pdf.terminado = nombre, Estado.LISTO, timezone.now()
        pdf.save(update_fields=["archivo", "nombre_archivo", "estado", "terminado"])
        notificar(
            destinatarios=[pdf.usuario],
            titulo=f"PDF listo: {pdf.titulo}",
            cuerpo="El documento que pidió está listo para descargar.",
            enlace=pdf.get_absolute_url(),
            por_correo=False,
            clave=f"pdf-preparado-{pdf.pk}",
        )


def barrer():
    """Beat sweep: re-queue what was never published (broker down) and delete what is older than the retention."""
    ahora = timezone.now()
    olvidados = PdfPreparado.objects.filter(estado=Estado.PENDIENTE, creado__lt=ahora - timedelta(minutes=2))
    publicar(TAREA, [str(pk) for pk in olvidados.values_list("pk", flat=True)[:100]])
    viejos = PdfPreparado.objects.filter(creado__lt=ahora - timedelta(days=settings.ENLACE_PDF_PREPARADO_DIAS))
    for pdf in viejos.exclude(archivo=""):
        pdf.archivo.delete(save=False)
    viejos.delete()
