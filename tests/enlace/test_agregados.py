from datetime import timedelta

import pytest
from django.db.models import F, Q
from django.utils import timezone

from enlace import bitacora
from enlace.agregados import Percentil, Segundos
from enlace.models import Evento


@pytest.fixture
def eventos(db):
    """Five events whose ids give the values 1..5 (and one more, excluded by the filter)."""
    return bitacora.registrar_varios([bitacora.NuevoEvento(tipo=f"prueba.{i}") for i in range(6)])


def test_percentil_interpola_como_percentile_cont(eventos):
    primero = eventos[0].pk
    consulta = Evento.objects.filter(pk__lt=primero + 5).annotate(valor=F("pk") - primero + 1)
    resultado = consulta.aggregate(
        mediana=Percentil("valor", 0.5), p90=Percentil("valor", 0.9), minimo=Percentil("valor", 0)
    )
    assert resultado == {"mediana": 3.0, "p90": pytest.approx(4.6), "minimo": 1.0}


def test_percentil_de_nada_es_nulo(db):
    assert Evento.objects.aggregate(m=Percentil("pk", 0.5)) == {"m": None}


def test_percentil_por_grupo(eventos):
    primero = eventos[0].pk
    resultado = dict(
        Evento.objects.annotate(par=(F("pk") - primero) % 2)
        .values("par")
        .annotate(m=Percentil(F("pk") - primero, 0.5))
        .values_list("par", "m")
    )
    assert resultado == {0: 2.0, 1: 3.0}


def test_percentil_rechaza_fracciones_fuera_de_rango():
    with pytest.raises(ValueError):
        Percentil("pk", 1.5)


def test_segundos_entre_dos_fechas(eventos):
    inicio = timezone.now() - timedelta(hours=2, seconds=30)
    valor = (
        Evento.objects.filter(pk=eventos[0].pk)
        .annotate(s=Segundos(F("creado"), inicio))
        .filter(~Q(s=None))
        .values_list("s", flat=True)
        .get()
    )
    assert valor == pytest.approx((eventos[0].creado - inicio).total_seconds(), abs=0.01)
