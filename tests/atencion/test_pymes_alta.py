"""ENROK registers a client PYME and invites its people, who set their password and reach their portal."""

import re
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from atencion import services
from atencion.models import PerfilPyme
from enlace.acciones import AccionRechazada
from enlace.models import CorreoSaliente, Evento, Organizacion, Usuario
from tests.atencion.factories import EnrokFactory

pytestmark = pytest.mark.django_db

DATOS = {
    "nombre": "Clínica Dental Sonrisa",
    "giro": "estetica",
    "pais": "CO",
    "zona_horaria": "America/Bogota",
    "contrato_inicio": "2026-12-01",
    "canal_llamada": "on",
    "canal_whatsapp": "on",
    "servicios": "Atención multicanal y reporte mensual",
}


def test_el_director_registra_una_pyme_en_diagnostico(client, director, enrok):
    client.force_login(director)
    respuesta = client.post(reverse("atencion:pyme_nueva"), DATOS)
    pyme = Organizacion.objects.get(nombre="Clínica Dental Sonrisa")
    assert respuesta.status_code == 302 and respuesta["Location"] == reverse("atencion:pyme", args=[pyme.slug])
    assert (pyme.padre, pyme.tipo, pyme.pais, pyme.moneda, pyme.zona_horaria) == (
        enrok,
        Organizacion.Tipo.PYME,
        "CO",
        "COP",
        "America/Bogota",
    )
    perfil = pyme.perfil_atencion
    assert perfil.estado == PerfilPyme.Estado.DIAGNOSTICO and perfil.contrato_inicio == date(2026, 12, 1)
    assert (perfil.canal_llamada, perfil.canal_whatsapp, perfil.canal_correo) == (True, True, False)
    assert Evento.objects.filter(tipo="atencion.pyme.alta", organizacion=pyme).count() == 1


@pytest.mark.parametrize(
    ("cambio", "mensaje"),
    [
        ({"zona_horaria": "America/Mexico_City"}, "Elija una zona horaria del país de la PYME."),
        ({"canal_llamada": "", "canal_whatsapp": ""}, "Elija al menos un canal contratado."),
        ({"contrato_inicio": "31/02/2026"}, "Introduzca una fecha válida."),
    ],
)
def test_datos_malos_se_explican_y_no_crean_nada(client, director, cambio, mensaje):
    client.force_login(director)
    datos = {k: v for k, v in (DATOS | cambio).items() if v}
    pagina = client.post(reverse("atencion:pyme_nueva"), datos).content.decode()
    assert mensaje in pagina
    assert not Organizacion.objects.filter(nombre="Clínica Dental Sonrisa").exists()


def test_nombre_repetido_en_el_mismo_enrok(client, director, pyme):
    client.force_login(director)
    pagina = client.post(reverse("atencion:pyme_nueva"), DATOS | {"nombre": pyme.nombre.upper()}).content.decode()
    assert "Ya hay una PYME" in pagina
    assert Organizacion.objects.filter(nombre__iexact=pyme.nombre).count() == 1


def test_solo_director_y_gerente_registran(client, agente, crear_usuario, enrok):
    client.force_login(agente)
    assert client.get(reverse("atencion:pyme_nueva")).status_code == 403
    with pytest.raises(AccionRechazada):
        services.pyme_registrar(
            actor=agente,
            nombre="X",
            giro="estetica",
            pais="MX",
            zona_horaria="America/Mexico_City",
            contrato_inicio=date(2026, 12, 1),
            canal_llamada=True,
        )
    gerente = crear_usuario("gerente_operaciones", organizacion=enrok)
    client.force_login(gerente)
    assert client.get(reverse("atencion:pyme_nueva")).status_code == 200


def test_la_persona_invitada_elige_su_contrasena_y_ve_su_portal(client, director, pyme):
    client.force_login(director)
    respuesta = client.post(
        reverse("atencion:pyme", args=[pyme.slug]),
        {"seccion": "invitar", "nombre": "Luz Ortega", "correo": "Luz@Sonrisa.test"},
    )
    assert respuesta.status_code == 302
    usuario = Usuario.objects.get(email="luz@sonrisa.test")
    assert usuario.organizacion == pyme and not usuario.has_usable_password()
    assert list(usuario.groups.values_list("name", flat=True)) == ["pyme"]
    assert "invitación pendiente" in client.get(reverse("atencion:pyme", args=[pyme.slug])).content.decode()

    correo = CorreoSaliente.objects.get(para="luz@sonrisa.test")
    (enlace,) = re.findall(r"https?://\S+/cuentas/reset/\S+/", correo.cuerpo_texto)
    client.logout()
    formulario = client.get(urlsplit(enlace).path, follow=True)
    assert formulario.status_code == 200
    client.post(
        formulario.redirect_chain[-1][0],
        {"new_password1": "Sonrisa-Dental-2026", "new_password2": "Sonrisa-Dental-2026"},
    )
    usuario.refresh_from_db()
    assert usuario.check_password("Sonrisa-Dental-2026")
    entrada = client.post(
        reverse("login"), {"username": "luz@sonrisa.test", "password": "Sonrisa-Dental-2026"}, follow=True
    )
    assert entrada.wsgi_request.user == usuario
    assert pyme.nombre in client.get(reverse("atencion:inicio")).content.decode()


def test_invitacion_con_correo_en_uso_no_crea_nada(client, director, pyme, agente):
    client.force_login(director)
    pagina = client.post(
        reverse("atencion:pyme", args=[pyme.slug]), {"seccion": "invitar", "nombre": "Otra", "correo": agente.email}
    ).content.decode()
    assert f"Ya existe una cuenta con el correo {agente.email}" in pagina
    assert Usuario.objects.filter(email=agente.email).count() == 1 and not CorreoSaliente.objects.exists()


def test_el_director_de_otro_enrok_no_invita(client, crear_usuario, pyme):
    ajeno = crear_usuario("director", organizacion=EnrokFactory(nombre="Otro centro", slug="otro-centro"))
    client.force_login(ajeno)
    respuesta = client.post(
        reverse("atencion:pyme", args=[pyme.slug]), {"seccion": "invitar", "nombre": "X", "correo": "x@x.test"}
    )
    assert respuesta.status_code == 404 and not Usuario.objects.filter(email="x@x.test").exists()
