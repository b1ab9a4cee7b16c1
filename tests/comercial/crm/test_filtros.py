"""The list filters (django-filter): Spanish labels, the same query parameters as before, defaults,
and bad input shown with its error while the page keeps working (a marca or asesor the user may not see is
a 404 instead)."""

from datetime import date

import pytest
import time_machine
from django.http import QueryDict
from django.urls import reverse

from comercial.crm import filters, selectors
from comercial.crm.forms import PeriodoForm
from tests.ayudas import afirmar_404_para
from tests.comercial.crm.factories import ActividadFactory, MarcaFactory, PerfilAsesorFactory, ProspectoFactory

pytestmark = pytest.mark.django_db
HOY = date(2026, 3, 20)


@pytest.mark.parametrize("clase", [filters.ProspectosFiltro, filters.ActividadesFiltro, filters.SemaforoFiltro])
def test_cada_filtro_tiene_su_etiqueta_en_espanol(lider, clase):
    formulario = clase(QueryDict(), usuario=lider, hoy=HOY, queryset=selectors.prospectos_lista(lider)).form
    etiquetas = {nombre: campo.label for nombre, campo in formulario.fields.items()}
    comunes = {"mes": "Mes", "marca": "Marca", "asesor": "Asesor"}
    extra = {
        filters.ProspectosFiltro: {"q": "Buscar", "estado": "Estado"},
        filters.ActividadesFiltro: {"validacion": "Validación"},
        filters.SemaforoFiltro: {"color": "Semáforo"},
    }[clase]
    assert etiquetas == {**comunes, **extra}
    assert all(campo.label for campo in PeriodoForm({}, usuario=lider, hoy=HOY).fields.values())


@pytest.fixture
def marzo(ana, luis, pedro):
    return {
        "pendiente": ProspectoFactory(perfil=ana, fecha=date(2026, 3, 3)),
        "falso": ProspectoFactory(perfil=luis, fecha=date(2026, 3, 4), estado="falso"),
        "de_kia": ProspectoFactory(perfil=pedro, fecha=date(2026, 3, 5)),
        "febrero": ProspectoFactory(perfil=ana, fecha=date(2026, 2, 27)),
    }


def _lista(client, usuario, consulta, nombre="prospectos"):
    client.force_login(usuario)
    with time_machine.travel(HOY, tick=False):
        respuesta = client.get(reverse(f"comercial:crm:{nombre}") + consulta)
    assert respuesta.status_code == 200
    return respuesta.content.decode()


def test_la_lista_de_prospectos_se_filtra_con_los_mismos_parametros(client, lider, renault, luis, marzo):
    def ids(consulta):
        html = _lista(client, lider, consulta)
        return {k for k, p in marzo.items() if f">{p.id_spiga}</a>" in html}

    assert ids("") == {"pendiente", "de_kia"}  # the Líder's list opens on this month's pending
    assert ids("?estado=") == {"pendiente", "falso", "de_kia"}
    assert ids("?estado=falso") == {"falso"}
    assert ids(f"?estado=&marca={renault.pk}") == {"pendiente", "falso"}
    assert ids(f"?estado=&asesor={luis.usuario_id}") == {"falso"}
    assert ids("?mes=2026-02") == {"febrero"}


def test_el_asesor_ve_todos_sus_estados_por_omision(client, ana, marzo):
    html = _lista(client, ana.usuario, "")
    assert marzo["pendiente"].id_spiga in html and marzo["falso"].id_spiga not in html
    assert '<option value="" selected>Todos</option>' in html


def test_un_mes_mal_escrito_muestra_el_error_y_el_mes_actual(client, lider, marzo):
    html = _lista(client, lider, "?mes=marzo&estado=")
    assert "Escriba el mes como AAAA-MM (por ejemplo 2026-03)." in html
    assert 'value="marzo"' in html
    assert marzo["pendiente"].id_spiga in html and marzo["febrero"].id_spiga not in html


def test_una_marca_que_no_ve_no_se_puede_elegir(client, gerente, carrazos, marzo):
    ajena = MarcaFactory(organizacion=carrazos)
    html = _lista(client, gerente, "?estado=")
    assert f'<option value="{ajena.pk}"' not in html  # not offered
    assert marzo["de_kia"].id_spiga not in html  # only the gerente's marca
    # Typed into the address: a 404, as any object out of scope (test_alcance_descargas.py).
    afirmar_404_para(client, gerente, reverse("comercial:crm:prospectos") + f"?mes=2026-03&marca={ajena.pk}")


def test_actividades_y_semaforo_filtran_como_antes(client, lider, ana, marzo):
    revisada = ActividadFactory(prospecto=marzo["pendiente"], validacion="valida")
    pendiente = ActividadFactory(prospecto=marzo["pendiente"])
    html = _lista(client, lider, "", "actividades")
    assert pendiente.id_spiga in html and revisada.id_spiga not in html
    html = _lista(client, lider, "?validacion=valida", "actividades")
    assert revisada.id_spiga in html and pendiente.id_spiga not in html

    html = _lista(client, lider, "?color=rojo", "semaforo")  # 3 → 5 March: 15+ days without follow-up
    assert all(marzo[k].id_spiga in html for k in ("pendiente", "falso", "de_kia"))
    html = _lista(client, lider, "?color=verde", "semaforo")
    assert not any(marzo[k].id_spiga in html for k in ("pendiente", "falso", "de_kia"))
    assert "Verde 0" in html and "Rojo 3" in html  # the counts of every colour stay


def test_las_descargas_llevan_los_mismos_filtros(client, lider, renault, ana, marzo):
    html = _lista(client, lider, f"?mes=2026-03&marca={renault.pk}&asesor={ana.usuario_id}&estado=falso")
    consulta = f"?mes=2026-03&amp;marca={renault.pk}&amp;asesor={ana.usuario_id}"
    assert f'href="/comercial/crm/formatos/gc-for-06.pdf{consulta}"' in html
    assert f'href="/comercial/crm/formatos/gc-for-06.xlsx{consulta}"' in html


def test_el_informe_del_comite_lee_semana_y_marca_con_un_formulario(client, lider, renault, kia, ana):
    PerfilAsesorFactory(marca=kia)
    client.force_login(lider)
    html = client.get(reverse("comercial:crm:comite") + f"?semana=2026-03-04&marca={renault.pk}").content.decode()
    assert "Semana del 02/03/2026 al 08/03/2026" in html
    assert f"?semana=2026-02-23&amp;marca={renault.pk}" in html
    assert html.count("<td>Renault</td>") == 1 and "<td>Kia</td>" not in html
    html = client.get(reverse("comercial:crm:comite") + "?semana=ayer").content.decode()
    assert "Semana del" in html  # malformed: the current week, all marcas
    assert client.get(reverse("comercial:crm:comite") + "?marca=x").status_code == 404  # names no marca of theirs
