import pytest

from comercial.crm import filters, selectors
from tests.comercial.crm.factories import MarcaFactory, PerfilAsesorFactory


@pytest.fixture
def carrazos(organizacion):
    organizacion.pais, organizacion.zona_horaria, organizacion.moneda = "CO", "America/Bogota", "COP"
    organizacion.save(update_fields=["pais", "zona_horaria", "moneda"])
    return organizacion


@pytest.fixture
def lider(crear_usuario, carrazos):
    return crear_usuario("lider_crm", organizacion=carrazos)


@pytest.fixture
def gerente(crear_usuario, carrazos):
    return crear_usuario("gerente_comercial", organizacion=carrazos)


@pytest.fixture
def renault(carrazos, gerente):
    return MarcaFactory(organizacion=carrazos, nombre="Renault", gerente=gerente)


@pytest.fixture
def kia(carrazos):
    return MarcaFactory(organizacion=carrazos, nombre="Kia")


@pytest.fixture
def ana(renault):
    return PerfilAsesorFactory(marca=renault, nombre_spiga="Ana Pérez", codigo_spiga="RN-01")


@pytest.fixture
def luis(renault):
    return PerfilAsesorFactory(marca=renault, nombre_spiga="Luis Gómez", codigo_spiga="RN-02")


@pytest.fixture
def pedro(kia):
    return PerfilAsesorFactory(marca=kia, nombre_spiga="Pedro Ruiz", codigo_spiga="KI-01")


@pytest.fixture
def semaforo_de():
    """``semaforo_de(usuario, hoy, color="rojo")``: the semáforo page's data for these query parameters
    (March 2026 unless ``mes`` is given)."""

    def leer(usuario, hoy, **parametros):
        filtro = filters.SemaforoFiltro(
            {"mes": "2026-03", **parametros}, usuario=usuario, hoy=hoy, queryset=selectors.prospectos_semaforo(usuario)
        )
        return selectors.semaforo(filtro.sin("color"), filas=filtro.qs, hoy=hoy)

    return leer
