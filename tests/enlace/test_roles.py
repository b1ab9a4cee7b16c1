import pytest
from django.contrib.auth.models import Group

from enlace import roles


@pytest.mark.django_db
def test_la_migracion_crea_un_grupo_por_rol():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.POR_CODIGO)


@pytest.mark.django_db
def test_los_grupos_de_supervision_tienen_permiso_de_bitacora():
    cop = Group.objects.get(name="cop")
    asesor = Group.objects.get(name="asesor")
    assert cop.permissions.filter(codename="ver_bitacora").exists()
    assert not asesor.permissions.filter(codename="ver_bitacora").exists()
