"""Browser flow of the Carrazos CRM: import, validate prospects (from the list and from the prospect's page)
and activities, semáforo and GC-FOR-21."""

import re

import pytest

from comercial.crm import services
from comercial.crm.models import Actividad, Prospecto
from tests.comercial.crm.factories import (
    ENCABEZADOS_ACTIVIDADES,
    ENCABEZADOS_TRAFICO,
    MarcaFactory,
    PerfilAsesorFactory,
    archivo_csv,
    fila_actividad,
    fila_trafico,
)
from tests.enlace.factories import CONTRASENA


@pytest.mark.django_db(transaction=True)
def test_importar_validar_y_descargar_el_semaforo(pagina, entrar, crear_usuario, organizacion, tmp_path):
    organizacion.zona_horaria = "America/Bogota"
    organizacion.save(update_fields=["zona_horaria"])
    lider = crear_usuario("lider_crm", organizacion=organizacion)
    ana = PerfilAsesorFactory(marca=MarcaFactory(organizacion=organizacion, nombre="Renault"), nombre_spiga="Ana Pérez")
    hoy = services.hoy(organizacion)
    dia = f"{hoy:%d/%m/%Y}"
    trafico = tmp_path / "trafico.csv"
    trafico.write_bytes(
        archivo_csv(
            ENCABEZADOS_TRAFICO, [fila_trafico("T1", ana, fecha=dia), fila_trafico("T2", ana, fecha=dia)]
        ).read()
    )
    actividades = tmp_path / "visitas.csv"
    actividades.write_bytes(
        archivo_csv(
            ENCABEZADOS_ACTIVIDADES,
            [fila_actividad("A1", "T1", ana, programada=dia, realizada=dia, tipo="Cotización")],
        ).read()
    )

    entrar(lider.email, CONTRASENA)
    pagina.goto("/comercial/crm/importar/")
    pagina.get_by_label("Informe de SPIGA").select_option("trafico")
    pagina.get_by_label("Archivo (CSV, XLSX o XLS)").set_input_files(str(trafico))
    pagina.get_by_role("button", name="Importar").click()
    pagina.get_by_text("Importación lista: 2 filas, 2 nuevas").wait_for()

    fila = pagina.locator("tr", has_text="T1")
    fila.get_by_label("¿Recibió asesoría comercial? (T1)").select_option("si")
    fila.get_by_label("Resultado (T1)").select_option("valido")
    fila.get_by_label("Notas (T1)").fill("Atendido por Ana en vitrina")
    fila.get_by_role("button", name="Registrar llamada").click()
    pagina.get_by_text("llamada registrada").wait_for()
    assert Prospecto.objects.get(id_spiga="T1").estado == "valido"

    # On the prospect's own page the call is the offered action; a missing answer keeps what was typed.
    t2 = Prospecto.objects.get(id_spiga="T2")
    pagina.goto(f"/comercial/crm/prospectos/{t2.pk}/")
    accion = pagina.locator('[data-accion="validar"]')
    accion.get_by_label("Resultado de la llamada").select_option("valido")
    accion.get_by_label("Notas").fill("Buzón de voz")
    accion.get_by_role("button", name="Registrar llamada").click()
    pagina.get_by_text(services.ERROR_FALTA_RESPUESTA).wait_for()
    accion = pagina.locator('[data-accion="validar"]')
    assert accion.get_by_label("Notas").input_value() == "Buzón de voz"
    accion.get_by_label("Resultado de la llamada").select_option("no_contactado")
    accion.get_by_role("button", name="Registrar llamada").click()
    pagina.get_by_text("llamada registrada").wait_for()
    assert Prospecto.objects.get(pk=t2.pk).estado == "no_contactado"

    pagina.goto("/comercial/crm/importar/")
    pagina.get_by_label("Informe de SPIGA").select_option("actividades")
    pagina.get_by_label("Archivo (CSV, XLSX o XLS)").set_input_files(str(actividades))
    pagina.get_by_role("button", name="Importar").click()
    pagina.get_by_text("Importación lista: 1 filas, 1 nuevas").wait_for()
    fila = pagina.locator("tr", has_text="A1")
    fila.get_by_label("Validación (A1)").select_option("valida")
    fila.get_by_role("button", name="Guardar").click()
    pagina.get_by_text("Actividad A1 validada.").wait_for()
    assert Actividad.objects.get(id_spiga="A1").validacion == "valida"

    pagina.goto("/comercial/crm/semaforo/")
    fila = pagina.locator("table.semaforo tr", has_text="T1")
    assert re.search(r"Verde", fila.inner_text())
    with pagina.expect_download() as descarga:
        pagina.get_by_role("link", name="Descargar GC-FOR-21 (PDF)").click()
    ruta = descarga.value.path()
    assert descarga.value.suggested_filename == f"GC-FOR-21_{hoy:%Y-%m}.pdf"
    with open(ruta, "rb") as archivo:
        assert archivo.read(5) == b"%PDF-"


PANTALLAS = {"telefono": {"width": 390, "height": 844}, "escritorio": {"width": 1366, "height": 768}}


def sin_desplazamiento_lateral(pagina):
    """The page does not pan sideways at this width (its own tables may scroll inside their box)."""
    ancho, vista = pagina.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert ancho <= vista, f"{pagina.url} se desplaza de lado: {ancho} px en una ventana de {vista} px"


def ir_por_el_menu(pagina, nombre):
    """Open a page from the app's menu: the sidebar on a desk, behind the «Menú» button on a phone."""
    boton = pagina.get_by_label("Menú", exact=True)
    if boton.is_visible():
        boton.click()
    pagina.locator("nav.menu-lateral").get_by_role("link", name=nombre, exact=True).click()
    pagina.wait_for_load_state("domcontentloaded")


@pytest.mark.parametrize("pantalla", list(PANTALLAS))
@pytest.mark.django_db(transaction=True)
def test_el_lider_importa_un_informe_de_spiga_con_titulos_y_fija_una_meta(
    navegador, live_server, crear_usuario, organizacion, tmp_path, pantalla
):
    from comercial.crm.models import Importacion, MetaMensual
    from tests.comercial.crm.factories import archivo_xlsx

    organizacion.zona_horaria = "America/Bogota"
    organizacion.save(update_fields=["zona_horaria"])
    lider = crear_usuario("lider_crm", organizacion=organizacion)
    renault = MarcaFactory(organizacion=organizacion, nombre="Renault")
    ana = PerfilAsesorFactory(marca=renault, nombre_spiga="Ana Pérez")
    hoy = services.hoy(organizacion)
    dia = f"{hoy:%d/%m/%Y}"
    # As SPIGA exports it: two title rows (merged across the table) right above the headers.
    titulos = [["Informe Tráfico de Exposición"], [f"Generado {dia} · Carrazos S.A.S."]]
    filas = [fila_trafico("T1", ana, fecha=dia), fila_trafico("T2", ana, fecha=dia)]
    con_error = tmp_path / "trafico_con_error.xlsx"
    con_error.write_bytes(
        archivo_xlsx(
            ENCABEZADOS_TRAFICO, [filas[0], fila_trafico("T2", ana, fecha="31/02/2026")], antes=titulos, combinar=True
        ).read()
    )
    trafico = tmp_path / "trafico_exposicion.xlsx"
    trafico.write_bytes(archivo_xlsx(ENCABEZADOS_TRAFICO, filas, antes=titulos, combinar=True).read())

    contexto = navegador.new_context(locale="es-MX", base_url=live_server.url, viewport=PANTALLAS[pantalla])
    contexto.set_default_timeout(10_000)
    pagina = contexto.new_page()
    pagina.goto("/cuentas/login/")
    pagina.get_by_label("Correo electrónico").fill(lider.email)
    pagina.get_by_label("Contraseña").fill(CONTRASENA)
    pagina.get_by_role("button", name="Entrar").click()
    pagina.wait_for_load_state("domcontentloaded")

    # A bad row: the whole file is refused, the error listed once with the sheet's row number.
    ir_por_el_menu(pagina, "Importar SPIGA")
    sin_desplazamiento_lateral(pagina)
    pagina.get_by_label("Informe de SPIGA").select_option("trafico")
    pagina.get_by_label("Archivo (CSV, XLSX o XLS)").set_input_files(str(con_error))
    pagina.get_by_role("button", name="Importar").click()
    errores = pagina.locator("#errores-importacion")
    errores.wait_for()
    assert errores.locator("tbody tr").count() == 1
    assert errores.locator("tbody tr").inner_text().split("\t")[:2] == ["5", "Fecha"]
    assert pagina.get_by_text("Encabezados leídos en la fila 3 del archivo").count() == 1
    assert not Prospecto.objects.exists() and not Importacion.objects.exists()
    sin_desplazamiento_lateral(pagina)

    # The file as SPIGA exports it: imported, the page says which row held the headers.
    pagina.get_by_label("Informe de SPIGA").select_option("trafico")
    pagina.get_by_label("Archivo (CSV, XLSX o XLS)").set_input_files(str(trafico))
    pagina.get_by_role("button", name="Importar").click()
    pagina.get_by_text("Importación lista: 2 filas, 2 nuevas").wait_for()
    pagina.get_by_text("Encabezados leídos en la fila 3 del archivo").wait_for()
    assert Importacion.objects.get().fila_encabezados == 3
    assert set(Prospecto.objects.values_list("id_spiga", flat=True)) == {"T1", "T2"}
    sin_desplazamiento_lateral(pagina)

    ir_por_el_menu(pagina, "Metas")
    sin_desplazamiento_lateral(pagina)
    tarjeta = pagina.locator("#meta-" + str(renault.pk))
    tarjeta.get_by_label("Prospectos (Renault)").fill("45")
    tarjeta.get_by_label("Actividades (Renault)").fill("100")
    tarjeta.get_by_role("button", name="Guardar metas").click()
    pagina.get_by_text(f"Metas de Renault para {hoy:%m/%Y} guardadas.").wait_for()
    meta = MetaMensual.objects.get(marca=renault, periodo=hoy.replace(day=1))
    assert (meta.prospectos_validos, meta.actividades_validas) == (45, 100)
    historial = pagina.locator("table.historial-metas").inner_text()
    assert str(lider) in historial and "45" in historial and "Meta creada" in historial
    sin_desplazamiento_lateral(pagina)

    # The procedure is one click away from the form pages.
    ir_por_el_menu(pagina, "Prospectos (GC-FOR-06)")
    pagina.locator("a.enlace-procedimiento").first.click()
    pagina.get_by_role("heading", name="Control de cambios").wait_for()
    sin_desplazamiento_lateral(pagina)
    contexto.close()
