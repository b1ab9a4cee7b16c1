import pytest
from django.core.management import CommandError, call_command

from enlace import roles
from enlace.management.commands.demo import CONTRASENA_DEMO, cargar_base, correo_demo
from enlace.models import Organizacion, Usuario

pytestmark = pytest.mark.django_db


def test_demo_crea_un_usuario_por_rol_y_es_idempotente(capsys):
    call_command("demo")
    usuarios, organizaciones = Usuario.objects.count(), Organizacion.objects.count()
    call_command("demo")
    assert (Usuario.objects.count(), Organizacion.objects.count()) == (usuarios, organizaciones)
    assert usuarios > len(roles.ROLES)  # one login per role and the admin; the apps add their own people
    assert Usuario.objects.filter(is_superuser=True).count() == 1
    for rol in roles.ROLES:
        usuario = Usuario.objects.get(email=correo_demo(rol.codigo))
        assert usuario.check_password(CONTRASENA_DEMO)
        assert list(usuario.groups.values_list("name", flat=True)) == [rol.codigo]
        assert usuario.organizacion.slug == rol.organizacion
    salida = capsys.readouterr().out
    assert CONTRASENA_DEMO in salida
    assert correo_demo("cop") in salida


def test_demo_respeta_las_contrasenas_cambiadas():
    cargar_base()
    cop = Usuario.objects.get(email=correo_demo("cop"))
    cop.set_password("cambiada-por-el-usuario")
    cop.save(update_fields=["password"])
    cargar_base()
    cop.refresh_from_db()
    assert cop.check_password("cambiada-por-el-usuario")


def test_demo_se_niega_en_produccion(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="DJANGO_ENV=production"):
        call_command("demo")
    assert not Usuario.objects.exists()


def test_solo_accesos_imprime_la_direccion_y_no_carga_nada(capsys, settings):
    settings.ENLACE_URL_BASE = "http://127.0.0.1:8123"
    call_command("demo", "--solo-accesos")
    salida = capsys.readouterr().out
    assert correo_demo("cop") in salida
    assert salida.rstrip().endswith("Enlace: http://127.0.0.1:8123/")
    assert not Usuario.objects.exists()
