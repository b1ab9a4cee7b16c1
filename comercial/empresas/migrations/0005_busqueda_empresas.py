from django.db import migrations

from enlace.busqueda import IndiceBusqueda


class Migration(migrations.Migration):
    """The companies' search reads its indexes: razón social and localidad by trigrams, the NIT by its beginning."""

    dependencies = [("comercial_empresas", "0004_nombres_en_espanol_para_el_admin")]

    operations = [
        IndiceBusqueda("comercial_empresas_empresa", "razon_social"),
        IndiceBusqueda("comercial_empresas_empresa", "localidad"),
        IndiceBusqueda("comercial_empresas_empresa", "nit", prefijo=True),
    ]
