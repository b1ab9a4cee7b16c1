from django.db import migrations

from enlace.busqueda import IndiceBusqueda


class Migration(migrations.Migration):
    """The shared inventory's search reads its indexes: the marca by its beginning, the modelo by trigrams."""

    dependencies = [("operaciones", "0015_fusion_op5_op6")]

    operations = [
        IndiceBusqueda("operaciones_unidad", "marca", prefijo=True),
        IndiceBusqueda("operaciones_unidad", "modelo"),
    ]
