import pytest
from django.urls import reverse

from enlace import roles
from tests.enlace.factories import CONTRASENA, UsuarioFactory

pytestmark = pytest.mark.django_db


def _login(client, email, password=CONTRASENA):
    return client.post(reverse("login"), {"username": email, "password": password})


@pytest.mark.parametrize("rol", roles.ROLES, ids=lambda rol: rol.codigo)
def test_cada_rol_aterriza_en_su_inicio(client, rol):
    usuario = UsuarioFactory(rol=rol.codigo)
    respuesta = _login(client, usuario.email)
    assert respuesta.status_code == 302
    respuesta = client.get(respuesta.url, follow=True)
    # the module home may route each role on to its own main page inside the module
    assert reverse(rol.inicio) in [url for url, _ in respuesta.redirect_chain]
    assert respuesta.redirect_chain[-1][0].startswith(reverse(rol.inicio))
    assert respuesta.status_code == 200
    assert rol.nombre in respuesta.content.decode()


def test_el_login_es_por_correo_y_sin_distinguir_mayusculas(client):
    usuario = UsuarioFactory(rol="cop", email="cop@ejemplo.test")
    assert _login(client, "COP@Ejemplo.test").status_code == 302
    assert client.session["_auth_user_id"] == str(usuario.pk)


def test_cada_peticion_lee_al_usuario_con_su_organizacion(client):
    """The header of a module's pages names the user's organisation: it comes with the user, not in a query of its
    own; a deactivated user is signed out."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    usuario = UsuarioFactory(rol="agente")
    assert _login(client, usuario.email).status_code == 302
    with CaptureQueriesContext(connection) as consultas:
        respuesta = client.get(reverse("atencion:tickets"))
    assert f"{usuario.organizacion.nombre} · Agente de atención" in respuesta.content.decode()
    assert 'LEFT OUTER JOIN "enlace_organizacion"' in consultas.captured_queries[1]["sql"]
    assert not [c for c in consultas.captured_queries if c["sql"].startswith('SELECT "enlace_organizacion"')]
    usuario.is_active = False
    usuario.save(update_fields=["is_active"])
    assert client.get(reverse("atencion:tickets")).status_code == 302


def test_credenciales_incorrectas_muestran_mensaje_en_espanol(client):
    UsuarioFactory(rol="cop", email="cop@ejemplo.test")
    respuesta = _login(client, "cop@ejemplo.test", "mala")
    assert respuesta.status_code == 200
    assert "Correo o contraseña incorrectos" in respuesta.content.decode()
    assert "_auth_user_id" not in client.session


def test_cinco_fallos_bloquean_la_cuenta_aun_con_la_contrasena_correcta(client):
    UsuarioFactory(rol="cop", email="cop@ejemplo.test")
    for _ in range(5):
        _login(client, "cop@ejemplo.test", "mala")
    respuesta = _login(client, "cop@ejemplo.test")
    assert respuesta.status_code == 429
    assert "bloqueada" in respuesta.content.decode()
    assert "_auth_user_id" not in client.session


def test_el_bloqueo_no_afecta_a_otra_cuenta(client):
    UsuarioFactory(rol="cop", email="cop@ejemplo.test")
    otro = UsuarioFactory(rol="asesor", email="asesor@ejemplo.test")
    for _ in range(5):
        _login(client, "cop@ejemplo.test", "mala")
    assert _login(client, otro.email).status_code == 302


def test_cuatro_fallos_aun_permiten_entrar(client):
    UsuarioFactory(rol="cop", email="cop@ejemplo.test")
    for _ in range(4):
        _login(client, "cop@ejemplo.test", "mala")
    assert _login(client, "cop@ejemplo.test").status_code == 302


def test_cerrar_sesion_solo_por_post(client):
    usuario = UsuarioFactory(rol="cop")
    client.force_login(usuario)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_paginas_requieren_sesion(client):
    for nombre in ["inicio", "perfil", "bitacora", "operaciones:inicio", "comercial:crm:inicio", "atencion:inicio"]:
        respuesta = client.get(reverse(nombre))
        assert respuesta.status_code == 302, nombre
        assert respuesta.url.startswith(reverse("login")), nombre


@pytest.mark.parametrize(
    ("rol", "ajena"),
    [
        ("asesor", "comercial:empresas:inicio"),
        ("agente_digital", "comercial:crm:inicio"),
        ("lider_crm", "operaciones:inicio"),
        ("pyme", "comercial:digitales:inicio"),
        ("cop", "atencion:inicio"),
    ],
)
def test_un_rol_no_entra_al_modulo_de_otro(client, rol, ajena):
    client.force_login(UsuarioFactory(rol=rol))
    respuesta = client.get(reverse(ajena))
    assert respuesta.status_code == 403
    assert "Su rol no tiene acceso" in respuesta.content.decode()


def test_usuario_sin_rol_ve_aviso(client):
    client.force_login(UsuarioFactory())
    respuesta = client.get(reverse("inicio"))
    assert respuesta.status_code == 403
    assert "no tiene un rol asignado" in respuesta.content.decode()


def test_con_dos_grupos_el_rol_es_el_primero_del_registro(client):
    """A user in two role groups has the first registered one (``roles.ROLES``); a group that is no role is none."""
    from django.contrib.auth.models import Group

    usuario = UsuarioFactory(rol="agente")
    usuario.groups.add(Group.objects.get(name="cop"), Group.objects.create(name="no es un rol"))
    client.force_login(usuario)
    assert client.get(reverse("inicio")).url == reverse("operaciones:inicio")  # cop is registered before agente
    usuario.groups.set([Group.objects.get(name="no es un rol")])
    assert client.get(reverse("inicio")).status_code == 403


def test_administrador_sin_rol_va_al_admin(client, admin_usuario):
    client.force_login(admin_usuario)
    respuesta = client.get(reverse("inicio"))
    assert respuesta.url == reverse("admin:index")
    assert client.get(respuesta.url).status_code == 200


def test_cambiar_contrasena(client):
    usuario = UsuarioFactory(rol="cop")
    client.force_login(usuario)
    nueva = "otra-clave-segura-456"
    respuesta = client.post(
        reverse("password_change"),
        {"old_password": CONTRASENA, "new_password1": nueva, "new_password2": nueva},
    )
    assert respuesta.url == reverse("password_change_done")
    usuario.refresh_from_db()
    assert usuario.check_password(nueva)


def test_perfil_cambia_la_zona_horaria_que_se_muestra(client):
    usuario = UsuarioFactory(rol="cop", zona_horaria="America/Mexico_City")
    client.force_login(usuario)
    respuesta = client.post(
        reverse("perfil"),
        {"first_name": "Ana", "last_name": "Ruiz", "telefono": "", "zona_horaria": "America/Bogota"},
    )
    assert respuesta.status_code == 302
    usuario.refresh_from_db()
    assert usuario.zona_horaria == "America/Bogota"
    assert "America/Bogota" in client.get(reverse("perfil")).content.decode()


def test_perfil_rechaza_zona_horaria_desconocida(client):
    usuario = UsuarioFactory(rol="cop", zona_horaria="America/Mexico_City")
    client.force_login(usuario)
    respuesta = client.post(
        reverse("perfil"), {"first_name": "Ana", "last_name": "", "telefono": "", "zona_horaria": "Marte/Olimpo"}
    )
    assert respuesta.status_code == 200
    assert "Escoja una opción válida" in respuesta.content.decode()
    usuario.refresh_from_db()
    assert usuario.zona_horaria == "America/Mexico_City"


def test_404_en_espanol(client):
    client.force_login(UsuarioFactory(rol="cop"))
    respuesta = client.get("/no-existe/")
    assert respuesta.status_code == 404
    assert "Página no encontrada" in respuesta.content.decode()


def test_formularios_exigen_csrf():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    UsuarioFactory(rol="cop", email="cop@ejemplo.test")
    respuesta = client.post(reverse("login"), {"username": "cop@ejemplo.test", "password": CONTRASENA})
    assert respuesta.status_code == 403
    assert "El formulario venció" in respuesta.content.decode()


def test_restablecer_contrasena_pasa_por_la_bandeja_de_salida(client, django_capture_on_commit_callbacks):
    import re

    from django.core import mail

    from enlace.models import CorreoSaliente

    usuario = UsuarioFactory(rol="cop", email="cop@ejemplo.test")
    with django_capture_on_commit_callbacks():
        respuesta = client.post(reverse("password_reset"), {"email": "cop@ejemplo.test"})
    assert respuesta.url == reverse("password_reset_done")
    assert mail.outbox == []  # nothing sent directly: only the outbox row
    correo = CorreoSaliente.objects.get()
    assert (correo.para, correo.asunto) == ("cop@ejemplo.test", "Restablecer su contraseña de Enlace")
    enlace = re.search(r"http://testserver(/cuentas/reset/\S+/)", correo.cuerpo_texto).group(1)
    formulario = client.get(enlace, follow=True)
    nueva = "contrasena-nueva-789"
    respuesta = client.post(formulario.redirect_chain[-1][0], {"new_password1": nueva, "new_password2": nueva})
    assert respuesta.url == reverse("password_reset_complete")
    usuario.refresh_from_db()
    assert usuario.check_password(nueva)


def test_restablecer_con_correo_desconocido_no_revela_nada(client):
    from enlace.models import CorreoSaliente

    respuesta = client.post(reverse("password_reset"), {"email": "nadie@ejemplo.test"})
    assert respuesta.url == reverse("password_reset_done")
    assert not CorreoSaliente.objects.exists()
