"""Companies (NIT rules), cartera assignment policy and monthly plans."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from comercial.empresas import services
from comercial.empresas.models import (
    NIT_LONGITUD,
    NIT_PERSONA_NATURAL,
    NIT_SOLO_DIGITOS,
    Empresa,
    Giro,
    PlanMensual,
    validar_nit,
)
from comercial.empresas.services import ErrorEmpresas
from enlace.models import Evento
from tests.comercial.empresas.factories import EmpresaFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("nit", ["102345601", "1023456019", "102345601234"])
def test_nit_valido(nit):
    validar_nit(nit)


@pytest.mark.parametrize(
    ("nit", "mensaje"),
    [
        ("4567890", NIT_PERSONA_NATURAL),
        ("4567890 CB", NIT_PERSONA_NATURAL),
        ("4567890-1A", NIT_PERSONA_NATURAL),
        ("45678", NIT_PERSONA_NATURAL),
        ("1234", NIT_LONGITUD),
        ("1023456019123", NIT_LONGITUD),
        ("102.345.601", NIT_SOLO_DIGITOS),
        ("ABC1234567", NIT_SOLO_DIGITOS),
    ],
)
def test_nit_invalido_o_de_persona_natural(nit, mensaje):
    with pytest.raises(ValidationError) as error:
        validar_nit(nit)
    assert error.value.messages == [mensaje]


def _datos(**cambios):
    return {
        "razon_social": "Textiles Sur S.A.",
        "nit": "1098765432",
        "giro": Giro.INDUSTRIA,
        "localidad": "Lacma",
        **cambios,
    }


def test_ejecutiva_registra_un_prospecto_en_su_cartera(equipo):
    empresa = services.empresa_registrar(
        actor=equipo.ejecutivo, organizacion=equipo.org, datos=_datos(), contacto={"nombre": "Ana", "cargo": "Gerente"}
    )
    assert empresa.ejecutivo == equipo.ejecutivo and empresa.situacion == Empresa.Situacion.PROSPECTO
    assert empresa.contactos.get().principal
    assert Evento.objects.filter(tipo="empresas.empresa.registrar", objeto_id=str(empresa.pk)).exists()


def test_carnet_se_rechaza_y_no_se_guarda(equipo):
    with pytest.raises(ErrorEmpresas, match=re.escape(NIT_PERSONA_NATURAL)):
        services.empresa_registrar(actor=equipo.ejecutivo, organizacion=equipo.org, datos=_datos(nit="3456789 LP"))
    assert not Empresa.objects.exists()


def test_nit_duplicado_se_rechaza(equipo):
    services.empresa_registrar(actor=equipo.responsable, organizacion=equipo.org, datos=_datos())
    with pytest.raises(ErrorEmpresas, match="Ya existe una empresa con el NIT 1098765432"):
        services.empresa_registrar(actor=equipo.responsable, organizacion=equipo.org, datos=_datos(razon_social="Otra"))
    assert Empresa.objects.count() == 1


def test_asignacion_manual_solo_a_ejecutivos(equipo):
    empresa = EmpresaFactory(organizacion=equipo.org)
    with pytest.raises(ErrorEmpresas, match=re.escape(services.EJECUTIVO_INVALIDO)):
        services.empresa_asignar(actor=equipo.responsable, empresa=empresa, ejecutivo=equipo.gestor)
    services.empresa_asignar(actor=equipo.responsable, empresa=empresa, ejecutivo=equipo.ejecutivo2)
    empresa.refresh_from_db()
    assert empresa.ejecutivo == equipo.ejecutivo2


def test_asignacion_automatica_por_giro_con_balance_de_carga(equipo):
    # ejecutivo already serves 2 of salud; ejecutivo2 serves 1 of comercio
    EmpresaFactory.create_batch(2, organizacion=equipo.org, ejecutivo=equipo.ejecutivo, giro=Giro.SALUD)
    EmpresaFactory(organizacion=equipo.org, ejecutivo=equipo.ejecutivo2, giro=Giro.COMERCIO)
    salud = EmpresaFactory(organizacion=equipo.org, giro=Giro.SALUD)
    comercio = EmpresaFactory(organizacion=equipo.org, giro=Giro.COMERCIO)
    n = services.cartera_asignar_automatica(actor=equipo.responsable, organizacion=equipo.org, tolerancia=3)
    assert n == 2
    salud.refresh_from_db()
    comercio.refresh_from_db()
    assert salud.ejecutivo == equipo.ejecutivo  # giro affinity
    assert comercio.ejecutivo == equipo.ejecutivo2
    assert services.cartera_asignar_automatica(actor=equipo.responsable, organizacion=equipo.org, tolerancia=3) == 0


def test_asignacion_automatica_respeta_la_tolerancia(equipo):
    EmpresaFactory.create_batch(5, organizacion=equipo.org, ejecutivo=equipo.ejecutivo, giro=Giro.SALUD)
    nuevas = EmpresaFactory.create_batch(4, organizacion=equipo.org, giro=Giro.SALUD)
    services.cartera_asignar_automatica(actor=equipo.responsable, organizacion=equipo.org, tolerancia=1)
    cargas = {u.pk: Empresa.objects.filter(ejecutivo=u).count() for u in (equipo.ejecutivo, equipo.ejecutivo2)}
    assert cargas == {equipo.ejecutivo.pk: 5, equipo.ejecutivo2.pk: 4}
    assert all(Empresa.objects.get(pk=e.pk).ejecutivo_id for e in nuevas)


def test_plan_mensual_por_ejecutivo_y_modalidad(equipo):
    plan = services.plan_guardar(
        actor=equipo.responsable,
        organizacion=equipo.org,
        ejecutivo=equipo.ejecutivo,
        mes=date(2026, 3, 17),
        modalidad=PlanMensual.Modalidad.CAPTACION,
        metas={"meta_captaciones": 5, "meta_ventas_cartera": 0, "meta_facturacion": Decimal("9000")},
    )
    assert plan.mes == date(2026, 3, 1)
    services.plan_guardar(
        actor=equipo.responsable,
        organizacion=equipo.org,
        ejecutivo=equipo.ejecutivo,
        mes=date(2026, 3, 1),
        modalidad=PlanMensual.Modalidad.CAPTACION,
        metas={"meta_captaciones": 6, "meta_ventas_cartera": 0, "meta_facturacion": Decimal("9000")},
    )
    assert PlanMensual.objects.get().meta_captaciones == 6
    with pytest.raises(ErrorEmpresas):
        services.plan_guardar(
            actor=equipo.responsable,
            organizacion=equipo.org,
            ejecutivo=equipo.gestor,
            mes=date(2026, 3, 1),
            modalidad="cartera",
            metas={},
        )
