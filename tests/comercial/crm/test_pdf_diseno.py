"""Every Carrazos CRM PDF read as a gerente would: the controlled header filled, a page 1 that is not blank,
the people of Carrazos who sign (by name and position, never the client), no last page holding only the
signatures, no column too narrow for its header or its values, and a GC-FOR-21 of 1,000 rows split into
page-sized tables that still lists every row."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from comercial.crm import formatos, services
from comercial.crm.models import Prospecto
from enlace.documentos import preparados
from enlace.models import PdfPreparado
from tests.comercial.crm.factories import (
    ActividadFactory,
    ImportacionFactory,
    MarcaFactory,
    PerfilAsesorFactory,
    ProspectoFactory,
)
from tests.pdf_inspeccion import (
    columnas_recortadas,
    fraccion_con_tinta,
    observar_maquetas,
    pagina_png,
    texto_paginas,
)

pytestmark = pytest.mark.django_db
AHORA = datetime(2026, 3, 20, 10, tzinfo=ZoneInfo("America/Bogota"))
# Page 1 with its header, a few rows and the signatures inks about 11 %; header and footer alone, under 5 %.
TINTA_MINIMA = 0.07

URLS = {
    "GC-FOR-05": reverse("comercial:crm:formato_pdf", args=["gc-for-05"]) + "?mes=2026-03",
    "GC-FOR-06": reverse("comercial:crm:formato_pdf", args=["gc-for-06"]) + "?mes=2026-03",
    "GC-FOR-21": reverse("comercial:crm:formato_pdf", args=["gc-for-21"]) + "?mes=2026-03",
    "comité": reverse("comercial:crm:comite_pdf") + "?semana=2026-03-16",
    "cumplimiento": reverse("comercial:crm:cumplimiento_pdf") + "?desde=2026-03-01&hasta=2026-03-31",
}


def _nombrar(usuario, nombre, apellido):
    usuario.first_name, usuario.last_name = nombre, apellido
    usuario.save(update_fields=["first_name", "last_name"])
    return usuario


@pytest.fixture
def firmantes(crear_usuario, carrazos, lider, gerente):
    general = crear_usuario("gerente_general_carrazos", organizacion=carrazos)
    return (
        _nombrar(lider, "Laura", "Líder Gómez"),
        _nombrar(gerente, "Martha", "Gerente Salazar"),
        _nombrar(general, "Jorge", "General Pérez"),
    )


@pytest.fixture
def marzo(lider, ana, luis):
    with time_machine.travel(AHORA, tick=False):
        for i, dia in enumerate(range(2, 19)):
            perfil = ana if i % 2 else luis
            prospecto = ProspectoFactory(perfil=perfil, fecha=date(2026, 3, dia), cliente=f"Cliente {i}")
            ActividadFactory(prospecto=prospecto, fecha_programada=date(2026, 3, dia), comentario=f"Llamada {i}")
        ProspectoFactory(perfil=ana, fecha=date(2026, 3, 18), cliente="Cliente Estrella")


def _firmas(pagina):
    """(the signature block's text, the rest of the page): from «ELABORÓ» to the approver's position."""
    fin = "Gerente general, Carrazos S.A.S."
    inicio, final = pagina.upper().rindex("ELABORÓ"), pagina.rindex(fin) + len(fin)
    return pagina[inicio:final], pagina[:inicio] + pagina[final:]


def _pdf(client, usuario, url):
    client.force_login(usuario)
    with time_machine.travel(AHORA, tick=False):
        respuesta = client.get(url)
    assert respuesta.status_code == 200 and respuesta["Content-Type"] == "application/pdf"
    return respuesta.content


@pytest.mark.parametrize("documento", list(URLS))
def test_cada_pdf_con_encabezado_firmas_de_carrazos_y_sin_pagina_de_solo_firmas(client, firmantes, marzo, documento):
    lider, gerente, general = firmantes
    pdf = _pdf(client, lider, URLS[documento])
    paginas = texto_paginas(pdf)
    todo = " ".join(paginas)
    codigo = documento if documento.startswith("GC-FOR") else "GC-PRO-05"
    for campo in ("CÓDIGO", codigo, "VERSIÓN", "03", "FECHA DE VIGENCIA", "15/07/2026", "Página 1 de"):
        assert campo in todo, campo
    assert fraccion_con_tinta(pagina_png(pdf)) > TINTA_MINIMA
    firmas, resto = _firmas(paginas[-1])
    for persona, cargo in (
        (lider, "Líder CRM, Carrazos S.A.S."),
        (gerente, "Gerente comercial, Carrazos S.A.S."),
        (general, "Gerente general, Carrazos S.A.S."),
    ):
        assert persona.get_full_name() in firmas and cargo in firmas
    assert "Cliente Estrella" not in firmas and "Cliente" not in firmas
    assert re.search(r"TE-\d+|Total", resto), resto  # the last page carries rows besides the signatures


@pytest.fixture
def marzo_real(firmantes, carrazos):
    """March as SPIGA fills it: long names, E.164 phones, SPIGA's ids, validated rows with who and when,
    an activity not valid with its reason and the reminder sent."""
    lider = firmantes[0]
    perfil = PerfilAsesorFactory(
        marca=MarcaFactory(organizacion=carrazos, nombre="Chevrolet", gerente=firmantes[1]),
        nombre_spiga="María Fernanda Rodríguez Castañeda",
        usuario__first_name="María Fernanda",
        usuario__last_name="Rodríguez Castañeda",
    )
    with time_machine.travel(AHORA, tick=False):
        for i, dia in enumerate(range(2, 9)):
            prospecto = ProspectoFactory(
                perfil=perfil,
                id_spiga=f"TE-2603{dia:02d}-{i:02d}",
                fecha=date(2026, 3, dia),
                cliente="Valentina Alejandra Hernández Villamizar",
                telefono="+573001234567",
            )
            ActividadFactory(
                prospecto=prospecto,
                id_spiga=f"AC-2603{dia:02d}-{i:02d}-1",
                tipo="prueba_manejo",
                fecha_programada=date(2026, 3, dia),
                estado_spiga="no_realizada",
                fecha_realizada=None,
                comentario="",
            )
            services.prospecto_validar(
                actor=lider, prospecto=prospecto, resultado="valido", recibio_asesoria=True, notas="Atendida en vitrina"
            )
        actividad = prospecto.actividades.get()
        services.actividad_validar(
            actor=lider, actividad=actividad, valida=False, motivo="Sin evidencia de seguimiento en el comentario."
        )
        services.avisos_enviar(actor=lider, organizacion=carrazos)
    return lider


@pytest.mark.parametrize("documento", list(URLS))
def test_cada_columna_cabe_su_encabezado_y_sus_valores(client, monkeypatch, marzo_real, documento):
    maquetas = observar_maquetas(monkeypatch)
    _pdf(client, marzo_real, URLS[documento])
    assert columnas_recortadas(maquetas[-1]) == []


def test_sin_firmante_del_cargo_dice_sin_asignar(client, lider, marzo):
    texto = " ".join(texto_paginas(_pdf(client, lider, URLS["GC-FOR-21"])))
    assert "Sin asignar" in texto  # no gerente general in this organisation
    assert "Ana Pérez" not in _firmas(texto)[0]  # an asesor never signs


@pytest.mark.parametrize("n", [0, 1, 2, 12, 13, 14, 21, 22, 40, 100, 1000])
def test_paginar_llena_paginas_y_deja_filas_con_las_firmas(n):
    bloques = formatos.paginar(range(n))
    assert [f for b in bloques for f in b] == list(range(n))
    primera, resto = formatos.FILAS_PRIMERA, formatos.FILAS_PAGINA
    assert all(len(b) <= (primera if i == 0 else resto) for i, b in enumerate(bloques))
    cabida_final = (primera if len(bloques) == 1 else resto) - formatos.FILAS_FIRMAS
    assert len(bloques[-1]) <= cabida_final
    assert len(bloques[-1]) >= min(n, 2)  # never the signatures alone, nor with a single row


def test_con_cola_guarda_las_ultimas_filas_con_las_firmas():
    assert formatos.con_cola(range(10)) == (list(range(7)), [7, 8, 9])
    assert formatos.con_cola(range(2)) == ([], [0, 1])


def test_gc_for_21_de_1000_filas_del_worker_en_tablas_por_pagina_con_todas_las_filas(client, lider, ana):
    importacion = ImportacionFactory(organizacion=ana.organizacion)
    ahora = timezone.now()
    Prospecto.objects.bulk_create(
        Prospecto(
            organizacion=ana.organizacion,
            id_spiga=f"TE-{i:07d}",
            importacion=importacion,
            importado_en=ahora,
            fecha=date(2026, 3, 1) + timedelta(days=i % 31),
            marca_id=ana.marca_id,
            asesor_id=ana.usuario_id,
            cliente=f"Cliente {i}",
            telefono="3001234567",
            **Prospecto.derivados(date(2026, 3, 1) + timedelta(days=i % 31), None),
        )
        for i in range(1000)
    )
    client.force_login(lider)
    with time_machine.travel(AHORA, tick=False):
        assert client.get(URLS["GC-FOR-21"]).status_code == 302  # too long for a request: the worker renders it
        preparados.generar(PdfPreparado.objects.get().pk)
    paginas = texto_paginas(PdfPreparado.objects.get().archivo.read())
    ids = [set(re.findall(r"TE-\d{7}", p)) for p in paginas]
    assert set().union(*ids) == {f"TE-{i:07d}" for i in range(1000)}
    bloques = formatos.paginar(range(1000))
    assert [len(i) for i in ids] == [len(b) for b in bloques]  # one table per page, as paged
    assert all(p.count("ID tráfico") == 1 for p in paginas)  # each page its column headers
    assert "ELABORÓ" in paginas[-1].upper() and len(ids[-1]) >= 2
