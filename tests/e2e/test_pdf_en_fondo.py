"""A long PDF in the browser: the download link leads to the progress page, which polls until the worker
has rendered it and then offers the file; the bell rings too."""

import pytest

from comercial.crm import services
from enlace.documentos import preparados
from enlace.models import PdfPreparado
from tests.comercial.crm.factories import MarcaFactory, PerfilAsesorFactory, ProspectoFactory
from tests.enlace.factories import CONTRASENA


@pytest.mark.django_db(transaction=True)
def test_el_pdf_largo_se_prepara_en_fondo_y_se_descarga(pagina, entrar, crear_usuario, organizacion, settings):
    settings.ENLACE_PDF_FILAS_EN_FONDO = 2
    lider = crear_usuario("lider_crm", organizacion=organizacion)
    ana = PerfilAsesorFactory(marca=MarcaFactory(organizacion=organizacion, nombre="Renault"))
    hoy = services.hoy(organizacion)
    for n in range(3):
        ProspectoFactory(perfil=ana, fecha=hoy, cliente=f"Cliente {n}")
    entrar(lider.email, CONTRASENA)

    pagina.goto("/comercial/crm/semaforo/")
    pagina.get_by_role("link", name="Descargar GC-FOR-21 (PDF)").click()
    pagina.get_by_text("Preparando el documento").wait_for()
    assert pagina.locator("h1").inner_text().startswith("GC-FOR-21 Registro semáforo de seguimiento")

    preparados.generar(PdfPreparado.objects.get().pk)  # what the Celery worker does
    enlace = pagina.get_by_role("link", name=f"Descargar GC-FOR-21_{hoy:%Y-%m}.pdf")
    enlace.wait_for(timeout=10_000)  # the page polls every 2 s
    with pagina.expect_download() as descarga:
        enlace.click()
    with open(descarga.value.path(), "rb") as archivo:
        assert archivo.read(5) == b"%PDF-"
    assert pagina.evaluate("document.documentElement.scrollWidth") <= pagina.viewport_size["width"]
