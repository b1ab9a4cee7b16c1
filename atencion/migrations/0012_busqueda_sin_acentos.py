from django.db import migrations

from enlace.busqueda import IndiceBusqueda


class Migration(migrations.Migration):
    # The UPPER(col) trigram indexes of 0008 stay: the admin's search (icontains) reads them.
    dependencies = [("atencion", "0011_fusion_at1"), ("enlace", "0008_funcion_busqueda")]

    operations = [
        IndiceBusqueda("atencion_ticket", "asunto", sin_acentos=True),
        IndiceBusqueda("atencion_cliente", "nombre", sin_acentos=True),
    ]
