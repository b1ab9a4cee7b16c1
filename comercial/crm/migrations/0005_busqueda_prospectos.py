from django.db import migrations

from enlace.busqueda import IndiceBusqueda


class Migration(migrations.Migration):
    """The prospects' search reads its indexes: the client's name by trigrams, document and SPIGA ID by their
    beginning."""

    dependencies = [("comercial_crm", "0004_nombres_en_espanol_para_el_admin")]

    operations = [
        IndiceBusqueda("comercial_crm_prospecto", "cliente"),
        IndiceBusqueda("comercial_crm_prospecto", "documento", prefijo=True),
        IndiceBusqueda("comercial_crm_prospecto", "id_spiga", prefijo=True),
    ]
