import pytest

from comercial import factibilidad
from comercial.models import ZonaCobertura


@pytest.fixture
def zonas(organizacion):
    ZonaCobertura.objects.create(
        organizacion=organizacion,
        nombre="Centro fibra",
        localidades="Zona Central\nCala Cala",
        tecnologia=ZonaCobertura.Tecnologia.FTTH,
        velocidad_max_mbps=500,
        caracteristicas=["ip_fija"],
    )
    ZonaCobertura.objects.create(
        organizacion=organizacion,
        nombre="Centro cobre",
        localidades="Zona Central",
        tecnologia=ZonaCobertura.Tecnologia.COBRE,
        velocidad_max_mbps=20,
    )


def consultar(organizacion, localidad, **kwargs):
    return factibilidad.consultar_factibilidad(organizacion=organizacion, localidad=localidad, **kwargs)


@pytest.mark.django_db
def test_best_zone_answers_ignoring_accents_and_case(organizacion, zonas):
    resultado = consultar(organizacion, "  zona   céntral ", velocidad_mbps=300, caracteristicas=["ip_fija"])
    assert resultado.factible
    assert resultado.zona == "Centro fibra"
    assert resultado.velocidad_max_mbps == 500
    assert resultado.como_evidencia()["tecnologia"] == "Fibra óptica (FTTH)"


@pytest.mark.django_db
def test_no_zone_means_no_coverage(organizacion, zonas):
    resultado = consultar(organizacion, "Quillacollo")
    assert not resultado.factible
    assert resultado.motivo == factibilidad.SIN_COBERTURA


@pytest.mark.django_db
def test_speed_above_the_zone_maximum_is_not_feasible(organizacion, zonas):
    resultado = consultar(organizacion, "Cala Cala", velocidad_mbps=600)
    assert not resultado.factible
    assert resultado.motivo == "La zona Centro fibra llega a 500 Mbps; se solicitaron 600 Mbps."


@pytest.mark.django_db
def test_missing_special_feature_is_not_feasible(organizacion, zonas):
    resultado = consultar(organizacion, "Cala Cala", caracteristicas=["simetrico"])
    assert not resultado.factible
    assert "velocidad simétrica" in resultado.motivo and "simetrico" not in resultado.motivo


@pytest.mark.django_db
def test_inactive_and_other_organisation_zones_are_ignored(organizacion, otra_organizacion, zonas):
    ZonaCobertura.objects.filter(nombre="Centro fibra").update(activa=False)
    ZonaCobertura.objects.create(
        organizacion=otra_organizacion,
        nombre="Ajena",
        localidades="Cala Cala",
        tecnologia="ftth",
        velocidad_max_mbps=1000,
    )
    assert not consultar(organizacion, "Cala Cala").factible
